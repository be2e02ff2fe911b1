function contextDefaults(user, context, callback) {
  context.idToken['https://rulebench.test/seen'] = {
    tenant: context.tenant,
    clientID: context.clientID,
    connection: context.connection,
    strategy: context.connectionStrategy,
    protocol: context.protocol,
    logins: context.stats.loginsCount,
    hostname: context.request.hostname,
    methods: context.authentication.methods.map(function (m) { return m.name; }),
    geo: context.request.geoip.country_code,
    app_metadata: typeof user.app_metadata,
    identities: user.identities.length
  };
  callback(null, user, context);
}
