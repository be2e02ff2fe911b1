'use strict';
// A warm `vm` context with Auth0's rule globals (rules-runtime.md §2.1). One per sandbox name;
// its `global` (the context's own globalThis, as in a Webtask container) survives across runs
// until `reset`. Rule functions are compiled once per process (lib/compile.js) and evaluated
// once per context; js-engine.md §4 measured a fresh context at 250–290 µs, so they are reused.
const vm = require('node:vm');
const als = require('./als');
const { clearTimer } = require('./frame');
const { ActionCache } = require('./action-cache');
const { isBuiltin, isNetworkModule, ruleRequire, LEGACY_SHIPPED, PACKAGES } = require('./modules');

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

// `require` inside an Action module: its declared dependencies by bare name, Node built-ins,
// and — with an undeclared-dependency finding — what an unversioned require gets in rules.
// Auth0 Actions take no `name@version` inside require(); the version is the dependency's.
const VERSIONED = /^((?:@[^/@]+\/)?[^@]+)@(.+)$/;

function actionRequire(record, name) {
  if (typeof name !== 'string') throw new TypeError('The "id" argument must be of type string');
  const bare = name.startsWith('node:') ? name.slice(5) : name;
  let key = record.dependencies.get(bare);
  if (!key && isBuiltin(bare)) key = bare;
  if (!key) {
    const versioned = VERSIONED.exec(name);
    const err = new Error(versioned
      ? `Actions do not take versioned requires: declare ${name} as a dependency of the Action and require('${versioned[1]}')`
      : `Cannot find module '${name}': declare it as a dependency of the Action`);
    err.code = 'MODULE_NOT_FOUND';
    if (versioned || !PACKAGES[name]) throw err;
    key = name; // shipped: it loads, but Auth0 would not find it
    record.undeclared.add(name);
  }
  const mod = ruleRequire(key);
  if (isNetworkModule(key)) record.usesNetwork = true;
  return mod;
}

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
    this.actions = null; // {context, realm}: created when the first Action runs
    this.modules = new Map(); // compiled Action entry -> Map(dependencies key -> module record)
    this.cache = new ActionCache(() => Date.now() + this.clock.offset);
  }

  // Actions run in a realm of their own: none of the rule globals (configuration, auth0,
  // UnauthorizedError), a `global` of their own, and the same (possibly fixed) clock.
  actionRealm() {
    if (!this.actions) {
      const globals = { ...HOST_GLOBALS };
      delete globals.require; // each module gets its own (its dependencies)
      const context = vm.createContext(globals, { name: `sandbox ${this.name} (actions)` });
      const realm = PRELUDE.runInContext(context)(this.clock);
      context.global = realm.globalThis;
      context.Date = this.simulatedClock ? realm.SimDate : realm.RealDate;
      this.actions = { context, realm };
    }
    return this.actions.realm;
  }

  // The Action's module, evaluated once per sandbox and set of dependencies (its top-level code
  // runs once per warm container at Auth0 too). Call inside the Action's frame: what the
  // top-level code logs or starts is charged to it. A module whose evaluation throws is not kept.
  actionModule(item) {
    this.actionRealm();
    let byDeps = this.modules.get(item.entry);
    if (!byDeps) {
      byDeps = new Map();
      this.modules.set(item.entry, byDeps);
    }
    let record = byDeps.get(item.dependenciesKey);
    if (record) return record;
    const realm = this.actions.realm;
    record = {
      module: realm.JSON.parse('{"exports":{}}'),
      dependencies: item.dependencies,
      undeclared: new Set(),
      usesNetwork: false,
    };
    const factory = item.entry.script.runInContext(this.actions.context);
    const require = (name) => actionRequire(record, name);
    factory.call(record.module.exports, record.module.exports, require, record.module,
      item.entry.filename, '/');
    byDeps.set(item.dependenciesKey, record);
    return record;
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
      if (this.actions) this.actions.context.Date = simulated ? this.actions.realm.SimDate : this.actions.realm.RealDate;
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

  // What rules and Actions keep across logins: the globals they added themselves
  // (`global.token = …`) and the Actions' cache.
  *ownGlobals() {
    for (const key of Object.keys(this.context)) {
      if (!HOST_NAMES.has(key)) yield this.context[key];
    }
    if (this.actions) {
      for (const key of Object.keys(this.actions.context)) {
        if (!HOST_NAMES.has(key)) yield this.actions.context[key];
      }
    }
    yield* this.cache.values();
  }
}

module.exports = { Sandbox };
