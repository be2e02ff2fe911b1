'use strict';
// Traces outbound HTTP made by rules. axios, request, node-fetch and auth0 (superagent) all
// end in http.request/https.request looked up on the module at call time, so patching the two
// modules sees every call. The AsyncLocalStorage frame says which rule made it, also when the
// call is started after `callback` (lib/frame.js).
// Only instance methods are wrapped (emit, write, end, the response's push): adding listeners
// would change behaviour (an 'error' listener hides an unhandled error; a 'data' listener
// puts the response in flowing mode before the library reads it).
const http = require('node:http');
const https = require('node:https');
const { urlToHttpOptions } = require('node:url');
const { performance } = require('node:perf_hooks');
const als = require('./als');

const MAX_BODY_BYTES = 64 * 1024;
const MAX_CALLS_PER_RULE = 200;
const DEFAULT_PORT = { 'http:': 80, 'https:': 443 };

function normalize(args) {
  let i = 0;
  let opts = {};
  if (typeof args[0] === 'string' || args[0] instanceof URL) {
    opts = urlToHttpOptions(new URL(String(args[0])));
    i = 1;
  }
  if (args[i] && typeof args[i] === 'object') opts = { ...opts, ...args[i++] };
  return { opts, cb: typeof args[i] === 'function' ? args[i] : undefined };
}

function target(protocol, opts) {
  const proto = opts.protocol || protocol;
  const hostname = String(opts.hostname || opts.host || 'localhost').replace(/^\[|\]$/g, '');
  const port = Number(opts.port) || DEFAULT_PORT[proto];
  const host = hostname.includes(':') ? `[${hostname}]` : hostname;
  const portPart = port === DEFAULT_PORT[proto] ? '' : `:${port}`;
  return {
    url: `${proto}//${host}${portPart}${opts.path || '/'}`,
    hostPort: `${hostname.toLowerCase()}:${port}`,
  };
}

// The local tenant speaks plain HTTP on loopback while rules build https://${auth0.domain}
// URLs; the run names the hosts whose https requests go out as http.
function asPlainHttp(opts, port) {
  const out = { ...opts, protocol: 'http:', port };
  if (out.agent instanceof https.Agent) delete out.agent;
  delete out._defaultAgent;
  return out;
}

function capture(store, chunk, encoding) {
  if (typeof chunk !== 'string' && !ArrayBuffer.isView(chunk)) return;
  if (store.bytes >= MAX_BODY_BYTES) {
    store.truncated = true;
    return;
  }
  // A copy: the caller may reuse its buffer once write() returns.
  const buf = typeof chunk === 'string'
    ? Buffer.from(chunk, Buffer.isEncoding(encoding) ? encoding : 'utf8')
    : Buffer.from(chunk.buffer.slice(chunk.byteOffset, chunk.byteOffset + chunk.byteLength));
  store.chunks.push(buf);
  store.bytes += buf.length;
}

function trace(frame, req, method, url) {
  const run = frame.run;
  if (run.closed) {
    // Stray work of a run that has already answered: ended, like a recycled container.
    process.nextTick(() => req.destroy(new Error('rule run already finished; request not sent')));
    return;
  }
  if (frame.reacting()) frame.noteLate('HTTP requests');
  const started = performance.now();
  const call = {
    method, url, status: null, duration_ms: null, start_ms: started - run.t0,
    request_headers: null, response_headers: null, error: null,
    requestBody: { chunks: [], bytes: 0, truncated: false },
    responseBody: { chunks: [], bytes: 0, truncated: false },
  };
  if (frame.record.http.length < MAX_CALLS_PER_RULE) frame.record.http.push(call);
  frame.track(req, 'http');

  let finished = false;
  const finish = (err) => {
    if (finished) return;
    finished = true;
    call.duration_ms = performance.now() - started;
    call.request_headers = req.getHeaders();
    if (err) call.error = err.code ? `${err.code} ${err.message}` : err.message;
    frame.settle(req);
  };
  const { write, end, emit } = req;
  req.write = function (chunk, encoding) {
    capture(call.requestBody, chunk, encoding);
    return write.apply(this, arguments);
  };
  req.end = function (chunk, encoding) {
    capture(call.requestBody, chunk, encoding);
    return end.apply(this, arguments);
  };
  req.emit = function (event, arg) {
    if (event === 'response') {
      call.status = arg.statusCode;
      call.response_headers = arg.headers;
      const push = arg.push;
      arg.push = function (chunk, encoding) {
        if (chunk === null) finish(null);
        else capture(call.responseBody, chunk, encoding);
        return push.apply(this, arguments);
      };
    } else if (event === 'error') {
      finish(arg);
    } else if (event === 'close') {
      finish(call.status === null ? new Error('connection closed before a response') : null);
    }
    return emit.apply(this, arguments);
  };
}

function tracedRequest(original, protocol, plainHttp) {
  return function request(...args) {
    const frame = als.getStore();
    if (!frame) return original.apply(undefined, args);
    const { opts, cb } = normalize(args);
    const where = target(protocol, opts);
    const rewrite = protocol === 'https:' && frame.run.rewriteHosts.has(where.hostPort);
    const req = rewrite ? plainHttp(asPlainHttp(opts, Number(where.hostPort.split(':').pop())), cb)
      : original.apply(undefined, args);
    trace(frame, req, String(opts.method || 'GET').toUpperCase(), where.url);
    return req;
  };
}

let installed = false;
function install() {
  if (installed) return;
  installed = true;
  const plainHttp = http.request;
  http.request = tracedRequest(http.request, 'http:', plainHttp);
  https.request = tracedRequest(https.request, 'https:', plainHttp);
  // Node's own get() calls the module-internal request(), not the patched export.
  for (const mod of [http, https]) {
    mod.get = function get(...args) {
      const req = mod.request(...args);
      req.end();
      return req;
    };
  }
}

module.exports = { install };
