// The optimizer family's coefficients over the run (issue 17): g1_t, g2_t, g3_t and Δ_t of the resolved
// optimizer (params.optimizerResolved, params/optimizer-params.ts coefsAt) on log–log axes against the
// step r, on the same r range as the risk curve it sits next to. Coefficients that are 0 throughout are
// left out (SGD shows γ_t = g2 only). Pure: returns an ECharts option.
import type { ChartTheme } from './theme';
import { decadeBounds, logAxis } from './axes';
import { coefsAt, type ResolvedOptimizer } from '../../src-shared/params/optimizer-params';

const COLORS: Record<string, string> = { g1: '#2ca02c', g2: '#1f77b4', g3: '#d62728', delta: '#9467bd' };
const NAMES: Record<string, string> = { g1: 'g1 (into y)', g2: 'g2 (gradient step)', g3: 'g3 (momentum step)', delta: 'Δ (momentum decay)' };

/** the coefficient series on a log grid of steps 1..rmax (n points) */
export function scheduleSeries(o: ResolvedOptimizer, rmax: number, n = 200): { r: number[]; lines: { key: string; y: number[] }[] } {
  const r: number[] = [];
  for (let i = 0; i < n; i++) {
    const t = Math.round(Math.exp((Math.log(Math.max(rmax, 2)) * i) / (n - 1)));
    if (!r.length || t > r[r.length - 1]!) r.push(t);
  }
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
    title: { text: input.title ?? `${input.optimizer.optimizer}: hyperparameter schedules`, left: 'center', textStyle: { color: theme.fg, fontSize: 14, fontFamily: theme.font } },
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
