// Rows of a study's variants (colour per variant, used by the Run page's fit table) and the sentence saying what a study
// compares, from a study view (data/adapt.ts). Pure. Colours: charts/variant-colors.ts, by the
// variant's position among all panels of the view (`offset`/`total` when several runs share one).
import type { ChartTheme } from '../charts/theme';
import { variantColor } from '../charts/variant-colors';
import type { StudyFitRow, StudyView, TauPanel } from './adapt';

/** one row of the variant table */
export interface VariantRow {
  key: string;
  label: string;
  color: string;
  fit: StudyFitRow | null;
  deltaEta: number | null;
  deltaEtaCi: [number, number] | null;
  reference: boolean;
  /** theory η of this variant (τ = 0, SGD), when it exists */
  theoryEta?: number | null;
}

/** the theory η of a panel: the fit's own theory block (runs with variants), else τ = 0's */
export function panelTheoryEta(view: StudyView, p: TauPanel): number | null {
  if (p.fit && 'theory' in p.fit) return p.fit.theory ? p.fit.theory.eta : null;
  return p.tau === 0 && view.theory ? view.theory.eta : null;
}

export function variantRows(view: StudyView, theme: ChartTheme, opts: { offset?: number; total?: number; suffix?: string; keyPrefix?: string } = {}): VariantRow[] {
  const total = opts.total ?? view.panels.length;
  return view.panels.map((p, i) => ({
    key: `${opts.keyPrefix ?? ''}${p.variant}`,
    label: `${p.label}${opts.suffix ?? ''}`,
    color: variantColor((opts.offset ?? 0) + i, total, theme),
    fit: p.fit,
    deltaEta: p.deltaEta,
    deltaEtaCi: p.deltaEtaCi,
    reference: p.reference && view.panels.length > 1,
    theoryEta: panelTheoryEta(view, p),
  }));
}

const KEY_NAMES: Record<string, string> = { tau: 'τ', batch: 'B', gammaFraction: 'γ/γ_max', vRatio: 'v/d', rmaxFactor: 'r-range factor', alpha: 'α', beta: 'β' };
const tauVal = (c: unknown) => (c === 0 ? '0' : c === 1 ? '1/√d' : `${String(c)}/√d`);

/** the varied keys of a study and their values, e.g. "B ∈ {1, 8} × τ ∈ {0, 1/√d}" */
export function variedText(view: StudyView): string {
  const keys: string[] = [];
  for (const p of view.panels) for (const k of Object.keys(p.values)) if (!keys.includes(k)) keys.push(k);
  const parts = keys
    .map((k) => {
      const vals: string[] = [];
      for (const p of view.panels) {
        const v = p.values[k];
        const s = k === 'tau' ? tauVal(v) : String(v);
        if (v !== undefined && !vals.includes(s)) vals.push(s);
      }
      return vals.length >= 2 ? `${KEY_NAMES[k] ?? k} ∈ {${vals.join(', ')}}` : '';
    })
    .filter(Boolean);
  return parts.join(' × ');
}

/** what a study compares, in one sentence */
export function studyComparisonText(view: StudyView, runId?: number): string {
  const n = view.panels.length;
  const who = runId !== undefined ? `Run ${runId}` : 'This study';
  if (n < 2) return `${who} has a single variant (${view.panels[0]?.label ?? '—'}): nothing to compare within it.`;
  const ref = view.panels.find((p) => p.reference) ?? view.panels[0]!;
  const level = typeof view.params.level === 'number' ? view.params.level : 0.95;
  // variants with different spectra share each draw's Gaussian Z, not W̃ᵀDW̃ (fits[].delta_eta_pairing)
  const z = view.panels.some((p) => p.fit?.delta_eta_pairing === 'paired-z');
  const draws = z ? 'on shared draws of Z (the spectra differ)' : 'on shared draws';
  return `${who} compares ${n} variants of one setting (${variedText(view) || view.panels.map((p) => p.label).join(' vs ')}) ${draws}; Δη = η − η(${ref.label}) with ${Math.round(level * 100)} % paired-bootstrap intervals.`;
}
