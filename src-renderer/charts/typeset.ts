// Typeset chart labels (issue 13): exponents as real superscripts, variables in italics, in
// ECharts rich text — the same option renders in the app (canvas), in SVG (SSR) and in the
// figure exports. Series keep their plain names (legend selection, CSV, tests); only what is
// drawn is typeset.
//   "R̂(C) = 5.36·C^(−0.429)"  →  "{it|R̂}({it|C}) = 5.36·{it|C}{sup|−0.429}"
// Markup in plain names: X^(…) or X^token is a superscript; _x / _(…) a subscript; the single
// letters C, R, R̂, r, d, s, v, B (standing alone) and Greek letters are set in italics.

const ITALIC = /(^|[^\p{L}\p{N}{|_])(R̂|[CRrdsvB]|[αβγηξτκλ])(?=$|[^\p{L}\p{N}|}])/gu;

function escapeRich(s: string): string {
  // '{' and '}' delimit rich tokens; names never need them
  return s.replace(/[{}]/g, '');
}

/** plain label → ECharts rich-text string */
export function typeset(plain: string): string {
  let s = escapeRich(plain);
  // superscripts and subscripts first (their content is not italicised)
  const parts: string[] = [];
  const re = /\^\(([^)]*)\)|\^([−\-+]?[\w.·]+)|_\(([^)]*)\)|_([\w]+)/g;
  let last = 0;
  let m: RegExpExecArray | null;
  while ((m = re.exec(s))) {
    parts.push(italics(s.slice(last, m.index)));
    if (m[1] !== undefined || m[2] !== undefined) parts.push(`{sup|${(m[1] ?? m[2])!.replace(/^-/, '−')}}`);
    else parts.push(`{sub|${m[3] ?? m[4]}}`);
    last = re.lastIndex;
  }
  parts.push(italics(s.slice(last)));
  s = parts.join('');
  return s;
}

function italics(s: string): string {
  return s.replace(ITALIC, (_all, pre: string, v: string) => `${pre}{it|${v}}`);
}

/** the rich-text styles for a base font size and colour */
export function richStyles(fontSize: number, color: string, fontFamily?: string): Record<string, Record<string, unknown>> {
  const base = { color, ...(fontFamily ? { fontFamily } : {}) };
  return {
    it: { ...base, fontSize, fontStyle: 'italic' },
    sup: { ...base, fontSize: Math.round(fontSize * 0.72), verticalAlign: 'bottom', padding: [0, 0, Math.round(fontSize * 0.42), 0] },
    sub: { ...base, fontSize: Math.round(fontSize * 0.72), verticalAlign: 'top', padding: [Math.round(fontSize * 0.42), 0, 0, 0] },
  };
}

/** the visible text of a typeset string (rich markup removed), e.g. for size estimates and tests */
export function plainOf(rich: string): string {
  return rich.replace(/\{\w+\|([^}]*)\}/g, '$1');
}
