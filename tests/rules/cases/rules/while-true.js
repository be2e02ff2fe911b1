function whileTrue(user, context, callback) {
  while (true) {}
}
