'use strict';
// Validates a run/bench request once and turns it into what every login of it reuses:
// compiled rules, the inputs as JSON text (parsed afresh in the sandbox's realm per login),
// the frozen configuration, the secret masker.
const { InputError } = require('./protocol');
const { compile } = require('./compile');
const { Masker } = require('./mask');

const DEFAULT_TIMEOUT_MS = 20000; // Auth0: the whole rules sequence, rules-runtime.md §2.4
const MAX_TIMEOUT_MS = 10 * 60 * 1000;

function object(value, field, fallback) {
  if (value === undefined || value === null) {
    if (fallback !== undefined) return fallback;
    throw new InputError(`"${field}" is required and must be a JSON object`);
  }
  if (typeof value !== 'object' || Array.isArray(value)) {
    throw new InputError(`"${field}" must be a JSON object`);
  }
  return value;
}

function strings(value, field) {
  const out = {};
  for (const [key, v] of Object.entries(object(value, field, {}))) {
    if (typeof v !== 'string') throw new InputError(`"${field}.${key}" must be a string`);
    out[key] = v;
  }
  return Object.freeze(out);
}

// "127.0.0.1:4321", "[::1]:4321", "tenant.example" (port 443) -> "host:port"
function hostPort(entry) {
  const s = String(entry).trim().toLowerCase();
  const bracketed = /^\[([^\]]+)\](?::(\d+))?$/.exec(s);
  if (bracketed) return `${bracketed[1]}:${bracketed[2] || 443}`;
  const parts = s.split(':');
  return parts.length === 2 ? s : `${s}:443`;
}

function chainOf(value) {
  if (!Array.isArray(value)) throw new InputError('"chain" must be an array of rules');
  return value.map((item, i) => {
    if (item === null || typeof item !== 'object' || typeof item.source !== 'string') {
      throw new InputError(`"chain[${i}].source" must be a string`);
    }
    const name = typeof item.name === 'string' && item.name ? item.name : `rule-${i + 1}`;
    const kind = item.kind === undefined ? 'rule' : String(item.kind);
    const filename = typeof item.file === 'string' && item.file ? item.file : `${name}.js`;
    return { name, kind, entry: kind === 'rule' ? compile(item.source, filename) : null };
  });
}

function prepare(msg) {
  const timeoutMs = msg.timeout_ms === undefined ? DEFAULT_TIMEOUT_MS : msg.timeout_ms;
  if (typeof timeoutMs !== 'number' || !(timeoutMs > 0) || timeoutMs > MAX_TIMEOUT_MS) {
    throw new InputError(`"timeout_ms" must be a number between 1 and ${MAX_TIMEOUT_MS}`);
  }
  let nowMs = null;
  if (msg.now !== undefined && msg.now !== null) {
    nowMs = typeof msg.now === 'string' ? Date.parse(msg.now) : NaN;
    if (Number.isNaN(nowMs)) throw new InputError('"now" must be an ISO-8601 date-time or null');
  }
  const auth0 = object(msg.auth0, 'auth0', {});
  const domain = typeof auth0.domain === 'string' ? auth0.domain : '';
  const configuration = strings(msg.configuration, 'configuration');
  const secrets = strings(msg.secrets, 'secrets');
  const rewrite = msg.rewrite_https_hosts === undefined ? [] : msg.rewrite_https_hosts;
  if (!Array.isArray(rewrite)) throw new InputError('"rewrite_https_hosts" must be an array');
  return {
    chain: chainOf(msg.chain),
    userJson: JSON.stringify(object(msg.user, 'user')),
    contextJson: JSON.stringify(object(msg.context, 'context', {})),
    configuration,
    auth0: {
      domain,
      baseUrl: typeof auth0.baseUrl === 'string' ? auth0.baseUrl : `https://${domain}/api/v2`,
      accessToken: typeof auth0.accessToken === 'string' ? auth0.accessToken : '',
    },
    timeoutMs,
    nowMs,
    legacyGlobals: msg.legacy_globals === true,
    rewriteHosts: new Set(rewrite.map(hostPort)),
    masker: new Masker(configuration, secrets),
  };
}

module.exports = { prepare };
