// CSV of the data behind a chart: RFC 4180 quoting, full double precision (17 significant
// digits round-trip), one row per point, blank cells where a column is shorter.
export function toCsv(columns: Record<string, (number | string | null | undefined)[]>): string {
  const names = Object.keys(columns);
  const n = Math.max(0, ...names.map((k) => columns[k]!.length));
  const cell = (v: number | string | null | undefined) => {
    if (v === null || v === undefined || (typeof v === 'number' && Number.isNaN(v))) return '';
    if (typeof v === 'number') return String(v);
    return /[",\n\r]/.test(v) ? `"${v.replace(/"/g, '""')}"` : v;
  };
  const lines = [names.map(cell).join(',')];
  for (let i = 0; i < n; i++) lines.push(names.map((k) => cell(columns[k]![i])).join(','));
  return lines.join('\n') + '\n';
}

/** long-format table of the curves in a risk chart: series, d, x, mean, lo, hi */
export function riskCurvesCsv(curves: { name?: string; d: number; x: number[]; mean: number[]; lo?: number[]; hi?: number[] }[], xName: string): string {
  const cols: Record<string, (number | string)[]> = { series: [], d: [], [xName]: [], risk_mean: [], risk_lo: [], risk_hi: [] };
  for (const c of curves) {
    for (let i = 0; i < c.x.length; i++) {
      cols.series!.push(c.name ?? `d = ${c.d}`);
      cols.d!.push(c.d);
      cols[xName]!.push(c.x[i]!);
      cols.risk_mean!.push(c.mean[i]!);
      cols.risk_lo!.push(c.lo?.[i] ?? NaN);
      cols.risk_hi!.push(c.hi?.[i] ?? NaN);
    }
  }
  return toCsv(cols);
}
