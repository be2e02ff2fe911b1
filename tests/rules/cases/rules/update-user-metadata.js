async function updateUserMetadata(user, context, callback) {
  try {
    await auth0.users.updateUserMetadata(user.user_id, { theme: { mode: 'dark' }, beta: null });
    callback(null, user, context);
  } catch (err) {
    callback(err);
  }
}
