function lodash41719(user, context, callback) {
  const _ = require('lodash@4.17.19');
  context.idToken['https://rulebench.test/lodash'] = _.VERSION;
  context.idToken['https://rulebench.test/plan'] = _.get(user, 'app_metadata.plan', 'free');
  callback(null, user, context);
}
