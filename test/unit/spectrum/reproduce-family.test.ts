// Issue 14 × issue 17: the optimizer family on a data spectrum. A spectrum file holding exactly
// D_j = j^{-2α}, b_j = j^{-β} reproduces the built-in model's momentum and DANA curves (exact
// moments, sampled runs, and the deterministic-equivalent moments, plain SGD's de curve included) to
// 1e-9 relative with the same seed. The de paths agree because the data path's grid break points
// interpolate ln D in ln j (theory/de-spectrum.ts dataLambdaAt) — they once rounded j = 3√d to an
// atom, which moved the fine-grid boundary and left a 4.7e-6 discrepancy. Negative control:
// perturbing one eigenvalue by 1e-6 relative moves the exact and de curves by more.
import { describe, expect, it } from 'vitest';
import { runCurve } from '../../../src-shared/compute/curve-task';
import { silentContext } from '../../../src-shared/compute/task';
import { portableBackend } from '../../../src-shared/linalg/portable';
import { makeDataSpectrum } from '../../../src-shared/spectrum/source';

function powerLaw(alpha: number, beta: number, v: number) {
  const lam: number[] = [];
  const b: number[] = [];
  for (let j = 1; j <= v; j++) {
    lam.push(Math.pow(j, -2 * alpha));
    b.push(Math.pow(j, -beta));
  }
  return makeDataSpectrum('power-law', lam, b);
}

function maxRel(a: number[], b: number[]): number {
  expect(a.length).toBe(b.length);
  let m = 0;
  for (let i = 0; i < a.length; i++) m = Math.max(m, Math.abs(a[i]! - b[i]!) / Math.max(Math.abs(b[i]!), 1e-300));
  return m;
}

describe('optimizer family on a power-law spectrum file = the built-in model', () => {
  const alpha = 0.8;
  const beta = 0.6;
  const v = 60;
  const d = 20;
  const spectrum = powerLaw(alpha, beta, v);
  const cases = [
    { method: 'exact' as const, optimizer: 'momentum' as const, momentum: 0.5, tau: 1 },
    { method: 'exact' as const, optimizer: 'dana-decaying' as const, tau: 0 },
    { method: 'sgd' as const, optimizer: 'momentum' as const, momentum: 0.5, tau: 0 },
    { method: 'de' as const, optimizer: 'momentum' as const, momentum: 0.5, tau: 0 },
    { method: 'de' as const, optimizer: 'momentum' as const, momentum: 0.5, tau: 1 },
    { method: 'de' as const, optimizer: 'dana-decaying' as const, tau: 0 },
    { method: 'de' as const, optimizer: 'sgd' as const, tau: 0 },
  ];
  for (const c of cases) {
    it(`${c.method} ${c.optimizer}, τ = ${c.tau}`, () => {
      const { method, ...opt } = c;
      const common = { method, v, d, rmax: 3000, checkpoints: 12, draws: 2, runs: 4, seed: 11, ...opt };
      const ref = runCurve({ ...common, alpha, beta }, portableBackend, silentContext);
      const dat = runCurve({ ...common, spectrum }, portableBackend, silentContext);
      // the same doubles in, the same grid and measure: only rounding differs (measured ≤ 2e-15)
      expect(maxRel(dat.risk, ref.risk)).toBeLessThan(1e-9);
      if (method !== 'sgd') {
        const lam = [...spectrum.lambda];
        lam[2] = lam[2]! * (1 + 1e-6);
        const off = runCurve({ ...common, spectrum: makeDataSpectrum('off', lam, spectrum.b) }, portableBackend, silentContext);
        expect(maxRel(off.risk, ref.risk)).toBeGreaterThan(1e-9);
      }
    });
  }
});
