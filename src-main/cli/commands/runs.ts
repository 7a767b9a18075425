// `plrf runs <list|show|export|import|delete|restore|compare|rerun> … [--db PATH] [--json]`:
// the stored runs, through the same typed API and services as the app and the web mode.
//   list [--filter TEXT] [--kind k,…] [--status s,…] [--tag t,…] [--sort FIELD] [--asc]
//        [--limit N] [--offset N] [--deleted]      → table, or RunPage JSON
//   show ID [--no-curves]                          → summary + result, or RunDetail JSON
//   export ID --format csv|json [--out FILE]       → the file on stdout (or FILE)
//   import FILE                                    → the new run's id
//   delete ID | restore ID                         → soft delete / undo
//   compare ID ID […]                              → differing params + metrics, or Comparison JSON
//   rerun ID                                       → runs the same params again (new id), like `plrf run`
import { readFileSync, writeFileSync } from 'node:fs';
import { basename } from 'node:path';
import type { Command, CliIO } from '../command';
import { helpText, parseArgs, type OptSpecs } from '../args';
import { ParamError } from '../../../src-shared/params/errors';
import { RUN_KINDS, RUN_STATUSES, SORT_FIELDS, type RunSummary } from '../../../src-shared/api/types';
import { asCliError, openCliService, progressBar } from './run';
import { DB_OPTS } from '../db-option';

import { exportRuns, RUNS_EXPORT_FORMATS, type RunsExportFormat } from '../../../src-shared/export/runs-export';
import type { PlrfClient } from '../../../src-shared/api/contract';
import type { RunDetail } from '../../../src-shared/api/types';
import { readableRun } from '../run-summary';

const SUBS = ['list', 'show', 'export', 'import', 'delete', 'restore', 'compare', 'rerun'] as const;
const READ_ONLY: string[] = ['list', 'show', 'export', 'compare'];

const specs: OptSpecs = {
  ...DB_OPTS,
  json: { type: 'bool', help: 'one JSON document on stdout' },
  filter: { type: 'string', help: 'list/export: key=value parameter filters (beta=0.2 d=400 kind=study; exact) and words over label, tags, notes and params' },
  kind: { type: 'string', help: `list: kinds (${RUN_KINDS.join(',')})` },
  status: { type: 'string', help: `list: statuses (${RUN_STATUSES.join(',')})` },
  tag: { type: 'string', help: 'list: runs carrying all these tags (comma-separated)' },
  sort: { type: 'string', help: `list: ${SORT_FIELDS.join('|')}`, default: 'createdAt' },
  asc: { type: 'bool', help: 'list: ascending order (default descending)' },
  limit: { type: 'int', help: 'list: page size', default: 50 },
  offset: { type: 'int', help: 'list: first row', default: 0 },
  deleted: { type: 'bool', help: 'list: show the deleted runs (trash)' },
  'no-curves': { type: 'bool', help: 'show: leave the curves out' },
  format: { type: 'string', help: 'export: csv | json (one ID: the single-run file); csv | json | parquet | npz for many runs (ID…, --all or --filter: tidy table / NPZ, see docs/data-export.md)' },
  all: { type: 'bool', help: 'export: every (not deleted) run' },
  out: { type: 'string', help: 'export: write to this file instead of stdout' },
  help: { type: 'bool', help: 'show this help' },
};

const USAGE = 'usage: plrf runs <list|show|export|import|delete|restore|compare|rerun> [ID…|FILE] [options]';

function parseId(s: string | undefined, name = 'ID'): number {
  if (s === undefined) throw new ParamError(name, 'missing run id');
  if (!/^\d{1,15}$/.test(s) || Number(s) < 1) throw new ParamError(name, `must be a positive integer run id, got "${s}"`);
  return Number(s);
}

const csv = (s: unknown) => (typeof s === 'string' ? s.split(',').map((x) => x.trim()).filter(Boolean) : undefined);

function when(ms: number | null): string {
  return ms === null ? '' : new Date(ms).toISOString().replace('T', ' ').slice(0, 19);
}

function num(x: number | null | undefined): string {
  return x === null || x === undefined || !Number.isFinite(x) ? '' : Math.abs(x) >= 1e-3 && Math.abs(x) < 1e4 ? x.toPrecision(4) : x.toExponential(3);
}

