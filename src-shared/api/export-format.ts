// File formats of exportRun / importRun (pure; used by the service, the CLI and tests).
//
// JSON ("plrf-run", version 1): { format, version, exportedAt, run: {kind, status, params, seed,
// codeVersion, label, tags, notes, createdAt, startedAt, finishedAt, error}, result: {summary,
// curves: [{key, meta, columns}]} | null, partials: [{key, value, savedAt}] }. Numbers are written
// with JavaScript's shortest round-trip representation, so export → import reproduces every
// float64 exactly; non-finite values and −0 in curve columns are written as the strings "NaN", "Infinity", "-Infinity",
// "-0".
//
// CSV: one row per checkpoint of every risk curve, columns
//   curve, d, tau, seed, r, C, risk[, other curve columns…]
// with C = B·d·r (DESIGN §1; B = params.batch, default 1; d from the curve's meta, else params.d),
// tau the c of τ = c/√d. Curves without r/risk columns (spectra) are written with their own
// columns after the shared ones left empty. RFC 4180 quoting, "\n" line ends.
import { ApiError } from './errors';
import { RUN_KINDS, RUN_STATUSES, type CurveData, type PartialResult, type RunDetail, type RunKind, type RunResult, type RunStatus } from './types';

export const EXPORT_FORMAT = 'plrf-run';
export const EXPORT_VERSION = 1;

export interface ExportedRun {
  format: typeof EXPORT_FORMAT;
  version: number;
  exportedAt: number;
  run: {
    id: number;
    kind: RunKind;
    status: RunStatus;
    params: Record<string, unknown>;
    seed: number | null;
    codeVersion: string;
    label: string;
    tags: string[];
    notes: string;
    createdAt: number;
    startedAt: number | null;
    finishedAt: number | null;
    error: string | null;
  };
  result: RunResult | null;
  partials: PartialResult[];
}

function encodeNumbers(_key: string, v: unknown): unknown {
  if (typeof v === 'number' && !Number.isFinite(v)) return Number.isNaN(v) ? 'NaN' : v > 0 ? 'Infinity' : '-Infinity';
  return v;
}

/** curve columns: every float64 exactly, −0 included */
function encodeColumn(xs: ArrayLike<number>): (number | string)[] {
  return Array.from(xs, (x) => (Object.is(x, -0) ? '-0' : Number.isFinite(x) ? x : Number.isNaN(x) ? 'NaN' : x > 0 ? 'Infinity' : '-Infinity'));
}

function decodeColumn(name: string, xs: unknown): number[] {
  if (!Array.isArray(xs)) throw new ApiError('bad_request', 'must be an array of numbers', `result.curves.columns.${name}`);
  return xs.map((x) => {
    if (typeof x === 'number') return x;
    if (x === 'NaN') return NaN;
    if (x === 'Infinity') return Infinity;
    if (x === '-Infinity') return -Infinity;
    if (x === '-0') return -0;
    throw new ApiError('bad_request', 'must be an array of numbers', `result.curves.columns.${name}`);
  });
}

export function runToExport(run: RunDetail, now = Date.now()): ExportedRun {
  return {
    format: EXPORT_FORMAT,
    version: EXPORT_VERSION,
    exportedAt: now,
    run: {
      id: run.id,
      kind: run.kind,
      status: run.status,
      params: run.params,
      seed: run.seed,
      codeVersion: run.codeVersion,
      label: run.label,
      tags: run.tags,
      notes: run.notes,
      createdAt: run.createdAt,
      startedAt: run.startedAt,
      finishedAt: run.finishedAt,
      error: run.error,
    },
    result: run.result && {
      summary: run.result.summary,
      curves: run.result.curves.map((c) => ({ ...c, columns: Object.fromEntries(Object.entries(c.columns).map(([k, v]) => [k, encodeColumn(v) as unknown as number[]])) })),
    },
    partials: run.partials,
  };
}

export function exportJson(run: RunDetail, now = Date.now()): string {
  return JSON.stringify(runToExport(run, now), encodeNumbers, 1) + '\n';
}

function isObj(x: unknown): x is Record<string, unknown> {
  return typeof x === 'object' && x !== null && !Array.isArray(x);
}

