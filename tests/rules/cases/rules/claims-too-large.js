function claimsTooLarge(user, context, callback) {
  context.idToken['https://rulebench.test/blob'] = 'x'.repeat(110 * 1024);
  callback(null, user, context);
}
