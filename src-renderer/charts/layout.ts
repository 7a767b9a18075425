// Chart layout decided from the data (issue 13): axis ranges that fit the data and a legend that
// never covers it.
// - fitBounds: log-axis bounds snapped outward to 1–2–5 × 10ᵏ (not whole decades, so a maximum
//   of 1.2 gives an upper bound of 2, not 10), kept to whole decades when no decade would lie
//   inside (a log axis needs a labelled decade). A floor at `floorRatio`·max (default 10⁻¹⁶,
//   double precision relative to the top) keeps underflowing risks from stretching the axis
//   over hundreds of decades; the result page says so (data/estimates.ts precisionWarning).
// - decadeStep: labels every k-th decade so that at most ~8 labels are drawn.
// - legendPlacement: the legend box (size estimated from its entries and the font) goes into the
//   first empty corner of the plot area — no data point or segment inside the box, in the
//   axes' log coordinates — else outside, below the plot.
import type { Bounds } from './axes';
import { typeset } from './typeset';

const NICE = [1, 2, 5, 10];

function niceDown(v: number): number {
  const k = Math.floor(Math.log10(v) + 1e-12);
  const m = v / 10 ** k;
  let best = 1;
  for (const n of NICE) if (n <= m * (1 + 1e-9)) best = n;
  return best * 10 ** k;
}
function niceUp(v: number): number {
  const k = Math.floor(Math.log10(v) - 1e-12);
  const m = v / 10 ** k;
  for (const n of NICE) if (n >= m * (1 - 1e-9)) return n * 10 ** k;
  return 10 ** (k + 1);
}

export function fitBounds(values: Iterable<number>, floorRatio = 1e-16): Bounds | null {
  let lo = Infinity;
  let hi = -Infinity;
  for (const v of values) {
    if (v > 0 && Number.isFinite(v)) {
      if (v < lo) lo = v;
      if (v > hi) hi = v;
    }
  }
  if (lo === Infinity) return null;
  if (floorRatio > 0) lo = Math.max(lo, hi * floorRatio);
  let min = niceDown(lo);
  let max = niceUp(hi);
  if (max <= min) max = niceUp(min * 1.0001);
  // a decade must lie inside, or the axis has no labels
  const firstDecade = 10 ** Math.ceil(Math.log10(min) - 1e-12);
  if (firstDecade > max * (1 + 1e-12)) {
    min = 10 ** Math.floor(Math.log10(lo) + 1e-12);
    max = 10 ** Math.ceil(Math.log10(hi) - 1e-12);
    if (max <= min) max = min * 10;
  }
  return { min, max };
}

/** label every k-th decade: at most `maxLabels` labels over the span */
export function decadeStep(b: Bounds | null, maxLabels = 8): number {
  if (!b) return 1;
  const span = Math.log10(b.max / b.min);
  return Math.max(1, Math.ceil(span / maxLabels));
}

export type Corner = 'top-right' | 'bottom-left' | 'top-left' | 'bottom-right';

export interface LegendPlacement {
  corner: Corner | 'below';
  /** ECharts legend position properties (left/right/top/bottom in px) */
  position: Record<string, number | string>;
  /** extra bottom margin for the grid (legend below the plot) */
  extraBottom: number;
}

export interface PlotBox {
  /** chart size in px */
  width: number;
  height: number;
  /** grid margins in px */
  left: number;
  right: number;
  top: number;
  bottom: number;
}

/** approximate legend box in px: ECharts vertical legend, item icon 18 px + gap, text ≈ 0.58·font per char */
export function legendSize(names: string[], fontSize: number): { w: number; h: number } {
  const longest = names.reduce((m, n) => Math.max(m, n.replace(/\{\w+\|([^}]*)\}/g, '$1').length), 0);
  return { w: 18 + 5 + longest * fontSize * 0.58 + 12 + 4, h: names.length * (fontSize + 10) + 12 - 10 + 2 };
}

/** the advance of one character in em, by class, for the DejaVu/system sans and serif faces the
 *  charts use (digits 0.636 em, space 0.318, "=" 0.838 in DejaVu), rounded up a little */
function charEm(c: string): number {
  if (/[\u0300-\u036f]/.test(c)) return 0; // combining accents (R̂)
  if (c === ' ') return 0.32;
  if ('.,:;·|!\'’'.includes(c)) return 0.35;
  if ('()[]{}iljtfr*'.includes(c)) return 0.42;
  if ('=+−-×<>≤≥±≈'.includes(c)) return 0.84;
  if ('MW'.includes(c)) return 1.02;
  if ('mw'.includes(c)) return 0.93;
  if (/[0-9]/.test(c)) return 0.64;
  if (/[A-Z]/.test(c)) return 0.8;
  return 0.62;
}

