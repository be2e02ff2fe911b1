'use strict';
// The rule's callback -> return / api.access.deny / throw, or resolve / reject of the Promise
// the Action awaits when the rule calls back from nested code. Methods of the Converter
// (./index.js).
const T = require('./tables');

module.exports = {
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
  },

  // `.catch(callback)` / `.then(ok, callback)`: only errors reach it.
  isRejecter(id) {
    const p = this.parent(id);
    if (p.type !== 'CallExpression' || p.callee.type !== 'MemberExpression' || p.callee.computed) return false;
    const method = p.callee.property.name;
    return (method === 'catch' && p.arguments[0] === id) || (method === 'then' && p.arguments[1] === id);
  },

  statementOf(call) {
    const p = this.parent(call);
    if ((p.type === 'ExpressionStatement' && p.expression === call) || (p.type === 'ReturnStatement' && p.argument === call)) return p;
    if (this.inlined.has(p) && p.body === call) return call; // an inlined arrow's expression body
    return null;
  },

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
  },
};
