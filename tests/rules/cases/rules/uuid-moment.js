function uuidMoment(user, context, callback) {
  const uuid = require('uuid');
  const moment = require('moment');
  const id = uuid.v4();
  context.idToken['https://rulebench.test/uuid_ok'] = /^[0-9a-f]{8}-[0-9a-f]{4}-4[0-9a-f]{3}-[89ab][0-9a-f]{3}-[0-9a-f]{12}$/.test(id);
  context.idToken['https://rulebench.test/year'] = moment.utc(Date.now()).format('YYYY');
  callback(null, user, context);
}
