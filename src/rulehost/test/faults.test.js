'use strict';
// Faults are contained: a rule that blocks the event loop, ends its thread, or exhausts the
// heap costs its run (and the sandboxes), never the host.
const test = require('node:test');
const assert = require('node:assert/strict');
const path = require('node:path');
const { Host, rule } = require('./helpers');

const pass = rule('pass', 'function (user, context, callback) { callback(null, user, context); }');
const counter = rule('count', function (user, context, callback) {
  global.n = (global.n || 0) + 1;
  context.idToken.n = global.n;
  callback(null, user, context);
});
const statuses = (res) => res.rules.map((r) => r.status);

test('faults', async (t) => {
  const host = await Host.start(['--max-old-space-size=128']);
  t.after(() => host.close());

  await t.test('a synchronous loop ends at the deadline; the host keeps answering', async () => {
    assert.equal((await host.run({ chain: [counter] })).context.idToken.n, 1);
    const looping = host.run({
      timeout_ms: 200,
      chain: [counter, rule('spin', 'function (user, context, callback) { while (true) {} }'), pass],
    });
    assert.equal((await host.request({ type: 'ping' })).type, 'pong'); // answered meanwhile
    const res = await looping;
    assert.equal(res.outcome, 'error');
    assert.equal(res.error.kind, 'timeout');
    assert.deepEqual(statuses(res), ['ok', 'timeout', 'not_run']);
    assert.deepEqual(res.findings.map((f) => f.code), ['sandbox-reset']);
    const after = await host.run({ chain: [counter] });
    assert.equal(after.outcome, 'allowed');
    assert.equal(after.context.idToken.n, 1, 'global was reset with the executor');
  });

  await t.test('a loop inside a timer callback is ended the same way', async () => {
    const res = await host.run({
      timeout_ms: 200,
      chain: [pass, rule('spin-later', 'function (user, context, callback) { setTimeout(function () { for (;;) {} }, 1); }')],
    });
    assert.equal(res.error.kind, 'timeout');
    assert.deepEqual(statuses(res), ['ok', 'timeout']);
  });

  await t.test('process.exit through a vm escape ends only the executor thread', async () => {
    const res = await host.run({
      chain: [rule('escape', 'function (user, context, callback) { this.constructor.constructor("return process")().exit(3); }')],
    });
    assert.equal(res.outcome, 'error');
    assert.equal(res.error.kind, 'crashed');
    assert.equal((await host.run({ chain: [pass] })).outcome, 'allowed');
  });

  await t.test('a heap bomb ends the executor thread, not the host', async () => {
    const res = await host.run({
      chain: [rule('bomb', 'function (user, context, callback) { const a = []; for (;;) a.push(new Array(1e5).fill(1)); }')],
    });
    assert.equal(res.outcome, 'error');
    assert.equal(res.error.kind, 'out_of_memory');
    assert.equal((await host.run({ chain: [pass] })).outcome, 'allowed');
  });
});

const [major] = process.versions.node.split('.').map(Number);
test('permission model (Node >= 20)', { skip: major < 20 && 'no --experimental-permission before Node 20' }, async (t) => {
  const dir = path.join(__dirname, '..');
  const flags = ['--experimental-permission', `--allow-fs-read=${dir}`];

  await t.test('with --allow-worker the executor runs in its worker', async () => {
    const host = await Host.start([...flags, '--allow-worker']);
    assert.equal(host.readyMessage.isolation, 'worker');
    assert.equal((await host.run({ chain: [counter] })).outcome, 'allowed');
    await host.close();
  });

  await t.test('without it the host runs rules on its main thread', async () => {
    const host = await Host.start(flags);
    assert.equal(host.readyMessage.isolation, 'in-process');
    const res = await host.run({ chain: [counter, rule('axios', function (user, context, callback) {
      context.idToken.axios = typeof require('axios@0.19.2').get;
      callback(null, user, context);
    })] });
    assert.equal(res.outcome, 'allowed', JSON.stringify(res.rules));
    assert.equal(res.context.idToken.axios, 'function');
    await host.close();
  });
});
