#!/usr/bin/env node
'use strict';
/*
 * Rulebench rule host: runs Auth0 Rules and post-login Actions for the Rulebench app in one warm
 * Node process, and converts rules into Actions.
 *
 * Start:   node [flags] host.js          (from any folder; needs `npm ci --omit=dev` here)
 * Speaks:  JSON lines. stdin: one request per line; stdout: one response per line;
 *          stderr: free-form diagnostics only. First line out:
 *          {"type":"ready","node":"v20.x","pid":N,"modules":[…],"isolation":"worker"|"in-process"}
 * Requests: run, bench, check, convert, reset, ping — see DESIGN.md ("Rule runtime", `simulate`)
 *          and the lib/*.js headers. Closing stdin ends the host once every request is answered.
 *          A run's chain holds rules and post-login Actions (kind "action", lib/action.js);
 *          `convert` turns a rule into an Action (lib/convert/).
 *
 * Protocol, as the app uses it (fields not named here keep their defaults):
 *   {"type":"run", "id":N, "sandbox":"default", "chain":[{"name","kind":"rule"|"action","source",
 *     "file", "id"?, "dependencies"?:[{"name","version"}]|["name@version"],
 *     "secrets"?:{KEY:"value"}}], "user":{…}, "context":{…}, "configuration":{KEY:"value"},
 *     "secrets":{KEY:"value" (every Action) | ActionName:{KEY:"value"} (that Action)},
 *     "auth0":{"domain","baseUrl","accessToken"}, "timeout_ms":20000, "now":"ISO"|null,
 *     "legacy_globals":false, "rewrite_https_hosts":["host:port"]}
 *     -> {"type":"result","outcome","error","user","context","rules":[…],"findings":[…],
 *         "metadata_updates":[…]}
 *   An Action without "dependencies" takes them from a "Dependencies: a@1, b@2" line in its
 *   leading comment. Actions write claims, scopes, MFA and redirects into `context` as rules do.
 *   {"type":"check","id":N,"source","kind"?:"rule"|"action"} -> {"type":"check_result","ok","error",…}
 *   {"type":"convert","id":N,"source"} -> {"type":"convert_result","ok","action","dependencies",
 *     "secrets","unconverted":[{"line","construct","why"}],"error"}
 *
 * Flags the app is expected to pass (all optional; Node 18 and 20 both work without any):
 *   --max-old-space-size=<MB>   caps the heap; the executor thread inherits the same cap. A heap
 *                               bomb then ends that thread, the run answers kind "out_of_memory".
 *   Node >= 20 only, to make the process the boundary (vm is not one, js-engine.md §4):
 *   --experimental-permission --allow-fs-read=<this folder> --allow-worker
 *                               Without --allow-worker the permission model forbids the executor
 *                               thread: the host then runs rules on its main thread, says
 *                               "isolation":"in-process", and a rule stuck in a loop is only
 *                               ended by the app's watchdog killing the process.
 *
 * Why a worker thread: the main thread keeps the protocol and a watchdog, the rules run in a
 * worker. `vm`'s own `timeout` starts a thread per call (~108 µs measured here; js-engine.md
 * §3.4), would be paid on every rule, and does not cover timer or promise callbacks. The
 * watchdog costs nothing per rule: it reads shared progress slots (lib/progress.js) and
 * terminates the worker when a request is silent GRACE_MS past its chain's deadline, then
 * answers for it (lib/watchdog.js). The app's own watchdog should therefore allow the chain's
 * timeout_ms plus at least GRACE_MS + POLL_MS before it kills this process.
 */
const path = require('node:path');
const readline = require('node:readline');
const v8 = require('node:v8');
const { Worker } = require('node:worker_threads');
const protocol = require('./lib/protocol');
const progress = require('./lib/progress');
const { check } = require('./lib/compile');
const { convertRule } = require('./lib/convert');
const { ALLOWED } = require('./lib/modules');
const { lostResult } = require('./lib/watchdog');

const GRACE_MS = 1000;
const POLL_MS = 200;
const STALL_MS = 5000; // requests waiting while the executor reports itself idle

// Only protocol lines reach stdout; a module's stray console.log goes to stderr instead.
const stdoutWrite = process.stdout.write.bind(process.stdout);
process.stdout.write = process.stderr.write.bind(process.stderr);

let outstanding = 0; // requests handed to the executor and not answered yet
let lastSeq = 0; // the host's own request numbers (client ids may repeat)
let closing = false;

function send(response) {
  stdoutWrite(`${typeof response === 'string' ? response : protocol.stringify(response)}\n`);
}

function answered(line) {
  outstanding--;
  send(line);
  if (closing && outstanding === 0) process.exit(0);
}

