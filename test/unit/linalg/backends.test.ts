// The same suite for every linear-algebra backend (portable always; native when the addon is
// built — otherwise the native block is skipped with the reason in its title).
// References are independent: naive products, matrices built from a known spectrum with an
// orthogonal matrix from Gram–Schmidt, moments xᵀAᵏx by plain mat-vecs.
// Tolerances: backward-stable symmetric eigensolvers give ‖AU − UΛ‖ ≤ p(n)·ε·‖A‖,
// ‖UᵀU − I‖ ≤ p(n)·ε and |λ̂ − λ| ≤ p(n)·ε·‖A‖₂ (Weyl); we allow p(n) = C·n with C = 4.
// Eigenvector-dependent quantities (individual weights) carry the extra 1/gap factor
// (Davis–Kahan); the dot products of gram obey |ΔK_ab| ≤ v·ε·Σ_i|D_i W_ia W_ib|.
import { describe, expect, it } from 'vitest';
import { isParamError } from '../../../src-shared/params/errors';
import {
  EPS,
  backendsUnderTest,
  eigResiduals,
  frobenius,
  gaussian,
  naiveGram,
  plrfProblem,
  randomOrthogonal,
  randomSymmetric,
  withSpectrum,
} from './helpers';

const C = 4;
const cases = backendsUnderTest();

function logSpaced(n: number, hi: number, lo: number): Float64Array {
  const l = new Float64Array(n);
  for (let j = 0; j < n; j++) l[j] = hi * (lo / hi) ** (n === 1 ? 0 : j / (n - 1));
  return l.sort();
}

function matvec(A: Float64Array, n: number, x: Float64Array): Float64Array {
  const y = new Float64Array(n);
  for (let i = 0; i < n; i++) {
    let s = 0;
    for (let k = 0; k < n; k++) s += A[i * n + k]! * x[k]!;
    y[i] = s;
  }
  return y;
}

function dot(x: Float64Array, y: Float64Array): number {
  let s = 0;
  for (let i = 0; i < x.length; i++) s += x[i]! * y[i]!;
  return s;
}

function spectralNorm2Bound(A: Float64Array): number {
  return frobenius(A); // ‖A‖₂ ≤ ‖A‖_F
}

function expectAscending(values: Float64Array): void {
  for (let j = 1; j < values.length; j++) expect(values[j]!).toBeGreaterThanOrEqual(values[j - 1]!);
}