/** camelCase parameter key → the CLI's flag word (gammaFraction → gamma-fraction) */
export const flagWord = (k: string): string => k.replace(/[A-Z]/g, (c) => '-' + c.toLowerCase());

/** a value in one short line: numbers to 6 significant digits, lists joined by commas */
function compact(v: unknown): string {
  const n = (x: unknown) => (typeof x === "number" && Number.isFinite(x) ? String(Number(x.toPrecision(6))) : typeof x === "string" ? x : JSON.stringify(x));
  if (Array.isArray(v)) return v.length > 8 ? `${n(v[0])},…,${n(v[v.length - 1])} (${v.length})` : v.map(n).join(',');
  return n(v);
}

/** the resolved parameters of a result summary (scalars and lists of scalars; not variants, data or nested objects) */
export function resolvedParams(summary: Record<string, unknown> | undefined): Record<string, unknown> {
  const p = summary?.params;
  if (!p || typeof p !== 'object' || Array.isArray(p)) return {};
  const out: Record<string, unknown> = {};
  for (const [k, v] of Object.entries(p as Record<string, unknown>)) {
    const scalar = (x: unknown) => x === null || ['number', 'string', 'boolean'].includes(typeof x);
    if (scalar(v) || (Array.isArray(v) && v.every(scalar))) out[k] = v;
  }
  return out;
}

/**
 * Rows of `runs compare`: every parameter as the run ran it — the stored params (schema defaults
 * applied) overlaid by the resolved ones — named with the CLI's flag words; `resolvedOnly` for values
 * the user does not give (γ_max, vgrid, tauValue …).
 */
export function compareParamRows(runs: { kind: string; params: Record<string, unknown> }[], resolved: Record<string, unknown>[]): { key: string; name: string; values: unknown[]; differs: boolean; resolvedOnly: boolean }[] {
  const keys = [...new Set(runs.flatMap((r, i) => [...Object.keys(r.params), ...Object.keys(resolved[i] ?? {})]))].sort();
  const rows = [{ key: 'kind', name: 'kind', values: runs.map((r) => r.kind as unknown), resolvedOnly: false }];
  for (const k of keys) {
    const values = runs.map((r, i) => (resolved[i] && k in resolved[i]! ? resolved[i]![k] : k in r.params ? r.params[k] : null));
    if (values.every((v) => v === null || typeof v === 'object' && !Array.isArray(v))) continue;
    const resolvedOnly = runs.every((r) => !(k in r.params));
    rows.push({ key: k, name: flagWord(k) + (resolvedOnly ? ' (resolved)' : ''), values, resolvedOnly });
  }
  return rows.map((r) => ({ ...r, differs: new Set(r.values.map((v) => JSON.stringify(v))).size > 1 }));
}

function table(rows: string[][]): string {
  const w = rows[0]!.map((_, j) => Math.max(...rows.map((r) => r[j]!.length)));
  return rows.map((r) => r.map((c, j) => c.padEnd(w[j]!)).join('  ').trimEnd()).join('\n') + '\n';
}

function summaryRow(r: RunSummary): string[] {
  const metric = r.headline.etaNotEstimable ? 'η not estimable' : r.headline.eta !== null ? `η=${num(r.headline.eta)}` : r.headline.finalRisk !== null ? `R=${num(r.headline.finalRisk)}` : r.headline.F0 !== null ? `F0=${num(r.headline.F0)}` : '';
  return [
    String(r.id),
    r.kind,
    r.status + (r.deleted ? ' (deleted)' : '') + (r.imported ? ' (imported)' : ''),
    when(r.createdAt),
    r.durationMs === null ? '' : `${(r.durationMs / 1000).toFixed(1)}s`,
    metric,
    r.label.slice(0, 40),
    r.tags.join(','),
  ];
}

