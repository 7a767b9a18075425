// Figures for a paper: the chart options of one run's panel at a physical size, the SAME option
// builders as the app (risk.ts, spectrum.ts, phases.ts) with export styling (no interactive
// chrome, the chosen font and size). DOM-free: imported by the app's export dialog and by the
// CLI (`plrf figure`, src-main/figure). Sizes: 1 SVG unit = 1 pt (PDF), so a 3.25 in figure is
// 234 units wide and a 9 pt font is fontSize 9.
//   panels: frontier — per τ: curves vs compute, frontier, fitted law;
//           curves   — per τ: curves vs steps r (curve runs: the mean with its band);
//           spectrum — the density of a spectrum run;
//           compare  — the frontiers of every τ of the study overlaid (one colour per τ);
//           phases   — the (α, β) phase plane with the run's measured η.
// File names come from the run: run12-tau0-frontier.pdf, run12-tau1-frontier.pdf (c of
// τ = c/√d, "." → "p"), never colliding across τ, panels or runs.
import type { RunDetail } from '../../src-shared/api';
import { riskChartOption, type XYLine } from './risk';
import { spectrumChartOption } from './spectrum';
import { phaseChartOption } from './phases';
import { themeByName, tauColor, type ChartTheme } from './theme';
import { curveRunCurves, fitLine, spectrumSides, studyView } from '../data/adapt';
import { tauName } from '../data/fit-rows';
import { sciOr } from '../data/estimates';

export const PANELS = ['frontier', 'curves', 'spectrum', 'compare', 'phases'] as const;
export type Panel = (typeof PANELS)[number];
export const FORMATS = ['pdf', 'svg', 'png'] as const;
export type FigureFormat = (typeof FORMATS)[number];

/** presets of the export dialog and the CLI: one column, two columns (in inches) */
export const WIDTH_PRESETS = { '3.25in': 3.25, '6.75in': 6.75 } as const;

export interface FigureStyle {
  /** width, height in points (1/72 in) */
  widthPt: number;
  heightPt: number;
  fontSizePt: number;
  font: 'serif' | 'sans';
  theme?: 'light' | 'dark';
}

export const FONT_FAMILY = { sans: 'DejaVu Sans', serif: 'DejaVu Serif' } as const;

/** "3.25in", "8.5cm", "84mm", "240pt" or a bare number of inches → points */
export function parseLength(s: string): number | null {
  const m = /^\s*(\d+(?:\.\d+)?)\s*(in|cm|mm|pt)?\s*$/.exec(s);
  if (!m) return null;
  const v = Number(m[1]);
  const unit = m[2] ?? 'in';
  const pt = unit === 'in' ? v * 72 : unit === 'cm' ? (v / 2.54) * 72 : unit === 'mm' ? (v / 25.4) * 72 : v;
  return pt > 0 && Number.isFinite(pt) ? pt : null;
}

/** default height: 3/4 of the width (one column) or 0.42 (two columns, a row of panels) */
export function defaultHeightPt(widthPt: number): number {
  return Math.round(widthPt * (widthPt > 300 ? 0.5 : 0.78));
}

export interface FigureSpec {
  /** file stem from the run: run12-tau0-frontier */
  stem: string;
  option: Record<string, unknown>;
}

/** the c of τ = c/√d as a file-name token: 0 → tau0, 1 → tau1, 0.5 → tau0p5 */
export function tauToken(c: number): string {
  return `tau${String(Number(c.toPrecision(6))).replace('-', 'm').replace('.', 'p')}`;
}

export function panelsFor(run: RunDetail): Panel[] {
  if (run.kind === 'study') return ['frontier', 'curves', 'compare', 'phases'];
  if (run.kind === 'spectrum') return ['spectrum'];
  return ['curves'];
}

function riskStyle(style: FigureStyle) {
  return { width: style.widthPt, height: style.heightPt, fontSize: style.fontSizePt, fontFamily: FONT_FAMILY[style.font] };
}

/**
 * The figures of one run's panel (one per τ for frontier/curves of a study; `tau` picks one).
 * Throws Error with a sentence when the panel does not apply to the run.
 */
