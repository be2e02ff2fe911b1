'use strict';
// Pure modules, without a host process.
const test = require('node:test');
const assert = require('node:assert/strict');
const { Masker } = require('../lib/mask');
const { analyze } = require('../lib/analyze');
const { parseLine, stringify } = require('../lib/protocol');
const { ruleRequire } = require('../lib/modules');

test('masking', () => {
  const m = new Masker({ RULE_APP_CLIENT_SECRET: 'abc def/+', API_KEY: 'k-123456', SHORT_KEY: 'x1', URL: 'https://a' }, [['TOKEN', 'secret-action-value'], ['API_URL', 'https://api.example/x']]);
  assert.equal(m.text('grant_type=client_credentials&client_secret=whatever&x=1'),
    'grant_type=client_credentials&client_secret=***&x=1');
  assert.equal(m.text('{"client_id":"a","client_secret":"q\\"uoted"}'), '{"client_id":"a","client_secret":"***"}');
  assert.equal(m.text('pw=abc+def%2F%2B and abc def/+ and "abc def/+"'), 'pw=*** and *** and "***"');
  assert.equal(m.text('https://api/x?api_key=k-123456'), 'https://api/x?api_key=***');
  assert.equal(m.text('uses secret-action-value'), 'uses ***');
  assert.equal(m.text('x1 stays, https://a stays'), 'x1 stays, https://a stays');
  assert.equal(m.text('GET https://api.example/x'), 'GET https://api.example/x'); // a setting, not a secret
  assert.deepEqual(m.headers({ Authorization: 'Bearer eyJ.abc', 'proxy-authorization': 'opaque', 'x-api-key': 'k-123456', accept: 'json' }),
    { Authorization: 'Bearer ***', 'proxy-authorization': '***', 'x-api-key': '***', accept: 'json' });
});

test('static analysis of rule sources', () => {
  const { configurationKeys, keyLines, legacyGlobals } = analyze(`function (user, context, callback) {
    const { A, B: b } = configuration;
    const c = configuration.C + configuration['D'];
    request.post({ url: configuration.E });
    const q = 1; const obj = { jwt: 1 }; obj.crypto = 2;
    async.each([], (x, cb) => cb(), () => _.noop());
    callback(null, user, context);
  }`);
  assert.deepEqual(configurationKeys, ['A', 'B', 'C', 'D', 'E']);
  assert.deepEqual(keyLines, { A: 2, B: 2, C: 3, D: 3, E: 4 });
  assert.deepEqual(legacyGlobals, [{ name: 'request', line: 4 }, { name: 'async', line: 6 }, { name: '_', line: 6 }]);
  assert.deepEqual(analyze('not (valid'), { configurationKeys: [], keyLines: {}, legacyGlobals: [] });
  const action = analyze(`exports.onExecutePostLogin = async (ev, api) => {
    api.idToken.setCustomClaim('x', ev.secrets.PLAN);
    const other = ev.secrets['API_URL'] + configuration.NOT_IN_ACTIONS;
  };`, 'action');
  assert.deepEqual(action.configurationKeys, ['API_URL', 'PLAN']);
  assert.deepEqual(action.keyLines, { PLAN: 2, API_URL: 3 });
});

test('protocol parsing and serialisation', () => {
  assert.deepEqual(parseLine('{"id":3,"type":"ping"}'), { request: { id: 3, type: 'ping' } });
  assert.equal(parseLine('[]').response.message, 'a request must be a JSON object');
  assert.equal(parseLine('{"type":"ping"}').response.message, 'request "id" must be a number');
  const cyclic = { big: 10n };
  cyclic.self = cyclic;
  assert.equal(stringify(cyclic), '{"big":"10","self":"[Circular]"}');
});

test('versioned requires resolve to the real packages', () => {
  assert.equal(ruleRequire('axios@0.19.2'), require('axios-0.19.2'));
  assert.equal(require('axios-0.19.2/package.json').version, '0.19.2');
  assert.equal(require('axios-0.21.1/package.json').version, '0.21.1');
  assert.equal(ruleRequire('axios'), ruleRequire('axios@0.21.1'));
  assert.equal(ruleRequire('lodash@4.17.19').VERSION, '4.17.19');
  assert.equal(require('node-fetch-2.6.0/package.json').version, '2.6.0');
  assert.equal(require('auth0-2.9.1/package.json').version, '2.9.1');
  assert.equal(typeof ruleRequire('auth0').ManagementClient, 'function');
  assert.equal(ruleRequire('querystring').stringify({ a: 1 }), 'a=1');
  assert.throws(() => ruleRequire('fs'), /Cannot find module 'fs' in the Auth0 rule sandbox \(allowed: /);
  assert.throws(() => ruleRequire('child_process'), { code: 'MODULE_NOT_FOUND' });
});
