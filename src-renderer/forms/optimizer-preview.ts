// Live stability preview of the optimizer family in the New run form (issue 17): the frozen-coefficient
// check of dynamics/family-stability.ts on a deterministic stand-in for the drawn spectrum — the top d
// eigenvalues of D, λ_j = j^{-2α} (j ≤ d), plus the spike's outlier ≈ c²‖a‖² for τ = c/√d (E tr K of
// W̃ = τb1ᵀ + Z adds τ²d‖a‖²). Each draw's exact check runs with the run; this preview only flags sets
// that are clearly unstable, naming the parameter, and shows the resolved coefficients at t = 0.
import { resolveFamily } from '../../src-shared/dynamics/family-resolve';
import { coefsAt, isPlainSgd, type OptimizerParams } from '../../src-shared/params/optimizer-params';
import { isParamError } from '../../src-shared/params/errors';

export interface OptimizerPreview {
  ok: boolean;
  message: string;
  coefs?: { g1: number; g2: number; g3: number; delta: number };
}

export function optimizerPreview(p: Record<string, unknown>): OptimizerPreview | null {
  const alpha = p.alpha as number, beta = p.beta as number;
  const d = (p.d as number) ?? Math.max(...(((p.dgrid as number[]) ?? [0]) as number[]));
  if (!(alpha > 0) || !Number.isFinite(beta) || !(d >= 1) || isPlainSgd(p as OptimizerParams)) return null;
  const c = Array.isArray(p.tau) ? Math.max(...(p.tau as number[])) : ((p.tau as number) ?? 0);
  const v = (p.v as number) ?? Math.ceil(((p.vRatio as number) ?? 2) * d);
  const n = Math.min(d, 4000);
  const lambda = new Float64Array(n + (c > 0 ? 1 : 0));
  let a2 = 0;
  for (let j = 1; j <= v; j++) a2 += Math.pow(j, -2 * alpha - 2 * beta);
  for (let j = 1; j <= n; j++) lambda[j - 1] = Math.pow(j, -2 * alpha);
  if (c > 0) lambda[n] = c * c * a2 + 1;
  const kernel = Float64Array.from(lambda, (l) => l * l);
  const m = { lambda, kernel, forcing: new Float64Array(lambda.length), F0: 0 };
  try {
    const rmax = (p.rmax as number) ?? 1e6;
    const r = resolveFamily([m], [undefined], { ...(p as OptimizerParams), gammaFraction: p.gammaFraction as number | undefined, gamma: p.gamma as number | undefined }, {
      alpha,
      beta,
      v,
      d,
      tau: c,
      batch: (p.batch as number) ?? 1,
      rmax: Array.isArray(rmax) ? Math.max(...rmax) : rmax,
    });
    const k = coefsAt(r.o, 0);
    return { ok: true, message: `stable on the preview spectrum (${r.o.optimizer}${r.o.constant ? ', constant' : ', schedules'})`, coefs: k };
  } catch (e) {
    return { ok: false, message: isParamError(e) ? e.message : String(e) };
  }
}
