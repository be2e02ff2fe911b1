function processExit(user, context, callback) {
  this.constructor.constructor('return process')().exit(1);
}
