'use strict';
// `api.cache` of post-login Actions: one per sandbox, shared by every Action of the trigger and
// kept across runs until `reset`, as `global` is for rules (a warm container; Auth0 does not
// promise it survives, D11). Auth0's limits (auth0.com/docs/customize/actions/limitations,
// "Cached data"): ≤ 20 entries, keys ≤ 64 bytes, values ≤ 4 kB, keys + values ≤ 8 kB, lifetimes
// ≤ 24 h. The api-object page: set() stores a *string*, default lifetime 15 minutes, options
// {ttl (ms) | expires_at (epoch ms)}; get() returns {value, expires_at} or undefined; set() and
// delete() do not throw but return a CacheWriteResult, {type: "success", record} or
// {type: "error", code}. Auth0 does not document its codes; the ones below are Rulebench's.

const MAX_ENTRIES = 20;
const MAX_KEY_BYTES = 64;
const MAX_VALUE_BYTES = 4 * 1024;
const MAX_TOTAL_BYTES = 8 * 1024;
const MAX_LIFETIME_MS = 24 * 60 * 60 * 1000;
const DEFAULT_LIFETIME_MS = 15 * 60 * 1000;

const bytes = (s) => Buffer.byteLength(s, 'utf8');

const WHY = {
  invalid_key: 'the key must be a non-empty string',
  invalid_value: 'the value must be a string (Actions cache strings only; JSON.stringify objects)',
  key_too_large: `the key is over ${MAX_KEY_BYTES} bytes`,
  value_too_large: `the value is over ${MAX_VALUE_BYTES} bytes`,
  too_many_entries: `the cache already holds ${MAX_ENTRIES} entries`,
  cache_full: `keys and values together would exceed ${MAX_TOTAL_BYTES} bytes`,
  invalid_lifetime: 'ttl must be a positive number of milliseconds, expires_at a future epoch time in milliseconds',
};

class ActionCache {
  // now(): the sandbox's clock (a run's fixed `now` moves it), in epoch ms
  constructor(now) {
    this.now = now;
    this.entries = new Map(); // key -> {value, expires_at}
  }

  prune() {
    const t = this.now();
    for (const [key, entry] of this.entries) {
      if (entry.expires_at <= t) this.entries.delete(key);
    }
  }

  get(key) {
    if (typeof key !== 'string') return undefined;
    this.prune();
    const entry = this.entries.get(key);
    return entry ? { value: entry.value, expires_at: entry.expires_at } : undefined;
  }

  // -> {type: 'success', record} | {type: 'error', code, message}
  set(key, value, options) {
    if (typeof key !== 'string' || key === '') return error('invalid_key');
    if (typeof value !== 'string') return error('invalid_value');
    if (bytes(key) > MAX_KEY_BYTES) return error('key_too_large');
    if (bytes(value) > MAX_VALUE_BYTES) return error('value_too_large');
    const t = this.now();
    let expiresAt = t + DEFAULT_LIFETIME_MS;
    const opts = options !== null && typeof options === 'object' ? options : {};
    if (opts.ttl !== undefined) {
      if (typeof opts.ttl !== 'number' || !(opts.ttl > 0)) return error('invalid_lifetime');
      expiresAt = t + opts.ttl;
    } else if (opts.expires_at !== undefined) {
      if (typeof opts.expires_at !== 'number' || !(opts.expires_at > t)) return error('invalid_lifetime');
      expiresAt = opts.expires_at;
    }
    // "Lifetimes may not exceed" 24 h: a longer one is cut to the maximum, as "up to" reads.
    expiresAt = Math.min(expiresAt, t + MAX_LIFETIME_MS);
    this.prune();
    const replacing = this.entries.get(key);
    if (!replacing && this.entries.size >= MAX_ENTRIES) return error('too_many_entries');
    let total = bytes(key) + bytes(value);
    for (const [k, entry] of this.entries) {
      if (k !== key) total += bytes(k) + bytes(entry.value);
    }
    if (total > MAX_TOTAL_BYTES) return error('cache_full');
    const record = { value, expires_at: expiresAt };
    this.entries.set(key, record);
    return { type: 'success', record: { ...record } };
  }

  delete(key) {
    this.prune();
    if (typeof key !== 'string' || !this.entries.delete(key)) return error('not_found', 'no such key in the cache');
    return { type: 'success' };
  }

  *values() {
    for (const entry of this.entries.values()) yield entry.value;
  }
}

function error(code, message = WHY[code]) {
  return { type: 'error', code, message };
}

module.exports = {
  ActionCache, MAX_ENTRIES, MAX_KEY_BYTES, MAX_VALUE_BYTES, MAX_TOTAL_BYTES, MAX_LIFETIME_MS,
  DEFAULT_LIFETIME_MS,
};
