function addClaims(user, context, callback) {
  context.idToken['https://rulebench.test/greeting'] = configuration.GREETING + ', ' + user.name;
  context.idToken['https://rulebench.test/roles'] = user.app_metadata.roles;
  context.accessToken['https://rulebench.test/now'] = new Date().toISOString().slice(0, 16); // minutes: the fixed clock still ticks
  callback(null, user, context);
}
