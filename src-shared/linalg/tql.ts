// Implicit QL iteration with Wilkinson-type shifts for the symmetric tridiagonal eigenproblem
// (EISPACK tql2 as in JAMA; Golub & Van Loan §8.3.3). `tql` applies the Givens rotations to
// the rows of an m×n row-major matrix Z: every row z is a row vector replaced by z·G, so after
// convergence z ← z·S where T = S Λ Sᵀ. With rows y_r = Qᵀx_r (A = Q T Qᵀ) this yields the
// projections (u_jᵀ x_r)_j at O(m) per rotation — no eigenvector matrix is formed.
// `tqlRows` applies the same rotations to the transposed storage M = Zᵀ (rows i, i+1 of M are
// contiguous): with M = Qᵀ, row j of M ends as the eigenvector u_j of A.
//
// Input: d (diagonal, length n), e (e[i] = T[i][i−1], e[0] unused), both overwritten.
// Output: eigenvalues in d, UNSORTED; use `ascendingOrder` to sort.
// Convergence: |e| ≤ ε · max_k(|d_k| + |e_k|) over the processed part (absolute accuracy
// O(ε‖T‖), the standard LAPACK/EISPACK guarantee).
const EPS = 2 ** -52;
const MAX_ITER = 30; // per eigenvalue on average (LAPACK dsteqr's budget 30·n)

function hypot(x: number, y: number): number {
  const ax = Math.abs(x);
  const ay = Math.abs(y);
  const big = ax > ay ? ax : ay;
  if (big === 0) return 0;
  const small = ax > ay ? ay : ax;
  const r = small / big;
  return big * Math.sqrt(1 + r * r);
}

export function tql(d: Float64Array, eIn: Float64Array, Z: Float64Array | null, m: number): void {
  const n = d.length;
  if (n <= 1) return;
  // shift e so that e[i] couples i and i+1
  const e = new Float64Array(n);
  for (let i = 1; i < n; i++) e[i - 1] = eIn[i]!;
  e[n - 1] = 0;
  let f = 0;
  let tst1 = 0;
  let iter = 0;
  for (let l = 0; l < n; l++) {
    const t = Math.abs(d[l]!) + Math.abs(e[l]!);
    if (t > tst1) tst1 = t;
    let mm = l;
    while (mm < n - 1) {
      if (Math.abs(e[mm]!) <= EPS * tst1) break;
      mm++;
    }
    if (mm > l) {
      do {
        if (++iter > MAX_ITER * n) throw new Error('tql: no convergence');
        // shift
        let g = d[l]!;
        let p = (d[l + 1]! - g) / (2 * e[l]!);
        let r = hypot(p, 1);
        if (p < 0) r = -r;
        d[l] = e[l]! / (p + r);
        d[l + 1] = e[l]! * (p + r);
        const dl1 = d[l + 1]!;
        let h = g - d[l]!;
        for (let i = l + 2; i < n; i++) d[i] = d[i]! - h;
        f += h;
        // implicit QL sweep from mm−1 down to l
        p = d[mm]!;
        let c = 1;
        let c2 = c;
        let c3 = c;
        const el1 = e[l + 1]!;
        let s = 0;
        let s2 = 0;
        for (let i = mm - 1; i >= l; i--) {
          c3 = c2;
          c2 = c;
          s2 = s;
          g = c * e[i]!;
          h = c * p;
          r = hypot(p, e[i]!);
          e[i + 1] = s * r;
          s = e[i]! / r;
          c = p / r;
          p = c * d[i]! - s * g;
          d[i + 1] = h + s * (c * g + s * d[i]!);
          if (Z !== null) {
            // rows of Z: (z_i, z_{i+1}) ← (c z_i − s z_{i+1}, s z_i + c z_{i+1})
            for (let k = 0; k < m; k++) {
              const o = k * n + i;
              const zi = Z[o]!;
              const zi1 = Z[o + 1]!;
              Z[o + 1] = s * zi + c * zi1;
              Z[o] = c * zi - s * zi1;
            }
          }
        }
        p = (-s * s2 * c3 * el1 * e[l]!) / dl1;
        e[l] = s * p;
        d[l] = c * p;
      } while (Math.abs(e[l]!) > EPS * tst1);
    }
    d[l] = d[l]! + f;
    e[l] = 0;
  }
}

/** rotations applied to whole rows i, i+1 of a square n×n matrix stored so that row j is
 *  contiguous: used for the full eigenvector matrix (rows of Qᵀ), cache-friendly */
export type RotRows = (M: Float64Array, n: number, i: number, c: number, s: number) => void;

export const rotRowsTs: RotRows = (M, n, i, c, s) => {
  const oi = i * n;
  const oi1 = oi + n;
  for (let k = 0; k < n; k++) {
    const zi = M[oi + k]!;
    const zi1 = M[oi1 + k]!;
    M[oi1 + k] = s * zi + c * zi1;
    M[oi + k] = c * zi - s * zi1;
  }
};

export function tqlRows(d: Float64Array, eIn: Float64Array, M: Float64Array, rot: RotRows = rotRowsTs): void {
  const n = d.length;
  if (n <= 1) return;
  const e = new Float64Array(n);
  for (let i = 1; i < n; i++) e[i - 1] = eIn[i]!;
  e[n - 1] = 0;
  let f = 0;
  let tst1 = 0;
  let iter = 0;
  for (let l = 0; l < n; l++) {
    const t = Math.abs(d[l]!) + Math.abs(e[l]!);
    if (t > tst1) tst1 = t;
    let mm = l;
    while (mm < n - 1) {
      if (Math.abs(e[mm]!) <= EPS * tst1) break;
      mm++;
    }
    if (mm > l) {
      do {
        if (++iter > MAX_ITER * n) throw new Error('tql: no convergence');
        let g = d[l]!;
        let p = (d[l + 1]! - g) / (2 * e[l]!);
        let r = hypot(p, 1);
        if (p < 0) r = -r;
        d[l] = e[l]! / (p + r);
        d[l + 1] = e[l]! * (p + r);
        const dl1 = d[l + 1]!;
        let h = g - d[l]!;
        for (let i = l + 2; i < n; i++) d[i] = d[i]! - h;
        f += h;
        p = d[mm]!;
        let c = 1;
        let c2 = c;
        let c3 = c;
        const el1 = e[l + 1]!;
        let s = 0;
        let s2 = 0;
        for (let i = mm - 1; i >= l; i--) {
          c3 = c2;
          c2 = c;
          s2 = s;
          g = c * e[i]!;
          h = c * p;
          r = hypot(p, e[i]!);
          e[i + 1] = s * r;
          s = e[i]! / r;
          c = p / r;
          p = c * d[i]! - s * g;
          d[i + 1] = h + s * (c * g + s * d[i]!);
          // column form of Z·G on the transposed storage: rows i and i+1 of M
          rot(M, n, i, c, s);
        }
        p = (-s * s2 * c3 * el1 * e[l]!) / dl1;
        e[l] = s * p;
        d[l] = c * p;
      } while (Math.abs(e[l]!) > EPS * tst1);
    }
    d[l] = d[l]! + f;
    e[l] = 0;
  }
}

/** permutation sorting d ascending (stable) */
export function ascendingOrder(d: Float64Array): Uint32Array {
  const idx = Array.from({ length: d.length }, (_, i) => i);
  idx.sort((x, y) => d[x]! - d[y]! || x - y);
  return Uint32Array.from(idx);
}