/** estimated width (px at `fontSize`) of a legend label as drawn (typeset: sub/superscripts at 0.72 size) */
export function legendTextWidth(name: string, fontSize: number): number {
  let em = 0;
  const re = /\{(\w+)\|([^}]*)\}|([^{]+|\{)/g;
  let m: RegExpExecArray | null;
  while ((m = re.exec(typeset(name)))) {
    const text = m[2] ?? m[3] ?? '';
    const k = m[1] === 'sup' || m[1] === 'sub' ? 0.72 : 1;
    for (const c of text) em += k * charEm(c);
  }
  return em * fontSize * 1.03;
}

/** segments (in unit-square plot coordinates) cross the box [x0,x1]×[y0,y1]? sampled at 1/64 of a box side */
function hitsBox(lines: [number, number][][], box: [number, number, number, number]): boolean {
  const [x0, x1, y0, y1] = box;
  const inside = (x: number, y: number) => x >= x0 && x <= x1 && y >= y0 && y <= y1;
  const step = Math.min(x1 - x0, y1 - y0) / 8;
  for (const l of lines) {
    for (let i = 0; i < l.length; i++) {
      const [ax, ay] = l[i]!;
      if (inside(ax, ay)) return true;
      if (i + 1 < l.length) {
        const [bx, by] = l[i + 1]!;
        const n = Math.min(400, Math.ceil(Math.hypot(bx - ax, by - ay) / Math.max(step, 1e-3)));
        for (let k = 1; k < n; k++) if (inside(ax + ((bx - ax) * k) / n, ay + ((by - ay) * k) / n)) return true;
      }
    }
  }
  return false;
}

/**
 * Where the legend goes: the first corner of the plot (in the preferred order) whose box holds no
 * data, else below the plot. `lines` are the series' points in data coordinates (log axes).
 */
export function legendPlacement(lines: [number, number][][], xB: Bounds | null, yB: Bounds | null, names: string[], box: PlotBox, fontSize = 12, order: Corner[] = ['bottom-left', 'top-right', 'top-left', 'bottom-right']): LegendPlacement {
  const pw = box.width - box.left - box.right;
  const ph = box.height - box.top - box.bottom;
  const { w, h } = legendSize(names, fontSize);
  const pad = 6;
  const below = (): LegendPlacement => {
    // flow the entries into rows as ECharts does (item icon, 5, text, gap 12)
    const avail = box.width - 16;
    const icon = Math.round(18 * Math.min(1, fontSize / 12));
    let rows = 1;
    let x = 0;
    for (const n of names) {
      const iw = icon + 5 + legendTextWidth(n, fontSize) + 12;
      if (x > 0 && x + iw > avail) {
        rows++;
        x = 0;
      }
      x += iw;
    }
    // a row is ≈ fontSize + 9 tall as ECharts draws it (measured on the 8 pt PDF: 2 rows = 30 pt); the
    // axis-name slack of the bottom margin (≈ fontSize/2) is shared with the legend
    return { corner: 'below', position: { left: 'center', bottom: 2 }, extraBottom: rows * (fontSize + 9) + 2 - Math.round(fontSize / 2) };
  };
  if (!names.length) return { corner: 'bottom-left', position: {}, extraBottom: 0 };
  if (!xB || !yB || w + 2 * pad > pw || h + 2 * pad > ph) return below();
  const lx0 = Math.log10(xB.min);
  const lx1 = Math.log10(xB.max);
  const ly0 = Math.log10(yB.min);
  const ly1 = Math.log10(yB.max);
  const unit = lines.map((l) => l.filter(([x, y]) => x > 0 && y > 0).map(([x, y]) => [(Math.log10(x) - lx0) / (lx1 - lx0), (Math.log10(y) - ly0) / (ly1 - ly0)] as [number, number]));
  const fw = (w + 2 * pad) / pw;
  const fh = (h + 2 * pad) / ph;
  const boxes: Record<Corner, [number, number, number, number]> = {
    'bottom-left': [0, fw, 0, fh],
    'top-right': [1 - fw, 1, 1 - fh, 1],
    'top-left': [0, fw, 1 - fh, 1],
    'bottom-right': [1 - fw, 1, 0, fh],
  };
  for (const c of order) {
    if (hitsBox(unit, boxes[c])) continue;
    const position: Record<string, number> = {};
    if (c.endsWith('left')) position.left = box.left + pad;
    else position.right = box.right + pad;
    if (c.startsWith('top')) position.top = box.top + pad;
    else position.bottom = box.bottom + pad;
    return { corner: c, position, extraBottom: 0 };
  }
  return below();
}
