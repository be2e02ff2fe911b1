'use strict';
// Test support: spawns `node host.js` and speaks the protocol for real, plus a loopback HTTP
// server standing in for the tenant's /oauth/token and an API.
const { spawn } = require('node:child_process');
const http = require('node:http');
const path = require('node:path');
const readline = require('node:readline');

const HOST = path.join(__dirname, '..', 'host.js');

class Host {
  constructor(nodeArgs = []) {
    this.child = spawn(process.execPath, [...nodeArgs, HOST], { stdio: ['pipe', 'pipe', 'pipe'] });
    this.stderr = '';
    this.child.stderr.on('data', (d) => { this.stderr += d; });
    this.waiting = new Map(); // id -> resolve
    this.unmatched = []; // resolvers for responses with id null
    this.nextId = 1;
    this.ready = new Promise((resolve) => { this.onReady = resolve; });
    readline.createInterface({ input: this.child.stdout }).on('line', (line) => {
      const msg = JSON.parse(line);
      if (msg.type === 'ready') return this.onReady(msg);
      const resolve = msg.id === null ? this.unmatched.shift() : this.waiting.get(msg.id);
      this.waiting.delete(msg.id);
      if (resolve) resolve(msg);
    });
  }

  static async start(nodeArgs) {
    const host = new Host(nodeArgs);
    host.readyMessage = await host.ready;
    return host;
  }

  request(body) {
    const id = body.id ?? this.nextId++;
    return new Promise((resolve) => {
      this.waiting.set(id, resolve);
      this.child.stdin.write(`${JSON.stringify({ ...body, id })}\n`);
    });
  }

  raw(line) {
    return new Promise((resolve) => {
      this.unmatched.push(resolve);
      this.child.stdin.write(`${line}\n`);
    });
  }

  run(fields) {
    return this.request({ type: 'run', sandbox: 'default', user: USER, context: CONTEXT, ...fields });
  }

  close() {
    return new Promise((resolve) => {
      this.child.on('exit', resolve);
      this.child.stdin.end();
    });
  }
}

const USER = {
  user_id: 'auth0|64b7f0c2a1b2c3d4e5f60718', email: 'jane.doe@example.com', email_verified: true,
  name: 'Jane Doe', app_metadata: { roles: ['editor'], plan: 'pro' },
  user_metadata: { preferences: { color: 'blue' } },
};
const CONTEXT = {
  clientID: 'q2hnj2iu7Xw3PEtXqQzY1pXmTUA', clientName: 'Acme Web', protocol: 'oidc-basic-profile',
  accessToken: {}, idToken: {}, stats: { loginsCount: 42 },
};

function rule(name, fn) {
  return { name, kind: 'rule', source: typeof fn === 'function' ? fn.toString() : fn };
}

// A loopback stand-in for the tenant: /oauth/token (client_credentials) and /api/messages.
async function startTenant() {
  const state = { tokenRequests: 0, apiRequests: 0, lastTokenBody: null };
  const server = http.createServer((req, res) => {
    let body = '';
    req.on('data', (c) => { body += c; });
    req.on('end', () => {
      res.setHeader('content-type', 'application/json');
      if (req.method === 'POST' && req.url === '/oauth/token') {
        state.tokenRequests++;
        state.lastTokenBody = body;
        const token = `tok-${state.tokenRequests}`;
        return res.end(JSON.stringify({ access_token: token, token_type: 'Bearer', expires_in: 86400 }));
      }
      if (req.url.startsWith('/api/messages')) {
        state.apiRequests++;
        const ok = /^Bearer tok-\d+$/.test(req.headers.authorization || '');
        res.statusCode = ok ? 200 : 401;
        return res.end(JSON.stringify(ok ? { messages: ['hello'], tier: 'gold' } : { error: 'no token' }));
      }
      res.statusCode = 404;
      res.end('{}');
    });
  });
  await new Promise((resolve) => server.listen(0, '127.0.0.1', resolve));
  const hostPort = `127.0.0.1:${server.address().port}`;
  return { server, state, hostPort, close: () => new Promise((r) => server.close(r)) };
}

module.exports = { Host, USER, CONTEXT, rule, startTenant };
