function configurationGreeting(user, context, callback) {
  const { GREETING } = configuration;
  context.idToken['https://rulebench.test/greeting'] = `${GREETING}, ${user.given_name || user.name}`;
  context.idToken['https://rulebench.test/tenant_url'] = configuration.TENANT_LINK;
  callback(null, user, context);
}
