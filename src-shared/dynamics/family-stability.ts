// Stability of the optimizer family up front (issue 17, point 4): the analogue of γ_max for each member.
//
// For time-constant coefficients the expected-risk system of family-moments.ts is
// X(t+1) = (blockdiag(A_j) + f hᵀ) X(t) + f σ². It is stable when every 3×3 block has spectral radius
// < 1 and the rank-one coupling q = Σ_j [(I − A_j)^{-1} f_j]_P < 1 (then R(∞) = σ²/(1 − q)): the same
// two conditions as SGD's γ(B+1)λ_max < 2 and q(γ) < 1 (dynamics/stability.ts), to which they reduce for
// g3 = 0. For momentum the crossing could in principle happen at a complex z on the unit circle; the
// tests check the limit found here against the step recurrence (diverges just above, converges below).
// Schedules: the frozen-coefficient conditions are checked at t = 0 and on a log grid of 48 steps up
// to rmax (frozen stability is a heuristic for slowly varying coefficients — the engine also stops a
// curve whose risk blows up, naming the step).
//
// momentumGammaMax: the largest γ with the heavy-ball(γ, μ) system stable (bisection; both conditions
// are monotone in γ for fixed μ in the cases tested). The default momentum step is
// gammaFraction·γ_max(μ), like SGD's default.
import type { DiscreteMeasure } from './measure';
import { familyStability } from './family-moments';
import { ParamError } from '../params/errors';
import { coefsAt, type FamilyCoefs, type ResolvedOptimizer } from '../params/optimizer-params';

type Spectrum = Pick<DiscreteMeasure, 'lambda' | 'kernel'>;

/**
 * radius < 1 up to the rounding of the cubic's roots (1e-12: slow modes of a long run, e.g. Δ_t → 0 with
 * λ ≈ d^{-2α}, sit within 1e-7 of 1; a mode that close to marginal cannot grow visibly before r = 1e12)
 */
export function isStable(s: { radius: number; q: number }): boolean {
  return s.radius < 1 + 1e-12 && s.q >= 0 && s.q < 1;
}

const hb = (gamma: number, mu: number): FamilyCoefs => ({ g1: 1, g2: 0, g3: gamma, delta: 1 - mu });

/** largest stable heavy-ball step γ for momentum μ (bisection to ~1e-12 relative) */
export function momentumGammaMax(m: Spectrum, batch: number, mu: number): number {
  let lmax = 0;
  for (let i = 0; i < m.lambda.length; i++) if (m.lambda[i]! > lmax) lmax = m.lambda[i]!;
  if (!(lmax > 0)) throw new Error('momentumGammaMax: the spectrum has no positive eigenvalue');
  let hi = (2 * (1 + mu)) / ((batch + 1) * lmax);
  while (isStable(familyStability(m, batch, hb(hi, mu)))) hi *= 2;
  let lo = 0;
  for (let it = 0; it < 200 && hi - lo > 1e-13 * hi; it++) {
    const mid = 0.5 * (lo + hi);
    if (isStable(familyStability(m, batch, hb(mid, mu)))) lo = mid;
    else hi = mid;
  }
  return lo;
}

/** times at which a schedule's frozen coefficients are checked */
export function stabilityTimes(rmax: number): number[] {
  const out = [0];
  const n = 48;
  for (let i = 1; i <= n; i++) {
    const t = Math.round(Math.exp((Math.log(Math.max(rmax, 1)) * i) / n));
    if (t > out[out.length - 1]!) out.push(t);
  }
  return out;
}

/**
 * Throw a ParamError naming the responsible parameter when the optimizer is unstable at some checked
 * time. `where` is appended to the message (e.g. " (draw 2)").
 */
export function checkFamilyStable(m: Spectrum, batch: number, o: ResolvedOptimizer, rmax: number, where = ''): void {
  const times = o.constant ? [0] : stabilityTimes(rmax);
  for (const t of times) {
    const c = coefsAt(o, t);
    if (c.g2 === 0 && c.g3 === 0) continue; // no step at all (e.g. the end of a decay to 0): nothing moves
    const s = familyStability(m, batch, c);
    if (isStable(s)) continue;
    let param: string;
    if (o.optimizer === 'sgd') param = 'gamma';
    else if (o.optimizer === 'momentum') param = 'gamma';
    else {
      // is the gradient step alone stable? then the momentum step g3 is to blame
      const alone = familyStability(m, batch, { ...c, g3: 0 });
      param = isStable(alone) ? (c.delta < 0 || c.delta > 2 ? 'delta' : 'g3') : 'g2';
    }
    const at = times.length > 1 ? ` at step ${t}` : '';
    const vals = `g1=${c.g1.toPrecision(4)}, g2=${c.g2.toPrecision(4)}, g3=${c.g3.toPrecision(4)}, delta=${c.delta.toPrecision(4)}`;
    throw new ParamError(
      param,
      `the ${o.optimizer} hyperparameters are unstable${at}${where} (${vals}: 3×3 block spectral radius ${s.radius.toPrecision(6)} must be < 1 and rank-one coupling q = ${s.q.toPrecision(6)} must be in [0, 1)); lower ${param}`,
    );
  }
}
