function claimsScope(user, context, callback) {
  context.accessToken.scope = ['openid', 'read:messages'];
  callback(null, user, context);
}
