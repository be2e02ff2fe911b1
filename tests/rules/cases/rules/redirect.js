function redirectToConsent(user, context, callback) {
  if (context.protocol !== 'redirect-callback') {
    context.redirect = { url: 'https://consent.rulebench.test/terms' };
  }
  callback(null, user, context);
}
