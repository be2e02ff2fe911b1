function delayed(user, context, callback) {
  setTimeout(function () {
    context.idToken['https://rulebench.test/waited'] = true;
    callback(null, user, context);
  }, 20);
}
