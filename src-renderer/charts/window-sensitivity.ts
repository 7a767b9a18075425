// Window-sensitivity chart (issue 11): η̂ refitted over the scan of sub-windows of each fit's
// admissible window (src-shared/study/window-sensitivity.ts), per τ. Each window is a horizontal
// segment from Cmin to Cmax at its η̂ (the dot marks its geometric middle); the shaded band is the
// bootstrap interval eta_ci, the dashed line the fit over the full window.
import type { ChartTheme } from './theme';
import { decadeBounds, logAxis } from './axes';

export interface WindowFitRow {
  tau: number;
  eta: number;
  eta_ci: [number, number];
  eta_window: { window: [number, number]; eta: number }[];
  eta_window_range?: [number, number];
  eta_ci_combined?: [number, number];
  /** variants (issue 18): what differs, and Δη against the reference with its intervals */
  variant_label?: string;
  delta_eta?: number;
  delta_eta_ci?: [number, number];
  delta_eta_window_range?: [number, number];
  delta_eta_ci_combined?: [number, number];
}

const fin = (x: unknown): x is number => typeof x === 'number' && Number.isFinite(x);

/** the fits that carry a window scan (runs stored before it have none) */
export function windowFits(summary: Record<string, unknown> | null | undefined): WindowFitRow[] {
  const fits = Array.isArray(summary?.fits) ? (summary!.fits as Partial<WindowFitRow>[]) : [];
  return fits.filter((f): f is WindowFitRow => fin(f.tau) && Array.isArray(f.eta_window) && f.eta_window.length > 0);
}

export function windowChartOption(o: { theme: ChartTheme; fits: WindowFitRow[]; tauName: (c: number) => string; title?: string }): Record<string, unknown> {
  const { theme } = o;
  const xs: number[] = [];
  const series: Record<string, unknown>[] = [];
  o.fits.forEach((f, i) => {
    const color = theme.tau[Math.min(i, theme.tau.length - 1)]!;
    const name = f.variant_label ?? o.tauName(f.tau);
    const pts = f.eta_window.filter((w) => fin(w.eta) && fin(w.window[0]) && fin(w.window[1]));
    for (const w of pts) {
      xs.push(w.window[0], w.window[1]);
      series.push({ type: 'line', name, data: [[w.window[0], w.eta], [w.window[1], w.eta]], showSymbol: false, silent: true, itemStyle: { color }, lineStyle: { color, width: 2.5, opacity: 0.45 }, z: 2 });
    }
    const band = fin(f.eta_ci?.[0]) && fin(f.eta_ci?.[1]) ? [[{ yAxis: f.eta_ci[0] }, { yAxis: f.eta_ci[1] }]] : [];
    series.push({
      type: 'scatter',
      name,
      data: pts.map((w) => [Math.sqrt(w.window[0] * w.window[1]), w.eta]),
      symbolSize: 7,
      itemStyle: { color },
      z: 3,
      markArea: band.length ? { silent: true, itemStyle: { color, opacity: 0.12 }, data: band } : undefined,
      markLine: fin(f.eta) ? { silent: true, symbol: 'none', lineStyle: { color, type: 'dashed', width: 1.2 }, label: { show: false }, data: [{ yAxis: f.eta }] } : undefined,
    });
  });
  const b = decadeBounds(xs);
  return {
    backgroundColor: theme.bg,
    animation: false,
    title: { text: o.title ?? 'η̂ against the fit window', left: 'center', top: 4, textStyle: { color: theme.fg, fontSize: 13, fontFamily: theme.font, fontWeight: 'normal' } },
    legend: { top: 24, textStyle: { color: theme.fg, fontFamily: theme.font }, data: o.fits.map((f) => f.variant_label ?? o.tauName(f.tau)) },
    grid: { left: 64, right: 20, top: 56, bottom: 48 },
    tooltip: { trigger: 'item', formatter: (p: { seriesName: string; value: [number, number] }) => `${p.seriesName}: η̂ = ${p.value[1].toFixed(4)} (window centre C = ${p.value[0].toExponential(2)})` },
    xAxis: logAxis('window in compute C (segment: [Cmin, Cmax])', b, theme),
    yAxis: { type: 'value', scale: true, name: 'η̂', nameLocation: 'middle', nameGap: 44, nameTextStyle: { color: theme.fg, fontFamily: theme.font }, axisLine: { show: true, lineStyle: { color: theme.fg } }, axisLabel: { color: theme.fg, fontFamily: theme.font, formatter: (v: number) => v.toFixed(3) }, splitLine: { lineStyle: { color: theme.grid, width: 0.8 } } },
    series,
  };
}
