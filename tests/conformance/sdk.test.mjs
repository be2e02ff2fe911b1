// SPDX-License-Identifier: MIT
// The official npm `auth0` Management SDK (v4, runs on Node 18) and `jose` against
// `rulebench-cli serve`: CRUD of every resource the local tenant serves, client-credentials
// tokens verified through JWKS, token-endpoint errors, and a restart on the same data file.
// Expected values come from /work/shared/reference/auth0-api.md (section numbers below).

import assert from 'node:assert/strict';
import { join } from 'node:path';
import { after, before, describe, test } from 'node:test';

import { AuthenticationClient, ManagementClient } from 'auth0';
import { createRemoteJWKSet, decodeProtectedHeader, jwtVerify } from 'jose';

import { assertOAuthError, expectApiError } from './lib/assertions.mjs';
import {
  api, loopbackFetch, makeTempDir, managementClient, managementToken, removeTempDir, requestToken, startServer, uniqueSuffix,
} from './lib/tenant.mjs';

const CLIENT_ID = /^[A-Za-z0-9]{32}$/;
const CLIENT_SECRET = /^[A-Za-z0-9_-]{64}$/;
const RESOURCE_SERVER_ID = /^[0-9a-f]{24}$/;
const CLIENT_GRANT_ID = /^cgr_[A-Za-z0-9]{16}$/;
const RULE_ID = /^rul_[A-Za-z0-9]{16}$/;
const RULE_SCRIPT = 'function (user, context, callback) { callback(null, user, context); }';

let dir;
let dataFile;
let server;
let mgmt;

before(async () => {
  dir = makeTempDir();
  dataFile = join(dir, 'tenant.sqlite');
  server = await startServer({ dataFile });
  mgmt = managementClient(server);
});

after(async () => {
  try {
    if (server) await server.stop();
  } finally {
    removeTempDir(dir);
  }
});

describe('serve start-up contract', () => {
  test('prints the listening line and the management credentials', () => {
    assert.match(server.baseUrl, /^http:\/\/127\.0\.0\.1:\d+$/);
    assert.ok(server.port > 0 && server.port < 65536);
    const { client_id: id, client_secret: secret, audience } = server.credentials;
    assert.match(id, CLIENT_ID);
    assert.match(secret, CLIENT_SECRET);
    assert.equal(audience, `${server.baseUrl}/api/v2/`);
  });

  test('the SDK gets its own token (client credentials, audience https://HOST/api/v2/)', async () => {
    const { status, data } = await mgmt.clients.getAll();
    assert.equal(status, 200);
    assert.ok(Array.isArray(data));
    const self = data.find((c) => c.client_id === server.credentials.client_id);
    assert.ok(self, 'the management client is listed');
  });
});

describe('rate limits (§0.3)', () => {
  test('Management API answers carry x-ratelimit-limit/remaining/reset (reset in epoch seconds)', async () => {
    const { headers } = await mgmt.rules.getAll();
    const limit = Number(headers.get('x-ratelimit-limit'));
    const remaining = Number(headers.get('x-ratelimit-remaining'));
    const reset = Number(headers.get('x-ratelimit-reset'));
    assert.ok(Number.isInteger(limit) && limit > 0, `x-ratelimit-limit ${headers.get('x-ratelimit-limit')}`);
    assert.ok(Number.isInteger(remaining) && remaining >= 0 && remaining <= limit, `x-ratelimit-remaining ${headers.get('x-ratelimit-remaining')}`);
    const now = Date.now() / 1000;
    assert.ok(reset > now - 5 && reset < now + 3600, `x-ratelimit-reset ${reset} is not epoch seconds near now (${Math.round(now)})`);
  });

  test('over the limit: 429 too_many_requests in Auth0\'s shape, and the SDK\'s retry gets through', async () => {
    const slowDir = makeTempDir();
    const slow = await startServer({ dataFile: join(slowDir, 'tenant.sqlite'), extraArgs: ['--rate-limit', '2'] });
    try {
      const token = await managementToken(slow);
      const burst = await Promise.all(Array.from({ length: 8 }, () => api(slow, 'GET', '/api/v2/rules', { token })));
      const limited = burst.filter((r) => r.status === 429);
      assert.ok(limited.length > 0, `8 concurrent calls at 2/s gave no 429: ${burst.map((r) => r.status).join(',')}`);
      for (const r of limited) {
        assert.deepEqual(r.data, {
          statusCode: 429, error: 'Too Many Requests', message: 'Global limit has been reached', errorCode: 'too_many_requests',
        });
        assert.ok(r.headers.get('retry-after') || r.headers.get('x-ratelimit-reset'), '429 says when to retry');
        assert.equal(r.headers.get('x-ratelimit-remaining'), '0');
      }
      // The SDK retries 429 (default: enabled) honouring the headers.
      const retrying = new ManagementClient({
        domain: `127.0.0.1:${slow.port}`, token, fetch: loopbackFetch(slow.port), telemetry: false,
      });
      const statuses = [];
      for (let i = 0; i < 3; i += 1) statuses.push((await retrying.rules.getAll()).status);
      assert.deepEqual(statuses, [200, 200, 200]);
    } finally {
      await slow.stop();
      removeTempDir(slowDir);
    }
  });
});