/** Parse and check a JSON export; throws ApiError('bad_request', …, field). */
export function parseExport(text: string): ExportedRun {
  let doc: unknown;
  try {
    doc = JSON.parse(text);
  } catch (e) {
    void e;
    throw new ApiError('bad_request', 'this file is not a run export of PLRF Workbench: it is not a JSON document (use a file written by Export in Runs or by `plrf runs export ID --format json`)', 'content');
  }
  if (!isObj(doc) || doc.format !== EXPORT_FORMAT) throw new ApiError('bad_request', `not a PLRF run export (format must be "${EXPORT_FORMAT}")`, 'content.format');
  if (doc.version !== EXPORT_VERSION) throw new ApiError('bad_request', `unsupported export version ${String(doc.version)} (supported: ${EXPORT_VERSION})`, 'content.version');
  const run = doc.run;
  if (!isObj(run)) throw new ApiError('bad_request', 'missing run', 'content.run');
  if (!RUN_KINDS.includes(run.kind as RunKind)) throw new ApiError('bad_request', `kind must be one of ${RUN_KINDS.join(', ')}`, 'content.run.kind');
  if (!RUN_STATUSES.includes(run.status as RunStatus)) throw new ApiError('bad_request', `status must be one of ${RUN_STATUSES.join(', ')}`, 'content.run.status');
  if (!isObj(run.params)) throw new ApiError('bad_request', 'params must be an object', 'content.run.params');
  const str = (k: string, def = '') => (typeof run[k] === 'string' ? (run[k] as string) : def);
  const numOrNull = (k: string) => (typeof run[k] === 'number' && Number.isFinite(run[k]) ? (run[k] as number) : null);
  const tags = Array.isArray(run.tags) ? run.tags.filter((t): t is string => typeof t === 'string') : [];
  let result: RunResult | null = null;
  if (doc.result !== null && doc.result !== undefined) {
    const r = doc.result;
    if (!isObj(r) || !isObj(r.summary) || !Array.isArray(r.curves)) throw new ApiError('bad_request', 'result must be {summary, curves}', 'content.result');
    const curves: CurveData[] = r.curves.map((c, i) => {
      if (!isObj(c) || typeof c.key !== 'string' || !isObj(c.meta) || !isObj(c.columns)) throw new ApiError('bad_request', 'curve must be {key, meta, columns}', `content.result.curves.${i}`);
      const columns: Record<string, number[]> = {};
      let len = -1;
      for (const [name, xs] of Object.entries(c.columns)) {
        columns[name] = decodeColumn(name, xs);
        if (len >= 0 && columns[name]!.length !== len) throw new ApiError('bad_request', 'columns must have equal lengths', `content.result.curves.${i}.columns.${name}`);
        len = columns[name]!.length;
      }
      return { key: c.key, meta: c.meta as CurveData['meta'], columns };
    });
    result = { summary: r.summary as Record<string, unknown>, curves };
  }
  const partials: PartialResult[] = Array.isArray(doc.partials)
    ? doc.partials.filter(isObj).filter((p) => typeof p.key === 'string').map((p) => ({ key: p.key as string, value: p.value, savedAt: typeof p.savedAt === 'number' ? p.savedAt : 0 }))
    : [];
  return {
    format: EXPORT_FORMAT,
    version: EXPORT_VERSION,
    exportedAt: typeof doc.exportedAt === 'number' ? doc.exportedAt : 0,
    run: {
      id: typeof run.id === 'number' ? run.id : 0,
      kind: run.kind as RunKind,
      status: run.status as RunStatus,
      params: run.params as Record<string, unknown>,
      seed: numOrNull('seed'),
      codeVersion: str('codeVersion', 'unknown'),
      label: str('label'),
      tags,
      notes: str('notes'),
      createdAt: numOrNull('createdAt') ?? 0,
      startedAt: numOrNull('startedAt'),
      finishedAt: numOrNull('finishedAt'),
      error: typeof run.error === 'string' ? run.error : null,
    },
    result,
    partials,
  };
}

function csvCell(x: unknown): string {
  if (x === undefined || x === null) return '';
  const s = typeof x === 'number' ? String(x) : String(x);
  return /[",\n\r]/.test(s) ? `"${s.replace(/"/g, '""')}"` : s;
}

/** CSV of a run's curves: one row per checkpoint (see header). */
export function exportCsv(run: RunDetail): string {
  const params = run.params;
  const batch = typeof params.batch === 'number' ? params.batch : 1;
  const curves = run.result?.curves ?? [];
  const base = ['curve', 'd', 'tau', 'seed', 'r', 'C', 'risk'];
  const extra: string[] = [];
  for (const c of curves) for (const name of Object.keys(c.columns)) if (!base.includes(name) && !extra.includes(name)) extra.push(name);
  const lines = [[...base, ...extra].join(',')];
  for (const c of curves) {
    const d = typeof c.meta.d === 'number' ? c.meta.d : typeof params.d === 'number' ? params.d : undefined;
    const tau = typeof c.meta.tau === 'number' ? c.meta.tau : typeof params.tau === 'number' ? params.tau : undefined;
    const seed = typeof c.meta.seed === 'number' ? c.meta.seed : (run.seed ?? undefined);
    const b = typeof c.meta.batch === 'number' ? c.meta.batch : batch;
    const r = c.columns.r;
    const n = Object.values(c.columns)[0]?.length ?? 0;
    for (let i = 0; i < n; i++) {
      const ri = r?.[i];
      const C = ri !== undefined && d !== undefined ? b * d * ri : c.columns.C?.[i];
      const row = [c.key, d, tau, seed, ri, C, c.columns.risk?.[i], ...extra.map((k) => c.columns[k]?.[i])];
      lines.push(row.map(csvCell).join(','));
    }
  }
  return lines.join('\n') + '\n';
}
