'use strict';
// JSON lines over stdio: one request per stdin line, one response per stdout line.
// Anything that cannot be answered normally gets {"id", "type": "error", "message"}.

const TYPES = new Set(['run', 'bench', 'check', 'convert', 'reset', 'ping']);

class InputError extends Error {}

function errorResponse(id, message) {
  return { id: id ?? null, type: 'error', message };
}

// -> { request } or { response } (an error to send back as it is)
function parseLine(line) {
  let msg;
  try {
    msg = JSON.parse(line);
  } catch (err) {
    return { response: errorResponse(null, `malformed JSON: ${err.message}`) };
  }
  if (msg === null || typeof msg !== 'object' || Array.isArray(msg)) {
    return { response: errorResponse(null, 'a request must be a JSON object') };
  }
  const id = typeof msg.id === 'number' ? msg.id : null;
  if (id === null) return { response: errorResponse(null, 'request "id" must be a number') };
  if (!TYPES.has(msg.type)) {
    return { response: errorResponse(id, `unknown request type ${JSON.stringify(msg.type)}`) };
  }
  return { request: msg };
}

// Rules can leave cycles or BigInts in user/context; the answer must still be one JSON line.
function stringify(value) {
  try {
    return JSON.stringify(value);
  } catch {
    const seen = new WeakSet();
    return JSON.stringify(value, (_key, v) => {
      if (typeof v === 'bigint') return v.toString();
      if (v !== null && typeof v === 'object') {
        if (seen.has(v)) return '[Circular]';
        seen.add(v);
      }
      return v;
    });
  }
}

module.exports = { InputError, errorResponse, parseLine, stringify };