describe('resource servers (§1.1)', () => {
  const identifier = `https://conformance.example/api-${uniqueSuffix()}`;
  let created;

  test('create → 201 with a 24-hex id and the sent fields', async () => {
    const { status, data } = await mgmt.resourceServers.create({
      identifier,
      name: 'Conformance API',
      scopes: [{ value: 'read:messages', description: 'Read messages' }],
      signing_alg: 'RS256',
      token_lifetime: 3600,
    });
    assert.equal(status, 201);
    assert.match(data.id, RESOURCE_SERVER_ID);
    assert.equal(data.identifier, identifier);
    assert.equal(data.name, 'Conformance API');
    assert.deepEqual(data.scopes, [{ value: 'read:messages', description: 'Read messages' }]);
    assert.equal(data.signing_alg, 'RS256');
    assert.equal(data.token_lifetime, 3600);
    assert.ok(data.token_lifetime_for_web <= data.token_lifetime, 'token_lifetime_for_web ≤ token_lifetime');
    assert.equal(data.enforce_policies, false);
    assert.equal(data.token_dialect, 'access_token');
    assert.equal(data.allow_offline_access, false);
    created = data;
  });

  test('create with the same identifier → 409', async () => {
    await expectApiError(mgmt.resourceServers.create({ identifier, name: 'Duplicate' }), 409);
  });

  test('create without identifier → 400 invalid_body', async () => {
    await expectApiError(mgmt.resourceServers.create({ name: 'No identifier' }), 400, { errorCode: 'invalid_body' });
  });

  test('get by id and by URL-encoded identifier', async () => {
    const byId = await mgmt.resourceServers.get({ id: created.id });
    assert.equal(byId.status, 200);
    assert.deepEqual(byId.data, created);
    const byIdentifier = await mgmt.resourceServers.get({ id: identifier });
    assert.equal(byIdentifier.status, 200);
    assert.equal(byIdentifier.data.id, created.id);
  });

  test('list: bare array, and {start,limit,total,resource_servers} with include_totals', async () => {
    const plain = await mgmt.resourceServers.getAll();
    assert.equal(plain.status, 200);
    assert.ok(Array.isArray(plain.data));
    assert.ok(plain.data.some((rs) => rs.id === created.id));
    const totals = await mgmt.resourceServers.getAll({ include_totals: true });
    assert.equal(totals.status, 200);
    assert.equal(typeof totals.data.total, 'number');
    assert.equal(totals.data.start, 0);
    assert.equal(typeof totals.data.limit, 'number');
    assert.ok(Array.isArray(totals.data.resource_servers));
    assert.equal(totals.data.total, plain.data.length);
  });

  test('update → 200 (not 201), identifier unchanged', async () => {
    const { status, data } = await mgmt.resourceServers.update({ id: created.id }, {
      name: 'Conformance API renamed',
      token_lifetime: 7200,
      scopes: [{ value: 'read:messages', description: 'Read' }, { value: 'write:messages', description: 'Write' }],
    });
    assert.equal(status, 200);
    assert.equal(data.id, created.id);
    assert.equal(data.identifier, identifier);
    assert.equal(data.name, 'Conformance API renamed');
    assert.equal(data.token_lifetime, 7200);
    assert.deepEqual(data.scopes.map((s) => s.value), ['read:messages', 'write:messages']);
    const again = await mgmt.resourceServers.get({ id: created.id });
    assert.equal(again.data.name, 'Conformance API renamed');
  });

  test('update of the immutable identifier → 400', async () => {
    await expectApiError(mgmt.resourceServers.update({ id: created.id }, { identifier: 'https://other' }), 400);
  });

  test('get unknown id → 404', async () => {
    await expectApiError(mgmt.resourceServers.get({ id: '0123456789abcdef01234567' }), 404);
  });

  test('delete → 204, then get → 404, delete again → 204', async () => {
    const { status } = await mgmt.resourceServers.delete({ id: created.id });
    assert.equal(status, 204);
    await expectApiError(mgmt.resourceServers.get({ id: created.id }), 404);
    const again = await mgmt.resourceServers.delete({ id: created.id });
    assert.equal(again.status, 204);
  });
});

