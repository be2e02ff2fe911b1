'use strict';
// Static look at a rule's source (never runs it): which `configuration.X` keys it reads (an
// Action: which `event.secrets.X`), with the line of the first read, and
// which of Auth0's old implicit globals it uses without declaring or requiring them
// (rules-runtime.md §2.1, §7.8). The rule is parsed the way it is compiled: as "(source\n)";
// an Action as the module it is (only the legacy globals apply: Actions never had them).
const acorn = require('acorn');
const walk = require('acorn-walk');
const { LEGACY_GLOBALS } = require('./modules');

const LEGACY = new Set(LEGACY_GLOBALS);

// A rule is one function expression, parsed as "(source\n)"; an Action is a CommonJS module.
function parse(source, kind) {
  try {
    if (kind === 'action') {
      return acorn.parse(source, {
        ecmaVersion: 'latest', sourceType: 'script', locations: true,
        allowReturnOutsideFunction: true, allowHashBang: true, allowAwaitOutsideFunction: false,
      });
    }
    return acorn.parse(`(${source}\n)`, { ecmaVersion: 'latest', locations: true });
  } catch {
    return null; // V8 is the judge of syntax (lib/compile.js); acorn may lag behind it
  }
}

function propertyName(member) {
  if (!member.computed && member.property.type === 'Identifier') return member.property.name;
  if (member.computed && member.property.type === 'Literal') return String(member.property.value);
  return null;
}

// Every name the source binds anywhere (variables, functions, parameters, catch clauses).
// Scopes are ignored on purpose: a name bound anywhere is most likely not the legacy global.
function boundNames(ast) {
  const names = new Set();
  const addPattern = (node) => {
    if (!node) return;
    switch (node.type) {
      case 'Identifier': names.add(node.name); break;
      case 'ObjectPattern': node.properties.forEach((p) => addPattern(p.value || p.argument)); break;
      case 'ArrayPattern': node.elements.forEach(addPattern); break;
      case 'RestElement': addPattern(node.argument); break;
      case 'AssignmentPattern': addPattern(node.left); break;
      default: break;
    }
  };
  const addFunction = (node) => {
    if (node.id) names.add(node.id.name);
    node.params.forEach(addPattern);
  };
  walk.simple(ast, {
    VariableDeclarator: (node) => addPattern(node.id),
    FunctionDeclaration: addFunction,
    FunctionExpression: addFunction,
    ArrowFunctionExpression: addFunction,
    ClassDeclaration: (node) => node.id && names.add(node.id.name),
    CatchClause: (node) => addPattern(node.param),
  });
  return names;
}

// Identifiers that are references (not property names or object keys).
function isReference(node, parent) {
  if (!parent) return true;
  if (parent.type === 'MemberExpression') return parent.object === node || parent.computed;
  if (parent.type === 'Property' || parent.type === 'MethodDefinition' ||
      parent.type === 'PropertyDefinition') {
    return parent.value === node && !(parent.type === 'Property' && parent.kind !== 'init');
  }
  return !['LabeledStatement', 'BreakStatement', 'ContinueStatement'].includes(parent.type);
}

// The names an Action module's wrapper binds (lib/compile.js).
const MODULE_NAMES = ['exports', 'require', 'module', '__filename', '__dirname'];

function analyze(source, kind = 'rule') {
  const ast = parse(source, kind);
  const result = { configurationKeys: [], keyLines: {}, legacyGlobals: [] };
  if (!ast) return result;
  const keys = new Map(); // key -> line of its first read
  const bound = boundNames(ast);
  if (kind === 'action') MODULE_NAMES.forEach((n) => bound.add(n));
  const legacySeen = new Map();
  walk.fullAncestor(ast, (node, _state, ancestors) => {
    if (kind === 'rule' && node.type === 'MemberExpression' && node.object.type === 'Identifier' &&
        node.object.name === 'configuration') {
      const key = propertyName(node);
      if (key !== null && !keys.has(key)) keys.set(key, node.loc.start.line);
    } else if (kind === 'rule' && node.type === 'VariableDeclarator' && node.id.type === 'ObjectPattern' &&
               node.init && node.init.type === 'Identifier' && node.init.name === 'configuration') {
      for (const p of node.id.properties) {
        if (p.type === 'Property' && !p.computed && p.key.type === 'Identifier' && !keys.has(p.key.name)) {
          keys.set(p.key.name, p.loc.start.line);
        }
      }
    } else if (kind === 'action' && node.type === 'MemberExpression' && node.object.type === 'MemberExpression' &&
               propertyName(node.object) === 'secrets' && node.object.object.type === 'Identifier') {
      // event.secrets.KEY (whatever the handler calls its event)
      const key = propertyName(node);
      if (key !== null && !keys.has(key)) keys.set(key, node.loc.start.line);
    } else if (node.type === 'Identifier' && LEGACY.has(node.name) && !bound.has(node.name) &&
               !legacySeen.has(node.name) && isReference(node, ancestors[ancestors.length - 2])) {
      legacySeen.set(node.name, node.loc.start.line);
    }
  });
  result.configurationKeys = [...keys.keys()].sort();
  result.keyLines = Object.fromEntries(keys);
  result.legacyGlobals = [...legacySeen].map(([name, line]) => ({ name, line }));
  return result;
}

module.exports = { analyze };
