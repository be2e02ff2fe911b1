'use strict';
// The rule-visible `auth0` object. `auth0.users.updateAppMetadata/updateUserMetadata` behave
// like the Management API PATCH /api/v2/users/{id} they stand for (rules-runtime.md §2.1, D7):
// root-level keys merge, nested objects are replaced whole, `null` deletes a key, `{}` clears
// all metadata, and keys containing "." or "$" are refused (Auth0 answers 500). Both return a
// Promise of the sandbox's realm and also accept a node-style callback. Updates are recorded
// in the run's metadata_updates and applied to `user` when the id is the current user's.
const als = require('./als');

function badKey(value, path) {
  if (value === null || typeof value !== 'object') return null;
  for (const key of Object.keys(value)) {
    if (key.includes('.') || key.includes('$')) return path ? `${path}.${key}` : key;
    const nested = badKey(value[key], path ? `${path}.${key}` : key);
    if (nested) return nested;
  }
  return null;
}

function validate(metadata) {
  if (metadata === null || typeof metadata !== 'object' || Array.isArray(metadata)) {
    return new TypeError('metadata must be an object');
  }
  const key = badKey(metadata, '');
  if (!key) return null;
  const err = new Error(`Internal Server Error: metadata key "${key}" contains "." or "$"`);
  err.statusCode = 500;
  return err;
}

function merge(user, field, update, realmJson) {
  const copy = realmJson.parse(JSON.stringify(update));
  if (Object.keys(copy).length === 0) {
    user[field] = copy;
    return;
  }
  const current = user[field];
  const target = current !== null && typeof current === 'object' ? current : (user[field] = copy);
  for (const [key, value] of Object.entries(copy)) {
    if (value === null) delete target[key];
    else target[key] = value;
  }
}

function update(run, field, userId, metadata, callback) {
  const frame = als.getStore();
  const error = validate(metadata);
  const sameUser = run.user && run.user.user_id === userId;
  if (!error && !run.closed) {
    run.metadataUpdates.push({ user_id: String(userId), [field]: JSON.parse(JSON.stringify(metadata)) });
    if (sameUser) merge(run.user, field, metadata, run.sandbox.realm.JSON);
  }
  const call = {}; // handle for the frame's pending work, like an HTTP request
  if (frame && !run.closed) {
    if (frame.reacting()) frame.noteLate('metadata updates');
    frame.track(call, 'metadata');
  }
  const promise = new run.sandbox.realm.Promise((resolve, reject) => {
    // A real PATCH answers later; resolving on a later turn keeps rules honest about waiting.
    setImmediate(() => {
      if (frame) frame.settle(call);
      if (error) reject(error);
      else resolve(sameUser ? run.user : undefined);
    });
  });
  if (typeof callback === 'function') promise.then((u) => callback(null, u), (e) => callback(e));
  return promise;
}

function makeAuth0(run, info) {
  return {
    domain: info.domain,
    baseUrl: info.baseUrl,
    accessToken: info.accessToken,
    users: {
      updateAppMetadata: (userId, metadata, cb) => update(run, 'app_metadata', userId, metadata, cb),
      updateUserMetadata: (userId, metadata, cb) => update(run, 'user_metadata', userId, metadata, cb),
    },
  };
}

module.exports = { makeAuth0, validate };
