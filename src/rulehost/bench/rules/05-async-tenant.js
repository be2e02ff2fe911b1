function asyncTenant(user, context, callback) {
  Promise.resolve(configuration.TENANT_REGION)
    .then((region) => {
      context.idToken['https://rulebench.test/region'] = region;
      return configuration.TENANT_TIER;
    })
    .then((tier) => {
      context.accessToken['https://rulebench.test/tier'] = tier;
      callback(null, user, context);
    })
    .catch(callback);
}
