'use strict';
// Converts a rule into a post-login Action (rules-runtime.md §3.3, the `convert` request).
//
// How: the rule is parsed with acorn exactly as the host compiles it ("(source\n)"), names are
// resolved with eslint-scope (so a `user` of a nested function, or a local `configuration`, is
// never rewritten), and the source is rewritten range by range (./edits.js), keeping comments
// and formatting. What has no safe equivalent is left as it is and listed with its line —
// correctness before coverage.
//
// The rule's callback decides the Action's shape:
//   - every call in the rule function's own body, as a statement in tail position or after
//     `return`: `return callback(null, user, context)` -> `return;`,
//     `callback(new UnauthorizedError(m))` -> `return api.access.deny(m);`, `callback(err)` ->
//     `throw err;`;
//   - otherwise (calls from nested functions or promise callbacks): the body runs inside
//     `await new Promise((resolve, reject) => {…})` and the calls become resolve() /
//     resolve(api.access.deny(m)) / reject(err), so the Action waits exactly as Auth0 waited
//     for the callback.
// `callback(new Error(m))` becomes a denial too (§3.3: Actions can only return access_denied).
//
// This file holds the Converter's core (names, parents, tail positions, user, require,
// configuration, globals) and assembles the Action; ./metadata.js, ./context.js and
// ./callbacks.js add the other rewrites; ./tables.js is the mapping and the reasons.
const acorn = require('acorn');
const eslintScope = require('eslint-scope');
const { Edits } = require('./edits');
const T = require('./tables');
const { LEGACY_GLOBALS, defaultVersionOf, isBuiltin } = require('../modules');
const { FUNCTIONS, quote, staticKey } = require('./util');

const LEGACY = new Set(LEGACY_GLOBALS);
const VERSIONED = /^((?:@[^/@]+\/)?[^@]+)@(.+)$/;

// Parent links and every name the code binds or refers to (for fresh names; property names
// such as the `scope` of `context.accessToken.scope` cannot clash and are left out).
function link(node, parent, parents, names) {
  parents.set(node, parent);
  const propertyName = parent && !parent.computed &&
    ((parent.type === 'MemberExpression' && parent.property === node) ||
     (parent.type === 'Property' && parent.key === node && !parent.shorthand));
  if (node.type === 'Identifier' && !propertyName) names.add(node.name);
  for (const key of Object.keys(node)) {
    if (key === 'loc' || key === 'range') continue;
    const value = node[key];
    if (Array.isArray(value)) {
      for (const child of value) if (child && typeof child.type === 'string') link(child, node, parents, names);
    } else if (value && typeof value.type === 'string') {
      link(value, node, parents, names);
    }
  }
}

class Converter {
  constructor(text, ast, fn) {
    this.text = text;
    this.fn = fn;
    this.edits = new Edits(text);
    this.notes = [];
    this.deps = new Map(); // package -> version
    this.secretKeys = new Set();
    this.parents = new Map();
    this.names = new Set();
    link(ast, null, this.parents, this.names);
    this.scopes = eslintScope.analyze(ast, { ecmaVersion: 2022, sourceType: 'script', fallback: 'iteration' });
    this.scope = this.scopes.acquire(fn, true);
    this.globalIds = new Set(this.scopes.globalScope.through.map((r) => r.identifier));
    const param = (i) => (fn.params[i] ? this.scope.set.get(fn.params[i].name) || null : null);
    this.userVar = param(0);
    this.contextVar = param(1);
    this.callbackVar = param(2);
    this.E = this.fresh('event');
    this.A = this.fresh('api');
    this.RESOLVE = this.fresh('resolve');
    this.REJECT = this.fresh('reject');
    this.wrapped = fn.body.type !== 'BlockStatement';
    this.inlined = new Map(); // promise callback inlined into the body -> the statement it replaces
    this.dropped = []; // nodes whose code disappears (error handlers of inlined updates)
    this.structural = []; // {node, apply}: rewrites of whole statements/calls, applied inner first
    this.consumed = new Set(); // UnauthorizedError/Error identifiers a denial conversion used
  }

