function claimsAuth0Namespace(user, context, callback) {
  context.idToken['https://auth0.com/roles'] = ['editor'];
  context.idToken['https://rulebench.test/roles'] = ['editor'];
  context.accessToken['https://acme.webtask.io/tier'] = 'gold';
  context.accessToken['urn:auth0:plan'] = 'pro';
  context.accessToken['urn:rulebench:plan'] = 'pro';
  callback(null, user, context);
}
