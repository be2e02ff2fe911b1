function neverCallback(user, context, callback) {
  context.idToken['https://rulebench.test/forgot'] = true;
}
