'use strict';
// Turns a finished run into the `result` object of the protocol (and of `simulate --json`,
// DESIGN.md). Secrets are masked here, once, when the record leaves the host.
const zlib = require('node:zlib');
const path = require('node:path');

const LIB_DIR = __dirname + path.sep;

function lineIn(stack, filename) {
  if (typeof stack !== 'string') return null;
  const at = stack.indexOf(`${filename}:`);
  if (at < 0) return null;
  const m = /^:(\d+)/.exec(stack.slice(at + filename.length));
  return m ? Number(m[1]) : null;
}

function messageOf(err) {
  if (err !== null && typeof err === 'object' && 'message' in err) return String(err.message);
  return String(err);
}

// Frames of the host itself say nothing to the rule's author, nor do Node's own
// ("node:internal/…", "AsyncLocalStorage.run (node:async_hooks:346:14)").
const NODE_FRAME = /node:internal|\(node:[a-z_]+:\d/;
function ruleStack(stack) {
  if (typeof stack !== 'string') return undefined;
  return stack.split('\n').filter((l) => !l.includes(LIB_DIR) && !NODE_FRAME.test(l))
    .join('\n');
}

function describeError(err, filename) {
  const isObject = err !== null && typeof err === 'object';
  const stack = isObject && typeof err.stack === 'string' ? err.stack : undefined;
  return {
    message: messageOf(err),
    name: isObject && err.name ? String(err.name) : 'Error',
    stack: ruleStack(stack),
    line: lineIn(stack, filename) ?? (isObject && Number.isInteger(err.line) ? err.line : null),
  };
}

function isUnauthorized(err) {
  return err !== null && typeof err === 'object' &&
    (err.name === 'UnauthorizedError' || err.code === 'unauthorized');
}

// UnauthorizedError reaches the app as error=unauthorized (rules-runtime.md §2.4, older docs
// and lock#637). Any other error: the current raise-errors page shows error=access_denied.
function chainError(err, kind) {
  if (kind === 'unauthorized') {
    const description = err.description !== undefined ? String(err.description) : messageOf(err);
    return { error: 'unauthorized', error_description: description, kind };
  }
  return { error: 'access_denied', error_description: messageOf(err), kind };
}

function bodyText(body, encoding) {
  if (body.bytes === 0) return '';
  let buf = Buffer.concat(body.chunks);
  const enc = String(encoding || '').toLowerCase();
  if (!body.truncated && ['gzip', 'deflate', 'br'].includes(enc)) {
    try {
      buf = enc === 'br' ? zlib.brotliDecompressSync(buf)
        : enc === 'gzip' ? zlib.gunzipSync(buf) : zlib.inflateSync(buf);
    } catch {
      return `<${body.bytes} bytes, ${enc}-encoded>`;
    }
  }
  return buf.toString('utf8') + (body.truncated ? '… (truncated)' : '');
}

function formatCall(call, masker) {
  const responseHeaders = call.response_headers || {};
  return {
    method: call.method,
    url: masker.text(call.url),
    status: call.status,
    duration_ms: call.duration_ms,
    start_ms: call.start_ms,
    request_headers: masker.headers(call.request_headers),
    response_headers: masker.headers(responseHeaders),
    request_body: masker.text(bodyText(call.requestBody)),
    response_body: masker.text(bodyText(call.responseBody, responseHeaders['content-encoding'])),
    error: masker.text(call.error),
  };
}

function formatRecord(frame, masker) {
  const r = frame.record;
  return {
    name: r.name,
    kind: r.kind,
    status: r.status,
    duration_ms: r.duration_ms,
    start_ms: r.start_ms,
    console: masker.values.length ? r.console.map((l) => masker.text(l)) : r.console,
    http: r.http.map((call) => formatCall(call, masker)),
    error: r.error,
  };
}

// user/context as they were when the outcome was decided: that is what Auth0 issues the tokens
// from. Work a rule left running may change them later (a finding says so), but too late.
function decidedState(run) {
  if (typeof run.snapshot === 'string' && run.snapshot.startsWith('[')) {
    const [user, context] = JSON.parse(run.snapshot);
    return { user, context };
  }
  return { user: run.user, context: run.context };
}

function result(run) {
  const masker = run.prepared.masker;
  const { user, context } = decidedState(run);
  return {
    outcome: run.outcome,
    error: run.error,
    user,
    context,
    rules: run.frames.map((f) => formatRecord(f, masker)),
    findings: run.findings,
    metadata_updates: run.metadataUpdates,
  };
}

module.exports = { chainError, describeError, isUnauthorized, lineIn, messageOf, result };
