'use strict';
// The Rules → Actions mapping of rules-runtime.md §3.3 (D9; abbaspour/rules-wrapper mapping.md),
// as data for the converter, with the reason given for what has no safe equivalent.

// context.<key> -> event.<path> (reads only).
const CONTEXT_READS = {
  clientID: 'client.client_id',
  clientName: 'client.name',
  clientMetadata: 'client.metadata',
  connection: 'connection.name',
  connectionID: 'connection.id',
  connectionStrategy: 'connection.strategy',
  connectionMetadata: 'connection.metadata',
  protocol: 'transaction.protocol',
  locale: 'transaction.locale',
  tenant: 'tenant.id',
  authentication: 'authentication',
  riskAssessment: 'authentication.riskAssessment',
  authorization: 'authorization',
  organization: 'organization',
  // The closest equivalent (§3.3); event.session is optional.
  sessionID: 'session?.id',
};

// context.request.<key>: same name unless listed.
const REQUEST_FIELDS = { ip: 'ip', hostname: 'hostname', query: 'query', body: 'body', userAgent: 'user_agent' };

// context.request.geoip.<snake> -> event.request.geoip.<camel> (§3.1).
const GEOIP = {
  country_code: 'countryCode', country_code3: 'countryCode3', country_name: 'countryName',
  city_name: 'cityName', latitude: 'latitude', longitude: 'longitude', time_zone: 'timeZone',
  continent_code: 'continentCode', subdivision_code: 'subdivisionCode',
  subdivision_name: 'subdivisionName',
};

const CONTEXT_UNCONVERTED = {
  connectionOptions: 'Actions have no equivalent of context.connectionOptions (a listed migration limitation)',
  sso: 'context.sso has no direct equivalent; event.session.clients (a list of {client_id}) is the closest — rewrite by hand',
  samlConfiguration: 'SAML settings are made with api.samlResponse.set…() in an Action — rewrite by hand',
  primaryUser: 'account linking is api.authentication.setPrimaryUser() in an Action, and cannot be combined with a rule that sets primaryUser — rewrite by hand',
  jwtConfiguration: 'Actions cannot change token lifetimes per login',
  original_protocol: 'the pass after a redirect is exports.onContinuePostLogin in an Action — rewrite by hand',
  redirect: 'only `context.redirect = {url}` converts (to api.redirect.sendUserTo); reading it has no equivalent',
  multifactor: 'only `context.multifactor = {provider, …}` converts (to api.multifactor.enable); reading it has no equivalent',
  idToken: 'an Action can only add claims (api.idToken.setCustomClaim), not read, replace or delete them',
  accessToken: 'an Action can only add claims (api.accessToken.setCustomClaim) and change scopes (addScope/removeScope), not read, replace or delete them',
  stats: 'only context.stats.loginsCount converts (to event.stats.logins_count)',
  request: 'only context.request.ip/hostname/query/body/userAgent/geoip.* convert; event.request differs in shape',
};

// user.<key> the rule reads that event.user does not carry.
const USER_MOVED = { logins_count: 'stats.logins_count' };
const USER_MISSING = {
  last_login: 'event.user has no last_login',
  last_ip: 'event.user has no last_ip (event.request.ip is this login\'s)',
  blocked: 'event.user has no blocked flag (a blocked user does not reach the Action)',
  locale: 'event.user has no locale (event.transaction.locale is the login\'s)',
  permissions: 'user.permissions came from the Authorization Extension; Actions have event.authorization.roles only',
};
// Writing these in a rule changes the ID token (the profile claims are read from `user` after
// the rules); event.user in an Action is a copy, so the write would be lost.
const USER_TOKEN_FIELDS = new Set([
  'name', 'family_name', 'given_name', 'middle_name', 'nickname', 'preferred_username', 'profile',
  'picture', 'website', 'gender', 'birthdate', 'zoneinfo', 'locale', 'updated_at', 'email',
  'email_verified', 'phone_number', 'phone_verified',
]);

const WHY = {
  global: 'an Action has no `global` shared across logins; cache small strings with api.cache.get/set (≤ 4 kB each, ≤ 24 h) — rewrite by hand',
  auth0: 'an Action has no `auth0` object: keep the tenant domain and M2M credentials in secrets and use a ManagementClient (npm auth0) — rewrite by hand',
  updateOtherUser: 'only the logging-in user\'s metadata converts (api.user.set…Metadata); another user needs a ManagementClient',
  updateCallback: 'a node-style callback to auth0.users.update…Metadata does not convert; use its promise',
  unauthorizedError: 'UnauthorizedError does not exist in an Action; deny with api.access.deny(reason)',
  callbackValue: 'the callback is passed around instead of called; only calls (and .catch(callback)) convert',
  callbackOther: 'calls back with another user or context object; an Action changes the login only through api',
  reassign: 'reassigns a parameter of the rule; an Action changes the login only through api',
  contextWhole: 'uses the whole context object; an Action has event (read) and api (write) instead',
  contextDynamic: 'reads context with a computed property; convert the access by hand',
  contextUnknown: 'no known Action equivalent for this context property',
  contextWrite: 'writes a context property that an Action can only read (event)',
  userToken: 'in a rule this changes the ID token; event.user is a copy in an Action — set the claim with api.idToken.setCustomClaim',
  identityTokens: 'an Action\'s event.user.identities carry no IdP access or refresh tokens',
  timestamps: 'authentication method timestamps are ISO strings in an Action, epoch numbers in a rule',
  redirectCallback: 'the redirect-callback pass belongs in exports.onContinuePostLogin (Actions do not rerun after a redirect) — move that branch by hand',
  claimNotStatement: 'the claim assignment is used as a value; only `context.idToken[k] = v;` as a statement converts',
  scope: 'only `context.accessToken.scope = [ … ]` (an array literal) converts to addScope/removeScope',
  multifactorShape: 'only `context.multifactor = {provider, allowRememberBrowser, …}` as an object literal converts',
  redirectShape: 'only `context.redirect = {url: …}` as an object literal converts',
  requireDynamic: 'require() of a computed name; declare the dependency and require it by name',
  requireUnknown: 'Rulebench does not ship this module, so the Action cannot run here; pick its version in the Action\'s dependencies',
  requireShadow: 'in an Action require(\'url\') is Node\'s built-in module, not the npm package url@…',
  legacy: 'an implicit global of the pre-Node-16 rule sandbox; require it explicitly',
  thisArguments: 'refers to the rule function\'s own this/arguments',
  neverCallsBack: 'the rule never calls callback, so Auth0 never gets past it (the login times out); an Action goes on when it returns — decide what it should do',
  metadataPresence: 'app_metadata/user_metadata are always objects in an Action (a rule sees undefined when the user has none), so this check behaves differently',
  selfReference: 'the rule function refers to itself by name',
};

module.exports = {
  CONTEXT_READS, CONTEXT_UNCONVERTED, GEOIP, REQUEST_FIELDS, USER_MISSING, USER_MOVED,
  USER_TOKEN_FIELDS, WHY,
};