describe('clients (§1.2)', () => {
  let m2m;
  let plain;

  test('create an M2M app → 201 with a 32-char client_id and a 64-char secret', async () => {
    const { status, data } = await mgmt.clients.create({
      name: `Conformance M2M ${uniqueSuffix()}`,
      app_type: 'non_interactive',
      grant_types: ['client_credentials'],
      token_endpoint_auth_method: 'client_secret_post',
    });
    assert.equal(status, 201);
    assert.match(data.client_id, CLIENT_ID);
    assert.match(data.client_secret, CLIENT_SECRET);
    assert.equal(data.app_type, 'non_interactive');
    assert.deepEqual(data.grant_types, ['client_credentials']);
    assert.equal(data.token_endpoint_auth_method, 'client_secret_post');
    m2m = data;
  });

  test('create with a name only → Auth0 defaults, no app_type key', async () => {
    const { status, data } = await mgmt.clients.create({ name: `Conformance plain ${uniqueSuffix()}`, description: 'd' });
    assert.equal(status, 201);
    assert.match(data.client_id, CLIENT_ID);
    assert.match(data.client_secret, CLIENT_SECRET);
    assert.ok(!('app_type' in data), 'unset app_type is absent, not null');
    assert.deepEqual([...data.grant_types].sort(),
      ['authorization_code', 'client_credentials', 'implicit', 'refresh_token']);
    assert.equal(data.is_first_party, true);
    assert.equal(data.oidc_conformant, false);
    assert.equal(data.jwt_configuration.lifetime_in_seconds, 36000);
    assert.equal(data.jwt_configuration.secret_encoded, false);
    plain = data;
  });

  test('an M2M app with token_endpoint_auth_method "none" → 400', async () => {
    await expectApiError(mgmt.clients.create({
      name: 'No auth M2M', app_type: 'non_interactive', token_endpoint_auth_method: 'none',
    }), 400);
  });

  test('create with a name containing < > → 400 invalid_body', async () => {
    await expectApiError(mgmt.clients.create({ name: '<script>' }), 400, { errorCode: 'invalid_body' });
  });

  test('get → 200 with the secret (read:clients)', async () => {
    const { status, data } = await mgmt.clients.get({ client_id: m2m.client_id });
    assert.equal(status, 200);
    assert.equal(data.client_id, m2m.client_id);
    assert.equal(data.client_secret, m2m.client_secret);
    assert.equal(data.name, m2m.name);
  });

  test('list: bare array, and {start,limit,total,clients} with include_totals', async () => {
    const { status, data } = await mgmt.clients.getAll();
    assert.equal(status, 200);
    const ids = data.map((c) => c.client_id);
    assert.ok(ids.includes(m2m.client_id) && ids.includes(plain.client_id));
    const totals = await mgmt.clients.getAll({ include_totals: true, per_page: 1, page: 0 });
    assert.equal(totals.status, 200);
    assert.equal(totals.data.total, data.length);
    assert.equal(totals.data.clients.length, 1);
    assert.equal(totals.data.limit, 1);
  });

  test('list with checkpoint pagination: take → {clients, next}; from=next continues (§0.1)', async () => {
    const seen = [];
    let page = await mgmt.clients.getAll({ take: 1 });
    assert.equal(page.status, 200);
    assert.equal(page.data.clients.length, 1);
    seen.push(...page.data.clients.map((c) => c.client_id));
    for (let guard = 0; page.data.next && guard < 100; guard += 1) {
      assert.equal(typeof page.data.next, 'string');
      page = await mgmt.clients.getAll({ take: 1, from: page.data.next });
      seen.push(...page.data.clients.map((c) => c.client_id));
    }
    const all = (await mgmt.clients.getAll()).data.map((c) => c.client_id);
    assert.deepEqual(seen, all, 'walking the checkpoints visits every client once, in list order');
  });

  test('list with fields projection', async () => {
    const { data } = await mgmt.clients.getAll({ fields: 'client_id,name', include_fields: true });
    const row = data.find((c) => c.client_id === m2m.client_id);
    assert.equal(row.name, m2m.name);
    assert.ok(!('client_secret' in row), 'projection drops client_secret');
    assert.ok(!('grant_types' in row), 'projection drops grant_types');
  });

  test('update → 200', async () => {
    const { status, data } = await mgmt.clients.update({ client_id: m2m.client_id }, {
      description: 'updated by the SDK', callbacks: ['http://localhost:8484'],
    });
    assert.equal(status, 200);
    assert.equal(data.description, 'updated by the SDK');
    assert.deepEqual(data.callbacks, ['http://localhost:8484']);
    assert.equal(data.app_type, 'non_interactive');
    const again = await mgmt.clients.get({ client_id: m2m.client_id });
    assert.equal(again.data.description, 'updated by the SDK');
  });

  test('update with a wrongly typed field → 400 invalid_body', async () => {
    await expectApiError(mgmt.clients.update({ client_id: m2m.client_id }, { callbacks: 'not-an-array' }), 400,
      { errorCode: 'invalid_body' });
  });

  test('rotateClientSecret → 200 with a new 64-char secret; only the new one authenticates', async () => {
    const api = await mgmt.resourceServers.create({
      identifier: `https://conformance.example/rotate-${uniqueSuffix()}`,
      scopes: [{ value: 'read:messages', description: 'Read' }],
    });
    await mgmt.clientGrants.create({ client_id: m2m.client_id, audience: api.data.identifier, scope: ['read:messages'] });
    const { status, data } = await mgmt.clients.rotateClientSecret({ client_id: m2m.client_id });
    assert.equal(status, 200);
    assert.equal(data.client_id, m2m.client_id);
    assert.match(data.client_secret, CLIENT_SECRET);
    assert.notEqual(data.client_secret, m2m.client_secret);
    const form = { grant_type: 'client_credentials', client_id: m2m.client_id, audience: api.data.identifier };
    assertOAuthError(await requestToken(server.baseUrl, { ...form, client_secret: m2m.client_secret }), 401, 'invalid_client');
    const fresh = await requestToken(server.baseUrl, { ...form, client_secret: data.client_secret });
    assert.equal(fresh.status, 200, fresh.text);
    await mgmt.resourceServers.delete({ id: api.data.id });
  });

  test('rotateClientSecret of an unknown client → 404', async () => {
    await expectApiError(mgmt.clients.rotateClientSecret({ client_id: 'x'.repeat(32) }), 404);
  });

  test('get unknown client → 404', async () => {
    await expectApiError(mgmt.clients.get({ client_id: 'Z'.repeat(32) }), 404);
  });

  test('delete → 204, then get → 404, delete again → 204', async () => {
    for (const client of [m2m, plain]) {
      const { status } = await mgmt.clients.delete({ client_id: client.client_id });
      assert.equal(status, 204);
      await expectApiError(mgmt.clients.get({ client_id: client.client_id }), 404);
      assert.equal((await mgmt.clients.delete({ client_id: client.client_id })).status, 204);
    }
  });
});

describe('client grants (§1.3)', () => {
  let resourceServer;
  let client;
  let grant;

  before(async () => {
    resourceServer = (await mgmt.resourceServers.create({
      identifier: `https://conformance.example/grants-${uniqueSuffix()}`,
      scopes: [{ value: 'read:messages', description: 'Read' }, { value: 'write:messages', description: 'Write' }],
    })).data;
    client = (await mgmt.clients.create({
      name: `Grant client ${uniqueSuffix()}`, app_type: 'non_interactive', grant_types: ['client_credentials'],
    })).data;
  });

  after(async () => {
    if (client) await mgmt.clients.delete({ client_id: client.client_id });
    if (resourceServer) await mgmt.resourceServers.delete({ id: resourceServer.id });
  });

  test('create → 201 with a cgr_ id', async () => {
    const { status, data } = await mgmt.clientGrants.create({
      client_id: client.client_id, audience: resourceServer.identifier, scope: ['read:messages'],
    });
    assert.equal(status, 201);
    assert.match(data.id, CLIENT_GRANT_ID);
    assert.equal(data.client_id, client.client_id);
    assert.equal(data.audience, resourceServer.identifier);
    assert.deepEqual(data.scope, ['read:messages']);
    grant = data;
  });

  test('a second grant for the same client and audience → 409', async () => {
    await expectApiError(mgmt.clientGrants.create({
      client_id: client.client_id, audience: resourceServer.identifier, scope: [],
    }), 409);
  });

  test('a scope the API does not define → 400 invalid_body', async () => {
    const other = (await mgmt.clients.create({ name: `Other ${uniqueSuffix()}` })).data;
    try {
      await expectApiError(mgmt.clientGrants.create({
        client_id: other.client_id, audience: resourceServer.identifier, scope: ['delete:everything'],
      }), 400, { errorCode: 'invalid_body' });
    } finally {
      await mgmt.clients.delete({ client_id: other.client_id });
    }
  });

  test('an unknown audience → 404', async () => {
    await expectApiError(mgmt.clientGrants.create({
      client_id: client.client_id, audience: 'https://no-such-api.example/', scope: [],
    }), 404);
  });

  test('list filtered by client_id and by audience', async () => {
    const byClient = await mgmt.clientGrants.getAll({ client_id: client.client_id });
    assert.equal(byClient.status, 200);
    assert.deepEqual(byClient.data.map((g) => g.id), [grant.id]);
    const byAudience = await mgmt.clientGrants.getAll({ audience: resourceServer.identifier });
    assert.deepEqual(byAudience.data.map((g) => g.id), [grant.id]);
    const totals = await mgmt.clientGrants.getAll({ include_totals: true });
    assert.ok(Array.isArray(totals.data.client_grants));
    assert.equal(typeof totals.data.total, 'number');
  });

  test('update scope → 200', async () => {
    const { status, data } = await mgmt.clientGrants.update({ id: grant.id }, { scope: ['read:messages', 'write:messages'] });
    assert.equal(status, 200);
    assert.equal(data.id, grant.id);
    assert.deepEqual(data.scope, ['read:messages', 'write:messages']);
    assert.equal(data.audience, resourceServer.identifier);
  });

  test('update of an unknown grant → 404', async () => {
    await expectApiError(mgmt.clientGrants.update({ id: 'cgr_0000000000000000' }, { scope: [] }), 404);
  });

  test('delete → 204, then gone from the list', async () => {
    const { status } = await mgmt.clientGrants.delete({ id: grant.id });
    assert.equal(status, 204);
    const { data } = await mgmt.clientGrants.getAll({ client_id: client.client_id });
    assert.deepEqual(data, []);
  });
});

