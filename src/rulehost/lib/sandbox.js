'use strict';
// A warm `vm` context with Auth0's rule globals (rules-runtime.md §2.1). One per sandbox name;
// its `global` (the context's own globalThis, as in a Webtask container) survives across runs
// until `reset`. Rule functions are compiled once per process (lib/compile.js) and evaluated
// once per context; js-engine.md §4 measured a fresh context at 250–290 µs, so they are reused.
const vm = require('node:vm');
const als = require('./als');
const { clearTimer } = require('./frame');
const { isNetworkModule, ruleRequire, LEGACY_SHIPPED } = require('./modules');

// Evaluated inside every context so these objects belong to the rule's realm
// (`err instanceof Error`, `new Date() instanceof Date` behave as at Auth0).
const PRELUDE = new vm.Script(`(function (clock) {
  'use strict';
  // As in Auth0's sandbox library: code 'unauthorized', name, description, statusCode 401.
  function UnauthorizedError(description) {
    if (!new.target) return new UnauthorizedError(description);
    const err = Reflect.construct(Error, [description], new.target);
    err.name = 'UnauthorizedError';
    err.code = 'unauthorized';
    err.description = description;
    err.statusCode = 401;
    return err;
  }
  UnauthorizedError.prototype = Object.create(Error.prototype, {
    constructor: { value: UnauthorizedError, writable: true, configurable: true },
  });

  // Date for runs with a fixed "now": starts at that instant, then advances in real time.
  const RealDate = Date;
  function SimDate(...args) {
    if (!new.target) return new RealDate(RealDate.now() + clock.offset).toString();
    if (args.length === 0) args = [RealDate.now() + clock.offset];
    return Reflect.construct(RealDate, args, new.target);
  }
  SimDate.prototype = RealDate.prototype;
  SimDate.now = function now() { return RealDate.now() + clock.offset; };
  SimDate.parse = RealDate.parse;
  SimDate.UTC = RealDate.UTC;

  return { UnauthorizedError, RealDate, SimDate, Promise, JSON, globalThis };
})`, { filename: 'rulehost:prelude' });

function currentFrame() {
  return als.getStore();
}

const consoleMethods = ['log', 'info', 'warn', 'error', 'debug', 'trace', 'dir', 'table'];
const sandboxConsole = {};
for (const method of consoleMethods) {
  sandboxConsole[method] = function (...args) {
    const frame = currentFrame();
    if (frame) frame.log(args);
  };
}

function timerStarter(kind) {
  return function (fn, ms, ...args) {
    const frame = currentFrame();
    if (!frame) throw new Error('timers are only available while a rule runs');
    return frame.setTimer(kind, fn, ms, args);
  };
}

const startImmediate = timerStarter('immediate');

function sandboxRequire(name) {
  const mod = ruleRequire(name);
  if (isNetworkModule(name)) {
    const frame = currentFrame();
    if (frame) frame.usesNetwork = true;
  }
  return mod;
}

const HOST_GLOBALS = {
  console: sandboxConsole,
  setTimeout: timerStarter('timer'),
  setInterval: timerStarter('interval'),
  setImmediate: (fn, ...args) => startImmediate(fn, 0, ...args),
  clearTimeout: (handle) => clearTimer(handle, clearTimeout),
  clearInterval: (handle) => clearTimer(handle, clearInterval),
  clearImmediate: (handle) => clearTimer(handle, clearImmediate),
  queueMicrotask,
  require: sandboxRequire,
  Buffer,
  URL,
  URLSearchParams,
  TextEncoder,
  TextDecoder,
  atob,
  btoa,
  structuredClone,
};
const LEGACY_NAMES = Object.keys(LEGACY_SHIPPED);
// Names the host puts on the context; a rule's own additions to `global` are everything else.
const HOST_NAMES = new Set([
  ...Object.keys(HOST_GLOBALS), ...LEGACY_NAMES,
  'global', 'configuration', 'auth0', 'UnauthorizedError', 'Date',
]);

class Sandbox {
  constructor(name) {
    this.name = name;
    this.clock = { offset: 0 };
    this.context = vm.createContext({ ...HOST_GLOBALS }, { name: `sandbox ${name}` });
    this.realm = PRELUDE.runInContext(this.context)(this.clock);
    this.context.global = this.realm.globalThis;
    this.context.UnauthorizedError = this.realm.UnauthorizedError;
    this.context.Date = this.realm.RealDate;
    this.simulatedClock = false;
    this.legacy = false;
    this.functions = new Map(); // compiled entry -> the rule function in this context
  }

  functionFor(entry) {
    let fn = this.functions.get(entry);
    if (fn) return fn;
    fn = entry.script.runInContext(this.context);
    if (typeof fn !== 'function') {
      throw new TypeError(
        'A rule must be one function expression: function (user, context, callback) { … }');
    }
    this.functions.set(entry, fn);
    return fn;
  }

  // Per-run globals. Runs in one sandbox never overlap (the executor serialises requests).
  enter(run, prepared) {
    const ctx = this.context;
    ctx.configuration = prepared.configuration;
    ctx.auth0 = run.auth0;
    const simulated = prepared.nowMs !== null;
    this.clock.offset = simulated ? prepared.nowMs - Date.now() : 0;
    if (simulated !== this.simulatedClock) {
      ctx.Date = simulated ? this.realm.SimDate : this.realm.RealDate;
      this.simulatedClock = simulated;
    }
    if (prepared.legacyGlobals !== this.legacy) this.setLegacyGlobals(prepared.legacyGlobals);
  }

  setLegacyGlobals(on) {
    for (const name of LEGACY_NAMES) {
      if (on) this.context[name] = ruleRequire(LEGACY_SHIPPED[name]);
      else delete this.context[name];
    }
    this.legacy = on;
  }

  // The rule-visible globals the rules added themselves (`global.token = …`).
  *ownGlobals() {
    for (const key of Object.keys(this.context)) {
      if (!HOST_NAMES.has(key)) yield this.context[key];
    }
  }
}

module.exports = { Sandbox };
