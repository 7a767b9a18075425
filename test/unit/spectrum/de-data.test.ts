// Issue 14: the plain deterministic equivalents (plain and spiked) and their Volterra curves on a data spectrum.
// (1) A spectrum holding exactly j^{-2α}, j^{-β} gives the built-in power-law equivalent's curve
//     (direct sums, theory/data-sums.ts, vs the Euler–Maclaurin power sums) to 1e-9.
// (2) On a bent, noisy spectrum the equivalent tracks the exact expected risk averaged over
//     20 draws of W̃ at d = 100 (finite-d and draw error: ≤ 10% at every checkpoint); negative
//     control: the equivalent of the unbent spectrum misses that mean by more than 10% somewhere.
// (3) the same for the spiked equivalent (τ = 1/√d), with the plain equivalent as negative control.
import { describe, expect, it } from 'vitest';
import { runCurve } from '../../../src-shared/compute/curve-task';
import { portableBackend } from '../../../src-shared/linalg/portable';
import { silentContext } from '../../../src-shared/compute/task';
import { makeDataSpectrum } from '../../../src-shared/spectrum/source';

const v = 400;
const c = { d: 100, v, rmax: 100000, checkpoints: 12 };

describe('deterministic equivalent on a data spectrum', () => {
  it('a power-law spectrum reproduces the built-in equivalent to 1e-9', () => {
    for (const [a, b] of [
      [0.6, 0.4],
      [1.0, 0.2],
    ] as const) {
      const s = makeDataSpectrum('pl', Array.from({ length: v }, (_, i) => (i + 1) ** (-2 * a)), Array.from({ length: v }, (_, i) => (i + 1) ** -b));
      const ref = runCurve({ ...c, method: 'de', alpha: a, beta: b }, portableBackend, silentContext);
      const dat = runCurve({ ...c, method: 'de', spectrum: s }, portableBackend, silentContext);
      expect(Math.abs(dat.sigma2! / ref.sigma2! - 1)).toBeLessThan(1e-9);
      ref.risk.forEach((x, i) => expect(Math.abs(dat.risk[i]! / x - 1)).toBeLessThan(1e-9));
    }
  });

  it('tracks the exact expected risk over draws on a bent spectrum; the unbent one does not', () => {
    const lam = Array.from({ length: v }, (_, i) => (i < 50 ? (i + 1) ** -0.8 : 50 ** 0.8 * (i + 1) ** -1.6));
    const b = Array.from({ length: v }, (_, i) => (i + 1) ** -0.3 * (1 + 0.5 * Math.sin(i)));
    const bent = makeDataSpectrum('bent', lam, b);
    const de = runCurve({ ...c, method: 'de', spectrum: bent }, portableBackend, silentContext);
    const ex = runCurve({ ...c, method: 'exact', spectrum: bent, draws: 20, gamma: de.params.gamma }, portableBackend, silentContext);
    de.risk.forEach((x, i) => expect(Math.abs(x / ex.risk[i]! - 1)).toBeLessThan(0.1));
    const straight = makeDataSpectrum('straight', Array.from({ length: v }, (_, i) => (i + 1) ** -0.8), b);
    const off = runCurve({ ...c, method: 'de', spectrum: straight, gamma: de.params.gamma }, portableBackend, silentContext);
    expect(Math.max(...off.risk.map((x, i) => Math.abs(x / ex.risk[i]! - 1)))).toBeGreaterThan(0.1);
  });

  it('spiked (τ = 1/√d): a power-law spectrum reproduces the built-in spiked equivalent to 1e-9 and tracks the exact mean on the bent one', () => {
    const [a, bb] = [0.6, 0.4];
    const s = makeDataSpectrum('pl', Array.from({ length: v }, (_, i) => (i + 1) ** (-2 * a)), Array.from({ length: v }, (_, i) => (i + 1) ** -bb));
    const ref = runCurve({ ...c, tau: 1, method: 'de', alpha: a, beta: bb }, portableBackend, silentContext);
    const dat = runCurve({ ...c, tau: 1, method: 'de', spectrum: s }, portableBackend, silentContext);
    ref.risk.forEach((x, i) => expect(Math.abs(dat.risk[i]! / x - 1)).toBeLessThan(1e-9));
    const lam = Array.from({ length: v }, (_, i) => (i < 50 ? (i + 1) ** -0.8 : 50 ** 0.8 * (i + 1) ** -1.6));
    const b = Array.from({ length: v }, (_, i) => (i + 1) ** -0.3 * (1 + 0.5 * Math.sin(i)));
    const bent = makeDataSpectrum('bent', lam, b);
    const de = runCurve({ ...c, tau: 1, method: 'de', spectrum: bent }, portableBackend, silentContext);
    const ex = runCurve({ ...c, tau: 1, method: 'exact', spectrum: bent, draws: 20, gamma: de.params.gamma }, portableBackend, silentContext);
    de.risk.forEach((x, i) => expect(Math.abs(x / ex.risk[i]! - 1)).toBeLessThan(0.1));
    // negative control: the plain equivalent (τ = 0) misses the spiked mean by more than 10% somewhere
    const plain = runCurve({ ...c, tau: 0, method: 'de', spectrum: bent, gamma: de.params.gamma }, portableBackend, silentContext);
    expect(Math.max(...plain.risk.map((x, i) => Math.abs(x / ex.risk[i]! - 1)))).toBeGreaterThan(0.1);
  });
});
