// The spiked deterministic equivalent (corrected HLN form, DESIGN.md §3) at τ = 0 must reduce to
// the plain one (x = −m/z, 1 + y = 1/m) — to 1e-10 in x, in both densities and in F₀ — and for a
// tiny spike it must be a small perturbation of it. Independent path: PlainSolver's scalar
// equation z(x) = −1/x + (1/d) Σ λ_j/(1+λ_j x) vs SpikedSolver's 2×2 system.
import { describe, expect, it } from 'vitest';
import { PlainSolver } from '../../../src-shared/theory/plain-equivalent';
import { SpikedSolver } from '../../../src-shared/theory/spiked-equivalent';
import { deSpectrum } from '../../../src-shared/theory/de-spectrum';

describe('spiked equivalent at τ = 0', () => {
  const p = { alpha: 0.5, beta: 0.7, v: 2000, d: 1000 };
  const plain = new PlainSolver(p);
  const spiked = new SpikedSolver({ ...p, tau: 0 }, 95);
  it('has the plain root and densities to 1e-10 across the spectrum', () => {
    let prev: [number, number] | undefined;
    for (const l of [5, 1.2, 0.99, 0.3, 0.05, 0.01, 2e-3, 5e-4, 2e-4, 1e-4]) {
      const x = plain.solve(l, 1e-9, prev);
      prev = x;
      const r = spiked.solve(l, 1e-9, null);
      expect(Math.hypot(r.x[0] - x[0], r.x[1] - x[1]) / Math.hypot(x[0], x[1])).toBeLessThan(1e-10);
      // u = 1/m = −1/(x z)
      const zr = l,
        zi = 1e-9 * l;
      const xzr = x[0] * zr - x[1] * zi,
        xzi = x[0] * zi + x[1] * zr;
      const n = xzr * xzr + xzi * xzi;
      expect(Math.hypot(r.u[0] + xzr / n, r.u[1] - xzi / n) / Math.hypot(r.u[0], r.u[1])).toBeLessThan(1e-10);
      const dn = spiked.densities([zr, zi], r.x, r.u);
      const densPlain = x[1] / Math.PI;
      expect(Math.abs(dn.density - densPlain)).toBeLessThanOrEqual(1e-10 * Math.max(densPlain, 1e-300) + 1e-300 + 1e-10 * Math.abs(x[0]) * 1e-9);
      const s = plain.postSums(x[0], x[1]);
      const fPlain = -(l * s.sai - zi * s.sar) / (l * l + zi * zi) / Math.PI;
      expect(Math.abs(dn.forcing - fPlain)).toBeLessThanOrEqual(1e-10 * Math.abs(fPlain) + 1e-14 * Math.abs(s.sar) / l);
    }
  });
  it('has the plain F₀ to 1e-10', () => {
    const kappa = plain.kappa();
    const F0 = plain.postSums(kappa, 0).sar;
    expect(Math.abs(spiked.F0(1e-4, kappa) - F0) / F0).toBeLessThan(1e-10);
  });
  it('is continuous in τ: a tiny spike barely moves F₀ and the bulk', () => {
    const a = deSpectrum({ ...p, v: 400, d: 200, tau: 0 });
    const b = deSpectrum({ ...p, v: 400, d: 200, tau: 1e-3 });
    expect(Math.abs(b.F0 - a.F0) / a.F0).toBeLessThan(1e-4);
    expect(b.outlier === null || b.outlier.weight < 1e-3 || b.outlier.lambda > 0).toBe(true);
  });
});
