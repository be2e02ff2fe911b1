function globalCounter(user, context, callback) {
  global.logins = (global.logins || 0) + 1;
  context.accessToken['https://rulebench.test/login_seq'] = global.logins;
  callback(null, user, context);
}
