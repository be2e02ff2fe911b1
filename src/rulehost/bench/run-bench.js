#!/usr/bin/env node
'use strict';
// Measures the host's `bench` request against the bare vm loop on the same sample chain
// (5 rules, ~2 KB profile), one after the other on this machine, and prints both.
//   node bench/run-bench.js [--logins N] [--min-ratio R]   (exit 1 if host/bare < R)
const { spawn, execFileSync } = require('node:child_process');
const fs = require('node:fs');
const path = require('node:path');
const readline = require('node:readline');

const args = process.argv.slice(2);
const flag = (name, fallback) => (args.includes(name) ? Number(args[args.indexOf(name) + 1]) : fallback);
const logins = flag('--logins', 50000);
const minRatio = flag('--min-ratio', 0);

const here = __dirname;
const ruleFiles = fs.readdirSync(path.join(here, 'rules')).sort().map((f) => path.join(here, 'rules', f));
const read = (f) => JSON.parse(fs.readFileSync(path.join(here, f), 'utf8'));
const request = {
  type: 'bench', sandbox: 'bench', timeout_ms: 20000,
  chain: ruleFiles.map((file) => ({ name: path.basename(file, '.js'), kind: 'rule', file, source: fs.readFileSync(file, 'utf8') })),
  user: read('user.json'), context: read('context.json'), configuration: read('configuration.json'),
};

function hostBench() {
  const child = spawn(process.execPath, [path.join(here, '..', 'host.js')], { stdio: ['pipe', 'pipe', 'inherit'] });
  const answers = [];
  let wake = null;
  readline.createInterface({ input: child.stdout }).on('line', (line) => {
    answers.push(JSON.parse(line));
    if (wake) wake();
  });
  const next = () => (answers.length ? Promise.resolve(answers.shift())
    : new Promise((resolve) => { wake = () => { wake = null; resolve(answers.shift()); }; }));
  const ask = (body) => {
    child.stdin.write(`${JSON.stringify(body)}\n`);
    return next();
  };
  return (async () => {
    await next(); // ready
    await ask({ ...request, id: 1, logins: 2000 }); // warm-up, as the bare loop does
    const result = await ask({ ...request, id: 2, logins });
    child.stdin.end();
    return result;
  })();
}

(async () => {
  const host = await hostBench();
  if (host.type !== 'bench_result') throw new Error(JSON.stringify(host));
  const bareOut = execFileSync(process.execPath, [path.join(here, 'bare-vm-loop.js'),
    '--user', path.join(here, 'user.json'), '--context', path.join(here, 'context.json'),
    '--config', path.join(here, 'configuration.json'), '--logins', String(logins), ...ruleFiles], { encoding: 'utf8' });
  const bare = Number(/logins_per_s=(\d+)/.exec(bareOut)[1]);
  const ratio = host.logins_per_s / bare;
  console.log(`host bench: logins_per_s=${host.logins_per_s} p50=${host.latency_us.p50.toFixed(1)}us p99=${host.latency_us.p99.toFixed(1)}us outcomes=${JSON.stringify(host.outcomes)}`);
  console.log(`bare vm loop: logins_per_s=${bare}`);
  console.log(`ratio=${ratio.toFixed(2)}`);
  if (ratio < minRatio) process.exitCode = 1;
})();
