function ipAllowlist(user, context, callback) {
  const allowed = ['198.51.100.7', '198.51.100.8'];
  if (allowed.indexOf(context.request.ip) === -1) {
    return callback(new UnauthorizedError('Access from ' + context.request.ip + ' is not allowed'));
  }
  callback(null, user, context);
}
