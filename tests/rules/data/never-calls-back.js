function neverCallsBack(user, context, callback) {
  console.log('waiting forever');
}
