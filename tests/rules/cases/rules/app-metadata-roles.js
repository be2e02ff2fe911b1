function appMetadataRoles(user, context, callback) {
  // Pitfall: app_metadata is undefined until something sets it.
  context.idToken['https://rulebench.test/roles'] = user.app_metadata.roles;
  callback(null, user, context);
}