describe('rules (§1.4)', () => {
  const nameA = `conformance-rule-a-${process.pid}`;
  const nameB = `conformance rule b ${process.pid}`;
  let ruleA;
  let ruleB;

  test('create → 201 with a rul_ id, stage login_success', async () => {
    const { status, data } = await mgmt.rules.create({ name: nameA, script: RULE_SCRIPT, enabled: false });
    assert.equal(status, 201);
    assert.match(data.id, RULE_ID);
    assert.equal(data.name, nameA);
    assert.equal(data.script, RULE_SCRIPT);
    assert.equal(data.enabled, false);
    assert.equal(data.stage, 'login_success');
    assert.equal(typeof data.order, 'number');
    ruleA = data;
  });

  test('create without order → order = max + 1; enabled defaults to true', async () => {
    const { status, data } = await mgmt.rules.create({ name: nameB, script: RULE_SCRIPT });
    assert.equal(status, 201);
    assert.equal(data.order, ruleA.order + 1);
    assert.equal(data.enabled, true);
    ruleB = data;
  });

  test('the same name again → 409', async () => {
    await expectApiError(mgmt.rules.create({ name: nameA, script: RULE_SCRIPT }), 409);
  });

  test('a name that breaks the pattern → 400 invalid_body', async () => {
    await expectApiError(mgmt.rules.create({ name: '-leading-hyphen', script: RULE_SCRIPT }), 400, { errorCode: 'invalid_body' });
  });

  test('no script → 400 invalid_body', async () => {
    await expectApiError(mgmt.rules.create({ name: 'no-script' }), 400, { errorCode: 'invalid_body' });
  });

  test('get → 200', async () => {
    const { status, data } = await mgmt.rules.get({ id: ruleA.id });
    assert.equal(status, 200);
    assert.deepEqual(data, ruleA);
  });

  test('list in order; enabled filter; include_totals', async () => {
    const { status, data } = await mgmt.rules.getAll();
    assert.equal(status, 200);
    const ids = data.map((r) => r.id);
    assert.ok(ids.indexOf(ruleA.id) < ids.indexOf(ruleB.id), 'rules are listed by order');
    const disabled = await mgmt.rules.getAll({ enabled: false });
    assert.ok(disabled.data.every((r) => r.enabled === false));
    assert.ok(disabled.data.some((r) => r.id === ruleA.id));
    const totals = await mgmt.rules.getAll({ include_totals: true });
    assert.ok(Array.isArray(totals.data.rules));
    assert.equal(totals.data.total, data.length);
  });

  test('update → 200', async () => {
    const script = 'function (user, context, callback) { context.idToken["https://ns/x"] = 1; callback(null, user, context); }';
    const { status, data } = await mgmt.rules.update({ id: ruleA.id }, { enabled: true, script, order: 10 });
    assert.equal(status, 200);
    assert.equal(data.id, ruleA.id);
    assert.equal(data.enabled, true);
    assert.equal(data.script, script);
    assert.equal(data.order, 10);
    assert.equal(data.name, nameA);
  });

  test('rename onto an existing name → 409', async () => {
    await expectApiError(mgmt.rules.update({ id: ruleB.id }, { name: nameA }), 409);
  });

  test('delete → 204; get → 404 inexistent_rule; delete again → 204', async () => {
    assert.equal((await mgmt.rules.delete({ id: ruleA.id })).status, 204);
    await expectApiError(mgmt.rules.get({ id: ruleA.id }), 404, { errorCode: 'inexistent_rule' });
    assert.equal((await mgmt.rules.delete({ id: ruleA.id })).status, 204);
    assert.equal((await mgmt.rules.delete({ id: ruleB.id })).status, 204);
  });
});

describe('rules-configs (§1.5)', () => {
  const key = `CONFORMANCE_KEY_${process.pid}`;

  test('set → 200 {key, value}; set again upserts', async () => {
    const first = await mgmt.rulesConfigs.set({ key }, { value: 'first' });
    assert.equal(first.status, 200);
    assert.deepEqual(first.data, { key, value: 'first' });
    const second = await mgmt.rulesConfigs.set({ key }, { value: 'second' });
    assert.equal(second.status, 200);
    assert.deepEqual(second.data, { key, value: 'second' });
  });

  test('list → bare array of {key}, values never returned, one entry per key', async () => {
    const { status, data } = await mgmt.rulesConfigs.getAll();
    assert.equal(status, 200);
    assert.ok(Array.isArray(data));
    const mine = data.filter((c) => c.key === key);
    assert.deepEqual(mine, [{ key }]);
    assert.ok(data.every((c) => !('value' in c)));
  });

  test('set without value → 400 invalid_body', async () => {
    await expectApiError(mgmt.rulesConfigs.set({ key }, {}), 400, { errorCode: 'invalid_body' });
  });

  test('a key outside [A-Za-z0-9_-@*+:] → 400', async () => {
    await expectApiError(mgmt.rulesConfigs.set({ key: 'bad key!' }, { value: 'x' }), 400);
  });

  test('delete → 204 and gone; delete again → 204', async () => {
    assert.equal((await mgmt.rulesConfigs.delete({ key })).status, 204);
    const { data } = await mgmt.rulesConfigs.getAll();
    assert.ok(!data.some((c) => c.key === key));
    assert.equal((await mgmt.rulesConfigs.delete({ key })).status, 204);
  });
});

