// The fast paths of the closed-form curve (issue 2): far-field power series of the Cauchy sums
// (n ≥ 256 positive poles) and the WebAssembly SIMD kernels, each checked against the independent
// step recurrence (1e-10 relative at ≥ 50 checkpoints, as closed-form.test.ts), and the
// WebAssembly path against the TypeScript loops.
import { describe, expect, it } from 'vitest';
import { measureFromProblem, type DiscreteMeasure } from '../../../src-shared/dynamics/measure';
import { riskRecurrence } from '../../../src-shared/dynamics/recurrence';
import { prepareClosedForm } from '../../../src-shared/dynamics/closed-form';
import { gammaMax, stabilityQ } from '../../../src-shared/dynamics/stability';
import { logCheckpoints } from '../../../src-shared/dynamics/checkpoints';
import { readFileSync } from 'node:fs';
import { createHash } from 'node:crypto';
import { fileURLToPath } from 'node:url';
import { dynamicsWasmAvailable } from '../../../src-shared/dynamics/dynamics-wasm';
import { DYNAMICS_WASM_SOURCE_SHA256 } from '../../../src-shared/dynamics/dynamics-wasm.generated';
import { CancelledError } from '../../../src-shared/compute/task';
import { maxRelErr, syntheticMeasure, syntheticProblem } from './helpers';

const cps = logCheckpoints(20000, 60);

