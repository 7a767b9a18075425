// Spectrum view: eigenvalue density of K = W̃ᵀDW̃ on log–log axes — the empirical histogram
// (log-spaced bins) against the deterministic-equivalent density — for τ = 0 and τ = c/√d
// side by side in one chart, the spike's outlier eigenvalue marked with its weight (aᵀu)².
// Densities are plotted as given by the runs (per unit λ); bins are drawn as steps.
import { tauColor, type ChartTheme } from './theme';
import { decadeBounds, logAxis, unionBounds } from './axes';
import { sci } from './format';
import { richStyles, typeset } from './typeset';
import { legendPlacement } from './layout';

export interface SpectrumSide {
  /** legend suffix, e.g. "τ = 0" */
  label: string;
  /** c of τ = c/√d: the side's colour is the τ's colour (theme.ts tauColor), whatever the method */
  tau?: number;
  color?: string;
  de?: { lambda: number[]; density: number[] } | null;
  /** histogram: bin edges (n+1, log-spaced) and density per bin (n) */
  hist?: { edges: number[]; density: number[] } | null;
  outlier?: { lambda: number; weight: number } | null;
  F0?: number | null;
}

export interface SpectrumChartInput {
  theme: ChartTheme;
  sides: SpectrumSide[];
  title?: string;
  subtitle?: string;
  interactive?: boolean;
}

/** step outline of a histogram: (e0, h0), (e1, h0), (e1, h1), … — zero-height bins skipped */
export function histogramSteps(edges: number[], density: number[]): [number, number][] {
  const out: [number, number][] = [];
  for (let i = 0; i < density.length && i + 1 < edges.length; i++) {
    const h = density[i]!;
    if (!(h > 0)) {
      if (out.length && !Number.isNaN(out[out.length - 1]![0])) out.push([NaN, NaN]);
      continue;
    }
    out.push([edges[i]!, h], [edges[i + 1]!, h]);
  }
  return out;
}

