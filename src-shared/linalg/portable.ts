// Portable linear-algebra backend (issue 4): TypeScript with WebAssembly SIMD hot loops (wasm.ts;
// plain TypeScript where WebAssembly is unavailable), runs everywhere (workers, renderer, CLI,
// tests). Conventions of backend.ts: row-major Float64Array; symmetric input matrices are read
// from their LOWER triangle (A[i*n + j], j ≤ i), like LAPACK uplo on the
// row-major data; eigenvalues ascending.
//
// eigh:            Householder tridiagonalisation (tridiag.ts) + explicit Qᵀ + implicit QL with
//                  the rotations applied to the rows of Qᵀ (tql.ts). ~4n³/3 + 4n³/3 + ~3n³ flops.
// spectralMeasure: tridiagonalisation, the reflectors applied to the given vectors (Qᵀx), then QL
//                  with the rotations applied to those vectors only: O(n²·m) beyond the 4n³/3 of
//                  the reduction, no eigenvector matrix is formed.
import type { LinalgBackend, SpectralMeasureResult, SymEig } from './backend';
import { gramPortable } from './gram';
import { checkGramArgs, checkSymArgs, checkVectors } from './validate';
import { tridiagonalize, tridiagonalizeInPlace, applyQt, formQt, type Tridiagonal } from './tridiag';
import { tql, tqlRows, ascendingOrder } from './tql';
import { wasmArena, wasmAvailable } from './wasm';

export function eighPortable(A: Float64Array, n: number, kernels: 'auto' | 'ts' = 'auto'): SymEig {
  checkSymArgs(A, n);
  const arena = kernels === 'auto' && n >= 32 ? wasmArena([n * n, n, n, n * n]) : null;
  let M: Float64Array;
  let t: Tridiagonal;
  if (arena) {
    const [a, q, p, Mw] = arena.arrays as [Float64Array, Float64Array, Float64Array, Float64Array];
    const k = arena.exports;
    a.set(A.subarray(0, n * n));
    t = tridiagonalizeInPlace(a, n, q, p, (a, n, ri, rl, q, p, l) => k.fusedPass(a.byteOffset, n, ri, rl, q.byteOffset, p.byteOffset, l));
    M = formQt(t, Mw, (M, n, a, uOff, len, h, rows) => k.reflectRows(M.byteOffset, n, a.byteOffset + 8 * uOff, len, h, rows));
    const d = Float64Array.from(t.d);
    tqlRows(d, t.e, M, (M, n, i, c, s) => k.rotRows(M.byteOffset, n, i, c, s));
    return sortedEig(d, M, n);
  }
  t = tridiagonalize(A, n, 'ts');
  M = formQt(t);
  const d = Float64Array.from(t.d);
  tqlRows(d, t.e, M);
  return sortedEig(d, M, n);
}

function sortedEig(d: Float64Array, M: Float64Array, n: number): SymEig {
  const order = ascendingOrder(d);
  const values = new Float64Array(n);
  const vectors = new Float64Array(n * n);
  for (let j = 0; j < n; j++) {
    const src = order[j]!;
    values[j] = d[src]!;
    const rm = src * n;
    for (let i = 0; i < n; i++) vectors[i * n + j] = M[rm + i]!;
  }
  return { values, vectors };
}

export function spectralMeasurePortable(A: Float64Array, n: number, xs: Float64Array[], kernels: 'auto' | 'ts' = 'auto'): SpectralMeasureResult {
  checkSymArgs(A, n);
  checkVectors(xs, n);
  const m = xs.length;
  const t = tridiagonalize(A, n, kernels);
  const Y = new Float64Array(m * n);
  for (let r = 0; r < m; r++) Y.set(xs[r]!.subarray(0, n), r * n);
  applyQt(t, Y, m);
  const d = Float64Array.from(t.d);
  tql(d, t.e, Y, m);
  const order = ascendingOrder(d);
  const values = new Float64Array(n);
  for (let j = 0; j < n; j++) values[j] = d[order[j]!]!;
  const weights: Float64Array[] = [];
  const projections: Float64Array[] = [];
  for (let r = 0; r < m; r++) {
    const w = new Float64Array(n);
    const pr = new Float64Array(n);
    for (let j = 0; j < n; j++) {
      const y = Y[r * n + order[j]!]!;
      pr[j] = y;
      w[j] = y * y;
    }
    weights.push(w);
    projections.push(pr);
  }
  return { values, weights, projections };
}

export function gramChecked(W: Float64Array, D: Float64Array, v: number, d: number): Float64Array {
  checkGramArgs(W, D, v, d);
  return gramPortable(W, D, v, d);
}

export const portableBackend: LinalgBackend = {
  name: 'portable',
  info: () => ({
    backend: 'portable',
    implementation: 'Householder tridiagonalisation + implicit QL (TypeScript)',
    kernels: wasmAvailable() ? 'WebAssembly SIMD (tridiagonalisation, gram)' : 'TypeScript',
  }),
  gram: gramChecked,
  eigh: (A, n) => eighPortable(A, n),
  spectralMeasure: (A, n, xs) => spectralMeasurePortable(A, n, xs),
};
