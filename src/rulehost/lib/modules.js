'use strict';
// `require` inside a rule. Auth0 lets rules pin a version with `require('name@version')`;
// without a version its registry hands out "the first version it finds" (rules-runtime.md §2.2).
// Every name below resolves to a real npm package installed under node_modules, versioned ones
// through npm aliases in package.json ("axios-0.19.2": "npm:axios@0.19.2").

const fs = require('node:fs');
const path = require('node:path');

// rule-visible name -> package folder under node_modules
const PACKAGES = {
  'async': 'async',
  'async@2.6.4': 'async',
  'auth0': 'auth0',
  'auth0@2.44.1': 'auth0',
  'auth0@2.9.1': 'auth0-2.9.1',
  // Unversioned axios gets the newest we ship; 0.19.2 is what the community examples pin.
  'axios': 'axios-0.21.1',
  'axios@0.19.2': 'axios-0.19.2',
  'axios@0.21.1': 'axios-0.21.1',
  'jsonwebtoken': 'jsonwebtoken',
  'jsonwebtoken@9.0.2': 'jsonwebtoken',
  'jsonwebtoken@8.5.1': 'jsonwebtoken-8.5.1',
  'lodash': 'lodash',
  'lodash@4.17.21': 'lodash',
  'lodash@4.17.19': 'lodash-4.17.19',
  'moment': 'moment',
  'moment@2.29.4': 'moment',
  'node-fetch': 'node-fetch-2.6.1',
  'node-fetch@2.6.0': 'node-fetch-2.6.0',
  'node-fetch@2.6.1': 'node-fetch-2.6.1',
  'q': 'q',
  'q@1.5.1': 'q',
  'request': 'request',
  'request@2.88.2': 'request',
  'url@0.10.3': 'url-0.10.3',
  // uuid 3.x is what Auth0's templates were written against (`require('uuid').v4()` and
  // `require('uuid')()` both work there); 8.x for code that destructures `{ v4 }`.
  'uuid': 'uuid',
  'uuid@3.4.0': 'uuid',
  'uuid@8.3.2': 'uuid-8.3.2',
};

// Node built-ins a rule may require. No fs, child_process, worker_threads, vm or process:
// the process is the security boundary (js-engine.md §4), but there is no reason to hand
// rules the tools to reach outside it.
const BUILTINS = [
  'assert', 'buffer', 'crypto', 'events', 'http', 'https', 'path', 'querystring',
  'stream', 'string_decoder', 'url', 'util', 'zlib',
];

// Auth0's implicit globals from before the Node 16 runtime (rules-runtime.md §2.1, D14), and
// the ones Rulebench can define when a run asks for `legacy_globals`.
const LEGACY_GLOBALS = [
  '_', 'async', 'Auth0', 'azure_storage', 'bcrypt', 'crypto', 'couchbase', 'cql', 'ip', 'jwt',
  'Knex', 'mongo', 'mysql', 'mysql_pool', 'ObjectID', 'pbkdf2', 'pg', 'postgres', 'Pubnub', 'q',
  'querystring', 'request', 'sqlserver', 'uuid', 'xml2js', 'xmldom', 'xpath', 'xtend',
];
const LEGACY_SHIPPED = {
  _: 'lodash', async: 'async', Auth0: 'auth0', crypto: 'crypto', jwt: 'jsonwebtoken',
  q: 'q', querystring: 'querystring', request: 'request', uuid: 'uuid',
};

const ALLOWED = [...Object.keys(PACKAGES), ...BUILTINS].sort();
// Modules whose calls may start HTTP requests a turn later (request: setImmediate, axios:
// promise jobs), i.e. after a synchronous `callback` already ended the rule.
const NETWORK = /^(?:axios|request|node-fetch|auth0|http|https)(?:@|$)/;

function isNetworkModule(name) {
  return NETWORK.test(name);
}
const loaded = new Map();

function ruleRequire(name) {
  let mod = loaded.get(name);
  if (mod !== undefined) return mod;
  if (typeof name !== 'string') throw new TypeError('The "id" argument must be of type string');
  const target = PACKAGES[name] || (BUILTINS.includes(name) ? `node:${name}` : null);
  if (!target) {
    const err = new Error(
      `Cannot find module '${name}' in the Auth0 rule sandbox (allowed: ${ALLOWED.join(', ')})`);
    err.code = 'MODULE_NOT_FOUND';
    throw err;
  }
  mod = require(target);
  loaded.set(name, mod);
  return mod;
}

// --- Actions ---------------------------------------------------------------------------------
// An Action declares its npm modules ("dependencies": [{name, version}], as the Management API
// stores them) and requires them by bare name; `name@version` inside require() is Rules-only.

function isBuiltin(name) {
  return BUILTINS.includes(name);
}

// The version a shipped package folder holds (its own package.json), e.g. "0.21.1".
const versions = new Map();
function folderVersion(folder) {
  let v = versions.get(folder);
  if (v === undefined) {
    // Read directly: a package's "exports" map may hide its package.json from require().
    const file = path.join(__dirname, '..', 'node_modules', folder, 'package.json');
    v = JSON.parse(fs.readFileSync(file, 'utf8')).version;
    versions.set(folder, v);
  }
  return v;
}

// The versions of `name` this host ships, newest key order as listed in PACKAGES.
function shippedVersions(name) {
  const out = new Set();
  for (const [key, folder] of Object.entries(PACKAGES)) {
    if (key === name || key.startsWith(`${name}@`)) out.add(folderVersion(folder));
  }
  return [...out];
}

// What an unversioned require('name') loads here, as "name@version"; null for built-ins and
// modules the host does not ship.
function defaultVersionOf(name) {
  const folder = PACKAGES[name];
  return folder ? `${name}@${folderVersion(folder)}` : null;
}

// "axios@0.21.1" or {name, version} -> {name, version}; "@scope/pkg@1.0.0" keeps its scope.
function parseDependency(dep) {
  if (typeof dep === 'string') {
    const at = dep.lastIndexOf('@');
    if (at > 0) return { name: dep.slice(0, at), version: dep.slice(at + 1) };
    return { name: dep, version: 'latest' };
  }
  if (dep !== null && typeof dep === 'object' && typeof dep.name === 'string' && dep.name) {
    return { name: dep.name, version: typeof dep.version === 'string' && dep.version ? dep.version : 'latest' };
  }
  return null;
}

// Declared dependencies -> { modules: Map(name -> require key), error: message | null }.
// Only versions the host ships resolve; "latest" means the version an unversioned require gets.
function resolveDependencies(list) {
  const modules = new Map();
  for (const raw of list) {
    const dep = parseDependency(raw);
    if (!dep) return { modules, error: `a dependency must be "name@version" or {"name", "version"}, not ${JSON.stringify(raw)}` };
    const key = dep.version === 'latest' ? dep.name : `${dep.name}@${dep.version}`;
    if (!PACKAGES[key]) {
      const shipped = shippedVersions(dep.name);
      return {
        modules,
        error: `dependency ${dep.name}@${dep.version} is not available in Rulebench's rule host` +
          (shipped.length ? ` (it ships ${dep.name} ${shipped.join(', ')})` : ` (it does not ship ${dep.name} at all)`),
      };
    }
    modules.set(dep.name, key);
  }
  return { modules, error: null };
}

module.exports = {
  ALLOWED, LEGACY_GLOBALS, LEGACY_SHIPPED, PACKAGES, defaultVersionOf, isBuiltin, isNetworkModule,
  parseDependency, resolveDependencies, ruleRequire, shippedVersions,
};
