'use strict';
const test = require('node:test');
const assert = require('node:assert/strict');
const { Host, USER, rule } = require('./helpers');
const { validate } = require('../lib/metadata');

test('metadata key rules (pure)', () => {
  assert.equal(validate({ plan: 'pro', nested: { ok: 1 } }), null);
  assert.match(validate({ 'a.b': 1 }).message, /"a\.b" contains "\." or "\$"/);
  assert.match(validate({ outer: { $set: 1 } }).message, /"outer\.\$set"/);
  assert.equal(validate({ 'a.b': 1 }).statusCode, 500);
  assert.match(validate(null).message, /must be an object/);
  assert.match(validate([1]).message, /must be an object/);
});

test('auth0.users metadata updates', async (t) => {
  const host = await Host.start();
  t.after(() => host.close());

  await t.test('root keys merge, nested objects are replaced, null deletes', async () => {
    const res = await host.run({
      chain: [rule('update', async function (user, context, callback) {
        await auth0.users.updateAppMetadata(user.user_id, { plan: null, roles: ['admin'], prefs: { a: 1 } });
        await auth0.users.updateAppMetadata(user.user_id, { prefs: { b: 2 } });
        const viaCallback = await new Promise((resolve) => {
          auth0.users.updateUserMetadata(user.user_id, { theme: 'dark' }, (err, u) => resolve([err, typeof u]));
        });
        context.idToken.cb = viaCallback;
        callback(null, user, context);
      })],
    });
    assert.equal(res.outcome, 'allowed', JSON.stringify(res.rules[0].error));
    assert.deepEqual(res.user.app_metadata, { roles: ['admin'], prefs: { b: 2 } });
    assert.deepEqual(res.user.user_metadata, { preferences: { color: 'blue' }, theme: 'dark' });
    assert.deepEqual(res.context.idToken.cb, [null, 'object']);
    assert.deepEqual(res.metadata_updates, [
      { user_id: USER.user_id, app_metadata: { plan: null, roles: ['admin'], prefs: { a: 1 } } },
      { user_id: USER.user_id, app_metadata: { prefs: { b: 2 } } },
      { user_id: USER.user_id, user_metadata: { theme: 'dark' } },
    ]);
  });

  await t.test('an empty object clears; another user id is recorded but not applied', async () => {
    const res = await host.run({
      chain: [rule('clear', function (user, context, callback) {
        auth0.users.updateAppMetadata('auth0|someone-else', { x: 1 })
          .then(() => auth0.users.updateAppMetadata(user.user_id, {}))
          .then(() => callback(null, user, context), callback);
      })],
    });
    assert.deepEqual(res.user.app_metadata, {});
    assert.deepEqual(res.metadata_updates.map((u) => u.user_id), ['auth0|someone-else', USER.user_id]);
  });

  await t.test('keys with "." are refused like the Management API does', async () => {
    const res = await host.run({
      chain: [rule('dotted', function (user, context, callback) {
        auth0.users.updateAppMetadata(user.user_id, { 'a.b': 1 })
          .then(() => callback(null, user, context))
          .catch((err) => callback(err));
      })],
    });
    assert.equal(res.outcome, 'error');
    assert.match(res.error.error_description, /"a\.b" contains "\." or "\$"/);
    assert.deepEqual(res.metadata_updates, []);
    assert.deepEqual(res.user.app_metadata, USER.app_metadata);
  });

  await t.test('an update not waited for is work running after callback', async () => {
    const res = await host.run({
      chain: [rule('no-wait', function (user, context, callback) {
        auth0.users.updateAppMetadata(user.user_id, { seen: true }).then(() => {
          context.idToken.saved = true;
        });
        callback(null, user, context);
      })],
    });
    assert.equal(res.outcome, 'allowed');
    assert.deepEqual(res.findings.map((f) => f.code), ['callback-before-async']);
    assert.equal(res.user.app_metadata.seen, true);
  });
});
