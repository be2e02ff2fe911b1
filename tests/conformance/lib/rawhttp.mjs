// SPDX-License-Identifier: MIT
// HTTP/1.1 over a bare socket, so a test can send what fetch() refuses to (odd methods,
// malformed request lines, lying Content-Length, truncated bodies) and check that the answer
// is well-formed HTTP. One connection per request ("Connection: close").

import net from 'node:net';

const CRLF = '\r\n';

// request: {host, port, method, target, headers: [[name, value]…], body: Buffer|string,
//           rawHead: string (replaces the generated head), truncateBodyTo: n (send only n
//           body bytes, then half-close), halfClose: bool, timeoutMs}
// Resolves {response|null, error|null, timedOut, closedWithoutAnswer, bytes}.
export function send(request) {
  const {
    host = '127.0.0.1', port, method = 'GET', target = '/', headers = [], rawHead, timeoutMs = 10_000,
  } = request;
  let body = request.body ?? Buffer.alloc(0);
  if (typeof body === 'string') body = Buffer.from(body, 'utf8');

  let head = rawHead;
  if (head === undefined) {
    const lines = [`${method} ${target} HTTP/1.1`];
    const names = new Set(headers.map(([name]) => name.toLowerCase()));
    if (!names.has('host')) lines.push(`Host: ${host}:${port}`);
    for (const [name, value] of headers) lines.push(`${name}: ${value}`);
    if (!names.has('content-length') && !names.has('transfer-encoding') && (body.length > 0 || ['POST', 'PUT', 'PATCH'].includes(method))) {
      lines.push(`Content-Length: ${body.length}`);
    }
    if (!names.has('connection')) lines.push('Connection: close');
    head = lines.join(CRLF) + CRLF + CRLF;
  }
  const headBytes = Buffer.from(head, 'latin1');
  const sentBody = request.truncateBodyTo !== undefined ? body.subarray(0, request.truncateBodyTo) : body;
  const halfClose = request.halfClose || request.truncateBodyTo !== undefined;

  return new Promise((resolve) => {
    const chunks = [];
    let received = 0;
    let settled = false;
    let socketError = null;
    const socket = net.connect({ host, port });
    const finish = (extra = {}) => {
      if (settled) return;
      settled = true;
      clearTimeout(timer);
      socket.destroy();
      const raw = Buffer.concat(chunks);
      let response = null;
      let parseError = null;
      if (raw.length > 0) {
        try {
          response = parseResponse(raw, method);
        } catch (error) {
          parseError = error.message;
        }
      }
      resolve({
        response,
        parseError,
        error: socketError,
        timedOut: false,
        closedWithoutAnswer: raw.length === 0,
        bytes: raw.length,
        ...extra,
      });
    };
    const timer = setTimeout(() => finish({ timedOut: true }), timeoutMs);
    socket.on('connect', () => {
      // The server may answer (413, 400) and close before it read everything: keep going,
      // an EPIPE/ECONNRESET on write is reported but the answer already read still counts.
      socket.write(headBytes);
      if (sentBody.length > 0) socket.write(sentBody);
      if (halfClose) socket.end();
    });
    socket.on('data', (chunk) => {
      chunks.push(chunk);
      received += chunk.length;
      // Stop early once a complete answer is in (a keep-alive server would not close).
      if (received > 0 && responseComplete(Buffer.concat(chunks), method)) finish();
    });
    socket.on('error', (error) => { socketError = error.code || error.message; });
    socket.on('close', () => finish());
  });
}

function headerEnd(raw) {
  return raw.indexOf('\r\n\r\n');
}

function responseComplete(raw, method) {
  const end = headerEnd(raw);
  if (end < 0) return false;
  let parsed;
  try {
    parsed = parseHead(raw.subarray(0, end).toString('latin1'));
  } catch {
    return false;
  }
  const bodyBytes = raw.length - end - 4;
  if (method === 'HEAD' || parsed.status === 204 || parsed.status === 304 || (parsed.status >= 100 && parsed.status < 200)) return true;
  const length = parsed.headers['content-length'];
  if (length !== undefined) return bodyBytes >= Number(length);
  if ((parsed.headers['transfer-encoding'] || '').toLowerCase().includes('chunked')) {
    return raw.subarray(end + 4).toString('latin1').includes('\r\n0\r\n\r\n') || raw.subarray(end + 4).toString('latin1').startsWith('0\r\n\r\n');
  }
  return false; // read until close
}

function parseHead(text) {
  const lines = text.split('\r\n');
  const match = /^HTTP\/1\.[01] (\d{3})(?: (.*))?$/.exec(lines[0]);
  if (!match) throw new Error(`bad status line ${JSON.stringify(lines[0].slice(0, 80))}`);
  const headers = {};
  for (const line of lines.slice(1)) {
    const colon = line.indexOf(':');
    if (colon <= 0) throw new Error(`bad header line ${JSON.stringify(line.slice(0, 80))}`);
    const name = line.slice(0, colon).trim().toLowerCase();
    const value = line.slice(colon + 1).trim();
    headers[name] = headers[name] === undefined ? value : `${headers[name]}, ${value}`;
  }
  return { status: Number(match[1]), reason: match[2] ?? '', headers };
}

// Parses one complete HTTP/1.x response; throws when it is not well-formed.
export function parseResponse(raw, method = 'GET') {
  const end = headerEnd(raw);
  if (end < 0) throw new Error(`no end of headers in ${raw.length} bytes: ${JSON.stringify(raw.subarray(0, 80).toString('latin1'))}`);
  const { status, reason, headers } = parseHead(raw.subarray(0, end).toString('latin1'));
  const rest = raw.subarray(end + 4);
  let body = rest;
  const noBody = method === 'HEAD' || status === 204 || status === 304 || (status >= 100 && status < 200);
  if (!noBody && headers['content-length'] !== undefined) {
    if (!/^\d+$/.test(headers['content-length'])) throw new Error(`bad Content-Length ${headers['content-length']}`);
    const length = Number(headers['content-length']);
    if (rest.length < length) throw new Error(`body has ${rest.length} bytes, Content-Length says ${length}`);
    body = rest.subarray(0, length);
  } else if (!noBody && (headers['transfer-encoding'] || '').toLowerCase().includes('chunked')) {
    body = decodeChunked(rest);
  } else if (noBody) {
    body = Buffer.alloc(0);
  }
  return { status, reason, headers, body, text: body.toString('utf8') };
}

function decodeChunked(buffer) {
  const parts = [];
  let offset = 0;
  for (;;) {
    const lineEnd = buffer.indexOf('\r\n', offset);
    if (lineEnd < 0) throw new Error('truncated chunked body');
    const size = parseInt(buffer.subarray(offset, lineEnd).toString('latin1').split(';')[0], 16);
    if (Number.isNaN(size)) throw new Error('bad chunk size');
    offset = lineEnd + 2;
    if (size === 0) return Buffer.concat(parts);
    if (offset + size > buffer.length) throw new Error('truncated chunk');
    parts.push(buffer.subarray(offset, offset + size));
    offset += size + 2;
  }
}
