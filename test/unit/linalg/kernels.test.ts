// The portable backend's building blocks, each kernel variant (TypeScript loops and WebAssembly
// SIMD) checked on its own against independent references:
//  * tridiagonalisation: Q orthogonal and QᵀAQ = T (tridiagonal) to C·n·ε·‖A‖, with Q formed
//    explicitly and the products done naively;
//  * Qᵀx through the stored reflectors equals the explicit Qᵀ times x;
//  * QL on a tridiagonal matrix with known eigenvalues (the (−1, 2, −1) matrix:
//    λ_k = 2 − 2cos(kπ/(n+1)));
//  * gram vs the naive triple loop, both kernels.
import { createHash } from 'node:crypto';
import { readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import { WASM_KERNELS_SOURCE_SHA256 } from '../../../src-shared/linalg/wasm-kernels.generated';
import { tridiagonalize, applyQt, formQt } from '../../../src-shared/linalg/tridiag';
import { tql, ascendingOrder } from '../../../src-shared/linalg/tql';
import { gramPortable } from '../../../src-shared/linalg/gram';
import { wasmAvailable } from '../../../src-shared/linalg/wasm';
import { eighPortable, spectralMeasurePortable } from '../../../src-shared/linalg/portable';
import { EPS, eigResiduals, frobenius, naiveGram, plrfProblem, randomSymmetric, withSpectrum, randomOrthogonal } from './helpers';

const C = 4;
const kernels = (['ts', 'auto'] as const).map((k) => ({ k, label: k === 'ts' ? 'TypeScript' : wasmAvailable() ? 'WebAssembly SIMD' : 'auto (no WebAssembly: TypeScript)' }));

describe('WebAssembly SIMD kernels', () => {
  it('are available under Node 20 (else the portable backend silently uses TypeScript)', () => {
    expect(wasmAvailable()).toBe(true);
  });

  it('the committed module was built from the current AssemblyScript source', () => {
    const src = readFileSync(fileURLToPath(new URL('../../../src-main/native/linalg-wasm/assembly/kernels.ts', import.meta.url)));
    const sha = createHash('sha256').update(src).digest('hex').slice(0, 16);
    // if this fails: node src-main/native/linalg-wasm/build.mjs
    expect(WASM_KERNELS_SOURCE_SHA256).toBe(sha);
  });
});

for (const { k, label } of kernels) {
  describe(`tridiagonalisation — ${label}`, () => {
    it.each([
      ['random', 97],
      ['random', 64],
      ['12 decades', 80],
    ])('%s n=%i: QᵀAQ = T, QᵀQ = I, Qᵀx via reflectors', (kind, n) => {
      const A =
        kind === 'random'
          ? randomSymmetric(n, n)
          : withSpectrum(
              randomOrthogonal(n, 5),
              Float64Array.from({ length: n }, (_, j) => 10 ** (-12 * (j / (n - 1)))),
            );
      const t = tridiagonalize(A, n, k);
      const Qt = formQt(t); // row r of Qt = column r of Q
      // T = QᵀAQ, naive
      const AQ = new Float64Array(n * n);
      for (let i = 0; i < n; i++)
        for (let j = 0; j < n; j++) {
          let s = 0;
          for (let m = 0; m < n; m++) s += A[i * n + m]! * Qt[j * n + m]!;
          AQ[i * n + j] = s;
        }
      let err = 0;
      let orth = 0;
      for (let i = 0; i < n; i++)
        for (let j = 0; j < n; j++) {
          let s = 0;
          let o = 0;
          for (let m = 0; m < n; m++) {
            s += Qt[i * n + m]! * AQ[m * n + j]!;
            o += Qt[i * n + m]! * Qt[j * n + m]!;
          }
          const tij = i === j ? t.d[i]! : i === j + 1 ? t.e[i]! : j === i + 1 ? t.e[j]! : 0;
          err += (s - tij) ** 2;
          orth += (o - (i === j ? 1 : 0)) ** 2;
        }
      const nA = frobenius(A);
      expect(Math.sqrt(err) / nA).toBeLessThan(C * n * EPS);
      expect(Math.sqrt(orth)).toBeLessThan(C * n * EPS);
      // Qᵀx through the reflectors
      const x = Float64Array.from({ length: n }, (_, i) => Math.sin(i + 1));
      const y = Float64Array.from(x);
      applyQt(t, y, 1);
      for (let i = 0; i < n; i++) {
        let s = 0;
        for (let m = 0; m < n; m++) s += Qt[i * n + m]! * x[m]!;
        expect(Math.abs(y[i]! - s)).toBeLessThan(C * n * EPS * frobenius(x));
      }
    });
  });

  describe(`eigh and spectralMeasure — ${label}`, () => {
    it('n=70 (odd row stride 71 also): residual, orthogonality, measure vs eigh', () => {
      for (const n of [70, 71]) {
        const A = randomSymmetric(n, 300 + n);
        const { values, vectors } = eighPortable(A, n, k);
        const { res, orth } = eigResiduals(A, n, values, vectors);
        expect(res / frobenius(A)).toBeLessThan(C * n * EPS);
        expect(orth).toBeLessThan(C * n * EPS);
        const x = Float64Array.from({ length: n }, (_, i) => Math.cos(3 * i));
        const sm = spectralMeasurePortable(A, n, [x], k);
        for (let j = 0; j < n; j++) expect(Math.abs(sm.values[j]! - values[j]!)).toBeLessThan(C * n * EPS * frobenius(A));
        const m0 = sm.weights[0]!.reduce((a, b) => a + b, 0);
        expect(Math.abs(m0 - x.reduce((a, b) => a + b * b, 0))).toBeLessThan(C * n * EPS * n);
      }
    });
  });

  describe(`gram — ${label}`, () => {
    it.each([
      [257, 33],
      [600, 70],
    ])('v=%i d=%i vs naive', (v, d) => {
      const { W, D } = plrfProblem(v, d, 0.7, v + d);
      const K = gramPortable(W, D, v, d, k);
      const { K: ref, absK } = naiveGram(W, D, v, d);
      for (let i = 0; i < d * d; i++) expect(Math.abs(K[i]! - ref[i]!)).toBeLessThanOrEqual(2 * v * EPS * absK[i]!);
    });
  });
}

describe('implicit QL (tql)', () => {
  it('second-difference matrix: λ_k = 2 − 2cos(kπ/(n+1)), vectors rotated consistently', () => {
    const n = 300;
    const d = new Float64Array(n).fill(2);
    const e = new Float64Array(n).fill(-1);
    e[0] = 0;
    // rows: e_0 and e_{n-1}; the first/last components of the normalised eigenvectors are
    // known: u_k(0)² = (2/(n+1)) sin²(kπ/(n+1))
    const Z = new Float64Array(2 * n);
    Z[0] = 1;
    Z[n + n - 1] = 1;
    tql(d, e, Z, 2);
    const order = ascendingOrder(d);
    for (let j = 0; j < n; j++) {
      const k = j + 1;
      const lam = 2 - 2 * Math.cos((k * Math.PI) / (n + 1));
      expect(Math.abs(d[order[j]!]! - lam)).toBeLessThan(C * n * EPS * 4);
      const w = (2 / (n + 1)) * Math.sin((k * Math.PI) / (n + 1)) ** 2;
      // eigenvalues are separated by ≥ π²/(n+1)² ≈ 1e-4: weight error ≤ C n ε ‖T‖ / gap
      const tol = (C * n * EPS * 4) / ((Math.PI / (n + 1)) ** 2 * 0.9);
      expect(Math.abs(Z[order[j]!]! ** 2 - w)).toBeLessThan(tol);
      expect(Math.abs(Z[n + order[j]!]! ** 2 - w)).toBeLessThan(tol);
    }
  });
});
