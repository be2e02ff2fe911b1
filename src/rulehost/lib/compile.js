'use strict';
// Compiles rule sources once per process. A rule is one function expression, compiled as
// "(source\n)": the newline keeps a trailing line comment from swallowing the ")", and a
// trailing ";" after the function stays a syntax error, as it "will break rule execution" at
// Auth0 (rules-runtime.md §2.4, D4). Lines in stack traces match the source lines.
const vm = require('node:vm');
const { analyze } = require('./analyze');

const MAX_CACHED = 500;
// source -> Map(filename -> entry); the filename shows in stack traces, so it is part of the key.
// A Map keyed by the source string lets V8 hash it once per string; oldest sources go first.
const cache = new Map();

// prefix: what the compiled text adds before the source on its first line. Columns are 1-based.
function syntaxError(err, source, prefix = 1) {
  // V8 prefixes the stack with "file:line\n<code line>\n<carets>\n\n".
  const m = /^[^\n]*:(\d+)\n[^\n]*\n( *)\^/.exec(err.stack || '');
  const line = m ? Number(m[1]) : null;
  const column = m ? m[2].length + 1 - (line === 1 ? prefix : 0) : null;
  let message = err.message;
  if (/;\s*$/.test(source.trim()) && line === source.trimEnd().split('\n').length) {
    message += ' (a rule must not end with ";" after its function)';
  }
  return { message, line, column };
}

function compile(source, filename) {
  let byFile = cache.get(source);
  let entry = byFile && byFile.get(filename);
  if (entry) return entry;
  entry = { filename, script: null, error: null, analysis: null };
  try {
    entry.script = new vm.Script(`(${source}\n)`, { filename });
  } catch (err) {
    entry.error = syntaxError(err, source);
  }
  entry.analysis = byFile ? byFile.values().next().value.analysis : analyze(source);
  if (!byFile) {
    if (cache.size >= MAX_CACHED) cache.delete(cache.keys().next().value);
    byFile = new Map();
    cache.set(source, byFile);
  }
  byFile.set(filename, entry);
  return entry;
}

// An Action is a CommonJS module: `exports.onExecutePostLogin = async (event, api) => {…}`,
// top-level require()s of its declared dependencies. Compiled inside Node's own module wrapper
// on the same first line, so lines in stack traces match the source lines.
const actionCache = new Map();
const MODULE_WRAPPER = '(function (exports, require, module, __filename, __dirname) {';

function compileAction(source, filename) {
  let byFile = actionCache.get(source);
  let entry = byFile && byFile.get(filename);
  if (entry) return entry;
  entry = { filename, script: null, error: null, analysis: null, kind: 'action' };
  try {
    entry.script = new vm.Script(`${MODULE_WRAPPER}${source}\n})`, { filename });
  } catch (err) {
    entry.error = syntaxError(err, '', MODULE_WRAPPER.length);
  }
  entry.analysis = byFile ? byFile.values().next().value.analysis : analyze(source, 'action');
  if (!byFile) {
    if (actionCache.size >= MAX_CACHED) actionCache.delete(actionCache.keys().next().value);
    byFile = new Map();
    actionCache.set(source, byFile);
  }
  byFile.set(filename, entry);
  return entry;
}

// The `check` request: compile only, never run.
function check(source, kind = 'rule') {
  const entry = kind === 'action' ? compileAction(source, 'action.js') : compile(source, 'rule.js');
  return {
    ok: entry.error === null,
    error: entry.error,
    configuration_keys: entry.analysis.configurationKeys,
  };
}

module.exports = { compile, compileAction, check };
