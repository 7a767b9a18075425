// Numbers as stored, made safe to show. The store keeps non-finite results as the JSON strings
// "NaN", "Infinity", "-Infinity" (and older runs as null), so a field typed `number` may arrive
// as a string: every number shown goes through `num` first, and a value that is not a finite
// number is shown as a clear state — "not estimable: <reason>" — never as NaN, Infinity or a
// thrown TypeError. Intervals are always "[lo, hi]" (bootstrap intervals are asymmetric; a
// "±" half-width would misstate them).
import { sci } from '../charts/format';

/** a stored number: numbers as they are, the strings "NaN"/"Infinity"/"-Infinity" decoded, anything else NaN */
export function num(x: unknown): number {
  if (typeof x === 'number') return x;
  if (x === 'Infinity') return Infinity;
  if (x === '-Infinity') return -Infinity;
  return NaN;
}

export function isFiniteNum(x: unknown): x is number {
  return typeof x === 'number' && Number.isFinite(x);
}

/** a stored [lo, hi] pair (NaN where missing) */
export function pair(x: unknown): [number, number] {
  return Array.isArray(x) && x.length >= 2 ? [num(x[0]), num(x[1])] : [NaN, NaN];
}

/** why a value is not a finite number, in words */
export function whyNot(v: number, what = 'value'): string {
  if (Number.isNaN(v)) return `${what} undefined (NaN)`;
  if (v === Infinity || v === -Infinity) return `${what} overflows (${v > 0 ? '+' : '−'}∞)`;
  return what;
}

/** fixed digits, trailing noise removed ("0.2" for 0.19999999999999996 at 3 digits) */
export function fixedClean(v: number, digits = 3): string {
  const s = v.toFixed(digits);
  return s === '-0' || /^-0\.0*$/.test(s) ? s.slice(1) : s;
}

export interface EstimateText {
  text: string;
  /** true when the value (not only its interval) is missing */
  missing: boolean;
}

/**
 * "0.855 [0.709, 1.124]"; a value without a usable interval → "0.855 [interval not estimable]";
 * no value → "not estimable: <reason>". `fmt` formats a finite number.
 */
export function estimate(value: unknown, ci: unknown, reason: string, fmt: (v: number) => string = (v) => fixedClean(v)): EstimateText {
  const v = num(value);
  if (!Number.isFinite(v)) return { text: `not estimable: ${reason || whyNot(v)}`, missing: true };
  if (ci === undefined) return { text: fmt(v), missing: false };
  const [lo, hi] = pair(ci);
  if (!Number.isFinite(lo) || !Number.isFinite(hi)) return { text: `${fmt(v)} [interval not estimable]`, missing: false };
  return { text: `${fmt(v)} ${interval(lo, hi, fmt)}`, missing: false };
}

/** "[lo, hi]" — the one way intervals are written in the app */
export function interval(lo: number, hi: number, fmt: (v: number) => string = (v) => fixedClean(v)): string {
  return `[${fmt(lo)}, ${fmt(hi)}]`;
}

/** a scientific number or "not estimable: …" */
export function sciOr(value: unknown, reason: string): string {
  const v = num(value);
  return Number.isFinite(v) ? sci(v) : `not estimable: ${reason || whyNot(v)}`;
}

/**
 * The warnings of a fit that qualify one number: η, ξ, or the window/frontier (the fit as a
 * whole). Warnings are the analysis' own sentences (study/analyze.ts fitWarnings), prefixed
 * "η:", "ξ:", "window:" or "frontier:".
 */
export function warningsFor(warnings: unknown, what: 'eta' | 'xi' | 'fit'): string[] {
  const ws = Array.isArray(warnings) ? warnings.filter((w): w is string => typeof w === 'string') : [];
  if (what === 'eta') return ws.filter((w) => w.startsWith('η:'));
  if (what === 'xi') return ws.filter((w) => w.startsWith('ξ:'));
  return ws.filter((w) => !w.startsWith('η:') && !w.startsWith('ξ:'));
}

/**
 * Machine precision: a risk curve whose values reach 0 or fall below ε·R(0) (ε = 2⁻⁵² ≈ 2.2e-16)
 * carries only rounding noise there; fits through that regime are not meaningful. Returns
 * a sentence for the result page, or null.
 */
export function precisionWarning(curves: { d: number; mean: number[] }[]): string | null {
  const hit: number[] = [];
  let lowest = Infinity;
  for (const c of curves) {
    const r0 = c.mean.find((v) => Number.isFinite(v) && v > 0);
    if (r0 === undefined) continue;
    let reached = false;
    for (const v of c.mean) {
      if (!Number.isFinite(v)) continue;
      if (v > 0 && v < lowest) lowest = v;
      if (v <= r0 * Number.EPSILON) reached = true;
    }
    if (reached) hit.push(c.d);
  }
  if (!hit.length) return null;
  const low = Number.isFinite(lowest) ? `; smallest positive risk ${sci(lowest)}` : '';
  return `machine precision: the risk of d = ${[...new Set(hit)].sort((a, b) => a - b).join(', ')} falls to rounding level (below 2.2×10⁻¹⁶ of R(0), or 0)${low}. Values there are noise; fits through that range are not meaningful.`;
}

/**
 * Before a run: log₁₀ of the irreducible risk relative to R(0), F₀ ≍ d^{−2α + max(0, 1 − 2β)}
 * (PPXP24; DESIGN §3), at the largest d. Below −15 the curve reaches double precision.
 */
export function precisionHint(alpha: number, beta: number, dmax: number): string | null {
  if (!(alpha > 0) || !(dmax >= 1) || !Number.isFinite(beta)) return null;
  const expo = -2 * alpha + Math.max(0, 1 - 2 * beta);
  const log10F0 = expo * Math.log10(dmax);
  if (!(log10F0 < -15)) return null;
  return `With α = ${alpha} the risk at d = ${dmax} falls to about 10^${Math.round(log10F0)} of its start (F₀ ≍ d^(−2α${1 - 2 * beta > 0 ? ' + 1 − 2β' : ''})), below double precision (10^−16): curves will hit 0 and fits will not be estimable. Use a smaller α or smaller d.`;
}

/** a ratio such as γ/γ_max with as many digits as it takes not to round to a different story (0.999 stays 0.999, never "1.00") */
export function ratioText(x: number): string {
  if (!Number.isFinite(x)) return '—';
  for (let p = 2; p <= 8; p++) {
    const s = Number(x.toPrecision(p));
    if ((x < 1 && s >= 1) || (x > 1 && s <= 1)) continue;
    return String(s);
  }
  return String(x);
}
