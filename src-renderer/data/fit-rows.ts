// Rows of the fit tables (Run page and Compare), every number through estimates.ts:
//   η, ξ with their intervals as [lo, hi]; missing values as "not estimable: …"; each fit
//   warning next to the number it qualifies (η:, ξ:, and window/frontier for the fit).
//   Δη pairs the τ variants of ONE study: Δη = η(τ) − η(first τ of that study), with the
//   study's bootstrap interval (summary.delta_eta_ci, which belongs to the last τ vs the first).
//   Across studies there is no Δη: the column "η − η(ref)" is the plain difference of point
//   estimates against a named reference panel (no interval: the studies' draws are independent
//   and their intervals are not combined here).
import { fixed, sci } from '../charts/format';
import { estimate, fixedClean, interval, sciOr, warningsFor } from './estimates';
import type { StudyFitRow, TauPanel } from './adapt';

export const tauName = (c: number): string => (c === 0 ? 'τ = 0' : c === 1 ? 'τ = 1/√d' : `τ = ${fixedClean(c, 3).replace(/\.?0+$/, '')}/√d`);

export interface FitPanelInput {
  runId: number;
  p: TauPanel;
  /** all τ of this panel's study, ascending */
  studyTaus: number[];
  /** first-τ fit of the same study (the Δη reference) */
  studyBase: StudyFitRow | null;
  deltaEta: number | null;
  deltaEtaCi: [number, number] | null;
  theory: { phase: string; boundary: string[]; eta: number; xi: number } | null;
}

export interface FitRow {
  key: string;
  /** the panel's colour (variants keep one colour across every chart), when given */
  color?: string;
  runId: number;
  tau: number;
  label: string;
  s: string;
  eta: string;
  etaMissing: boolean;
  etaWarnings: string[];
  xi: string;
  xiMissing: boolean;
  xiWarnings: string[];
  fitWarnings: string[];
  window: string;
  /** Δη within the study (τ variants), or '' for the study's first τ */
  dEta: string;
  /** η − η(reference panel), across studies; '' when one study only or for the reference itself */
  dEtaRef: string;
  phase: string;
  etaTh: string;
  xiTh: string;
}

function whyEta(f: StudyFitRow | null): string {
  if (!f) return 'no fit stored (the frontier is empty or the run has no fits)';
  if (!Number.isFinite(f.s)) return 'the fitted prefactor s overflows (risk at machine precision)';
  return 'too few frontier points in the window';
}

/** row key of a panel: "run-τ" for τ studies, "run-vN" when more than τ is varied */
export function panelKey(runId: number, p: { tau: number; variant?: number; values?: Record<string, unknown> }): string {
  return p.values && Object.keys(p.values).length > 1 && p.variant !== undefined ? `${runId}-v${p.variant}` : `${runId}-${p.tau}`;
}

