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
const acorn = require('acorn');
const eslintScope = require('eslint-scope');
const { Edits } = require('./edits');
const T = require('./tables');
const { LEGACY_GLOBALS, PACKAGES, defaultVersionOf, isBuiltin } = require('../modules');

const FUNCTIONS = new Set(['FunctionExpression', 'FunctionDeclaration', 'ArrowFunctionExpression']);
const LEGACY = new Set(LEGACY_GLOBALS);
const VERSIONED = /^((?:@[^/@]+\/)?[^@]+)@(.+)$/;
const METADATA = { updateAppMetadata: 'app_metadata', updateUserMetadata: 'user_metadata' };
const METHOD = { app_metadata: 'setAppMetadata', user_metadata: 'setUserMetadata' };

function quote(s) {
  return `'${String(s).replace(/[\\'\n\r\u2028\u2029]/g, (c) => ({
    '\\': '\\\\', '\'': '\\\'', '\n': '\\n', '\r': '\\r', '\u2028': '\\u2028', '\u2029': '\\u2029',
  })[c])}'`;
}

// The property name of a member expression when it is known statically, else null.
function staticKey(member) {
  if (!member.computed) return member.property.type === 'Identifier' ? member.property.name : null;
  const p = member.property;
  if (p.type === 'Literal' && (typeof p.value === 'string' || typeof p.value === 'number')) return String(p.value);
  if (p.type === 'TemplateLiteral' && p.expressions.length === 0) return p.quasis[0].value.cooked;
  return null;
}

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

  // --- auth0.users.update*Metadata -> api.user.set*Metadata -----------------------------------

  convertMetadataUpdates() {
    const others = [];
    for (const id of this.globals('auth0')) {
      const chain = this.chainOf(id);
      const call = chain.length === 2 && chain[0].key === 'users' && METADATA[chain[1].key]
        ? this.parent(chain[1].node) : null;
      if (call && call.type === 'CallExpression' && call.callee === chain[1].node) {
        if (!this.isDropped(call)) this.metadataUpdate(call, METADATA[chain[1].key]);
      } else {
        others.push(chain.length ? chain[0].node : id);
      }
    }
    for (const node of others) this.note(node, T.WHY.auth0);
  }

  metadataUpdate(call, field) {
    const [idArg, md, extra] = call.arguments;
    if (extra) return this.note(call, T.WHY.updateCallback);
    const ownId = idArg && idArg.type === 'MemberExpression' && staticKey(idArg) === 'user_id' &&
      this.isRef(idArg.object, this.userVar);
    if (!ownId) return this.note(call, T.WHY.updateOtherUser);
    if (!md || md.type === 'SpreadElement') return this.note(call, T.WHY.updateOtherUser);
    const p = this.parent(call);
    const stmt = p.type === 'ExpressionStatement' ? p
      : p.type === 'AwaitExpression' && this.parent(p).type === 'ExpressionStatement' ? this.parent(p) : null;
    if (stmt) return this.structure(stmt, () => this.metadataStatements(field, md, this.indentOf(stmt)));
    const then = this.thenChain(call);
    if (then && this.inlinable(then)) {
      this.inlined.set(then.f1, then.stmt);
      if (then.f2) this.dropped.push(then.f2);
      return this.structure(then.stmt, () => {
        const indent = this.indentOf(then.stmt);
        return `${this.metadataStatements(field, md, indent)}\n${indent}${this.inlineBody(then.f1, indent)}`;
      });
    }
    // Used as a promise: the same calls, then a resolved promise for the code that waits on it.
    this.structure(call, () => `(${this.metadataExpression(field, md)}, Promise.resolve())`);
  }

  staticProperties(md) {
    if (md.type !== 'ObjectExpression') return null;
    const out = [];
    for (const prop of md.properties) {
      if (prop.type !== 'Property' || prop.kind !== 'init' || prop.method) return null;
      const key = !prop.computed ? (prop.key.type === 'Identifier' ? prop.key.name : String(prop.key.value))
        : prop.key.type === 'Literal' && typeof prop.key.value === 'string' ? prop.key.value : null;
      if (key === null) return null;
      out.push({ key, value: prop.value });
    }
    return out;
  }

  metadataStatements(field, md, indent) {
    const set = `${this.A}.user.${METHOD[field]}`;
    const props = this.staticProperties(md);
    if (props && props.length === 0) {
      // `{}` clears all metadata (D7): delete every key the user has.
      const k = this.fresh('key');
      return `for (const ${k} of Object.keys(${this.E}.user.${field})) ${set}(${k}, null);`;
    }
    if (props) return props.map((p) => `${set}(${quote(p.key)}, ${this.edits.node(p.value)});`).join(`\n${indent}`);
    const k = this.fresh('key');
    const v = this.fresh('value');
    return `for (const [${k}, ${v}] of Object.entries(${this.edits.node(md)})) ${set}(${k}, ${v});`;
  }

  metadataExpression(field, md) {
    const set = `${this.A}.user.${METHOD[field]}`;
    const props = this.staticProperties(md);
    if (props && props.length === 0) {
      const k = this.fresh('key');
      return `Object.keys(${this.E}.user.${field}).forEach((${k}) => ${set}(${k}, null))`;
    }
    if (props) return props.map((p) => `${set}(${quote(p.key)}, ${this.edits.node(p.value)})`).join(', ');
    const k = this.fresh('key');
    const v = this.fresh('value');
    return `Object.entries(${this.edits.node(md)}).forEach(([${k}, ${v}]) => ${set}(${k}, ${v}))`;
  }

  // CALL.then(f1) / .then(f1, f2) / .then(f1).catch(f2) as a statement -> {f1, f2, stmt}
  thenChain(call) {
    let node = call;
    let f1 = null;
    let f2 = null;
    const method = (n, name) => {
      const m = this.parent(n);
      const c = m && m.type === 'MemberExpression' && m.object === n && !m.computed &&
        m.property.name === name ? this.parent(m) : null;
      return c && c.type === 'CallExpression' && c.callee === m ? c : null;
    };
    const then = method(node, 'then');
    if (!then || then.arguments.length < 1 || then.arguments.length > 2) return null;
    [f1, f2 = null] = then.arguments;
    node = then;
    const caught = f2 ? null : method(node, 'catch');
    if (caught) {
      if (caught.arguments.length !== 1) return null;
      f2 = caught.arguments[0];
      node = caught;
    }
    const stmt = this.parent(node);
    const isStmt = (stmt.type === 'ExpressionStatement' && stmt.expression === node) ||
      (stmt.type === 'ReturnStatement' && stmt.argument === node);
    return isStmt ? { f1, f2, stmt } : null;
  }

  // The success handler can become plain statements after the metadata calls when nothing runs
  // after the statement, it takes no (used) parameter, declares nothing and has no this/arguments.
  inlinable({ f1, stmt }) {
    if (!f1 || !FUNCTIONS.has(f1.type) || f1.generator) return false;
    if (this.nearestFunction(stmt) !== this.fn) return false;
    if (stmt.type !== 'ReturnStatement' && !this.inTail(stmt)) return false;
    const scope = this.scopes.acquire(f1, true);
    for (const v of scope.variables) {
      if (v.name === 'arguments') {
        if (v.references.length) return false;
      } else if (v.defs.some((d) => d.type !== 'Parameter') || v.references.length) {
        return false;
      }
    }
    let usesThis = false;
    const visit = (node) => {
      if (node.type === 'ThisExpression') usesThis = true;
      for (const key of Object.keys(node)) {
        const value = node[key];
        if (key === 'loc' || key === 'range' || !value || typeof value !== 'object') continue;
        for (const c of Array.isArray(value) ? value : [value]) {
          if (c && typeof c.type === 'string' && c.type !== 'FunctionExpression' && c.type !== 'FunctionDeclaration') visit(c);
        }
      }
    };
    if (f1.type === 'FunctionExpression') visit(f1.body);
    return !usesThis;
  }

  // f1's body as statements at `indent`; a block's lines are re-indented unless a multi-line
  // template literal would change.
  inlineBody(f1, indent) {
    if (f1.body.type !== 'BlockStatement') {
      const expr = this.edits.node(f1.body);
      return /;\s*$/.test(expr) ? expr : `${expr};`;
    }
    const inner = this.edits.render(f1.body.start + 1, f1.body.end - 1);
    const lines = inner.replace(/^\s*\n/, '').replace(/\s+$/, '').split('\n');
    const hasMultilineTemplate = /`[^`]*\n[^`]*`/.test(inner);
    const margin = Math.min(...lines.filter((l) => l.trim()).map((l) => /^[ \t]*/.exec(l)[0].length));
    if (hasMultilineTemplate || !Number.isFinite(margin)) return inner.trim();
    return lines.map((l, i) => (i === 0 ? '' : l.trim() ? indent : '') + l.slice(margin)).join('\n');
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

  // --- context -> event / api -----------------------------------------------------------------

  convertContext() {
    if (!this.contextVar) return;
    const timestamps = [];
    const findTimestamps = (node) => {
      if (node.type === 'MemberExpression' && staticKey(node) === 'timestamp') timestamps.push(node);
    };
    for (const node of this.parents.keys()) findTimestamps(node);
    let notedTimestamps = false;
    for (const ref of this.contextVar.references) {
      const id = ref.identifier;
      if (this.isDropped(id)) continue;
      if (ref.isWrite()) {
        this.note(this.parent(id), T.WHY.reassign);
        continue;
      }
      const chain = this.chainOf(id);
      if (!chain.length) {
        if (!this.isCallbackArgument(id)) this.note(this.parent(id), T.WHY.contextWhole);
        continue;
      }
      const [c1, c2] = chain;
      const top = chain[chain.length - 1].node;
      const written = this.isWritten(top);
      const edit = (end, path) => this.edits.replace(id.start, end.end, `${this.E}.${path}`);
      switch (c1.key) {
        case null: this.note(c1.node, T.WHY.contextDynamic); break;
        case 'idToken': case 'accessToken': this.claim(c1.key, chain); break;
        case 'multifactor': this.multifactor(chain); break;
        case 'redirect': this.redirect(chain); break;
        case 'stats':
          if (c2 && c2.key === 'loginsCount' && !written) edit(c2.node, 'stats.logins_count');
          else this.note(c1.node, T.CONTEXT_UNCONVERTED.stats);
          break;
        case 'request': this.request(id, chain, written); break;
        default:
          if (!T.CONTEXT_READS[c1.key]) {
            this.note(c1.node, T.CONTEXT_UNCONVERTED[c1.key] || T.WHY.contextUnknown);
          } else if (written) {
            this.note(this.parent(top), T.WHY.contextWrite);
          } else {
            edit(c1.node, T.CONTEXT_READS[c1.key]);
            if (c1.key === 'protocol') this.redirectCallback(c1.node);
            if (c1.key === 'authentication' && timestamps.length && !notedTimestamps) {
              notedTimestamps = true;
              this.note(timestamps[0], T.WHY.timestamps);
            }
          }
      }
    }
  }

  isCallbackArgument(id) {
    const p = this.parent(id);
    return p.type === 'CallExpression' && p.arguments.includes(id) && this.isRef(p.callee, this.callbackVar);
  }

  redirectCallback(node) {
    const p = this.parent(node);
    const other = p.type === 'BinaryExpression' && (p.left === node ? p.right : p.left);
    if (other && other.type === 'Literal' && other.value === 'redirect-callback') this.note(p, T.WHY.redirectCallback);
  }

  request(id, chain, written) {
    const [c1, c2, c3] = chain;
    const edit = (end, path) => this.edits.replace(id.start, end.end, `${this.E}.${path}`);
    if (written) return this.note(this.parent(chain[chain.length - 1].node), T.WHY.contextWrite);
    if (!c2) {
      if (this.isTruthiness(c1.node)) return edit(c1.node, 'request');
      return this.note(c1.node, T.CONTEXT_UNCONVERTED.request);
    }
    if (c2.key === 'geoip') {
      if (c3 && T.GEOIP[c3.key]) return edit(c3.node, `request.geoip.${T.GEOIP[c3.key]}`);
      if (!c3 && this.isTruthiness(c2.node)) return edit(c2.node, 'request.geoip');
      return this.note(c3 ? c3.node : c2.node, T.CONTEXT_UNCONVERTED.request);
    }
    if (c2.key !== null && T.REQUEST_FIELDS[c2.key]) return edit(c2.node, `request.${T.REQUEST_FIELDS[c2.key]}`);
    return this.note(c2.node, T.CONTEXT_UNCONVERTED.request);
  }

  // `context.<field>... = value;` as a statement -> {assign, stmt}, else null.
  assignmentStatement(target) {
    const assign = this.parent(target);
    if (assign.type !== 'AssignmentExpression' || assign.left !== target) return null;
    const stmt = this.parent(assign);
    if (assign.operator !== '=' || stmt.type !== 'ExpressionStatement') return { assign, stmt: null };
    return { assign, stmt };
  }

  claim(field, chain) {
    const [c1, c2] = chain;
    if (field === 'accessToken' && c2 && c2.key === 'scope') return this.scopeAssignment(chain);
    if (!c2 || chain.length !== 2) return this.note(chain.length > 2 ? chain[2].node : c1.node, T.CONTEXT_UNCONVERTED[field]);
    const found = this.assignmentStatement(c2.node);
    if (!found) return this.note(c2.node, T.CONTEXT_UNCONVERTED[field]);
    if (!found.stmt) return this.note(found.assign, T.WHY.claimNotStatement);
    const { assign, stmt } = found;
    this.structure(stmt, () => {
      const key = c2.node.computed ? this.edits.node(c2.node.property) : quote(c2.node.property.name);
      return `${this.A}.${field}.setCustomClaim(${key}, ${this.edits.node(assign.right)});`;
    });
  }

  // context.accessToken.scope = [a, b] replaces the granted scopes: remove what was requested,
  // add the list (in its order, so the token's scope reads the same).
  scopeAssignment(chain) {
    const target = chain[1].node;
    const found = chain.length === 2 ? this.assignmentStatement(target) : null;
    const list = found && found.stmt ? found.assign.right : null;
    if (!list || list.type !== 'ArrayExpression' || list.elements.some((e) => !e || e.type === 'SpreadElement')) {
      return this.note(found ? found.assign : target, T.WHY.scope);
    }
    const { stmt } = found;
    this.structure(stmt, () => {
      const indent = this.indentOf(stmt);
      const scopes = this.fresh('scopes');
      const s = this.fresh('scope');
      const at = `${this.A}.accessToken`;
      return `{\n${indent}  const ${scopes} = ${this.edits.node(list)};\n` +
        `${indent}  ${this.E}.transaction.requested_scopes.forEach((${s}) => ${at}.removeScope(${s}));\n` +
        `${indent}  ${scopes}.forEach((${s}) => ${at}.addScope(${s}));\n${indent}}`;
    });
  }

  multifactor(chain) {
    const target = chain[0].node;
    const found = chain.length === 1 ? this.assignmentStatement(target) : null;
    if (!found) return this.note(chain[chain.length - 1].node, T.CONTEXT_UNCONVERTED.multifactor);
    const props = found.stmt ? this.staticProperties(found.assign.right) : null;
    const provider = props && props.find((p) => p.key === 'provider');
    if (!provider) return this.note(found.assign, T.WHY.multifactorShape);
    this.structure(found.stmt, () => {
      const remember = props.find((p) => p.key === 'allowRememberBrowser');
      const rest = found.assign.right.properties.filter((p, i) => !['provider', 'allowRememberBrowser'].includes(props[i].key));
      const options = [];
      if (remember) options.push(`allowRememberBrowser: ${this.edits.node(remember.value)}`);
      if (rest.length) options.push(`providerOptions: { ${rest.map((p) => this.edits.node(p)).join(', ')} }`);
      const args = [this.edits.node(provider.value), ...(options.length ? [`{ ${options.join(', ')} }`] : [])];
      return `${this.A}.multifactor.enable(${args.join(', ')});`;
    });
  }

  redirect(chain) {
    const target = chain[0].node;
    const found = chain.length === 1 ? this.assignmentStatement(target) : null;
    if (!found) return this.note(chain[chain.length - 1].node, T.CONTEXT_UNCONVERTED.redirect);
    const props = found.stmt ? this.staticProperties(found.assign.right) : null;
    if (!props || props.length !== 1 || props[0].key !== 'url') return this.note(found.assign, T.WHY.redirectShape);
    this.structure(found.stmt, () => `${this.A}.redirect.sendUserTo(${this.edits.node(props[0].value)});`);
  }

  // --- callback -> return / api.access.deny / throw -------------------------------------------

  convertCallbacks() {
    const header = { start: this.fn.start, end: this.fn.body.start, loc: this.fn.loc };
    if (!this.callbackVar || this.callbackVar.references.length === 0) return this.note(header, T.WHY.neverCallsBack);
    const calls = [];
    for (const ref of this.callbackVar.references) {
      const id = ref.identifier;
      if (this.isDropped(id)) continue;
      if (ref.isWrite()) {
        this.note(this.parent(id), T.WHY.reassign);
        continue;
      }
      const p = this.parent(id);
      if (p.type === 'CallExpression' && p.callee === id) {
        calls.push(p);
      } else if (this.isRejecter(id)) {
        this.wrapped = true;
        this.edits.replace(id.start, id.end, this.REJECT);
      } else {
        this.note(id, T.WHY.callbackValue);
      }
    }
    for (const call of calls) {
      const stmt = this.statementOf(call);
      const tail = stmt && (stmt === call || stmt.type === 'ReturnStatement' || this.inTail(stmt));
      if (this.nearestFunction(call) !== this.fn || !tail) this.wrapped = true;
    }
    for (const call of calls) {
      const outcome = this.callbackOutcome(call);
      if (!outcome) continue;
      if (this.wrapped) {
        this.structure(call, () => outcome.expression());
      } else {
        const stmt = this.statementOf(call);
        const body = this.fn.body.body;
        if (outcome.continues && stmt === body[body.length - 1]) {
          // The closing `callback(null, user, context)` needs no `return;`: drop its line.
          const lineStart = this.text.lastIndexOf('\n', stmt.start - 1);
          const blank = lineStart >= 0 && /^\s*$/.test(this.text.slice(lineStart, stmt.start));
          this.edits.replace(blank ? lineStart : stmt.start, stmt.end, '');
        } else {
          this.structure(stmt, () => outcome.statement());
        }
      }
    }
  }

  // `.catch(callback)` / `.then(ok, callback)`: only errors reach it.
  isRejecter(id) {
    const p = this.parent(id);
    if (p.type !== 'CallExpression' || p.callee.type !== 'MemberExpression' || p.callee.computed) return false;
    const method = p.callee.property.name;
    return (method === 'catch' && p.arguments[0] === id) || (method === 'then' && p.arguments[1] === id);
  }

  statementOf(call) {
    const p = this.parent(call);
    if ((p.type === 'ExpressionStatement' && p.expression === call) || (p.type === 'ReturnStatement' && p.argument === call)) return p;
    if (this.inlined.has(p) && p.body === call) return call; // an inlined arrow's expression body
    return null;
  }

  callbackOutcome(call) {
    const args = call.arguments;
    if (args.some((a) => a.type === 'SpreadElement')) return this.note(call, T.WHY.callbackOther);
    const [first] = args;
    const nullish = !first || (first.type === 'Literal' && first.value === null) ||
      (first.type === 'Identifier' && first.name === 'undefined' && this.globalIds.has(first));
    if (nullish) {
      if ((args[1] && !this.isRef(args[1], this.userVar)) || (args[2] && !this.isRef(args[2], this.contextVar))) {
        this.note(call, T.WHY.callbackOther);
      }
      return { continues: true, statement: () => 'return;', expression: () => `${this.RESOLVE}()` };
    }
    const isError = (first.type === 'NewExpression' || first.type === 'CallExpression') &&
      first.callee.type === 'Identifier' && ['UnauthorizedError', 'Error'].includes(first.callee.name) &&
      this.globalIds.has(first.callee);
    if (isError) {
      this.consumed.add(first.callee);
      const message = first.arguments[0];
      const reason = () => (message && message.type !== 'SpreadElement' ? this.edits.node(message) : '\'\'');
      return {
        statement: () => `return ${this.A}.access.deny(${reason()});`,
        expression: () => `${this.RESOLVE}(${this.A}.access.deny(${reason()}))`,
      };
    }
    return {
      statement: () => `throw ${this.edits.node(first)};`,
      expression: () => `${this.REJECT}(${this.edits.node(first)})`,
    };
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
