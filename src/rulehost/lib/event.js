'use strict';
// The post-login `event` an Action receives, built from the `user` and `context` as the rules
// left them (Actions run after Rules, rules-runtime.md §3.3 "Order"), with the field names and
// types of Auth0's event object (§3.1, D10; docs-v2 post-login-event-object.mdx) and the
// mapping of §3.3 (abbaspour/rules-wrapper mapping.md read the other way round).
// A fresh copy per Action: what an Action changes on `event` does not reach the next one; the
// metadata it sets through `api.user` does (Auth0 updates the event "optimistically" between
// Actions, auth0 community article 121908).

const isObject = (v) => v !== null && typeof v === 'object' && !Array.isArray(v);
const objectOr = (v, fallback = {}) => (isObject(v) ? v : fallback);
const words = (v) => (typeof v === 'string' ? v.split(' ').filter(Boolean) : Array.isArray(v) ? v.map(String) : []);

// event.user carries the documented profile fields only: code that reads anything else works
// in a rule but not in an Action (logins_count, for one, moved to event.stats).
const USER_FIELDS = [
  'user_id', 'email', 'email_verified', 'username', 'name', 'given_name', 'family_name',
  'nickname', 'picture', 'phone_number', 'phone_verified', 'created_at', 'updated_at',
  'last_password_reset', 'multifactor', 'enrolledFactors', 'identities', 'app_metadata',
  'user_metadata',
];
const USER_DATES = new Set(['created_at', 'updated_at', 'last_password_reset']);
// Actions' identities lack the IdP tokens rules could read (actions-migration-limitations.mdx).
const IDENTITY_FIELDS = ['connection', 'provider', 'user_id', 'profileData', 'isSocial'];

// Rules' geoip is snake_case, Actions' camelCase (§3.1).
const GEOIP = {
  country_code: 'countryCode', country_code3: 'countryCode3', country_name: 'countryName',
  city_name: 'cityName', latitude: 'latitude', longitude: 'longitude', time_zone: 'timeZone',
  continent_code: 'continentCode', subdivision_code: 'subdivisionCode',
  subdivision_name: 'subdivisionName',
};

// Dates in rules are ISO strings or epoch numbers (§1.1); Actions have ISO strings. Method
// timestamps: the docs say seconds, their examples are ms (§1.2) — below 1e11 reads as seconds.
function iso(value) {
  if (typeof value === 'number' && Number.isFinite(value)) {
    return new Date(value < 1e11 ? value * 1000 : value).toISOString();
  }
  return value;
}

function pick(source, fields) {
  const out = {};
  for (const f of fields) if (source[f] !== undefined) out[f] = source[f];
  return out;
}

function eventUser(user) {
  const u = pick(objectOr(user), USER_FIELDS);
  for (const f of USER_DATES) if (u[f] !== undefined) u[f] = iso(u[f]);
  u.app_metadata = objectOr(u.app_metadata);
  u.user_metadata = objectOr(u.user_metadata);
  u.identities = Array.isArray(u.identities) ? u.identities.map((i) => pick(objectOr(i), IDENTITY_FIELDS)) : [];
  u.multifactor = Array.isArray(u.multifactor) ? u.multifactor : [];
  u.enrolledFactors = Array.isArray(u.enrolledFactors) ? u.enrolledFactors : [];
  return u;
}

function eventRequest(request) {
  const r = objectOr(request);
  const body = objectOr(r.body);
  const geoip = {};
  for (const [snake, camel] of Object.entries(GEOIP)) {
    const g = objectOr(r.geoip);
    if (g[snake] !== undefined) geoip[camel] = g[snake];
    else if (g[camel] !== undefined) geoip[camel] = g[camel];
  }
  const out = {
    ip: typeof r.ip === 'string' ? r.ip : '',
    hostname: r.hostname,
    // Rules have no method; a body is sent only with the POSTs of resource-owner flows (§1.2).
    method: typeof r.method === 'string' ? r.method : Object.keys(body).length ? 'POST' : 'GET',
    user_agent: r.user_agent !== undefined ? r.user_agent : r.userAgent,
    language: r.language,
    query: objectOr(r.query),
    body,
    geoip,
  };
  if (r.asn !== undefined) out.asn = r.asn;
  return out;
}

function eventTransaction(context) {
  const query = objectOr(objectOr(context.request).query);
  const given = objectOr(context.transaction);
  const t = {
    protocol: context.protocol,
    requested_scopes: words(query.scope),
    redirect_uri: query.redirect_uri,
    response_type: words(query.response_type),
    response_mode: query.response_mode,
    state: query.state,
    locale: typeof context.locale === 'string' ? context.locale : 'en',
    ui_locales: words(query.ui_locales),
    prompt: words(query.prompt),
    acr_values: words(query.acr_values),
    login_hint: query.login_hint,
    metadata: {},
  };
  return { ...t, ...given };
}

// -> a plain object; the caller copies it into the Action's realm.
function buildEvent(user, context, secrets) {
  const c = objectOr(context);
  const query = objectOr(objectOr(c.request).query);
  const authentication = objectOr(c.authentication);
  const methods = Array.isArray(authentication.methods) ? authentication.methods : [];
  const event = {
    user: eventUser(user),
    client: { client_id: c.clientID, name: c.clientName, metadata: objectOr(c.clientMetadata) },
    connection: {
      id: c.connectionID, name: c.connection, strategy: c.connectionStrategy,
      metadata: objectOr(c.connectionMetadata),
    },
    request: eventRequest(c.request),
    transaction: eventTransaction(c),
    authentication: {
      methods: methods.map((m) => ({ ...objectOr(m), timestamp: iso(objectOr(m).timestamp) })),
    },
    authorization: { roles: Array.isArray(objectOr(c.authorization).roles) ? c.authorization.roles : [] },
    stats: {
      logins_count: objectOr(c.stats).loginsCount !== undefined ? c.stats.loginsCount
        : objectOr(user).logins_count !== undefined ? user.logins_count : 0,
    },
    tenant: { id: c.tenant },
    secrets: { ...secrets },
  };
  if (c.riskAssessment !== undefined) event.authentication.riskAssessment = c.riskAssessment;
  if (typeof query.audience === 'string' && query.audience) {
    event.resource_server = { identifier: query.audience };
  }
  if (isObject(c.organization)) {
    const org = c.organization;
    event.organization = {
      id: org.id, name: org.name, display_name: org.display_name !== undefined ? org.display_name : org.name,
      metadata: objectOr(org.metadata),
    };
  }
  if (typeof c.sessionID === 'string') {
    const clients = Array.isArray(objectOr(c.sso).current_clients) ? c.sso.current_clients : [];
    event.session = {
      id: c.sessionID,
      clients: clients.map((id) => (isObject(id) ? id : { client_id: String(id) })),
    };
  }
  return event;
}

module.exports = { buildEvent, GEOIP, USER_FIELDS };
