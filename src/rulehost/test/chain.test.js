'use strict';
// The callback contract and the sandbox globals, through a real host process.
const test = require('node:test');
const assert = require('node:assert/strict');
const { Host, USER, rule } = require('./helpers');

const pass = rule('pass', 'function (user, context, callback) { callback(null, user, context); }');
const statuses = (res) => res.rules.map((r) => r.status);
const codes = (res) => res.findings.map((f) => f.code);

test('chain semantics', async (t) => {
  const host = await Host.start();
  t.after(() => host.close());

  await t.test('rules run in order and pass user/context along', async () => {
    const res = await host.run({
      configuration: { NS: 'https://rulebench.test/' },
      chain: [
        rule('first', function (user, context, callback) {
          console.log('first sees', user.email);
          user.step = 1;
          context.idToken[configuration.NS + 'plan'] = user.app_metadata.plan;
          callback(null, user, context);
        }),
        rule('second', function (user, context, callback) {
          setTimeout(function () {
            user.step += 1;
            context.accessToken.scope = ['openid'];
            callback(null, user, context);
          }, 5);
        }),
      ],
    });
    assert.equal(res.outcome, 'allowed');
    assert.equal(res.error, null);
    assert.deepEqual(statuses(res), ['ok', 'ok']);
    assert.equal(res.user.step, 2);
    assert.equal(res.context.idToken['https://rulebench.test/plan'], 'pro');
    assert.deepEqual(res.context.accessToken.scope, ['openid']);
    assert.deepEqual(res.rules[0].console, ['first sees jane.doe@example.com']);
    assert.deepEqual(res.rules[1].console, []);
    assert.ok(res.rules[1].duration_ms >= 4);
    assert.deepEqual(res.findings, []);
  });

  await t.test('UnauthorizedError denies and stops the chain', async () => {
    const res = await host.run({
      user: { ...USER, email_verified: false },
      chain: [pass, rule('deny-unverified', function (user, context, callback) {
        if (!user.email_verified) return callback(new UnauthorizedError('Please verify your email.'));
        callback(null, user, context);
      }), pass],
    });
    assert.equal(res.outcome, 'denied');
    assert.deepEqual(res.error, { error: 'unauthorized', error_description: 'Please verify your email.', kind: 'unauthorized' });
    assert.deepEqual(statuses(res), ['ok', 'denied', 'not_run']);
    assert.equal(res.rules[1].error.name, 'UnauthorizedError');
    assert.equal(res.rules[1].error.line, 2);
    assert.equal(res.rules[2].start_ms, null); // never started
  });

  await t.test('a configuration key the rule reads and the login does not set is a finding, with its line', async () => {
    const reads = rule('reads-config', 'function (user, context, callback) {\n  const id = configuration.CLIENT_ID;\n  const url = configuration.API_URL;\n  callback(null, user, context);\n}');
    const res = await host.run({ configuration: { API_URL: 'https://api.example' }, chain: [reads] });
    assert.equal(res.outcome, 'allowed');
    assert.deepEqual(codes(res), ['missing-configuration']);
    assert.equal(res.findings[0].line, 2);
    assert.match(res.findings[0].message, /configuration\.CLIENT_ID/);
    const complete = await host.run({ configuration: { API_URL: 'u', CLIENT_ID: 'c' }, chain: [reads] });
    assert.deepEqual(codes(complete), []);
    // A rule that did not run is not judged.
    const deny = rule('deny', 'function (user, context, callback) { callback(new UnauthorizedError("no")); }');
    assert.deepEqual(codes(await host.run({ chain: [deny, reads] })), []);
  });

  await t.test('each rule says when it started, from the start of the chain', async () => {
    const slow = rule('slow', function (user, context, callback) {
      setTimeout(() => callback(null, user, context), 25);
    });
    const res = await host.run({ chain: [pass, slow, pass] });
    const [first, second, third] = res.rules;
    assert.ok(first.start_ms >= 0 && first.start_ms < 25, `first started at ${first.start_ms}`);
    assert.ok(second.start_ms >= first.start_ms + first.duration_ms);
    assert.ok(second.duration_ms >= 24);
    assert.ok(third.start_ms >= second.start_ms + second.duration_ms);
  });

  await t.test('UnauthorizedError carries Auth0\'s fields', async () => {
    const res = await host.run({
      chain: [rule('fields', function (user, context, callback) {
        const e = new UnauthorizedError('no');
        const f = UnauthorizedError('bare');
        context.idToken.x = [e.code, e.name, e.description, e.statusCode, e instanceof Error, f instanceof UnauthorizedError];
        callback(null, user, context);
      })],
    });
    assert.deepEqual(res.context.idToken.x, ['unauthorized', 'UnauthorizedError', 'no', 401, true, true]);
  });

  await t.test('a plain Error is an error outcome, flagged when it reads like a denial', async () => {
    const res = await host.run({
      chain: [rule('plain', function (user, context, callback) {
        callback(new Error('Access denied: not in allow list'));
      }), pass],
    });
    assert.equal(res.outcome, 'error');
    assert.deepEqual(res.error, { error: 'access_denied', error_description: 'Access denied: not in allow list', kind: 'exception' });
    assert.deepEqual(statuses(res), ['error', 'not_run']);
    assert.deepEqual(codes(res), ['plain-error-denial']);
    assert.equal(res.findings[0].severity, 'info');
  });

  await t.test('a synchronous throw is the rule\'s error, with its line', async () => {
    const res = await host.run({
      chain: [rule('throws', 'function (user, context, callback) {\n  const x = null;\n  x.boom();\n}'), pass],
    });
    assert.equal(res.outcome, 'error');
    assert.deepEqual(statuses(res), ['error', 'not_run']);
    assert.equal(res.rules[0].error.name, 'TypeError');
    assert.equal(res.rules[0].error.line, 3);
    assert.match(res.error.error_description, /boom/);
  });

  await t.test('a rejection or throw in async code is charged to the rule that started it', async () => {
    const rejects = await host.run({
      chain: [rule('async-rejects', async function (user, context, callback) {
        await Promise.resolve();
        throw new Error('token endpoint said no');
      }), pass],
    });
    assert.deepEqual(statuses(rejects), ['error', 'not_run']);
    assert.equal(rejects.rules[0].error.message, 'token endpoint said no');
    const timerThrows = await host.run({
      chain: [pass, rule('timer-throws', function (user, context, callback) {
        setTimeout(function () { JSON.parse('{oops'); }, 1);
      })],
    });
    assert.deepEqual(statuses(timerThrows), ['ok', 'error']);
    assert.equal(timerThrows.rules[1].error.name, 'SyntaxError');
  });

  await t.test('a callback after the rule already failed is not a second call', async () => {
    const res = await host.run({
      chain: [rule('fails-then-calls', function (user, context, callback) {
        Promise.resolve().then(function () { throw new Error('first'); });
        setTimeout(function () { callback(null, user, context); }, 5);
      }), pass],
    });
    assert.deepEqual(statuses(res), ['error', 'not_run']);
    assert.deepEqual(codes(res), []);
  });

  await t.test('callback called twice is an error finding', async () => {
    const res = await host.run({
      chain: [rule('twice', 'function (user, context, callback) {\n  callback(null, user, context);\n  callback(null, user, context);\n}'), pass],
    });
    assert.equal(res.outcome, 'allowed');
    assert.deepEqual(codes(res), ['callback-called-twice']);
    assert.equal(res.findings[0].severity, 'error');
    assert.equal(res.findings[0].line, 3);
  });

  await t.test('callback never called times out the chain', async () => {
    const res = await host.run({
      timeout_ms: 150,
      chain: [pass, rule('forgets', function (user, context, callback) {
        if (user.nope) callback(null, user, context);
      }), pass],
    });
    assert.equal(res.outcome, 'error');
    assert.equal(res.error.kind, 'no_callback');
    assert.deepEqual(statuses(res), ['ok', 'timeout', 'not_run']);
    assert.deepEqual(codes(res), ['callback-never-called']);
    assert.ok(res.rules[1].duration_ms >= 140);
  });

  await t.test('globals: no process, frozen configuration, Buffer/URL/TextEncoder, require', async () => {
    const res = await host.run({
      configuration: { A: 'x' },
      chain: [rule('globals', function (user, context, callback) {
        configuration.A = 'changed';
        const _ = require('lodash@4.17.19');
        const uuid = require('uuid');
        let missing;
        try { require('left-pad@1.3.0'); } catch (e) { missing = e.message; }
        context.idToken.r = {
          process: typeof process, A: configuration.A, frozen: Object.isFrozen(configuration),
          buf: Buffer.from('hi').toString('base64'), url: new URL('https://a.example/p?q=1').searchParams.get('q'),
          enc: new TextEncoder().encode('é').length, lodash: _.VERSION, uuid: typeof uuid.v4(),
          crypto: require('crypto').createHash('sha256').update('x').digest('hex').length,
          axios: typeof require('axios@0.19.2').post, missing, date: new Date() instanceof Date,
        };
        callback(null, user, context);
      })],
    });
    assert.equal(res.outcome, 'allowed', JSON.stringify(res.rules[0].error));
    const r = res.context.idToken.r;
    assert.deepEqual({ ...r, missing: undefined }, {
      process: 'undefined', A: 'x', frozen: true, buf: 'aGk=', url: '1', enc: 2, lodash: '4.17.19',
      uuid: 'string', crypto: 64, axios: 'function', missing: undefined, date: true,
    });
    assert.match(r.missing, /^Cannot find module 'left-pad@1\.3\.0' in the Auth0 rule sandbox \(allowed: .*axios@0\.19\.2/);
  });

  await t.test('process.exit is not reachable', async () => {
    const res = await host.run({ chain: [rule('exit', 'function (user, context, callback) { process.exit(1); }')] });
    assert.deepEqual(statuses(res), ['error']);
    assert.equal(res.rules[0].error.name, 'ReferenceError');
    assert.equal((await host.request({ type: 'ping' })).type, 'pong');
  });

  await t.test('"now" fixes the clock the rules see', async () => {
    const res = await host.run({
      now: '2026-11-27T10:00:00Z',
      chain: [rule('clock', function (user, context, callback) {
        context.idToken.now = [new Date().toISOString().slice(0, 16), new Date(Date.now()).getUTCFullYear(),
          new Date(0).getTime(), typeof Date()];
        callback(null, user, context);
      })],
    });
    assert.deepEqual(res.context.idToken.now, ['2026-11-27T10:00', 2026, 0, 'string']);
    const real = await host.run({
      chain: [rule('clock', 'function (user, context, callback) { context.idToken.y = new Date().getUTCFullYear(); callback(null, user, context); }')],
    });
    assert.equal(real.context.idToken.y, new Date().getUTCFullYear());
  });

  await t.test('legacy globals: flagged when off, defined when on', async () => {
    const legacy = rule('legacy', 'function (user, context, callback) {\n  context.idToken.v = _.VERSION;\n  callback(null, user, context);\n}');
    const off = await host.run({ chain: [legacy] });
    assert.deepEqual(statuses(off), ['error']);
    assert.equal(off.rules[0].error.name, 'ReferenceError');
    assert.deepEqual(codes(off), ['legacy-global']);
    assert.equal(off.findings[0].line, 2);
    const on = await host.run({ legacy_globals: true, chain: [legacy] });
    assert.equal(on.outcome, 'allowed');
    assert.equal(on.context.idToken.v, '4.17.21');
    assert.deepEqual(codes(on), []);
    const offAgain = await host.run({ chain: [legacy] });
    assert.deepEqual(statuses(offAgain), ['error']);
  });

  await t.test('redirect on a flow that cannot redirect is flagged', async () => {
    const redirect = rule('redirect', function (user, context, callback) {
      context.redirect = { url: 'https://mfa.example/start' };
      callback(null, user, context);
    });
    const res = await host.run({ context: { protocol: 'oauth2-password', idToken: {} }, chain: [pass, redirect] });
    assert.deepEqual(codes(res), ['redirect-not-supported']);
    assert.equal(res.findings[0].rule, 'redirect');
    const ok = await host.run({ context: { protocol: 'oidc-basic-profile', idToken: {} }, chain: [redirect] });
    assert.deepEqual(codes(ok), []);
    assert.deepEqual(ok.context.redirect, { url: 'https://mfa.example/start' });
  });

  await t.test('callback before a timer that changes context is flagged, with the line', async () => {
    const res = await host.run({
      chain: [rule('early', 'function (user, context, callback) {\n  setTimeout(function () { context.idToken.late = true; }, 5);\n  callback(null, user, context);\n}'), pass],
    });
    assert.equal(res.outcome, 'allowed');
    // Auth0 issues the tokens from the context the last callback handed over: the late claim is lost.
    assert.equal(res.context.idToken.late, undefined);
    assert.deepEqual(codes(res), ['callback-before-async']);
    assert.equal(res.findings[0].line, 3);
    assert.equal(res.findings[0].severity, 'warning');
  });

  await t.test('stray work of one run does not leak into the next', async () => {
    const leaky = rule('leaky', function (user, context, callback) {
      setInterval(function () { console.log('tick'); }, 1);
      callback(null, user, context);
    });
    const first = await host.run({ sandbox: 'leak', chain: [leaky] });
    const second = await host.run({ sandbox: 'leak', chain: [pass] });
    assert.deepEqual(second.rules[0].console, []);
    assert.ok(first.rules[0].console.length <= 1);
  });
});
