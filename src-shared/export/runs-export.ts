// Export of many stored runs at once for analysis in Python (issue 14), pure over RunDetail:
//
//   json     { format: "plrf-runs", version: 1, runs: [ { id, kind, status, label, tags, seed,
//              codeVersion, createdAt, params, summary, curves: [{key, meta, columns}] } ] }
//              curve values as in the one-run export: shortest round-trip numbers, non-finite and −0
//              as the strings "NaN", "Infinity", "-Infinity", "-0" (every float64 exact).
//   csv      the tidy table (below), RFC 4180, shortest round-trip numbers, NaN/Infinity spelled so.
//   parquet  the same tidy table (hyparquet-writer): numeric columns DOUBLE (null = absent),
//            text columns STRING.
//   npz      a zip of .npy arrays (numpy reads it with allow_pickle=False):
//              "run_ids"               float64 (n_runs,)
//              "params"                unicode (n_runs,): each run's params as a JSON string
//              "run<ID>/<curve key>"   float64 (n_points, n_columns): one array per curve
//              "run<ID>/<curve key>#columns"  unicode (n_columns,): its column names
//              "run<ID>/<curve key>#meta"     unicode (): the curve's meta as a JSON string
// Tidy table: one row per checkpoint (per point of every curve of every run). Columns:
//   run_id, kind, status, label, curve, then every parameter as "param_<name>" (scalars as
//   numbers/strings; arrays and objects as JSON; a data spectrum as param_spectrum_name and
//   param_spectrum_hash), every curve meta field as "meta_<name>", then the curve columns
//   (r, risk, C = B·d·r when the curve has r, …) — the union over curves, absent = empty/null.
import { zipSync } from 'fflate';
import { parquetWriteBuffer } from 'hyparquet-writer';
import type { RunDetail } from '../api/types';
import { writeNpy, writeNpyStrings } from '../spectrum/npy';

export const RUNS_EXPORT_FORMATS = ['csv', 'json', 'parquet', 'npz'] as const;
export type RunsExportFormat = (typeof RUNS_EXPORT_FORMATS)[number];

type Cell = number | string | null;
export interface TidyTable {
  names: string[];
  /** per column: 'number' or 'string' */
  types: ('number' | 'string')[];
  columns: Cell[][];
}

function enc(x: number): number | string {
  return Object.is(x, -0) ? '-0' : Number.isFinite(x) ? x : Number.isNaN(x) ? 'NaN' : x > 0 ? 'Infinity' : '-Infinity';
}

export function runsToJson(runs: RunDetail[]): string {
  return JSON.stringify({
    format: 'plrf-runs',
    version: 1,
    runs: runs.map((r) => ({
      id: r.id,
      kind: r.kind,
      status: r.status,
      label: r.label,
      tags: r.tags,
      seed: r.seed,
      codeVersion: r.codeVersion,
      createdAt: r.createdAt,
      params: r.params,
      summary: r.result?.summary ?? null,
      curves: (r.result?.curves ?? []).map((c) => ({ key: c.key, meta: c.meta, columns: Object.fromEntries(Object.entries(c.columns).map(([k, v]) => [k, Array.from(v, enc)])) })),
    })),
  }, (_k, v) => (typeof v === 'number' && !Number.isFinite(v) ? enc(v) : v));
}

function flatParams(p: Record<string, unknown>): Record<string, Cell> {
  const out: Record<string, Cell> = {};
  for (const [k, v] of Object.entries(p)) {
    if (k === 'spectrum' && v && typeof v === 'object') {
      const s = v as { name?: string; hash?: string };
      out.spectrum_name = s.name ?? null;
      out.spectrum_hash = s.hash ?? null;
    } else if (typeof v === 'number' || typeof v === 'string') out[k] = v;
    else if (typeof v === 'boolean') out[k] = v ? 1 : 0;
    else if (v !== undefined && v !== null) out[k] = JSON.stringify(v);
  }
  return out;
}

