// Largest stable step size of one-pass SGD on a quadratic (DESIGN.md §2).
//
// The expected-risk recurrence m_j(t+1) = ρ_j m_j(t) + γ²Bλ_j R(t), ρ_j = 1 − 2γBλ_j + γ²B(B+1)λ_j²,
// is stable (spectral radius of diag(ρ) + γ²B λ λᵀ below 1) iff
//     γ(B+1)λ_max < 2   and   q(γ) = Σ_j w_j γλ_j / (2 − γ(B+1)λ_j) < 1,
// and then R(∞) = σ²/(1 − q). w_j = 1 for the atoms of an exact problem; for a general Volterra
// measure (kernel_i = w_i λ_i², DiscreteMeasure) w_i = kernel_i/λ_i². q is increasing in γ on
// (0, 2/((B+1)λ_max)), so γ_max is the unique root of q(γ) = 1 there (bisection to full precision),
// or 2/((B+1)λ_max) if q stays below 1 up to that pole (possible only if w vanishes at λ_max).
//
// Default step-size rule: γ = DEFAULT_GAMMA_FRACTION · γ_max of each drawn problem (0.5: half the
// stability limit — fast, far enough from the limit that SGD fluctuations stay moderate). The
// resolved γ, the fraction and γ_max are recorded with every result.
import { ParamError } from '../params/errors';
import { DEFAULT_GAMMA_FRACTION } from '../params/model-params';

export { DEFAULT_GAMMA_FRACTION };

/** q(γ) = Σ w_j γλ_j/(2 − γ(B+1)λ_j) (Infinity past the pole) */
export function stabilityQ(lambda: ArrayLike<number>, batch: number, gamma: number, weights?: ArrayLike<number>): number {
  let q = 0;
  for (let j = 0; j < lambda.length; j++) {
    const l = lambda[j]!;
    if (!(l > 0)) continue;
    const w = weights ? weights[j]! : 1;
    if (w === 0) continue;
    const den = 2 - gamma * (batch + 1) * l;
    if (!(den > 0)) return Infinity;
    q += (w * gamma * l) / den;
  }
  return q;
}

/** the exact stability limit γ_max(λ, B) (see header); throws if no eigenvalue is positive */
export function gammaMax(lambda: ArrayLike<number>, batch: number, weights?: ArrayLike<number>): number {
  if (!(Number.isInteger(batch) && batch >= 1)) throw new ParamError('batch', `must be an integer ≥ 1, got ${batch}`);
  let lmax = 0;
  for (let j = 0; j < lambda.length; j++) {
    const l = lambda[j]!;
    if (l > lmax) lmax = l;
  }
  if (!(lmax > 0) || !Number.isFinite(lmax)) throw new Error('gammaMax: the spectrum has no positive finite eigenvalue');
  const pole = 2 / ((batch + 1) * lmax);
  let lo = 0;
  let hi = pole;
  for (let it = 0; it < 200 && hi - lo > 2.3e-16 * hi; it++) {
    const mid = 0.5 * (lo + hi);
    if (mid <= lo || mid >= hi) break;
    if (stabilityQ(lambda, batch, mid, weights) < 1) lo = mid;
    else hi = mid;
  }
  return lo;
}

export interface ResolvedGamma {
  gamma: number;
  gammaFraction: number;
  gammaMax: number;
}

/**
 * Resolve the step size of one problem: exactly one of gamma / gammaFraction (neither ⇒ the
 * default fraction). Throws ParamError('gamma', …) when γ ≥ γ_max, before any SGD step.
 */
export function resolveGamma(
  opts: { gamma?: number | undefined; gammaFraction?: number | undefined },
  lambda: ArrayLike<number>,
  batch: number,
  weights?: ArrayLike<number>,
  where = '',
): ResolvedGamma {
  if (opts.gamma !== undefined && opts.gammaFraction !== undefined) throw new ParamError('gamma', 'give either gamma or gammaFraction, not both');
  const gmax = gammaMax(lambda, batch, weights);
  if (opts.gamma !== undefined) {
    const g = opts.gamma;
    if (!(g > 0 && g < gmax)) throw new ParamError('gamma', `must be in (0, gamma_max) with gamma_max = ${gmax.toPrecision(6)} for batch ${batch}${where}, got ${g}`);
    return { gamma: g, gammaFraction: g / gmax, gammaMax: gmax };
  }
  const f = opts.gammaFraction ?? DEFAULT_GAMMA_FRACTION;
  if (!(f > 0 && f < 1)) throw new ParamError('gammaFraction', `must be in (0, 1), got ${f}`);
  return { gamma: f * gmax, gammaFraction: f, gammaMax: gmax };
}
