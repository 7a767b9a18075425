// Resolution of the optimizer family's coefficients against drawn spectra (issue 17), shared by the curve
// task (compute/family-curve.ts) and study units (study/units.ts):
//  - sgd schedules: γ (the schedule's base) = gamma, or gammaFraction·min γ_max over the measures (SGD's
//    γ_max, dynamics/stability.ts), as for constant SGD;
//  - momentum: the same with the heavy-ball limit γ_max(μ) (family-stability.ts momentumGammaMax);
//  - dana members: coefficients from g1..delta / the presets (no γ);
// then the frozen-coefficient stability check on every measure (ParamError naming the key), before any
// curve is computed. `gamma` reported = the initial gradient step g2(0) + g1(0)·g3(0) for the DANA members
// (gammaMax then is SGD's γ_max, as a reference).
// The DANA presets are those of Ferbach, Everett, Gidel, Paquette & Paquette, "Dimension-adapted momentum
// outscales SGD" (arXiv 2505.16098); their formulas, the code they are checked against
// (LosVolterrosHermanos/Experimental: optimizers.py dana_optimizer/powerlaw_schedule and the PLRF DANA
// scripts) and the convention change ĝ/B are in params/optimizer-params.ts (resolveOptimizer); the
// paper's equation numbers could not be verified.
import type { DiscreteMeasure } from './measure';
import { gammaMax } from './stability';
import { familyRiskBlocks, familyStability, prepareFamilyConstant, type CoefFn } from './family-moments';
import { checkFamilyStable, isStable, momentumGammaMax } from './family-stability';
import { ParamError } from '../params/errors';
import { DEFAULT_GAMMA_FRACTION } from '../params/model-params';
import { coefsAt, resolveOptimizer, scheduleBreakpoints, scheduleTimeScale, type OptimizerParams, type ResolveContext, type ResolvedOptimizer } from '../params/optimizer-params';

export interface FamilyResolution {
  o: ResolvedOptimizer;
  gamma: number;
  gammaFraction: number;
  gammaMax: number;
  perDraw: number[];
}

export function resolveFamily(
  measures: DiscreteMeasure[],
  weights: (Float64Array | undefined)[],
  p: OptimizerParams & { gamma?: number | undefined; gammaFraction?: number | undefined },
  ctx: Omit<ResolveContext, 'gamma'>,
  where: (k: number) => string = (k) => (measures.length > 1 ? ` (draw ${k})` : ''),
): FamilyResolution {
  const opt = p.optimizer ?? 'sgd';
  const B = ctx.batch;
  const sgdMax = measures.map((m, k) => gammaMax(m.lambda, B, weights[k]));
  let gamma: number | undefined;
  let limit = Math.min(...sgdMax);
  let perDraw = sgdMax;
  if (opt === 'sgd' || opt === 'momentum') {
    if (opt === 'momentum') {
      const mu = p.momentum ?? 0.9;
      perDraw = measures.map((m) => momentumGammaMax(m, B, mu));
      limit = Math.min(...perDraw);
    }
    if (p.gamma !== undefined) {
      if (!(p.gamma < limit)) throw new ParamError('gamma', `must be in (0, gamma_max) with gamma_max = ${limit.toPrecision(6)} for ${opt}${opt === 'momentum' ? ` μ = ${p.momentum ?? 0.9}` : ''}, batch ${B}, got ${p.gamma}`);
      gamma = p.gamma;
    } else gamma = (p.gammaFraction ?? DEFAULT_GAMMA_FRACTION) * limit;
  }
  const o = resolveOptimizer(p, { ...ctx, ...(gamma !== undefined ? { gamma } : {}) });
  measures.forEach((m, k) => checkFamilyStable(m, B, o, ctx.rmax, where(k)));
  const c0 = coefsAt(o, 0);
  const g0 = gamma ?? c0.g2 + c0.g1 * c0.g3;
  return { o, gamma: g0, gammaFraction: g0 / limit, gammaMax: limit, perDraw };
}

/**
 * R at the checkpoints and, for constant coefficients, R(∞) = F0/(1 − q). Constant (stable) coefficients:
 * the exact closed form (family-moments.ts prepareFamilyConstant: secular roots, certified against the
 * step recurrence), falling back to the block integrator if it refuses; schedules: the block integrator.
 * closedForm: false forces the block integrator (tests).
 */
export function familyExactRisk(m: DiscreteMeasure, B: number, o: ResolvedOptimizer, r: ArrayLike<number>, closedForm = true): { risk: Float64Array; riskInfinity?: number; method: 'closed-form' | 'blocks' } {
  const coefs: CoefFn = (t) => coefsAt(o, t);
  const st = o.constant ? familyStability(m, B, coefsAt(o, 0)) : null;
  if (closedForm && st && isStable(st)) {
    try {
      const cf = prepareFamilyConstant(m, B, coefsAt(o, 0));
      return { risk: cf.risk(r), riskInfinity: cf.riskInfinity, method: 'closed-form' };
    } catch {
      // fall through to the block integrator (e.g. a driving-only atom, or the certificate failed)
    }
  }
  const risk = familyRiskBlocks(m, coefs, { batch: B, breakpoints: scheduleBreakpoints(o), timeScale: scheduleTimeScale(o) }, r);
  return st && isStable(st) ? { risk, riskInfinity: m.F0 / (1 - st.q), method: 'blocks' } : { risk, method: 'blocks' };
}
