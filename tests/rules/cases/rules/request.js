function requestJwks(user, context, callback) {
  const request = require('request');
  request.get({ url: `https://${auth0.domain}/.well-known/jwks.json`, json: true }, function (err, res, body) {
    if (err) return callback(err);
    context.idToken['https://rulebench.test/jwks_status'] = res.statusCode;
    context.idToken['https://rulebench.test/kty'] = body.keys[0].kty;
    callback(null, user, context);
  });
}
