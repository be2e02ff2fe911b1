'use strict';
// Masks secrets in what the host reports (HTTP traces, console lines): the `simulate` contract
// says client_secret and Authorization values never reach the app's UI or logs (DESIGN.md).
// Tokens in response bodies stay visible: showing them is the point of the test pane.

const MASK = '***';
// Configuration and secret keys that hold secrets by convention (RULE_APP_CLIENT_SECRET,
// API_KEY, …).
const SECRET_KEY = /SECRET|PASSWORD|TOKEN|KEY/i;
// Shorter values would blank out unrelated text ("1", "true") wherever they occur.
const MIN_SECRET_LENGTH = 6;

const FORM_SECRET = /(client_secret=)[^&\s"']*/gi;
const JSON_SECRET = /("client_secret"\s*:\s*")(?:[^"\\]|\\.)*(")/gi;
const MASKED_HEADERS = new Set(['authorization', 'proxy-authorization']);

// The forms a secret takes on the wire: raw, URL-encoded, form-encoded, JSON-escaped.
function addSecret(found, value) {
  if (typeof value !== 'string' || value.length < MIN_SECRET_LENGTH) return;
  const encoded = encodeURIComponent(value);
  found.add(value).add(encoded).add(encoded.replace(/%20/g, '+'));
  found.add(JSON.stringify(value).slice(1, -1));
}

class Masker {
  // configuration: the rules' map; secrets: the Actions' [key, value] pairs (several Actions
  // may use one name). Both are masked by key name: Actions keep settings such as AUTH0_DOMAIN
  // or API_URL among their secrets too, and a trace with those masked says nothing.
  constructor(configuration, secrets) {
    const found = new Set();
    for (const [key, value] of [...Object.entries(configuration || {}), ...(secrets || [])]) {
      if (SECRET_KEY.test(key)) addSecret(found, value);
    }
    // Longest first, so a secret that contains another is masked whole.
    this.values = [...found].sort((a, b) => b.length - a.length);
  }

  text(s) {
    if (typeof s !== 'string' || s === '') return s;
    let out = s.replace(FORM_SECRET, `$1${MASK}`).replace(JSON_SECRET, `$1${MASK}$2`);
    for (const v of this.values) {
      if (out.includes(v)) out = out.split(v).join(MASK);
    }
    return out;
  }

  // Keeps the scheme of Authorization values ("Bearer ***") so the trace still says what kind.
  headers(headers) {
    const out = {};
    for (const [name, value] of Object.entries(headers || {})) {
      if (MASKED_HEADERS.has(name.toLowerCase())) {
        const scheme = /^(\S+)\s+\S/.exec(String(value));
        out[name] = scheme ? `${scheme[1]} ${MASK}` : MASK;
      } else {
        out[name] = Array.isArray(value) ? value.map((v) => this.text(String(v)))
          : this.text(String(value));
      }
    }
    return out;
  }
}

module.exports = { Masker, MASK };
