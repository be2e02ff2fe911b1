function trailingSemicolon(user, context, callback) {
  callback(null, user, context);
};
