/**
 * The example most people copy (community.auth0.com/t/41309), kept as it is so the
 * simulator can show its two bugs:
 *  - it calls `callback` before its requests finish, so the API's answer never reaches
 *    the tokens (finding: callback-before-async);
 *  - it fetches a new M2M token on every login (finding: m2m-token-not-cached).
 * Do not deploy it; use the call-api template.
 */
function (user, context, callback) {
  const axios = require('axios@0.19.2');

  axios.post(`https://${auth0.domain}/oauth/token`, {
    grant_type: 'client_credentials',
    client_id: configuration.RULE_APP_CLIENT_ID,
    client_secret: configuration.RULE_APP_CLIENT_SECRET,
    audience: configuration.API_AUDIENCE
  }).then((response) => {
    return axios.get(configuration.API_URL, {
      headers: { Authorization: `Bearer ${response.data.access_token}` }
    });
  }).then((response) => {
    context.idToken['https://rulebench.example/api_result'] = response.data;
  });

  callback(null, user, context);
}