  fresh(base) {
    let name = base;
    for (let i = 2; this.names.has(name); i++) name = `${base}${i}`;
    this.names.add(name);
    return name;
  }

  parent(node) {
    return this.parents.get(node);
  }

  isDropped(node) {
    return this.dropped.some((d) => d.start <= node.start && node.end <= d.end);
  }

  note(node, why) {
    if (this.isDropped(node)) return;
    const raw = this.text.slice(node.start, node.end).replace(/\s+/g, ' ').trim();
    const construct = raw.length > 60 ? `${raw.slice(0, 59)}…` : raw;
    const line = node.loc.start.line;
    if (!this.notes.some((n) => n.line === line && n.construct === construct)) this.notes.push({ line, construct, why });
  }

  structure(node, apply) {
    this.structural.push({ node, apply });
  }

  // The member expressions hanging off an identifier: user.app_metadata.roles -> two links.
  chainOf(id) {
    const chain = [];
    let node = id;
    for (;;) {
      const p = this.parent(node);
      if (!p || p.type !== 'MemberExpression' || p.object !== node) return chain;
      const key = staticKey(p);
      chain.push({ node: p, key });
      if (key === null) return chain;
      node = p;
    }
  }

  isWritten(node) {
    const p = this.parent(node);
    return (p.type === 'AssignmentExpression' && p.left === node) ||
      (p.type === 'UpdateExpression' && p.argument === node) ||
      (p.type === 'UnaryExpression' && p.operator === 'delete' && p.argument === node) ||
      ((p.type === 'ForInStatement' || p.type === 'ForOfStatement') && p.left === node);
  }

  // Used only for whether it is there: `context.request && …`, `if (context.request)`, `!x`.
  isTruthiness(node) {
    const p = this.parent(node);
    if (p.type === 'LogicalExpression') {
      return (p.operator === '&&' && p.left === node) || (p.operator !== '??' && this.isTruthiness(p));
    }
    return (p.type === 'UnaryExpression' && p.operator === '!') ||
      (['IfStatement', 'ConditionalExpression', 'WhileStatement', 'DoWhileStatement'].includes(p.type) && p.test === node);
  }

  isRef(node, variable) {
    return !!variable && node && node.type === 'Identifier' && variable.references.some((r) => r.identifier === node);
  }

  nearestFunction(node) {
    for (let p = this.parent(node); p; p = this.parent(p)) {
      if (FUNCTIONS.has(p.type) && !this.inlined.has(p)) return p;
    }
    return null;
  }

  // Whether nothing of the rule runs after `stmt` (so `return` there changes nothing).
  inTail(stmt) {
    let node = stmt;
    for (;;) {
      const p = this.parent(node);
      if (p.type === 'BlockStatement') {
        // Nothing may follow, or only a `return;` — after which nothing else runs either.
        const after = p.body.slice(p.body.indexOf(node) + 1).filter((s) => s.type !== 'EmptyStatement');
        if (after.length && after[0].type === 'ReturnStatement' && !after[0].argument) return true;
        if (after.length) return false;
        if (p === this.fn.body) return true;
        const owner = this.parent(p);
        node = this.inlined.has(owner) ? this.inlined.get(owner) : p;
      } else if (['IfStatement', 'TryStatement', 'CatchClause'].includes(p.type)) {
        node = p;
      } else {
        return false;
      }
    }
  }

  indentOf(node) {
    const lineStart = this.text.lastIndexOf('\n', node.start - 1) + 1;
    const lead = this.text.slice(lineStart, node.start);
    return /^[ \t]*$/.test(lead) ? lead : /^[ \t]*/.exec(lead)[0];
  }

  globals(name) {
    return [...this.globalIds].filter((id) => id.name === name && !this.isDropped(id));
  }

