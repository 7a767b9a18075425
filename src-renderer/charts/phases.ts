// The (α, β) phase plane (PPXP24, DESIGN §3): seven regions filled, boundaries drawn, the
// infeasible half-plane 2α + 2β ≤ 1 greyed, region names at their centroids, and measured η
// of stored sweep runs as labelled points. Linear axes (α, β are exponents).
import type { ChartTheme } from './theme';
import { boundarySegments, centroid, DEFAULT_BOX, infeasiblePolygon, PHASES, regionPolygon, type Box, type PhaseName } from '../phases/regions';

export const PHASE_COLORS: Record<'light' | 'dark', Record<PhaseName, string>> = {
  light: { Ia: '#dbe9f6', Ib: '#c6dbef', Ic: '#e5f5e0', II: '#fde0c5', III: '#fcd5d5', IVa: '#e8dff5', IVb: '#d9ccee' },
  dark: { Ia: '#1e3247', Ib: '#253d57', Ic: '#20382a', II: '#4a3420', III: '#4a2828', IVa: '#362c4a', IVb: '#2e2540' },
};

export interface MeasuredPoint {
  alpha: number;
  beta: number;
  eta: number;
  /** theoretical η at this point (τ = 0), for the label */
  etaTheory?: number | null;
  runId?: number;
  tau?: number;
}

export interface PhaseChartInput {
  theme: ChartTheme;
  box?: Box;
  measured?: MeasuredPoint[];
  /** a highlighted point (e.g. the form's current α, β) */
  marker?: { alpha: number; beta: number } | null;
  title?: string;
}

/**
 * A region's label that fits its band (issue 13: "IVb" spilled over its narrow band): 15 px when
 * the band is wide enough (text width ≈ 0.62·size per character), smaller down to 9 px, else
 * turned upright along a tall narrow band.
 */
export function labelFit(text: string, px: number[][]): { size: number; rotate: boolean } {
  const xs = px.map((q) => q[0]!);
  const ys = px.map((q) => q[1]!);
  const w = Math.max(...xs) - Math.min(...xs);
  const h = Math.max(...ys) - Math.min(...ys);
  const fit = (room: number) => Math.min(15, Math.floor((room - 6) / (0.62 * text.length)));
  const across = fit(w);
  if (across >= 9) return { size: across, rotate: false };
  const along = Math.min(fit(h), Math.floor(w - 2));
  return along > across ? { size: Math.max(7, along), rotate: true } : { size: Math.max(7, across), rotate: false };
}

export function phaseChartOption(input: PhaseChartInput): Record<string, unknown> {
  const t = input.theme;
  const box = input.box ?? DEFAULT_BOX;
  const colors = PHASE_COLORS[t.name];
  const regions = PHASES.map((n) => ({ name: n, poly: regionPolygon(n, box) })).filter((r) => r.poly.length >= 3);
  const infeasible = infeasiblePolygon(box);
  const series: Record<string, unknown>[] = [];
  series.push({
    type: 'custom',
    name: 'phases',
    silent: true,
    z: 1,
    data: regions.map((_, i) => i),
    renderItem: (p: { dataIndex: number }, api: { coord: (v: number[]) => number[] }) => {
      const r = regions[p.dataIndex]!;
      const c = centroid(r.poly);
      const px = r.poly.map((q) => api.coord(q));
      const { size, rotate } = labelFit(r.name, px);
      return {
        type: 'group',
        children: [
          { type: 'polygon', shape: { points: px }, style: { fill: colors[r.name], stroke: 'none' } },
          {
            type: 'text',
            x: api.coord(c)[0],
            y: api.coord(c)[1],
            rotation: rotate ? Math.PI / 2 : 0,
            style: { text: r.name, fill: t.fg, font: `600 ${size}px ${t.font}`, align: 'center', verticalAlign: 'middle', opacity: 0.75 },
            plrfLabel: { size, rotate },
          },
        ],
      };
    },
    plrfRegions: regions.map((r) => r.name),
  });
  if (infeasible.length >= 3) {
    series.push({
      type: 'custom',
      name: 'infeasible (2α + 2β ≤ 1)',
      silent: true,
      z: 1,
      data: [0],
      itemStyle: { color: t.name === 'dark' ? '#0d0f12' : '#e4e4e4', borderColor: t.muted, borderWidth: 1 },
      renderItem: (_p: unknown, api: { coord: (v: number[]) => number[] }) => ({
        type: 'polygon',
        shape: { points: infeasible.map((q) => api.coord(q)) },
        style: { fill: t.name === 'dark' ? '#0d0f12' : '#e4e4e4', stroke: 'none' },
      }),
    });
  }
  for (const s of boundarySegments(box)) {
    series.push({
      type: 'line',
      name: s.name,
      data: s.pts,
      silent: true,
      symbol: 'none',
      z: 2,
      lineStyle: { color: t.fg, width: 1.2, opacity: 0.7, type: s.name.startsWith('2α + 2β') ? 'dashed' : 'solid' },
      tooltip: { show: false },
    });
  }
  if (input.measured && input.measured.length) {
    series.push({
      type: 'scatter',
      name: 'measured η',
      z: 5,
      symbolSize: 9,
      itemStyle: { color: t.fit, borderColor: t.bg, borderWidth: 1 },
      label: { show: true, position: 'right', color: t.fg, fontSize: 11, formatter: (p: { data: [number, number, number] }) => `η̂ = ${p.data[2].toFixed(3)}` },
      data: input.measured.map((m) => [m.alpha, m.beta, m.eta, m.etaTheory ?? NaN, m.runId ?? 0]),
    });
  }
  if (input.marker) {
    series.push({
      type: 'scatter',
      name: 'selected',
      z: 6,
      symbol: 'circle',
      symbolSize: 12,
      itemStyle: { color: 'transparent', borderColor: t.fg, borderWidth: 2 },
      data: [[input.marker.alpha, input.marker.beta]],
    });
  }
  const axis = (name: string, range: [number, number]) => ({
    type: 'value',
    name,
    nameLocation: 'middle',
    nameGap: 30,
    min: range[0],
    max: range[1],
    interval: 0.25,
    nameTextStyle: { color: t.fg, fontSize: 14, fontFamily: t.font },
    axisLine: { onZero: false, lineStyle: { color: t.fg } },
    axisTick: { inside: true },
    axisLabel: { color: t.fg, fontSize: 12 },
    splitLine: { show: false },
  });
  return {
    animation: false,
    backgroundColor: t.bg,
    textStyle: { fontFamily: t.font, color: t.fg },
    title: input.title ? { text: input.title, left: 8, top: 4, textStyle: { fontSize: 14, color: t.fg } } : undefined,
    grid: { left: 60, right: 24, top: input.title ? 44 : 16, bottom: 72 },
    // the grey region has a legend entry (below the plot, off the data)
    legend: infeasible.length >= 3 ? { data: ['infeasible (2α + 2β ≤ 1)'], bottom: 4, left: 'center', textStyle: { color: t.fg, fontSize: 12 }, itemWidth: 16, itemHeight: 10 } : undefined,
    xAxis: axis('data exponent α', box.alpha),
    yAxis: axis('target exponent β', box.beta),
    tooltip: {
      trigger: 'item',
      formatter: (p: { seriesName: string; data: number[] }) =>
        p.seriesName === 'measured η' ? `α = ${p.data[0]}, β = ${p.data[1]}<br/>measured η̂ = ${p.data[2]!.toFixed(3)}${Number.isFinite(p.data[3]) ? `<br/>theory η = ${p.data[3]!.toFixed(3)}` : ''}` : '',
    },
    series,
  };
}
