'use strict';
// context.* -> event.* reads and api.* writes (rules-runtime.md §3.3): claims, scopes,
// multifactor, redirect; the rest is listed. Methods of the Converter (./index.js).
const T = require('./tables');
const { quote, staticKey } = require('./util');

module.exports = {
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
  },

  isCallbackArgument(id) {
    const p = this.parent(id);
    return p.type === 'CallExpression' && p.arguments.includes(id) && this.isRef(p.callee, this.callbackVar);
  },

  redirectCallback(node) {
    const p = this.parent(node);
    const other = p.type === 'BinaryExpression' && (p.left === node ? p.right : p.left);
    if (other && other.type === 'Literal' && other.value === 'redirect-callback') this.note(p, T.WHY.redirectCallback);
  },

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
  },

  // `context.<field>... = value;` as a statement -> {assign, stmt}, else null.
  assignmentStatement(target) {
    const assign = this.parent(target);
    if (assign.type !== 'AssignmentExpression' || assign.left !== target) return null;
    const stmt = this.parent(assign);
    if (assign.operator !== '=' || stmt.type !== 'ExpressionStatement') return { assign, stmt: null };
    return { assign, stmt };
  },

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
  },

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
  },

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
  },

  redirect(chain) {
    const target = chain[0].node;
    const found = chain.length === 1 ? this.assignmentStatement(target) : null;
    if (!found) return this.note(chain[chain.length - 1].node, T.CONTEXT_UNCONVERTED.redirect);
    const props = found.stmt ? this.staticProperties(found.assign.right) : null;
    if (!props || props.length !== 1 || props[0].key !== 'url') return this.note(found.assign, T.WHY.redirectShape);
    this.structure(found.stmt, () => `${this.A}.redirect.sendUserTo(${this.edits.node(props[0].value)});`);
  },
};
