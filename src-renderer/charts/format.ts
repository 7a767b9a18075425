// Number formatting for plots and tables: decade labels with Unicode superscripts (10⁻³),
// 3-significant-digit scientific numbers, and the fitted law's legend text R̂(C) = s·C^(−η).
const SUP: Record<string, string> = { '-': '⁻', '0': '⁰', '1': '¹', '2': '²', '3': '³', '4': '⁴', '5': '⁵', '6': '⁶', '7': '⁷', '8': '⁸', '9': '⁹', '.': '·' };

export function superscript(s: string | number): string {
  return String(s)
    .split('')
    .map((c) => SUP[c] ?? c)
    .join('');
}

/** "10⁻³" for an exact power of ten, "" for anything else (minor ticks stay unlabelled) */
export function decadeLabel(v: number): string {
  if (!(v > 0)) return '';
  const k = Math.round(Math.log10(v));
  if (Math.abs(Math.log10(v) - k) > 1e-9) return '';
  if (k === 0) return '1';
  if (k === 1) return '10';
  return '10' + superscript(k);
}

/** 3 significant digits; scientific with a superscript exponent outside [1e-3, 1e4) */
export function sci(v: number, digits = 3): string {
  if (v === 0) return '0';
  if (!Number.isFinite(v)) return String(v);
  const a = Math.abs(v);
  if (a >= 1e-3 && a < 1e4) return Number(v.toPrecision(digits)).toString();
  const k = Math.floor(Math.log10(a));
  const m = v / 10 ** k;
  return `${Number(m.toPrecision(digits))}×10${superscript(k)}`;
}

export function fixed(v: number | null | undefined, digits = 3): string {
  return v === null || v === undefined || !Number.isFinite(v) ? '—' : v.toFixed(digits);
}

/** the legend text of a fitted power law R̂(C) = s·C^(−η) (its interval goes in the panel
 *  subtitle); plain text with ^(…) markup, typeset as a formula by charts/typeset.ts */
export function fitLabel(s: number, eta: number): string {
  return `fit R̂(C) = ${sci(s)}·C^(−${eta.toFixed(3)})`;
}

export function formatDuration(ms: number | null | undefined): string {
  if (ms === null || ms === undefined) return '—';
  if (ms < 1000) return `${Math.round(ms)} ms`;
  const s = ms / 1000;
  if (s < 60) return `${s.toFixed(1)} s`;
  const m = Math.floor(s / 60);
  if (m < 60) return `${m} min ${Math.round(s - 60 * m)} s`;
  return `${Math.floor(m / 60)} h ${m % 60} min`;
}

export function formatBytes(b: number): string {
  if (b < 1024) return `${b} B`;
  const u = ['KiB', 'MiB', 'GiB', 'TiB'];
  let x = b / 1024;
  let i = 0;
  while (x >= 1024 && i < u.length - 1) {
    x /= 1024;
    i++;
  }
  return `${x.toFixed(x < 10 ? 1 : 0)} ${u[i]}`;
}
