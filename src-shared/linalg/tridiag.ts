// Householder reduction of a real symmetric matrix to tridiagonal form, A = Q T Qᵀ
// (EISPACK tred2 ordering: rows are reduced from the bottom, i = n−1 … 1; Golub & Van Loan,
// "Matrix Computations" 4th ed., §8.3.1). TypeScript over Float64Array, hot loop in WebAssembly.
//
// Storage: A is n×n row-major and only its LOWER triangle (A[i*n + j], j ≤ i) is read — the
// rows of the lower triangle are contiguous, which makes every loop below unit-stride.
// Step i builds the reflector H_i = I − u uᵀ/h acting on indices 0..i−1 with
// H_i · A[i, 0..i−1] = (0, …, 0, e[i]); T = H_1 ⋯ H_{n−1} A H_{n−1} ⋯ H_1, so Qᵀ = H_1 ⋯ H_{n−1}.
// The symmetric rank-2 update of step i and the matrix–vector product of step i−1 are fused
// into one pass over the trailing triangle (each element is read and written once per step);
// that pass runs in WebAssembly SIMD when available (wasm.ts), else in TypeScript.
import { wasmArena } from './wasm';

/** below this size the TypeScript loops are used (instantiation overhead, nothing to gain) */
const WASM_MIN_N = 32;

export interface Tridiagonal {
  n: number;
  /** diagonal of T */
  d: Float64Array;
  /** off-diagonal of T: e[i] = T[i][i−1] for i ≥ 1, e[0] = 0 */
  e: Float64Array;
  /** work copy; row i (entries 0..i−1) holds the reflector u of H_i */
  a: Float64Array;
  /** h[i] = uᵀu/2 of H_i; 0 means H_i = I */
  h: Float64Array;
}

/** builds the reflector of row i in place; returns h (0 = no reflection) and sets e[i] */
function house(a: Float64Array, n: number, i: number, e: Float64Array): number {
  const ri = i * n;
  const l = i - 1;
  let scale = 0;
  for (let k = 0; k <= l; k++) {
    const x = Math.abs(a[ri + k]!);
    if (x > scale) scale = x;
  }
  const f = a[ri + l]!;
  if (l === 0 || scale === 0) {
    e[i] = f;
    return 0;
  }
  let s = 0;
  const inv = 1 / scale;
  for (let k = 0; k <= l; k++) {
    const x = a[ri + k]! * inv;
    s += x * x;
  }
  const sigma = scale * Math.sqrt(s);
  const g = f >= 0 ? -sigma : sigma;
  const h = sigma * sigma - f * g; // = σ² + |f|σ ≥ σ², no cancellation
  if (!(h > 0) || !Number.isFinite(h)) {
    e[i] = f;
    return 0;
  }
  e[i] = g;
  a[ri + l] = f - g;
  return h;
}

/**
 * The fused pass of one reduction step over rows j = 0..l−1 of the lower triangle:
 *   a[j][k] −= q_j u_k + u_j q_k          (rank-2 update of step i; u = row ri of a)
 *   p += B'·w                              (product for the next step; w = row rl of a)
 * TypeScript reference implementation; a WebAssembly SIMD version is in
 * src-main/native/linalg-wasm/assembly/kernels.ts (same arguments, byte offsets).
 */
export type FusedPass = (a: Float64Array, n: number, ri: number, rl: number, q: Float64Array, p: Float64Array, l: number) => void;

