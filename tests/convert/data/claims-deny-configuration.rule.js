/**
 * Denies unverified users, then adds claims from the profile, the client and the request.
 */
function claims(user, context, callback) {
  const namespace = configuration.CLAIM_NAMESPACE;
  if (!user.email_verified) {
    return callback(new UnauthorizedError('Please verify your email.'));
  }
  context.idToken[namespace + 'roles'] = (user.app_metadata || {}).roles || [];
  context.idToken[namespace + 'client'] = context.clientName;
  context.accessToken[namespace + 'country'] = context.request.geoip.country_code;
  context.accessToken[namespace + 'logins'] = context.stats.loginsCount;
  callback(null, user, context);
}