for (const c of cases) {
  const title = c.backend ? `${c.name} backend` : `${c.name} backend — SKIPPED: ${c.reason}`;
  const suite = c.backend ? describe : describe.skip;
  suite(title, () => {
    const B = () => c.backend!;

    describe('eigh', () => {
      it.each([1, 2, 3, 10, 101, 200])('random symmetric n=%i: residual and orthogonality', (n) => {
        const A = randomSymmetric(n, 1000 + n);
        const copy = Float64Array.from(A);
        const { values, vectors } = B().eigh(A, n);
        expect(A).toEqual(copy); // input untouched
        expect(values.length).toBe(n);
        expect(vectors.length).toBe(n * n);
        expectAscending(values);
        const { res, orth } = eigResiduals(A, n, values, vectors);
        const nA = frobenius(A);
        expect(res / nA).toBeLessThan(C * n * EPS);
        expect(orth).toBeLessThan(C * n * EPS);
        // trace is the sum of eigenvalues
        let tr = 0;
        for (let i = 0; i < n; i++) tr += A[i * n + i]!;
        expect(Math.abs(values.reduce((s, x) => s + x, 0) - tr)).toBeLessThan(C * n * EPS * nA);
      });

      it('known spectrum spanning 12 decades (1 … 1e-12), n=150', () => {
        const n = 150;
        const lambda = logSpaced(n, 1, 1e-12);
        const A = withSpectrum(randomOrthogonal(n, 7), lambda);
        const { values, vectors } = B().eigh(A, n);
        const { res, orth } = eigResiduals(A, n, values, vectors);
        // A itself is exact only to ~n·ε (construction rounding), still within C·n·ε·‖A‖₂
        for (let j = 0; j < n; j++) expect(Math.abs(values[j]! - lambda[j]!)).toBeLessThan(C * n * EPS);
        expect(res).toBeLessThan(C * n * EPS);
        expect(orth).toBeLessThan(C * n * EPS);
      });

      it('PLRF Gram matrix K = WᵀDW (α = 2.6, eigenvalues ~1 … 1e-12), v=300, d=150', () => {
        const v = 300;
        const d = 150;
        const { W, D } = plrfProblem(v, d, 2.6, 11);
        const { K } = naiveGram(W, D, v, d);
        const { values, vectors } = B().eigh(K, d);
        expect(values[0]!).toBeLessThan(1e-9 * values[d - 1]!); // really spans many decades
        const { res, orth } = eigResiduals(K, d, values, vectors);
        const nK = spectralNorm2Bound(K);
        expect(res / nK).toBeLessThan(C * d * EPS);
        expect(orth).toBeLessThan(C * d * EPS);
        // K is positive semi-definite: no eigenvalue below −C·n·ε·‖K‖
        expect(values[0]!).toBeGreaterThan(-C * d * EPS * nK);
      });

      it('degenerate spectra: zero, identity, repeated eigenvalues, diagonal, rank-deficient', () => {
        const n = 40;
        const zero = new Float64Array(n * n);
        let r = B().eigh(zero, n);
        expect(r.values.every((x) => x === 0)).toBe(true);
        expect(eigResiduals(zero, n, r.values, r.vectors).orth).toBeLessThan(C * n * EPS);

        const lambda = new Float64Array(n).map((_, j) => 1 + Math.floor(j / 10)); // 4 values ×10
        const A = withSpectrum(randomOrthogonal(n, 3), lambda);
        r = B().eigh(A, n);
        for (let j = 0; j < n; j++) expect(Math.abs(r.values[j]! - lambda[j]!)).toBeLessThan(C * n * EPS * 4);
        const e = eigResiduals(A, n, r.values, r.vectors);
        expect(e.res / frobenius(A)).toBeLessThan(C * n * EPS);
        expect(e.orth).toBeLessThan(C * n * EPS);

        const diag = new Float64Array(n * n);
        for (let i = 0; i < n; i++) diag[i * n + i] = Math.cos(i); // already tridiagonal, unsorted
        r = B().eigh(diag, n);
        const sorted = Array.from({ length: n }, (_, i) => Math.cos(i)).sort((a, b) => a - b);
        for (let j = 0; j < n; j++) expect(Math.abs(r.values[j]! - sorted[j]!)).toBeLessThan(C * n * EPS);

        // v < d: d − v exact zero eigenvalues
        const { W, D } = plrfProblem(10, n, 1, 5);
        const { K } = naiveGram(W, D, 10, n);
        r = B().eigh(K, n);
        const nK = frobenius(K);
        for (let j = 0; j < n - 10; j++) expect(Math.abs(r.values[j]!)).toBeLessThan(C * n * EPS * nK);
        expect(r.values[n - 10]!).toBeGreaterThan(1e-6 * nK);
        expect(eigResiduals(K, n, r.values, r.vectors).res / nK).toBeLessThan(C * n * EPS);
      });

      it('reads only the lower triangle', () => {
        const n = 30;
        const A = randomSymmetric(n, 42);
        const garbage = Float64Array.from(A);
        const g = gaussian(9);
        for (let i = 0; i < n; i++) for (let j = i + 1; j < n; j++) garbage[i * n + j] = 100 * g();
        const r1 = B().eigh(A, n);
        const r2 = B().eigh(garbage, n);
        for (let j = 0; j < n; j++) expect(Math.abs(r1.values[j]! - r2.values[j]!)).toBeLessThan(C * n * EPS * frobenius(A));
      });
    });

    describe('spectralMeasure', () => {
      function checkMeasure(A: Float64Array, n: number, xs: Float64Array[]): void {
        const nA = spectralNorm2Bound(A);
        const sm = B().spectralMeasure(A, n, xs);
        const ref = B().eigh(A, n);
        expect(sm.values.length).toBe(n);
        expect(sm.weights.length).toBe(xs.length);
        expectAscending(sm.values);
        for (let j = 0; j < n; j++) expect(Math.abs(sm.values[j]! - ref.values[j]!)).toBeLessThan(C * n * EPS * nA);
        // gaps to the neighbours, for the eigenvector-dependent comparison
        const gap = new Float64Array(n).fill(Infinity);
        for (let j = 0; j < n; j++) {
          if (j > 0) gap[j] = Math.min(gap[j]!, ref.values[j]! - ref.values[j - 1]!);
          if (j < n - 1) gap[j] = Math.min(gap[j]!, ref.values[j + 1]! - ref.values[j]!);
        }
        xs.forEach((x, r) => {
          const w = sm.weights[r]!;
          const xx = dot(x, x);
          expect(w.every((t) => t >= 0)).toBe(true);
          // moments: Σw = ‖x‖², Σλw = xᵀAx, Σλ²w = ‖Ax‖²
          const Ax = matvec(A, n, x);
          const m0 = w.reduce((s, t) => s + t, 0);
          let m1 = 0;
          let m2 = 0;
          for (let j = 0; j < n; j++) {
            m1 += sm.values[j]! * w[j]!;
            m2 += sm.values[j]! ** 2 * w[j]!;
          }
          expect(Math.abs(m0 - xx)).toBeLessThan(C * n * EPS * xx);
          expect(Math.abs(m1 - dot(x, Ax))).toBeLessThan(C * n * EPS * nA * xx);
          expect(Math.abs(m2 - dot(Ax, Ax))).toBeLessThan(C * n * EPS * nA * nA * xx);
          // individual weights vs projections on eigh's eigenvectors, where eigenvectors are well defined
          for (let j = 0; j < n; j++) {
            if (!(gap[j]! > 1e-8 * nA)) continue;
            let s = 0;
            for (let i = 0; i < n; i++) s += ref.vectors[i * n + j]! * x[i]!;
            const tol = 2 * C * n * EPS * xx * (nA / gap[j]! + 1);
            expect(Math.abs(w[j]! - s * s)).toBeLessThan(tol);
          }
        });
        // signed projections: p² = w, and the sign-invariant products p_r·p_0 match eigh's
        expect(sm.projections?.length).toBe(xs.length);
        xs.forEach((x, r) => {
          const pr = sm.projections![r]!;
          const p0 = sm.projections![0]!;
          const x0 = xs[0]!;
          const scale = Math.sqrt(dot(x, x) * dot(x0, x0));
          for (let j = 0; j < n; j++) {
            expect(pr[j]! * pr[j]!).toBe(sm.weights[r]![j]!);
            if (!(gap[j]! > 1e-8 * nA)) continue;
            let s = 0;
            let s0 = 0;
            for (let i = 0; i < n; i++) {
              s += ref.vectors[i * n + j]! * x[i]!;
              s0 += ref.vectors[i * n + j]! * x0[i]!;
            }
            expect(Math.abs(pr[j]! * p0[j]! - s * s0)).toBeLessThan(2 * C * n * EPS * scale * (nA / gap[j]! + 1));
          }
        });
      }

      it.each([1, 2, 5, 120])('random symmetric n=%i, three vectors', (n) => {
        const A = randomSymmetric(n, 500 + n);
        const g = gaussian(77 + n);
        const xs = [0, 1, 2].map(() => Float64Array.from({ length: n }, () => g()));
        const copies = xs.map((x) => Float64Array.from(x));
        checkMeasure(A, n, xs);
        xs.forEach((x, r) => expect(x).toEqual(copies[r]));
      });

      it('PLRF Gram matrix with the target direction (12 decades), v=300, d=150', () => {
        const v = 300;
        const d = 150;
        const alpha = 2.6;
        const beta = 0.8;
        const { W, D } = plrfProblem(v, d, alpha, 12);
        const { K } = naiveGram(W, D, v, d);
        // Wᵀ D b, the vector the engine projects (θ* direction up to K⁻¹)
        const x = new Float64Array(d);
        for (let i = 0; i < v; i++) {
          const s = D[i]! * (i + 1) ** -beta;
          for (let a = 0; a < d; a++) x[a] = x[a]! + s * W[i * d + a]!;
        }
        checkMeasure(K, d, [x]);
      });

      it('no vectors: eigenvalues only', () => {
        const n = 20;
        const A = randomSymmetric(n, 3);
        const sm = B().spectralMeasure(A, n, []);
        const ref = B().eigh(A, n);
        expect(sm.weights).toEqual([]);
        for (let j = 0; j < n; j++) expect(Math.abs(sm.values[j]! - ref.values[j]!)).toBeLessThan(C * n * EPS * frobenius(A));
      });
    });

    describe('gram', () => {
      it.each([
        [1, 1],
        [37, 23],
        [300, 130],
        [64, 128],
      ])('v=%i, d=%i vs naive triple loop', (v, d) => {
        const { W, D } = plrfProblem(v, d, 1.3, v * 1000 + d);
        const K = B().gram(W, D, v, d);
        const { K: ref, absK } = naiveGram(W, D, v, d);
        expect(K.length).toBe(d * d);
        for (let a = 0; a < d; a++)
          for (let b = 0; b < d; b++) {
            expect(K[a * d + b]).toBe(K[b * d + a]); // exactly symmetric
            expect(Math.abs(K[a * d + b]! - ref[a * d + b]!)).toBeLessThanOrEqual(2 * v * EPS * absK[a * d + b]!);
          }
      });

      it('negative and zero weights in D', () => {
        const v = 50;
        const d = 17;
        const g = gaussian(4);
        const W = Float64Array.from({ length: v * d }, () => g());
        const D = Float64Array.from({ length: v }, (_, i) => (i % 3 === 0 ? 0 : g()));
        const K = B().gram(W, D, v, d);
        const { K: ref, absK } = naiveGram(W, D, v, d);
        for (let i = 0; i < d * d; i++) expect(Math.abs(K[i]! - ref[i]!)).toBeLessThanOrEqual(2 * v * EPS * absK[i]!);
      });
    });

    describe('invalid input is a ParamError naming the argument', () => {
      const expectParam = (f: () => unknown, param: string) => {
        try {
          f();
        } catch (e) {
          expect(isParamError(e)).toBe(true);
          expect((e as { param: string }).param).toBe(param);
          return;
        }
        throw new Error('no error thrown');
      };
      it('eigh / spectralMeasure / gram', () => {
        expectParam(() => B().eigh(new Float64Array(4), 0), 'n');
        expectParam(() => B().eigh(new Float64Array(5), 2), 'A');
        expectParam(() => B().eigh(Float64Array.of(1, NaN, NaN, 1), 2), 'A.1');
        expectParam(() => B().spectralMeasure(new Float64Array(4), 2, [new Float64Array(3)]), 'xs.0');
        expectParam(() => B().gram(new Float64Array(6), new Float64Array(3), 2, 3), 'D');
        expectParam(() => B().gram(new Float64Array(5), new Float64Array(2), 2, 3), 'W');
        expectParam(() => B().gram(new Float64Array(6), new Float64Array(3), 3, 2.5), 'd');
      });
    });
  });
}

describe('backends agree', () => {
  const avail = cases.filter((c) => c.backend);
  it.skipIf(avail.length < 2)(`eigenvalues and weights of ${avail.map((c) => c.name).join(' vs ')}`, () => {
    const { W, D } = plrfProblem(400, 200, 1.0, 99);
    const K = avail[0]!.backend!.gram(W, D, 400, 200);
    const K2 = avail[1]!.backend!.gram(W, D, 400, 200);
    const nK = frobenius(K);
    for (let i = 0; i < K.length; i++) expect(Math.abs(K[i]! - K2[i]!)).toBeLessThan(2 * 400 * EPS * nK);
    const x = Float64Array.from({ length: 200 }, (_, i) => (i + 1) ** -1);
    const a = avail[0]!.backend!.spectralMeasure(K, 200, [x]);
    const b = avail[1]!.backend!.spectralMeasure(K, 200, [x]);
    for (let j = 0; j < 200; j++) expect(Math.abs(a.values[j]! - b.values[j]!)).toBeLessThan(2 * C * 200 * EPS * nK);
  });
});