class WorkerExecutor {
  constructor(onReady) {
    this.shared = progress.create();
    this.requests = new Map(); // seq -> request, until answered
    this.poll = null;
    this.stalledSince = 0;
    this.onReady = onReady;
    this.start();
  }

  start() {
    const heapMb = Math.floor(v8.getHeapStatistics().heap_size_limit / (1024 * 1024));
    this.worker = new Worker(path.join(__dirname, 'lib', 'worker.js'), {
      workerData: { progress: this.shared.buffer },
      resourceLimits: { maxOldGenerationSizeMb: heapMb },
      stdout: true,
    });
    this.worker.stdout.pipe(process.stderr);
    this.worker.on('message', (m) => {
      if (m.ready) {
        if (this.onReady) this.onReady();
        this.onReady = null;
        return;
      }
      if (this.requests.delete(m.seq)) answered(m.line);
    });
    this.worker.on('error', (err) => {
      process.stderr.write(`rulehost: executor failed: ${err.stack || err}\n`);
      this.lost(err.code === 'ERR_WORKER_OUT_OF_MEMORY' ? 'out_of_memory' : 'crashed');
    });
    this.worker.on('exit', () => this.lost('crashed'));
  }

  submit(msg, seq) {
    this.requests.set(seq, msg);
    this.worker.postMessage({ seq, msg });
    if (!this.poll) this.poll = setInterval(() => this.check(), POLL_MS);
  }

  check() {
    if (this.requests.size === 0) {
      clearInterval(this.poll);
      this.poll = null;
      this.stalledSince = 0;
      return;
    }
    const now = Date.now();
    const deadline = this.shared.view[progress.SLOTS.deadline];
    if (deadline > 0) {
      this.stalledSince = 0;
      if (now > deadline + GRACE_MS) this.lost('blocked');
    } else if (!this.stalledSince) {
      this.stalledSince = now;
    } else if (now - this.stalledSince > STALL_MS) {
      this.lost('blocked'); // stray work of an answered run is looping
    }
  }

  // The worker cannot answer any more: answer for the request it was executing, restart it,
  // and hand it the requests it had queued.
  lost(reason) {
    const view = this.shared.view;
    const busy = view[progress.SLOTS.deadline] > 0;
    const seq = view[progress.SLOTS.seq];
    const ruleIndex = view[progress.SLOTS.ruleIndex];
    this.worker.removeAllListeners();
    this.worker.terminate();
    view.fill(0);
    this.stalledSince = 0;
    const queued = [...this.requests];
    this.requests.clear();
    this.start();
    for (const [s, msg] of queued) {
      if (busy && s === seq) answered(protocol.stringify(lostResult(msg, ruleIndex, reason)));
      else this.submit(msg, s);
    }
  }
}

class InProcessExecutor {
  constructor() {
    this.executor = require('./lib/executor');
  }

  submit(msg, seq) {
    this.executor.enqueue(msg, seq).then(answered);
  }
}

// stdin is read only once the executor is up, so "ready" is always the first line out.
function serve(executor, isolation) {
  send({ type: 'ready', node: process.version, pid: process.pid, modules: ALLOWED, isolation });
  const input = readline.createInterface({ input: process.stdin, crlfDelay: Infinity });
  input.on('line', (line) => handleLine(executor, line));
  input.on('close', () => {
    closing = true;
    if (outstanding === 0) process.exit(0);
  });
}

function start() {
  let executor;
  try {
    executor = new WorkerExecutor(() => serve(executor, 'worker'));
  } catch (err) {
    if (err.code !== 'ERR_ACCESS_DENIED') throw err;
    process.stderr.write('rulehost: workers are not allowed (--allow-worker missing); ' +
      'running rules on the main thread without the host watchdog\n');
    serve(new InProcessExecutor(), 'in-process');
  }
}

function handleLine(executor, line) {
  if (!line.trim()) return;
  const { request, response } = protocol.parseLine(line);
  if (response) return send(response);
  switch (request.type) {
    case 'ping':
      return send({ id: request.id, type: 'pong' });
    case 'check':
      // Compile only, never run: safe (and quick) on the main thread even while a run is busy.
      if (typeof request.source !== 'string') {
        return send(protocol.errorResponse(request.id, '"source" must be a string'));
      }
      return send({
        id: request.id, type: 'check_result',
        ...check(request.source, request.kind === 'action' ? 'action' : 'rule'),
      });
    case 'convert':
      // Parse and rewrite only, never run: as safe on the main thread as `check`.
      if (typeof request.source !== 'string') {
        return send(protocol.errorResponse(request.id, '"source" must be a string'));
      }
      return send({ id: request.id, type: 'convert_result', ...convertRule(request.source) });
    default:
      outstanding++;
      return executor.submit(request, ++lastSeq);
  }
}

start();
