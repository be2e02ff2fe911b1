function syntaxError(user, context, callback) {
  const x = {;
  callback(null, user, context);
}