export const runsCommand: Command = {
  name: 'runs',
  summary: 'list, show, export, import, delete, compare stored runs',
  async run(argv, io: CliIO) {
    const { opts, positionals } = parseArgs(argv, specs);
    const sub = positionals[0];
    if (opts.help || !sub) {
      (opts.help ? io.stdout : io.stderr)(helpText(USAGE, specs));
      return opts.help ? 0 : 2;
    }
    if (!SUBS.includes(sub as (typeof SUBS)[number])) throw new ParamError('subcommand', `"${sub}" is not one of ${SUBS.join(', ')}`);
    const args = positionals.slice(1);
    // list/show/export/compare only read: the database is opened read-only
    const { svc, api } = openCliService(opts, { readonly: READ_ONLY.includes(sub) });
    const out = (x: unknown) => io.stdout(JSON.stringify(x) + '\n');
    try {
      switch (sub) {
        case 'list': {
          const page = await api
            .listRuns({
              filter: {
                text: opts.filter as string | undefined,
                kinds: csv(opts.kind) as never,
                statuses: csv(opts.status) as never,
                tags: csv(opts.tag),
                deleted: opts.deleted ? 'only' : 'exclude',
              },
              sort: { by: opts.sort as never, dir: opts.asc ? 'asc' : 'desc' },
              limit: opts.limit as number,
              offset: opts.offset as number,
            })
            .catch((e: unknown) => {
              throw asCliError(e);
            });
          if (opts.json) out(page);
          else {
            io.stdout(table([['id', 'kind', 'status', 'created (UTC)', 'time', 'result', 'label', 'tags'], ...page.items.map(summaryRow)]));
            io.stderr(`${page.items.length} of ${page.total} run(s)${page.total > page.offset + page.items.length ? ` (--offset ${page.offset + page.items.length} for more)` : ''}\n`);
          }
          return 0;
        }
        case 'show': {
          const d = await api.getRun({ id: parseId(args[0]), curves: !opts['no-curves'] }).catch((e: unknown) => {
            throw asCliError(e);
          });
          if (opts.json) {
            out(d);
            return 0;
          }
          io.stdout(readableRun(d, when));
          return 0;
        }
        case 'export': {
          if (args.length !== 1 || opts.all || opts.filter !== undefined || opts.format === 'parquet' || opts.format === 'npz') {
            await exportMany(api, args.map((a) => parseId(a)), opts, io);
            return 0;
          }
          const format = opts.format;
          if (format !== 'csv' && format !== 'json') throw new ParamError('--format', `must be csv or json, got ${format === undefined ? 'nothing (required)' : JSON.stringify(format)}`);
          const f = await api.exportRun({ id: parseId(args[0]), format }).catch((e: unknown) => {
            throw asCliError(e);
          });
          if (typeof opts.out === 'string') {
            writeFileSync(opts.out, f.content);
            io.stderr(`wrote ${opts.out}\n`);
          } else io.stdout(f.content);
          return 0;
        }
        case 'import': {
          const file = args[0];
          if (!file) throw new ParamError('FILE', 'missing file name (a JSON file written by `plrf runs export ID --format json`)');
          let content: string;
          try {
            content = readFileSync(file, 'utf8');
          } catch (e) {
            throw new ParamError('FILE', `cannot read ${file}: ${e instanceof Error ? e.message : String(e)}`);
          }
          const s = await api.importRun({ content, filename: basename(file) }).catch((e: unknown) => {
            throw asCliError(e);
          });
          if (opts.json) out(s);
          else io.stdout(`${s.id}\n`);
          return 0;
        }
        case 'delete':
        case 'restore': {
          const id = parseId(args[0]);
          const s = await (sub === 'delete' ? api.deleteRun({ id }) : api.restoreRun({ id })).catch((e: unknown) => {
            throw asCliError(e);
          });
          if (opts.json) out(s);
          else io.stderr(`run ${id} ${sub === 'delete' ? 'deleted (undo: plrf runs restore ' + id + ')' : 'restored'}\n`);
          return 0;
        }
        case 'compare': {
          if (args.length < 2) throw new ParamError('ID', 'give at least two run ids');
          const ids = args.map((a) => parseId(a));
          const c = await api.compareRuns({ ids }).catch((e: unknown) => {
            throw asCliError(e);
          });
          // the parameters as actually run: the stored params (schema defaults applied) and the values
          // the run resolved (summary.params: γ, γ_max, the v and rmax grids, τ = c/√d …)
          const resolved = await Promise.all(c.runs.map((r) => api.getRun({ id: r.id, curves: false }).then((d) => resolvedParams(d.result?.summary), () => ({}))));
          const rowsOf = compareParamRows(c.runs.map((r) => ({ kind: r.kind, params: r.params })), resolved);
          if (opts.json) {
            out({ ...c, resolved: rowsOf.map((p) => ({ name: p.name, key: p.key, resolved: p.resolvedOnly, values: p.values, differs: p.differs })) });
            return 0;
          }
          const head = ['', ...c.runs.map((r) => `run ${r.id}`)];
          const rows = [head];
          for (const p of rowsOf) if (p.differs) rows.push([p.name, ...p.values.map((v) => (v === null || v === undefined ? '-' : compact(v)))]);
          for (const m of c.metrics) if (m.values.some((v) => v !== null)) rows.push([m.name, ...m.values.map((v, i) => (m.name === 'eta' && c.runs[i]!.headline.etaNotEstimable ? 'not estimable' : num(v)))]);
          io.stdout(table(rows));
          const same = rowsOf.filter((p) => !p.differs).map((p) => `${p.name}=${compact(p.values[0])}`);
          if (same.length) io.stderr(`same (as run, defaults included): ${same.join(' ')}\n`);
          if (rowsOf.some((p) => p.resolvedOnly)) io.stderr('(resolved): set by the run (defaults and derived values), not given\n');
          return 0;
        }
        case 'rerun': {
          const s = await api.rerun({ id: parseId(args[0]) }).catch((e: unknown) => {
            throw asCliError(e);
          });
          io.stderr(`run ${s.id} (re-run of ${args[0]}) queued\n`);
          const bar = progressBar(io);
          const off = api.onEvent((e) => {
            if (e.type === 'progress' && e.runId === s.id) bar(e.fraction, e.phase, e.etaSeconds);
          });
          const final = await svc.waitForRun(s.id);
          off();
          if (io.tty) io.stderr('\n');
          io.stderr(`run ${final.id}: ${final.status}${final.error ? ` — ${final.error}` : ''}\n`);
          if (opts.json) out(final);
          else io.stdout(`${final.id}\n`);
          return final.status === 'done' ? 0 : 1;
        }
      }
      return 2;
    } finally {
      await svc.close();
    }
  },
};

