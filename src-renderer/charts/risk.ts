// Risk curves on log–log axes: one line per model size d (mean over draws/runs) with its
// quantile band, optionally the compute-optimal frontier R*(C), the fitted law
// R̂(C) = s·C^(−η) over its fit window (named in the legend) and asymptotic components.
// x is the number of SGD steps r, or compute C = B·d·r (DESIGN §1). Pure: returns an
// ECharts option; the same option renders interactively (canvas) and to SVG (SSR, export).
import type { ChartTheme } from './theme';
import { dColor } from './theme';
import { logAxis, type Bounds } from './axes';
import { fitLabel, sci } from './format';
import { fitBounds, legendPlacement } from './layout';
import { richStyles, typeset } from './typeset';

export interface BandCurve {
  d: number;
  x: number[];
  mean: number[];
  /** lower / upper quantile (e.g. q05, q95) */
  lo?: number[];
  hi?: number[];
  /** legend name; default "d = <d>" */
  name?: string;
  color?: string;
}

export interface FitLine {
  s: number;
  eta: number;
  etaCi?: [number, number] | null;
  /** [Cmin, Cmax] of the fit */
  window: [number, number];
}

export interface XYLine {
  name: string;
  x: number[];
  y: number[];
  color?: string;
  dashed?: boolean;
  /** line style (overrides dashed): e.g. one style per run when colour encodes τ */
  lineType?: 'solid' | 'dashed' | 'dotted';
  /** a horizontal reference level (drawn thin, no symbols) */
  level?: boolean;
}

/** figure style: size in px (legend placement), base font size and family (exports) */
export interface ChartStyle {
  width: number;
  height: number;
  fontSize: number;
  fontFamily?: string;
}

export interface RiskChartInput {
  theme: ChartTheme;
  xMode: 'steps' | 'compute';
  curves: BandCurve[];
  title?: string;
  subtitle?: string;
  /** the d-grid used for colours (default: the curves' d) */
  dGrid?: number[];
  frontier?: { C: number[]; risk: number[] } | null;
  fit?: FitLine | null;
  /** colour of the panel's variant (frontier line and title; default the theme's) */
  variantColor?: string;
  components?: XYLine[];
  /** extra lines (e.g. other runs overlaid) */
  extra?: XYLine[];
  showBands?: boolean;
  /** shared bounds for linked axes (Compare); default: decade bounds of the data */
  xBounds?: Bounds | null;
  yBounds?: Bounds | null;
  animation?: boolean;
  /** interactive extras (zoom, tooltip); off for SVG export */
  interactive?: boolean;
  /** size and fonts (default: 800×440 px, 12 px) */
  style?: ChartStyle;
}

export const DEFAULT_STYLE: ChartStyle = { width: 800, height: 440, fontSize: 12 };

export const X_LABEL = { steps: 'SGD steps r', compute: 'compute C = B·d·r (flops)' } as const;
export const Y_LABEL = 'risk R';

function pairs(x: number[], y: number[]): [number, number][] {
  const out: [number, number][] = [];
  const n = Math.min(x.length, y.length);
  for (let i = 0; i < n; i++) {
    const a = x[i]!;
    const b = y[i]!;
    if (a > 0 && b > 0 && Number.isFinite(a) && Number.isFinite(b)) out.push([a, b]);
  }
  return out;
}

/** closed polygon: along the upper quantile, back along the lower (positive points only) */
export function bandPolygon(x: number[], lo: number[], hi: number[]): [number, number][] {
  const up: [number, number][] = [];
  const dn: [number, number][] = [];
  const n = Math.min(x.length, lo.length, hi.length);
  for (let i = 0; i < n; i++) {
    if (x[i]! > 0 && lo[i]! > 0 && hi[i]! > 0 && Number.isFinite(lo[i]!) && Number.isFinite(hi[i]!)) {
      up.push([x[i]!, hi[i]!]);
      dn.push([x[i]!, lo[i]!]);
    }
  }
  return up.concat(dn.reverse());
}

/** the data bounds of a risk chart, for linking axes across panels */
export function riskBounds(input: Pick<RiskChartInput, 'curves' | 'frontier' | 'showBands' | 'extra'>): { x: Bounds | null; y: Bounds | null } {
  const xs: number[] = [];
  const ys: number[] = [];
  for (const c of input.curves) {
    xs.push(...c.x);
    ys.push(...c.mean);
    if (input.showBands !== false) {
      if (c.lo) ys.push(...c.lo);
      if (c.hi) ys.push(...c.hi);
    }
  }
  if (input.frontier) {
    xs.push(...input.frontier.C);
    ys.push(...input.frontier.risk);
  }
  for (const l of input.extra ?? []) {
    xs.push(...l.x);
    ys.push(...l.y);
  }
  return { x: fitBounds(xs, 0), y: fitBounds(ys) };
}

