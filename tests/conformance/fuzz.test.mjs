// SPDX-License-Identifier: MIT
// Robustness of `rulebench-cli serve` under a few thousand generated malformed requests
// (loopback only, bounded in count and time, fixed PRNG seed): malformed JSON, wrong content
// types, unknown fields, wrong JSON types, bodies over 1 MB, bad bearer tokens, missing scopes,
// unknown ids, odd methods, odd paths and query strings, truncated requests, /oauth/token
// garbage, and user logins (/authorize GET and POST, the user grants, /userinfo) with odd
// values. Every request must get a well-formed HTTP answer with status < 500 (and, under
// /api/v2, an Auth0 error body {statusCode, error, message}; /authorize: the page, an error
// page or a redirect to the client's own callback, nothing echoed unescaped; /userinfo: a
// Bearer challenge); the server must still be alive and still serve a valid request at the end.
//
// Reproduce a failure: FUZZ_SEED=<seed> [FUZZ_COUNT=n] [FUZZ_CASE=i] node --test fuzz.test.mjs
//   FUZZ_CASE sends only case i (all cases are still generated, so i names the same request).

import assert from 'node:assert/strict';
import { createHmac, generateKeyPairSync, createSign } from 'node:crypto';
import { join } from 'node:path';
import { after, before, describe, test } from 'node:test';

import { api, makeTempDir, managementToken, removeTempDir, requestToken, startServer } from './lib/tenant.mjs';
import { send } from './lib/rawhttp.mjs';

const SEED = Number(process.env.FUZZ_SEED ?? 0x5eed2026) >>> 0;
const COUNT = Number(process.env.FUZZ_COUNT ?? 3000);
const TIME_BUDGET_MS = Number(process.env.FUZZ_TIME_MS ?? 120_000);
const ONLY_CASE = process.env.FUZZ_CASE === undefined ? null : Number(process.env.FUZZ_CASE);
const ONE_MIB = 1024 * 1024;

// Reason phrases Auth0 (hapi/Boom) puts in "error".
const REASONS = {
  400: 'Bad Request', 401: 'Unauthorized', 403: 'Forbidden', 404: 'Not Found', 405: 'Method Not Allowed',
  409: 'Conflict', 413: 'Request Entity Too Large', 415: 'Unsupported Media Type', 429: 'Too Many Requests',
};

// ------------------------------------------------------------------ PRNG (mulberry32)

function prng(seed) {
  let a = seed >>> 0;
  const next = () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
  const r = {
    next,
    int: (lo, hi) => lo + Math.floor(next() * (hi - lo + 1)), // inclusive
    pick: (list) => list[Math.floor(next() * list.length)],
    bool: (p = 0.5) => next() < p,
    alnum: (n) => {
      const chars = 'ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789';
      let s = '';
      for (let i = 0; i < n; i += 1) s += chars[Math.floor(next() * chars.length)];
      return s;
    },
    bytes: (n) => {
      const b = Buffer.alloc(n);
      for (let i = 0; i < n; i += 1) b[i] = Math.floor(next() * 256);
      return b;
    },
    weighted: (table) => {
      const total = table.reduce((sum, [w]) => sum + w, 0);
      let x = next() * total;
      for (const [w, value] of table) {
        x -= w;
        if (x < 0) return value;
      }
      return table[table.length - 1][1];
    },
  };
  return r;
}

// ------------------------------------------------------------------ tokens

const b64url = (value) => Buffer.from(typeof value === 'string' ? value : JSON.stringify(value)).toString('base64url');

function decodeJwt(token) {
  const [h, p] = token.split('.');
  return { header: JSON.parse(Buffer.from(h, 'base64url')), payload: JSON.parse(Buffer.from(p, 'base64url')) };
}

function signRs256(header, payload, privateKey) {
  const input = `${b64url(header)}.${b64url(payload)}`;
  const signer = createSign('RSA-SHA256');
  signer.update(input);
  return `${input}.${signer.sign(privateKey).toString('base64url')}`;
}

// Tokens that must all be refused with 401 by the Management API.
function badTokens(valid, { otherAudienceToken, jwksText }) {
  const { header, payload } = decodeJwt(valid);
  const [h, p, s] = valid.split('.');
  const { privateKey } = generateKeyPairSync('rsa', { modulusLength: 2048 });
  const now = Math.floor(Date.now() / 1000);
  return {
    'garbage': 'not-a-jwt',
    'three garbage parts': 'a.b.c',
    'empty parts': '..',
    'two parts': `${h}.${p}`,
    'four parts': `${valid}.x`,
    'truncated signature': valid.slice(0, -10),
    'tampered payload (scope)': `${h}.${b64url({ ...payload, scope: `${payload.scope} delete:everything` })}.${s}`,
    'expired claims (exp in the past, re-encoded)': `${h}.${b64url({ ...payload, iat: now - 7200, exp: now - 3600 })}.${s}`,
    'alg none': `${b64url({ alg: 'none', typ: 'JWT' })}.${p}.`,
    'HS256 with the public JWKS as secret': (() => {
      const hh = b64url({ alg: 'HS256', typ: 'JWT', kid: header.kid });
      const sig = createHmac('sha256', jwksText).update(`${hh}.${p}`).digest('base64url');
      return `${hh}.${p}.${sig}`;
    })(),
    'signed by another key with the same kid': signRs256(header, payload, privateKey),
    'another key, expired': signRs256(header, { ...payload, exp: now - 10 }, privateKey),
    'unknown kid': signRs256({ ...header, kid: 'no-such-kid' }, payload, privateKey),
    'header not JSON': `${b64url('{not json')}.${p}.${s}`,
    'payload an array': `${h}.${b64url([1, 2, 3])}.${s}`,
    'non-base64url characters': `${h}.${p}.***$$$`,
    'token for another API (wrong audience)': otherAudienceToken,
    'long garbage (6 KB)': 'x'.repeat(6 * 1024),
    'valid token with trailing garbage': `${valid}garbage`,
  };
}

// ------------------------------------------------------------------ the tenant's surface

