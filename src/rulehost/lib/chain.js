'use strict';
// Runs one simulated login through a rule chain, with Auth0's callback contract
// (rules-runtime.md §2.4): rules run in order, the next starts only after the previous called
// `callback(null, user, context)`; an error or UnauthorizedError stops the chain; the whole
// chain has one time budget (Auth0: 20 s). Post-login Actions follow the rules in the same
// chain (lib/action.js): each starts when the previous one's promise has settled. After the outcome is known the run waits (within
// the budget) for work the rules left running, so late effects can be shown and flagged,
// then ends that work before answering, so none of it leaks into the next run.
const { performance } = require('node:perf_hooks');
const als = require('./als');
const progress = require('./progress');
const { Frame } = require('./frame');
const { makeAuth0 } = require('./metadata');
const findings = require('./findings');
const report = require('./report');
const action = require('./action');

// How long an answered run waits for work its rules left running (HTTP calls, timers), within
// its budget: long enough for a token request and an API call to come back, short enough that
// a forgotten 60 s guard timer does not hold up the answer.
const DRAIN_MS = 3000;

// callback(new Error(msg)) whose message reads like an access decision (§7.13).
const DENIAL_WORDS = /access|den(y|ied)|unauthori[sz]ed|not allowed|forbidden|block|verif|permission|restricted/i;

class Run {
  constructor(sandbox, prepared) {
    this.sandbox = sandbox;
    this.prepared = prepared;
    this.rewriteHosts = prepared.rewriteHosts;
    this.t0 = performance.now();
    this.deadlineAt = this.t0 + prepared.timeoutMs;
    // Parsed in the sandbox's realm, so `user instanceof Object` holds inside rules.
    this.user = sandbox.realm.JSON.parse(prepared.userJson);
    this.context = sandbox.realm.JSON.parse(prepared.contextJson);
    this.frames = prepared.chain.map((item, i) => new Frame(this, i, item));
    this.auth0 = makeAuth0(this, prepared.auth0);
    this.findings = [];
    this.metadataUpdates = [];
    this.pending = 0; // unfinished async work of all frames
    this.current = -1;
    this.outcome = null;
    this.error = null;
    this.decided = false; // outcome known; possibly still waiting for stray work
    this.closed = false; // answered; stray work is ended and no longer recorded
    this.snapshot = null;
    this.redirectFrame = null;
    this.timer = null;
    this.resolve = null;
  }

  onSettled() {
    if (this.decided && this.pending === 0 && !this.closed) {
      // Let the continuations of the work that just finished run first (they may start more).
      setImmediate(() => {
        if (this.pending === 0) finalize(this);
      });
    }
  }
}

function runChain(sandbox, prepared) {
  const run = new Run(sandbox, prepared);
  sandbox.enter(run, prepared);
  return new Promise((resolve) => {
    run.resolve = resolve;
    run.timer = setTimeout(onDeadline, prepared.timeoutMs, run);
    startRule(run, 0);
  });
}

function startRule(run, index) {
  if (run.decided) return;
  if (index >= run.frames.length) return decide(run, 'allowed', null);
  const frame = run.frames[index];
  run.current = index;
  progress.rule(index);
  frame.start = performance.now();
  frame.record.start_ms = frame.start - run.t0;
  if (frame.item.kind === 'action') return action.start(frame, FLOW);
  let fn;
  try {
    if (frame.item.kind !== 'rule') {
      throw new Error(`kind "${frame.item.kind}" is not supported by this rule host yet`);
    }
    const syntax = frame.item.entry.error;
    if (syntax) throw Object.assign(new SyntaxError(syntax.message), { line: syntax.line });
    fn = run.sandbox.functionFor(frame.item.entry);
  } catch (err) {
    return onError(frame, err);
  }
  als.run(frame, invoke, frame, fn);
}

function invoke(frame, fn) {
  const callback = function callback(err, user, context) {
    onCallback(frame, callback, err, user, context);
  };
  try {
    fn(frame.run.user, frame.run.context, callback);
  } catch (err) {
    onError(frame, err);
  }
}

function callerLine(frame, fn) {
  const holder = {};
  Error.captureStackTrace(holder, fn);
  return report.lineIn(holder.stack, frame.item.entry.filename);
}

