async function fetchDiscovery(user, context, callback) {
  const axios = require('axios@0.21.1');
  try {
    const res = await axios.get(`https://${auth0.domain}/.well-known/openid-configuration`);
    context.idToken['https://rulebench.test/issuer'] = res.data.issuer;
    return callback(null, user, context);
  } catch (err) {
    return callback(err);
  }
}
