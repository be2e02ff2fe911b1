'use strict';
// Bookkeeping for one rule inside one run: its result record, console lines, and the async
// work it started (timers, HTTP requests, metadata calls). The frame is the AsyncLocalStorage
// store (lib/als.js), so work started *after* the rule called back is still charged to it —
// that is how callback-before-async is seen (rules-runtime.md §2.4, §7.2).
const util = require('node:util');
const progress = require('./progress');

const MAX_CONSOLE_LINES = 500;
const MAX_LINE_CHARS = 8192;
const OWNER = Symbol('rulehost.frame');

class Frame {
  constructor(run, index, item) {
    this.run = run;
    this.index = index;
    this.item = item;
    this.record = {
      name: item.name, kind: item.kind, status: 'not_run', duration_ms: 0,
      start_ms: null, // from the start of the chain, like the HTTP calls' start_ms
      console: [], http: [], error: null,
    };
    this.start = 0;
    this.calls = 0; // how often the rule called `callback`
    this.failed = false; // it threw (or its async code did) before calling back
    this.pending = 0; // timers, immediates, HTTP requests and metadata calls not finished yet
    this.work = null; // Map handle -> kind, created on first use (most rules start none)
    this.late = null; // Set of what the rule did after it had called back
    this.settledLate = 0; // its async work that finished after it had called back
    this.usesNetwork = false; // required a module that may start HTTP calls later
    this.watched = false; // may still have had work running when it called back
    this.callbackLine = null;
  }

  // True while the rule's code runs *in reaction to* work that finished after it called back
  // (the token response arrived, then it calls the API). Work a library merely starts a turn
  // late (request's setImmediate, axios' promise jobs) does not count: fire-and-forget like
  // Auth0's Slack template stays silent (rules-runtime.md §2.4).
  reacting() {
    return this.calls > 0 && this.settledLate > 0;
  }

  noteLate(what) {
    if (!this.late) this.late = new Set();
    this.late.add(what);
  }

  log(args) {
    if (this.run.closed) return;
    if (this.reacting()) this.noteLate('console output');
    const lines = this.record.console;
    if (lines.length >= MAX_CONSOLE_LINES) return;
    let line = util.format(...args);
    if (line.length > MAX_LINE_CHARS) line = `${line.slice(0, MAX_LINE_CHARS)}… (truncated)`;
    lines.push(lines.length === MAX_CONSOLE_LINES - 1 ? '… (further console output dropped)' : line);
  }

  // kind: 'timer' | 'immediate' | 'interval' | 'http' | 'metadata'. Intervals never finish on
  // their own, so they are cleaned up at the end of the run but never waited for.
  track(handle, kind) {
    if (!this.work) this.work = new Map();
    this.work.set(handle, kind);
    if (typeof handle === 'object') handle[OWNER] = this;
    if (kind !== 'interval') {
      this.pending++;
      this.run.pending++;
    }
  }

  settle(handle) {
    const kind = this.work && this.work.get(handle);
    if (!kind) return;
    this.work.delete(handle);
    if (this.calls) this.settledLate++;
    if (kind === 'interval') return;
    this.pending--;
    this.run.pending--;
    this.run.onSettled(this);
  }

  setTimer(kind, fn, ms, args) {
    if (typeof fn !== 'function') {
      throw new TypeError('The "callback" argument must be of type function');
    }
    if (this.run.closed) return undefined; // stray work of a finished run is not started
    if (this.reacting()) this.noteLate('timers');
    const frame = this;
    let handle = null;
    const fire = function () {
      if (kind !== 'interval') frame.settle(handle);
      progress.rule(frame.index); // so the watchdog can name a rule that loops in a timer
      if (frame.calls) frame.noteLate('timer callbacks');
      return fn.apply(undefined, args);
    };
    if (kind === 'immediate') handle = setImmediate(fire);
    else if (kind === 'interval') handle = setInterval(fire, ms);
    else handle = setTimeout(fire, ms);
    this.track(handle, kind);
    return handle;
  }

  // Ends everything this rule left running, so nothing of this run leaks into the next one.
  close() {
    if (!this.work) return;
    for (const [handle, kind] of this.work) {
      if (kind === 'http') handle.destroy();
      else if (kind === 'immediate') clearImmediate(handle);
      else if (kind !== 'metadata') clearTimeout(handle);
    }
    this.work.clear();
  }
}

// clearTimeout/clearInterval/clearImmediate for handles that may belong to any rule of any run.
function clearTimer(handle, nativeClear) {
  const frame = handle !== null && typeof handle === 'object' ? handle[OWNER] : undefined;
  if (frame) frame.settle(handle);
  nativeClear(handle);
}

module.exports = { Frame, clearTimer };
