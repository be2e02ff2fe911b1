'use strict';
// Helpers shared by the converter's parts.

const FUNCTIONS = new Set(['FunctionExpression', 'FunctionDeclaration', 'ArrowFunctionExpression']);
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

module.exports = { FUNCTIONS, METADATA, METHOD, quote, staticKey };
