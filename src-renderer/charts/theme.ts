// Chart themes and colours. Convention: one colour per model size d, assigned by the rank of
// d in the sorted d-grid of the view and sampled from viridis (perceptually uniform, readable
// in greyscale), so every panel of a view (and both sides of Compare) colours a d identically.
// The ends of the map are trimmed per theme and every colour is moved to ≥ 3:1 contrast
// against the background (yellow is unreadable on white, purple on black).
import { readable } from './contrast';
export interface ChartTheme {
  name: 'light' | 'dark';
  fg: string;
  muted: string;
  grid: string;
  minorGrid: string;
  bg: string;
  font: string;
  /** colours of the two sides of the τ comparison (τ = 0, τ = c/√d) */
  tau: [string, string];
  frontier: string;
  fit: string;
}

export const FONT = "'Inter', 'Helvetica Neue', 'DejaVu Sans', Arial, sans-serif";

export const LIGHT: ChartTheme = {
  name: 'light',
  fg: '#1b1f24',
  muted: '#5b636d',
  grid: '#d5dae0',
  minorGrid: '#eef0f3',
  bg: '#ffffff',
  font: FONT,
  tau: ['#1f5fbf', '#c2410c'],
  frontier: '#111111',
  fit: '#d62728',
};

export const DARK: ChartTheme = {
  name: 'dark',
  fg: '#e6e9ee',
  muted: '#9aa4b0',
  grid: '#3a424c',
  minorGrid: '#262c33',
  bg: '#161a1f',
  font: FONT,
  tau: ['#6ea8ff', '#ff9a5c'],
  frontier: '#f4f4f4',
  fit: '#ff6b6b',
};

export function themeByName(name: string): ChartTheme {
  return name === 'dark' ? DARK : LIGHT;
}

// viridis at t = 0, 1/8, …, 1
const VIRIDIS = ['#440154', '#472d7b', '#3b528b', '#2c728e', '#21918c', '#28ae80', '#5ec962', '#addc30', '#fde725'];

function hex(c: string): [number, number, number] {
  return [parseInt(c.slice(1, 3), 16), parseInt(c.slice(3, 5), 16), parseInt(c.slice(5, 7), 16)];
}

/** viridis at t ∈ [0, 1] (linear interpolation between the 9 stops) */
export function viridis(t: number): string {
  const x = Math.min(1, Math.max(0, t)) * (VIRIDIS.length - 1);
  const i = Math.min(VIRIDIS.length - 2, Math.floor(x));
  const f = x - i;
  const a = hex(VIRIDIS[i]!);
  const b = hex(VIRIDIS[i + 1]!);
  const c = a.map((v, k) => Math.round(v + f * (b[k]! - v)));
  return '#' + c.map((v) => v.toString(16).padStart(2, '0')).join('');
}

/** the colour of model size d within the d-grid of a view: viridis over a per-theme range, then
 *  moved to ≥ 3:1 contrast against the background (charts/contrast.ts) — no yellow on white,
 *  no dark purple on black */
export function dColor(d: number, grid: readonly number[], theme: ChartTheme): string {
  const g = [...new Set(grid)].sort((a, b) => a - b);
  const [lo, hi] = theme.name === 'dark' ? [0.3, 1] : [0, 0.8];
  const i = g.indexOf(d);
  const t = i < 0 || g.length === 1 ? (lo + hi) / 2 : lo + ((hi - lo) * i) / (g.length - 1);
  return readable(viridis(t), theme.bg, 3);
}

/** more variant colours after the two τ colours (Okabe–Ito, readable in colour-vision deficiency) */
const VARIANT_EXTRA = ['#009e73', '#cc79a7', '#0072b2', '#e69f00', '#56b4e9', '#d55e00'];

/**
 * One colour per τ (per variant) in every chart: τ = 0 the first τ colour, the smallest τ > 0
 * the second, further τ values the next palette colours — by the τ's rank in `taus` (all τ of
 * the view), so a τ keeps its colour across panels, methods and runs.
 */
export function tauColor(tau: number, taus: readonly number[], theme: ChartTheme): string {
  const g = [...new Set([0, ...taus])].sort((a, b) => a - b);
  const i = Math.max(0, g.indexOf(tau));
  const c = i < 2 ? theme.tau[i]! : VARIANT_EXTRA[(i - 2) % VARIANT_EXTRA.length]!;
  return readable(c, theme.bg, 3);
}
