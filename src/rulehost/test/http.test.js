'use strict';
// Outbound HTTP from rules: tracing, masking, https->http rewrite for the local tenant, and
// the two findings that depend on it. Only a loopback server is contacted.
const test = require('node:test');
const assert = require('node:assert/strict');
const { Host, rule, startTenant } = require('./helpers');

const SECRET = 'sUp3r-s3cr3t-value/+=';
const codes = (res) => res.findings.map((f) => f.code).sort();

// The example most people copy (community.auth0.com/t/41309): token and API call in a
// promise chain, callback called synchronously at the end.
const SEED = `function (user, context, callback) {
  const axios = require('axios@0.19.2');
  const options = {
    method: 'POST',
    url: \`https://\${auth0.domain}/oauth/token\`,
    headers: { 'content-type': 'application/x-www-form-urlencoded' },
    data: \`grant_type=client_credentials&client_id=\${configuration.RULE_APP_CLIENT_ID}&client_secret=\${encodeURIComponent(configuration.RULE_APP_CLIENT_SECRET)}&audience=\${configuration.API_AUDIENCE}\`
  };
  axios(options)
    .then(res => {
      const apiOptions = { method: 'GET', url: configuration.API_URL, headers: { Authorization: \`Bearer \${res.data.access_token}\` } };
      return axios(apiOptions).then(api => {
        context.idToken['https://rulebench.test/tier'] = api.data.tier;
      });
    })
    .catch(err => console.log('API call failed', err.message));
  callback(null, user, context);
}`;

// The same done right: awaits, caches the token in global until shortly before expiry.
const CORRECTED = `async function (user, context, callback) {
  const axios = require('axios@0.19.2');
  try {
    const now = Date.now();
    if (!global.apiToken || global.apiToken.expiresAt - 60000 < now) {
      const res = await axios.post(\`https://\${auth0.domain}/oauth/token\`, {
        grant_type: 'client_credentials',
        client_id: configuration.RULE_APP_CLIENT_ID,
        client_secret: configuration.RULE_APP_CLIENT_SECRET,
        audience: configuration.API_AUDIENCE
      });
      global.apiToken = { value: res.data.access_token, expiresAt: now + res.data.expires_in * 1000 };
    }
    const api = await axios.get(configuration.API_URL, { headers: { Authorization: 'Bearer ' + global.apiToken.value } });
    context.idToken['https://rulebench.test/tier'] = api.data.tier;
    return callback(null, user, context);
  } catch (err) {
    return callback(err);
  }
}`;