  run() {
    this.checkFunction();
    this.convertMetadataUpdates();
    this.convertRequires();
    this.convertConfiguration();
    this.noteGlobals();
    this.convertUser();
    this.convertContext();
    this.convertCallbacks();
    for (const id of this.globals('UnauthorizedError')) {
      if (!this.consumed.has(id)) this.note(this.parent(id).type === 'NewExpression' ? this.parent(id) : id, T.WHY.unauthorizedError);
    }
    // Inner rewrites first: an outer one renders them into its text.
    this.structural.sort((a, b) => (a.node.end - a.node.start) - (b.node.end - b.node.start));
    for (const { node, apply } of this.structural) this.edits.replace(node.start, node.end, apply());
    return this.assemble();
  }

  // --- the rule function itself ---------------------------------------------------------------

  checkFunction() {
    const args = this.scope.set.get('arguments');
    for (const ref of args ? args.references : []) this.note(ref.identifier, T.WHY.thisArguments);
    const visit = (node) => {
      if (node.type === 'ThisExpression') this.note(node, T.WHY.thisArguments);
      for (const key of Object.keys(node)) {
        const value = node[key];
        if (key === 'loc' || key === 'range' || !value || typeof value !== 'object') continue;
        for (const child of Array.isArray(value) ? value : [value]) {
          if (child && typeof child.type === 'string' && child.type !== 'FunctionExpression' &&
              child.type !== 'FunctionDeclaration' && child.type !== 'ClassBody') visit(child);
        }
      }
    };
    visit(this.fn.body);
    if (this.fn.id) {
      const nameScope = this.scopes.acquire(this.fn);
      const self = nameScope && nameScope.set.get(this.fn.id.name);
      for (const ref of self && nameScope !== this.scope ? self.references : []) this.note(ref.identifier, T.WHY.selfReference);
    }
  }

  // --- require, configuration, globals ----------------------------------------------------------

  convertRequires() {
    for (const id of this.globals('require')) {
      const call = this.parent(id);
      if (call.type !== 'CallExpression' || call.callee !== id) {
        this.note(id, T.WHY.requireDynamic);
        continue;
      }
      const arg = call.arguments[0];
      const name = arg && arg.type === 'Literal' && typeof arg.value === 'string' ? arg.value
        : arg && arg.type === 'TemplateLiteral' && arg.expressions.length === 0 ? arg.quasis[0].value.cooked : null;
      if (name === null) {
        this.note(call, T.WHY.requireDynamic);
        continue;
      }
      const versioned = VERSIONED.exec(name);
      if (versioned) {
        const [, base, version] = versioned;
        this.edits.replace(arg.start, arg.end, quote(base));
        this.dependency(call, base, version);
        if (isBuiltin(base)) this.note(call, T.WHY.requireShadow);
      } else if (!isBuiltin(name) && !name.startsWith('node:')) {
        const shipped = defaultVersionOf(name);
        if (shipped) {
          this.dependency(call, name, shipped.slice(name.length + 1));
        } else {
          this.dependency(call, name, 'latest');
          this.note(call, T.WHY.requireUnknown);
        }
      }
    }
  }

  dependency(node, name, version) {
    const known = this.deps.get(name);
    if (known && known !== version) {
      this.note(node, `an Action has one version of each dependency; this rule requires ${name}@${known} and ${name}@${version}`);
      return;
    }
    this.deps.set(name, version);
  }

  convertConfiguration() {
    for (const id of this.globals('configuration')) {
      const p = this.parent(id);
      if (this.isWritten(id) || (p.type === 'MemberExpression' && p.object === id && this.isWritten(p))) {
        this.note(p, T.WHY.contextWrite);
        continue;
      }
      const key = p.type === 'MemberExpression' && p.object === id ? staticKey(p) : null;
      if (key !== null) this.secretKeys.add(key);
      this.edits.replace(id.start, id.end, `${this.E}.secrets`);
    }
  }

  noteGlobals() {
    for (const id of this.globalIds) {
      if (this.isDropped(id)) continue;
      if (id.name === 'global') {
        const p = this.parent(id);
        this.note(p.type === 'MemberExpression' && p.object === id ? p : id, T.WHY.global);
      } else if (LEGACY.has(id.name) && id.name !== 'require') {
        this.note(id, T.WHY.legacy);
      }
    }
  }

