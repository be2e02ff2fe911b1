'use strict';
// Source-to-source rewriting by ranges: the converter never regenerates code from the AST, so
// comments, formatting and everything it does not touch stay as the rule's author wrote them.
// An edit replaces [start, end) of the parsed text. Edits nest: a rewrite of a whole statement
// renders its parts (with their own edits applied) into its replacement text, and then covers
// them; rendering keeps only the outermost edits, and of two edits on the same range the later.

class Edits {
  constructor(text) {
    this.text = text;
    this.list = [];
  }

  replace(start, end, text) {
    this.list.push({ start, end, text, seq: this.list.length });
  }

  // The text of [start, end) with every edit inside it applied.
  render(start, end) {
    const inside = this.list.filter((e) => e.start >= start && e.end <= end);
    const outer = inside.filter((e) => !inside.some((o) => o !== e && o.start <= e.start &&
      e.end <= o.end && (o.start !== e.start || o.end !== e.end || o.seq > e.seq)));
    outer.sort((a, b) => a.start - b.start);
    let out = '';
    let at = start;
    for (const e of outer) {
      if (e.start < at) throw new Error(`overlapping rewrites at ${e.start}`);
      out += this.text.slice(at, e.start) + e.text;
      at = e.end;
    }
    return out + this.text.slice(at, end);
  }

  node(node) {
    return this.render(node.start, node.end);
  }
}

module.exports = { Edits };
