function claimsManagementAudience(user, context, callback) {
  context.accessToken.department = 'sales';
  context.accessToken.email = user.email;
  context.accessToken['https://rulebench.test/department'] = 'sales';
  callback(null, user, context);
}