  // --- user -> event.user ---------------------------------------------------------------------

  convertUser() {
    if (!this.userVar) return;
    for (const ref of this.userVar.references) {
      const id = ref.identifier;
      if (this.isDropped(id)) continue;
      if (ref.isWrite()) {
        this.note(this.parent(id), T.WHY.reassign);
        continue;
      }
      const chain = this.chainOf(id);
      const first = chain[0];
      const key = first ? first.key : null;
      const top = chain.length ? chain[chain.length - 1].node : id;
      if (key && T.USER_MOVED[key]) {
        if (this.isWritten(top)) this.note(top, T.WHY.contextWrite);
        this.edits.replace(id.start, first.node.end, `${this.E}.${T.USER_MOVED[key]}`);
        continue;
      }
      if (key && T.USER_MISSING[key]) this.note(first.node, T.USER_MISSING[key]);
      if (key === 'identities' && chain.some((c) => /^(?:access_token|refresh_token|access_token_secret)$/.test(c.key))) {
        this.note(top, T.WHY.identityTokens);
      }
      if (chain.length === 1 && T.USER_TOKEN_FIELDS.has(key) && this.isWritten(top)) this.note(this.parent(top), T.WHY.userToken);
      if ((key === 'app_metadata' || key === 'user_metadata') && !this.isWritten(first.node) && this.checksPresence(first.node)) {
        this.note(this.parent(first.node), T.WHY.metadataPresence);
      }
      this.edits.replace(id.start, id.end, `${this.E}.user`);
    }
  }

  // Whether the code tells a missing user.app_metadata from an object: in an Action it never is
  // missing (§3.1). `x || {}` and `x && x.field` give the same either way; typeof, !, tests,
  // comparisons and non-empty defaults do not.
  checksPresence(node) {
    const p = this.parent(node);
    const same = (n) => n && this.text.slice(n.start, n.end) === this.text.slice(node.start, node.end);
    if (p.type === 'LogicalExpression' && p.left === node) {
      if (p.operator !== '&&') return !(p.right.type === 'ObjectExpression' && p.right.properties.length === 0);
      const read = p.right.type === 'MemberExpression' && same(p.right.object);
      const used = this.parent(p.right);
      return !(read && used === p);
    }
    if (p.type === 'UnaryExpression' && (p.operator === '!' || p.operator === 'typeof')) return true;
    if (p.type === 'BinaryExpression' && ['==', '===', '!=', '!=='].includes(p.operator)) return true;
    return ['IfStatement', 'ConditionalExpression', 'WhileStatement', 'DoWhileStatement'].includes(p.type) && p.test === node;
  }

  // --- the Action -----------------------------------------------------------------------------

  // The body moved into the Promise executor, indented one level more — unless a string or
  // template literal spans lines, whose text indenting would change.
  indented(raw, by) {
    const trimmed = raw.replace(/[ \t]*$/, '');
    let multiline = false;
    for (const node of this.parents.keys()) {
      if ((node.type === 'TemplateLiteral' || node.type === 'Literal') && node.loc.start.line !== node.loc.end.line) multiline = true;
    }
    if (multiline) return trimmed;
    return trimmed.split('\n').map((l, i) => (i > 0 && l.trim() ? by + l : l)).join('\n');
  }

