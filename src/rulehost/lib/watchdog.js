'use strict';
// Answers for requests the executor can no longer answer: its worker was terminated by the
// watchdog (a rule blocked the event loop past the chain's deadline), ran out of heap, or was
// ended from inside (process.exit reached through a vm escape). The sandboxes die with the
// worker, as `global` dies with a recycled Webtask container (rules-runtime.md §2.1, D5).
const { errorResponse } = require('./protocol');

const REASONS = {
  blocked: {
    kind: 'timeout', status: 'timeout',
    text: 'the rule blocked the event loop past the chain\'s deadline (a synchronous loop?); the host ended its sandbox',
  },
  out_of_memory: {
    kind: 'out_of_memory', status: 'error',
    text: 'the rule exhausted the heap; the host ended its sandbox',
  },
  crashed: {
    kind: 'crashed', status: 'error',
    text: 'the rule ended the executor (process.exit through a sandbox escape?); the host restarted it',
  },
};

function lostResult(msg, ruleIndex, reasonKey) {
  const reason = REASONS[reasonKey];
  if (msg.type !== 'run') return errorResponse(msg.id, `${msg.type} stopped: ${reason.text}`);
  const chain = Array.isArray(msg.chain) ? msg.chain : [];
  const name = (i) => (chain[i] && chain[i].name) || `rule-${i + 1}`;
  const at = ruleIndex >= 0 && ruleIndex < chain.length ? ruleIndex : chain.length - 1;
  const rules = chain.map((item, i) => ({
    name: name(i),
    kind: (item && item.kind) || 'rule',
    // Earlier rules had called back; their console and HTTP records died with the worker.
    status: i < at ? 'ok' : i === at ? reason.status : 'not_run',
    duration_ms: 0,
    console: [],
    http: [],
    error: i === at ? { message: reason.text, name: 'Error' } : null,
  }));
  const findings = at < 0 ? [] : [{
    rule: name(at), code: 'sandbox-reset', severity: 'info', line: null,
    message: 'every sandbox\'s `global` was reset and the details of earlier rules in this run were lost.',
  }];
  return {
    id: msg.id, type: 'result', outcome: 'error',
    error: { error: 'access_denied', error_description: reason.text, kind: reason.kind },
    user: msg.user, context: msg.context, rules, findings, metadata_updates: [],
  };
}

module.exports = { lostResult };
