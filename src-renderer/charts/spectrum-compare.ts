// Compare of spectrum runs: the spectra of N runs overlaid on one log–log chart (density of
// K = W̃ᵀDW̃ against λ), built by the Spectrum view's own builder (spectrum.ts, spectrumSides)
// — nothing is redrawn differently here. What this adds:
//   labels — each run is named by the parameters that differ between the compared runs
//            ("τ = 1/√d, d = 500"), the run id last; the method (DE / empirical) is already in the
//            series name and the line style, so it is not repeated;
//   colour — one colour per run: when only τ differs, the τ's colour (theme.ts tauColor, the
//            same as every τ chart of the app); otherwise the variant palette (variant-colors.ts)
//            by run order, so two runs with the same τ never share a colour.
// The legend is placed off the data by spectrumChartOption (layout.ts).
import type { RunDetail } from '../../src-shared/api';
import { spectrumChartOption, type SpectrumSide } from './spectrum';
import { spectrumSides } from '../data/adapt';
import { short } from '../data/runs-format';
import { variantColor } from './variant-colors';
import type { ChartTheme } from './theme';

/** parameters never shown as "what differs" (the method is in the series name) */
const SKIP = new Set(['method', 'seed']);

function paramLabel(name: string, v: unknown): string {
  if (name === 'tau') {
    const c = Number(v);
    return c === 0 ? 'τ = 0' : c === 1 ? 'τ = 1/√d' : `τ = ${short(c)}/√d`;
  }
  if (name === 'alpha') return `α = ${short(v)}`;
  if (name === 'beta') return `β = ${short(v)}`;
  if (name === 'spectrum' && v && typeof v === 'object') return `spectrum “${(v as { name?: string }).name ?? '?'}”`;
  return `${name} = ${typeof v === 'object' ? JSON.stringify(v) : short(v)}`;
}

/** names of the parameters whose values differ between the runs (kind spectrum; order of first appearance) */
export function differingParams(runs: Pick<RunDetail, 'params'>[]): string[] {
  const names = [...new Set(runs.flatMap((r) => Object.keys(r.params)))];
  return names.filter((n) => !SKIP.has(n) && new Set(runs.map((r) => JSON.stringify(r.params[n] ?? null))).size > 1);
}

/** the sides of the compared spectrum runs: labelled by what differs, one colour per run */
export function spectrumCompareSides(runs: RunDetail[], theme: ChartTheme): SpectrumSide[] {
  const done = runs.filter((r) => r.kind === 'spectrum' && r.result);
  const diff = differingParams(done);
  const onlyTau = diff.length === 1 && diff[0] === 'tau';
  const sides = spectrumSides(done);
  return sides.map((s, i) => {
    const r = done[i]!;
    const what = diff.map((n) => paramLabel(n, r.params[n])).join(', ');
    return {
      ...s,
      label: `${what || 'same parameters'} (run ${r.id})`,
      color: onlyTau ? undefined : variantColor(i, done.length, theme),
    };
  });
}

export function spectrumCompareOption(runs: RunDetail[], theme: ChartTheme, opts: { title?: boolean; interactive?: boolean } = {}): Record<string, unknown> | null {
  const sides = spectrumCompareSides(runs, theme);
  if (!sides.length) return null;
  const ids = runs.filter((r) => r.kind === 'spectrum' && r.result).map((r) => r.id);
  return spectrumChartOption({
    theme,
    sides,
    title: opts.title === false ? undefined : `Spectra of runs ${ids.join(', ')}`,
    subtitle: opts.title === false ? undefined : 'eigenvalue density of K = W̃ᵀDW̃ · one colour per run, labelled by what differs',
    interactive: opts.interactive,
  });
}
