/**
 * Call your API from a rule, with a machine-to-machine token.
 *
 * The corrected version of the example most people copy:
 *  - the cheap check that can deny runs first, before any network call;
 *  - the M2M token is cached in `global` until a minute before it expires, instead of being
 *    fetched on every login (M2M tokens count toward the tenant's quota);
 *  - `callback` is called once, after the API has answered, so the result reaches the tokens.
 *
 * Configuration: RULE_APP_CLIENT_ID, RULE_APP_CLIENT_SECRET (the M2M application),
 *                API_AUDIENCE (the API's identifier), API_URL (the endpoint to call).
 */
function callApiWithM2mToken(user, context, callback) {
  if (!user.email_verified) {
    return callback(new UnauthorizedError('Please verify your email before logging in.'));
  }

  const axios = require('axios@0.21.1');
  const NAMESPACE = 'https://rulebench.example/';

  async function m2mToken() {
    const cached = global.rulebenchM2mToken;
    if (cached && cached.audience === configuration.API_AUDIENCE && cached.expiresAt - 60 * 1000 > Date.now()) {
      return cached.accessToken;
    }
    const response = await axios.post(`https://${auth0.domain}/oauth/token`, {
      grant_type: 'client_credentials',
      client_id: configuration.RULE_APP_CLIENT_ID,
      client_secret: configuration.RULE_APP_CLIENT_SECRET,
      audience: configuration.API_AUDIENCE
    }, { timeout: 5000 });
    global.rulebenchM2mToken = {
      audience: configuration.API_AUDIENCE,
      accessToken: response.data.access_token,
      expiresAt: Date.now() + response.data.expires_in * 1000
    };
    return response.data.access_token;
  }

  async function callApi() {
    const token = await m2mToken();
    const response = await axios.get(configuration.API_URL, {
      headers: { Authorization: `Bearer ${token}` },
      timeout: 5000
    });
    const data = response.data;
    const result = data && Array.isArray(data.messages) && data.messages.length ? data.messages[0].text : data;
    context.idToken[NAMESPACE + 'api_result'] = result;
    return callback(null, user, context);
  }

  callApi().catch((error) => {
    const status = error.response ? ` (HTTP ${error.response.status})` : '';
    callback(new Error(`Could not call the API${status}: ${error.message}`));
  });
}
