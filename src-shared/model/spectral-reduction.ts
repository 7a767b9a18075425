// Reduce one drawn problem to its spectral data (DESIGN.md §2): K = W̃ᵀDW̃ = U diag(λ) Uᵀ,
// g = W̃ᵀDb = W̃ᵀD^{1/2}a, θ* = K⁺g (minimum-norm minimiser of R), and
//   λ ascending,   m0_j = (u_jᵀθ*)² = (u_jᵀg)²/λ_j²,   σ² = R(θ*) = ‖a‖² − Σ_j (u_jᵀg)²/λ_j.
// Only the spectral measure of g is needed (backend.spectralMeasure: no eigenvector matrix).
// Zero eigenvalues: λ_j ≤ ZERO_TOL·d·λ_max (below the backward error of a dense symmetric
// eigensolver, ~ε·‖K‖) are set to 0 with m0_j = 0 and left out of σ² (θ* has no component
// there; g has none up to rounding). Valid for any W̃, in particular the spiked one.
// σ² is formed by subtraction: its absolute error is ~ε·d·‖a‖².
import type { LinalgBackend } from '../linalg/backend';
import type { SpectralProblem } from '../dynamics/measure';
import type { Problem } from './problem';

export const ZERO_TOL = 2.220446049250313e-16 * 4;

export function reduceProblem(problem: Problem, backend: LinalgBackend): SpectralProblem {
  const { v, d, D, a, W } = problem;
  const K = backend.gram(W, D, v, d);
  // g = W̃ᵀ (D^{1/2} a)
  const g = new Float64Array(d);
  for (let i = 0; i < v; i++) {
    const s = Math.sqrt(D[i]!) * a[i]!;
    if (s === 0) continue;
    const row = i * d;
    for (let k = 0; k < d; k++) g[k] = g[k]! + W[row + k]! * s;
  }
  let a2 = 0;
  for (let i = 0; i < v; i++) a2 += a[i]! * a[i]!;
  return spectralFromGram(K, g, a2, d, backend);
}

/** the spectral problem from K = W̃ᵀDW̃, g = W̃ᵀDb and ‖a‖² (the second half of reduceProblem;
 * the study engine calls it directly when it updates K and g for several τ of one draw) */
export function spectralFromGram(K: Float64Array, g: Float64Array, a2: number, d: number, backend: LinalgBackend): SpectralProblem {
  const sm = backend.spectralMeasure(K, d, [g]);
  const values = sm.values;
  const wts = sm.weights[0]!;
  let lmax = 0;
  for (let j = 0; j < d; j++) lmax = Math.max(lmax, values[j]!);
  const tol = ZERO_TOL * d * lmax;
  const lambda = new Float64Array(d);
  const m0 = new Float64Array(d);
  let explained = 0;
  for (let j = 0; j < d; j++) {
    const l = values[j]!;
    if (l > tol) {
      lambda[j] = l;
      m0[j] = wts[j]! / (l * l);
      explained += wts[j]! / l;
    }
  }
  return { lambda, m0, sigma2: Math.max(0, a2 - explained) };
}
