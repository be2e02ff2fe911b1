function slowWork(user, context, callback) {
  setTimeout(function () {
    callback(null, user, context);
  }, 5000);
}
