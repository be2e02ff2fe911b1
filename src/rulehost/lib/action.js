'use strict';
// Runs one post-login Action of a chain (rules-runtime.md §3): its module is evaluated once per
// sandbox (lib/sandbox.js), `exports.onExecutePostLogin(event, api)` is called with an event built
// from the user/context the rules and earlier Actions left (lib/event.js) and the api of
// lib/post-login-api.js, and the Action is done when its promise settles. Then:
//   - it called api.access.deny: status "denied", the flow ends, later Actions do not run;
//   - it called api.redirect.sendUserTo: status "ok", the flow pauses (ends here);
//   - its promise rejected or it threw: status "error", as a rule's exception;
//   - else the next entry of the chain starts.
// `exports.onContinuePostLogin` runs only when the user comes back from a redirect, never in a
// plain login. Timeouts, escaped errors, late work and stray work are the chain's (lib/chain.js).
const { performance } = require('node:perf_hooks');
const als = require('./als');
const findings = require('./findings');
const { buildEvent } = require('./event');
const { makeApi } = require('./post-login-api');
const { validate } = require('./metadata');

function start(frame, flow) {
  als.run(frame, invoke, frame, flow);
}

function invoke(frame, flow) {
  const run = frame.run;
  const item = frame.item;
  let handler;
  try {
    const syntax = item.entry.error;
    if (syntax) throw Object.assign(new SyntaxError(syntax.message), { line: syntax.line });
    if (item.dependencyError) throw new Error(item.dependencyError);
    const record = run.sandbox.actionModule(item);
    frame.moduleRecord = record;
    const exported = record.module.exports;
    handler = exported !== null && (typeof exported === 'object' || typeof exported === 'function')
      ? exported.onExecutePostLogin : undefined;
    if (typeof handler !== 'function') {
      if (exported && typeof exported.onContinuePostLogin === 'function') return done(frame, flow);
      throw new TypeError(
        'The Action exports no onExecutePostLogin: exports.onExecutePostLogin = async (event, api) => { … }');
    }
  } catch (err) {
    return flow.onError(frame, err);
  }
  const realm = run.sandbox.actionRealm();
  const event = realm.JSON.parse(JSON.stringify(buildEvent(run.user, run.context, item.secrets)));
  const api = makeApi(frame, event);
  let result;
  try {
    result = handler(event, api);
  } catch (err) {
    return flow.onError(frame, err);
  }
  Promise.resolve(result).then(() => done(frame, flow), (err) => flow.onError(frame, err));
}

function done(frame, flow) {
  const run = frame.run;
  if (frame.calls++ > 0 || run.decided) return;
  const record = frame.moduleRecord;
  if (record) {
    if (record.usesNetwork) frame.usesNetwork = true;
    if (record.undeclared.size) frame.undeclared = record.undeclared;
  }
  frame.record.duration_ms = performance.now() - frame.start;
  // As for a rule calling back: work still running may lose its results (lib/frame.js).
  if (frame.pending > 0 || frame.usesNetwork) frame.watched = true;
  if (frame.denial !== undefined) {
    frame.record.status = 'denied';
    return flow.decide(run, 'denied', {
      error: 'access_denied', error_description: frame.denial, kind: 'denied',
    });
  }
  frame.record.status = 'ok';
  if (frame.redirected) {
    const remaining = run.frames.length - frame.index - 1;
    run.findings.push(findings.actionRedirect(frame, run.context.redirect.url, remaining));
    return flow.decide(run, 'allowed', null);
  }
  queueMicrotask(() => flow.startRule(run, frame.index + 1));
}

// The Actions' metadata, written once at the end of the flow — also when an Action denied (deny
// does not undo them, §3.2) or redirected (pending updates are applied before the redirect,
// manage-user-metadata page); not when the flow failed. One update per kind, null deleting.
function flushMetadata(run) {
  const batch = run.actionMetadata;
  if (!batch) return;
  run.actionMetadata = null;
  for (const field of ['app_metadata', 'user_metadata']) {
    if (batch[field].size === 0) continue;
    const update = {};
    let lastFrame = null;
    for (const [key, { value, frame }] of batch[field]) {
      update[key] = value;
      lastFrame = frame;
    }
    const error = validate(update);
    if (error) {
      run.findings.push(findings.metadataUpdateFailed(lastFrame, field, error.message));
      continue;
    }
    run.metadataUpdates.push({ user_id: String(run.user && run.user.user_id), [field]: update });
  }
}

module.exports = { start, flushMetadata };