describe('users (test users, metadata)', () => {
  const email = `conformance-${process.pid}@example.com`;
  let user;

  test('create → 201 with an auth0| id, no password material', async () => {
    const { status, data } = await mgmt.users.create({
      connection: 'Username-Password-Authentication',
      email,
      password: 'Correct-Horse-9',
      user_metadata: { theme: 'dark', prefs: { a: 1, b: 2 } },
      app_metadata: { plan: 'free' },
    });
    assert.equal(status, 201);
    assert.match(data.user_id, /^auth0\|/);
    assert.equal(data.email, email);
    assert.deepEqual(data.user_metadata, { theme: 'dark', prefs: { a: 1, b: 2 } });
    assert.deepEqual(data.app_metadata, { plan: 'free' });
    assert.equal(typeof data.created_at, 'string');
    assert.equal(data.identities?.[0]?.connection, 'Username-Password-Authentication');
    const text = JSON.stringify(data);
    assert.ok(!text.includes('Correct-Horse-9'), 'the password is not echoed');
    assert.ok(!('password' in data) && !('password_hash' in data), 'no password fields');
    user = data;
  });

  test('the same email again → 409', async () => {
    await expectApiError(mgmt.users.create({
      connection: 'Username-Password-Authentication', email, password: 'Another-Pass-1',
    }), 409);
  });

  test('an unknown connection → 400', async () => {
    await expectApiError(mgmt.users.create({
      connection: 'No-Such-Connection', email: `x-${email}`, password: 'Another-Pass-1',
    }), 400);
  });

  test('get → 200', async () => {
    const { status, data } = await mgmt.users.get({ id: user.user_id });
    assert.equal(status, 200);
    assert.equal(data.user_id, user.user_id);
    assert.equal(data.email, email);
    assert.ok(!('password_hash' in data));
  });

  test('update metadata: top-level keys merge, nested objects are replaced, null deletes', async () => {
    const merged = await mgmt.users.update({ id: user.user_id }, {
      user_metadata: { lang: 'fr', prefs: { c: 3 } },
      app_metadata: { roles: ['qa'] },
    });
    assert.equal(merged.status, 200);
    assert.deepEqual(merged.data.user_metadata, { theme: 'dark', lang: 'fr', prefs: { c: 3 } });
    assert.deepEqual(merged.data.app_metadata, { plan: 'free', roles: ['qa'] });

    const removed = await mgmt.users.update({ id: user.user_id }, { user_metadata: { theme: null } });
    assert.equal(removed.status, 200);
    assert.deepEqual(removed.data.user_metadata, { lang: 'fr', prefs: { c: 3 } });
    assert.deepEqual(removed.data.app_metadata, { plan: 'free', roles: ['qa'] }, 'app_metadata untouched');

    const stored = await mgmt.users.get({ id: user.user_id });
    assert.deepEqual(stored.data.user_metadata, { lang: 'fr', prefs: { c: 3 } });
  });

  test('update a profile field → 200', async () => {
    const { status, data } = await mgmt.users.update({ id: user.user_id }, { name: 'Conformance Tester', blocked: false });
    assert.equal(status, 200);
    assert.equal(data.name, 'Conformance Tester');
    assert.equal(data.user_metadata.lang, 'fr', 'metadata kept');
  });

  test('update with an unknown field → 400', async () => {
    await expectApiError(mgmt.users.update({ id: user.user_id }, { favourite_colour: 'blue' }), 400);
  });

  test('list: array, and include_totals wraps {users,total}', async () => {
    const { status, data } = await mgmt.users.getAll();
    assert.equal(status, 200);
    assert.ok(data.some((u) => u.user_id === user.user_id));
    assert.ok(data.every((u) => !('password_hash' in u)));
    const totals = await mgmt.users.getAll({ include_totals: true });
    assert.ok(Array.isArray(totals.data.users));
    assert.equal(totals.data.total, data.length);
  });

  test('delete → 204; get → 404', async () => {
    assert.equal((await mgmt.users.delete({ id: user.user_id })).status, 204);
    await expectApiError(mgmt.users.get({ id: user.user_id }), 404);
  });

  test('get unknown user → 404', async () => {
    await expectApiError(mgmt.users.get({ id: 'auth0|000000000000000000000000' }), 404);
  });
});

describe('scopes are enforced for the SDK', () => {
  test('a client granted only read:clients on the Management API gets 403 insufficient_scope elsewhere', async () => {
    const limited = (await mgmt.clients.create({
      name: `Limited ${uniqueSuffix()}`, app_type: 'non_interactive', grant_types: ['client_credentials'],
    })).data;
    try {
      await mgmt.clientGrants.create({
        client_id: limited.client_id, audience: server.credentials.audience, scope: ['read:clients'],
      });
      const sdk = managementClient(server, { clientId: limited.client_id, clientSecret: limited.client_secret });
      const ok = await sdk.clients.getAll();
      assert.equal(ok.status, 200);
      await expectApiError(sdk.rules.getAll(), 403, { errorCode: 'insufficient_scope' });
      await expectApiError(sdk.clients.create({ name: 'nope' }), 403, { errorCode: 'insufficient_scope' });
    } finally {
      await mgmt.clients.delete({ client_id: limited.client_id });
    }
  });
});

describe('the https form of the Management audience', () => {
  // The SDK, deploy-cli and Terraform name the Management API https://DOMAIN/api/v2/; the local
  // tenant accepts that form at /oauth/token, so a client grant for it must work too.
  test('a client grant for https://127.0.0.1:PORT/api/v2/ → 201, and that client\'s SDK works', async () => {
    const httpsAudience = server.credentials.audience.replace(/^http:/, 'https:');
    const client = (await mgmt.clients.create({
      name: `Https grant ${uniqueSuffix()}`, app_type: 'non_interactive', grant_types: ['client_credentials'],
    })).data;
    try {
      const grant = await mgmt.clientGrants.create({ client_id: client.client_id, audience: httpsAudience, scope: ['read:rules'] });
      assert.equal(grant.status, 201);
      const sdk = managementClient(server, { clientId: client.client_id, clientSecret: client.client_secret });
      assert.equal((await sdk.rules.getAll()).status, 200);
    } catch (error) {
      if (error.statusCode) assert.fail(`HTTP ${error.statusCode}: ${error.body}`);
      throw error;
    } finally {
      await mgmt.clients.delete({ client_id: client.client_id });
    }
  });
});