function onCallback(frame, callbackFn, err, user, context) {
  const run = frame.run;
  if (frame.calls++ > 0) {
    if (!run.closed && !frame.failed) {
      run.findings.push(findings.callbackTwice(frame, callerLine(frame, callbackFn)));
    }
    return;
  }
  if (run.decided) return; // too late: the chain already ended
  frame.record.duration_ms = performance.now() - frame.start;
  // Only a rule with work running (or about to start) can lose its results; capturing the
  // stack costs ~3-4 µs, so it is done only then.
  if (frame.pending > 0 || frame.usesNetwork) {
    frame.watched = true;
    frame.callbackLine = callerLine(frame, callbackFn);
  }
  if (err) {
    const denied = report.isUnauthorized(err);
    frame.record.status = denied ? 'denied' : 'error';
    frame.record.error = report.describeError(err, frame.item.entry.filename);
    if (!denied && frame.record.error.name === 'Error' && DENIAL_WORDS.test(frame.record.error.message)) {
      run.findings.push(findings.plainErrorDenial(frame, frame.record.error.line));
    }
    return decide(run, denied ? 'denied' : 'error', report.chainError(err, denied ? 'unauthorized' : 'exception'));
  }
  frame.record.status = 'ok';
  if (user !== null && typeof user === 'object') run.user = user;
  if (context !== null && typeof context === 'object') run.context = context;
  if (run.redirectFrame === null && run.context.redirect) run.redirectFrame = frame;
  // A fresh stack: the next rule's exceptions must not surface inside this rule's try/catch.
  queueMicrotask(() => startRule(run, frame.index + 1));
}

// A synchronous throw, or an uncaught exception / unhandled rejection in the rule's async code
// (lib/executor.js's process handlers find the rule through the AsyncLocalStorage frame).
function onError(frame, err) {
  const run = frame.run;
  if (run.closed) return;
  const info = report.describeError(err, frame.item.entry ? frame.item.entry.filename : '');
  if (frame.calls > 0 || run.decided) {
    if (!frame.record.error) frame.record.error = info;
    frame.noteLate('an error');
    return;
  }
  frame.failed = true; // the chain ends here; a later callback is not a second chance
  frame.record.status = 'error';
  frame.record.error = info;
  frame.record.duration_ms = performance.now() - frame.start;
  decide(run, 'error', report.chainError(err, 'exception'));
}

function onDeadline(run) {
  if (!run.decided) {
    const frame = run.frames[run.current];
    const waiting = frame.pending > 0;
    frame.record.status = 'timeout';
    frame.record.duration_ms = performance.now() - frame.start;
    const isAction = frame.item.kind === 'action';
    run.findings.push(isAction ? findings.actionTimeout(frame, run.prepared.timeoutMs, waiting)
      : findings.neverCalled(frame, run.prepared.timeoutMs, waiting));
    run.decided = true;
    run.outcome = 'error';
    run.error = isAction ? {
      error: 'access_denied',
      error_description: `The Action "${frame.record.name}" did not finish within the ${run.prepared.timeoutMs} ms execution limit`,
      kind: 'timeout',
    } : {
      error: 'access_denied',
      error_description: 'Request to Webtask exceeded allowed execution time',
      kind: waiting ? 'timeout' : 'no_callback',
    };
  }
  finalize(run); // the budget covers the wait for stray work too
}

function decide(run, outcome, error) {
  run.decided = true;
  run.outcome = outcome;
  run.error = error;
  if (outcome !== 'error') action.flushMetadata(run);
  const mayHaveWork = run.pending > 0 || run.prepared.legacyGlobals ||
    run.frames.some((f) => f.usesNetwork);
  if (!mayHaveWork) return finalize(run);
  // Stray work may still change user/context after the answer was fixed: remember them.
  run.snapshot = safeJson([run.user, run.context]);
  if (run.deadlineAt - performance.now() > DRAIN_MS) {
    clearTimeout(run.timer);
    run.timer = setTimeout(onDeadline, DRAIN_MS, run);
  }
  // One more turn for requests that libraries start late; then wait while work is pending.
  setImmediate(() => {
    if (run.pending === 0) finalize(run);
  });
}

function safeJson(value) {
  try {
    return JSON.stringify(value);
  } catch (err) {
    return `unserialisable: ${err.message}`;
  }
}

function finalize(run) {
  if (run.closed) return;
  clearTimeout(run.timer);
  if (run.snapshot !== null && run.snapshot !== safeJson([run.user, run.context])) {
    for (const frame of run.frames) {
      if (frame.watched) frame.noteLate('changes to user/context');
    }
  }
  run.closed = true;
  for (const frame of run.frames) frame.close();
  findings.atEnd(run);
  run.resolve(report.result(run));
}

// What lib/action.js needs of the chain.
const FLOW = { startRule, decide, onError };

module.exports = { runChain, onError };
