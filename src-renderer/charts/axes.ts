// Log–log axes for ECharts with paper-style ticks: bounds snapped outward to whole decades,
// one major tick per decade (labelled 10ᵏ) and minor ticks at 2…9 × 10ᵏ. ECharts computes
// log-axis minor ticks in raw values, so splitNumber 9 over one decade gives exactly 2…9.
import type { ChartTheme } from './theme';
import { decadeLabel } from './format';

export interface Bounds {
  min: number;
  max: number;
}

/** smallest decade-aligned interval containing all positive finite values; null if there are none */
export function decadeBounds(values: Iterable<number>): Bounds | null {
  let lo = Infinity;
  let hi = -Infinity;
  for (const v of values) {
    if (v > 0 && Number.isFinite(v)) {
      if (v < lo) lo = v;
      if (v > hi) hi = v;
    }
  }
  if (lo === Infinity) return null;
  let a = Math.floor(Math.log10(lo) + 1e-12);
  let b = Math.ceil(Math.log10(hi) - 1e-12);
  if (b <= a) b = a + 1;
  return { min: 10 ** a, max: 10 ** b };
}

export function unionBounds(...bs: (Bounds | null | undefined)[]): Bounds | null {
  const ok = bs.filter((b): b is Bounds => !!b);
  if (!ok.length) return null;
  return { min: Math.min(...ok.map((b) => b.min)), max: Math.max(...ok.map((b) => b.max)) };
}

/** number of decades spanned */
export function decades(b: Bounds): number {
  return Math.round(Math.log10(b.max / b.min));
}

/**
 * Tick values of a log axis over [min, max] (bounds need not be decades): the decades inside,
 * and — up to 8 decades — the minor values m·10ᵏ, m = 2…9. ECharts places log ticks from the
 * extent start (50, 500, …), so ticks, labels and grid lines are given explicitly
 * (axisTick/axisLabel customValues); grid-line colours cycle with period 9 (1 major + 8 minor
 * per decade), rotated to the first tick.
 */
export function logTicks(b: Bounds, maxLabels = 8): { ticks: number[]; labels: number[]; majorAt: boolean[] } {
  const k0 = Math.floor(Math.log10(b.min) + 1e-12);
  const k1 = Math.ceil(Math.log10(b.max) - 1e-12);
  const span = Math.log10(b.max / b.min);
  const step = Math.max(1, Math.ceil(span / maxLabels - 1e-9));
  const minors = span <= 8;
  const ticks: number[] = [];
  const majorAt: boolean[] = [];
  const labels: number[] = [];
  const inside = (v: number) => v >= b.min * (1 - 1e-12) && v <= b.max * (1 + 1e-12);
  for (let k = k0; k <= k1; k++) {
    for (let m = 1; m <= (minors ? 9 : 1); m++) {
      const v = Number((m * 10 ** k).toPrecision(12));
      if (!inside(v)) continue;
      ticks.push(v);
      majorAt.push(m === 1);
      if (m === 1 && ((k % step) + step) % step === 0) labels.push(v);
    }
  }
  return { ticks, labels, majorAt };
}

export function logAxis(name: string, b: Bounds | null, theme: ChartTheme, opts: { nameGap?: number; position?: 'left' | 'bottom'; fontSize?: number; fontFamily?: string; rich?: Record<string, unknown> } = {}): Record<string, unknown> {
  // label every k-th decade so that at most ~8 labels are drawn (k = 1 up to 8 decades)
  const step = b ? Math.max(1, Math.ceil(Math.log10(b.max / b.min) / 8 - 1e-9)) : 1;
  const fs = opts.fontSize ?? 12;
  const ff = opts.fontFamily ?? theme.font;
  const lt = b ? logTicks(b) : null;
  return {
    type: 'log',
    logBase: 10,
    name,
    nameLocation: 'middle',
    nameGap: opts.nameGap ?? 30,
    nameTextStyle: { color: theme.fg, fontSize: fs + 1, fontFamily: ff, ...(opts.rich ? { rich: opts.rich } : {}) },
    ...(b ? { min: b.min, max: b.max } : {}),
    // one major tick per decade; labels thinned on very wide axes
    interval: 1,
    axisLine: { show: true, onZero: false, lineStyle: { color: theme.fg } },
    axisTick: { show: true, inside: true, length: 4, lineStyle: { color: theme.fg, width: 0.6 }, ...(lt ? { customValues: lt.ticks } : {}) },
    minorTick: { show: !lt, splitNumber: 9, length: 3, lineStyle: { color: theme.fg } },
    axisLabel: {
      color: theme.fg,
      fontSize: fs,
      fontFamily: ff,
      interval: 0,
      ...(lt ? { customValues: lt.labels } : {}),
      formatter: (v: number) => (Math.round(Math.log10(v)) % step === 0 ? decadeLabel(v) : ''),
      hideOverlap: true,
    },
    splitLine: { show: true, lineStyle: { color: lt ? lt.majorAt.slice(0, 9).map((m) => (m ? theme.grid : theme.minorGrid)) : theme.grid, width: 0.8 } },
    minorSplitLine: { show: !lt, lineStyle: { color: theme.minorGrid, width: 0.6 } },
  };
}
