'use strict';
// One AsyncLocalStorage for the whole host. Its store is the *frame* of the rule whose code
// started the current async work (lib/frame.js), so console lines, timers, HTTP calls and
// unhandled errors made after `callback` are still charged to that rule (DESIGN.md "Rule runtime").
const { AsyncLocalStorage } = require('node:async_hooks');

module.exports = new AsyncLocalStorage();
