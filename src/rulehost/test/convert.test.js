'use strict';
// The rule -> Action converter (lib/convert): what it writes for each documented construct,
// what it refuses to guess, and that a converted rule behaves as the rule did in the host.
const test = require('node:test');
const assert = require('node:assert/strict');
const { convertRule } = require('../lib/convert');
const { Host, USER, CONTEXT } = require('./helpers');

const unconvertedLines = (r) => r.unconverted.map((u) => u.line);

const CASES = [
  {
    name: 'claims, denial, configuration, context reads',
    rule: `function (user, context, callback) {
  const ns = configuration.NAMESPACE;
  if (!user.email_verified) {
    return callback(new UnauthorizedError('verify first'));
  }
  context.idToken[ns + 'roles'] = user.app_metadata.roles;
  context.accessToken.tier = context.clientMetadata.tier;
  context.idToken['https://ns/where'] = context.request.geoip.city_name + context.request.userAgent;
  context.idToken['https://ns/conn'] = [context.connection, context.connectionStrategy, context.tenant, context.stats.loginsCount];
  callback(null, user, context);
}`,
    has: [
      'exports.onExecutePostLogin = async (event, api) => {',
      'const ns = event.secrets.NAMESPACE;',
      'return api.access.deny(\'verify first\');',
      'api.idToken.setCustomClaim(ns + \'roles\', event.user.app_metadata.roles);',
      'api.accessToken.setCustomClaim(\'tier\', event.client.metadata.tier);',
      'event.request.geoip.cityName + event.request.user_agent',
      '[event.connection.name, event.connection.strategy, event.tenant.id, event.stats.logins_count]',
      ' * Secrets: NAMESPACE',
    ],
    not: ['callback', 'context', 'configuration', 'return;\n}'],
    unconverted: [],
  },
  {
    name: 'metadata update in a promise chain is inlined',
    rule: `function (user, context, callback) {
  user.app_metadata = user.app_metadata || {};
  user.app_metadata.visits = (user.app_metadata.visits || 0) + 1;
  auth0.users.updateAppMetadata(user.user_id, user.app_metadata)
    .then(function () {
      context.idToken['https://ns/visits'] = user.app_metadata.visits;
      callback(null, user, context);
    })
    .catch(function (err) {
      callback(err);
    });
}`,
    has: [
      'for (const [key, value] of Object.entries(event.user.app_metadata)) api.user.setAppMetadata(key, value);\n' +
        '  api.idToken.setCustomClaim(\'https://ns/visits\', event.user.app_metadata.visits);\n  return;',
    ],
    not: ['Promise', '.then', 'err'],
    unconverted: [],
  },
  {
    name: 'metadata object literal and user metadata; await form',
    rule: `async function (user, context, callback) {
  await auth0.users.updateUserMetadata(user.user_id, { theme: 'dark', old: null });
  return callback(null, user, context);
}`,
    has: ['api.user.setUserMetadata(\'theme\', \'dark\');\n  api.user.setUserMetadata(\'old\', null);'],
    not: ['await new Promise'],
    unconverted: [],
  },
  {
    name: 'callbacks in nested async code: the body waits in a Promise',
    rule: `function (user, context, callback) {
  const axios = require('axios@0.19.2');
  axios.get(configuration.API_URL).then((res) => {
    if (res.data.blocked) return callback(new Error('blocked by API'));
    context.idToken['https://ns/api'] = res.data.value;
    callback(null, user, context);
  }).catch(callback);
}`,
    has: [
      'await new Promise((resolve, reject) => {',
      'const axios = require(\'axios\');',
      'return resolve(api.access.deny(\'blocked by API\'));',
      'resolve();',
      '.catch(reject);',
      ' * Dependencies: axios@0.19.2',
    ],
    dependencies: ['axios@0.19.2'],
    unconverted: [],
  },
  {
    name: 'MFA, redirect, scopes',
    rule: `function (user, context, callback) {
  if (context.clientName === 'Admin') {
    context.multifactor = { provider: 'any', allowRememberBrowser: false };
  }
  context.accessToken.scope = ['openid', 'read:messages'];
  context.redirect = { url: 'https://consent.example/' };
  callback(null, user, context);
}`,
    has: [
      'api.multifactor.enable(\'any\', { allowRememberBrowser: false });',
      'event.transaction.requested_scopes.forEach((scope) => api.accessToken.removeScope(scope));',
      'scopes.forEach((scope) => api.accessToken.addScope(scope));',
      'api.redirect.sendUserTo(\'https://consent.example/\');',
    ],
    unconverted: [],
  },
  {
    name: 'what has no safe equivalent is listed with its line',
    rule: `function (user, context, callback) {
  global.token = global.token || auth0.accessToken;
  if (context.protocol === 'redirect-callback') {
    return callback(null, user, context);
  }
  context.samlConfiguration.mappings = {};
  context.primaryUser = 'auth0|other';
  const x = context.sso.current_clients;
  user.picture = 'https://example/p.png';
  auth0.users.updateAppMetadata('auth0|someone-else', { a: 1 });
  const err = new UnauthorizedError('kept');
  context.idToken.a = context.idToken.b;
  request.get('https://example');
  callback(null, user, context);
}`,
    unconverted: [2, 2, 3, 6, 7, 8, 9, 10, 11, 12, 13],
  },
  {
    name: 'a rule that never calls back is not silently fixed',
    rule: `function (user, context, callback) {
  context.idToken.x = 1;
}`,
    unconverted: [1],
  },
  {
    name: 'metadata presence checks are listed; safe guards are not',
    rule: `function (user, context, callback) {
  user.app_metadata = user.app_metadata || {};
  const roles = (user.user_metadata && user.user_metadata.roles) || [];
  if (!user.user_metadata) return callback(null, user, context);
  const kind = typeof user.app_metadata;
  const plan = user.app_metadata || { plan: 'free' };
  if (user.user_metadata && user.user_metadata.roles.includes('x')) context.idToken.x = roles;
  callback(null, user, context);
}`,
    unconverted: [4, 5, 6, 7],
  },
  {
    name: 'unversioned requires get the version the host ships; built-ins none',
    rule: `function (user, context, callback) {
  const _ = require('lodash');
  const crypto = require('crypto');
  context.idToken.h = crypto.createHash('sha256').update(_.toUpper(user.email)).digest('hex');
  callback(null, user, context);
}`,
    dependencies: ['lodash@4.17.21'],
    unconverted: [],
  },
];