describe('client-credentials tokens verified with jose (§2.1, §3)', () => {
  const rbacIdentifier = `https://conformance.example/m2m-rbac-${uniqueSuffix()}`;
  const plainIdentifier = `https://conformance.example/m2m-plain-${uniqueSuffix()}`;
  let m2m;
  let rbacApi;
  let plainApi;
  let jwks;

  before(async () => {
    rbacApi = (await mgmt.resourceServers.create({
      identifier: rbacIdentifier,
      name: 'RBAC API',
      signing_alg: 'RS256',
      token_lifetime: 3600,
      enforce_policies: true,
      token_dialect: 'access_token_authz',
      scopes: [{ value: 'read:messages', description: 'Read' }, { value: 'write:messages', description: 'Write' },
        { value: 'admin:messages', description: 'Admin' }],
    })).data;
    plainApi = (await mgmt.resourceServers.create({
      identifier: plainIdentifier,
      name: 'Plain API',
      scopes: [{ value: 'read:messages', description: 'Read' }],
    })).data;
    m2m = (await mgmt.clients.create({
      name: `Rule M2M client ${uniqueSuffix()}`,
      app_type: 'non_interactive',
      grant_types: ['client_credentials'],
      token_endpoint_auth_method: 'client_secret_post',
    })).data;
    await mgmt.clientGrants.create({ client_id: m2m.client_id, audience: rbacIdentifier, scope: ['read:messages', 'write:messages'] });
    await mgmt.clientGrants.create({ client_id: m2m.client_id, audience: plainIdentifier, scope: ['read:messages'] });
    jwks = createRemoteJWKSet(new URL(`${server.baseUrl}/.well-known/jwks.json`));
  });

  const form = (overrides = {}) => ({
    grant_type: 'client_credentials', client_id: m2m.client_id, client_secret: m2m.client_secret, audience: rbacIdentifier,
    ...overrides,
  });

  test('discovery names the issuer http://127.0.0.1:PORT/ and the JWKS', async () => {
    const response = await fetch(`${server.baseUrl}/.well-known/openid-configuration`);
    assert.equal(response.status, 200);
    const config = await response.json();
    assert.equal(config.issuer, `${server.baseUrl}/`);
    assert.equal(config.jwks_uri, `${server.baseUrl}/.well-known/jwks.json`);
    assert.equal(config.token_endpoint, `${server.baseUrl}/oauth/token`);
    const keys = await (await fetch(config.jwks_uri)).json();
    assert.ok(keys.keys.length >= 1);
    for (const key of keys.keys) {
      assert.equal(key.kty, 'RSA');
      assert.equal(typeof key.kid, 'string');
      assert.equal(key.e, 'AQAB');
      assert.ok(!('d' in key), 'no private part in the JWKS');
    }
  });

  test('RBAC API: token verifies; sub, gty, azp, scope, permissions, kid, exp', async () => {
    const response = await requestToken(server.baseUrl, form());
    assert.equal(response.status, 200, response.text);
    assert.equal(response.data.token_type, 'Bearer');
    assert.equal(response.data.expires_in, 3600);
    assert.match(response.headers.get('content-type'), /^application\/json/);
    assert.match(response.headers.get('cache-control') ?? '', /no-store/);

    const { payload, protectedHeader } = await jwtVerify(response.data.access_token, jwks, {
      issuer: `${server.baseUrl}/`,
      audience: rbacIdentifier,
      algorithms: ['RS256'],
    });
    assert.equal(protectedHeader.alg, 'RS256');
    assert.equal(protectedHeader.typ, 'JWT');
    assert.equal(typeof protectedHeader.kid, 'string');
    const keys = await (await fetch(`${server.baseUrl}/.well-known/jwks.json`)).json();
    assert.ok(keys.keys.some((k) => k.kid === protectedHeader.kid), 'kid names a JWKS key');
    assert.equal(payload.sub, `${m2m.client_id}@clients`);
    assert.equal(payload.azp, m2m.client_id);
    assert.equal(payload.gty, 'client-credentials');
    assert.equal(payload.aud, rbacIdentifier);
    assert.deepEqual(payload.scope.split(' ').sort(), ['read:messages', 'write:messages']);
    assert.deepEqual([...payload.permissions].sort(), ['read:messages', 'write:messages']);
    assert.equal(payload.exp - payload.iat, 3600);
    assert.ok(Math.abs(payload.iat - Date.now() / 1000) < 300, 'iat is now');
  });

  test('requesting a granted subset of scopes narrows scope and permissions', async () => {
    const response = await requestToken(server.baseUrl, form({ scope: 'read:messages' }));
    assert.equal(response.status, 200, response.text);
    const { payload } = await jwtVerify(response.data.access_token, jwks, { issuer: `${server.baseUrl}/`, audience: rbacIdentifier });
    assert.equal(payload.scope, 'read:messages');
    assert.deepEqual(payload.permissions, ['read:messages']);
  });

  test('API without RBAC: no permissions claim, default lifetime 86400', async () => {
    const response = await requestToken(server.baseUrl, form({ audience: plainIdentifier }));
    assert.equal(response.status, 200, response.text);
    assert.equal(response.data.expires_in, 86400);
    const { payload } = await jwtVerify(response.data.access_token, jwks, { issuer: `${server.baseUrl}/`, audience: plainIdentifier });
    assert.equal(payload.scope, 'read:messages');
    assert.ok(!('permissions' in payload), 'no permissions without RBAC');
    assert.equal(payload.gty, 'client-credentials');
  });

  test('a JSON body works as well as a form body', async () => {
    const response = await requestToken(server.baseUrl, form(), { json: true });
    assert.equal(response.status, 200, response.text);
    await jwtVerify(response.data.access_token, jwks, { issuer: `${server.baseUrl}/`, audience: rbacIdentifier });
  });

  test('client_secret_basic (Authorization: Basic) works', async () => {
    const { client_id: id, client_secret: secret, ...rest } = form();
    const basic = Buffer.from(`${encodeURIComponent(id)}:${encodeURIComponent(secret)}`).toString('base64');
    const response = await requestToken(server.baseUrl, rest, { headers: { Authorization: `Basic ${basic}` } });
    assert.equal(response.status, 200, response.text);
  });

  test('the sample API accepts the token (signature via JWKS, audience, scope)', async () => {
    const { data } = await requestToken(server.baseUrl, form());
    const response = await fetch(`${server.baseUrl}/sample-api/messages`, { headers: { Authorization: `Bearer ${data.access_token}` } });
    assert.equal(response.status, 200);
    const body = await response.json();
    assert.equal(body.sub, `${m2m.client_id}@clients`);
  });

  test('no grant for the API → 403 access_denied', async () => {
    const other = (await mgmt.clients.create({
      name: `Ungranted ${uniqueSuffix()}`, app_type: 'non_interactive', grant_types: ['client_credentials'],
    })).data;
    try {
      const response = await requestToken(server.baseUrl, form({ client_id: other.client_id, client_secret: other.client_secret }));
      assertOAuthError(response, 403, 'access_denied');
      assert.match(response.data.error_description, /client-grant/);
    } finally {
      await mgmt.clients.delete({ client_id: other.client_id });
    }
  });

  test('wrong secret → 401 invalid_client', async () => {
    assertOAuthError(await requestToken(server.baseUrl, form({ client_secret: `${m2m.client_secret.slice(0, -1)}x` })), 401, 'invalid_client');
  });

  test('unknown client → 401 invalid_client', async () => {
    assertOAuthError(await requestToken(server.baseUrl, form({ client_id: 'q'.repeat(32) })), 401, 'invalid_client');
  });

  test('unknown audience → 403 access_denied', async () => {
    const response = await requestToken(server.baseUrl, form({ audience: 'https://no-such-api.example/' }));
    assertOAuthError(response, 403, 'access_denied');
  });

  test('a scope that was not granted → 403 access_denied', async () => {
    assertOAuthError(await requestToken(server.baseUrl, form({ scope: 'admin:messages' })), 403, 'access_denied');
  });

  test('a client without the client_credentials grant type → 403 unauthorized_client', async () => {
    const spa = (await mgmt.clients.create({
      name: `SPA ${uniqueSuffix()}`, app_type: 'spa', grant_types: ['authorization_code'],
    })).data;
    try {
      assertOAuthError(await requestToken(server.baseUrl, form({ client_id: spa.client_id, client_secret: spa.client_secret })),
        403, 'unauthorized_client');
    } finally {
      await mgmt.clients.delete({ client_id: spa.client_id });
    }
  });

  test('a missing grant_type → 400 invalid_request', async () => {
    const { grant_type: _, ...rest } = form();
    assertOAuthError(await requestToken(server.baseUrl, rest), 400, 'invalid_request');
  });

  test('HS256 API: the token is HS256-signed with the API signing_secret (§1.1, §3)', async () => {
    const hs = (await mgmt.resourceServers.create({
      identifier: `https://conformance.example/hs256-${uniqueSuffix()}`,
      signing_alg: 'HS256',
      signing_secret: 'conformance-signing-secret-0123456789',
      scopes: [{ value: 'read:messages', description: 'Read' }],
    })).data;
    try {
      await mgmt.clientGrants.create({ client_id: m2m.client_id, audience: hs.identifier, scope: ['read:messages'] });
      const response = await requestToken(server.baseUrl, form({ audience: hs.identifier }));
      assert.equal(response.status, 200, response.text);
      assert.equal(decodeProtectedHeader(response.data.access_token).alg, 'HS256',
        'an HS256 API gets HS256 tokens (reference §3: "HS256 if the API\'s signing_alg is HS256")');
      await jwtVerify(response.data.access_token, new TextEncoder().encode('conformance-signing-secret-0123456789'), {
        issuer: `${server.baseUrl}/`, audience: hs.identifier, algorithms: ['HS256'],
      });
    } finally {
      await mgmt.resourceServers.delete({ id: hs.id });
    }
  });

  test('the Management API rejects this M2M token (wrong audience) with 401', async () => {
    const { data } = await requestToken(server.baseUrl, form());
    const response = await api(server, 'GET', '/api/v2/clients', { token: data.access_token });
    assert.equal(response.status, 401);
    assert.equal(response.data.statusCode, 401);
  });
});

