function broken(user, context, callback) {
  const x = ;
}
