// Window sensitivity of the frontier fit (issue 11, "uncertainty that tells the truth").
//
// The bootstrap interval (bootstrap.ts) measures the noise of the curves at a fixed window; it
// says nothing about how much η̂ depends on the choice of the window, which for deterministic
// curves is the dominant uncertainty (±0.02–0.03 against a bootstrap ±0.002). So every fit also
// reports η refitted (fit.ts fitEta, the same OLS) over a fixed scan of sub-windows of its
// admissible range [C_lo, C_hi] (the fit's window: the interior-d* rule or the user's window):
// in u = log C, window widths WIDTHS × (u_hi − u_lo), each at POSITIONS evenly spread start points
// (the full window once). Windows with fewer than 3 frontier points are skipped.
//   eta_window        [{window: [Cmin, Cmax], eta}]   the scan
//   eta_window_range  [min, max] of η over the scan
//   eta_ci_combined   [min(ci_lo, range_lo), max(ci_hi, range_hi)] — covers the bootstrap
//                     interval and the window range (either alone when the other is missing)
// Δη: the same scan (same relative windows) on both fits, differences paired window by window:
//   delta_eta_window_range, delta_eta_ci_combined (likewise with the Δη bootstrap interval).
// deltaWindowSensitivity takes two fits, so it maps over any list of variants against a reference.
import type { Frontier } from './frontier';
import { fitEta, type Window } from './fit';

export const WIDTHS = [0.5, 0.75, 1] as const;
export const POSITIONS = 5;

export interface WindowEta {
  window: [number, number];
  eta: number;
}

export interface WindowSensitivity {
  eta_window: WindowEta[];
  eta_window_range: [number, number];
  eta_ci_combined: [number, number];
}

/** the scan's windows inside [lo, hi] (log-uniform positions), in a fixed order */
export function scanWindows(range: Window): Window[] {
  const [lo, hi] = range;
  if (!(lo > 0 && hi > lo)) return [];
  const ulo = Math.log(lo);
  const span = Math.log(hi) - ulo;
  const out: Window[] = [];
  for (const w of WIDTHS) {
    const n = w === 1 ? 1 : POSITIONS;
    for (let k = 0; k < n; k++) {
      const a = n === 1 ? 0 : (k / (n - 1)) * (1 - w) * span;
      out.push([k === 0 ? lo : Math.exp(ulo + a), w === 1 || k === n - 1 ? hi : Math.exp(ulo + a + w * span)]);
    }
  }
  return out;
}

function finiteRange(xs: number[]): [number, number] {
  const f = xs.filter(Number.isFinite);
  return f.length ? [Math.min(...f), Math.max(...f)] : [NaN, NaN];
}

/** the smallest interval covering both (a missing one, NaN, is ignored) */
export function coverBoth(a: [number, number], b: [number, number]): [number, number] {
  const lo = [a[0], b[0]].filter(Number.isFinite);
  const hi = [a[1], b[1]].filter(Number.isFinite);
  return [lo.length ? Math.min(...lo) : NaN, hi.length ? Math.max(...hi) : NaN];
}

/** η over the scan of one fit's admissible window, with the combined interval */
export function windowSensitivity(frontier: Frontier, window: Window, etaCi: [number, number]): WindowSensitivity {
  const eta_window = scanWindows(window).map((w) => ({ window: w as [number, number], eta: -fitEta(frontier, w).slope }));
  const eta_window_range = finiteRange(eta_window.map((x) => x.eta));
  return { eta_window, eta_window_range, eta_ci_combined: coverBoth(etaCi, eta_window_range) };
}

export interface DeltaWindowSensitivity {
  delta_eta_window_range: [number, number];
  delta_eta_ci_combined: [number, number];
}

/** Δη = η(b) − η(a) over the paired scans of two fits (same relative windows), with its combined interval */
export function deltaWindowSensitivity(a: { eta_window: WindowEta[] }, b: { eta_window: WindowEta[] }, deltaCi: [number, number]): DeltaWindowSensitivity {
  const n = Math.min(a.eta_window.length, b.eta_window.length);
  const d: number[] = [];
  for (let k = 0; k < n; k++) d.push(b.eta_window[k]!.eta - a.eta_window[k]!.eta);
  const delta_eta_window_range = finiteRange(d);
  return { delta_eta_window_range, delta_eta_ci_combined: coverBoth(deltaCi, delta_eta_window_range) };
}
