// SPDX-License-Identifier: MIT
// Replays real Auth0 traffic (go-auth0's go-vcr cassettes in shared/conformance/recordings)
// against a fresh `rulebench-cli serve` with shared/conformance/replay.py, one subtest per
// cassette. Skips cleanly when shared/ or a Python with PyYAML is not there.
//
// RULEBENCH_SHARED_DIR  the shared folder (default: <repo>/../shared)
// RULEBENCH_PYTHON      the Python to run replay.py with (default: /usr/bin/python3, then python3)

import assert from 'node:assert/strict';
import { spawn, spawnSync } from 'node:child_process';
import { existsSync, readdirSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { after, before, describe, test } from 'node:test';

import { api, makeTempDir, managementToken, removeTempDir, repoRoot, startServer } from './lib/tenant.mjs';

const sharedDir = resolve(process.env.RULEBENCH_SHARED_DIR || join(repoRoot, '..', 'shared'));
const replayScript = join(sharedDir, 'conformance', 'replay.py');
const recordingsDir = join(sharedDir, 'conformance', 'recordings');

// The recorded resource-owner login (go-auth0's TestOAuthLoginWithPassword) signs in the
// database user `test-user` with password `Testpassword123!`, through a client that sends no
// secret: a public client allowed the password grant. Its tenant had both; ours gets them first.
async function prepareTestUserLogin(server, token) {
  const client = await api(server, 'POST', '/api/v2/clients', {
    token,
    body: { name: 'Replay login app', app_type: 'native', token_endpoint_auth_method: 'none', grant_types: ['password'] },
  });
  assert.equal(client.status, 201, client.text);
  const user = await api(server, 'POST', '/api/v2/users', {
    token,
    body: {
      connection: 'Username-Password-Authentication', username: 'test-user', email: 'test-user@example.com',
      password: 'Testpassword123!', email_verified: true,
    },
  });
  assert.equal(user.status, 201, user.text);
  return { client_id: client.data.client_id, client_secret: client.data.client_secret };
}

// Cassettes that need the tenant prepared first: each runs on a fresh server, with the client
// the preparation returns as --client-id/--client-secret.
const PREPARED = new Map([
  ['auth_TestOAuthLoginWithPassword_Should_return_tokens', prepareTestUserLogin],
]);

function findPython() {
  const candidates = process.env.RULEBENCH_PYTHON ? [process.env.RULEBENCH_PYTHON] : ['/usr/bin/python3', 'python3'];
  for (const candidate of candidates) {
    const probe = spawnSync(candidate, ['-c', 'import yaml'], { stdio: 'ignore' });
    if (probe.status === 0) return candidate;
  }
  return null;
}

function skipReason() {
  if (!existsSync(replayScript)) return `no replay.py at ${replayScript} (set RULEBENCH_SHARED_DIR to the shared folder)`;
  if (!existsSync(recordingsDir)) return `no recordings at ${recordingsDir}`;
  if (!findPython()) return 'no Python 3 with PyYAML (install python3-yaml, or set RULEBENCH_PYTHON)';
  return null;
}

const reason = skipReason();

// Runs replay.py on the given cassette files; resolves {code, stdout, stderr, results}.
function replay(python, server, token, files, client = server.credentials) {
  const args = [
    replayScript,
    '--base-url', server.baseUrl,
    '--token', token,
    '--client-id', client.client_id,
    '--client-secret', client.client_secret,
    '--audience', server.credentials.audience,
    '--timeout', '20',
    ...files,
  ];
  return new Promise((resolveRun, rejectRun) => {
    const child = spawn(python, args, { stdio: ['ignore', 'pipe', 'pipe'] });
    let stdout = '';
    let stderr = '';
    child.stdout.setEncoding('utf8').on('data', (d) => { stdout += d; });
    child.stderr.setEncoding('utf8').on('data', (d) => { stderr += d; });
    child.once('error', rejectRun);
    child.once('close', (code) => {
      const results = new Map();
      for (const line of stdout.split('\n')) {
        const m = /^(PASS|FAIL) (\S+?)(?:: (.*))?$/.exec(line);
        if (m) results.set(m[2], { pass: m[1] === 'PASS', detail: m[3] ?? '' });
      }
      resolveRun({ code, stdout, stderr, results });
    });
  });
}

describe('replay of recorded Auth0 traffic (shared/conformance)', { skip: reason ?? false }, () => {
  if (reason) return;
  const python = findPython();
  const cassettes = readdirSync(recordingsDir)
    .filter((f) => /\.ya?ml$/.test(f))
    .sort()
    .map((f) => ({ name: f.replace(/\.ya?ml$/, ''), file: join(recordingsDir, f) }));
  const current = cassettes.filter((c) => !PREPARED.has(c.name));
  const prepared = cassettes.filter((c) => PREPARED.has(c.name));

  let dir;
  let server;
  let run;

  before(async () => {
    dir = makeTempDir('rulebench-replay-');
    server = await startServer({ dataFile: join(dir, 'tenant.sqlite') });
    const token = await managementToken(server);
    run = await replay(python, server, token, current.map((c) => c.file));
    console.log(run.stdout.trimEnd().replace(/^/gm, 'replay.py> '));
    if (run.stderr.trim()) console.log(`replay.py stderr: ${run.stderr.trim()}`);
  });

  after(async () => {
    try {
      if (server) await server.stop();
    } finally {
      removeTempDir(dir);
    }
  });

  test('replay.py ran every cassette and exited 0', () => {
    assert.ok(current.length > 0, `no cassettes in ${recordingsDir}`);
    assert.notEqual(run.code, 2, `replay.py could not run: ${run.stderr}`);
    assert.equal(run.results.size, current.length, `replay.py reported ${run.results.size} of ${current.length} cassettes:\n${run.stdout}`);
    assert.equal(run.code, 0, `replay.py exit status ${run.code}:\n${run.stdout}`);
  });

  for (const cassette of current) {
    test(cassette.name, () => {
      const result = run.results.get(cassette.name);
      assert.ok(result, `no result line for ${cassette.name}`);
      assert.ok(result.pass, `FAIL ${cassette.name}: ${result.detail}`);
    });
  }

  for (const cassette of prepared) {
    test(cassette.name, async () => {
      const fresh = await startServer({ dataFile: join(dir, `prepared-${cassette.name}.sqlite`) });
      try {
        const token = await managementToken(fresh);
        const client = await PREPARED.get(cassette.name)(fresh, token);
        const result = await replay(python, fresh, token, [cassette.file], client);
        console.log(result.stdout.trimEnd().replace(/^/gm, 'replay.py> '));
        const line = result.results.get(cassette.name);
        assert.ok(line?.pass, `FAIL ${cassette.name}: ${line?.detail ?? result.stdout}`);
        assert.equal(result.code, 0, `replay.py exit status ${result.code}:\n${result.stdout}${result.stderr}`);
      } finally {
        await fresh.stop();
      }
    });
  }
});
