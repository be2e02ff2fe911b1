function stepUp(user, context, callback) {
  if (context.clientMetadata.requires_mfa === 'true') {
    context.multifactor = { provider: 'guardian', allowRememberBrowser: false };
  }
  context.accessToken.scope = ['openid', 'read:messages'];
  if (!user.user_metadata.consented) {
    context.redirect = { url: 'https://consent.rulebench.test/' };
  }
  callback(null, user, context);
}
