// Issue 14, point 3: a data spectrum given as exactly D_j = j^{-2α}, b_j = j^{-β} reproduces the
// built-in power-law model's numbers with the same seed (exact expected risk, rotated and naive
// SGD, a compute-optimal study) to 1e-9 relative. Negative control: a spectrum that differs in one
// coordinate by 1e-6 relative moves the numbers by more than the tolerance.
import { describe, expect, it } from 'vitest';
import { runCurve } from '../../../src-shared/compute/curve-task';
import { runStudy } from '../../../src-shared/compute/study-task';
import type { StudySpecInput } from '../../../src-shared/params/study-params';
import { silentContext } from '../../../src-shared/compute/task';
import { runSpectrum } from '../../../src-shared/compute/spectrum-task';
import { portableBackend } from '../../../src-shared/linalg/portable';
import { makeDataSpectrum } from '../../../src-shared/spectrum/source';
import { parseSpectrumFile } from '../../../src-shared/spectrum/spectrum-file';

function powerLawCsv(alpha: number, beta: number, v: number): Uint8Array {
  // the shortest round-trip decimal of each double: parsing gives the same bits
  const lines = ['lambda,b'];
  for (let j = 1; j <= v; j++) lines.push(`${Math.pow(j, -2 * alpha)},${Math.pow(j, -beta)}`);
  return new TextEncoder().encode(lines.join('\n') + '\n');
}

function maxRel(a: number[], b: number[]): number {
  expect(a.length).toBe(b.length);
  let m = 0;
  for (let i = 0; i < a.length; i++) m = Math.max(m, Math.abs(a[i]! - b[i]!) / Math.max(Math.abs(b[i]!), 1e-300));
  return m;
}

const cases = [
  { alpha: 0.6, beta: 0.2, v: 80, d: 40, tau: 1 },
  { alpha: 1.1, beta: 0.9, v: 60, d: 20, tau: 0 },
];

