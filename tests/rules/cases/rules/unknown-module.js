function unknownModule(user, context, callback) {
  const leftPad = require('left-pad');
  context.idToken['https://rulebench.test/padded'] = leftPad('1', 3, '0');
  callback(null, user, context);
}
