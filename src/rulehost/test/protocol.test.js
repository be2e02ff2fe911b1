'use strict';
const test = require('node:test');
const assert = require('node:assert/strict');
const { Host, rule } = require('./helpers');

test('protocol', async (t) => {
  const host = await Host.start();
  t.after(() => host.close());

  await t.test('ready names the node version, pid and the allowed modules', () => {
    const ready = host.readyMessage;
    assert.equal(ready.node, process.version);
    assert.equal(ready.pid, host.child.pid);
    for (const name of ['axios@0.19.2', 'axios@0.21.1', 'request', 'lodash@4.17.19', 'jsonwebtoken',
      'uuid', 'moment', 'node-fetch@2.6.0', 'node-fetch@2.6.1', 'auth0@2.9.1', 'auth0', 'crypto']) {
      assert.ok(ready.modules.includes(name), name);
    }
    assert.equal(ready.isolation, 'worker');
  });

  await t.test('ping answers pong with the same id', async () => {
    assert.deepEqual(await host.request({ id: 41, type: 'ping' }), { id: 41, type: 'pong' });
  });

  await t.test('malformed lines and unknown types get an error and the host goes on', async () => {
    const bad = await host.raw('{not json');
    assert.equal(bad.type, 'error');
    assert.equal(bad.id, null);
    assert.match(bad.message, /malformed JSON/);
    const unknown = await host.request({ id: 7, type: 'explode' });
    assert.deepEqual([unknown.id, unknown.type], [7, 'error']);
    assert.match(unknown.message, /unknown request type "explode"/);
    const missing = await host.request({ type: 'run', chain: 'nope', user: {} });
    assert.equal(missing.type, 'error');
    assert.match(missing.message, /"chain" must be an array/);
    assert.equal((await host.request({ type: 'ping' })).type, 'pong');
  });

  await t.test('check compiles without running and lists configuration keys', async () => {
    const ok = await host.request({
      type: 'check',
      source: `function (user, context, callback) {
        const { API_URL } = configuration;
        process.exit(1); // never runs
        callback(null, user, context, configuration.RULE_APP_CLIENT_ID, configuration['RULE_APP_CLIENT_SECRET']);
      }`,
    });
    assert.equal(ok.type, 'check_result');
    assert.equal(ok.ok, true);
    assert.equal(ok.error, null);
    assert.deepEqual(ok.configuration_keys, ['API_URL', 'RULE_APP_CLIENT_ID', 'RULE_APP_CLIENT_SECRET']);

    const bad = await host.request({ type: 'check', source: 'function (user, context, callback) {\n  let x = ;\n}' });
    assert.equal(bad.ok, false);
    assert.deepEqual([bad.error.line, bad.error.column], [2, 11]);
    assert.match(bad.error.message, /Unexpected token/);

    const semi = await host.request({ type: 'check', source: 'function (u, c, cb) { cb(); };' });
    assert.equal(semi.ok, false);
    assert.match(semi.error.message, /must not end with ";"/);
  });

  await t.test('reset drops the sandbox global', async () => {
    const counter = rule('count', function (user, context, callback) {
      global.n = (global.n || 0) + 1;
      context.idToken['https://rulebench.test/n'] = global.n;
      callback(null, user, context);
    });
    const first = await host.run({ sandbox: 'reset-test', chain: [counter] });
    const second = await host.run({ sandbox: 'reset-test', chain: [counter] });
    assert.equal(first.context.idToken['https://rulebench.test/n'], 1);
    assert.equal(second.context.idToken['https://rulebench.test/n'], 2);
    const other = await host.run({ sandbox: 'other', chain: [counter] });
    assert.equal(other.context.idToken['https://rulebench.test/n'], 1);
    assert.deepEqual(await host.request({ id: 99, type: 'reset', sandbox: 'reset-test' }),
      { id: 99, type: 'reset_result' });
    const third = await host.run({ sandbox: 'reset-test', chain: [counter] });
    assert.equal(third.context.idToken['https://rulebench.test/n'], 1);
  });
});
