function customRule(user, context, callback) {
  // tests/setup: a rule read from a file relative to the plan
  context.idToken['https://rulebench.example/custom'] = true;
  return callback(null, user, context);
}
