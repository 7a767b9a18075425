// Asymptotic components (theory/components.ts): the integrals against closed forms, ζ against
// known values, F₀ (PPXP24 Prop. 8.1 form with κ(v/d)) against the deterministic equivalent's exact
// F₀ = Σ a_j²/(1+κλ_j), and R ≍ F₀ + F_ac + F_pp + K_pp/(γB): the deterministic Volterra curve stays
// within a bounded factor of the sum of components over 8 decades of r in four phases.
import { describe, expect, it } from 'vitest';
import { asymptoticComponents, F0Asymptotic, powerExpIntegral, zeta } from '../../../src-shared/theory/components';
import { deCurve } from '../../../src-shared/theory/de-curve';

describe('asymptotic components', () => {
  it('∫ u^{s−1} e^{−cu} du matches closed forms', () => {
    for (const c of [1e-3, 0.7, 10, 1e3, 1e7]) {
      const e = Math.exp(-c);
      expect(powerExpIntegral(1, c) / (-Math.expm1(-c) / c) - 1).toBeLessThan(1e-10);
      const i2 = c < 1e-2 ? 0.5 - c / 3 : (1 - e * (1 + c)) / (c * c);
      expect(Math.abs(powerExpIntegral(2, c) / i2 - 1)).toBeLessThan(1e-6);
      if (c > 1) expect(Math.abs(powerExpIntegral(3, c) / ((2 - e * (c * c + 2 * c + 2)) / (c * c * c)) - 1)).toBeLessThan(1e-10);
    }
    // Γ(1/2) c^{-1/2} for large c
    expect(Math.abs(powerExpIntegral(0.5, 1e8) / Math.sqrt(Math.PI / 1e8) - 1)).toBeLessThan(1e-10);
    // s < 0 with a lower cut-off, c = 0: ∫_lo^1 u^{-3/2} du = 2(lo^{-1/2} − 1)
    expect(Math.abs(powerExpIntegral(-0.5, 0, 1e-4) / (2 * (100 - 1)) - 1)).toBeLessThan(1e-10);
  });
  it('ζ(2), ζ(4)', () => {
    expect(zeta(2)).toBeCloseTo((Math.PI * Math.PI) / 6, 12);
    expect(zeta(4)).toBeCloseTo(Math.PI ** 4 / 90, 12);
    expect(zeta(1.4)).toBeCloseTo(3.1055472779775, 9);
  });
  it('F₀ asymptotic agrees with the equivalent’s F₀ (d = 1000, v = 4000)', () => {
    for (const [a, b] of [
      [0.8, 1.2],
      [0.6, 0.2],
      [0.45, 0.9],
    ]) {
      const de = deCurve({ alpha: a!, beta: b!, v: 4000, d: 1000, rmax: 10, checkpoints: 2 });
      expect(Math.abs(F0Asymptotic(a!, b!, 4000, 1000).F0 / de.F0 - 1)).toBeLessThan(5e-3);
    }
  });
  it('R(r) ≍ F₀ + F_ac + F_pp + K_pp/(γB) over r ∈ [1, 1e8]', () => {
    for (const [a, b] of [
      [0.8, 1.2],
      [0.6, 0.2],
      [1.0, 0.7],
      [0.45, 0.9],
    ]) {
      const c = deCurve({ alpha: a!, beta: b!, v: 4000, d: 1000, rmax: 1e8, checkpoints: 12, gammaFraction: 0.5 });
      const comp = asymptoticComponents({ alpha: a!, beta: b!, v: 4000, d: 1000, gamma: c.gamma, batch: 1 }, c.r);
      for (let i = 0; i < c.r.length; i++) {
        const ratio = c.risk[i]! / comp.total[i]!;
        expect(ratio, `(${a}, ${b}) r = ${c.r[i]}`).toBeGreaterThan(0.5);
        expect(ratio, `(${a}, ${b}) r = ${c.r[i]}`).toBeLessThan(4);
      }
    }
  });
});
