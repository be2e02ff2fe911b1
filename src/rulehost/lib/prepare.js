'use strict';
// Validates a run/bench request once and turns it into what every login of it reuses:
// compiled rules, the inputs as JSON text (parsed afresh in the sandbox's realm per login),
// the frozen configuration, the secret masker.
const { InputError } = require('./protocol');
const { compile, compileAction } = require('./compile');
const { Masker } = require('./mask');
const { resolveDependencies } = require('./modules');

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

// `secrets`: string values are shared by every Action; an object value holds the secrets of the
// Action with that name (Auth0 keeps secrets per Action, §3.3), merged over the shared ones.
// -> { shared, byAction: Map(name -> {…}), all: [every [key, value], for the masker] }
function secretsOf(value) {
  const shared = {};
  const byAction = new Map();
  const all = [];
  for (const [key, v] of Object.entries(object(value, 'secrets', {}))) {
    if (typeof v === 'string') {
      shared[key] = v;
      all.push([key, v]);
    } else if (v !== null && typeof v === 'object' && !Array.isArray(v)) {
      const own = strings(v, `secrets.${key}`);
      byAction.set(key, own);
      all.push(...Object.entries(own));
    } else {
      throw new InputError(`"secrets.${key}" must be a string (shared by all Actions) or an object of strings (one Action's)`);
    }
  }
  return { shared, byAction, all };
}

// Dependencies an Action's header comment declares ("Dependencies: axios@0.21.1, lodash@4.17.21",
// as Rulebench's templates and converted rules write it), for chain entries that give none.
function headerDependencies(source) {
  const header = /^\s*(?:\/\*[\s\S]*?\*\/\s*|\/\/[^\n]*\n\s*)*/.exec(source)[0];
  const m = /^[\s*/]*Dependencies:[ \t]*([^\n]*)$/im.exec(header);
  if (!m) return [];
  const list = m[1].split(/[\s,]+/).filter(Boolean);
  return list.every((d) => /^(?:@[^/@\s]+\/)?[^@\s]+@[^@\s]+$/.test(d)) ? list : [];
}

function actionFields(item, i, name, secrets) {
  const given = item.dependencies;
  if (given !== undefined && !Array.isArray(given)) {
    throw new InputError(`"chain[${i}].dependencies" must be an array of {"name", "version"}`);
  }
  const { modules, error } = resolveDependencies(given === undefined ? headerDependencies(item.source) : given);
  const own = item.secrets === undefined ? {} : strings(item.secrets, `chain[${i}].secrets`);
  secrets.all.push(...Object.entries(own));
  return {
    dependencies: modules,
    dependenciesKey: [...modules].map(([n, key]) => `${n}=${key}`).sort().join(','),
    dependencyError: error,
    secrets: Object.freeze({ ...secrets.shared, ...(secrets.byAction.get(name) || {}), ...own }),
  };
}

function chainOf(value, secrets) {
  if (!Array.isArray(value)) throw new InputError('"chain" must be an array of rules');
  return value.map((item, i) => {
    if (item === null || typeof item !== 'object' || typeof item.source !== 'string') {
      throw new InputError(`"chain[${i}].source" must be a string`);
    }
    const kind = item.kind === undefined ? 'rule' : String(item.kind);
    const name = typeof item.name === 'string' && item.name ? item.name : `${kind}-${i + 1}`;
    const filename = typeof item.file === 'string' && item.file ? item.file : `${name}.js`;
    const id = typeof item.id === 'string' ? item.id : undefined;
    if (kind === 'action') {
      return { name, kind, id, entry: compileAction(item.source, filename), ...actionFields(item, i, name, secrets) };
    }
    return { name, kind, id, entry: kind === 'rule' ? compile(item.source, filename) : null };
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
  const secrets = secretsOf(msg.secrets);
  const rewrite = msg.rewrite_https_hosts === undefined ? [] : msg.rewrite_https_hosts;
  if (!Array.isArray(rewrite)) throw new InputError('"rewrite_https_hosts" must be an array');
  return {
    chain: chainOf(msg.chain, secrets),
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
    masker: new Masker(configuration, secrets.all),
  };
}

module.exports = { prepare };
