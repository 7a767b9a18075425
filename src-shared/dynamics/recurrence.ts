// The reference expected-risk curve: the O(n)-per-step recurrence of DESIGN.md §2 on a general
// Volterra measure (measure.ts):
//   y_i(0) = forcing_i,  y_i(t+1) = ρ_i y_i(t) + γ²B kernel_i R(t),  R(t) = F0 + Σ_i y_i(t),
//   ρ_i = 1 − 2γBλ_i + γ²B(B+1)λ_i².
// For an exact problem (forcing = λ m0, kernel = λ², F0 = σ²) y_i = λ_i m_i and this is the
// expected risk of one-pass SGD with Gaussian data, exactly. Cost O(n · max checkpoint).
import type { DiscreteMeasure } from './measure';

export interface SgdStepOptions {
  gamma: number;
  batch: number;
}

/** rho_i = 1 − 2γBλ_i + γ²B(B+1)λ_i² */
export function rhoOf(lambda: number, gamma: number, batch: number): number {
  return 1 - 2 * gamma * batch * lambda + gamma * gamma * batch * (batch + 1) * lambda * lambda;
}

/** delta_i = 1 − ρ_i = γBλ(2 − γ(B+1)λ), without cancellation */
export function deltaOf(lambda: number, gamma: number, batch: number): number {
  return gamma * batch * lambda * (2 - gamma * (batch + 1) * lambda);
}

function checkCheckpoints(checkpoints: ArrayLike<number>): void {
  for (let k = 0; k < checkpoints.length; k++) {
    const t = checkpoints[k]!;
    if (!Number.isInteger(t) || t < 0 || (k > 0 && t <= checkpoints[k - 1]!)) throw new RangeError('checkpoints must be strictly increasing integers ≥ 0');
  }
}

/** R(t) at the checkpoints (strictly increasing integers ≥ 0) by stepping the recurrence */
export function riskRecurrence(measure: DiscreteMeasure, opts: SgdStepOptions, checkpoints: ArrayLike<number>): Float64Array {
  checkCheckpoints(checkpoints);
  const { gamma, batch } = opts;
  const n = measure.lambda.length;
  const y = Float64Array.from(measure.forcing);
  const rho = new Float64Array(n);
  const c = new Float64Array(n);
  for (let i = 0; i < n; i++) {
    rho[i] = rhoOf(measure.lambda[i]!, gamma, batch);
    c[i] = gamma * gamma * batch * measure.kernel[i]!;
  }
  const out = new Float64Array(checkpoints.length);
  let k = 0;
  const nc = checkpoints.length;
  const last = nc ? checkpoints[nc - 1]! : -1;
  let next = nc ? checkpoints[0]! : -1;
  for (let t = 0; t <= last; t++) {
    let R = measure.F0;
    for (let i = 0; i < n; i++) R += y[i]!;
    if (t === next) {
      out[k++] = R;
      next = k < nc ? checkpoints[k]! : -1;
    }
    if (t === last) break;
    for (let i = 0; i < n; i++) y[i] = rho[i]! * y[i]! + c[i]! * R;
  }
  return out;
}