// Field types as Auth0 defines them (reference/auth0-api.md §1), for wrong-type bodies.
function surface(ids, r) {
  return [
    {
      name: 'resource-servers',
      base: '/api/v2/resource-servers',
      existing: ids.resourceServer,
      scopes: { create: 'create:resource_servers', read: 'read:resource_servers', update: 'update:resource_servers', delete: 'delete:resource_servers' },
      createBody: () => ({ identifier: `https://fuzz.example/${r.alnum(10)}`, name: 'Fuzz API', scopes: [{ value: 'read:fuzz', description: 'd' }] }),
      updateBody: () => ({ name: `Fuzz API ${r.alnum(4)}` }),
      createTypes: { identifier: 'string', name: 'string', scopes: 'array', signing_alg: 'string', token_lifetime: 'integer', allow_offline_access: 'boolean', enforce_policies: 'boolean', token_dialect: 'string' },
      updateTypes: { name: 'string', scopes: 'array', token_lifetime: 'integer', enforce_policies: 'boolean', allow_offline_access: 'boolean' },
    },
    {
      name: 'clients',
      base: '/api/v2/clients',
      existing: ids.client,
      scopes: { create: 'create:clients', read: 'read:clients', update: 'update:clients', delete: 'delete:clients' },
      createBody: () => ({ name: `Fuzz client ${r.alnum(6)}`, app_type: 'non_interactive', grant_types: ['client_credentials'] }),
      updateBody: () => ({ description: `fuzz ${r.alnum(6)}` }),
      createTypes: { name: 'string', description: 'string', app_type: 'string', grant_types: 'array', callbacks: 'array', is_first_party: 'boolean', oidc_conformant: 'boolean', jwt_configuration: 'object', client_metadata: 'object' },
      updateTypes: { name: 'string', description: 'string', callbacks: 'array', is_first_party: 'boolean', jwt_configuration: 'object' },
      extra: ['/rotate-secret'],
    },
    {
      name: 'client-grants',
      base: '/api/v2/client-grants',
      existing: ids.clientGrant,
      scopes: { create: 'create:client_grants', read: 'read:client_grants', update: 'update:client_grants', delete: 'delete:client_grants' },
      createBody: () => ({ client_id: ids.client, audience: ids.audience, scope: ['read:fuzz'] }),
      updateBody: () => ({ scope: ['read:fuzz'] }),
      createTypes: { client_id: 'string', audience: 'string', scope: 'array' },
      updateTypes: { scope: 'array' },
    },
    {
      name: 'rules',
      base: '/api/v2/rules',
      existing: ids.rule,
      scopes: { create: 'create:rules', read: 'read:rules', update: 'update:rules', delete: 'delete:rules' },
      createBody: () => ({ name: `fuzz-rule-${r.alnum(8)}`, script: 'function (u, c, cb) { cb(null, u, c); }', enabled: false }),
      updateBody: () => ({ enabled: r.bool() }),
      createTypes: { name: 'string', script: 'string', order: 'number', enabled: 'boolean' },
      updateTypes: { name: 'string', script: 'string', order: 'number', enabled: 'boolean' },
    },
    {
      name: 'users',
      base: '/api/v2/users',
      existing: ids.user,
      scopes: { create: 'create:users', read: 'read:users', update: 'update:users', delete: 'delete:users' },
      createBody: () => ({ connection: 'Username-Password-Authentication', email: `fuzz-${r.alnum(10)}@example.com`, password: 'Fuzz-Pass-1' }),
      updateBody: () => ({ user_metadata: { fuzz: r.alnum(5) } }),
      createTypes: { connection: 'string', email: 'string', password: 'string', email_verified: 'boolean', blocked: 'boolean', user_metadata: 'object', app_metadata: 'object' },
      updateTypes: { email_verified: 'boolean', blocked: 'boolean', user_metadata: 'object', app_metadata: 'object', name: 'string' },
    },
  ];
}

// rules-configs has no POST: PUT /rules-configs/{key} is both create and update.
const RULES_CONFIGS = { base: '/api/v2/rules-configs', scopes: { read: 'read:rules_configs', update: 'update:rules_configs', delete: 'delete:rules_configs' } };

function valueOfOtherType(r, type) {
  const candidates = {
    string: () => r.pick([42, true, ['a'], { a: 1 }, null, 1.5]),
    integer: () => r.pick(['3600', true, [1], { n: 1 }, 1.5, null]),
    number: () => r.pick(['1', false, [1], { n: 1 }, null]),
    boolean: () => r.pick(['true', 1, 0, [], {}, null]),
    array: () => r.pick(['a,b', 1, true, { 0: 'a' }, null]),
    object: () => r.pick(['{}', 1, true, ['a'], 'x']),
  };
  return candidates[type]();
}

