// Charts of a sweep (issue 15). (1) The (α, β) phase plane of phases.ts with each finished cell
// as a point coloured by the phase it lies in (regions.ts regionOf) and labelled with the measured
// η̂, its interval and the theory η (theory/phases via forms/hints theoryOf). (2) Measured η̂
// against theory η: one point per cell with its confidence interval as a vertical bar, coloured by
// phase, and the line η̂ = η (a cell on the line agrees with theory). Pure option builders.
import type { ChartTheme } from './theme';
import { phaseChartOption } from './phases';
import { regionOf, type PhaseName } from '../phases/regions';

/** strong colours per phase for points (the plane's fills are pale versions of these hues) */
export const PHASE_POINT_COLORS: Record<PhaseName, string> = {
  Ia: '#1f5fa8',
  Ib: '#3182bd',
  Ic: '#2e8b3e',
  II: '#d46a0a',
  III: '#c0392b',
  IVa: '#7b4fb5',
  IVb: '#5b3a91',
};

export interface SweepPoint {
  alpha: number;
  beta: number;
  eta: number;
  ci: [number, number] | null;
  theory: number | null;
  cellIdx: number;
  runId: number | null;
}

const phaseOf = (p: SweepPoint): PhaseName | null => regionOf(p.alpha, p.beta);
const colorOf = (p: SweepPoint): string => {
  const ph = phaseOf(p);
  return ph ? PHASE_POINT_COLORS[ph] : '#777777';
};
const f3 = (x: number) => x.toFixed(3);

export function sweepPhasePlaneOption(theme: ChartTheme, points: SweepPoint[], title?: string): Record<string, unknown> {
  const base = phaseChartOption({ theme, title }) as { series: Record<string, unknown>[]; tooltip: unknown } & Record<string, unknown>;
  const series = [...base.series];
  series.push({
    type: 'scatter',
    name: 'measured η',
    z: 5,
    symbolSize: 11,
    data: points.map((p) => ({
      value: [p.alpha, p.beta, p.eta, p.ci?.[0] ?? NaN, p.ci?.[1] ?? NaN, p.theory ?? NaN, p.cellIdx],
      itemStyle: { color: colorOf(p), borderColor: theme.bg, borderWidth: 1.5 },
    })),
    label: {
      show: points.length <= 12, // denser grids: tooltip and the η̂-vs-theory chart
      position: 'right',
      color: theme.fg,
      fontSize: 10,
      lineHeight: 12,
      formatter: (q: { value: number[] }) => {
        const v = q.value;
        const ci = Number.isFinite(v[3]!) ? ` [${f3(v[3]!)}, ${f3(v[4]!)}]` : '';
        return `η̂ ${f3(v[2]!)}${ci}\nθ ${Number.isFinite(v[5]!) ? f3(v[5]!) : '—'}`;
      },
    },
  });
  return {
    ...base,
    series,
    tooltip: {
      trigger: 'item',
      formatter: (p: { seriesName: string; value?: number[] }) => {
        if (p.seriesName !== 'measured η' || !p.value) return '';
        const v = p.value;
        return `cell ${v[6]}: α = ${v[0]}, β = ${v[1]}<br/>η̂ = ${f3(v[2]!)}${Number.isFinite(v[3]!) ? ` [${f3(v[3]!)}, ${f3(v[4]!)}]` : ''}<br/>theory η = ${Number.isFinite(v[5]!) ? f3(v[5]!) : '—'}`;
      },
    },
  };
}

export function measuredVsTheoryOption(theme: ChartTheme, points: SweepPoint[]): Record<string, unknown> {
  const pts = points.filter((p) => p.theory !== null && Number.isFinite(p.theory));
  const all = pts.flatMap((p) => [p.eta, p.theory!, ...(p.ci ?? [])]).filter(Number.isFinite);
  const lo = all.length ? Math.min(...all) : 0;
  const hi = all.length ? Math.max(...all) : 1;
  const pad = Math.max(0.02, 0.08 * (hi - lo));
  const range: [number, number] = [Math.floor((lo - pad) * 50) / 50, Math.ceil((hi + pad) * 50) / 50];
  const axis = (name: string) => ({
    type: 'value',
    name,
    nameLocation: 'middle',
    nameGap: 32,
    min: range[0],
    max: range[1],
    nameTextStyle: { color: theme.fg, fontSize: 13 },
    axisLine: { onZero: false, lineStyle: { color: theme.fg } },
    axisLabel: { color: theme.fg, showMinLabel: false, showMaxLabel: false },
    splitLine: { lineStyle: { color: theme.name === 'dark' ? '#2a2f36' : '#eeeeee' } },
  });
  const phases = [...new Set(pts.map((p) => phaseOf(p) ?? 'boundary'))];
  return {
    animation: false,
    backgroundColor: theme.bg,
    textStyle: { fontFamily: theme.font, color: theme.fg },
    grid: { left: 64, right: 20, top: phases.length > 4 ? 64 : 40, bottom: 52 },
    legend: { top: 4, textStyle: { color: theme.fg }, data: phases.map((n) => (n === 'boundary' ? 'on a boundary' : `phase ${n}`)) },
    xAxis: axis('theory η'),
    yAxis: axis('measured η̂'),
    tooltip: { trigger: 'item' },
    series: [
      {
        type: 'line',
        name: 'η̂ = η',
        data: [range, range].map((_, i) => [range[i]!, range[i]!]),
        symbol: 'none',
        silent: true,
        lineStyle: { color: theme.fg, type: 'dashed', width: 1 },
      },
      ...phases.map((ph) => {
        const mine = pts.filter((p) => (phaseOf(p) ?? 'boundary') === ph);
        const color = ph === 'boundary' ? '#777777' : PHASE_POINT_COLORS[ph as PhaseName];
        return [
          {
            type: 'custom',
            name: ph === 'boundary' ? 'on a boundary' : `phase ${ph}`,
            z: 3,
            silent: true,
            itemStyle: { color },
            data: mine.filter((p) => p.ci).map((p) => [p.theory!, p.ci![0], p.ci![1]]),
            renderItem: (_p: unknown, api: { value: (i: number) => number; coord: (v: number[]) => number[] }) => {
              const a = api.coord([api.value(0), api.value(1)]);
              const b = api.coord([api.value(0), api.value(2)]);
              return {
                type: 'group',
                children: [
                  { type: 'line', shape: { x1: a[0], y1: a[1], x2: b[0], y2: b[1] }, style: { stroke: color, lineWidth: 1.5 } },
                  { type: 'line', shape: { x1: a[0]! - 4, y1: a[1], x2: a[0]! + 4, y2: a[1] }, style: { stroke: color, lineWidth: 1.5 } },
                  { type: 'line', shape: { x1: b[0]! - 4, y1: b[1], x2: b[0]! + 4, y2: b[1] }, style: { stroke: color, lineWidth: 1.5 } },
                ],
              };
            },
          },
          {
            type: 'scatter',
            name: ph === 'boundary' ? 'on a boundary' : `phase ${ph}`,
            z: 4,
            symbolSize: 8,
            itemStyle: { color },
            data: mine.map((p) => [p.theory!, p.eta, p.alpha, p.beta]),
            tooltip: { formatter: (q: { value: number[] }) => `α = ${q.value[2]}, β = ${q.value[3]}<br/>theory η = ${f3(q.value[0]!)}<br/>η̂ = ${f3(q.value[1]!)}` },
          },
        ];
      }).flat(),
    ],
  };
}