test('http tracing', async (t) => {
  const host = await Host.start();
  const tenant = await startTenant();
  t.after(async () => {
    await host.close();
    await tenant.close();
  });
  const base = {
    configuration: {
      RULE_APP_CLIENT_ID: 'client-123', RULE_APP_CLIENT_SECRET: SECRET,
      API_AUDIENCE: 'https://test-api', API_URL: `https://${tenant.hostPort}/api/messages`,
    },
    auth0: { domain: tenant.hostPort, baseUrl: `http://${tenant.hostPort}/api/v2`, accessToken: 'mgmt-token' },
    rewrite_https_hosts: [tenant.hostPort],
  };

  await t.test('the seed example: callback-before-async and m2m-token-not-cached', async () => {
    const before = tenant.state.tokenRequests;
    const res = await host.run({ ...base, sandbox: 'seed', chain: [rule('call-api', SEED)] });
    assert.equal(res.outcome, 'allowed');
    assert.deepEqual(codes(res), ['callback-before-async', 'm2m-token-not-cached']);
    const early = res.findings.find((f) => f.code === 'callback-before-async');
    assert.equal(early.line, 17);
    assert.equal(early.rule, 'call-api');
    assert.equal(tenant.state.tokenRequests, before + 1);
    assert.match(tenant.state.lastTokenBody, /client_secret=sUp3r/); // the real secret was sent

    const [token, api] = res.rules[0].http;
    assert.equal(res.rules[0].http.length, 2);
    assert.deepEqual([token.method, token.url, token.status], ['POST', `https://${tenant.hostPort}/oauth/token`, 200]);
    assert.match(token.request_body, /grant_type=client_credentials&client_id=client-123&client_secret=\*\*\*&audience=/);
    assert.ok(!JSON.stringify(res).includes('sUp3r'), 'the secret is masked everywhere');
    assert.equal(JSON.parse(token.response_body).access_token, `tok-${before + 1}`);
    assert.equal(token.error, null);
    assert.ok(token.duration_ms > 0 && token.start_ms >= 0);
    assert.deepEqual([api.method, api.url, api.status], ['GET', base.configuration.API_URL, 200]);
    assert.equal(api.request_headers.authorization, 'Bearer ***');
    assert.deepEqual(JSON.parse(api.response_body), { messages: ['hello'], tier: 'gold' });
    assert.ok(api.start_ms >= token.start_ms + token.duration_ms);
  });

  await t.test('the corrected rule: no findings, claim set, token reused on the next login', async () => {
    const before = tenant.state.tokenRequests;
    const chain = [rule('call-api', CORRECTED)];
    const first = await host.run({ ...base, sandbox: 'fixed', chain });
    assert.equal(first.outcome, 'allowed', JSON.stringify(first.rules[0].error));
    assert.deepEqual(first.findings, []);
    assert.equal(first.context.idToken['https://rulebench.test/tier'], 'gold');
    assert.equal(first.rules[0].http.length, 2);
    assert.match(first.rules[0].http[0].request_body, /"client_secret":"\*\*\*"/);
    const second = await host.run({ ...base, sandbox: 'fixed', chain });
    assert.equal(second.outcome, 'allowed');
    assert.deepEqual(second.findings, []);
    assert.deepEqual(second.rules[0].http.map((c) => c.url), [base.configuration.API_URL]);
    assert.equal(tenant.state.tokenRequests, before + 1);
  });

  await t.test('request, node-fetch and auth0 are traced too; errors are recorded', async () => {
    const res = await host.run({
      ...base,
      configuration: { ...base.configuration, API_KEY: 'key-0123456789' },
      chain: [rule('clients', `async function (user, context, callback) {
        const request = require('request');
        const fetch = require('node-fetch@2.6.0');
        const { ManagementClient } = require('auth0@2.9.1');
        await new Promise((resolve) => request.get({ url: configuration.API_URL + '?api_key=' + configuration.API_KEY, json: true }, resolve));
        await fetch(configuration.API_URL, { headers: { authorization: 'Bearer tok-1' } }).then((r) => r.json());
        const mgmt = new ManagementClient({ token: auth0.accessToken, domain: auth0.domain });
        await mgmt.getUser({ id: user.user_id }).catch(() => null);
        await fetch('http://127.0.0.1:1/closed').catch(() => null);
        callback(null, user, context);
      }`)],
    });
    assert.equal(res.outcome, 'allowed', JSON.stringify(res.rules[0].error));
    const calls = res.rules[0].http;
    assert.deepEqual(calls.map((c) => c.status), [401, 200, 404, null]);
    assert.equal(calls[0].url, `${base.configuration.API_URL}?api_key=***`);
    assert.equal(calls[1].request_headers.authorization, 'Bearer ***');
    assert.match(calls[2].url, /\/api\/v2\/users\/auth0%7C/);
    assert.equal(calls[2].request_headers.authorization, 'Bearer ***');
    assert.match(calls[3].error, /^ECONNREFUSED/);
  });

  await t.test('a rule with network calls before a denying rule is flagged', async () => {
    const res = await host.run({
      ...base,
      chain: [
        rule('enrich', `function (user, context, callback) {
          require('axios@0.21.1').get(configuration.API_URL, { headers: { Authorization: 'Bearer tok-1' } })
            .then(() => callback(null, user, context), callback);
        }`),
        rule('deny', 'function (user, context, callback) { callback(new UnauthorizedError("blocked")); }'),
      ],
    });
    assert.equal(res.outcome, 'denied');
    assert.deepEqual(codes(res), ['expensive-rule-before-denial']);
    const f = res.findings[0];
    assert.equal(f.rule, 'enrich');
    assert.equal(f.severity, 'info');
    assert.match(f.message, /"enrich" made 1 network call\(s\) in \d+\.\d ms before "deny" denied the login in \d+\.\d ms/);
  });

  await t.test('fire-and-forget with no follow-up code is not flagged', async () => {
    const res = await host.run({
      ...base,
      chain: [rule('notify', `function (user, context, callback) {
        require('request').post({ url: configuration.API_URL, json: { text: 'login' } });
        callback(null, user, context);
      }`)],
    });
    assert.equal(res.outcome, 'allowed');
    assert.deepEqual(res.findings, []);
    assert.equal(res.rules[0].http[0].status, 401);
  });
});