function malformedJson(r, valid) {
  const text = JSON.stringify(valid);
  const variants = [
    () => text.slice(0, r.int(1, Math.max(1, text.length - 1))), // truncated
    () => `${text}}`,
    () => `${text},`,
    () => `${text} garbage`,
    () => text.replace(/"/g, "'"),
    () => text.replace(/:/, ''),
    () => `{"name": ${'['.repeat(r.int(10, 50_000))}`,
    () => '['.repeat(r.int(1000, 200_000)),
    () => '{'.repeat(r.int(2, 5000)),
    () => `{${'"a":1,'.repeat(r.int(1, 50))}}`,
    () => '{"name":"x",}',
    () => '{"name":undefined}',
    () => '{"name":NaN}',
    () => '{"name":Infinity}',
    () => "{name:'x'}",
    () => '{"name":"unterminated}',
    () => '{"name":"bad escape \\x41"}',
    () => '{"name":"\u0001 raw control"}'.replace('\\u0001', '\u0001'),
    () => r.bytes(r.int(1, 400)).toString('latin1'),
    () => `\uFEFF${text}`,
    () => '{"a":1}{"b":2}',
    () => '"just a string"',
    () => String(r.int(-1e9, 1e9)),
    () => 'null',
    () => 'true',
    () => '[]',
    () => `[${text}]`,
    () => '{"a":01}',
    () => '{"a":.5}',
    () => '{"a":1e}',
  ];
  return r.pick(variants)();
}

// Is this text a JSON object (the only thing a Management body may be)?
function isJsonObject(text) {
  try {
    const v = JSON.parse(text);
    return v !== null && typeof v === 'object' && !Array.isArray(v);
  } catch {
    return false;
  }
}

function randomId(r) {
  return r.pick([
    () => r.alnum(r.int(1, 40)),
    () => `cgr_${r.alnum(16)}`,
    () => `rul_${r.alnum(16)}`,
    () => r.bytes(12).toString('hex'),
    () => `auth0|${r.bytes(12).toString('hex')}`,
    () => encodeURIComponent(`auth0|${r.alnum(10)}`),
  ])();
}

function oddId(r) {
  return r.pick([
    '..', '.', '%2e%2e', '%2F', 'a%2Fb', '%00', '%FF%FE', encodeURIComponent('ünïcødé-☃'), '%', '%zz', 'a%', '%25',
    '%20', '+', '*', '@', ':', ';', 'a;b=c', "'", '"', '%22', '<script>', '%3Cscript%3E', '$where', '{}', '[]',
    'a'.repeat(r.int(200, 4000)), 'null', 'undefined', 'true', '-1', '0', '1e309', `${r.alnum(8)}%0d%0aX-Injected:%201`,
  ]);
}

const QUERY_CASES = [
  // [query, expectation]: expectation 'bad' → 400; 'any' → < 500.
  ['page=-1', 'bad'], ['page=abc', 'bad'], ['per_page=0', 'bad'], ['per_page=abc', 'bad'], ['per_page=-5', 'bad'],
  ['include_totals=maybe', 'bad'], ['include_fields=yes', 'bad'], ['take=-5', 'any'],
  ['per_page=1000', 'any'], ['per_page=101', 'any'], ['per_page=100&page=1000000', 'any'], ['page=99999999999999999999', 'any'],
  ['per_page=1e3', 'any'], ['page=1.5', 'any'], ['page=0x10', 'any'], ['page=%20%31', 'any'], ['page=', 'any'],
  ['include_totals', 'any'], ['include_totals=true&include_totals=false', 'any'], ['page=1&page=2', 'any'],
  ['fields=', 'any'], ['fields=,,,', 'any'], ['fields=client_id&include_fields=false', 'any'], ['fields=%00', 'any'],
  ['from=!!!', 'any'], ['from=%%%', 'any'], ['from=MjE0NzQ4MzY0Nw%3D%3D&take=100', 'any'], ['take=0', 'any'], ['take=100000', 'any'],
  ['from=LTE%3D', 'any'], ['q=name:*', 'any'], ['q=%22', 'any'], ['&&&', 'any'], ['=', 'any'], ['a[b]=c', 'any'],
  ['%', 'any'], ['%zz=1', 'any'], ['a=%E0%A4%A', 'any'], ['audience=%FF', 'any'], ['client_id=', 'any'],
  ['identifiers=a&identifiers=b&identifiers=c', 'any'], ['enabled=maybe', 'any'], ['x='.padEnd(4000, 'y'), 'any'],
];

const ODD_PATHS = [
  '/api/v2', '/api/v2/', '/api/v2//clients', '/api/v2/clients/', '/api/v2/CLIENTS', '/api/v2/clients/../rules',
  '/api/v2/./clients', '/api/v2/%2e%2e/', '/api/v3/clients', '/api/v2/clients%00', '/api/v2/clients;x=1',
  '/api/v2/clients/a/b/c', '/api/v2/rules-configs/', '/api/v2/rules-configs/a/b', '/api/v2/users/auth0%7Cx/extra',
  '/api/v2/client-grants/x/y', '/api/v2/resource-servers/%2F%2F', '/api/v2/%', '/api/v2/%G1', '/api/v2/clients%2Frotate',
  '/api/v2/clients/x/rotate-secret/more', '/api/v2/actions/actions', '/api/v2/emails/provider', '/api/v2/\u00e9',
  '//', '/', '/..', '/.well-known/', '/.well-known/jwks.json/x', '/oauth', '/oauth/token/', '/oauth/token/x',
  '/sample-api', '/sample-api/', '/sample-api/messages/1', '/authorize', '/userinfo', '/favicon.ico',
  '/api/v2/clients?', '/api/v2/clients??', '/api/v2/clients#frag', '/API/V2/CLIENTS',
];

const METHODS_STANDARD = ['GET', 'POST', 'PUT', 'PATCH', 'DELETE', 'OPTIONS', 'HEAD'];
const METHODS_ODD = ['TRACE', 'CONNECT', 'PROPFIND', 'MKCOL', 'FOO', 'get', 'Post', 'GETT', 'M'.repeat(100), 'PATCH2', 'DEL ETE'];

// ------------------------------------------------------------------ case generation

// A case: {category, label, method, target, headers, body, truncateBodyTo?, rawHead?, halfClose?,
//          expect?: {status: [..]}, mayCloseWithoutAnswer?: bool}
function generate(r, ctx) {
  const resources = surface(ctx.ids, r);
  const bearer = (token) => [['Authorization', `Bearer ${token}`]];
  const json = [['Content-Type', 'application/json']];
  const pickResource = () => r.pick(resources);
  const writeTarget = () => {
    // [method, target, validBody] for an endpoint that takes a JSON body
    const choice = r.int(0, 10);
    if (choice === 10) return ['PUT', `${RULES_CONFIGS.base}/FUZZ_${r.alnum(6)}`, { value: r.alnum(8) }, { value: 'string' }];
    const res = pickResource();
    if (r.bool()) return ['POST', res.base, res.createBody(), res.createTypes];
    return ['PATCH', `${res.base}/${encodeURIComponent(res.existing)}`, res.updateBody(), res.updateTypes];
  };

  const category = r.weighted([
    [12, 'malformed-json'], [8, 'content-type'], [8, 'unknown-field'], [10, 'wrong-type'], [1.2, 'huge-body'],
    [10, 'bad-token'], [8, 'missing-scope'], [10, 'unknown-id'], [6, 'odd-method'], [7, 'odd-path'],
    [8, 'odd-query'], [2, 'truncated'], [8, 'oauth'], [6, 'login'], [2, 'headers'],
  ]);

  switch (category) {
    case 'malformed-json': {
      const [method, target, valid] = writeTarget();
      const body = malformedJson(r, valid);
      const expectBad = body.trim() !== '' && !isJsonObject(body);
      return { category, label: 'malformed JSON body', method, target, headers: [...bearer(ctx.token), ...json], body, expect: expectBad ? { status: [400] } : undefined };
    }
    case 'content-type': {
      const [method, target, valid] = writeTarget();
      const type = r.pick(['text/plain', 'application/xml', 'text/html', 'multipart/form-data; boundary=x', 'application/octet-stream',
        'application/jsonx', 'image/png', 'application/json; charset=utf-8', 'APPLICATION/JSON', 'application/x-www-form-urlencoded', '', null]);
      const headers = [...bearer(ctx.token)];
      if (type !== null) headers.push(['Content-Type', type]);
      const clearlyWrong = ['text/plain', 'application/xml', 'text/html', 'multipart/form-data; boundary=x', 'application/octet-stream', 'application/jsonx', 'image/png'].includes(type);
      return { category, label: `Content-Type ${JSON.stringify(type)}`, method, target, headers, body: JSON.stringify(valid), expect: clearlyWrong ? { status: [400, 415] } : undefined };
    }
    case 'unknown-field': {
      const [method, target, valid] = writeTarget();
      const key = r.pick(['foo', 'is_system', '__proto__', 'constructor', 'id', 'client_id_x', `x_${r.alnum(5)}`, '', ' ', 'tenant', 'global']);
      // "id" and "client_id" are response-only or immutable on every write body used here, so all are unknown.
      const body = `${JSON.stringify(valid).slice(0, -1)},${JSON.stringify(key)}:${JSON.stringify(r.pick([1, 'x', true, null, {}, []]))}}`;
      return { category, label: `unknown field ${JSON.stringify(key)}`, method, target, headers: [...bearer(ctx.token), ...json], body, expect: { status: [400] } };
    }
    case 'wrong-type': {
      const [method, target, valid, types] = writeTarget();
      const field = r.pick(Object.keys(types));
      const body = { ...valid, [field]: valueOfOtherType(r, types[field]) };
      return { category, label: `wrong type for ${field}: ${JSON.stringify(body[field])}`, method, target, headers: [...bearer(ctx.token), ...json], body: JSON.stringify(body), expect: { status: [400] } };
    }
    case 'huge-body': {
      // The server waits out its read timeout (~5 s) before this 413, so keep it rare.
      const variant = r.int(0, 19);
      const target = r.pick(['/api/v2/clients', '/api/v2/rules', `/api/v2/users/${encodeURIComponent(ctx.ids.user)}`, '/oauth/token', '/no/such/path', '/api/v2/rules-configs/BIG']);
      const method = target.includes('/users/') ? 'PATCH' : target.includes('rules-configs') ? 'PUT' : 'POST';
      const headers = [...(r.bool(0.7) ? bearer(ctx.token) : []), ['Content-Type', target === '/oauth/token' ? 'application/x-www-form-urlencoded' : 'application/json']];
      if (variant === 0) {
        // A claimed length far over the limit and no body: refuse without reading.
        return { category, label: 'Content-Length 5 GB, no body sent', method, target, headers: [...headers, ['Content-Length', '5000000000']], body: '', halfClose: false, expect: { status: [413] } };
      }
      // A real body just over the limit, valid-looking JSON.
      const size = ONE_MIB + r.int(1, 256 * 1024);
      const filler = 'a'.repeat(size);
      const body = target === '/oauth/token' ? `grant_type=client_credentials&x=${filler}` : JSON.stringify({ name: 'huge', script: filler, value: filler.slice(0, 10) });
      return { category, label: `body of ${body.length} bytes (> 1 MiB)`, method, target, headers, body, expect: { status: [413] } };
    }
    case 'bad-token': {
      const names = Object.keys(ctx.badTokens);
      const which = r.pick([...names, 'missing header', 'empty Bearer', 'Basic scheme', 'Bearer without space', 'two spaces']);
      let headers;
      if (which === 'missing header') headers = [];
      else if (which === 'empty Bearer') headers = [['Authorization', 'Bearer ']];
      else if (which === 'Basic scheme') headers = [['Authorization', `Basic ${Buffer.from('a:b').toString('base64')}`]];
      else if (which === 'Bearer without space') headers = [['Authorization', `Bearer${ctx.token}`]];
      else if (which === 'two spaces') headers = [['Authorization', `Bearer  x${ctx.token}`]];
      else headers = bearer(ctx.badTokens[which]);
      const res = pickResource();
      const op = r.int(0, 3);
      const [method, target, body] = [
        ['GET', res.base, undefined],
        ['GET', `${res.base}/${encodeURIComponent(res.existing)}`, undefined],
        ['POST', res.base, JSON.stringify(res.createBody())],
        ['DELETE', `${res.base}/${encodeURIComponent(res.existing)}`, undefined],
      ][op];
      if (body) headers = [...headers, ...json];
      return { category, label: `bad token: ${which}`, method, target, headers, body, expect: { status: [401] } };
    }
    case 'missing-scope': {
      // The limited client holds only read:clients and read:rules on the Management API.
      const res = pickResource();
      const ops = [
        ['GET', res.base, undefined, res.scopes.read],
        ['GET', `${res.base}/${encodeURIComponent(res.existing)}`, undefined, res.scopes.read],
        ['POST', res.base, JSON.stringify(res.createBody()), res.scopes.create],
        ['PATCH', `${res.base}/${encodeURIComponent(res.existing)}`, JSON.stringify(res.updateBody()), res.scopes.update],
        ['DELETE', `${res.base}/${encodeURIComponent(randomId(r))}`, undefined, res.scopes.delete],
        ['GET', RULES_CONFIGS.base, undefined, RULES_CONFIGS.scopes.read],
        ['PUT', `${RULES_CONFIGS.base}/FUZZ_SCOPE`, JSON.stringify({ value: 'x' }), RULES_CONFIGS.scopes.update],
        ['POST', `/api/v2/clients/${encodeURIComponent(ctx.ids.client)}/rotate-secret`, '', 'update:client_keys'],
      ];
      const [method, target, body, scope] = r.pick(ops);
      const held = ['read:clients', 'read:rules'].includes(scope);
      const headers = [...bearer(ctx.limitedToken), ...(body !== undefined ? json : [])];
      return { category, label: `limited token, needs ${scope}`, method, target, headers, body, expect: { status: held ? [200] : [403], errorCode: held ? undefined : 'insufficient_scope' } };
    }
    case 'unknown-id': {
      const odd = r.bool(0.35);
      const id = odd ? oddId(r) : randomId(r);
      const useConfigs = r.bool(0.15);
      const res = pickResource();
      const base = useConfigs ? RULES_CONFIGS.base : res.base;
      const op = r.pick(['GET', 'PATCH', 'DELETE']);
      const body = op === 'PATCH' ? JSON.stringify(useConfigs ? { value: 'x' } : res.updateBody()) : undefined;
      let expect;
      if (!odd) {
        if (useConfigs) {
          // Keys are 1..127 of [A-Za-z0-9_-@*+:] (§1.5); others are a 400 on DELETE.
          const validKey = /^[A-Za-z0-9_\-@*+:]{1,127}$/.test(decodeURIComponent(id));
          expect = { status: op === 'DELETE' ? [validKey ? 204 : 400] : [404, 405] };
        } else {
          expect = { status: op === 'DELETE' ? [204] : [404] };
        }
      }
      return { category, label: `${odd ? 'odd' : 'unknown'} id`, method: op, target: `${base}/${id}`, headers: [...bearer(ctx.token), ...(body ? json : [])], body, expect };
    }
    case 'odd-method': {
      const res = pickResource();
      const method = r.bool(0.5) ? r.pick(METHODS_ODD) : r.pick(METHODS_STANDARD);
      // Never DELETE the fixtures other categories read (a random id instead).
      const item = method === 'DELETE' ? randomId(r) : encodeURIComponent(res.existing);
      const target = r.pick([res.base, `${res.base}/${item}`, RULES_CONFIGS.base, '/oauth/token', '/.well-known/jwks.json']);
      const body = ['POST', 'PUT', 'PATCH'].includes(method) ? '{}' : undefined;
      return { category, label: `method ${method.slice(0, 20)}`, method, target, headers: [...bearer(ctx.token), ...(body ? json : [])], body };
    }
    case 'odd-path': {
      const target = r.pick(ODD_PATHS);
      const method = r.pick(['GET', 'GET', 'POST', 'DELETE', 'PATCH']);
      const body = method === 'POST' || method === 'PATCH' ? '{}' : undefined;
      const encoded = target.replace(/[^\x21-\x7e]/g, (c) => encodeURIComponent(c));
      return { category, label: `odd path ${target.slice(0, 40)}`, method, target: encoded, headers: [...bearer(ctx.token), ...(body ? json : [])], body };
    }
    case 'odd-query': {
      const [query, kind] = r.pick(QUERY_CASES);
      const list = r.pick(['/api/v2/clients', '/api/v2/resource-servers', '/api/v2/client-grants', '/api/v2/rules', '/api/v2/users', '/api/v2/rules-configs']);
      const paginated = list !== '/api/v2/rules-configs'; // rules-configs ignores the query (§0.1)
      return { category, label: `query ?${query.slice(0, 40)}`, method: 'GET', target: `${list}?${query}`, headers: bearer(ctx.token), expect: kind === 'bad' && paginated ? { status: [400] } : undefined };
    }
    case 'truncated': {
      const variant = r.int(0, 3);
      const body = JSON.stringify(pickResource().createBody());
      if (variant === 0) {
        return { category, label: 'Content-Length larger than the body, then half-close', method: 'POST', target: '/api/v2/clients', headers: [...bearer(ctx.token), ...json, ['Content-Length', String(body.length + r.int(1, 500))]], body, truncateBodyTo: body.length, mayCloseWithoutAnswer: true };
      }
      if (variant === 1) {
        const head = `POST /api/v2/rules HTTP/1.1\r\nHost: 127.0.0.1\r\nAuthorization: Bearer ${ctx.token}\r\nContent-Type: application/json\r\nContent-Le`;
        return { category, label: 'headers cut off, then half-close', rawHead: head.slice(0, r.int(5, head.length)), halfClose: true, method: 'POST', target: '/api/v2/rules', mayCloseWithoutAnswer: true };
      }
      if (variant === 2) {
        const chunked = `${(body.length + 10).toString(16)}\r\n${body}`; // promised more than sent, no last chunk
        return { category, label: 'chunked body without its last chunk, then half-close', method: 'POST', target: '/api/v2/clients', headers: [...bearer(ctx.token), ...json, ['Transfer-Encoding', 'chunked']], body: chunked, halfClose: true, mayCloseWithoutAnswer: true };
      }
      return { category, label: 'request line only, then half-close', rawHead: 'GET /api/v2/clients HTTP/1.1\r\n', halfClose: true, method: 'GET', target: '/api/v2/clients', mayCloseWithoutAnswer: true };
    }
    case 'oauth': {
      const params = {};
      const keys = ['grant_type', 'client_id', 'client_secret', 'audience', 'scope', 'username', 'password', 'code', 'refresh_token', 'realm', 'redirect_uri', 'code_verifier'];
      for (const key of keys) {
        if (!r.bool(0.45)) continue;
        params[key] = r.pick([
          r.alnum(r.int(0, 40)), '', ' ', 'client_credentials', 'password', 'refresh_token', 'authorization_code',
          'urn:ietf:params:oauth:grant-type:device_code', ctx.ids.client, ctx.credentials.client_id, ctx.ids.audience,
          ctx.credentials.audience, '%00', 'ünï', 'a'.repeat(r.int(100, 3000)),
        ]);
      }
      const style = r.int(0, 6);
      let body;
      let type = 'application/x-www-form-urlencoded';
      if (style <= 2) body = new URLSearchParams(params).toString();
      else if (style === 3) { type = 'application/json'; body = JSON.stringify(params); }
      else if (style === 4) { type = 'application/json'; body = JSON.stringify({ ...params, grant_type: r.pick([1, true, ['client_credentials'], { a: 1 }, null]) }); }
      else if (style === 5) { type = r.pick(['application/json', 'text/plain', 'application/xml']); body = malformedJson(r, params); }
      else body = r.bytes(r.int(0, 300)).toString('latin1');
      const headers = [['Content-Type', type]];
      if (r.bool(0.15)) headers.push(['Authorization', r.pick(['Basic !!!', 'Basic ', `Basic ${Buffer.from('nocolon').toString('base64')}`, `Basic ${Buffer.from(`${ctx.ids.client}:wrong`).toString('base64')}`, 'Bearer x'])]);
      return { category, label: `/oauth/token ${Object.keys(params).join(',') || '(no params)'} as ${type}`, method: 'POST', target: '/oauth/token', headers, body, oauth: true };
    }
    case 'login': {
      // User logins: /authorize (the form and its POST), the user grants at /oauth/token, and
      // /userinfo, with a client that may use them and odd values everywhere.
      const odd = () => r.pick([
        r.alnum(r.int(0, 40)), '', ' ', '%00', 'ünï', '<script>alert(1)</script>', '"\'><', 'a'.repeat(r.int(100, 3000)),
        ctx.login.client_id, ctx.login.callback, 'http://127.0.0.1:9/cb', 'javascript:alert(1)', 'openid profile email offline_access',
        ctx.ids.audience, 'S256', 'plain', 'code', 'token', 'fuzz@example.com', 'Fuzz-Pass-1', 'Username-Password-Authentication',
      ]);
      const variant = r.int(0, 3);
      if (variant === 0 || variant === 1) {
        const keys = ['response_type', 'client_id', 'redirect_uri', 'state', 'nonce', 'scope', 'audience', 'code_challenge',
          'code_challenge_method', 'connection', 'login_hint', 'username', 'password'];
        const params = {};
        for (const key of keys) if (r.bool(0.5)) params[key] = odd();
        if (r.bool(0.6)) Object.assign(params, { response_type: 'code', client_id: ctx.login.client_id, redirect_uri: ctx.login.callback });
        const query = new URLSearchParams(params).toString();
        if (variant === 0) {
          return { category, label: `GET /authorize ${Object.keys(params).join(',') || '(no params)'}`, method: 'GET', target: `/authorize?${query}`, login: 'authorize' };
        }
        const type = r.pick(['application/x-www-form-urlencoded', 'application/x-www-form-urlencoded; charset=utf-8', 'application/json', 'text/plain', null]);
        const headers = type === null ? [] : [['Content-Type', type]];
        const body = r.bool(0.85) ? query : r.bytes(r.int(0, 300)).toString('latin1');
        return { category, label: `POST /authorize ${Object.keys(params).join(',') || '(no params)'} as ${type}`, method: 'POST', target: '/authorize', headers, body, login: 'authorize' };
      }
      if (variant === 2) {
        const params = { grant_type: r.pick(['password', 'http://auth0.com/oauth/grant-type/password-realm', 'authorization_code', 'refresh_token', odd()]) };
        for (const key of ['client_id', 'client_secret', 'username', 'password', 'realm', 'scope', 'audience', 'code', 'code_verifier', 'redirect_uri', 'refresh_token']) {
          if (r.bool(0.5)) params[key] = odd();
        }
        if (r.bool(0.5)) params.client_id = ctx.login.client_id;
        const asJson = r.bool(0.3);
        return {
          category, label: `/oauth/token ${params.grant_type.slice(0, 60)} ${Object.keys(params).join(',')}`, method: 'POST', target: '/oauth/token',
          headers: [['Content-Type', asJson ? 'application/json' : 'application/x-www-form-urlencoded']],
          body: asJson ? JSON.stringify(params) : new URLSearchParams(params).toString(), oauth: true,
        };
      }
      const authorization = r.pick(['', 'Bearer', 'Bearer ', 'bearer x.y.z', `Bearer ${ctx.token}`, `Bearer ${ctx.badTokens[0] || 'x'}`, 'Basic abc', `Bearer ${r.alnum(r.int(0, 200))}`]);
      return {
        category, label: `${r.bool() ? 'GET' : 'POST'} /userinfo with "${authorization.slice(0, 30)}"`, method: r.pick(['GET', 'POST']), target: '/userinfo',
        headers: authorization ? [['Authorization', authorization]] : [], login: 'userinfo',
      };
    }
    case 'headers':
    default: {
      const variant = r.int(0, 3);
      if (variant === 0) return { category: 'headers', label: '16 KB header value', method: 'GET', target: '/api/v2/clients', headers: [...bearer(ctx.token), ['X-Big', 'a'.repeat(16 * 1024)]] };
      if (variant === 1) return { category: 'headers', label: '300 headers', method: 'GET', target: '/api/v2/clients', headers: [...bearer(ctx.token), ...Array.from({ length: 300 }, (_, i) => [`X-H${i}`, r.alnum(10)])] };
      if (variant === 2) return { category: 'headers', label: 'header line without colon', rawHead: `GET /api/v2/clients HTTP/1.1\r\nHost: x\r\nAuthorization: Bearer ${ctx.token}\r\nNoColonHere\r\nConnection: close\r\n\r\n`, method: 'GET', target: '/api/v2/clients' };
      return { category: 'headers', label: 'non-ASCII header bytes', rawHead: `GET /api/v2/clients HTTP/1.1\r\nHost: x\r\nX-Weird: \u00ff\u00fe\u0080\r\nAuthorization: Bearer ${ctx.token}\r\nConnection: close\r\n\r\n`, method: 'GET', target: '/api/v2/clients' };
    }
  }
}

// ------------------------------------------------------------------ checking one answer

function check(c, result) {
  if (result.timedOut) return 'no answer within the timeout (server hung?)';
  if (result.closedWithoutAnswer) {
    if (c.mayCloseWithoutAnswer) return null;
    return `connection closed without an answer${result.error ? ` (${result.error})` : ''}`;
  }
  if (!result.response) return `answer is not well-formed HTTP: ${result.parseError}`;
  const { status, headers, text } = result.response;
  const path = (c.target || '').split('?')[0];
  if (status >= 500) {
    const unsupportedGrant = c.oauth && status === 501 && safeJson(text)?.error === 'unsupported_grant_type';
    if (!unsupportedGrant) return `HTTP ${status}: ${text.slice(0, 200)}`;
  }
  const headRequest = c.method === 'HEAD';
  if (path.startsWith('/api/v2') && status >= 400 && !headRequest) {
    if (!/^application\/json/i.test(headers['content-type'] || '')) return `HTTP ${status} with Content-Type ${headers['content-type']}`;
    const body = safeJson(text);
    if (!body || typeof body !== 'object' || Array.isArray(body)) return `HTTP ${status} body is not a JSON object: ${text.slice(0, 200)}`;
    if (body.statusCode !== status) return `HTTP ${status} body statusCode ${JSON.stringify(body.statusCode)}: ${text.slice(0, 200)}`;
    if (typeof body.error !== 'string' || typeof body.message !== 'string') return `HTTP ${status} body lacks error/message strings: ${text.slice(0, 200)}`;
    if (REASONS[status] && body.error !== REASONS[status]) return `HTTP ${status} body error ${JSON.stringify(body.error)}, expected ${JSON.stringify(REASONS[status])}`;
  }
  if (c.login === 'authorize') {
    // The login page, the form again with its message, a redirect to the client, or an error page.
    if (![200, 302, 400, 405, 415].includes(status)) return `/authorize answered HTTP ${status}: ${text.slice(0, 200)}`;
    if (status === 302) {
      const location = headers.location || '';
      if (!location.startsWith(ctx.login.callback)) return `/authorize redirected to ${location.slice(0, 200)}, not to the client's callback`;
    }
    if (/<script>alert\(1\)<\/script>/.test(text)) return '/authorize echoed a script tag unescaped';
  }
  if (c.login === 'userinfo' && status >= 400 && !/^Bearer/.test(headers['www-authenticate'] || '')) {
    return `/userinfo HTTP ${status} without a Bearer challenge`;
  }
  if (c.oauth && status >= 400 && status !== 413) {
    const body = safeJson(text);
    if (!body || typeof body.error !== 'string' || typeof body.error_description !== 'string') {
      return `/oauth/token HTTP ${status} body is not {error, error_description}: ${text.slice(0, 200)}`;
    }
  }
  return null;
}

// The status (and errorCode) Auth0 gives this kind of bad input, where the case names one.
function checkExpectation(c, result) {
  if (!c.expect || !result.response) return null;
  const { status, text } = result.response;
  if (c.expect.status && !c.expect.status.includes(status)) {
    return `HTTP ${status}, expected ${c.expect.status.join(' or ')}: ${text.slice(0, 200)}`;
  }
  if (c.expect.errorCode) {
    const body = safeJson(text);
    if (body?.errorCode !== c.expect.errorCode) return `errorCode ${JSON.stringify(body?.errorCode)}, expected ${c.expect.errorCode}`;
  }
  return null;
}

function safeJson(text) {
  try { return JSON.parse(text); } catch { return undefined; }
}

function describeCase(index, c) {
  const body = c.body === undefined ? '' : Buffer.isBuffer(c.body) ? c.body.toString('latin1') : String(c.body);
  const headers = (c.headers || []).map(([n, v]) => `${n}: ${String(v).length > 80 ? `${String(v).slice(0, 77)}...` : v}`);
  return [
    `case #${index} [${c.category}] ${c.label}`,
    c.rawHead !== undefined
      ? `  raw head: ${JSON.stringify(c.rawHead.length > 300 ? `${c.rawHead.slice(0, 300)}...` : c.rawHead)}`
      : `  ${c.method.slice(0, 40)} ${c.target.length > 200 ? `${c.target.slice(0, 200)}...` : c.target}`,
    ...headers.map((h) => `  ${h}`),
    body ? `  body (${body.length} bytes${c.truncateBodyTo !== undefined ? `, ${c.truncateBodyTo} sent` : ''}): ${JSON.stringify(body.length > 300 ? `${body.slice(0, 300)}...` : body)}` : '',
  ].filter(Boolean).join('\n');
}

// ------------------------------------------------------------------ the test

let dir;
let server;
const ctx = {};

before(async () => {
  dir = makeTempDir('rulebench-fuzz-');
  // A rate limit far above what one loop sends, so no answer turns into a timing-dependent 429.
  server = await startServer({ dataFile: join(dir, 'tenant.sqlite'), extraArgs: ['--rate-limit', '1000000'] });
  ctx.credentials = server.credentials;
  ctx.token = await managementToken(server);
  const call = async (method, path, body, expectStatus) => {
    const res = await api(server, method, path, { token: ctx.token, body });
    if (res.status !== expectStatus) throw new Error(`setup ${method} ${path}: HTTP ${res.status} ${res.text}`);
    return res.data;
  };
  const rs = await call('POST', '/api/v2/resource-servers', {
    identifier: 'https://fuzz.example/api', name: 'Fuzz API', scopes: [{ value: 'read:fuzz', description: 'r' }, { value: 'write:fuzz', description: 'w' }],
  }, 201);
  const client = await call('POST', '/api/v2/clients', { name: 'Fuzz M2M', app_type: 'non_interactive', grant_types: ['client_credentials'] }, 201);
  const grant = await call('POST', '/api/v2/client-grants', { client_id: client.client_id, audience: rs.identifier, scope: ['read:fuzz'] }, 201);
  const rule = await call('POST', '/api/v2/rules', { name: 'fuzz-rule', script: 'function (u, c, cb) { cb(null, u, c); }', enabled: false }, 201);
  await call('PUT', '/api/v2/rules-configs/FUZZ_KEY', { value: 'v' }, 200);
  const user = await call('POST', '/api/v2/users', { connection: 'Username-Password-Authentication', email: 'fuzz@example.com', password: 'Fuzz-Pass-1', email_verified: true }, 201);
  // A client that logs users in (password grants, the login form with PKCE, refresh tokens).
  const loginClient = await call('POST', '/api/v2/clients', {
    name: 'Fuzz login app', app_type: 'regular_web', callbacks: ['https://app.fuzz.example/callback'],
    grant_types: ['password', 'http://auth0.com/oauth/grant-type/password-realm', 'authorization_code', 'refresh_token'],
  }, 201);
  ctx.login = { client_id: loginClient.client_id, callback: 'https://app.fuzz.example/callback' };

  // A client whose Management API grant has only some scopes.
  const limited = await call('POST', '/api/v2/clients', { name: 'Fuzz limited', app_type: 'non_interactive', grant_types: ['client_credentials'] }, 201);
  await call('POST', '/api/v2/client-grants', { client_id: limited.client_id, audience: ctx.credentials.audience, scope: ['read:clients', 'read:rules'] }, 201);
  const limitedToken = await requestToken(server.baseUrl, {
    grant_type: 'client_credentials', client_id: limited.client_id, client_secret: limited.client_secret, audience: ctx.credentials.audience,
  });
  assert.equal(limitedToken.status, 200, limitedToken.text);
  ctx.limitedToken = limitedToken.data.access_token;
  const apiToken = await requestToken(server.baseUrl, {
    grant_type: 'client_credentials', client_id: client.client_id, client_secret: client.client_secret, audience: rs.identifier,
  });
  assert.equal(apiToken.status, 200, apiToken.text);

  const jwksText = await (await fetch(`${server.baseUrl}/.well-known/jwks.json`)).text();
  ctx.badTokens = badTokens(ctx.token, { otherAudienceToken: apiToken.data.access_token, jwksText });
  ctx.ids = {
    resourceServer: rs.id, audience: rs.identifier, client: client.client_id, clientGrant: grant.id, rule: rule.id, user: user.user_id,
  };
});

after(async () => {
  try {
    if (server) await server.stop();
  } finally {
    removeTempDir(dir);
  }
});

describe('fuzz', () => {
  // One pass over the generated cases; the tests below judge what it saw.
  const run = { sent: 0, robustness: [], expectations: [], died: null };

  before(async () => {
    console.log(`fuzz: seed ${SEED} (0x${SEED.toString(16)}), ${COUNT} cases, time budget ${TIME_BUDGET_MS} ms`
      + `${ONLY_CASE !== null ? `, only case #${ONLY_CASE}` : ''}; reproduce with FUZZ_SEED=${SEED} [FUZZ_CASE=i]`);
    const r = prng(SEED);
    const cases = [];
    for (let i = 0; i < COUNT; i += 1) cases.push(generate(r, ctx));

    const started = Date.now();
    const perCategory = {};
    const slowest = {};
    const statuses = {};
    for (let i = 0; i < cases.length; i += 1) {
      if (ONLY_CASE !== null && i !== ONLY_CASE) continue;
      if (Date.now() - started > TIME_BUDGET_MS) {
        console.log(`fuzz: time budget reached after ${run.sent} cases`);
        break;
      }
      const c = cases[i];
      const t0 = Date.now();
      const result = await send({ port: server.port, timeoutMs: 10_000, ...c });
      run.sent += 1;
      perCategory[c.category] = (perCategory[c.category] || 0) + 1;
      slowest[c.category] = Math.max(slowest[c.category] || 0, Date.now() - t0);
      const code = result.response ? result.response.status : result.timedOut ? 'timeout' : 'closed';
      statuses[code] = (statuses[code] || 0) + 1;
      const why = check(c, result);
      if (why) run.robustness.push({ index: i, c, why });
      const mismatch = checkExpectation(c, result);
      if (mismatch) run.expectations.push({ index: i, c, why: mismatch });
      if (!server.isAlive()) {
        run.died = { index: i, c };
        break;
      }
    }
    console.log(`fuzz: sent ${run.sent} requests in ${Date.now() - started} ms; per category ${JSON.stringify(perCategory)}`);
    console.log(`fuzz: statuses ${JSON.stringify(statuses)}; slowest answer per category (ms) ${JSON.stringify(slowest)}`);
    report('robustness failures', run.robustness);
    report('answers that differ from Auth0', run.expectations);
  }, { timeout: TIME_BUDGET_MS + 120_000 });

  test('the server survives every generated request', () => {
    assert.ok(run.sent > 0, 'no request was sent');
    assert.equal(run.died, null, run.died
      && `the server died after case #${run.died.index} (seed ${SEED}):\n${describeCase(run.died.index, run.died.c)}\nstderr: ${server.stderr}`);
  });

  test('every answer is well-formed HTTP, status < 500, with an Auth0 error body under /api/v2', () => {
    if (run.robustness.length > 0) assert.fail(summary(run.robustness));
  });

  test('each kind of bad input gets the status Auth0 gives it (400/401/403/404/413/415)', () => {
    if (run.expectations.length > 0) assert.fail(summary(run.expectations));
  });

  function summary(failures) {
    const first = failures[0];
    return `${failures.length} of ${run.sent} requests (seed ${SEED}); first:\n${describeCase(first.index, first.c)}\n  → ${first.why}`;
  }

  function report(title, failures) {
    if (failures.length === 0) return;
    const groups = new Map();
    for (const f of failures) {
      const key = `[${f.c.category}] ${f.c.label.replace(/[0-9]+ bytes/, 'N bytes')} → ${f.why.replace(/: .*/s, '')}`;
      if (!groups.has(key)) groups.set(key, { count: 0, first: f });
      groups.get(key).count += 1;
    }
    console.log(`fuzz: ${failures.length} ${title} (seed ${SEED}), grouped (count × kind, first case):`);
    for (const [key, { count, first }] of groups) {
      console.log(`  ${count} × ${key}\n${describeCase(first.index, first.c).replace(/^/gm, '      ')}\n      → ${first.why}`);
    }
  }

  test('the server is still alive and still serves a valid request', async () => {
    assert.ok(server.isAlive(), `server process exited: stderr ${server.stderr}`);
    const token = await managementToken(server);
    const list = await api(server, 'GET', '/api/v2/clients', { token });
    assert.equal(list.status, 200);
    assert.ok(Array.isArray(list.data) && list.data.some((c) => c.client_id === ctx.ids.client));
    const created = await api(server, 'POST', '/api/v2/rules', {
      token, body: { name: 'after-fuzz', script: 'function (u, c, cb) { cb(null, u, c); }' },
    });
    assert.equal(created.status, 201, created.text);
    const jwks = await fetch(`${server.baseUrl}/.well-known/jwks.json`);
    assert.equal(jwks.status, 200);
  });
});

// RFC 9110/9112 framing and method rules, each a separate finding.
describe('HTTP framing (RFC 9110 / 9112)', () => {
  const bearer = () => [['Authorization', `Bearer ${ctx.token}`]];

  test('a chunked body over 1 MiB is refused with 413 like a Content-Length one', async () => {
    const payload = JSON.stringify({ name: 'chunked-huge', script: 'a'.repeat(ONE_MIB + 4096) });
    const body = `${Buffer.byteLength(payload).toString(16)}\r\n${payload}\r\n0\r\n\r\n`;
    const result = await send({
      port: server.port, method: 'POST', target: '/api/v2/rules',
      headers: [...bearer(), ['Content-Type', 'application/json'], ['Transfer-Encoding', 'chunked']], body,
    });
    assert.ok(result.response, `no answer: ${result.error}`);
    assert.equal(result.response.status, 413, `HTTP ${result.response.status}: ${result.response.text.slice(0, 200)}`);
  });

  test('POST without Content-Length and without body is an empty body (curl -X POST …/rotate-secret)', { todo: 'cpp-httplib 0.11 (Debian 12) frames requests itself and is lenient here; a pre-routing check runs after it has read the body. Known deviation, see the issue note.' }, async () => {
    const result = await send({
      port: server.port,
      rawHead: `POST /api/v2/clients/${encodeURIComponent(ctx.ids.client)}/rotate-secret HTTP/1.1\r\nHost: 127.0.0.1\r\nAuthorization: Bearer ${ctx.token}\r\nConnection: close\r\n\r\n`,
    });
    assert.ok(result.response, `no answer: ${result.error}`);
    assert.equal(result.response.status, 200, `HTTP ${result.response.status}: ${result.response.text.slice(0, 200)}`);
  });

  // rotate-secret takes no body, so only the framing can make these a 400.
  const rotateHead = (extra) => `POST /api/v2/clients/${encodeURIComponent(ctx.ids.client)}/rotate-secret HTTP/1.1\r\n`
    + `Host: 127.0.0.1\r\nAuthorization: Bearer ${ctx.token}\r\n${extra}Connection: close\r\n\r\n`;

  test('two different Content-Length values → 400 (RFC 9112 §6.3, request smuggling)', { todo: 'cpp-httplib 0.11 (Debian 12) frames requests itself and is lenient here; a pre-routing check runs after it has read the body. Known deviation, see the issue note.' }, async () => {
    const result = await send({ port: server.port, rawHead: `${rotateHead('Content-Length: 2\r\nContent-Length: 0\r\n')}{}`, timeoutMs: 8000 });
    assert.ok(result.response, `no answer: ${result.error ?? (result.timedOut ? 'timeout' : 'closed')}`);
    assert.equal(result.response.status, 400, `HTTP ${result.response.status}: ${result.response.text.slice(0, 120)}`);
  });

  test('a non-numeric Content-Length → 400 (RFC 9112 §6.3)', { todo: 'cpp-httplib 0.11 (Debian 12) frames requests itself and is lenient here; a pre-routing check runs after it has read the body. Known deviation, see the issue note.' }, async () => {
    const result = await send({ port: server.port, rawHead: rotateHead('Content-Length: abc\r\n'), timeoutMs: 8000 });
    assert.ok(result.response, `no answer: ${result.error ?? (result.timedOut ? 'timeout' : 'closed')}`);
    assert.equal(result.response.status, 400, `HTTP ${result.response.status}: ${result.response.text.slice(0, 120)}`);
  });

  test('HEAD on a GET resource answers like GET, without a body (RFC 9110 §9.1, §9.3.2)', async () => {
    const result = await send({ port: server.port, method: 'HEAD', target: '/api/v2/clients', headers: bearer() });
    assert.ok(result.response, `no answer: ${result.error}`);
    assert.equal(result.response.status, 200);
    assert.equal(result.response.body.length, 0);
  });

  test('a 405 names the allowed methods in Allow (RFC 9110 §15.5.6)', async () => {
    const result = await send({
      port: server.port, method: 'PUT', target: '/api/v2/clients', headers: [...bearer(), ['Content-Type', 'application/json']], body: '{}',
    });
    assert.ok(result.response, `no answer: ${result.error}`);
    if (result.response.status === 404) return; // Auth0 itself answers 404 here: fine
    assert.equal(result.response.status, 405);
    assert.ok(result.response.headers.allow, `405 without an Allow header; headers: ${JSON.stringify(result.response.headers)}`);
    assert.match(result.response.headers.allow, /GET/);
    assert.match(result.response.headers.allow, /POST/);
  });

  test('an over-long URI → 414 with the Auth0 error body naming it', async () => {
    const result = await send({ port: server.port, method: 'GET', target: `/api/v2/clients/${'a'.repeat(20_000)}`, headers: bearer() });
    assert.ok(result.response, `no answer: ${result.error}`);
    assert.equal(result.response.status, 414);
    const body = safeJson(result.response.text);
    assert.equal(body?.statusCode, 414);
    assert.equal(body?.error, 'URI Too Long', `body ${result.response.text}`);
  });

  test('the server is still alive after the framing cases', () => {
    assert.ok(server.isAlive(), `server process exited: stderr ${server.stderr}`);
  });
});