export const fusedPassTs: FusedPass = (a, n, ri, rl, q, p, l) => {
  let j = 0;
  // two rows at a time: u, q, w, p are loaded once per pair of rows
  for (; j + 1 < l; j += 2) {
    const r0 = j * n;
    const r1 = r0 + n;
    const q0 = q[j]!;
    const q1 = q[j + 1]!;
    const u0 = a[ri + j]!;
    const u1 = a[ri + j + 1]!;
    const w0 = a[rl + j]!;
    const w1 = a[rl + j + 1]!;
    let acc0 = 0;
    let acc1 = 0;
    for (let k = 0; k < j; k++) {
      const uk = a[ri + k]!;
      const qk = q[k]!;
      const wk = a[rl + k]!;
      const x0 = a[r0 + k]! - q0 * uk - u0 * qk;
      const x1 = a[r1 + k]! - q1 * uk - u1 * qk;
      a[r0 + k] = x0;
      a[r1 + k] = x1;
      acc0 += x0 * wk;
      acc1 += x1 * wk;
      p[k] = p[k]! + x0 * w0 + x1 * w1;
    }
    const d0 = a[r0 + j]! - 2 * q0 * u0;
    a[r0 + j] = d0;
    acc0 += d0 * w0;
    const x10 = a[r1 + j]! - q1 * u0 - u1 * q0;
    a[r1 + j] = x10;
    acc1 += x10 * w0;
    const d1 = a[r1 + j + 1]! - 2 * q1 * u1;
    a[r1 + j + 1] = d1;
    acc1 += d1 * w1;
    p[j] = p[j]! + acc0 + x10 * w1;
    p[j + 1] = p[j + 1]! + acc1;
  }
  if (j < l) {
    const rj = j * n;
    const qj = q[j]!;
    const uj = a[ri + j]!;
    const wj = a[rl + j]!;
    let acc = 0;
    for (let k = 0; k < j; k++) {
      const v = a[rj + k]! - qj * a[ri + k]! - uj * q[k]!;
      a[rj + k] = v;
      acc += v * a[rl + k]!;
      p[k] = p[k]! + v * wj;
    }
    const vd = a[rj + j]! - 2 * qj * uj;
    a[rj + j] = vd;
    p[j] = p[j]! + acc + vd * wj;
  }
};

/**
 * Tridiagonalises the symmetric matrix given by the lower triangle of A (row-major n×n).
 * A is not modified. Cost 4n³/3 flops.
 */
export function tridiagonalize(A: Float64Array, n: number, kernels: 'auto' | 'ts' = 'auto'): Tridiagonal {
  const arena = kernels === 'auto' && n >= WASM_MIN_N ? wasmArena([n * n, n, n]) : null;
  if (arena) {
    const [a, q, p] = arena.arrays as [Float64Array, Float64Array, Float64Array];
    a.set(A.subarray(0, n * n));
    const k = arena.exports;
    return tridiagonalizeInPlace(a, n, q, p, (a, n, ri, rl, q, p, l) => k.fusedPass(a.byteOffset, n, ri, rl, q.byteOffset, p.byteOffset, l));
  }
  const a = Float64Array.from(A.subarray(0, n * n));
  return tridiagonalizeInPlace(a, n, new Float64Array(n), new Float64Array(n), fusedPassTs);
}

/**
 * In-place reduction of the work matrix a (lower triangle, row-major n×n, overwritten by the
 * reflectors) with caller-provided work vectors q, p (length ≥ n; may live in WebAssembly memory)
 * and the fused pass to use.
 */
