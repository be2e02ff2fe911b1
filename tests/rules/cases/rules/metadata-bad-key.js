function metadataBadKey(user, context, callback) {
  auth0.users.updateUserMetadata(user.user_id, { 'last.login': Date.now() }, function (err) {
    if (err) return callback(err);
    callback(null, user, context);
  });
}
