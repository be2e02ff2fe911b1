// SPDX-License-Identifier: MIT
// Starts `rulebench-cli serve` for a test and talks to it: the two-line start-up contract
// (DESIGN.md "rulebench-cli serve"), clean SIGTERM stop, tokens from /oauth/token, and a
// ManagementClient from the official `auth0` SDK pointed at plain-HTTP loopback.
// Written for Node 18 (Debian 12's nodejs): no import.meta.dirname, no Promise.withResolvers.

import { spawn } from 'node:child_process';
import { existsSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join, resolve } from 'node:path';
import { createInterface } from 'node:readline';
import { fileURLToPath } from 'node:url';

import { ManagementClient } from 'auth0';

export const here = dirname(fileURLToPath(import.meta.url));
export const repoRoot = resolve(here, '..', '..', '..');

// How long one start-up or one SIGTERM stop may take before the test fails (never a sleep:
// these only bound a wait for an event).
const START_TIMEOUT_MS = 20_000;
const STOP_TIMEOUT_MS = 20_000;

export function cliPath() {
  const path = process.env.RULEBENCH_CLI || join(repoRoot, 'build', 'bin', 'rulebench-cli');
  if (!existsSync(path)) {
    throw new Error(`rulebench-cli not found at ${path}: build it, or set RULEBENCH_CLI`);
  }
  return path;
}

// Every server started by these helpers; killed on process exit if a test forgot it.
const live = new Set();
function killAll() {
  for (const child of live) {
    try { child.kill('SIGKILL'); } catch { /* already gone */ }
  }
}
process.on('exit', killAll);
// A test runner that cancels this file (timeout, Ctrl-C) must not leave servers behind.
for (const [signal, number] of [['SIGINT', 2], ['SIGTERM', 15]]) {
  process.once(signal, () => {
    killAll();
    process.exit(128 + number);
  });
}

export function makeTempDir(prefix = 'rulebench-conformance-') {
  return mkdtempSync(join(tmpdir(), prefix));
}

export function removeTempDir(dir) {
  if (dir) rmSync(dir, { recursive: true, force: true });
}

function withTimeout(promise, ms, what) {
  let timer;
  const timeout = new Promise((_, reject) => {
    timer = setTimeout(() => reject(new Error(`${what}: no answer within ${ms} ms`)), ms);
  });
  return Promise.race([promise, timeout]).finally(() => clearTimeout(timer));
}

// Starts `rulebench-cli serve --port 0 --data FILE [extra…]` and resolves once its two
// start-up lines are read:
//   listening on http://127.0.0.1:PORT
//   {"client_id":…,"client_secret":…,"audience":…}
export async function startServer({ dataFile, extraArgs = [] } = {}) {
  if (!dataFile) throw new Error('startServer needs a dataFile');
  const args = ['serve', '--port', '0', '--data', dataFile, ...extraArgs];
  const child = spawn(cliPath(), args, { stdio: ['ignore', 'pipe', 'pipe'] });
  live.add(child);

  let stderr = '';
  child.stderr.setEncoding('utf8');
  child.stderr.on('data', (chunk) => {
    stderr += chunk;
    if (stderr.length > 64 * 1024) stderr = stderr.slice(-64 * 1024);
  });

  const exited = new Promise((resolveExit) => {
    child.once('exit', (code, signal) => {
      live.delete(child);
      resolveExit({ code, signal });
    });
  });

  const lines = [];
  const rl = createInterface({ input: child.stdout });
  const firstTwo = new Promise((resolveLines, rejectLines) => {
    rl.on('line', (line) => {
      lines.push(line);
      if (lines.length === 2) resolveLines(lines.slice(0, 2));
    });
    child.once('error', rejectLines);
    exited.then(({ code, signal }) => {
      if (lines.length < 2) {
        rejectLines(new Error(`rulebench-cli serve exited (code ${code}, signal ${signal}) before its start-up lines; `
          + `stdout: ${JSON.stringify(lines)}; stderr: ${stderr.trim()}`));
      }
    });
  });

  let startup;
  try {
    startup = await withTimeout(firstTwo, START_TIMEOUT_MS, 'rulebench-cli serve start-up');
  } catch (error) {
    child.kill('SIGKILL');
    throw error;
  }

  const match = /^listening on (http:\/\/127\.0\.0\.1:(\d+))$/.exec(startup[0]);
  if (!match) {
    child.kill('SIGKILL');
    throw new Error(`first stdout line is not "listening on http://127.0.0.1:PORT": ${JSON.stringify(startup[0])}`);
  }
  let credentials;
  try {
    credentials = JSON.parse(startup[1]);
  } catch (error) {
    child.kill('SIGKILL');
    throw new Error(`second stdout line is not JSON: ${JSON.stringify(startup[1])}`);
  }

  const baseUrl = match[1];
  const port = Number(match[2]);
  let stopping = null;
  const server = {
    child,
    pid: child.pid,
    port,
    baseUrl,
    credentials,
    exited,
    get stderr() { return stderr; },
    get stdoutLines() { return lines.slice(); },
    isAlive() {
      if (child.exitCode !== null || child.signalCode !== null) return false;
      try { process.kill(child.pid, 0); return true; } catch { return false; }
    },
    // SIGTERM, then wait for the exit event; resolves {code, signal}.
    stop() {
      if (!stopping) {
        if (child.exitCode === null && child.signalCode === null) child.kill('SIGTERM');
        stopping = withTimeout(exited, STOP_TIMEOUT_MS, 'rulebench-cli serve stop after SIGTERM').catch((error) => {
          child.kill('SIGKILL');
          throw error;
        });
      }
      return stopping;
    },
  };
  return server;
}