export function fitRow(pp: FitPanelInput, ref: FitPanelInput | null): FitRow {
  const f = pp.p.fit;
  // η of a fit whose prefactor overflowed is not a power law of the data (risk at rounding level)
  const eta = estimate(f && Number.isFinite(f.s) ? f.eta : NaN, f?.eta_ci, whyEta(f));
  const xi = estimate(f?.xi, f?.xi_ci, f ? 'd* constant over the window (no size switch)' : 'no fit stored');
  const isFirst = pp.studyTaus[0] === pp.p.tau;
  const isLast = pp.studyTaus[pp.studyTaus.length - 1] === pp.p.tau;
  let dEta = '';
  const pv = pp.p as Partial<Pick<TauPanel, 'deltaEta' | 'deltaEtaCi' | 'reference' | 'label'>>;
  if (pv.reference) dEta = 'reference';
  else if (typeof pv.deltaEta === 'number' && Number.isFinite(pv.deltaEta)) {
    // variants (issue 18): Δη against the run's reference variant, with its paired interval
    dEta = pv.deltaEtaCi ? `${fixed(pv.deltaEta)} ${interval(pv.deltaEtaCi[0], pv.deltaEtaCi[1], (v) => fixedClean(v))}` : fixed(pv.deltaEta);
  } else if (!isFirst) {
    const d = f && pp.studyBase ? f.eta - pp.studyBase.eta : NaN;
    if (!Number.isFinite(d)) dEta = 'not estimable: η missing';
    else if (isLast && pp.deltaEtaCi) dEta = `${fixed(d)} ${interval(pp.deltaEtaCi[0], pp.deltaEtaCi[1], (v) => fixedClean(v))}`;
    else dEta = fixed(d);
  }
  let dEtaRef = '';
  if (ref && ref !== pp && ref.runId !== pp.runId) {
    const d = f && ref.p.fit ? f.eta - ref.p.fit.eta : NaN;
    dEtaRef = Number.isFinite(d) ? fixed(d) : 'not estimable: η missing';
  }
  const th = pp.theory;
  return {
    key: panelKey(pp.runId, pp.p),
    runId: pp.runId,
    tau: pp.p.tau,
    label: `${pv.label ?? tauName(pp.p.tau)} · run ${pp.runId}`,
    s: f ? sciOr(f.s, 'overflows (risk at machine precision)') : '—',
    eta: eta.text,
    etaMissing: eta.missing,
    etaWarnings: warningsFor(f?.warnings, 'eta'),
    xi: xi.text,
    xiMissing: xi.missing,
    xiWarnings: warningsFor(f?.warnings, 'xi'),
    fitWarnings: warningsFor(f?.warnings, 'fit'),
    window: f && f.window.every(Number.isFinite) ? `${sci(f.window[0])} – ${sci(f.window[1])}` : '—',
    dEta,
    dEtaRef,
    phase: th ? `${th.phase}${th.boundary.length ? ` (boundary ${th.boundary.join('/')})` : ''}` : '—',
    etaTh: f && 'theory' in f ? (f.theory ? fixed((f.theory as { eta: number }).eta) : th ? `(${fixed(th.eta)} at τ = 0, SGD)` : '—') : th && pp.p.tau === 0 ? fixed(th.eta) : th ? `(${fixed(th.eta)} at τ = 0)` : '—',
    xiTh: th && pp.p.tau === 0 ? fixed(th.xi) : '—',
  };
}

/** the reference panel of the cross-study column: the first panel (τ = 0 of the first run when present) */
export function referencePanel(panels: FitPanelInput[]): FitPanelInput | null {
  const runs = new Set(panels.map((p) => p.runId));
  if (runs.size < 2) return null;
  const first = panels[0]!.runId;
  return panels.find((p) => p.runId === first && p.p.tau === 0) ?? panels[0]!;
}

export function fitRows(panels: FitPanelInput[]): { rows: FitRow[]; ref: FitPanelInput | null; refLabel: string } {
  const ref = referencePanel(panels);
  return { rows: panels.map((p) => fitRow(p, ref)), ref, refLabel: ref ? `${tauName(ref.p.tau)} · run ${ref.runId}` : '' };
}

/** the panel subtitle of a fit: "R̂(C) = s·C^(−η),  η = … [lo, hi]" or why there is no law */
export function fitSubtitle(f: StudyFitRow | null, withXi = true): string {
  if (!f) return 'no fit stored';
  if (!Number.isFinite(f.s) || !Number.isFinite(f.eta)) return 'no power-law fit: not estimable (risk at machine precision or too few frontier points)';
  const eta = estimate(f.eta, f.eta_ci, 'too few frontier points');
  const xi = estimate(f.xi, f.xi_ci, 'd* constant over the window');
  return `R̂(C) = ${sci(f.s)}·C^(−${f.eta.toFixed(3)}),  η = ${eta.text}${withXi ? `,  ξ = ${xi.missing ? 'not estimable' : xi.text}` : ''}`;
}
