'use strict';
// auth0.users.updateAppMetadata/updateUserMetadata(user.user_id, md) -> api.user.set…Metadata per
// key (rules-runtime.md §3.3), as statements where the promise is not used, inlining the
// `.then(() => callback(…))` that usually follows; as an expression that still yields a promise
// elsewhere. Methods of the Converter (./index.js).
const T = require('./tables');
const { FUNCTIONS, METADATA, METHOD, quote, staticKey } = require('./util');

module.exports = {
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
  },

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
  },

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
  },

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
  },

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
  },

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
  },

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
  },

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
  },
};
