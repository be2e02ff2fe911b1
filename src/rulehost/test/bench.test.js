'use strict';
// The bench request and the bare reference loop produce their numbers (speed itself is
// measured with bench/run-bench.js, never asserted in a test).
const test = require('node:test');
const assert = require('node:assert/strict');
const { execFileSync } = require('node:child_process');
const fs = require('node:fs');
const path = require('node:path');
const { Host, rule } = require('./helpers');

const BENCH = path.join(__dirname, '..', 'bench');
const ruleFiles = fs.readdirSync(path.join(BENCH, 'rules')).sort().map((f) => path.join(BENCH, 'rules', f));
const read = (f) => JSON.parse(fs.readFileSync(path.join(BENCH, f), 'utf8'));

test('bench request runs N logins in the warm sandbox', async (t) => {
  const host = await Host.start();
  t.after(() => host.close());
  const chain = ruleFiles.map((file) => ({ name: path.basename(file, '.js'), kind: 'rule', file, source: fs.readFileSync(file, 'utf8') }));
  const res = await host.request({
    type: 'bench', logins: 300, sandbox: 'b', chain,
    user: read('user.json'), context: read('context.json'), configuration: read('configuration.json'),
  });
  assert.equal(res.type, 'bench_result');
  assert.equal(res.logins, 300);
  assert.deepEqual(res.outcomes, { allowed: 300 });
  assert.ok(res.elapsed_ms > 0 && res.logins_per_s > 0);
  assert.ok(res.latency_us.p50 > 0 && res.latency_us.p99 >= res.latency_us.p50);

  // The same sandbox kept its global across the 300 logins.
  const counter = await host.run({ sandbox: 'b', chain: [chain[3]], user: read('user.json'), context: read('context.json') });
  assert.equal(counter.context.accessToken['https://rulebench.test/login_seq'], 301);

  const denied = await host.request({
    type: 'bench', logins: 10, user: { ...read('user.json'), email_verified: false }, context: read('context.json'),
    chain: [chain[1], rule('after', 'function (u, c, cb) { cb(null, u, c); }')],
  });
  assert.deepEqual(denied.outcomes, { denied: 10 });
  const bad = await host.request({ type: 'bench', logins: 0, chain, user: {} });
  assert.equal(bad.type, 'error');
  assert.match(bad.message, /"logins" must be an integer/);
});

test('bare vm loop prints logins_per_s', () => {
  const out = execFileSync(process.execPath, [path.join(BENCH, 'bare-vm-loop.js'),
    '--user', path.join(BENCH, 'user.json'), '--context', path.join(BENCH, 'context.json'),
    '--config', path.join(BENCH, 'configuration.json'), '--logins', '200', ...ruleFiles], { encoding: 'utf8' });
  assert.match(out, /^logins_per_s=\d+$/m);
});
