// Asymptotic components of a τ = 0 risk curve (src-shared/theory/components.ts, seed 000 /
// PPXP24): F₀, F_pp, F_ac, K_pp/(γB) and their sum, as dotted overlay lines. x in steps r or
// compute C = B·d·r. Returns [] when the parameters do not allow them (e.g. α ≤ 1/4 for K_pp).
import { asymptoticComponents } from '../../src-shared/theory/components';
import type { RunDetail } from '../../src-shared/api';
import type { XYLine } from '../charts/risk';

export function componentLines(
  p: { alpha: number; beta: number; v: number; d: number; gamma: number; batch: number },
  r: number[],
  xMode: 'steps' | 'compute',
  colors: { F0: string; Fpp: string; Fac: string; Kpp: string; total: string },
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
  const out: XYLine[] = [
    { name: `F₀ (${tag})`, x, y: c.F0, color: colors.F0, dashed: true },
    { name: `F_pp (${tag})`, x, y: c.Fpp, color: colors.Fpp, dashed: true },
    { name: `F_ac (${tag})`, x, y: c.Fac, color: colors.Fac, dashed: true },
    { name: `K_pp/(γB) (${tag})`, x, y: c.KppOverGammaB, color: colors.Kpp, dashed: true },
    { name: `Σ components (${tag})`, x, y: c.total, color: colors.total, dashed: true },
  ];
  return out.filter((l) => l.y.some((v) => v > 0 && Number.isFinite(v)));
}

function num(x: unknown): number | null {
  return typeof x === 'number' && Number.isFinite(x) ? x : null;
}

/** parameters for the components of a curve run (resolved γ from the result) or a study's largest d at τ = 0 */
export function componentParams(run: RunDetail): { p: { alpha: number; beta: number; v: number; d: number; gamma: number; batch: number }; r: number[] } | null {
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
    return { p: { alpha, beta, v, d, gamma, batch }, r: mean.columns.r ?? [] };
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
    return { p: { alpha, beta, v, d, gamma, batch }, r: top.columns.r ?? [] };
  }
  return null;
}
