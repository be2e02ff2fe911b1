/**
 * Call your API from a post-login Action, with a machine-to-machine token.
 * The twin of the call-api rule: deny first, cache the M2M token (api.cache), await the API,
 * then put its answer in the ID token.
 *
 * Secrets: RULE_APP_CLIENT_ID, RULE_APP_CLIENT_SECRET (the M2M application),
 *          API_AUDIENCE (the API's identifier), API_URL (the endpoint to call),
 *          AUTH0_DOMAIN (the tenant's domain: Actions have no auth0.domain).
 * Dependencies: axios@0.21.1
 */
const axios = require('axios');

const NAMESPACE = 'https://rulebench.example/';

async function m2mToken(event, api) {
  const cached = api.cache.get('m2m_token');
  if (cached && cached.value) {
    return cached.value;
  }
  const response = await axios.post(`https://${event.secrets.AUTH0_DOMAIN}/oauth/token`, {
    grant_type: 'client_credentials',
    client_id: event.secrets.RULE_APP_CLIENT_ID,
    client_secret: event.secrets.RULE_APP_CLIENT_SECRET,
    audience: event.secrets.API_AUDIENCE
  }, { timeout: 5000 });
  // Expire the cached token a minute before the token itself does.
  const ttl = Math.max(0, (response.data.expires_in - 60) * 1000);
  api.cache.set('m2m_token', response.data.access_token, { ttl });
  return response.data.access_token;
}

exports.onExecutePostLogin = async (event, api) => {
  if (!event.user.email_verified) {
    return api.access.deny('Please verify your email before logging in.');
  }
  const token = await m2mToken(event, api);
  const response = await axios.get(event.secrets.API_URL, {
    headers: { Authorization: `Bearer ${token}` },
    timeout: 5000
  });
  const data = response.data;
  const result = data && Array.isArray(data.messages) && data.messages.length ? data.messages[0].text : data;
  api.idToken.setCustomClaim(NAMESPACE + 'api_result', result);
};
