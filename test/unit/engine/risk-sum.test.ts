// The checkpoint sums of the closed-form curve (risk-sum.ts): the block power series + cut-off
// evaluator against the plain sum with Math.exp (riskSumDirect), on spectra over 3–16 decades,
// coefficients of mixed sign, clustered and repeated modes, checkpoints from 1 to 1e13. The
// tolerance is relative to Σ|coef_i μ_i^t| + |constant| (the rounding scale of any summation order).
import { describe, expect, it } from 'vitest';
import { riskSumDirect, riskSumEvaluator } from '../../../src-shared/dynamics/risk-sum';
import { logCheckpoints } from '../../../src-shared/dynamics/checkpoints';

function lcg(seed: number): () => number {
  let s = seed >>> 0;
  return () => ((s = (Math.imul(s, 1664525) + 1013904223) >>> 0) / 2 ** 32);
}

function modes(n: number, decades: number, seed: number, opts: { mixed?: boolean; clustered?: boolean } = {}): { logMu: Float64Array; coef: Float64Array } {
  const u = lcg(seed);
  const nu = new Float64Array(n);
  for (let i = 0; i < n; i++) {
    const x = opts.clustered ? Math.floor((i / n) * 8) / 8 + 1e-6 * u() : i / n;
    nu[i] = Math.pow(10, -decades * (1 - x)) * 0.5;
  }
  nu.sort();
  const coef = Float64Array.from(nu, (v) => (opts.mixed && u() < 0.3 ? -1 : 1) * Math.pow(v, 0.3) * (0.5 + u()));
  return { logMu: Float64Array.from(nu, (v) => Math.log1p(-v)), coef };
}

function scale(logMu: Float64Array, coef: Float64Array, constant: number, t: number): number {
  let s = Math.abs(constant);
  for (let i = 0; i < logMu.length; i++) s += Math.abs(coef[i]!) * Math.exp(t * logMu[i]!);
  return s;
}

describe('checkpoint sums: block series + cut-off = plain sum', () => {
  const cps = [0, 1, 2, 3, 7, ...logCheckpoints(1e13, 120)];
  const cases: [string, number, number, number, { mixed?: boolean; clustered?: boolean }, number][] = [
    ['12 decades, n = 4096, positive', 4096, 12, 1, {}, 1e-3],
    ['12 decades, n = 2000, mixed signs', 2000, 12, 2, { mixed: true }, 1e-3],
    ['3 decades, n = 1000 (dense)', 1000, 3, 3, {}, 0.02],
    ['16 decades, n = 1500, clustered modes', 1500, 16, 4, { clustered: true }, 0],
    ['6 decades, n = 300, constant 0 (decays to 0)', 300, 6, 5, {}, 0],
  ];
  for (const [name, n, dec, seed, o, constant] of cases) {
    for (const kernel of ['auto', 'typescript'] as const) {
      it(`${name}, ${kernel}`, () => {
        const { logMu, coef } = modes(n, dec, seed, o);
        const ev = riskSumEvaluator(logMu, coef, constant, { kernel });
        const got = ev(cps);
        for (let k = 0; k < cps.length; k++) {
          const t = cps[k]!;
          const ref = riskSumDirect(logMu, coef, constant, t);
          const sc = scale(logMu, coef, constant, t);
          expect(Math.abs(got[k]! - ref)).toBeLessThanOrEqual(1e-13 * sc + 1e-300);
        }
      });
    }
  }

  it('repeated modes (zero block width) and few modes (plain path)', () => {
    const logMu = new Float64Array(300).fill(Math.log1p(-1e-4));
    const coef = new Float64Array(300).fill(1 / 300);
    const ev = riskSumEvaluator(logMu, coef, 0.1);
    const t = [0, 10, 1e4, 1e6];
    const got = ev(t);
    for (let k = 0; k < t.length; k++) expect(got[k]!).toBeCloseTo(0.1 + Math.pow(1 - 1e-4, t[k]!), 13);
    const few = riskSumEvaluator(logMu.subarray(0, 5), coef.subarray(0, 5), 0);
    expect(few([100])[0]!).toBeCloseTo((5 / 300) * Math.pow(1 - 1e-4, 100), 15);
  });

  it('growing modes (unstable curve) use the plain sum', () => {
    const logMu = Float64Array.from({ length: 200 }, (_, i) => (i === 0 ? 1e-3 : -i * 1e-3));
    const coef = new Float64Array(200).fill(1);
    const got = riskSumEvaluator(logMu, coef, 0)([5000]);
    expect(got[0]!).toBeCloseTo(riskSumDirect(logMu, coef, 0, 5000), 6);
    expect(got[0]!).toBeGreaterThan(Math.exp(4));
  });
});
