// Independent reference tools for the linear-algebra tests: a seeded Gaussian generator, naive
// O(n³) products, a random orthogonal matrix from modified Gram–Schmidt (applied twice) — none
// of them share code with the backends under test.
import type { LinalgBackend } from '../../../src-shared/linalg/backend';
import { portableBackend } from '../../../src-shared/linalg/portable';
import { loadNativeBackend } from '../../../src-main/linalg/select';

export const EPS = 2 ** -52;

export function gaussian(seed: number): () => number {
  let s = seed >>> 0;
  const u = (): number => {
    // mulberry32
    s = (s + 0x6d2b79f5) >>> 0;
    let t = s;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return (((t ^ (t >>> 14)) >>> 0) + 0.5) / 4294967296;
  };
  return () => Math.sqrt(-2 * Math.log(u())) * Math.cos(2 * Math.PI * u());
}

/** random symmetric matrix with N(0,1) entries (row-major, both triangles) */
export function randomSymmetric(n: number, seed: number): Float64Array {
  const g = gaussian(seed);
  const A = new Float64Array(n * n);
  for (let i = 0; i < n; i++)
    for (let j = 0; j <= i; j++) {
      const x = g();
      A[i * n + j] = x;
      A[j * n + i] = x;
    }
  return A;
}

/** random orthogonal n×n (columns orthonormal), modified Gram–Schmidt twice on a Gaussian matrix */
export function randomOrthogonal(n: number, seed: number): Float64Array {
  const g = gaussian(seed);
  const cols: Float64Array[] = [];
  for (let j = 0; j < n; j++) {
    const c = new Float64Array(n);
    for (let i = 0; i < n; i++) c[i] = g();
    for (let pass = 0; pass < 2; pass++) {
      for (const q of cols) {
        let s = 0;
        for (let i = 0; i < n; i++) s += q[i]! * c[i]!;
        for (let i = 0; i < n; i++) c[i] = c[i]! - s * q[i]!;
      }
    }
    let nrm = 0;
    for (let i = 0; i < n; i++) nrm += c[i]! * c[i]!;
    nrm = Math.sqrt(nrm);
    for (let i = 0; i < n; i++) c[i] = c[i]! / nrm;
    cols.push(c);
  }
  const Q = new Float64Array(n * n);
  for (let j = 0; j < n; j++) for (let i = 0; i < n; i++) Q[i * n + j] = cols[j]![i]!;
  return Q;
}

/** A = Q diag(lambda) Qᵀ, exactly symmetric */
export function withSpectrum(Q: Float64Array, lambda: Float64Array): Float64Array {
  const n = lambda.length;
  const A = new Float64Array(n * n);
  for (let i = 0; i < n; i++)
    for (let j = 0; j <= i; j++) {
      let s = 0;
      for (let k = 0; k < n; k++) s += Q[i * n + k]! * lambda[k]! * Q[j * n + k]!;
      A[i * n + j] = s;
      A[j * n + i] = s;
    }
  return A;
}

export function frobenius(A: Float64Array): number {
  let s = 0;
  for (let i = 0; i < A.length; i++) s += A[i]! * A[i]!;
  return Math.sqrt(s);
}

/** ‖AU − UΛ‖_F and ‖UᵀU − I‖_F */
export function eigResiduals(A: Float64Array, n: number, values: Float64Array, U: Float64Array): { res: number; orth: number } {
  let res = 0;
  let orth = 0;
  for (let i = 0; i < n; i++)
    for (let j = 0; j < n; j++) {
      let s = 0;
      let o = 0;
      for (let k = 0; k < n; k++) {
        s += A[i * n + k]! * U[k * n + j]!;
        o += U[k * n + i]! * U[k * n + j]!;
      }
      const r = s - U[i * n + j]! * values[j]!;
      res += r * r;
      const t = o - (i === j ? 1 : 0);
      orth += t * t;
    }
  return { res: Math.sqrt(res), orth: Math.sqrt(orth) };
}

/** naive triple loop K_ab = Σ_i D_i W_ia W_ib and the entrywise bound Σ_i |D_i W_ia W_ib| */
export function naiveGram(W: Float64Array, D: Float64Array, v: number, d: number): { K: Float64Array; absK: Float64Array } {
  const K = new Float64Array(d * d);
  const absK = new Float64Array(d * d);
  for (let a = 0; a < d; a++)
    for (let b = 0; b < d; b++) {
      let s = 0;
      let t = 0;
      for (let i = 0; i < v; i++) {
        const x = D[i]! * W[i * d + a]! * W[i * d + b]!;
        s += x;
        t += Math.abs(x);
      }
      K[a * d + b] = s;
      absK[a * d + b] = t;
    }
  return { K, absK };
}

/** PLRF features: W iid N(0, 1/d) (v×d), D_j = j^{-2α} */
export function plrfProblem(v: number, d: number, alpha: number, seed: number): { W: Float64Array; D: Float64Array } {
  const g = gaussian(seed);
  const W = new Float64Array(v * d);
  const sd = 1 / Math.sqrt(d);
  for (let i = 0; i < W.length; i++) W[i] = g() * sd;
  const D = new Float64Array(v);
  for (let j = 0; j < v; j++) D[j] = (j + 1) ** (-2 * alpha);
  return { W, D };
}

export interface BackendCase {
  name: string;
  backend: LinalgBackend | null;
  reason?: string;
}

/** every backend to run the shared suite against; native is null (with the reason) when absent */
export function backendsUnderTest(): BackendCase[] {
  const native = loadNativeBackend();
  return [
    { name: 'portable', backend: portableBackend },
    native.backend ? { name: 'native', backend: native.backend } : { name: 'native', backend: null, reason: native.error ?? 'unavailable' },
  ];
}
