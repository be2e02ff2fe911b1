function throwInPromise(user, context, callback) {
  Promise.resolve(user.email).then(function (email) {
    throw new Error('boom in promise for ' + email);
  });
}
