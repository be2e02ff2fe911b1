'use strict';
// Pitfalls the simulator reports (rules-runtime.md §7). Each finding names the rule, a code
// the app and `rulebench-cli test` match on, a severity, the line when known, and one sentence.
const { LEGACY_SHIPPED, defaultVersionOf } = require('./modules');

function finding(frame, code, severity, line, message) {
  return { rule: frame.record.name, code, severity, line: line ?? null, message };
}

const ms = (n) => `${n.toFixed(1)} ms`;

// §7.5, D6: "unpredictable results and/or errors".
function callbackTwice(frame, line) {
  return finding(frame, 'callback-called-twice', 'error', line,
    'callback was called more than once; Auth0 gives unpredictable results — call it exactly once and return.');
}

// §7.5, §2.4: the pipeline stalls until the 20 s limit.
function neverCalled(frame, timeoutMs, waiting) {
  return finding(frame, 'callback-never-called', 'error', null,
    `callback was not called within the chain's ${timeoutMs} ms budget` +
    (waiting ? ' (the rule was still waiting on its own async work)' : '') +
    '; Auth0 fails such logins with "Request to Webtask exceeded allowed execution time".');
}

// §7.13, auth0/docs PR #2630.
function plainErrorDenial(frame, line) {
  return finding(frame, 'plain-error-denial', 'info', line,
    'callback(new Error(…)) reaches the app as a generic error; use new UnauthorizedError(…) to deny access (error=unauthorized).');
}

// §7.2, D5: results set after callback are lost; Slack-style fire-and-forget with no
// follow-up code stays silent. An Action's equivalent: its promise settled while work it had
// not awaited went on.
function beforeAsync(frame) {
  const what = [...frame.late].join(', ');
  if (frame.item.kind === 'action') {
    return finding(frame, 'unawaited-async', 'warning', null,
      `the Action returned while async work it had not awaited was still running, and that work went on afterwards (${what}); Auth0 has already moved on, so its results are lost — await the work before returning.`);
  }
  return finding(frame, 'callback-before-async', 'warning', frame.callbackLine,
    `callback was called while the rule's async work was still running, and that work went on afterwards (${what}); Auth0 has already moved on, so its results are lost — call callback when the work is done.`);
}

// §3.2, D11: 20 s per trigger execution.
function actionTimeout(frame, timeoutMs, waiting) {
  return finding(frame, 'action-timeout', 'error', null,
    `the Action did not finish within the flow's ${timeoutMs} ms budget` +
    (waiting ? ' (it was still waiting on its own async work)' : ' (it awaits a promise that never settles)') +
    '; Auth0 ends such a login with an error.');
}

// Auth0 Actions load only the npm modules declared as their dependencies.
function undeclaredDependency(frame, name, shipped) {
  return finding(frame, 'undeclared-dependency', 'warning', null,
    `require('${name}') works here (Rulebench loaded ${shipped}), but the Action does not declare ${name} as a dependency, so Auth0 would not find it — add ${shipped} to its dependencies.`);
}

// Restricted claim (D15); scopes change through addScope/removeScope.
function scopeClaim(frame) {
  return finding(frame, 'claim-dropped', 'warning', null,
    'api.accessToken.setCustomClaim("scope", …) is ignored: scope is not a custom claim — use api.accessToken.addScope/removeScope.');
}

// api.cache.set answers {type: "error"} instead of throwing; code that does not check it
// silently caches nothing.
function cacheWriteFailed(frame, key, result) {
  return finding(frame, 'cache-write-failed', 'warning', null,
    `api.cache.set(${JSON.stringify(String(key)).slice(0, 80)}) failed with code "${result.code}": ${result.message}.`);
}

// §7.11, D7: Auth0 answers 500 for metadata keys containing "." or "$"; the batched write of
// the flow fails.
function metadataUpdateFailed(frame, field, message) {
  return finding(frame, 'metadata-update-failed', 'error', null,
    `the ${field} update set by the Actions of this login would fail at Auth0: ${message}.`);
}

// An Action that redirects pauses the login: Auth0 sends the user away after it and resumes with
// its onContinuePostLogin and the remaining Actions at /continue (docs-v2 login-trigger.mdx).
function actionRedirect(frame, url, remaining) {
  return finding(frame, 'action-redirect', 'info', null,
    `the Action sends the user to ${url}; Auth0 resumes the login with this Action's onContinuePostLogin` +
    (remaining ? ` and the ${remaining} Action(s) after it` : '') +
    ' when the user returns to /continue. The simulation ends at the redirect.');
}

function holds(value, token, depth, seen) {
  if (typeof value === 'string') return value.includes(token);
  if (value === null || typeof value !== 'object' || depth === 0 || seen.has(value)) return false;
  seen.add(value);
  const values = value instanceof Map ? [...value.values()] : Object.values(value);
  return values.some((v) => holds(v, token, depth - 1, seen));
}

