// Deterministic Volterra curve (theory/de-curve.ts) vs the exact expected risk averaged over
// independent draws (model/problem → spectral reduction → closed form, the engine's exact path),
// r up to 1e6, B = 1 and 4, τ = 0 and 1/√d, at the same γ (half the equivalent's γ_max, stable
// for every draw).
// Sizes: v = 512, d = 256, (α, β) = (0.5, 0.7) — the seed-000 study point (III/IVa boundary), with
// isolated top eigenvalues, the bulk, the lower edge at d^{-2α} and the plateau F₀/(1 − q) all
// inside r ≤ 1e6, so every part of the measure is exercised; d = 256 keeps 32 eigen-decompositions
// per τ to ~2 s. Criterion: |R_de − R̄| ≤ max(3 %, 3 s.e.) · R̄ at every checkpoint, s.e. of the
// mean over draws (per-draw spread of R is ≈ 12 % at this d, so 32 draws give s.e. ≈ 2 %).
// Also: the equivalent's own closed form agrees with the step recurrence (reference path).
import { describe, expect, it } from 'vitest';
import { deCurve } from '../../../src-shared/theory/de-curve';
import { deSpectrum } from '../../../src-shared/theory/de-spectrum';
import { supportMeasure } from '../../../src-shared/theory/de-support';
import { makeProblem } from '../../../src-shared/model/problem';
import { reduceProblem } from '../../../src-shared/model/spectral-reduction';
import { portableBackend } from '../../../src-shared/linalg/portable';
import { measureFromProblem } from '../../../src-shared/dynamics/measure';
import { prepareClosedForm } from '../../../src-shared/dynamics/closed-form';
import { riskRecurrence } from '../../../src-shared/dynamics/recurrence';
import { isParamError } from '../../../src-shared/params/errors';
import { CancelledError } from '../../../src-shared/compute/task';

describe('deterministic Volterra curve vs exact expected risk over draws', () => {
  const p = { alpha: 0.5, beta: 0.7, v: 512, d: 256 };
  const draws = 32;
  for (const tau of [0, 1]) {
    it(`τ = ${tau}/√d, B = 1 and 4, r ≤ 1e6`, () => {
      const spec = deSpectrum({ ...p, tau });
      const sps = Array.from({ length: draws }, (_, k) => reduceProblem(makeProblem({ ...p, tau, seed: 17, draw: k }), portableBackend));
      for (const batch of [1, 4]) {
        const de = deCurve({ ...p, tau, batch, rmax: 1_000_000, checkpoints: 40, gammaFraction: 0.5 }, undefined, spec);
        const curves = sps.map((sp) => prepareClosedForm(measureFromProblem(sp), { gamma: de.gamma, batch }).risk(de.r));
        for (let i = 0; i < de.r.length; i++) {
          let m = 0;
          for (const c of curves) m += c[i]! / draws;
          let v = 0;
          for (const c of curves) v += (c[i]! - m) ** 2;
          const se = Math.sqrt(v / (draws - 1) / draws);
          const tol = Math.max(0.03 * m, 3 * se);
          expect(Math.abs(de.risk[i]! - m), `B=${batch} r=${de.r[i]} de=${de.risk[i]} mean=${m} se=${se}`).toBeLessThanOrEqual(tol);
        }
        expect(de.risk[0]).toBeCloseTo(spec.aNorm2, 3);
      }
    }, 120_000);
  }

  it('closed form on the discretised measure equals the step recurrence', () => {
    const spec = deSpectrum({ ...p, tau: 1 });
    const de = deCurve({ ...p, tau: 1, batch: 2, rmax: 3000, checkpoints: 30, gammaFraction: 0.8 }, undefined, spec);
    const rec = riskRecurrence(supportMeasure(spec), { gamma: de.gamma, batch: 2 }, de.r);
    for (let i = 0; i < de.r.length; i++) expect(Math.abs(de.risk[i]! - rec[i]!) / rec[i]!).toBeLessThan(1e-9);
  });

  it('refuses γ ≥ γ_max and bad sizes with a ParamError before work', () => {
    const bad = [
      () => deCurve({ ...p, rmax: 100, gamma: 10 }),
      () => deCurve({ ...p, v: 100, rmax: 100 }),
      () => deCurve({ ...p, rmax: 0 }),
      () => deCurve({ ...p, rmax: 10, batch: 0 }),
      () => deCurve({ ...p, alpha: 0.1, beta: 0.2, rmax: 10 }),
    ];
    for (const f of bad) {
      let e: unknown;
      try {
        f();
      } catch (x) {
        e = x;
      }
      expect(isParamError(e)).toBe(true);
    }
  });

  it('reports progress and honours cancellation', () => {
    const phases: string[] = [];
    let calls = 0;
    const ctx = {
      progress: (q: { fraction: number; phase: string }) => {
        calls++;
        phases.push(q.phase);
        expect(q.fraction).toBeGreaterThanOrEqual(0);
        expect(q.fraction).toBeLessThanOrEqual(1);
      },
      cancelled: () => calls > 1,
    };
    expect(() => deCurve({ ...p, tau: 1, rmax: 100 }, ctx)).toThrow(CancelledError);
    expect(phases.length).toBeGreaterThan(0);
  });
});
