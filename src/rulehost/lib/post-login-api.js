'use strict';
// The post-login `api` object an Action receives (rules-runtime.md §3.2, D10), writing to the
// same run state the rules write, so the app applies one set of token rules to both:
//   api.idToken / api.accessToken .setCustomClaim(k, v)  -> context.idToken[k] / accessToken[k]
//   api.accessToken.addScope / removeScope               -> context.accessToken.scope (array)
//   api.multifactor.enable(provider, {allowRememberBrowser, providerOptions}) -> context.multifactor
//   api.redirect.sendUserTo(url, {query})                 -> context.redirect = {url}
//   api.user.setAppMetadata / setUserMetadata(k, v)       -> batched, written once at the end
//   api.access.deny(reason)                               -> the flow ends after this Action
// Every method returns `api`, as Auth0's do, so `return api.access.deny(…)` reads naturally.
// Calls made after the Action's promise settled change nothing (Auth0 has moved on) and are
// reported like a rule's work after `callback`.
const findings = require('./findings');
const { ruleRequire } = require('./modules');

const MFA_PROVIDERS = ['any', 'duo', 'google-authenticator', 'guardian', 'none'];
// Parts of the api that exist at Auth0 but that Rulebench does not simulate: a clear error
// rather than "is not a function".
const UNSIMULATED = ['authentication', 'samlResponse', 'prompt', 'session', 'refreshToken', 'transaction'];

const isObject = (v) => v !== null && typeof v === 'object' && !Array.isArray(v);
const words = (v) => (typeof v === 'string' ? v.split(' ').filter(Boolean) : []);

function unsimulated(ns) {
  return new Proxy({}, {
    get(_target, prop) {
      if (typeof prop !== 'string' || prop === 'then' || prop === 'toJSON') return undefined;
      return () => {
        throw new Error(`api.${ns}.${prop}() is not simulated by Rulebench`);
      };
    },
  });
}

function nonEmptyString(value, what) {
  if (typeof value !== 'string' || value === '') throw new TypeError(`${what} must be a non-empty string`);
}

