'use strict';
// Executes run/bench/reset requests one at a time (runs in one sandbox must not overlap: each
// run owns the sandbox's per-run globals and ends its stray work before the next starts).
// Loaded inside the worker thread (lib/worker.js), or in the main thread when the permission
// model forbids workers (host.js).
const { performance } = require('node:perf_hooks');
const als = require('./als');
const progress = require('./progress');
const httpTrace = require('./http-trace');
const { Sandbox } = require('./sandbox');
const { runChain, onError } = require('./chain');
const { prepare } = require('./prepare');
const { InputError, errorResponse, stringify } = require('./protocol');

const MAX_BENCH_LOGINS = 10000000;
const sandboxes = new Map();

httpTrace.install();

// Errors that escape a rule's async code are charged to the rule whose frame started that
// code (rules-runtime.md §7.5). Without a frame it is the host's own fault: log, keep going.
function onEscapedError(err) {
  const frame = als.getStore();
  if (frame) onError(frame, err);
  else process.stderr.write(`rulehost: uncaught host error: ${err && err.stack ? err.stack : err}\n`);
}
process.on('uncaughtException', onEscapedError);
process.on('unhandledRejection', onEscapedError);

function sandboxNamed(name) {
  const key = typeof name === 'string' && name ? name : 'default';
  let sandbox = sandboxes.get(key);
  if (!sandbox) {
    sandbox = new Sandbox(key);
    sandboxes.set(key, sandbox);
  }
  return sandbox;
}

async function run(msg, seq) {
  const prepared = prepare(msg);
  progress.begin(seq, Date.now() + prepared.timeoutMs);
  const result = await runChain(sandboxNamed(msg.sandbox), prepared);
  return { id: msg.id, type: 'result', ...result };
}

function percentile(sorted, p) {
  return sorted.length ? sorted[Math.min(sorted.length - 1, Math.floor(p * sorted.length))] : 0;
}

// N logins in the warm sandbox, each building (and serialising) the full result as `run`
// does, without an IPC round trip per login (js-engine.md §6: IPC costs ~130 µs a login).
async function bench(msg, seq) {
  const logins = msg.logins;
  if (!Number.isInteger(logins) || logins < 1 || logins > MAX_BENCH_LOGINS) {
    throw new InputError(`"logins" must be an integer between 1 and ${MAX_BENCH_LOGINS}`);
  }
  const prepared = prepare(msg);
  const sandbox = sandboxNamed(msg.sandbox);
  const latency = new Float64Array(logins);
  const outcomes = {};
  progress.begin(seq, Date.now() + prepared.timeoutMs);
  const start = performance.now();
  for (let i = 0; i < logins; i++) {
    const t = performance.now();
    progress.extend(Date.now() + prepared.timeoutMs);
    const result = await runChain(sandbox, prepared);
    stringify(result);
    latency[i] = performance.now() - t;
    outcomes[result.outcome] = (outcomes[result.outcome] || 0) + 1;
  }
  const elapsed = performance.now() - start;
  latency.sort();
  return {
    id: msg.id,
    type: 'bench_result',
    logins,
    elapsed_ms: elapsed,
    logins_per_s: Math.round(logins / (elapsed / 1000)),
    outcomes,
    latency_us: { p50: percentile(latency, 0.5) * 1000, p99: percentile(latency, 0.99) * 1000 },
  };
}

async function execute(msg, seq) {
  try {
    switch (msg.type) {
      case 'run': return await run(msg, seq);
      case 'bench': return await bench(msg, seq);
      case 'reset':
        sandboxes.delete(typeof msg.sandbox === 'string' && msg.sandbox ? msg.sandbox : 'default');
        return { id: msg.id, type: 'reset_result' };
      default: return errorResponse(msg.id, `unknown request type ${JSON.stringify(msg.type)}`);
    }
  } catch (err) {
    if (!(err instanceof InputError)) process.stderr.write(`rulehost: ${err.stack}\n`);
    return errorResponse(msg.id, err.message);
  } finally {
    progress.idle();
  }
}

let tail = Promise.resolve();
// seq: the host's own number for the request (ids come from the client and may repeat);
// the watchdog reads it from the progress slots. -> Promise of the response line
function enqueue(msg, seq) {
  const line = tail.then(() => execute(msg, seq)).then(stringify);
  tail = line;
  return line;
}

module.exports = { enqueue };
