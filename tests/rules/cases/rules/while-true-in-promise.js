function whileTrueInPromise(user, context, callback) {
  Promise.resolve().then(function () {
    for (;;) {}
  });
}
