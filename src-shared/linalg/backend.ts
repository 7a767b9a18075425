// Linear-algebra backend interface (issue 4). Everything the engine needs from dense
// linear algebra goes through this: the Gram product K = Wᵀ diag(D) W and the symmetric
// eigenproblem. Two implementations: `native` (Node-API addon over LAPACK/BLAS, loaded by
// src-main) and `portable` (TypeScript/WebAssembly, works everywhere, in src-shared).
//
// Storage conventions: dense matrices are Float64Array in row-major order;
// W is v×d (W[i*d + k]); symmetric matrices are stored full (both triangles).
export interface SymEig {
  /** eigenvalues in ascending order */
  values: Float64Array;
  /** n×n row-major; column j (vectors[i*n + j], i = 0..n-1) is the unit eigenvector of values[j] */
  vectors: Float64Array;
}

export interface SpectralMeasureResult {
  /** eigenvalues in ascending order */
  values: Float64Array;
  /** weights[k][j] = (u_jᵀ xs[k])², same order as values */
  weights: Float64Array[];
  /**
   * projections[k][j] = u_jᵀ xs[k] (signed; the sign of each eigenvector u_j is arbitrary but
   * shared by all k, so products projections[k][j]·projections[l][j] are well defined)
   */
  projections?: Float64Array[];
}

export interface LinalgBackend {
  readonly name: 'native' | 'portable';
  /** human-readable details for `plrf doctor` (library, threads, SIMD, …) */
  info(): Record<string, string | number | boolean>;
  /** K = Wᵀ diag(D) W, d×d symmetric full, row-major. W is v×d row-major. */
  gram(W: Float64Array, D: Float64Array, v: number, d: number): Float64Array;
  /** full symmetric eigen-decomposition of the n×n matrix A (A is not modified) */
  eigh(A: Float64Array, n: number): SymEig;
  /**
   * eigenvalues of the symmetric n×n A plus the squared projections of each vector in xs on
   * the eigenvectors — the spectral measure, which is all the engine needs; may be much
   * cheaper than eigh (no eigenvector matrix is formed).
   */
  spectralMeasure(A: Float64Array, n: number, xs: Float64Array[]): SpectralMeasureResult;
}
