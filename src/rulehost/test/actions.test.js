'use strict';
// Post-login Actions in the chain: the event they receive, each api method, the flow's
// semantics (deny, redirect, errors, timeouts, late work) and their dependencies, through a
// real host process.
const test = require('node:test');
const assert = require('node:assert/strict');
const { Host, USER, CONTEXT, rule, startTenant } = require('./helpers');

function action(name, body, extra = {}) {
  const source = typeof body === 'function'
    ? `exports.onExecutePostLogin = ${body.toString()};\n` : body;
  return { name, kind: 'action', source, ...extra };
}
const statuses = (res) => res.rules.map((r) => r.status);
const codes = (res) => res.findings.map((f) => f.code);
const logged = (res, i = 0) => res.rules[i].console.map((l) => JSON.parse(l));

const LOGIN = {
  ...CONTEXT,
  tenant: 'acme-prod',
  clientMetadata: { tier: 'gold' },
  connectionID: 'con_A1b2', connection: 'Username-Password-Authentication', connectionStrategy: 'auth0',
  sessionID: 'sess-1', sso: { current_clients: ['other-client'] },
  request: {
    ip: '203.0.113.24', hostname: 'acme.eu.auth0.com', userAgent: 'Mozilla/5.0',
    query: {
      scope: 'openid profile email', audience: 'https://api.acme.example', response_type: 'code',
      redirect_uri: 'https://app.acme.example/callback', state: 'st4te', prompt: 'login',
      ui_locales: 'en-GB fr',
    },
    body: {},
    geoip: { country_code: 'GR', country_code3: 'GRC', city_name: 'Athens', time_zone: 'Europe/Athens' },
  },
  authentication: { methods: [{ name: 'pwd', timestamp: 1709370940101 }] },
  authorization: { roles: ['editor'] },
  organization: { id: 'org_1', name: 'acme', metadata: { a: 'b' } },
};