test('converter cases', async (t) => {
  for (const c of CASES) {
    await t.test(c.name, () => {
      const r = convertRule(c.rule);
      assert.equal(r.ok, true, JSON.stringify(r.error));
      for (const fragment of c.has || []) assert.ok(r.action.includes(fragment), `missing:\n${fragment}\n--- in ---\n${r.action}`);
      const body = r.action.slice(r.action.indexOf('exports.'));
      for (const fragment of c.not || []) assert.ok(!body.includes(fragment), `unexpected ${fragment} in\n${body}`);
      assert.deepEqual(unconvertedLines(r), c.unconverted, JSON.stringify(r.unconverted, null, 1));
      if (c.dependencies) assert.deepEqual(r.dependencies, c.dependencies);
    });
  }
});

test('names are resolved by scope, never by spelling', () => {
  const r = convertRule(`function (user, context, cb) {
  const configuration = { A: 1 };
  [{ email: 'x' }].forEach(function (user) { console.log(user.email, configuration.A); });
  const event = 1, api = 2;
  cb(null, user, context);
}`);
  assert.equal(r.ok, true);
  assert.ok(r.action.includes('exports.onExecutePostLogin = async (event2, api2) => {'));
  assert.ok(r.action.includes('function (user) { console.log(user.email, configuration.A); }'));
  assert.deepEqual(r.secrets, []);
  assert.deepEqual(r.unconverted, []);
});

test('a one-line rule', () => {
  const r = convertRule('function (u, c, cb) { c.idToken.x = u.email; cb(null, u, c); }');
  assert.ok(r.action.endsWith('exports.onExecutePostLogin = async (event, api) => { api.idToken.setCustomClaim(\'x\', event.user.email);  };\n'), r.action);
});

test('callback followed by more code keeps that code running', () => {
  const r = convertRule(`function (user, context, callback) {
  callback(null, user, context);
  console.log('after');
}`);
  assert.ok(r.action.includes('resolve();\n    console.log(\'after\');'));
});

test('bad input: syntax errors, a trailing semicolon, not a function', () => {
  let r = convertRule('function (user, context, callback) {\n  let = ;\n}');
  assert.equal(r.ok, false);
  assert.equal(r.error.line, 2);
  r = convertRule('function (user, context, callback) { callback(); };');
  assert.match(r.error.message, /must not end with ";"/);
  r = convertRule('exports.onExecutePostLogin = async () => {}');
  assert.match(r.error.message, /A rule must be one function expression/);
  r = convertRule('exports.onExecutePostLogin = async () => {};\n');
  assert.match(r.error.message, /^This is already an Action/);
  r = convertRule('function (u, c, cb) {\n  const x = ;\n  cb();\n}\n');
  assert.equal(r.error.message, 'Unexpected token');
});

test('the convert request, and converted rules behave like the rules', async (t) => {
  const host = await Host.start();
  t.after(() => host.close());
  const reply = await host.request({ type: 'convert', source: CASES[0].rule });
  assert.equal(reply.type, 'convert_result');
  assert.equal(reply.ok, true);
  assert.deepEqual(reply.secrets, ['NAMESPACE']);
  const bad = await host.request({ type: 'convert', source: 'nope(' });
  assert.equal(bad.ok, false);

  const context = { ...CONTEXT, clientName: 'Admin', clientMetadata: { tier: 'gold' }, connection: 'db',
    connectionStrategy: 'auth0', tenant: 't', request: { userAgent: 'UA', query: { scope: 'openid profile' }, geoip: { city_name: 'Athens' } } };
  const configuration = { NAMESPACE: 'https://ns/' };
  const now = '2026-05-01T10:00:00.000Z';
  for (const c of CASES.filter((x) => x.unconverted.length === 0 && !x.dependencies)) {
    await t.test(c.name, async () => {
      const action = convertRule(c.rule);
      for (const user of [USER, { ...USER, email_verified: false }]) {
        const r = await host.run({ sandbox: 'rule', now, user, context, configuration, chain: [{ name: 'r', kind: 'rule', source: c.rule }] });
        const a = await host.run({ sandbox: 'action', now, user, context, secrets: configuration, chain: [{ name: 'a', kind: 'action', source: action.action }] });
        const view = (x) => ({
          allowed: x.outcome === 'allowed', description: x.error && x.error.error_description,
          idToken: x.context.idToken, accessToken: x.context.accessToken, multifactor: x.context.multifactor,
          redirect: x.context.redirect, metadata: x.user.app_metadata, userMetadata: x.user.user_metadata,
        });
        assert.deepEqual(view(a), view(r));
      }
    });
  }
});
