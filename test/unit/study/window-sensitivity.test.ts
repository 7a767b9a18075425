// Window sensitivity (study/window-sensitivity.ts) on frontiers with a known answer:
// an exact power law (every window gives the same η), a broken power law (η₁ on the left half,
// η₂ on the right: the scan must reach both slopes' neighbourhood and the full-window entry is the
// plain fit), Δη paired window by window (a constant shift of η gives a zero-width range), the
// combined interval covering both inputs; and in a real study (DE, both τ) the JSON fields.
import { describe, expect, it } from 'vitest';
import type { Frontier } from '../../../src-shared/study/frontier';
import { fitFrontier } from '../../../src-shared/study/fit';
import { coverBoth, deltaWindowSensitivity, scanWindows, windowSensitivity, WIDTHS, POSITIONS } from '../../../src-shared/study/window-sensitivity';
import { runStudy } from '../../../src-shared/compute/study-task';
import { validateStudySpec } from '../../../src-shared/params/study-params';
import { portableBackend } from '../../../src-shared/linalg/portable';

function frontier(risk: (C: number) => number, c0 = 1e3, c1 = 1e9, n = 241): Frontier {
  const C = new Float64Array(n);
  const R = new Float64Array(n);
  for (let i = 0; i < n; i++) {
    C[i] = c0 * Math.pow(c1 / c0, i / (n - 1));
    R[i] = risk(C[i]!);
  }
  return { dgrid: [1, 2, 3], C, risk: R, dStar: new Float64Array(n).fill(2), winner: new Int32Array(n).fill(1), nInside: new Int32Array(n).fill(3), crossovers: [] } as unknown as Frontier;
}

describe('window sensitivity', () => {
  it('the scan stays inside the admissible window and has the documented size', () => {
    const w = scanWindows([1e4, 1e8]);
    expect(w).toHaveLength(WIDTHS.filter((x) => x < 1).length * POSITIONS + 1);
    for (const [a, b] of w) {
      expect(a).toBeGreaterThanOrEqual(1e4 * (1 - 1e-12));
      expect(b).toBeLessThanOrEqual(1e8 * (1 + 1e-12));
      expect(b).toBeGreaterThan(a);
    }
    expect(w[w.length - 1]).toEqual([1e4, 1e8]);
    expect(scanWindows([NaN, NaN])).toEqual([]);
  });

  it('an exact power law: the same η in every window', () => {
    const f = frontier((C) => 3 * Math.pow(C, -0.37));
    const s = windowSensitivity(f, [1e4, 1e8], [0.36, 0.38]);
    for (const x of s.eta_window) expect(x.eta).toBeCloseTo(0.37, 10);
    expect(s.eta_window_range[1] - s.eta_window_range[0]).toBeLessThan(1e-10);
    expect(s.eta_ci_combined).toEqual([0.36, 0.38]);
  });

  it('a broken power law: the range spans towards both slopes; the full window equals the plain fit', () => {
    const Cb = 1e6;
    const f = frontier((C) => (C < Cb ? Math.pow(C, -0.3) : Math.pow(Cb, -0.3) * Math.pow(C / Cb, -0.5)));
    const win: [number, number] = [1e4, 1e8];
    const s = windowSensitivity(f, win, [NaN, NaN]);
    const full = fitFrontier(f, win).eta;
    expect(s.eta_window[s.eta_window.length - 1]!.eta).toBeCloseTo(full, 12);
    // the left-most half window lies entirely in the η = 0.3 part, the right-most in the 0.5 part
    expect(s.eta_window_range[0]).toBeCloseTo(0.3, 6);
    expect(s.eta_window_range[1]).toBeCloseTo(0.5, 6);
    // no bootstrap interval: the combined interval is the window range
    expect(s.eta_ci_combined).toEqual(s.eta_window_range);
  });

  it('Δη paired by window; combined covers the bootstrap interval and the range', () => {
    const a = windowSensitivity(frontier((C) => (C < 1e6 ? Math.pow(C, -0.3) : Math.pow(1e6, -0.3) * Math.pow(C / 1e6, -0.5))), [1e4, 1e8], [NaN, NaN]);
    const shifted = { eta_window: a.eta_window.map((x) => ({ ...x, eta: x.eta + 0.05 })) };
    const d = deltaWindowSensitivity(a, shifted, [0.04, 0.07]);
    expect(d.delta_eta_window_range[0]).toBeCloseTo(0.05, 12);
    expect(d.delta_eta_window_range[1]).toBeCloseTo(0.05, 12);
    expect(d.delta_eta_ci_combined).toEqual([0.04, 0.07]);
    expect(coverBoth([0.1, 0.2], [0.05, 0.15])).toEqual([0.05, 0.2]);
    expect(coverBoth([NaN, NaN], [0.05, 0.15])).toEqual([0.05, 0.15]);
  });

  it('a DE study reports the scan, the ranges and combined intervals for both fits and Δη', async () => {
    const spec = validateStudySpec({ alpha: 0.6, beta: 0.2, dgrid: [50, 100, 200, 400], vRatio: 2, tau: [0, 1], method: 'de', bootstrap: 100 });
    const res = await runStudy(spec, portableBackend, { progress: () => {}, cancelled: () => false });
    for (const f of res.fits) {
      expect(f.eta_window.length).toBeGreaterThan(5);
      const full = f.eta_window[f.eta_window.length - 1]!;
      expect(full.window).toEqual(f.window);
      expect(full.eta).toBeCloseTo(f.eta, 12);
      expect(f.eta_window_range[0]).toBeLessThanOrEqual(f.eta);
      expect(f.eta_window_range[1]).toBeGreaterThanOrEqual(f.eta);
      expect(f.eta_ci_combined[0]).toBeLessThanOrEqual(Math.min(f.eta_ci[0], f.eta_window_range[0]));
      expect(f.eta_ci_combined[1]).toBeGreaterThanOrEqual(Math.max(f.eta_ci[1], f.eta_window_range[1]));
    }
    // Δη of the τ = 1/√d variant (index 1) against the reference
    const dw = res.delta_eta_window_range[1]!;
    const dc = res.delta_eta_ci_combined[1]!;
    expect(dw[0]).toBeLessThanOrEqual(res.delta_eta[1]! + 1e-12);
    expect(dw[1]).toBeGreaterThanOrEqual(res.delta_eta[1]! - 1e-12);
    expect(dc[0]).toBeLessThanOrEqual(res.delta_eta_ci[1]![0]);
    expect(dc[1]).toBeGreaterThanOrEqual(res.delta_eta_ci[1]![1]);
    expect(res.fits[1]!.delta_eta_ci_combined).toEqual(dc);
    expect(res.delta_eta_window_range[0]).toEqual([0, 0]);
  }, 60_000);
});