describe('a power-law spectrum file reproduces the built-in model', () => {
  for (const c of cases) {
    const spectrum = parseSpectrumFile('pl.csv', powerLawCsv(c.alpha, c.beta, c.v)).spectrum;
    it(`parses to the same doubles (α=${c.alpha}, β=${c.beta})`, () => {
      for (let j = 1; j <= c.v; j++) {
        expect(spectrum.lambda[j - 1]).toBe(Math.pow(j, -2 * c.alpha));
        expect(spectrum.b[j - 1]).toBe(Math.pow(j, -c.beta));
      }
    });
    for (const method of ['exact', 'sgd'] as const) {
      it(`${method} curve, α=${c.alpha}, β=${c.beta}, τ=${c.tau}: equal to 1e-9`, () => {
        const common = { method, v: c.v, d: c.d, tau: c.tau, rmax: 2000, checkpoints: 15, draws: 2, runs: 4, seed: 7 };
        const ref = runCurve({ ...common, alpha: c.alpha, beta: c.beta }, portableBackend, silentContext);
        const dat = runCurve({ ...common, spectrum }, portableBackend, silentContext);
        expect(dat.params.v).toBe(c.v);
        expect(maxRel(dat.risk, ref.risk)).toBeLessThan(1e-9);
        expect(Math.abs(dat.params.gamma / ref.params.gamma - 1)).toBeLessThan(1e-9);
        // the fit of an exact power law recovers α, β
        expect(Math.abs(dat.params.alpha - c.alpha)).toBeLessThan(1e-12);
        expect(Math.abs(dat.params.beta - c.beta)).toBeLessThan(1e-12);
        // negative control: perturb one coordinate of D by 1e-6 relative
        const lam = [...spectrum.lambda];
        lam[3] = lam[3]! * (1 + 1e-6);
        const off = runCurve({ ...common, spectrum: makeDataSpectrum('off', lam, spectrum.b) }, portableBackend, silentContext);
        expect(maxRel(off.risk, ref.risk)).toBeGreaterThan(1e-9);
      });
    }
    it(`naive SGD (O(B·v·d) reference), α=${c.alpha}: equal to 1e-9`, () => {
      const common = { method: 'sgd' as const, naive: true, v: c.v, d: c.d, tau: c.tau, rmax: 300, checkpoints: 8, draws: 1, runs: 2, seed: 3 };
      const ref = runCurve({ ...common, alpha: c.alpha, beta: c.beta }, portableBackend, silentContext);
      const dat = runCurve({ ...common, spectrum }, portableBackend, silentContext);
      expect(maxRel(dat.risk, ref.risk)).toBeLessThan(1e-9);
    });
  }

  it('compute-optimal study (exact, τ ∈ {0, 1}): fits equal to 1e-9', async () => {
    const alpha = 0.6;
    const beta = 0.2;
    const v = 200;
    const spectrum = parseSpectrumFile('pl.csv', powerLawCsv(alpha, beta, v)).spectrum;
    const common = { dgrid: [25, 50, 100], v, tau: [0, 1], method: 'exact' as const, draws: 2, bootstrap: 20, checkpoints: 60 };
    const ref = await runStudy({ ...common, alpha, beta }, portableBackend, silentContext);
    const dat = await runStudy({ ...common, spectrum } as unknown as StudySpecInput, portableBackend, silentContext);
    // the default rmax rule for data reduces to the power-law one (up to rounding in the ceil)
    for (let i = 0; i < 3; i++) expect(Math.abs(dat.params.rmaxgrid[i]! / ref.params.rmaxgrid[i]! - 1)).toBeLessThan(1e-9);
    const rr = { ...common, rmax: ref.params.rmaxgrid };
    const ref2 = await runStudy({ ...rr, alpha, beta }, portableBackend, silentContext);
    const dat2 = await runStudy({ ...rr, spectrum } as unknown as StudySpecInput, portableBackend, silentContext);
    for (let k = 0; k < 2; k++) {
      expect(Math.abs(dat2.fits[k]!.eta / ref2.fits[k]!.eta - 1)).toBeLessThan(1e-9);
      expect(Math.abs(dat2.fits[k]!.xi / ref2.fits[k]!.xi - 1)).toBeLessThan(1e-9);
    }
    for (let i = 0; i < ref2.curves.length; i++) expect(maxRel(dat2.curves[i]!.risk, ref2.curves[i]!.risk)).toBeLessThan(1e-9);
    expect(dat2.spectrum?.name).toBe('pl.csv');
    expect(dat2.theory.phase).toBe(ref2.theory.phase);
  });

  it('deterministic-equivalent study (de, τ ∈ {0, 1}) and de spectrum: equal to 1e-9', async () => {
    const [alpha, beta, v] = [0.6, 0.2, 400];
    const spectrum = parseSpectrumFile('pl.csv', powerLawCsv(alpha, beta, v)).spectrum;
    const common = { dgrid: [25, 50, 100], v, tau: [0, 1], method: 'de' as const, bootstrap: 20, checkpoints: 60, rmax: [2e4, 5e4, 1e5] };
    const ref = await runStudy({ ...common, alpha, beta }, portableBackend, silentContext);
    const dat = await runStudy({ ...common, spectrum } as unknown as StudySpecInput, portableBackend, silentContext);
    for (let k = 0; k < 2; k++) expect(Math.abs(dat.fits[k]!.eta / ref.fits[k]!.eta - 1)).toBeLessThan(1e-9);
    const sr = runSpectrum({ method: 'de', alpha, beta, v, d: 50, tau: 1 }, portableBackend);
    const sd = runSpectrum({ method: 'de', spectrum, d: 50, tau: 1 } as never, portableBackend);
    expect(Math.abs(sd.F0 / sr.F0 - 1)).toBeLessThan(1e-9);
    expect(Math.abs(sd.outlier!.weight / sr.outlier!.weight - 1)).toBeLessThan(1e-9);
    expect(sd.lambda.length).toBe(sr.lambda.length);
  });
});