  assemble() {
    const fn = this.fn;
    const prefix = this.text.slice(1, fn.start);
    const suffix = this.text.slice(fn.end, this.text.length - 2);
    let body;
    if (!this.wrapped) {
      body = `{${this.edits.render(fn.body.start + 1, fn.body.end - 1)}}`;
    } else {
      let raw = fn.body.type === 'BlockStatement' ? this.edits.render(fn.body.start + 1, fn.body.end - 1)
        : `${this.edits.node(fn.body)};`;
      if (!raw.includes('\n')) raw = `\n  ${raw.trim()}\n`;
      const inner = this.indented(raw, fn.async ? '    ' : '  ');
      const close = fn.async ? '    ' : '  ';
      const executor = fn.async ? `{\n    (async () => {${inner}${close}})().catch(${this.REJECT});\n  }` : `{${inner}${close}}`;
      body = '{\n  // The rule calls back from nested code: the Action waits for that call.\n' +
        `  await new Promise((${this.RESOLVE}, ${this.REJECT}) => ${executor});\n}`;
    }
    const code = `${prefix.replace(/^\s+/, '')}exports.onExecutePostLogin = async (${this.E}, ${this.A}) => ${body};${suffix.replace(/\s+$/, '')}\n`;
    const notes = [...this.notes].sort((a, b) => a.line - b.line);
    const dependencies = [...this.deps].map(([n, v]) => `${n}@${v}`).sort();
    const secrets = [...this.secretKeys].sort();
    const action = `${header(dependencies, secrets, notes)}\n${code}`;
    acorn.parse(action, { ecmaVersion: 'latest', sourceType: 'script' }); // throws on a rewrite bug
    return { ok: true, action, dependencies, secrets, unconverted: notes, error: null };
  }
}

// The rewrites by concern, as methods of the Converter.
Object.assign(Converter.prototype, require('./metadata'), require('./context'), require('./callbacks'));

function header(dependencies, secrets, notes) {
  const safe = (s) => s.replace(/\*\//g, '*\\/');
  const lines = ['/**', ' * Post-login Action converted from a rule by Rulebench (rulebench-cli convert).'];
  if (secrets.length) lines.push(` * Secrets: ${secrets.join(', ')} (the rule's configuration keys; set them on the Action).`);
  if (dependencies.length) lines.push(` * Dependencies: ${dependencies.join(', ')}`);
  if (notes.length) {
    lines.push(' * Not converted (lines of the rule) — finish these by hand:');
    for (const n of notes) lines.push(safe(` *   line ${n.line}: ${n.construct} — ${n.why}`));
  }
  lines.push(' */');
  return lines.join('\n');
}

function failure(message, line = null, column = null) {
  return { ok: false, action: null, dependencies: [], secrets: [], unconverted: [], error: { message, line, column } };
}

// -> {ok, action, dependencies ["name@version"], secrets [keys], unconverted [{line, construct,
//    why}], error: null | {message, line, column}}
function convertRule(source) {
  const text = `(${source}\n)`;
  let ast;
  try {
    ast = acorn.parse(text, { ecmaVersion: 'latest', locations: true, ranges: true }); // eslint-scope reads range
  } catch (err) {
    if (/\b(?:exports\.onExecutePostLogin|module\.exports)\s*=/.test(source)) {
      return failure('This is already an Action (it assigns exports.onExecutePostLogin); convert takes a rule: function (user, context, callback) { … }', 1, 1);
    }
    const line = err.loc ? err.loc.line : null;
    const column = err.loc ? err.loc.column + (line === 1 ? 0 : 1) : null;
    const lastLine = source.trimEnd().split('\n').length;
    const trailing = /;\s*$/.test(source) && line === lastLine ? ' (a rule must not end with ";" after its function)' : '';
    return failure(`${err.message.replace(/ \(\d+:\d+\)$/, '')}${trailing}`, line, column);
  }
  const stmt = ast.body.length === 1 && ast.body[0].type === 'ExpressionStatement' ? ast.body[0] : null;
  const fn = stmt && stmt.expression;
  if (!fn || (fn.type !== 'FunctionExpression' && fn.type !== 'ArrowFunctionExpression') || fn.generator) {
    return failure('A rule must be one function expression: function (user, context, callback) { … }', 1, 1);
  }
  if (fn.params.some((p) => p.type !== 'Identifier')) {
    return failure('The rule\'s parameters must be plain names: function (user, context, callback)', fn.loc.start.line, null);
  }
  try {
    return new Converter(text, ast, fn).run();
  } catch (err) {
    return failure(`Rulebench could not convert this rule (internal error: ${err.message})`);
  }
}

module.exports = { convertRule };
