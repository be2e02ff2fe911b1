function setClaim(user, context, callback) {
  context.idToken['https://rulebench.test/after_denial'] = true;
  callback(null, user, context);
}
