function throwSync(user, context, callback) {
  const roles = context.authorization.roles;
  if (roles.length === 0) throw new TypeError('no roles for ' + user.user_id);
  callback(null, user, context);
}
