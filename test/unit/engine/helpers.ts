// Test helpers for the engine: independent reference computations written here, not in src.
import type { DiscreteMeasure, SpectralProblem } from '../../../src-shared/dynamics/measure';

/** deterministic Park–Miller uniforms (independent of the engine's RNG) */
export function lcg(seed: number): () => number {
  let s = seed % 2147483647 || 1;
  return () => {
    s = (s * 16807) % 2147483647;
    return s / 2147483647;
  };
}

/** a synthetic exact-problem measure: n eigenvalues log-spaced over `decades`, random m0 */
export function syntheticProblem(n: number, decades: number, seed = 1, sigma2 = 0.01): SpectralProblem {
  const u = lcg(seed);
  const lambda = new Float64Array(n);
  const m0 = new Float64Array(n);
  for (let i = 0; i < n; i++) lambda[i] = Math.pow(10, -decades * (1 - i / (n - 1)));
  for (let i = 0; i < n; i++) m0[i] = u() * Math.pow(n - i, -0.5);
  return { lambda, m0, sigma2 };
}

/** a general Volterra measure (kernel not λ²), as produced by deterministic equivalents */
export function syntheticMeasure(n: number, decades: number, seed = 2): DiscreteMeasure {
  const u = lcg(seed);
  const lambda = new Float64Array(n), forcing = new Float64Array(n), kernel = new Float64Array(n);
  for (let i = 0; i < n; i++) {
    lambda[i] = Math.pow(10, -decades * (1 - (i + 0.3 * u()) / n));
    forcing[i] = u() * lambda[i]! ** 0.7 / n;
    kernel[i] = (0.5 + u()) * lambda[i]! ** 2 * (20 / n);
  }
  return { lambda, forcing, kernel, F0: 0.02 };
}

/** min ‖A x − y‖² for A m×n (row-major, m ≥ n) by Householder QR (Golub & Van Loan 5.3) */
export function leastSquaresResidual(Ain: Float64Array, yin: Float64Array, m: number, n: number): number {
  const A = Float64Array.from(Ain);
  const y = Float64Array.from(yin);
  for (let k = 0; k < n; k++) {
    let norm = 0;
    for (let i = k; i < m; i++) norm += A[i * n + k]! ** 2;
    norm = Math.sqrt(norm);
    if (norm === 0) continue;
    const alpha = A[k * n + k]! > 0 ? -norm : norm;
    const v = new Float64Array(m - k);
    for (let i = k; i < m; i++) v[i - k] = A[i * n + k]!;
    v[0] = v[0]! - alpha;
    let vv = 0;
    for (const x of v) vv += x * x;
    if (vv === 0) continue;
    for (let j = k; j < n; j++) {
      let s = 0;
      for (let i = k; i < m; i++) s += v[i - k]! * A[i * n + j]!;
      const f = (2 * s) / vv;
      for (let i = k; i < m; i++) A[i * n + j] = A[i * n + j]! - f * v[i - k]!;
    }
    let s = 0;
    for (let i = k; i < m; i++) s += v[i - k]! * y[i]!;
    const f = (2 * s) / vv;
    for (let i = k; i < m; i++) y[i] = y[i]! - f * v[i - k]!;
  }
  let r = 0;
  for (let i = n; i < m; i++) r += y[i]! ** 2;
  return r;
}

/** standard normal CDF via a Taylor/continued-fraction-free erfc (Numerical Recipes erfcc, |err| < 1.2e-7) */
export function normalCdf(x: number): number {
  const z = Math.abs(x) / Math.SQRT2;
  const t = 1 / (1 + 0.5 * z);
  const r =
    t *
    Math.exp(
      -z * z - 1.26551223 + t * (1.00002368 + t * (0.37409196 + t * (0.09678418 + t * (-0.18628806 + t * (0.27886807 + t * (-1.13520398 + t * (1.48851587 + t * (-0.82215223 + t * 0.17087277)))))))),
    );
  return x >= 0 ? 1 - r / 2 : r / 2;
}

export function maxRelErr(a: ArrayLike<number>, b: ArrayLike<number>): number {
  let e = 0;
  for (let k = 0; k < a.length; k++) e = Math.max(e, Math.abs(a[k]! - b[k]!) / Math.abs(b[k]!));
  return e;
}
