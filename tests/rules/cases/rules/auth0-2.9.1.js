function auth0Client(user, context, callback) {
  const ManagementClient = require('auth0@2.9.1').ManagementClient;
  const management = new ManagementClient({ token: auth0.accessToken, domain: auth0.domain });
  context.idToken['https://rulebench.test/management'] = typeof management.getUsers + '/' + typeof management.updateAppMetadata;
  callback(null, user, context);
}