export function tridiagonalizeInPlace(a: Float64Array, n: number, q: Float64Array, p: Float64Array, fused: FusedPass): Tridiagonal {
  const d = new Float64Array(n);
  const e = new Float64Array(n);
  const hh = new Float64Array(n);
  if (n === 1) {
    d[0] = a[0]!;
    return { n, d, e, a, h: hh };
  }
  // first reflector (row n−1) and p = B u / h, through the fused pass with a zero update (q = 0)
  {
    const i = n - 1;
    const ri = i * n;
    const h = house(a, n, i, e);
    hh[i] = h;
    q.fill(0, 0, n);
    p.fill(0, 0, n);
    fused(a, n, ri, ri, q, p, i);
    if (h !== 0) {
      const ih = 1 / h;
      for (let k = 0; k < i; k++) p[k] = p[k]! * ih;
    }
    const t = q;
    q = p;
    p = t;
  }

  for (let i = n - 1; i >= 1; i--) {
    const l = i - 1;
    const ri = i * n;
    const h = hh[i]!;
    // here q holds p = B u / h (or garbage when h = 0); turn it into q = p − (uᵀp / 2h) u
    if (h !== 0) {
      let up = 0;
      for (let k = 0; k <= l; k++) up += a[ri + k]! * q[k]!;
      const K = up / (2 * h);
      for (let k = 0; k <= l; k++) q[k] = q[k]! - K * a[ri + k]!;
    } else {
      q.fill(0, 0, l + 1);
    }
    // update row l (it is the next reflector's source)
    const rl = l * n;
    {
      const ql = q[l]!;
      const ul = a[ri + l]!;
      for (let k = 0; k <= l; k++) a[rl + k] = a[rl + k]! - ql * a[ri + k]! - ul * q[k]!;
    }
    if (l === 0) break;
    const h2 = house(a, n, l, e);
    hh[l] = h2;
    // fused pass over rows 0..l−1: apply the step-i update, accumulate p = B' u' for step l
    p.fill(0, 0, l);
    fused(a, n, ri, rl, q, p, l);
    if (h2 !== 0) {
      const ih = 1 / h2;
      for (let k = 0; k < l; k++) p[k] = p[k]! * ih;
    }
    const t = q;
    q = p;
    p = t;
  }
  for (let i = 0; i < n; i++) d[i] = a[i * n + i]!;
  return { n, d, e, a, h: hh };
}

/** y ← Qᵀ y in place for each row of Y (m rows of length n, row-major): applies H_{n−1} first */
export function applyQt(t: Tridiagonal, Y: Float64Array, m: number): void {
  const { n, a, h } = t;
  for (let i = n - 1; i >= 1; i--) {
    const hi = h[i]!;
    if (hi === 0) continue;
    const ri = i * n;
    const l = i - 1;
    for (let r = 0; r < m; r++) {
      const ry = r * n;
      let s = 0;
      for (let k = 0; k <= l; k++) s += a[ri + k]! * Y[ry + k]!;
      s /= hi;
      for (let k = 0; k <= l; k++) Y[ry + k] = Y[ry + k]! - s * a[ri + k]!;
    }
  }
}

/** M ← M·H with H = I − u uᵀ/h on rows 0..rows−1, columns 0..len−1 (u = a[uOff + 0..len−1]) */
export type ReflectRows = (M: Float64Array, n: number, a: Float64Array, uOff: number, len: number, h: number, rows: number) => void;

export const reflectRowsTs: ReflectRows = (M, n, a, uOff, len, h, rows) => {
  for (let r = 0; r < rows; r++) {
    const rm = r * n;
    let s = 0;
    for (let k = 0; k < len; k++) s += M[rm + k]! * a[uOff + k]!;
    if (s === 0) continue;
    s /= h;
    for (let k = 0; k < len; k++) M[rm + k] = M[rm + k]! - s * a[uOff + k]!;
  }
};

/** forms M = Qᵀ = H_1 ⋯ H_{n−1} explicitly (n×n row-major; row r of M is column r of Q) */
export function formQt(t: Tridiagonal, M: Float64Array = new Float64Array(t.n * t.n), reflect: ReflectRows = reflectRowsTs): Float64Array {
  const { n, a, h } = t;
  M.fill(0, 0, n * n);
  for (let r = 0; r < n; r++) M[r * n + r] = 1;
  // M ← M H_i for i = 1 … n−1; M = H_1 ⋯ H_{i−1} differs from I only in its leading (i−1)² block,
  // so only rows 0..i−1 and columns 0..i−1 change
  for (let i = 1; i < n; i++) {
    const hi = h[i]!;
    if (hi === 0) continue;
    reflect(M, n, a, i * n, i, hi, i);
  }
  return M;
}
