function updateAppMetadata(user, context, callback) {
  user.app_metadata = user.app_metadata || {};
  user.app_metadata.plan = 'pro';
  auth0.users.updateAppMetadata(user.user_id, user.app_metadata)
    .then(function () {
      context.idToken['https://rulebench.test/plan'] = user.app_metadata.plan;
      callback(null, user, context);
    })
    .catch(function (err) {
      callback(err);
    });
}
