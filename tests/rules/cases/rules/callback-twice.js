function callbackTwice(user, context, callback) {
  if (user.email_verified) {
    callback(null, user, context);
  }
  // Forgot the `return` above: the rule goes on and calls back again.
  callback(null, user, context);
}
