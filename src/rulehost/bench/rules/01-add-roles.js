function addRoles(user, context, callback) {
  const namespace = 'https://rulebench.test/';
  const roles = (user.app_metadata && user.app_metadata.roles) || [];
  context.idToken[namespace + 'roles'] = roles;
  context.accessToken[namespace + 'roles'] = roles;
  callback(null, user, context);
}
