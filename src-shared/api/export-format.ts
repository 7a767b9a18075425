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
import { z } from 'zod';
import { ApiError } from './errors';
import { FORBIDDEN_KEYS, MAX_KEY, epochMs, label, notes, runKind, runParams, runStatus, tags } from './schemas';
import { type CurveData, type PartialResult, type RunDetail, type RunKind, type RunResult, type RunStatus } from './types';

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

export const MAX_ERROR_TEXT = 20_000;
export const MAX_CODE_VERSION = 200;
export const MAX_CURVE_KEY = 200;
export const MAX_CURVES = 10_000;
export const MAX_COLUMN = 10_000_000;
const MAX_JSON_DEPTH = 32;
const MAX_JSON_STRING = 20_000;

/** the first problem of a JSON value (summary, meta, partial value): forbidden/long keys, deep nesting, long strings */
function jsonProblem(x: unknown, path: (string | number)[], depth: number): { path: (string | number)[]; message: string } | null {
  if (depth > MAX_JSON_DEPTH) return { path, message: `nested deeper than ${MAX_JSON_DEPTH} levels` };
  if (typeof x === 'string') return x.length > MAX_JSON_STRING ? { path, message: `text longer than ${MAX_JSON_STRING} characters` } : null;
  if (Array.isArray(x)) {
    for (let i = 0; i < x.length; i++) {
      const p = jsonProblem(x[i], [...path, i], depth + 1);
      if (p) return p;
    }
    return null;
  }
  if (typeof x === 'object' && x !== null) {
    for (const [k, v] of Object.entries(x)) {
      if ((FORBIDDEN_KEYS as readonly string[]).includes(k)) return { path: [...path, k], message: `field "${k}" is not allowed` };
      if (k.length > MAX_KEY) return { path: [...path, k.slice(0, 40) + '…'], message: `field names are at most ${MAX_KEY} characters` };
      const p = jsonProblem(v, [...path, k], depth + 1);
      if (p) return p;
    }
  }
  return null;
}

const boundedJson = z.unknown().superRefine((x, ctx) => {
  const p = jsonProblem(x, [], 0);
  if (p) ctx.addIssue({ code: 'custom', path: p.path, message: p.message });
});
const boundedObject = z
  .custom<Record<string, unknown>>((x) => typeof x === 'object' && x !== null && !Array.isArray(x), { message: 'must be a JSON object' })
  .superRefine((x, ctx) => {
    const p = jsonProblem(x, [], 0);
    if (p) ctx.addIssue({ code: 'custom', path: p.path, message: p.message });
  });
const encodedNumber = z.union([z.number(), z.enum(['NaN', 'Infinity', '-Infinity', '-0'])]);
const columnName = z.string().min(1).max(MAX_KEY).refine((k) => !(FORBIDDEN_KEYS as readonly string[]).includes(k), 'this column name is not allowed');

/**
 * The export format's own schema (version 1): every field typed and bounded. The run's label,
 * tags and notes obey the same rules as a new run (schemas.ts); its params are checked for shape
 * here and for ranges by the kind's schema (the service calls the kind's validate).
 */
export const exportDocSchema = z.strictObject({
  format: z.literal(EXPORT_FORMAT),
  version: z.literal(EXPORT_VERSION),
  exportedAt: epochMs.optional(),
  run: z.strictObject({
    kind: runKind,
    status: runStatus,
    params: runParams,
    id: z.number().int().min(0).max(Number.MAX_SAFE_INTEGER).optional(),
    seed: z.number().int().min(0).max(Number.MAX_SAFE_INTEGER).nullable(),
    codeVersion: z.string().max(MAX_CODE_VERSION),
    label,
    tags,
    notes,
    createdAt: epochMs,
    startedAt: epochMs.nullable(),
    finishedAt: epochMs.nullable(),
    error: z.string().max(MAX_ERROR_TEXT).nullable(),
  }),
  result: z
    .strictObject({
      summary: boundedObject,
      curves: z
        .array(
          z.strictObject({
            key: z.string().min(1).max(MAX_CURVE_KEY),
            meta: boundedObject,
            columns: z.record(columnName, z.array(encodedNumber).max(MAX_COLUMN)),
          }),
        )
        .max(MAX_CURVES),
    })
    .nullable(),
  partials: z.array(z.strictObject({ key: z.string().min(1).max(MAX_CURVE_KEY), value: boundedJson, savedAt: epochMs })).max(MAX_CURVES),
});

/** Parse and check a JSON export against exportDocSchema; throws ApiError('bad_request', …, 'content.<field>'). */
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
  const parsed = exportDocSchema.safeParse(doc);
  if (!parsed.success) {
    const issue = parsed.error.issues[0]!;
    const field = ['content', ...issue.path.map(String)].join('.');
    const what = issue.code === 'unrecognized_keys' ? `unknown field(s) ${(issue as { keys: string[] }).keys.map((k) => k.slice(0, 40)).join(', ')}` : issue.message.charAt(0).toLowerCase() + issue.message.slice(1);
    const where = issue.path.length ? ` (at ${issue.path.map(String).join('.')})` : '';
    // a sentence for the person importing, not a validator's message alone
    throw new ApiError('bad_request', `this run export is incomplete or damaged: ${what}${where}; export the run again with Export in Runs or \`plrf runs export ID --format json\``, field);
  }
  const d = parsed.data;
  let result: RunResult | null = null;
  if (d.result) {
    const curves: CurveData[] = d.result.curves.map((c, i) => {
      const columns: Record<string, number[]> = {};
      let len = -1;
      for (const [name, xs] of Object.entries(c.columns)) {
        columns[name] = decodeColumn(name, xs);
        if (len >= 0 && columns[name]!.length !== len) throw new ApiError('bad_request', 'columns must have equal lengths', `content.result.curves.${i}.columns.${name}`);
        len = columns[name]!.length;
      }
      return { key: c.key, meta: c.meta as CurveData['meta'], columns };
    });
    result = { summary: d.result.summary, curves };
  }
  const r = d.run;
  return {
    format: EXPORT_FORMAT,
    version: EXPORT_VERSION,
    exportedAt: d.exportedAt ?? 0,
    run: {
      id: r.id ?? 0,
      kind: r.kind as RunKind,
      status: r.status as RunStatus,
      params: r.params,
      seed: r.seed,
      codeVersion: r.codeVersion || 'unknown',
      label: r.label,
      tags: r.tags,
      notes: r.notes,
      createdAt: r.createdAt,
      startedAt: r.startedAt,
      finishedAt: r.finishedAt,
      error: r.error,
    },
    result,
    partials: d.partials.map((p) => ({ key: p.key, value: p.value, savedAt: p.savedAt })),
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
