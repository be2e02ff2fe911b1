function claimsRestricted(user, context, callback) {
  context.idToken.roles = ['admin'];
  context.idToken.sub = 'someone-else';
  context.idToken.favorite_color = 'blue';
  context.accessToken.permissions = ['delete:everything'];
  callback(null, user, context);
}