test('post-login Actions', async (t) => {
  const host = await Host.start();
  t.after(() => host.close());
  const run = (fields) => host.run({ context: LOGIN, ...fields });

  await t.test('event is built from the user and context the rules left', async () => {
    const res = await run({
      user: { ...USER, app_metadata: undefined, created_at: 1700000000000, logins_count: 7,
        identities: [{ provider: 'auth0', connection: 'db', user_id: '1', isSocial: false, access_token: 'idp' }] },
      secrets: { API_KEY: 'key-123456' },
      chain: [
        rule('enrich', function (user, context, callback) {
          user.user_metadata.fromRule = true;
          callback(null, user, context);
        }),
        action('show', async (event) => { console.log(JSON.stringify(event)); }),
      ],
    });
    assert.equal(res.outcome, 'allowed');
    const [event] = logged(res, 1);
    assert.deepEqual(event.user.app_metadata, {}); // undefined in the rule: always an object here
    assert.equal(event.user.user_metadata.fromRule, true);
    assert.equal(event.user.created_at, '2023-11-14T22:13:20.000Z');
    assert.equal(event.user.logins_count, undefined); // moved to event.stats
    assert.deepEqual(event.user.identities, [{ provider: 'auth0', connection: 'db', user_id: '1', isSocial: false }]);
    assert.deepEqual(event.client, { client_id: CONTEXT.clientID, name: 'Acme Web', metadata: { tier: 'gold' } });
    assert.deepEqual(event.connection, { id: 'con_A1b2', name: 'Username-Password-Authentication', strategy: 'auth0', metadata: {} });
    assert.deepEqual(event.request.geoip, { countryCode: 'GR', countryCode3: 'GRC', cityName: 'Athens', timeZone: 'Europe/Athens' });
    assert.equal(event.request.user_agent, 'Mozilla/5.0');
    assert.equal(event.request.method, 'GET');
    assert.equal(event.request.ip, '203.0.113.24');
    assert.deepEqual(event.transaction.requested_scopes, ['openid', 'profile', 'email']);
    assert.deepEqual(event.transaction.ui_locales, ['en-GB', 'fr']);
    assert.deepEqual(event.transaction.prompt, ['login']);
    assert.equal(event.transaction.protocol, 'oidc-basic-profile');
    assert.equal(event.transaction.redirect_uri, 'https://app.acme.example/callback');
    assert.deepEqual(event.authentication.methods, [{ name: 'pwd', timestamp: '2024-03-02T09:15:40.101Z' }]);
    assert.deepEqual(event.authorization, { roles: ['editor'] });
    assert.deepEqual(event.stats, { logins_count: 42 });
    assert.deepEqual(event.tenant, { id: 'acme-prod' });
    assert.deepEqual(event.resource_server, { identifier: 'https://api.acme.example' });
    assert.deepEqual(event.organization, { id: 'org_1', name: 'acme', display_name: 'acme', metadata: { a: 'b' } });
    assert.deepEqual(event.session, { id: 'sess-1', clients: [{ client_id: 'other-client' }] });
    assert.deepEqual(event.secrets, { API_KEY: '***' }); // the value, masked in console output
  });

  await t.test('secrets: shared, per Action by name, per chain entry', async () => {
    const show = async (event) => { console.log(JSON.stringify(event.secrets)); };
    const res = await run({
      secrets: { SHARED: 's', one: { OWN: 'o1' }, two: { OWN: 'o2', SHARED: 'ovr' } },
      chain: [action('one', show), action('two', show), action('three', show, { secrets: { ENTRY: 'e' } })],
    });
    assert.deepEqual(res.rules.map((r) => JSON.parse(r.console[0])), [
      { SHARED: 's', OWN: 'o1' }, { SHARED: 'ovr', OWN: 'o2' }, { SHARED: 's', ENTRY: 'e' },
    ]);
  });

  await t.test('an Action reading a secret it does not have is a finding, with its line', async () => {
    const res = await run({
      secrets: { other: { PLAN: 'gold' } },
      chain: [action('claims', 'exports.onExecutePostLogin = async (event, api) => {\n  api.idToken.setCustomClaim("https://ns/plan", event.secrets.PLAN);\n};\n')],
    });
    assert.deepEqual(codes(res), ['missing-configuration']);
    assert.equal(res.findings[0].line, 2);
    assert.match(res.findings[0].message, /event\.secrets\.PLAN/);
  });

  await t.test('secret-looking keys are masked wherever an Action secret comes from; settings stay readable', async () => {
    const show = async (event) => { console.log(Object.values(event.secrets).join(' ')); };
    const res = await run({
      secrets: { API_URL: 'https://api.example/x', one: { CLIENT_SECRET: 'by-name-secret' } },
      chain: [action('one', show), action('two', show, { secrets: { API_TOKEN: 'entry-token-value' } })],
    });
    assert.deepEqual(res.rules.map((r) => r.console[0]), ['https://api.example/x ***', 'https://api.example/x ***']);
  });

  await t.test('an Action sees the rules\' metadata updates, and the event is a fresh copy each time', async () => {
    const res = await run({
      chain: [
        rule('persist', function (user, context, callback) {
          auth0.users.updateAppMetadata(user.user_id, { plan: 'enterprise' }).then(() => callback(null, user, context));
        }),
        action('mutate', async (event) => { event.user.app_metadata.plan = 'changed'; event.client.name = 'x'; }),
        action('read', async (event) => { console.log(JSON.stringify([event.user.app_metadata.plan, event.client.name])); }),
      ],
    });
    assert.deepEqual(logged(res, 2), [['enterprise', 'Acme Web']]);
  });

  await t.test('setCustomClaim writes the claims the rules write', async () => {
    const res = await run({
      chain: [
        rule('r', function (user, context, callback) { context.idToken['https://ns/rule'] = 1; callback(null, user, context); }),
        action('a', async (event, api) => {
          api.idToken.setCustomClaim('https://ns/roles', event.authorization.roles)
            .accessToken.setCustomClaim('https://ns/plan', { tier: 'gold' });
        }),
      ],
    });
    assert.deepEqual(res.context.idToken, { 'https://ns/rule': 1, 'https://ns/roles': ['editor'] });
    assert.deepEqual(res.context.accessToken, { 'https://ns/plan': { tier: 'gold' } });
  });

  await t.test('addScope/removeScope start from the requested scopes, or from a rule\'s', async () => {
    let res = await run({
      chain: [action('a', async (event, api) => { api.accessToken.addScope('read:messages'); api.accessToken.removeScope('profile'); })],
    });
    assert.deepEqual(res.context.accessToken.scope, ['openid', 'email', 'read:messages']);
    res = await run({
      chain: [
        rule('r', function (user, context, callback) { context.accessToken.scope = ['openid', 'x']; callback(null, user, context); }),
        action('a', async (event, api) => { api.accessToken.addScope('x').accessToken.addScope('y'); api.accessToken.setCustomClaim('scope', 'z'); }),
      ],
    });
    assert.deepEqual(res.context.accessToken.scope, ['openid', 'x', 'y']);
    assert.deepEqual(codes(res), ['claim-dropped']);
  });

  await t.test('deny ends the flow after the Action, as access_denied', async () => {
    const res = await run({
      chain: [
        action('deny', async (event, api) => {
          api.user.setAppMetadata('denied_at', 'now');
          api.access.deny('Not allowed today');
          console.log('still runs');
          api.idToken.setCustomClaim('https://ns/after', true);
        }),
        action('later', async (event, api) => { api.idToken.setCustomClaim('https://ns/later', true); }),
      ],
    });
    assert.equal(res.outcome, 'denied');
    assert.deepEqual(res.error, { error: 'access_denied', error_description: 'Not allowed today', kind: 'denied' });
    assert.deepEqual(statuses(res), ['denied', 'not_run']);
    assert.deepEqual(res.rules[0].console, ['still runs']);
    // deny does not undo the metadata the Action set
    assert.deepEqual(res.metadata_updates, [{ user_id: USER.user_id, app_metadata: { denied_at: 'now' } }]);
  });

  await t.test('metadata: batched over all Actions, one update per kind, null deletes', async () => {
    const res = await run({
      chain: [
        action('a', async (event, api) => {
          api.user.setAppMetadata('plan', 'free').user.setAppMetadata('roles', null);
          api.user.setUserMetadata('theme', 'dark');
        }),
        action('b', async (event, api) => {
          console.log(JSON.stringify(event.user.app_metadata));
          api.user.setAppMetadata('plan', 'team');
          api.user.setAppMetadata('bad.key', 1);
        }),
      ],
    });
    assert.deepEqual(logged(res, 1), [{ plan: 'free' }]); // optimistic update between Actions
    assert.deepEqual(res.metadata_updates, [{ user_id: USER.user_id, user_metadata: { theme: 'dark' } }]);
    assert.deepEqual(codes(res), ['metadata-update-failed']);
    assert.deepEqual(res.user.app_metadata, { plan: 'team', 'bad.key': 1 });
    const ok = await run({
      chain: [action('a', async (event, api) => { api.user.setAppMetadata('plan', 'free').user.setAppMetadata('roles', null); })],
    });
    assert.deepEqual(ok.metadata_updates, [{ user_id: USER.user_id, app_metadata: { plan: 'free', roles: null } }]);
    assert.deepEqual(ok.user.app_metadata, { plan: 'free' });
  });

  await t.test('a failed flow writes no metadata', async () => {
    const res = await run({
      chain: [
        action('a', async (event, api) => { api.user.setAppMetadata('x', 1); }),
        action('b', async () => { throw new Error('boom'); }),
      ],
    });
    assert.equal(res.outcome, 'error');
    assert.deepEqual(res.metadata_updates, []);
  });

  await t.test('multifactor.enable sets what context.multifactor holds for rules', async () => {
    const res = await run({
      chain: [action('mfa', async (event, api) => {
        api.multifactor.enable('duo', { allowRememberBrowser: true, providerOptions: { host: 'h', ikey: 'i', skey: 's' } });
      })],
    });
    assert.deepEqual(res.context.multifactor, { provider: 'duo', allowRememberBrowser: true, host: 'h', ikey: 'i', skey: 's' });
    const bad = await run({ chain: [action('mfa', async (event, api) => { api.multifactor.enable('sms-please'); })] });
    assert.equal(bad.outcome, 'error');
    assert.match(bad.rules[0].error.message, /provider must be one of any, duo, google-authenticator, guardian, none/);
  });

  await t.test('redirect.sendUserTo records the redirect and pauses the flow', async () => {
    const res = await run({
      chain: [
        action('consent', async (event, api) => {
          api.redirect.sendUserTo('https://consent.example/start', { query: { user: event.user.user_id } });
        }),
        action('after', async () => {}),
      ],
    });
    assert.equal(res.outcome, 'allowed');
    assert.deepEqual(res.context.redirect, { url: `https://consent.example/start?user=${encodeURIComponent(USER.user_id)}` });
    assert.deepEqual(statuses(res), ['ok', 'not_run']);
    assert.deepEqual(codes(res), ['action-redirect']);
    const password = await run({
      context: { ...LOGIN, protocol: 'oauth2-password' },
      chain: [action('consent', async (event, api) => { api.redirect.sendUserTo('https://consent.example/'); })],
    });
    assert.deepEqual(codes(password).sort(), ['action-redirect', 'redirect-not-supported']);
    assert.match(password.findings.find((f) => f.code === 'redirect-not-supported').message, /^api\.redirect\.sendUserTo was called/);
  });

  await t.test('redirect tokens: encodeToken and validateToken agree', async () => {
    const res = await run({
      chain: [action('token', async (event, api) => {
        const token = api.redirect.encodeToken({ secret: 'shh-secret', payload: { step: 2 } });
        event.request.query.session_token = token;
        const payload = api.redirect.validateToken({ secret: 'shh-secret' });
        console.log(JSON.stringify([payload.step, payload.sub, payload.iss]));
      })],
    });
    assert.deepEqual(logged(res), [[2, USER.user_id, 'acme.eu.auth0.com']]);
  });

  await t.test('api.cache: Auth0\'s limits, kept across runs of a sandbox', async () => {
    const res = await run({
      sandbox: 'cache',
      chain: [action('cache', async (event, api) => {
        const r = (x) => (x.type === 'success' ? 'ok' : x.code);
        console.log(JSON.stringify([
          r(api.cache.set('token', 'abc', { ttl: 60000 })),
          api.cache.get('token').value,
          r(api.cache.set('k'.repeat(65), 'v')),
          r(api.cache.set('big', 'v'.repeat(4097))),
          r(api.cache.set('obj', { a: 1 })),
          r(api.cache.set('neg', 'v', { ttl: -1 })),
          r(api.cache.delete('nope')),
        ]));
        for (let i = 0; i < 19; i++) api.cache.set(`k${i}`, 'v');
        console.log(JSON.stringify([r(api.cache.set('k20', 'v')), r(api.cache.set('k0', 'w'.repeat(4096))), r(api.cache.set('k1', 'w'.repeat(4096)))]));
        for (let i = 0; i < 19; i++) api.cache.delete(`k${i}`);
      })],
    });
    assert.deepEqual(logged(res), [
      ['ok', 'abc', 'key_too_large', 'value_too_large', 'invalid_value', 'invalid_lifetime', 'not_found'],
      ['too_many_entries', 'ok', 'cache_full'],
    ]);
    assert.ok(codes(res).every((c) => c === 'cache-write-failed'));
    const next = await run({
      sandbox: 'cache',
      chain: [action('read', async (event, api) => { console.log(JSON.stringify(api.cache.get('token'))); })],
    });
    assert.equal(logged(next)[0].value, 'abc');
    await host.request({ type: 'reset', sandbox: 'cache' });
    const reset = await run({ sandbox: 'cache', chain: [action('read', async (event, api) => { console.log(String(api.cache.get('token'))); })] });
    assert.deepEqual(reset.rules[0].console, ['undefined']);
  });

  await t.test('api.cache lifetimes follow the run\'s clock: default 15 min, at most 24 h', async () => {
    const set = action('set', async (event, api) => {
      api.cache.set('short', 'v');
      api.cache.set('long', 'v', { ttl: 7 * 24 * 3600 * 1000 });
      console.log(JSON.stringify(api.cache.get('long').expires_at - Date.now()));
    });
    const get = action('get', async (event, api) => { console.log(JSON.stringify([!!api.cache.get('short'), !!api.cache.get('long')])); });
    const first = await run({ sandbox: 'clock', now: '2026-01-01T00:00:00.000Z', chain: [set] });
    assert.ok(Math.abs(logged(first)[0] - 24 * 3600 * 1000) < 1000);
    const later = await run({ sandbox: 'clock', now: '2026-01-01T00:16:00.000Z', chain: [get] });
    assert.deepEqual(logged(later), [[false, true]]);
    const dayAfter = await run({ sandbox: 'clock', now: '2026-01-02T00:01:00.000Z', chain: [get] });
    assert.deepEqual(logged(dayAfter), [[false, false]]);
  });

  await t.test('dependencies resolve to the declared version', async () => {
    const show = 'const _ = require(\'lodash\');\nexports.onExecutePostLogin = async () => { console.log(_.VERSION); };\n';
    const declared = await run({ chain: [action('a', show, { dependencies: [{ name: 'lodash', version: '4.17.19' }] })] });
    assert.deepEqual(declared.rules[0].console, ['4.17.19']);
    const asString = await run({ chain: [action('a', show, { dependencies: ['lodash@4.17.21'] })] });
    assert.deepEqual(asString.rules[0].console, ['4.17.21']);
    const header = await run({ chain: [action('a', `/**\n * Dependencies: lodash@4.17.19\n */\n${show}`)] });
    assert.deepEqual(header.rules[0].console, ['4.17.19']);
    const undeclared = await run({ chain: [action('a', show)] });
    assert.deepEqual(undeclared.rules[0].console, ['4.17.21']);
    assert.deepEqual(codes(undeclared), ['undeclared-dependency']);
    assert.match(undeclared.findings[0].message, /add lodash@4\.17\.21 to its dependencies/);
  });

  await t.test('an unknown dependency version is a clear error naming it', async () => {
    const res = await run({
      chain: [action('a', 'exports.onExecutePostLogin = async () => {};', { dependencies: [{ name: 'axios', version: '1.6.0' }] })],
    });
    assert.equal(res.outcome, 'error');
    assert.equal(res.rules[0].error.message,
      'dependency axios@1.6.0 is not available in Rulebench\'s rule host (it ships axios 0.21.1, 0.19.2)');
    const versioned = await run({ chain: [action('a', 'const a = require(\'axios@0.19.2\');\nexports.onExecutePostLogin = async () => {};')] });
    assert.match(versioned.rules[0].error.message, /^Actions do not take versioned requires: declare axios@0\.19\.2 as a dependency/);
    const missing = await run({ chain: [action('a', 'const a = require(\'left-pad\');\nexports.onExecutePostLogin = async () => {};')] });
    assert.match(missing.rules[0].error.message, /^Cannot find module 'left-pad': declare it as a dependency/);
    const bad = await host.run({ chain: [action('a', '', { dependencies: 'axios' })] });
    assert.equal(bad.type, 'error');
    assert.match(bad.message, /"chain\[0\]\.dependencies" must be an array/);
  });

  await t.test('module code runs once per sandbox; Actions have their own realm', async () => {
    const source = `let loads = (global.loads || 0) + 1;
global.loads = loads;
exports.onExecutePostLogin = async () => {
  console.log(JSON.stringify([loads, typeof configuration, typeof auth0, typeof UnauthorizedError, typeof global.fromRule]));
};
`;
    const chain = [
      rule('r', function (user, context, callback) { global.fromRule = 1; callback(null, user, context); }),
      action('a', source),
    ];
    const first = await run({ sandbox: 'realm', chain });
    const second = await run({ sandbox: 'realm', chain });
    assert.deepEqual(logged(first, 1), [[1, 'undefined', 'undefined', 'undefined', 'undefined']]);
    assert.deepEqual(logged(second, 1), [[1, 'undefined', 'undefined', 'undefined', 'undefined']]);
  });

  await t.test('onContinuePostLogin alone is not run in a login; no handler at all is an error', async () => {
    const res = await run({
      chain: [action('resume', 'exports.onContinuePostLogin = async (event, api) => { api.access.deny("no"); };')],
    });
    assert.equal(res.outcome, 'allowed');
    assert.deepEqual(statuses(res), ['ok']);
    const none = await run({ chain: [action('none', 'module.exports = {};')] });
    assert.equal(none.outcome, 'error');
    assert.match(none.rules[0].error.message, /exports no onExecutePostLogin/);
  });

  await t.test('errors: sync throw, rejection, syntax error, thrown at load', async () => {
    const thrown = await run({ chain: [action('a', 'exports.onExecutePostLogin = (event) => {\n  throw new TypeError("bad " + event.user.email);\n};')] });
    assert.equal(thrown.outcome, 'error');
    assert.deepEqual(thrown.error, { error: 'access_denied', error_description: 'bad jane.doe@example.com', kind: 'exception' });
    assert.equal(thrown.rules[0].error.line, 2);
    const rejected = await run({ chain: [action('a', async () => { await new Promise((r) => setTimeout(r, 5)); throw new Error('late'); }), action('b', async () => {})] });
    assert.deepEqual(statuses(rejected), ['error', 'not_run']);
    assert.equal(rejected.error.error_description, 'late');
    const syntax = await run({ chain: [action('a', 'exports.onExecutePostLogin = async () => {\n  let = ;\n};')] });
    assert.equal(syntax.rules[0].error.name, 'SyntaxError');
    assert.equal(syntax.rules[0].error.line, 2);
    const atLoad = await run({ chain: [action('a', 'throw new Error("at load");')] });
    assert.equal(atLoad.rules[0].error.message, 'at load');
  });

  await t.test('an Action that never settles times out with an action-timeout finding', async () => {
    const res = await run({
      timeout_ms: 300,
      chain: [action('stuck', async () => { await new Promise(() => {}); }), action('b', async () => {})],
    });
    assert.equal(res.outcome, 'error');
    assert.equal(res.error.kind, 'timeout');
    assert.deepEqual(statuses(res), ['timeout', 'not_run']);
    assert.deepEqual(codes(res), ['action-timeout']);
  });

  await t.test('work not awaited: api calls after the Action returned are lost and reported', async () => {
    const res = await run({
      chain: [action('forgetful', async (event, api) => {
        setTimeout(() => { api.idToken.setCustomClaim('https://ns/late', true); }, 20);
      })],
    });
    assert.equal(res.outcome, 'allowed');
    assert.deepEqual(res.context.idToken, {});
    assert.deepEqual(codes(res), ['unawaited-async']);
    assert.match(res.findings[0].message, /api\.idToken\.setCustomClaim/);
  });

  await t.test('HTTP calls are traced per Action, secrets masked, M2M caching checked', async () => {
    const tenant = await startTenant();
    t.after(() => tenant.close());
    const source = `const axios = require('axios');
exports.onExecutePostLogin = async (event, api) => {
  let token = api.cache.get('m2m') && api.cache.get('m2m').value;
  if (!token) {
    const res = await axios.post('http://${tenant.hostPort}/oauth/token',
      { grant_type: 'client_credentials', client_id: 'cid', client_secret: event.secrets.CLIENT_SECRET });
    token = res.data.access_token;
    if (event.secrets.CACHE === 'yes') api.cache.set('m2m', token, { ttl: 60000 });
  }
  const api_ = await axios.get('http://${tenant.hostPort}/api/messages', { headers: { Authorization: 'Bearer ' + token } });
  api.idToken.setCustomClaim('https://ns/tier', api_.data.tier);
};
`;
    const chain = [action('m2m', source, { dependencies: ['axios@0.21.1'] })];
    const uncached = await run({ sandbox: 'm2m', secrets: { CLIENT_SECRET: 'very-secret-value', CACHE: 'no' }, chain });
    assert.equal(uncached.outcome, 'allowed');
    assert.equal(uncached.context.idToken['https://ns/tier'], 'gold');
    assert.equal(uncached.rules[0].http.length, 2);
    assert.match(uncached.rules[0].http[0].request_body, /"client_secret":"\*\*\*"/);
    assert.equal(uncached.rules[0].http[1].request_headers.authorization, 'Bearer ***');
    assert.deepEqual(codes(uncached), ['m2m-token-not-cached']);
    assert.match(uncached.findings[0].message, /api\.cache/);
    const cached = await run({ sandbox: 'm2m', secrets: { CLIENT_SECRET: 'very-secret-value', CACHE: 'yes' }, chain });
    assert.deepEqual(codes(cached), []);
    const reused = await run({ sandbox: 'm2m', secrets: { CLIENT_SECRET: 'very-secret-value', CACHE: 'yes' }, chain });
    assert.equal(reused.rules[0].http.length, 1);
  });

  await t.test('a fixed now reaches Actions\' Date', async () => {
    const res = await run({ now: '2026-03-04T05:06:07.000Z', chain: [action('a', async () => { console.log(new Date().toISOString().slice(0, 16)); })] });
    assert.deepEqual(res.rules[0].console, ['2026-03-04T05:06']);
  });

  await t.test('rules.wasExecuted and parts of the api Rulebench does not simulate', async () => {
    const res = await run({
      chain: [
        { ...rule('legacy-rule', 'function (user, context, callback) { callback(null, user, context); }'), id: 'rul_1' },
        action('a', async (event, api) => {
          console.log(JSON.stringify([api.rules.wasExecuted('rul_1'), api.rules.wasExecuted('legacy-rule'), api.rules.wasExecuted('other')]));
          api.samlResponse.setAttribute('x', 'y');
        }),
      ],
    });
    assert.deepEqual(logged(res, 1), [[true, true, false]]);
    assert.equal(res.rules[1].error.message, 'api.samlResponse.setAttribute() is not simulated by Rulebench');
  });

  await t.test('legacy implicit globals are flagged in Actions too', async () => {
    const res = await run({ legacy_globals: true, chain: [action('a', 'exports.onExecutePostLogin = async () => { if (false) _.noop(); };')] });
    assert.deepEqual(codes(res), ['legacy-global']);
    assert.match(res.findings[0].message, /require it explicitly/);
  });

  await t.test('check compiles an Action', async () => {
    const ok = await host.request({ type: 'check', kind: 'action', source: 'exports.onExecutePostLogin = async () => {};' });
    assert.equal(ok.ok, true);
    const bad = await host.request({ type: 'check', kind: 'action', source: 'const x = ;' });
    assert.deepEqual(bad.error, { message: 'Unexpected token \';\'', line: 1, column: 11 });
  });
});
