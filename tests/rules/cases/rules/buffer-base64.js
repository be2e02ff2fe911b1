function bufferBase64(user, context, callback) {
  context.idToken['https://rulebench.test/email_b64'] = Buffer.from(user.email, 'utf8').toString('base64');
  callback(null, user, context);
}