/** `plrf runs export [ID …] [--all | --filter Q] --format csv|json|parquet|npz [--out FILE]` (issue 14) */
async function exportMany(api: PlrfClient, ids: number[], opts: Record<string, unknown>, io: CliIO): Promise<void> {
  const format = opts.format as RunsExportFormat;
  if (!RUNS_EXPORT_FORMATS.includes(format)) throw new ParamError('--format', `must be one of ${RUNS_EXPORT_FORMATS.join(', ')}, got ${format === undefined ? 'nothing (required)' : JSON.stringify(format)}`);
  const selectors = (ids.length ? 1 : 0) + (opts.all ? 1 : 0) + (opts.filter !== undefined ? 1 : 0);
  if (selectors !== 1) throw new ParamError('ID', selectors ? 'give run ids, --all or --filter Q (one of them)' : 'missing: give run ids, --all or --filter Q');
  if ((format === 'parquet' || format === 'npz') && typeof opts.out !== 'string') throw new ParamError('--out', `required for the binary format ${format}`);
  let list = ids;
  if (!ids.length) {
    list = [];
    for (let offset = 0; ; ) {
      const page = await api.listRuns({ filter: { text: opts.filter as string | undefined, deleted: 'exclude' }, sort: { by: 'createdAt' as never, dir: 'asc' }, limit: 500, offset }).catch((e: unknown) => {
        throw asCliError(e);
      });
      list.push(...page.items.map((r) => r.id));
      offset += page.items.length;
      if (!page.items.length || offset >= page.total) break;
    }
  }
  const runs: RunDetail[] = [];
  for (const id of list)
    runs.push(
      await api.getRun({ id, curves: true }).catch((e: unknown) => {
        throw asCliError(e);
      }),
    );
  const doc = exportRuns(runs, format);
  if (typeof opts.out === 'string') {
    writeFileSync(opts.out, doc);
    io.stderr(`wrote ${runs.length} run(s) to ${opts.out}\n`);
  } else io.stdout(doc as string);
}
