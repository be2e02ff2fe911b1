#!/usr/bin/env node
'use strict';
// The reference for the host's `bench` request: the same rule files in one `vm` context with a
// minimal prelude and no tracing (the "node vm in-process, reused" row of js-engine.md §6).
// Per login: parse the user from JSON, run the chain through the callbacks, serialise the
// claims. The host should reach >= 0.65x of this.
//
//   node bench/bare-vm-loop.js --user bench/user.json [--context F] [--config F]
//        [--logins N] rule.js…
// Last line: logins_per_s=<n>
const fs = require('node:fs');
const vm = require('node:vm');
const { performance } = require('node:perf_hooks');

function parseArgs(argv) {
  const opts = { logins: 50000, rules: [] };
  for (let i = 0; i < argv.length; i++) {
    const flag = argv[i];
    if (flag === '--user' || flag === '--context' || flag === '--config') opts[flag.slice(2)] = argv[++i];
    else if (flag === '--logins') opts.logins = Number(argv[++i]);
    else opts.rules.push(flag);
  }
  if (!opts.user || opts.rules.length === 0) {
    process.stderr.write('usage: bare-vm-loop.js --user USER.json [--context F] [--config F] [--logins N] RULE.js…\n');
    process.exit(2);
  }
  return opts;
}

const opts = parseArgs(process.argv.slice(2));
const userJson = JSON.stringify(JSON.parse(fs.readFileSync(opts.user, 'utf8')));
const contextJson = opts.context ? JSON.stringify(JSON.parse(fs.readFileSync(opts.context, 'utf8')))
  : '{"idToken":{},"accessToken":{}}';
const configuration = opts.config ? JSON.parse(fs.readFileSync(opts.config, 'utf8')) : {};

const sandbox = vm.createContext({ configuration, console: { log() {} } });
vm.runInContext(`
  global = globalThis;
  function UnauthorizedError(message) { const e = new Error(message); e.name = 'UnauthorizedError'; return e; }
`, sandbox);
const rules = opts.rules.map((file) =>
  new vm.Script(`(${fs.readFileSync(file, 'utf8')}\n)`, { filename: file }).runInContext(sandbox));

function login() {
  return new Promise((resolve) => {
    const user = JSON.parse(userJson);
    const context = JSON.parse(contextJson);
    let i = 0;
    const next = (err, u, c) => {
      if (err || i === rules.length) {
        resolve(JSON.stringify({ error: err ? err.message : null, id: c.idToken, access: c.accessToken }));
        return;
      }
      rules[i++](u, c, next);
    };
    next(null, user, context);
  });
}

(async () => {
  for (let i = 0; i < Math.min(2000, opts.logins); i++) await login(); // warm-up
  const start = performance.now();
  for (let i = 0; i < opts.logins; i++) await login();
  const seconds = (performance.now() - start) / 1000;
  console.log(`logins=${opts.logins} seconds=${seconds.toFixed(3)}`);
  console.log(`logins_per_s=${Math.round(opts.logins / seconds)}`);
})();