describe('closed form, fast paths vs the step recurrence', () => {
  it('the WebAssembly SIMD kernels compile in this environment (Node ≥ 16 has SIMD) unless PLRF_WASM=0', () => {
    expect(dynamicsWasmAvailable()).toBe(process.env.PLRF_WASM !== '0');
  });

  it('the committed module was built from the current AssemblyScript sources', () => {
    const hash = createHash('sha256');
    for (const f of ['closed-form.ts', 'sgd.ts']) hash.update(readFileSync(fileURLToPath(new URL(`../../../src-main/native/dynamics-wasm/assembly/${f}`, import.meta.url))));
    // if this fails: node src-main/native/dynamics-wasm/build.mjs
    expect(DYNAMICS_WASM_SOURCE_SHA256).toBe(hash.digest('hex').slice(0, 16));
  });

  const cases: [string, number, number, number, number][] = [
    // name, n, decades, gamma fraction, batch — n ≥ 256 so the far-field series are in use
    ['12 decades, n = 600, γ = 0.5 γ_max', 600, 12, 0.5, 1],
    ['12 decades, n = 600, B = 4, γ = 0.9999 γ_max', 600, 12, 0.9999, 4],
    ['3 decades (dense: few far atoms), n = 400', 400, 3, 0.9, 2],
    ['16 decades (poles below 1e-14: the R = 16 series), n = 400', 400, 16, 0.8, 1],
    ['20 decades (poles below 1e-18: direct sums), n = 300', 300, 20, 0.7, 1],
  ];
  for (const [name, n, dec, frac, B] of cases) {
    for (const kernel of ['auto', 'typescript'] as const) {
      it(`${name}, ${kernel}: 1e-10 relative, modes sum to R(0)`, () => {
        const P = syntheticProblem(n, dec, n + 7);
        const M = measureFromProblem(P);
        const opts = { gamma: frac * gammaMax(M.lambda, B), batch: B, kernel };
        const cf = prepareClosedForm(M, opts);
        expect(maxRelErr(cf.risk(cps), riskRecurrence(M, opts, cps))).toBeLessThan(1e-10);
        let r0 = M.F0;
        for (let i = 0; i < n; i++) r0 += M.forcing[i]!;
        expect(Math.abs(cf.risk([0])[0]! - r0) / r0).toBeLessThan(1e-12);
        // R(∞) = σ²/(1 − q): the error of 1 − q is amplified by 1/(1 − q)
        const q = stabilityQ(P.lambda, B, opts.gamma);
        expect(Math.abs(cf.riskInfinity - P.sigma2 / (1 - q)) / cf.riskInfinity).toBeLessThan(1e-12 / (1 - q));
      });
    }
  }

  // dense power-law spectra λ_j = j^−2α (the PLRF case): the far field picks a small ratio R
  // (long series) there, unlike the log-uniform spectra above
  for (const [alpha, n, frac] of [
    [1, 1500, 0.5],
    [0.6, 1200, 0.95],
    [0.3, 800, 0.7],
  ] as const) {
    for (const kernel of ['auto', 'typescript'] as const) {
      it(`power law λ_j = j^−${2 * alpha}, n = ${n}, γ = ${frac} γ_max, ${kernel}: 1e-10 relative, modes sum to R(0)`, () => {
        const lambda = Float64Array.from({ length: n }, (_, j) => Math.pow(j + 1, -2 * alpha));
        const M: DiscreteMeasure = {
          lambda,
          forcing: Float64Array.from(lambda, (l, j) => l * Math.pow(j + 1, -0.7)),
          kernel: Float64Array.from(lambda, (l) => l * l),
          F0: 1e-4,
        };
        const opts = { gamma: frac * gammaMax(M.lambda, 1), batch: 1, kernel };
        const cf = prepareClosedForm(M, opts);
        expect(maxRelErr(cf.risk(cps), riskRecurrence(M, opts, cps))).toBeLessThan(1e-10);
        let r0 = M.F0;
        for (let i = 0; i < n; i++) r0 += M.forcing[i]!;
        expect(Math.abs(cf.risk([0])[0]! - r0) / r0).toBeLessThan(1e-12);
      });
    }
  }

  it('general Volterra measure (kernel ≠ λ²) with zero-kernel atoms, n ≥ 256', () => {
    const base = syntheticMeasure(500, 11);
    const kernel = Float64Array.from(base.kernel);
    for (let i = 0; i < kernel.length; i += 37) kernel[i] = 0; // driving-only atoms across the spectrum
    const M: DiscreteMeasure = { ...base, kernel };
    const gm = gammaMax(M.lambda, 2, Float64Array.from(M.kernel, (k, i) => k / M.lambda[i]! ** 2));
    const opts = { gamma: 0.8 * gm, batch: 2 };
    expect(maxRelErr(prepareClosedForm(M, opts).risk(cps), riskRecurrence(M, opts, cps))).toBeLessThan(1e-10);
  });

  it.each([
    ['12 decades (R = 4)', () => measureFromProblem(syntheticProblem(1024, 12, 5))],
    ['dense power law (R = 1.5)', (): DiscreteMeasure => {
      const lambda = Float64Array.from({ length: 1024 }, (_, j) => Math.pow(j + 1, -1.2));
      return { lambda, forcing: Float64Array.from(lambda, (l) => l * 0.01), kernel: Float64Array.from(lambda, (l) => l * l), F0: 1e-3 };
    }],
  ])('WebAssembly and TypeScript loops agree to rounding (modes, constant and the curve at large t): %s', (_name, make) => {
    const M = make();
    const opts = { gamma: 0.9 * gammaMax(M.lambda, 1), batch: 1 };
    const a = prepareClosedForm(M, opts);
    const b = prepareClosedForm(M, { ...opts, kernel: 'typescript' });
    const far = logCheckpoints(1e9, 80);
    expect(maxRelErr(a.risk(far), b.risk(far))).toBeLessThan(1e-12);
    expect(Math.abs(a.modes.constant - b.modes.constant) / b.modes.constant).toBeLessThan(1e-13);
    for (let k = 0; k < a.modes.nu.length; k++) expect(Math.abs(a.modes.nu[k]! - b.modes.nu[k]!)).toBeLessThanOrEqual(1e-13 * b.modes.nu[k]!);
  });

  it('unstable γ (> γ_max): the curve grows without bound on both paths (no WebAssembly exp past 0)', () => {
    const M = measureFromProblem(syntheticProblem(300, 6, 4));
    const opts = { gamma: 1.01 * gammaMax(M.lambda, 1), batch: 1 };
    const t = [0, 100, 20000];
    const cf = prepareClosedForm(M, opts);
    expect(cf.riskInfinity).toBe(Infinity);
    expect(maxRelErr(cf.risk(t), riskRecurrence(M, opts, t))).toBeLessThan(1e-8);
  });

  it('cancellation is polled during every phase (roots, Löwner weights, residues)', () => {
    const M = measureFromProblem(syntheticProblem(600, 12, 2));
    for (const after of [3, 12, 20]) {
      let polls = 0;
      expect(() => prepareClosedForm(M, { gamma: 0.5 * gammaMax(M.lambda, 1), batch: 1, lowner: 'always', cancelled: () => ++polls > after })).toThrow(CancelledError);
    }
  });

  it('the Löwner pass, skipped when every root is known to 1e-13 of its pole distance, changes the curve by < 1e-12', () => {
    for (const M of [measureFromProblem(syntheticProblem(1024, 12, 5)), measureFromProblem(syntheticProblem(400, 3, 9))]) {
      const opts = { gamma: 0.9 * gammaMax(M.lambda, 2), batch: 2 };
      const t = logCheckpoints(1e9, 80);
      const a = prepareClosedForm(M, opts), b = prepareClosedForm(M, { ...opts, lowner: 'always' as const });
      expect(maxRelErr(a.risk(t), b.risk(t))).toBeLessThan(1e-12);
      expect(Math.abs(a.riskInfinity - b.riskInfinity) / b.riskInfinity).toBeLessThan(1e-12);
    }
  });
});
