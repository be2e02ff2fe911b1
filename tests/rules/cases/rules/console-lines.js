function consoleLines(user, context, callback) {
  console.log('login of %s from %s', user.email, context.request.ip);
  console.warn({ connection: context.connection });
  callback(null, user, context);
}