// A fetch that sends what the SDK addresses to https://127.0.0.1:PORT over plain HTTP: the
// SDK hard-codes https://${domain} and the local tenant serves loopback HTTP.
export function loopbackFetch(port) {
  const httpsPrefix = `https://127.0.0.1:${port}`;
  const httpPrefix = `http://127.0.0.1:${port}`;
  const rewrite = (url) => (url.startsWith(httpsPrefix) ? httpPrefix + url.slice(httpsPrefix.length) : url);
  return (input, init) => {
    if (typeof input === 'string') return fetch(rewrite(input), init);
    if (input instanceof URL) return fetch(rewrite(input.href), init);
    return fetch(new Request(rewrite(input.url), input), init);
  };
}

// The SDK in client-credentials mode: it fetches its own token from /oauth/token with the
// management client and the default audience https://127.0.0.1:PORT/api/v2/.
export function managementClient(server, { clientId, clientSecret } = {}) {
  return new ManagementClient({
    domain: `127.0.0.1:${server.port}`,
    clientId: clientId ?? server.credentials.client_id,
    clientSecret: clientSecret ?? server.credentials.client_secret,
    fetch: loopbackFetch(server.port),
    retry: { enabled: false }, // a 429 or 5xx must show, not be retried away
    telemetry: false,
  });
}

// POST /oauth/token with a form body (what curl, the auth0 CLI and rules send).
export async function requestToken(baseUrl, params, { json = false, headers = {} } = {}) {
  const body = json ? JSON.stringify(params) : new URLSearchParams(params).toString();
  const response = await fetch(`${baseUrl}/oauth/token`, {
    method: 'POST',
    headers: { 'Content-Type': json ? 'application/json' : 'application/x-www-form-urlencoded', ...headers },
    body,
  });
  const text = await response.text();
  let data;
  try { data = JSON.parse(text); } catch { data = undefined; }
  return { status: response.status, headers: response.headers, text, data };
}

// A Management API token for the serve command's management client.
export async function managementToken(server, audience = server.credentials.audience) {
  const { status, data, text } = await requestToken(server.baseUrl, {
    grant_type: 'client_credentials',
    client_id: server.credentials.client_id,
    client_secret: server.credentials.client_secret,
    audience,
  });
  if (status !== 200 || !data?.access_token) throw new Error(`management token: HTTP ${status} ${text}`);
  return data.access_token;
}

// Minimal JSON call to the Management API with a given bearer token.
export async function api(server, method, path, { token, body, headers = {} } = {}) {
  const init = { method, headers: { ...headers } };
  if (token) init.headers.Authorization = `Bearer ${token}`;
  if (body !== undefined) {
    init.headers['Content-Type'] = init.headers['Content-Type'] || 'application/json';
    init.body = typeof body === 'string' ? body : JSON.stringify(body);
  }
  const response = await fetch(`${server.baseUrl}${path}`, init);
  const text = await response.text();
  let data;
  try { data = JSON.parse(text); } catch { data = undefined; }
  return { status: response.status, headers: response.headers, text, data };
}

// Unique-enough suffix for names within one test run (names must differ across runs only
// within one data file, which every test makes fresh).
let counter = 0;
export function uniqueSuffix() {
  counter += 1;
  return `${process.pid}-${counter}`;
}
