function auth0Object(user, context, callback) {
  context.idToken['https://rulebench.test/domain'] = auth0.domain;
  context.idToken['https://rulebench.test/base_url'] = auth0.baseUrl;
  context.idToken['https://rulebench.test/has_token'] = typeof auth0.accessToken === 'string' && auth0.accessToken.split('.').length === 3;
  context.idToken['https://rulebench.test/users_api'] = typeof auth0.users.updateAppMetadata;
  callback(null, user, context);
}
