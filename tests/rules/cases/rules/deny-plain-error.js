function denyPlainError(user, context, callback) {
  if (context.clientName !== 'Internal Tools') {
    return callback(new Error('Access denied: this app is not allowed'));
  }
  callback(null, user, context);
}
