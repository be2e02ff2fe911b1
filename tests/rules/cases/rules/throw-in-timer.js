function throwInTimer(user, context, callback) {
  setTimeout(function () {
    const profile = null;
    callback(null, user, profile.context);
  }, 5);
}
