function signedAssertion(user, context, callback) {
  const jwt = require('jsonwebtoken');
  const token = jwt.sign({ sub: user.user_id }, configuration.SIGNING_KEY, { expiresIn: 60 });
  const decoded = jwt.verify(token, configuration.SIGNING_KEY);
  context.idToken['https://rulebench.test/assertion_sub'] = decoded.sub;
  callback(null, user, context);
}
