function delayedDecision(user, context, callback) {
  const _ = require('lodash@4.17.19');
  setTimeout(function () {
    if (_.endsWith(user.email, '@blocked.example')) {
      return callback(new Error('Blocked domain'));
    }
    context.idToken['https://rulebench.test/checked'] = true;
    callback(null, user, context);
  }, 10);
}
