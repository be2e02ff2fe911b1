'use strict';
// Shared-memory progress slots, written by the executor and read by the watchdog in host.js.
// A rule stuck in a synchronous loop cannot post a message, so the watchdog must be able to
// read "which request, which rule, until when" without the executor's help. Writing a
// Float64Array slot costs nanoseconds, unlike vm's `timeout` option (a thread per call:
// ~108 µs measured here, js-engine.md §3.4 says 47 µs), which would be paid on every rule.
const SLOTS = { seq: 0, ruleIndex: 1, deadline: 2 };
let view = new Float64Array(3);

function attach(sharedBuffer) {
  view = new Float64Array(sharedBuffer);
}

function create() {
  const buffer = new SharedArrayBuffer(3 * Float64Array.BYTES_PER_ELEMENT);
  return { buffer, view: new Float64Array(buffer) };
}

module.exports = {
  SLOTS,
  attach,
  create,
  // deadline: epoch ms after which the current request has no excuse to be silent; 0 = idle.
  begin(seq, deadline) {
    view[SLOTS.seq] = seq;
    view[SLOTS.ruleIndex] = -1;
    view[SLOTS.deadline] = deadline;
  },
  rule(index) {
    view[SLOTS.ruleIndex] = index;
  },
  extend(deadline) {
    view[SLOTS.deadline] = deadline;
  },
  idle() {
    view[SLOTS.deadline] = 0;
  },
};
