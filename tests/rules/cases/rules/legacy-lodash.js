function legacyLodash(user, context, callback) {
  const roles = _.get(user, 'app_metadata.roles', []);
  context.idToken['https://rulebench.test/roles'] = roles;
  callback(null, user, context);
}
