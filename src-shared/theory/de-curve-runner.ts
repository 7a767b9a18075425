// `plrf curve --method de`: the deterministic-equivalent curve (de-curve.ts) in the CurveResult
// shape of the curve task (compute/curve-task.ts), so `curve`, the job system and the store treat
// it like the exact method. No random draw: `draws` is empty, sigma2 = F₀ of the equivalent, and
// `measure` carries the discretisation diagnostics (and the support, de-support.ts); `gammaLimit`
// marks the γ_max rule (de-gamma-limit.ts). --draws/--runs/--seed are ignored.
import type { LinalgBackend } from '../linalg/backend';
import type { TaskContext } from '../compute/task';
import type { CurveParams } from '../params/model-params';
import type { CurveResult } from '../compute/curve-task';
import { deCurve, type DECurveResult } from './de-curve';

export function runDECurve(p: CurveParams, _backend: LinalgBackend, ctx: TaskContext): CurveResult & { measure: DECurveResult['measure']; gammaLimit: number } {
  const t0 = Date.now();
  const res = deCurve(
    { alpha: p.alpha, beta: p.beta, v: p.v, d: p.d, tau: p.tau, gamma: p.gamma, gammaFraction: p.gammaFraction, batch: p.batch, rmax: p.rmax, checkpoints: p.checkpoints, ...(p.spectrum ? { spectrum: p.spectrum } : {}) },
    ctx,
  );
  return {
    params: { ...p, gamma: res.gamma, gammaFraction: res.gammaFraction, gammaMax: res.gammaMax, tauValue: p.tau / Math.sqrt(p.d) },
    r: res.r,
    risk: res.risk,
    sigma2: res.F0,
    riskInfinity: res.riskInfinity,
    draws: [],
    gammaLimit: res.gammaLimit,
    measure: res.measure,
    timings: { spectrumMs: res.measure.ms, totalMs: Date.now() - t0 },
  };
}
