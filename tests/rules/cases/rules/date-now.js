function dateNow(user, context, callback) {
  context.idToken['https://rulebench.test/now'] = new Date().toISOString().slice(0, 16);
  context.idToken['https://rulebench.test/weekday'] = new Date().getUTCDay();
  callback(null, user, context);
}
