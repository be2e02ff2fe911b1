function throws(user, context, callback) {
  throw new Error('something broke');
}
