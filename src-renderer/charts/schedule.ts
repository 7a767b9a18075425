// The optimizer family's coefficients over the run (issue 17): g1_t, g2_t, g3_t and Δ_t of the resolved
// optimizer (params.optimizerResolved, params/optimizer-params.ts coefsAt) on log–log axes against the
// step r, on the same r range as the risk curve it sits next to. Coefficients that are 0 throughout are
// left out (SGD shows γ_t = g2 only). Pure: returns an ECharts option.
import type { ChartTheme } from './theme';
import { decadeBounds, logAxis } from './axes';
import { coefsAt, type ResolvedOptimizer } from '../../src-shared/params/optimizer-params';
import { scheduleCheckpoints } from '../../src-shared/dynamics/checkpoints';

const COLORS: Record<string, string> = { g1: '#2ca02c', g2: '#1f77b4', g3: '#d62728', delta: '#9467bd' };
const NAMES: Record<string, string> = { g1: 'g1 (into y)', g2: 'g2 (gradient step)', g3: 'g3 (momentum step)', delta: 'Δ (momentum decay)' };

/** the coefficient series on a log grid of steps 1..rmax (n points; plus linear points over a wsd/cosine
 *  decay, dynamics/checkpoints.ts scheduleCheckpoints, as the curve's own checkpoints) */
export function scheduleSeries(o: ResolvedOptimizer, rmax: number, n = 200): { r: number[]; lines: { key: string; y: number[] }[] } {
  const lr = o.lr ? { lrSchedule: o.lr.schedule, warmup: o.lr.warmup, decayFraction: o.lr.decayFraction } : undefined;
  const r = scheduleCheckpoints(Math.max(2, Math.round(rmax)), n, lr).filter((t) => t >= 1);
  const lines = (['g1', 'g2', 'g3', 'delta'] as const)
    .map((key) => ({ key, y: r.map((t) => coefsAt(o, t)[key]) }))
    .filter((l) => l.y.some((v) => v > 0));
  return { r, lines };
}

export function scheduleChartOption(input: { theme: ChartTheme; optimizer: ResolvedOptimizer; rmax: number; title?: string; interactive?: boolean }): Record<string, unknown> {
  const { theme } = input;
  const s = scheduleSeries(input.optimizer, input.rmax);
  const xb = decadeBounds(s.r);
  const yb = decadeBounds(s.lines.flatMap((l) => l.y.filter((v) => v > 0)));
  return {
    animation: false,
    backgroundColor: theme.bg,
    textStyle: { fontFamily: theme.font, color: theme.fg },
    title: { text: input.title ?? `${input.optimizer.optimizer}${input.optimizer.lr && input.optimizer.lr.schedule !== 'power' ? ` ${input.optimizer.lr.schedule}` : ''}: hyperparameter schedules`, left: 'center', textStyle: { color: theme.fg, fontSize: 14, fontFamily: theme.font } },
    legend: { top: 28, textStyle: { color: theme.fg, fontFamily: theme.font } },
    grid: { left: 70, right: 24, top: 70, bottom: 52 },
    tooltip: input.interactive === false ? undefined : { trigger: 'axis', valueFormatter: (v: number) => (typeof v === 'number' ? v.toPrecision(4) : String(v)) },
    xAxis: logAxis('steps r', xb, theme),
    yAxis: logAxis('value', yb, theme, { nameGap: 52 }),
    series: s.lines.map((l) => ({
      name: NAMES[l.key],
      type: 'line',
      showSymbol: false,
      lineStyle: { width: 2, color: COLORS[l.key] },
      itemStyle: { color: COLORS[l.key] },
      data: s.r.map((t, i) => [t, l.y[i]! > 0 ? l.y[i] : null]),
    })),
  };
}

/** one variant's schedules in a study's chart (colour: the variant's, as in every chart of the view) */
export interface ScheduleLine {
  label: string;
  color: string;
  optimizer: ResolvedOptimizer;
  rmax: number;
}

