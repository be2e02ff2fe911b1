function everythingHard(user, context, callback) {
  global.cache = global.cache || {};
  const domain = auth0.domain;
  if (context.protocol === 'redirect-callback') {
    return callback(null, user, context);
  }
  context.samlConfiguration.mappings = { email: 'mail' };
  user.picture = 'https://rulebench.test/avatar.png';
  callback(null, user, context);
}