describe('a post-login Action from the SDK runs on a user login (password-realm)', () => {
  test('actions.create/deploy + updateTriggerBindings, then oauth.passwordGrant with a realm: the token carries the Action\'s claims', async () => {
    const suffix = uniqueSuffix();
    const audience = `https://conformance.example/login-${suffix}`;
    const password = 'Correct-Horse-9';
    const email = `login-${suffix}@example.com`;
    await mgmt.resourceServers.create({ identifier: audience, name: `Login API ${suffix}`, scopes: [{ value: 'read:profile', description: 'Read' }] });
    const app = (await mgmt.clients.create({
      name: `Login app ${suffix}`,
      app_type: 'regular_web',
      grant_types: ['http://auth0.com/oauth/grant-type/password-realm', 'refresh_token'],
      callbacks: ['http://127.0.0.1/callback'],
    })).data;
    await mgmt.users.create({ connection: 'Username-Password-Authentication', email, password, email_verified: true });

    const code = [
      'exports.onExecutePostLogin = async (event, api) => {',
      "  api.accessToken.setCustomClaim('https://conformance.example/greeting', `${event.secrets.GREETING}, ${event.user.email}`);",
      "  api.accessToken.setCustomClaim('https://conformance.example/client', event.client.name);",
      '};',
    ].join('\n');
    const action = (await mgmt.actions.create({
      name: `greet-${suffix}`,
      supported_triggers: [{ id: 'post-login', version: 'v3' }],
      code,
      runtime: 'node18',
      secrets: [{ name: 'GREETING', value: 'Hello' }],
    })).data;
    // An Action is "building" for a moment after it changes, as on a real tenant: deploy once built.
    const built = Date.now() + 10_000;
    while ((await mgmt.actions.get({ id: action.id })).data.status !== 'built') {
      assert.ok(Date.now() < built, 'the Action was not built within 10 s');
      await new Promise((resolveWait) => { setTimeout(resolveWait, 100); });
    }
    await mgmt.actions.deploy({ id: action.id });
    const { data: bound } = await mgmt.actions.updateTriggerBindings(
      { triggerId: 'post-login' },
      { bindings: [{ ref: { type: 'action_id', value: action.id }, display_name: 'greet' }] },
    );
    assert.equal(bound.bindings.length, 1);

    const auth = new AuthenticationClient({
      domain: `127.0.0.1:${server.port}`,
      clientId: app.client_id,
      clientSecret: app.client_secret,
      fetch: loopbackFetch(server.port),
      telemetry: false,
    });
    // No openid scope: the SDK would check an ID token's issuer against https://DOMAIN/, and the
    // local tenant is served (and names itself) over plain http.
    const { data } = await auth.oauth.passwordGrant({
      username: email, password, realm: 'Username-Password-Authentication', audience, scope: 'read:profile',
    });
    assert.equal(data.token_type, 'Bearer');
    assert.equal(data.id_token, undefined);
    const { payload } = await jwtVerify(data.access_token, createRemoteJWKSet(new URL(`${server.baseUrl}/.well-known/jwks.json`)), {
      issuer: `${server.baseUrl}/`, audience,
    });
    assert.equal(payload['https://conformance.example/greeting'], `Hello, ${email}`);
    assert.equal(payload['https://conformance.example/client'], app.name);
    assert.equal(payload.gty, 'password');
    assert.equal(payload.azp, app.client_id);
    // serve logs the login on stderr: who, which client, what the chain did.
    const logged = new RegExp(`login auth0\\|\\S+ client ${app.client_id} \\(oauth2-password\\): allowed; rules 0, Actions 1, HTTP calls 0`);
    const seen = Date.now() + 5_000;
    while (!logged.test(server.stderr)) {
      assert.ok(Date.now() < seen, `no login line on serve's stderr:\n${server.stderr}`);
      await new Promise((resolveWait) => { setTimeout(resolveWait, 20); });
    }

    await assert.rejects(
      auth.oauth.passwordGrant({ username: email, password: 'not-the-password', realm: 'Username-Password-Authentication', audience }),
      (error) => {
        assert.equal(error.statusCode, 403);
        assert.equal(error.error, 'invalid_grant');
        assert.equal(error.error_description, 'Wrong email or password.');
        return true;
      },
    );
  });
});