function isTokenRequest(call) {
  if (call.method !== 'POST' || !/\/oauth\/token(?:[?#]|$)/.test(call.url)) return false;
  const body = Buffer.concat(call.requestBody.chunks).toString('utf8');
  return /grant_type=client_credentials|"grant_type"\s*:\s*"client_credentials"/.test(body);
}

function issuedToken(call) {
  try {
    const token = JSON.parse(Buffer.concat(call.responseBody.chunks).toString('utf8')).access_token;
    return typeof token === 'string' && token.length > 0 ? token : null;
  } catch {
    return null;
  }
}

// §7.3: a client_credentials token requested on every login (quota, latency, cost).
function m2mNotCached(run, frame) {
  for (const call of frame.record.http) {
    const token = isTokenRequest(call) ? issuedToken(call) : null;
    if (!token) continue;
    const seen = new Set();
    const cached = [...run.sandbox.ownGlobals()].some((v) => holds(v, token, 4, seen));
    if (!cached) {
      return finding(frame, 'm2m-token-not-cached', 'warning', null, frame.item.kind === 'action'
        ? 'the Action requests a client_credentials token and does not keep it in api.cache, so every login fetches a new one — cache it with a ttl a little shorter than its expiry (D10, D11).'
        : 'the rule requests a client_credentials token and does not keep it in `global`, so every login fetches a new one — cache it with its expiry (D4, D5).');
    }
  }
  return null;
}

// §7.4, D4 "Order": put rules that can deny first, expensive ones late.
function expensiveBeforeDenial(frame, denier) {
  const calls = frame.record.http.length;
  return finding(frame, 'expensive-rule-before-denial', 'info', null,
    `"${frame.record.name}" made ${calls} network call(s) in ${ms(frame.record.duration_ms)} before "${denier.record.name}" denied the login in ${ms(denier.record.duration_ms)}; run the denying rule first.`);
}

// §7.6, D12.
const NO_REDIRECT = new Set([
  'oauth2-password', 'oauth2-refresh-token', 'oauth2-resource-owner',
  'oauth2-resource-owner-jwt-bearer',
]);
function redirectNotSupported(frame, protocol) {
  const what = frame.item.kind === 'action' ? 'api.redirect.sendUserTo was called' : 'context.redirect was set';
  return finding(frame, 'redirect-not-supported', 'warning', null,
    `${what}, but Auth0 cannot redirect during the ${protocol} flow, so the redirect will not happen.`);
}

// §7.8, D14.
function legacyGlobals(frame, legacyOn) {
  const out = [];
  for (const { name, line } of frame.item.entry.analysis.legacyGlobals) {
    if (legacyOn && LEGACY_SHIPPED[name]) continue;
    const message = legacyOn
      ? `\`${name}\` was one of Auth0's implicit globals; Rulebench does not provide it, so it is a ReferenceError here.`
      : `\`${name}\` is used without require(); it was an implicit global only before Auth0's Node 16 runtime and is a ReferenceError now — require it explicitly.`;
    out.push(finding(frame, 'legacy-global', 'warning', line, message));
  }
  return out;
}

// A rule reads configuration.KEY (an Action event.secrets.KEY) that this login does not set:
// it gets undefined, which usually ends as a confusing 401 from the API it calls.
function missingSettings(run, frame) {
  const analysis = frame.item.entry && frame.item.entry.analysis;
  if (!analysis || frame.record.status === 'not_run') return [];
  const isAction = frame.item.kind === 'action';
  const given = isAction ? frame.item.secrets : run.prepared.configuration;
  const out = [];
  for (const key of analysis.configurationKeys) {
    if (Object.prototype.hasOwnProperty.call(given, key)) continue;
    out.push(finding(frame, 'missing-configuration', 'warning', analysis.keyLines[key] ?? null, isAction
      ? `the Action reads event.secrets.${key}, which its secrets do not have: it gets undefined (add the secret to the Action).`
      : `the rule reads configuration.${key}, which this login's configuration does not have: it gets undefined (add it to the tenant's rule settings).`));
  }
  return out;
}

// Findings that need the whole run, computed once it has ended.
function atEnd(run) {
  const out = run.findings;
  const denier = run.outcome === 'denied' ? run.frames.find((f) => f.record.status === 'denied') : null;
  for (const frame of run.frames) {
    if (frame.late && frame.calls) out.push(beforeAsync(frame));
    if (frame.record.http.length) {
      const m2m = m2mNotCached(run, frame);
      if (m2m) out.push(m2m);
      if (denier && frame.index < denier.index) out.push(expensiveBeforeDenial(frame, denier));
    }
    if (frame.item.entry && frame.item.entry.analysis.legacyGlobals.length) {
      // Actions never had the implicit globals, whatever the run asks for rules.
      out.push(...legacyGlobals(frame, frame.item.kind === 'rule' && run.prepared.legacyGlobals));
    }
    out.push(...missingSettings(run, frame));
    if (frame.undeclared) {
      for (const name of frame.undeclared) out.push(undeclaredDependency(frame, name, defaultVersionOf(name)));
    }
  }
  const protocol = run.context && run.context.protocol;
  if (run.redirectFrame && run.context.redirect && NO_REDIRECT.has(protocol)) {
    out.push(redirectNotSupported(run.redirectFrame, protocol));
  }
  return out;
}

module.exports = {
  actionRedirect, actionTimeout, atEnd, cacheWriteFailed, callbackTwice, metadataUpdateFailed,
  neverCalled, plainErrorDenial, scopeClaim,
};