// frame: the Action's frame (lib/frame.js); event: the event it received (its realm's object).
function makeApi(frame, event) {
  const run = frame.run;
  const realm = run.sandbox.realm; // user and context live in the rules' realm
  const actionRealm = run.sandbox.actionRealm();
  // JSON copies into a realm; what JSON cannot hold (functions, undefined) becomes undefined.
  const into = (json) => (v) => {
    const text = JSON.stringify(v);
    return text === undefined ? undefined : json.parse(text);
  };
  const copy = into(realm.JSON);
  const toAction = into(actionRealm.JSON);

  // Whether a call still counts: not after the Action settled, nor after the run ended.
  const counts = (what) => {
    if (run.closed) return false;
    if (frame.calls > 0 || run.decided) {
      frame.noteLate(what);
      return false;
    }
    return true;
  };

  const tokenObject = (field) => {
    if (!isObject(run.context[field])) run.context[field] = realm.JSON.parse('{}');
    return run.context[field];
  };

  const api = {};

  api.access = {
    deny(reason) {
      if (counts('api.access.deny')) {
        if (frame.denial === undefined) frame.denial = reason === undefined ? '' : String(reason);
      }
      return api;
    },
  };

  const customClaims = (field) => ({
    setCustomClaim(name, value) {
      nonEmptyString(name, `api.${field}.setCustomClaim: the claim name`);
      if (!counts(`api.${field}.setCustomClaim`)) return api;
      if (field === 'accessToken' && name === 'scope') {
        run.findings.push(findings.scopeClaim(frame));
        return api;
      }
      tokenObject(field)[name] = copy(value);
      return api;
    },
  });

  // The scopes the access token will carry: what an earlier rule or Action set, else the ones
  // requested (the app grants those, as for context.accessToken.scope).
  const currentScopes = () => {
    const scope = tokenObject('accessToken').scope;
    if (Array.isArray(scope)) return scope.map(String);
    if (typeof scope === 'string') return words(scope);
    const request = isObject(run.context.request) ? run.context.request : {};
    return words(isObject(request.query) ? request.query.scope : undefined);
  };
  const setScopes = (list) => {
    tokenObject('accessToken').scope = copy(list);
  };

  api.idToken = customClaims('idToken');
  api.accessToken = {
    ...customClaims('accessToken'),
    addScope(scope) {
      nonEmptyString(scope, 'api.accessToken.addScope: the scope');
      if (counts('api.accessToken.addScope')) {
        const list = currentScopes();
        if (!list.includes(scope)) list.push(scope);
        setScopes(list);
      }
      return api;
    },
    removeScope(scope) {
      nonEmptyString(scope, 'api.accessToken.removeScope: the scope');
      if (counts('api.accessToken.removeScope')) setScopes(currentScopes().filter((s) => s !== scope));
      return api;
    },
  };

  // Batched: one update per kind at the end of the flow (lib/action.js flushMetadata); the
  // user the next Actions see is updated at once ("optimistic", auth0 community 121908).
  const setMetadata = (field, method) => (name, value) => {
    nonEmptyString(name, `api.user.${method}: the key`);
    const text = JSON.stringify(value);
    if (text === undefined || !counts(`api.user.${method}`)) return api;
    const json = JSON.parse(text);
    if (!run.actionMetadata) run.actionMetadata = { app_metadata: new Map(), user_metadata: new Map() };
    run.actionMetadata[field].set(name, { value: json, frame });
    if (!isObject(run.user[field])) run.user[field] = realm.JSON.parse('{}');
    if (json === null) delete run.user[field][name];
    else run.user[field][name] = copy(json);
    return api;
  };
  api.user = {
    setAppMetadata: setMetadata('app_metadata', 'setAppMetadata'),
    setUserMetadata: setMetadata('user_metadata', 'setUserMetadata'),
  };

  api.multifactor = {
    enable(provider, options) {
      if (!MFA_PROVIDERS.includes(provider)) {
        throw new TypeError(`api.multifactor.enable: the provider must be one of ${MFA_PROVIDERS.join(', ')}, not ${JSON.stringify(provider)}`);
      }
      if (counts('api.multifactor.enable')) {
        const o = isObject(options) ? options : {};
        run.context.multifactor = copy({
          provider,
          allowRememberBrowser: o.allowRememberBrowser === true,
          ...(isObject(o.providerOptions) ? o.providerOptions : {}),
        });
      }
      return api;
    },
  };

  api.redirect = {
    sendUserTo(url, options) {
      let target;
      try {
        target = new URL(String(url));
      } catch {
        throw new TypeError(`api.redirect.sendUserTo: ${JSON.stringify(String(url))} is not an absolute URL`);
      }
      const query = isObject(options) && isObject(options.query) ? options.query : {};
      for (const [key, value] of Object.entries(query)) target.searchParams.set(key, String(value));
      if (counts('api.redirect.sendUserTo')) {
        run.context.redirect = copy({ url: target.toString() });
        frame.redirected = true;
        if (run.redirectFrame === null) run.redirectFrame = frame;
      }
      return api;
    },
    // An HS256 session token for the redirect target (D10): payload plus sub, iss, iat, exp.
    encodeToken(options) {
      const o = isObject(options) ? options : {};
      nonEmptyString(o.secret, 'api.redirect.encodeToken: secret');
      const expiresIn = o.expiresInSeconds === undefined ? 900 : o.expiresInSeconds;
      return ruleRequire('jsonwebtoken').sign({ ...(isObject(o.payload) ? o.payload : {}) }, o.secret, {
        algorithm: 'HS256',
        expiresIn,
        subject: String(event.user.user_id),
        issuer: String(event.request.hostname || ''),
      });
    },
    // Verifies the token the redirect target sent back (query or body parameter).
    validateToken(options) {
      const o = isObject(options) ? options : {};
      nonEmptyString(o.secret, 'api.redirect.validateToken: secret');
      const param = typeof o.tokenParameterName === 'string' ? o.tokenParameterName : 'session_token';
      const token = (event.request.query || {})[param] || (event.request.body || {})[param];
      if (typeof token !== 'string') throw new Error(`api.redirect.validateToken: no "${param}" parameter in the request`);
      return toAction(ruleRequire('jsonwebtoken').verify(token, o.secret, { algorithms: ['HS256'] }));
    },
  };

  api.cache = {
    get(key) {
      return toAction(run.sandbox.cache.get(key));
    },
    set(key, value, options) {
      const result = run.sandbox.cache.set(key, value, options);
      if (result.type === 'error' && !run.closed) run.findings.push(findings.cacheWriteFailed(frame, key, result));
      return toAction(result);
    },
    delete(key) {
      return toAction(run.sandbox.cache.delete(key));
    },
  };

  // Whether a rule of this login ran (and called back): Auth0 matches the rule's id; the chain
  // may give rules an "id", else their name is used.
  api.rules = {
    wasExecuted(ruleId) {
      return run.frames.some((f) => f.item.kind === 'rule' && f.record.status === 'ok' &&
        (f.item.id === ruleId || f.record.name === ruleId));
    },
  };

  for (const ns of UNSIMULATED) api[ns] = unsimulated(ns);
  return api;
}

module.exports = { makeApi, MFA_PROVIDERS };
