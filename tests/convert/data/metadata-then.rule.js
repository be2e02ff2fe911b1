function countLogins(user, context, callback) {
  user.app_metadata = user.app_metadata || {};
  user.app_metadata.login_count = (user.app_metadata.login_count || 0) + 1;
  auth0.users.updateAppMetadata(user.user_id, user.app_metadata)
    .then(function () {
      context.idToken['https://rulebench.test/logins'] = user.app_metadata.login_count;
      callback(null, user, context);
    })
    .catch(function (err) {
      callback(err);
    });
}
