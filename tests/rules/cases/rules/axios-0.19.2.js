function axios0192(user, context, callback) {
  const axios = require('axios@0.19.2');
  axios.get(`https://${auth0.domain}/.well-known/openid-configuration`)
    .then(function (res) {
      context.idToken['https://rulebench.test/jwks_uri'] = res.data.jwks_uri;
      callback(null, user, context);
    })
    .catch(callback);
}