export function figureSpecs(run: RunDetail, panel: Panel, style: FigureStyle, tau?: number): FigureSpec[] {
  const theme: ChartTheme = themeByName(style.theme ?? 'light');
  const fontFamily = FONT_FAMILY[style.font];
  const t: ChartTheme = { ...theme, font: fontFamily };
  if (!run.result) throw new Error(`run ${run.id} has no stored result (status ${run.status})`);
  const base = `run${run.id}`;
  if (panel === 'spectrum') {
    if (run.kind !== 'spectrum') throw new Error(`panel spectrum needs a spectrum run; run ${run.id} is a ${run.kind} run`);
    const sides = spectrumSides([run]);
    const opt = spectrumChartOption({ theme: t, sides, interactive: false });
    return [{ stem: `${base}-spectrum`, option: restyle(opt, style, fontFamily) }];
  }
  if (panel === 'phases') {
    const v = run.kind === 'study' ? studyView(run) : null;
    const a = Number(run.params.alpha);
    const b = Number(run.params.beta);
    const f0 = v?.panels.find((p) => p.tau === 0)?.fit;
    const measured = f0 && Number.isFinite(f0.eta) && Number.isFinite(f0.s) ? [{ alpha: a, beta: b, eta: f0.eta, etaTheory: v?.theory?.eta ?? null, runId: run.id, tau: 0 }] : [];
    const opt = phaseChartOption({ theme: t, measured, marker: Number.isFinite(a) && Number.isFinite(b) ? { alpha: a, beta: b } : null });
    return [{ stem: `${base}-phases`, option: restyle(opt, style, fontFamily) }];
  }
  if (run.kind !== 'study') {
    if (panel !== 'curves') throw new Error(`panel ${panel} needs a study; run ${run.id} is a ${run.kind} run (use --panel curves)`);
    const curves = curveRunCurves(run, 'steps');
    const opt = riskChartOption({ theme: t, xMode: 'steps', curves, interactive: false, style: riskStyle(style) });
    return [{ stem: `${base}-curves`, option: opt }];
  }
  const sv = studyView(run, panel === 'curves' ? 'steps' : 'compute');
  const taus = sv.panels.map((p) => p.tau);
  if (panel === 'compare') {
    const lines: XYLine[] = [];
    for (const p of sv.panels) if (p.frontier) lines.push({ name: `frontier ${tauName(p.tau)}`, x: p.frontier.C, y: p.frontier.risk, color: tauColor(p.tau, taus, t) });
    for (const p of sv.panels) {
      const fl = fitLine(p.fit);
      if (fl) {
        const pts = [fl.window[0], Math.sqrt(fl.window[0] * fl.window[1]), fl.window[1]];
        lines.push({ name: `fit ${tauName(p.tau)}: R̂(C) = ${sciOr(fl.s, 'overflows')}·C^(−${fl.eta.toFixed(3)})`, x: pts, y: pts.map((C) => fl.s * C ** -fl.eta), color: tauColor(p.tau, taus, t), lineType: 'dashed' });
      }
    }
    const opt = riskChartOption({ theme: t, xMode: 'compute', curves: [], extra: lines, interactive: false, style: riskStyle(style) });
    return [{ stem: `${base}-compare`, option: opt }];
  }
  const chosen = tau === undefined ? sv.panels : sv.panels.filter((p) => p.tau === tau);
  if (!chosen.length) throw new Error(`run ${run.id} has no τ = ${tau}/√d (it has c = ${taus.join(', ')})`);
  return chosen.map((p) => ({
    stem: `${base}-${tauToken(p.tau)}-${panel}`,
    option: riskChartOption({
      theme: t,
      xMode: panel === 'curves' ? 'steps' : 'compute',
      curves: p.curves,
      dGrid: sv.dGrid,
      frontier: panel === 'frontier' ? p.frontier : null,
      fit: panel === 'frontier' ? fitLine(p.fit) : null,
      showBands: true,
      interactive: false,
      style: riskStyle(style),
    }),
  }));
}

/** export styling for builders without a style input: fonts and sizes throughout, no chrome */
export function restyle(opt: Record<string, unknown>, style: FigureStyle, fontFamily: string): Record<string, unknown> {
  const fs = style.fontSizePt;
  const setFont = (o: unknown): void => {
    if (!o || typeof o !== 'object') return;
    if (Array.isArray(o)) return o.forEach(setFont);
    const r = o as Record<string, unknown>;
    for (const k of ['textStyle', 'nameTextStyle', 'axisLabel', 'subtextStyle', 'label']) {
      const ts = r[k];
      if (ts && typeof ts === 'object' && !Array.isArray(ts)) {
        const tt = ts as Record<string, unknown>;
        tt.fontFamily = fontFamily;
        if (typeof tt.fontSize === 'number') tt.fontSize = Math.max(5, Math.round((tt.fontSize / 12) * fs));
      }
    }
    for (const k of ['xAxis', 'yAxis', 'legend', 'title', 'series']) if (r[k]) setFont(r[k]);
  };
  const out = { ...opt, tooltip: undefined, dataZoom: undefined, toolbox: undefined, animation: false };
  setFont(out);
  // margins and legend offsets were set for 12 px text at 800 px: scale with the font
  const scale = (o: unknown) => {
    if (!o || typeof o !== 'object' || Array.isArray(o)) return o;
    const r = { ...(o as Record<string, unknown>) };
    for (const k of ['left', 'right', 'top', 'bottom', 'nameGap']) if (typeof r[k] === 'number') r[k] = Math.round(((r[k] as number) * fs) / 12);
    return r;
  };
  const o2 = out as Record<string, unknown>;
  o2.grid = scale(o2.grid);
  o2.legend = scale(o2.legend);
  for (const k of ['xAxis', 'yAxis']) o2[k] = Array.isArray(o2[k]) ? (o2[k] as unknown[]).map(scale) : scale(o2[k]);
  (out as { textStyle?: Record<string, unknown> }).textStyle = { ...((opt.textStyle as object) ?? {}), fontFamily, fontSize: fs };
  return out;
}

/** file-name token of a study panel: "tau1" for τ studies, "batch8-tau1" when more than τ varies */
export function variantToken(p: { tau: number; values?: Record<string, number | string> }): string {
  const keys = p.values ? Object.keys(p.values).filter((k) => k !== 'tau') : [];
  if (!keys.length) return tauToken(p.tau);
  const tok = (v: number | string) => String(typeof v === 'number' ? Number(v.toPrecision(6)) : v).replace('-', 'm').replace('.', 'p').replace(/[^\w]/g, '');
  return [...keys.map((k) => `${k}${tok(p.values![k]!)}`), tauToken(p.tau)].join('-');
}