export function spectrumChartOption(input: SpectrumChartInput): Record<string, unknown> {
  const t = input.theme;
  const series: Record<string, unknown>[] = [];
  const legend: string[] = [];
  const xs: number[] = [];
  const ys: number[] = [];
  const taus = input.sides.map((s) => s.tau ?? 0);
  input.sides.forEach((s, i) => {
    // one colour per τ (issue 13): the method is told by the line style, never by the colour
    const color = s.color ?? (s.tau !== undefined ? tauColor(s.tau, taus, t) : t.tau[i % 2]!);
    if (s.hist) {
      const name = `empirical ${s.label}`;
      legend.push(name);
      xs.push(...s.hist.edges);
      ys.push(...s.hist.density);
      series.push({
        type: 'line',
        name,
        data: histogramSteps(s.hist.edges, s.hist.density),
        showSymbol: false,
        symbol: 'none',
        connectNulls: false,
        lineStyle: { width: 1.2, color, opacity: 0.9 },
        areaStyle: { color, opacity: 0.12, origin: 'start' },
        itemStyle: { color },
      });
    }
    if (s.de) {
      const name = `deterministic equivalent ${s.label}`;
      legend.push(name);
      const data: [number, number][] = [];
      for (let k = 0; k < s.de.lambda.length; k++) {
        const x = s.de.lambda[k]!;
        const y = s.de.density[k]!;
        if (x > 0 && y > 0) data.push([x, y]);
      }
      xs.push(...data.map((p) => p[0]));
      ys.push(...data.map((p) => p[1]));
      series.push({
        type: 'line',
        name,
        data,
        showSymbol: false,
        symbol: 'none',
        lineStyle: { width: 2.2, color, type: 'solid' },
        itemStyle: { color },
        z: 4,
      });
    }
    if (s.outlier && s.outlier.lambda > 0) {
      const name = `outlier ${s.label}`;
      legend.push(name);
      xs.push(s.outlier.lambda);
      series.push({
        type: 'scatter',
        name,
        symbol: 'diamond',
        symbolSize: 12,
        itemStyle: { color, borderColor: t.fg, borderWidth: 1 },
        z: 6,
        data: [[s.outlier.lambda, 0]],
        // the marker sits near the top of the plot (placed below), labelled with λ and weight;
        // a dashed vertical line marks λ_out across the plot
        label: {
          show: true,
          position: 'left',
          distance: 8,
          color: t.fg,
          fontSize: 12,
          lineHeight: 17,
          align: 'right',
          formatter: `${typeset(`λ_out = ${sci(s.outlier.lambda)}`)}\n${typeset(`weight (aᵀu)² = ${sci(s.outlier.weight)}`)}`,
          rich: richStyles(12, t.fg),
          backgroundColor: t.name === 'dark' ? 'rgba(22,26,31,0.8)' : 'rgba(255,255,255,0.85)',
          padding: [2, 4],
        },
        markLine: {
          silent: true,
          symbol: 'none',
          lineStyle: { color, type: 'dashed', width: 1.5 },
          label: { show: false },
          data: [{ xAxis: s.outlier.lambda }],
        },
      });
    }
  });
  const xB = decadeBounds(xs);
  const yB = decadeBounds(ys);
  // the outlier marker sits on the lower edge of the plot
  for (const s of series) if (s.type === 'scatter' && yB) (s.data as [number, number][])[0]![1] = yB.max * (yB.min / yB.max) ** 0.1; // near the top: empty above the bulk
  const interactive = input.interactive !== false;
  // the legend goes where there is no data (charts/layout.ts); a histogram's filled area counts
  // as data down to the axis, so each bin edge adds a drop to the bottom of the plot
  const box = { width: 800, height: 440, left: 70, right: 24, top: input.title ? 56 : 16, bottom: 56 };
  const lines: [number, number][][] = [];
  for (const x of series) {
    const d = (x.data as [number, number][]).filter((q) => Number.isFinite(q[0]) && Number.isFinite(q[1]));
    if (x.type === 'line') lines.push(d);
    if ((x as { areaStyle?: unknown }).areaStyle && yB) for (const q of d) lines.push([q, [q[0], yB.min]]);
    if (x.type === 'scatter' && yB) for (const q of d) lines.push([[q[0], yB.min], [q[0], yB.max]]);
  }
  const place = legendPlacement(lines, unionBounds(xB), yB, legend, box);
  return {
    animation: false,
    backgroundColor: t.bg,
    textStyle: { fontFamily: t.font, color: t.fg },
    title: input.title ? { text: input.title, subtext: input.subtitle ?? '', left: 8, top: 4, textStyle: { fontSize: 14, fontWeight: 600, color: t.fg }, subtextStyle: { fontSize: 12, color: t.muted } } : undefined,
    legend: { data: legend, orient: place.corner === 'below' ? 'horizontal' : 'vertical', ...place.position, textStyle: { color: t.fg, fontSize: 12 }, backgroundColor: t.name === 'dark' ? 'rgba(22,26,31,0.75)' : 'rgba(255,255,255,0.8)', borderColor: t.grid, borderWidth: 1, padding: 6, plrfCorner: place.corner },
    grid: { left: box.left, right: box.right, top: box.top, bottom: box.bottom + place.extraBottom },
    xAxis: logAxis('eigenvalue λ', unionBounds(xB), t),
    yAxis: logAxis('density', yB, t, { nameGap: 48 }),
    tooltip: interactive ? { trigger: 'axis', axisPointer: { type: 'cross' }, valueFormatter: (v: number) => sci(v), confine: true } : undefined,
    dataZoom: interactive ? [{ type: 'inside', xAxisIndex: 0, filterMode: 'none' }, { type: 'inside', yAxisIndex: 0, filterMode: 'none' }] : undefined,
    series,
  };
}