/** line dash per coefficient (colour = variant): g2 solid, g3 dashed, Δ dotted, g1 dash-dot */
export const COEF_DASH: Record<string, 'solid' | 'dashed' | 'dotted' | number[]> = { g2: 'solid', g3: 'dashed', delta: 'dotted', g1: [9, 3, 2, 3] };
const COEF_SHORT: Record<string, string> = { g1: 'g1', g2: 'g2', g3: 'g3', delta: 'Δ' };
const DASH_WORD: Record<string, string> = { g2: 'solid', g3: 'dashed', delta: 'dotted', g1: 'dash-dot' };

/**
 * The schedules of a study's variants (study/schedules.ts, stored in the summary) in one chart: one
 * colour per variant, one dash per coefficient; the legend lists the variants (a click hides all of a
 * variant's lines), the title which unit they are of (`subtitle`), the subtext the dash code; log–log axes.
 */
export function studyScheduleChartOption(input: { theme: ChartTheme; lines: ScheduleLine[]; title?: string; subtitle?: string; interactive?: boolean }): Record<string, unknown> {
  const { theme } = input;
  const per = input.lines.map((l) => ({ l, s: scheduleSeries(l.optimizer, l.rmax) }));
  const series: Record<string, unknown>[] = [];
  const keys: string[] = [];
  const present = new Set<string>();
  // earlier variants drawn wider, so a coefficient two variants share (e.g. SGD's γ and DANA's g2) shows
  // as a halo of the first variant's colour around the later one's line
  per.forEach(({ l, s }, vi) => {
    const width = 2 + 1.5 * (per.length - 1 - vi);
    for (const line of s.lines) {
      present.add(line.key);
      keys.push(line.key);
      series.push({
        name: l.label,
        type: 'line',
        showSymbol: false,
        lineStyle: { width, color: l.color, type: COEF_DASH[line.key] },
        itemStyle: { color: l.color },
        clip: false, // a coefficient at the axis' top decade (g1 = 1) is drawn whole, not halved
        data: s.r.map((t, i) => [t, line.y[i]! > 0 ? line.y[i] : null]),
      });
    }
  });
  const xb = decadeBounds(per.flatMap((p) => p.s.r));
  const yb = decadeBounds(per.flatMap((p) => p.s.lines.flatMap((l) => l.y.filter((v) => v > 0))));
  const code = (['g2', 'g3', 'delta', 'g1'] as const).filter((k) => present.has(k)).map((k) => `${DASH_WORD[k]} ${NAMES[k]}`).join(' · ');
  return {
    animation: false,
    backgroundColor: theme.bg,
    textStyle: { fontFamily: theme.font, color: theme.fg },
    title: {
      text: input.title ?? (input.subtitle ? `hyperparameter schedules (${input.subtitle})` : 'hyperparameter schedules'),
      subtext: code,
      left: 'center',
      textStyle: { color: theme.fg, fontSize: 14, fontFamily: theme.font },
      subtextStyle: { color: theme.muted, fontSize: 11, fontFamily: theme.font },
    },
    legend: { bottom: 0, textStyle: { color: theme.fg, fontFamily: theme.font } },
    grid: { left: 70, right: 24, top: 70, bottom: 74 },
    tooltip:
      input.interactive === false
        ? undefined
        : {
            trigger: 'axis',
            formatter: (ps: { seriesIndex: number; seriesName: string; value: [number, number | null]; color: string }[]) => {
              const list = Array.isArray(ps) ? ps : [ps];
              const head = list[0] ? `r = ${list[0].value[0]}` : '';
              return [head, ...list.filter((p) => p.value[1] !== null).map((p) => `${p.seriesName} · ${COEF_SHORT[keys[p.seriesIndex]!]} = ${Number(p.value[1]).toPrecision(4)}`)].join('<br/>');
            },
          },
    xAxis: logAxis('steps r', xb, theme),
    yAxis: logAxis('value', yb, theme, { nameGap: 52 }),
    series,
  };
}
