function shadowing(user, context, callback) {
  const configuration = { LOCAL: 'kept' };
  const users = [{ email: 'other@example.com' }];
  const emails = users.map(function (user) { return user.email; });
  context.idToken['https://rulebench.test/emails'] = emails.concat(user.email, configuration.LOCAL);
  callback(null, user, context);
}
