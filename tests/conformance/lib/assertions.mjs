// SPDX-License-Identifier: MIT
// Assertions on Auth0-shaped answers (reference/auth0-api.md §0.2, §2.2).

import assert from 'node:assert/strict';

const REASONS = {
  400: 'Bad Request',
  401: 'Unauthorized',
  403: 'Forbidden',
  404: 'Not Found',
  405: 'Method Not Allowed',
  409: 'Conflict',
  413: 'Request Entity Too Large',
  415: 'Unsupported Media Type',
  429: 'Too Many Requests',
};

// A Management API error body: {"statusCode":N,"error":"<reason>","message":"…"[,"errorCode":"…"]}.
export function assertManagementErrorBody(body, status, { errorCode } = {}) {
  assert.equal(typeof body, 'object', `error body is not a JSON object: ${JSON.stringify(body)}`);
  assert.notEqual(body, null);
  assert.equal(body.statusCode, status, `statusCode in ${JSON.stringify(body)}`);
  assert.equal(typeof body.error, 'string', `error in ${JSON.stringify(body)}`);
  if (REASONS[status]) assert.equal(body.error, REASONS[status], `error in ${JSON.stringify(body)}`);
  assert.equal(typeof body.message, 'string', `message in ${JSON.stringify(body)}`);
  assert.ok(body.message.length > 0, 'message is empty');
  if (errorCode !== undefined) assert.equal(body.errorCode, errorCode, `errorCode in ${JSON.stringify(body)}`);
}

// Awaits an SDK call that must fail with a ManagementApiError of the given status.
export async function expectApiError(promise, status, { errorCode, messageMatch } = {}) {
  let error;
  try {
    const result = await promise;
    assert.fail(`expected HTTP ${status}, the call succeeded with HTTP ${result?.status}: ${JSON.stringify(result?.data)}`);
  } catch (caught) {
    if (caught instanceof assert.AssertionError) throw caught;
    error = caught;
  }
  assert.equal(error.statusCode, status, `expected HTTP ${status}, got ${error.statusCode}: ${error.body ?? error.message}`);
  assert.equal(error.name, 'ManagementApiError', `SDK could not parse the error body: ${error.body ?? error.message}`);
  const body = JSON.parse(error.body);
  assertManagementErrorBody(body, status, { errorCode });
  if (messageMatch) assert.match(body.message, messageMatch);
  return { error, body };
}

// A /oauth/token error: {"error":"…","error_description":"…"} with the given status.
export function assertOAuthError(response, status, error) {
  assert.equal(response.status, status, `expected HTTP ${status} ${error}, got ${response.status}: ${response.text}`);
  assert.ok(response.data && typeof response.data === 'object', `body is not JSON: ${response.text}`);
  assert.equal(response.data.error, error, `error in ${response.text}`);
  assert.equal(typeof response.data.error_description, 'string', `error_description in ${response.text}`);
}
