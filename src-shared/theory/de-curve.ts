// Deterministic Volterra risk curve R(r) of the deterministic equivalent (DESIGN.md §3):
//   F(r) = F₀ + ∫ρ(λ)^r μ_F(dλ),  K(r) = γ²B ∫ρ(λ)^r μ_K(dλ),  R = F + K * R,
//   ρ(λ) = 1 − 2γBλ + γ²B(B+1)λ²,
// with μ_F, μ_K the discretised measures of de-spectrum.ts (atoms on the log grid, the spiked
// outlier resolved on its own refined grid) and the exact closed-form Volterra solution of
// dynamics/closed-form.ts (no per-step work: any r up to 1e12 costs the same).
// The curve and γ_max use the support measure of de-support.ts (negligible top atoms merged, a
// separated outlier as one point mass; issue 11 — before, spurious atoms at the top of the grid
// set γ_max for τ > 0). Step size: exactly one of gamma / gammaFraction (default
// DEFAULT_GAMMA_FRACTION); γ_max with the rule of the exact engine (dynamics/stability.ts gammaMax
// with weights w_i = eigenvalue counts of the support measure). GAMMA_LIMIT_VERSION marks results
// computed with this rule (absent in runs stored before it: see de-gamma-limit.ts).
import { CancelledError, type TaskContext } from '../compute/task';
import { prepareClosedForm } from '../dynamics/closed-form';
import { logCheckpoints } from '../dynamics/checkpoints';
import { resolveGamma } from '../dynamics/stability';
import { ParamError } from '../params/errors';
import { deSpectrum, type DESpectrum } from './de-spectrum';
import { supportMeasure, type SupportMeasure } from './de-support';
import { GAMMA_LIMIT_VERSION } from './de-gamma-limit';
import { validateTheoryParams } from './plain-equivalent';
import type { DataSpectrum } from '../spectrum/source';

export interface DECurveParams {
  alpha: number;
  beta: number;
  v: number;
  d: number;
  /** c in τ = c/√d */
  tau?: number;
  gamma?: number;
  gammaFraction?: number;
  batch?: number;
  rmax: number;
  /** number of log-spaced checkpoints (step 0 included), or the explicit steps */
  checkpoints?: number | number[];
  /** a data spectrum in place of (α, β) (τ = 0 only) */
  spectrum?: DataSpectrum;
}

export interface DECurveResult {
  r: number[];
  risk: number[];
  gamma: number;
  gammaMax: number;
  gammaFraction: number;
  /** version of the γ_max rule (de-gamma-limit.ts) */
  gammaLimit: number;
  batch: number;
  F0: number;
  /** R(∞) = F₀/(1 − q) of the discretised equivalent */
  riskInfinity: number;
  measure: {
    atoms: number;
    gridPoints: number;
    countDefect: number;
    forcingDefect: number;
    outlier: null | { lambda: number; weight: number };
    kappa: number;
    ms: number;
    /** the support the curve and γ_max use (de-support.ts) */
    support: SupportMeasure['support'];
  };
}

export function validateDECurveParams(p: DECurveParams): void {
  validateTheoryParams(p);
  const batch = p.batch ?? 1;
  if (!(Number.isInteger(batch) && batch >= 1 && batch <= 1e6)) throw new ParamError('batch', `must be an integer 1 ≤ batch ≤ 1e6, got ${batch}`);
  if (!(Number.isInteger(p.rmax) && p.rmax >= 1 && p.rmax <= 1e12)) throw new ParamError('rmax', `must be an integer 1 ≤ rmax ≤ 1e12, got ${p.rmax}`);
  if (p.gamma !== undefined && p.gammaFraction !== undefined) throw new ParamError('gamma', 'give either gamma or gammaFraction, not both');
  if (p.gamma !== undefined && !(Number.isFinite(p.gamma) && p.gamma > 0)) throw new ParamError('gamma', `must be a number > 0, got ${p.gamma}`);
  if (p.gammaFraction !== undefined && !(p.gammaFraction > 0 && p.gammaFraction < 1))
    throw new ParamError('gammaFraction', `must be in (0, 1), got ${p.gammaFraction}`);
  const c = p.checkpoints ?? 100;
  if (typeof c === 'number') {
    if (!(Number.isInteger(c) && c >= 2 && c <= 100000)) throw new ParamError('checkpoints', `must be an integer 2 ≤ checkpoints ≤ 100000, got ${c}`);
  } else {
    for (let k = 0; k < c.length; k++)
      if (!(Number.isInteger(c[k]) && c[k]! >= 0 && (k === 0 || c[k]! > c[k - 1]!)))
        throw new ParamError(`checkpoints.${k}`, 'checkpoints must be strictly increasing integers ≥ 0');
  }
}

/** The deterministic-equivalent risk curve. Pass a precomputed spectrum to reuse it. */
export function deCurve(params: DECurveParams, ctx?: TaskContext, spectrum?: DESpectrum): DECurveResult {
  validateDECurveParams(params);
  const batch = params.batch ?? 1;
  const spec =
    spectrum ??
    deSpectrum(
      { alpha: params.alpha, beta: params.beta, v: params.v, d: params.d, tau: params.tau ?? 0, ...(params.spectrum ? { spectrum: params.spectrum } : {}) },
      ctx ? { ctx: { progress: (p) => ctx.progress({ fraction: 0.9 * p.fraction, phase: p.phase }), cancelled: () => ctx.cancelled() } } : {},
    );
  if (ctx?.cancelled()) throw new CancelledError();
  const measure = supportMeasure(spec);
  const g = resolveGamma({ gamma: params.gamma, gammaFraction: params.gammaFraction }, measure.lambda, batch, measure.count, ' (deterministic equivalent)');
  ctx?.progress({ fraction: 0.92, phase: `closed-form Volterra solution (${measure.lambda.length} atoms)` });
  const cf = prepareClosedForm(measure, { gamma: g.gamma, batch });
  const steps = typeof params.checkpoints === 'object' ? params.checkpoints : logCheckpoints(params.rmax, params.checkpoints ?? 100);
  const risk = cf.risk(steps);
  ctx?.progress({ fraction: 1, phase: 'done' });
  return {
    r: Array.from(steps),
    risk: Array.from(risk),
    gamma: g.gamma,
    gammaMax: g.gammaMax,
    gammaFraction: g.gammaFraction,
    gammaLimit: GAMMA_LIMIT_VERSION,
    batch,
    F0: spec.F0,
    riskInfinity: cf.riskInfinity,
    measure: {
      atoms: spec.diagnostics.atoms,
      gridPoints: spec.diagnostics.gridPoints,
      countDefect: spec.diagnostics.countDefect,
      forcingDefect: spec.diagnostics.forcingDefect,
      outlier: spec.outlier,
      kappa: spec.kappa,
      ms: spec.diagnostics.ms,
      support: measure.support,
    },
  };
}
