// Asymptotic components of a τ = 0 risk curve (src-shared/theory/components.ts, seed 000 /
// PPXP24): F₀, F_pp, F_ac, K_pp/(γB) and their sum, as dotted overlay lines. x in steps r or
// compute C = B·d·r. Returns [] when the parameters do not allow them (e.g. α ≤ 1/4 for K_pp).
// Validity (issue 13, measured at (0.5, 0.7), v = 2d, d = 1600): the asymptotic F₀ formula is
// NOT the problem — it agrees with the exact F₀ of the deterministic equivalent to 0.05 %
// (2.2836e-3 vs 2.2824e-3). The sum levels off at F₀ while the curve levels off at
// R(∞) = F₀/(1 − q) = 4.446e-3, q = ‖K‖₁ = γ²B Σ kernel_i/(1 − ρ_i) ≈ 0.49 at γ = γ_max/2: the
// SGD-noise feedback of the Volterra equation R = F + K∗R, which the additive decomposition
// (an asymptotic equivalence "≍", up to constant factors) leaves out. So the overlay draws the
// exact F₀ (theory engine) and the exact limit R(∞) = F₀/(1 − q) of the deterministic
// equivalent at the run's γ/γ_max, and names the sum "≍ up to constants".
import { asymptoticComponents } from '../../src-shared/theory/components';
import type { RunDetail } from '../../src-shared/api';
import type { XYLine } from '../charts/risk';
import { deCurve } from '../../src-shared/theory/de-curve';

/** exact F₀ and R(∞) = F₀/(1 − q) of the deterministic equivalent at γ = gammaFraction·γ_max (null when it cannot be computed) */
export function exactLimit(p: { alpha: number; beta: number; v: number; d: number; batch: number }, gammaFraction: number): { F0: number; Rinf: number } | null {
  if (!(gammaFraction > 0 && gammaFraction < 1)) return null;
  try {
    const c = deCurve({ alpha: p.alpha, beta: p.beta, v: p.v, d: p.d, batch: p.batch, gammaFraction, rmax: 1, checkpoints: [1] });
    return Number.isFinite(c.F0) && Number.isFinite(c.riskInfinity) ? { F0: c.F0, Rinf: c.riskInfinity } : null;
  } catch {
    return null;
  }
}

export function componentLines(
  p: { alpha: number; beta: number; v: number; d: number; gamma: number; batch: number },
  r: number[],
  xMode: 'steps' | 'compute',
  colors: { F0: string; Fpp: string; Fac: string; Kpp: string; total: string; Rinf?: string },
  gammaFraction?: number | null,
): XYLine[] {
  const rr = r.filter((t) => t > 0);
  if (!rr.length) return [];
  let c;
  try {
    c = asymptoticComponents(p, rr);
  } catch {
    return [];
  }
  const x = xMode === 'compute' ? c.r.map((t) => p.batch * p.d * t) : c.r;
  const tag = `d = ${p.d}`;
  const ex = gammaFraction ? exactLimit(p, gammaFraction) : null;
  const F0 = ex ? c.F0.map(() => ex.F0) : c.F0;
  const out: XYLine[] = [
    { name: `F₀ ${ex ? 'exact ' : ''}(${tag})`, x, y: F0, color: colors.F0, dashed: true },
    { name: `F_pp (${tag})`, x, y: c.Fpp, color: colors.Fpp, dashed: true },
    { name: `F_ac (${tag})`, x, y: c.Fac, color: colors.Fac, dashed: true },
    { name: `K_pp/(γB) (${tag})`, x, y: c.KppOverGammaB, color: colors.Kpp, dashed: true },
    { name: `Σ components ≍ up to constants (${tag})`, x, y: c.total, color: colors.total, dashed: true },
  ];
  if (ex) out.push({ name: `R(∞) = F₀/(1 − q) exact (${tag})`, x, y: x.map(() => ex.Rinf), color: colors.Rinf ?? colors.total, lineType: 'dashed', level: true });
  return out.filter((l) => l.y.some((v) => v > 0 && Number.isFinite(v)));
}

function num(x: unknown): number | null {
  return typeof x === 'number' && Number.isFinite(x) ? x : null;
}

/** parameters for the components of a curve run (resolved γ from the result) or a study's largest d at τ = 0 */
export function componentParams(run: RunDetail): { p: { alpha: number; beta: number; v: number; d: number; gamma: number; batch: number }; r: number[]; gammaFraction: number | null } | null {
  const res = run.result;
  if (!res) return null;
  const sp = ((res.summary as Record<string, unknown>).params ?? {}) as Record<string, unknown>;
  const alpha = num(sp.alpha ?? run.params.alpha);
  const beta = num(sp.beta ?? run.params.beta);
  const batch = num(sp.batch ?? run.params.batch) ?? 1;
  if (alpha === null || beta === null) return null;
  if (run.kind === 'sgd' || run.kind === 'volterra') {
    const tau = num(sp.tau ?? run.params.tau) ?? 0;
    const gamma = num(sp.gamma);
    const v = num(sp.v ?? run.params.v);
    const d = num(sp.d ?? run.params.d);
    const mean = res.curves.find((c) => c.meta.role === 'risk');
    if (tau !== 0 || gamma === null || v === null || d === null || !mean) return null;
    const gmax = num(sp.gammaMax);
    return { p: { alpha, beta, v, d, gamma, batch }, r: mean.columns.r ?? [], gammaFraction: gmax ? gamma / gmax : num(sp.gammaFraction) };
  }
  if (run.kind === 'study') {
    const risk = res.curves.filter((c) => c.meta.role === 'risk' && (c.meta.tau ?? 0) === 0 && c.meta.d !== undefined);
    if (!risk.length) return null;
    const top = risk.reduce((a, b) => (b.meta.d! > a.meta.d! ? b : a));
    const d = top.meta.d!;
    const draw = res.curves.find((c) => c.meta.role === 'risk-draw' && (c.meta.tau ?? 0) === 0 && c.meta.d === d && typeof c.meta.gamma === 'number');
    const gamma = num(draw?.meta.gamma);
    const v = num(top.meta.v);
    if (gamma === null || v === null) return null;
    const gmax = num(draw?.meta.gammaMax);
    return { p: { alpha, beta, v, d, gamma, batch }, r: top.columns.r ?? [], gammaFraction: gmax ? gamma / gmax : null };
  }
  return null;
}
