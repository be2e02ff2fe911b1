function globalCounter(user, context, callback) {
  global.loginCount = (global.loginCount || 0) + 1;
  context.accessToken['https://rulebench.test/login_seq'] = global.loginCount;
  callback(null, user, context);
}
