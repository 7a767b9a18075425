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

export function logAxis(name: string, b: Bounds | null, theme: ChartTheme, opts: { nameGap?: number; position?: 'left' | 'bottom' } = {}): Record<string, unknown> {
  const span = b ? decades(b) : 4;
  return {
    type: 'log',
    logBase: 10,
    name,
    nameLocation: 'middle',
    nameGap: opts.nameGap ?? 30,
    nameTextStyle: { color: theme.fg, fontSize: 13, fontFamily: theme.font },
    ...(b ? { min: b.min, max: b.max } : {}),
    // one major tick per decade; labels thinned on very wide axes
    interval: 1,
    axisLine: { show: true, onZero: false, lineStyle: { color: theme.fg } },
    axisTick: { show: true, inside: true, length: 6, lineStyle: { color: theme.fg } },
    minorTick: { show: true, splitNumber: 9, length: 3, lineStyle: { color: theme.fg } },
    axisLabel: {
      color: theme.fg,
      fontSize: 12,
      fontFamily: theme.font,
      interval: span > 10 ? 1 : 0,
      formatter: (v: number) => decadeLabel(v),
      hideOverlap: true,
    },
    splitLine: { show: true, lineStyle: { color: theme.grid, width: 0.8 } },
    minorSplitLine: { show: true, lineStyle: { color: theme.minorGrid, width: 0.6 } },
  };
}
