// Gram product K = Wᵀ diag(D) W (DESIGN.md §2: K = W̃ᵀ D W̃), pure TypeScript.
// W is v×d row-major, D has length v, K is d×d row-major, symmetric, both triangles filled
// (the upper triangle is computed, the lower one mirrored: K is exactly symmetric).
// Cost v·d² flops. Cache blocking: rows of W are processed in chunks of CHUNK; each chunk is
// transposed into Xᵀ (d×CHUNK) and (DX)ᵀ so that every K entry is a unit-stride dot product,
// computed by a 2×4 register-blocked kernel over TILE-row tiles of Xᵀ kept in L2. The kernel
// runs in WebAssembly SIMD when available (wasm.ts; source src-main/native/linalg-wasm), else in
// the TypeScript loop below (same blocking, same summation order up to the SIMD pairing).
import { wasmArena } from './wasm';

const CHUNK = 256;
const TILE = 64;

export function gramPortable(W: Float64Array, D: Float64Array, v: number, d: number, kernels: 'auto' | 'ts' = 'auto'): Float64Array {
  const dp = (d + 3) & ~3; // padded to a multiple of 4 (zero rows)
  const cb = (Math.min(CHUNK, v) + 1) & ~1; // even, for the SIMD pairs
  const arena = kernels === 'auto' && d >= 16 ? wasmArena([dp * dp, dp * cb, dp * cb]) : null;
  const [acc, X, Y] = arena ? (arena.arrays as [Float64Array, Float64Array, Float64Array]) : [new Float64Array(dp * dp), new Float64Array(dp * cb), new Float64Array(dp * cb)];
  for (let i0 = 0; i0 < v; i0 += cb) {
    const len = Math.min(cb, v - i0);
    // transpose the chunk (zero tail when len < cb)
    if (len < cb) {
      X.fill(0);
      Y.fill(0);
    }
    for (let t = 0; t < len; t++) {
      const rw = (i0 + t) * d;
      const s = D[i0 + t]!;
      for (let a = 0; a < d; a++) {
        const w = W[rw + a]!;
        X[a * cb + t] = w;
        Y[a * cb + t] = s * w;
      }
    }
    if (arena) {
      arena.exports.gramChunk(X.byteOffset, Y.byteOffset, cb, acc.byteOffset, dp, TILE);
      continue;
    }
    for (let b0 = 0; b0 < dp; b0 += TILE) {
      const b1 = Math.min(dp, b0 + TILE);
      for (let a = 0; a < b1; a += 2) {
        const ya0 = a * cb;
        const ya1 = ya0 + cb;
        const bStart = Math.max(b0, a & ~3);
        for (let b = bStart; b < b1; b += 4) {
          const xb0 = b * cb;
          const xb1 = xb0 + cb;
          const xb2 = xb1 + cb;
          const xb3 = xb2 + cb;
          let s00 = 0, s01 = 0, s02 = 0, s03 = 0;
          let s10 = 0, s11 = 0, s12 = 0, s13 = 0;
          for (let t = 0; t < len; t++) {
            const y0 = Y[ya0 + t]!;
            const y1 = Y[ya1 + t]!;
            const x0 = X[xb0 + t]!;
            const x1 = X[xb1 + t]!;
            const x2 = X[xb2 + t]!;
            const x3 = X[xb3 + t]!;
            s00 += y0 * x0;
            s01 += y0 * x1;
            s02 += y0 * x2;
            s03 += y0 * x3;
            s10 += y1 * x0;
            s11 += y1 * x1;
            s12 += y1 * x2;
            s13 += y1 * x3;
          }
          const o0 = a * dp + b;
          const o1 = o0 + dp;
          acc[o0] = acc[o0]! + s00;
          acc[o0 + 1] = acc[o0 + 1]! + s01;
          acc[o0 + 2] = acc[o0 + 2]! + s02;
          acc[o0 + 3] = acc[o0 + 3]! + s03;
          acc[o1] = acc[o1]! + s10;
          acc[o1 + 1] = acc[o1 + 1]! + s11;
          acc[o1 + 2] = acc[o1 + 2]! + s12;
          acc[o1 + 3] = acc[o1 + 3]! + s13;
        }
      }
    }
  }
  const K = new Float64Array(d * d);
  for (let a = 0; a < d; a++) {
    for (let b = a; b < d; b++) {
      const x = acc[a * dp + b]!;
      K[a * d + b] = x;
      K[b * d + a] = x;
    }
  }
  return K;
}