describe('restart on the same data file (SIGTERM)', () => {
  test('resources, management credentials and the signing key survive a restart', async () => {
    // What exists before the stop.
    const rs = (await mgmt.resourceServers.create({
      identifier: `https://conformance.example/persist-${uniqueSuffix()}`,
      name: 'Persisted API',
      scopes: [{ value: 'read:messages', description: 'Read' }],
      token_lifetime: 1800,
    })).data;
    const client = (await mgmt.clients.create({
      name: `Persisted client ${uniqueSuffix()}`, app_type: 'non_interactive', grant_types: ['client_credentials'],
    })).data;
    const grant = (await mgmt.clientGrants.create({ client_id: client.client_id, audience: rs.identifier, scope: ['read:messages'] })).data;
    const rule = (await mgmt.rules.create({ name: `persisted-rule-${process.pid}`, script: RULE_SCRIPT, enabled: false })).data;
    const configKey = `PERSISTED_${process.pid}`;
    await mgmt.rulesConfigs.set({ key: configKey }, { value: 'kept' });
    const user = (await mgmt.users.create({
      connection: 'Username-Password-Authentication', email: `persisted-${process.pid}@example.com`,
      password: 'Persisted-Pass-1', app_metadata: { plan: 'gold' },
    })).data;
    const kidsBefore = (await (await fetch(`${server.baseUrl}/.well-known/jwks.json`)).json()).keys.map((k) => k.kid);
    const credentialsBefore = server.credentials;

    const { code, signal } = await server.stop();
    assert.equal(signal, null, `serve died of ${signal} instead of exiting on SIGTERM; stderr: ${server.stderr}`);
    assert.equal(code, 0, `serve exit code after SIGTERM; stderr: ${server.stderr}`);

    server = await startServer({ dataFile });
    mgmt = managementClient(server);
    assert.equal(server.credentials.client_id, credentialsBefore.client_id, 'same management client_id');
    assert.equal(server.credentials.client_secret, credentialsBefore.client_secret, 'same management client_secret');
    assert.equal(server.credentials.audience, `${server.baseUrl}/api/v2/`);

    assert.deepEqual((await mgmt.resourceServers.get({ id: rs.id })).data, rs);
    const clientAfter = (await mgmt.clients.get({ client_id: client.client_id })).data;
    assert.equal(clientAfter.client_secret, client.client_secret);
    assert.equal(clientAfter.name, client.name);
    assert.deepEqual((await mgmt.clientGrants.getAll({ client_id: client.client_id })).data, [grant]);
    assert.deepEqual((await mgmt.rules.get({ id: rule.id })).data, rule);
    assert.ok((await mgmt.rulesConfigs.getAll()).data.some((c) => c.key === configKey));
    const userAfter = (await mgmt.users.get({ id: user.user_id })).data;
    assert.deepEqual(userAfter.app_metadata, { plan: 'gold' });

    const kidsAfter = (await (await fetch(`${server.baseUrl}/.well-known/jwks.json`)).json()).keys.map((k) => k.kid);
    assert.deepEqual(kidsAfter, kidsBefore, 'the signing key is kept');

    // The persisted M2M client still gets a verifiable token.
    const response = await requestToken(server.baseUrl, {
      grant_type: 'client_credentials', client_id: client.client_id, client_secret: client.client_secret, audience: rs.identifier,
    });
    assert.equal(response.status, 200, response.text);
    assert.equal(response.data.expires_in, 1800);
    const { payload } = await jwtVerify(response.data.access_token, createRemoteJWKSet(new URL(`${server.baseUrl}/.well-known/jwks.json`)), {
      issuer: `${server.baseUrl}/`, audience: rs.identifier,
    });
    assert.equal(payload.sub, `${client.client_id}@clients`);

    // A raw Management API call with a freshly minted token works on the new port.
    const token = await managementToken(server);
    assert.equal((await api(server, 'GET', '/api/v2/rules', { token })).status, 200);
  });
});