/** the tidy table (see header) */
export function tidyTable(runs: RunDetail[]): TidyTable {
  const rows: Record<string, Cell>[] = [];
  const order = new Map<string, 'number' | 'string'>();
  const note = (k: string, v: Cell) => {
    const t = typeof v === 'number' ? 'number' : 'string';
    if (v === null) {
      if (!order.has(k)) order.set(k, 'number');
      return;
    }
    const prev = order.get(k);
    if (prev === undefined || (prev === 'number' && t === 'string' && !rows.some((r) => typeof r[k] === 'number'))) order.set(k, t);
    else if (prev !== t) order.set(k, 'string');
  };
  for (const k of ['run_id', 'kind', 'status', 'label', 'curve']) order.set(k, k === 'run_id' ? 'number' : 'string');
  for (const r of runs) {
    const params = flatParams(r.params);
    const batch = typeof r.params.batch === 'number' ? r.params.batch : 1;
    for (const c of r.result?.curves ?? []) {
      const cols = Object.entries(c.columns);
      const n = cols[0]?.[1].length ?? 0;
      const d = typeof c.meta.d === 'number' ? c.meta.d : typeof r.params.d === 'number' ? r.params.d : null;
      const base: Record<string, Cell> = { run_id: r.id, kind: r.kind, status: r.status, label: r.label, curve: c.key };
      for (const [k, v] of Object.entries(params)) base[`param_${k}`] = v;
      for (const [k, v] of Object.entries(c.meta)) base[`meta_${k}`] = typeof v === 'number' || typeof v === 'string' ? v : v === null || v === undefined ? null : JSON.stringify(v);
      for (let i = 0; i < n; i++) {
        const row: Record<string, Cell> = { ...base };
        for (const [k, v] of cols) row[k] = v[i]!;
        if (c.columns.r && !c.columns.C && d !== null) row.C = batch * d * c.columns.r[i]!;
        rows.push(row);
      }
    }
  }
  for (const row of rows) for (const [k, v] of Object.entries(row)) note(k, v);
  const names = [...order.keys()];
  // a column that is numeric in some rows and text in others is text
  const types = names.map((k) => order.get(k)!);
  const columns = names.map((k, j) => rows.map((row) => {
    const v = row[k];
    if (v === undefined || v === null) return null;
    return types[j] === 'string' && typeof v === 'number' ? String(v) : v;
  }));
  return { names, types, columns };
}

function csvCell(v: Cell): string {
  if (v === null) return '';
  if (typeof v === 'number') return Number.isNaN(v) ? 'NaN' : v === Infinity ? 'Infinity' : v === -Infinity ? '-Infinity' : Object.is(v, -0) ? '-0' : String(v);
  return /[",\n\r]/.test(v) ? `"${v.replace(/"/g, '""')}"` : v;
}

export function tidyCsv(t: TidyTable): string {
  const n = t.columns[0]?.length ?? 0;
  const lines = [t.names.map(csvCell).join(',')];
  for (let i = 0; i < n; i++) lines.push(t.columns.map((c) => csvCell(c[i]!)).join(','));
  return lines.join('\n') + '\n';
}

export function tidyParquet(t: TidyTable): Uint8Array {
  const buf = parquetWriteBuffer({
    columnData: t.names.map((name, j) => ({ name, data: t.columns[j]!, type: t.types[j] === 'number' ? 'DOUBLE' : 'STRING' })),
  });
  return new Uint8Array(buf);
}

export function runsToNpz(runs: RunDetail[]): Uint8Array {
  const files: Record<string, Uint8Array> = {};
  files['run_ids.npy'] = writeNpy(runs.map((r) => r.id));
  files['params.npy'] = writeNpyStrings(runs.map((r) => JSON.stringify(r.params)));
  for (const r of runs) {
    for (const c of r.result?.curves ?? []) {
      const cols = Object.entries(c.columns);
      const n = cols[0]?.[1].length ?? 0;
      const k = cols.length;
      const data = new Float64Array(n * k);
      for (let j = 0; j < k; j++) {
        const col = cols[j]![1];
        for (let i = 0; i < n; i++) data[i * k + j] = col[i]!;
      }
      const name = `run${r.id}/${c.key}`;
      files[`${name}.npy`] = writeNpy(data, [n, k]);
      files[`${name}#columns.npy`] = writeNpyStrings(cols.map(([nm]) => nm));
      files[`${name}#meta.npy`] = writeNpyStrings([JSON.stringify(c.meta)], []);
    }
  }
  return zipSync(files, { level: 0 });
}

/** one export document: text (csv, json) or bytes (parquet, npz) */
export function exportRuns(runs: RunDetail[], format: RunsExportFormat): string | Uint8Array {
  switch (format) {
    case 'json':
      return runsToJson(runs);
    case 'csv':
      return tidyCsv(tidyTable(runs));
    case 'parquet':
      return tidyParquet(tidyTable(runs));
    case 'npz':
      return runsToNpz(runs);
  }
}