export function fitPoints(fit: FitLine, n = 24): [number, number][] {
  const [a, b] = fit.window;
  const la = Math.log10(a);
  const lb = Math.log10(b);
  const out: [number, number][] = [];
  for (let i = 0; i < n; i++) {
    const C = 10 ** (la + ((lb - la) * i) / (n - 1));
    out.push([C, fit.s * C ** -fit.eta]);
  }
  return out;
}

export function riskChartOption(input: RiskChartInput): Record<string, unknown> {
  const t = input.theme;
  const grid = input.dGrid ?? input.curves.map((c) => c.d);
  const own = riskBounds(input);
  const xB = input.xBounds ?? own.x;
  const yB = input.yBounds ?? own.y;
  const showBands = input.showBands !== false;
  const series: Record<string, unknown>[] = [];
  const legend: string[] = [];
  const sorted = [...input.curves].sort((a, b) => a.d - b.d);
  for (const c of sorted) {
    const name = c.name ?? `d = ${c.d}`;
    const color = c.color ?? dColor(c.d, grid, t);
    legend.push(name);
    if (showBands && c.lo && c.hi) {
      const poly = bandPolygon(c.x, c.lo, c.hi);
      if (poly.length >= 3) {
        series.push({
          type: 'custom',
          name,
          silent: true,
          z: 1,
          data: [0],
          coordinateSystem: 'cartesian2d',
          tooltip: { show: false },
          itemStyle: { color },
          renderItem: (_p: unknown, api: { coord: (v: [number, number]) => number[]; style: (s: object) => object }) => ({
            type: 'polygon',
            shape: { points: poly.map((q) => api.coord(q)) },
            style: { fill: color, opacity: t.name === 'dark' ? 0.22 : 0.16, stroke: 'none' },
          }),
          // meta read by tests and by the CSV export
          plrfBand: { d: c.d, points: poly.length, poly },
        });
      }
    }
    series.push({
      type: 'line',
      name,
      data: pairs(c.x, c.mean),
      showSymbol: false,
      symbol: 'none',
      z: 3,
      lineStyle: { width: 1.8, color },
      itemStyle: { color },
      emphasis: { focus: 'series' },
    });
  }
  if (input.frontier) {
    const name = 'frontier R*(C)';
    legend.push(name);
    series.push({
      type: 'line',
      name,
      data: pairs(input.frontier.C, input.frontier.risk),
      showSymbol: false,
      symbol: 'none',
      z: 4,
      lineStyle: { width: 2.6, color: input.variantColor ?? t.frontier, opacity: 0.8 },
      itemStyle: { color: input.variantColor ?? t.frontier },
      // the fit window, shaded
      ...(input.fit
        ? {
            markArea: {
              silent: true,
              itemStyle: { color: t.fit, opacity: t.name === 'dark' ? 0.07 : 0.06 },
              label: { show: true, position: 'insideTop', formatter: 'fit window', color: t.muted, fontSize: Math.round((input.style?.fontSize ?? 12) * 0.9) },
              data: [[{ xAxis: input.fit.window[0] }, { xAxis: input.fit.window[1] }]],
            },
          }
        : {}),
    });
  }
  if (input.fit) {
    const name = fitLabel(input.fit.s, input.fit.eta);
    legend.push(name);
    series.push({
      type: 'line',
      name,
      data: fitPoints(input.fit),
      showSymbol: false,
      symbol: 'none',
      z: 5,
      lineStyle: { width: 2.2, type: 'dashed', color: t.fit },
      itemStyle: { color: t.fit },
    });
  }
  for (const l of [...(input.components ?? []), ...(input.extra ?? [])]) {
    legend.push(l.name);
    series.push({
      type: 'line',
      name: l.name,
      data: pairs(l.x, l.y),
      showSymbol: false,
      symbol: 'none',
      z: 2,
      lineStyle: { width: l.level ? 1.2 : 1.4, type: l.lineType ?? (l.dashed ? 'dotted' : 'solid'), color: l.color ?? t.muted },
      itemStyle: { color: l.color ?? t.muted },
    });
  }
  const interactive = input.interactive !== false;
  const st = input.style ?? DEFAULT_STYLE;
  const fs = st.fontSize;
  const ff = st.fontFamily ?? t.font;
  const rich = richStyles(fs, t.fg, ff);
  const titleH = input.title ? Math.round(fs * 1.25 + (input.subtitle ? fs * 1.6 : 0) + 12) : 0;
  // in the app the zoom/restore icons stand in a column in the right margin, level with the plot, so
  // they never sit on a long subtitle (figures have no icons and keep the narrow margin)
  const iconColumn = interactive && !input.style;
  const box = { width: st.width, height: st.height, left: Math.round(fs * 5.2), right: iconColumn ? 30 : Math.round(fs * 1.4), top: input.title ? titleH + 6 : Math.round(fs * 1.3), bottom: Math.round(fs * 4.3) };
  // the legend goes where there is no data (charts/layout.ts)
  const lines = series.map((x) => (x.type === 'line' ? (x.data as [number, number][]) : ((x.plrfBand as { poly?: [number, number][] } | undefined)?.poly ?? [])));
  const place = legendPlacement(lines, xB, yB, legend, box, fs);
  for (const x of series) if (x.plrfBand) delete (x.plrfBand as { poly?: unknown }).poly;
  // figures: line widths follow the font size (1.8 px lines at 12 px text → 1.2 pt at 8 pt)
  const k = Math.max(0.5, fs / 12);
  if (input.style) for (const x of series) { const ls = x.lineStyle as { width?: number } | undefined; if (ls?.width) ls.width = Math.round(ls.width * k * 100) / 100; }
  return {
    animation: input.animation ?? false,
    backgroundColor: t.bg,
    textStyle: { fontFamily: ff, color: t.fg, fontSize: fs },
    title: input.title
      ? {
          text: typeset(input.title),
          subtext: input.subtitle ? typeset(input.subtitle) : '',
          left: 8,
          top: 4,
          textStyle: { fontSize: Math.round(fs * 1.15), fontWeight: 600, color: input.variantColor ?? t.fg, fontFamily: ff, rich: richStyles(Math.round(fs * 1.15), input.variantColor ?? t.fg, ff) },
          subtextStyle: { fontSize: fs, color: t.muted, fontFamily: ff, rich: richStyles(fs, t.muted, ff) },
        }
      : undefined,
    legend: {
      data: legend,
      type: place.corner === 'below' ? 'plain' : 'scroll',
      orient: place.corner === 'below' ? 'horizontal' : 'vertical',
      ...place.position,
      formatter: (name: string) => typeset(name),
      textStyle: { color: t.fg, fontSize: fs, fontFamily: ff, rich },
      itemWidth: Math.round(18 * Math.min(1, fs / 12)),
      itemHeight: Math.max(2, Math.round(4 * Math.min(1, fs / 12))),
      itemGap: place.corner === 'below' ? 12 : 10,
      backgroundColor: t.name === 'dark' ? 'rgba(22,26,31,0.75)' : 'rgba(255,255,255,0.8)',
      borderColor: place.corner === 'below' ? 'transparent' : t.grid,
      borderWidth: 1,
      padding: place.corner === 'below' ? [2, 4] : 6,
      plrfCorner: place.corner,
    },
    grid: { left: box.left, right: box.right, top: box.top, bottom: box.bottom + place.extraBottom, containLabel: false },
    xAxis: logAxis(typeset(X_LABEL[input.xMode]), xB, t, { nameGap: Math.round(fs * 2.4), fontSize: fs, fontFamily: ff, rich: richStyles(fs + 1, t.fg, ff) }),
    yAxis: logAxis(typeset(Y_LABEL), yB, t, { nameGap: Math.round(fs * 3.9), fontSize: fs, fontFamily: ff, rich: richStyles(fs + 1, t.fg, ff) }),
    tooltip: interactive
      ? {
          trigger: 'axis',
          axisPointer: { type: 'cross', label: { formatter: (p: { value: number }) => sci(p.value) } },
          valueFormatter: (v: number) => sci(v),
          confine: true,
        }
      : undefined,
    dataZoom: interactive
      ? [
          { type: 'inside', xAxisIndex: 0, filterMode: 'none' },
          { type: 'inside', yAxisIndex: 0, filterMode: 'none' },
        ]
      : undefined,
    toolbox: interactive ? { orient: 'vertical', right: 2, top: box.top - 4, itemGap: 6, feature: { dataZoom: { filterMode: 'none' }, restore: {} }, iconStyle: { borderColor: t.muted } } : undefined,
    series,
  };
}
