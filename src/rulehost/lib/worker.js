'use strict';
// The executor's thread. The main thread (host.js) keeps the protocol and a watchdog: if a
// rule blocks this thread's event loop (a synchronous loop, in the rule body or in a timer or
// promise callback), the main thread terminates this worker and answers for it.
const { parentPort, workerData } = require('node:worker_threads');
const progress = require('./progress');

progress.attach(workerData.progress);
const executor = require('./executor');

parentPort.on('message', ({ seq, msg }) => {
  executor.enqueue(msg, seq).then((line) => parentPort.postMessage({ seq, line }));
});
parentPort.postMessage({ ready: true });
