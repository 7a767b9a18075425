// The run store: every read and write of runs, curves, partial results and tags. All SQL of
// the application lives here and uses bound parameters only (labels, tags and search text are
// data, never SQL). A finished result (curves + summary + status 'done') is written in ONE
// transaction: after a crash a run is either complete or still queued/running (then marked
// 'interrupted' by recoverInterrupted at the next start).
import type { CurveData, PartialResult, RunDetail, RunHeadline, RunKind, RunImport, RunPage, RunStatus, RunSummary, SortField, TagCount } from '../../../src-shared/api/types';
import type { ListRunsRequest } from '../../../src-shared/api/schemas';
import type { ExportedRun } from '../../../src-shared/api/export-format';
import type { TaskCurve } from '../../../src-shared/compute/registry';
import { decodeColumns, encodeColumns } from './blob';
import type { Db } from './db';
import { schemaVersion } from './migrate';
import { fitEstimable } from '../../../src-shared/study/fit-estimable';
import { parseSearch, type ParamFilter } from './run-search';

interface RunRow {
  id: number;
  kind: string;
  status: RunStatus;
  params: string;
  seed: number | null;
  code_version: string;
  label: string;
  tags: string;
  notes: string;
  error: string | null;
  parent_id: number | null;
  owner_pid: number | null;
  created_at: number;
  started_at: number | null;
  finished_at: number | null;
  deleted_at: number | null;
  summary: string | null;
  curve_count: number;
  headline_eta: number | null;
  headline_delta_eta: number | null;
  headline_final_risk: number | null;
  headline_f0: number | null;
  partial_keys: string | null;
  /** summary.gammaLimit of deterministic-equivalent runs (theory/de-gamma-limit.ts) */
  gamma_limit?: number | null;
  /** studies: 1/0 whether the reference fit is estimable, null when unknown (REF_FIT_FINITE) */
  ref_fit_ok?: number | null;
  /** migration 007: JSON {file, at, sourceId} of an imported run, else NULL */
  imported?: string | null;
}

interface CurveRow {
  idx: number;
  key: string;
  meta: string;
  columns: string;
  dtype: string;
  length: number;
  data: Buffer;
}

export interface NewRun {
  kind: string;
  params: Record<string, unknown>;
  seed: number | null;
  codeVersion: string;
  label?: string;
  tags?: string[];
  notes?: string;
  parentId?: number | null;
  ownerPid?: number | null;
  status?: RunStatus;
  createdAt?: number;
}

export interface FinishedOutput {
  summary: Record<string, unknown>;
  curves: TaskCurve[];
  headline?: Partial<RunHeadline>;
}

const SORT_SQL: Record<SortField, string> = {
  id: 'id',
  createdAt: 'created_at',
  startedAt: 'started_at',
  finishedAt: 'finished_at',
  duration: '(finished_at - started_at)',
  kind: 'kind',
  status: 'status',
  label: 'label COLLATE NOCASE',
  eta: 'headline_eta',
};

/** 1 when the stored reference fit's s and η are numbers, 0 when one is not ("NaN", null…), NULL without fits
 *  (runs stored before the headline carried the flag: study/fit-estimable.ts) */
const REF_FIT = `'$.fits[' || coalesce(json_extract(summary, '$.reference'), 0) || ']'`;
const REF_FIT_FINITE = `(json_type(summary, ${REF_FIT} || '.s') IN ('integer', 'real') AND json_type(summary, ${REF_FIT} || '.eta') IN ('integer', 'real'))`;

const SUMMARY_COLS = `id, kind, status, params, seed, code_version, label, tags, notes, error, parent_id, owner_pid,
  created_at, started_at, finished_at, deleted_at, summary IS NOT NULL AS has_summary, curve_count,
  headline_eta, headline_delta_eta, headline_final_risk, headline_f0,
  CASE WHEN kind IN ('volterra', 'study') AND json_valid(summary) THEN json_extract(summary, '$.gammaLimit') END AS gamma_limit,
  CASE WHEN kind = 'study' AND json_valid(summary) THEN ${REF_FIT_FINITE} END AS ref_fit_ok,
  (SELECT json_group_array(key) FROM partials p WHERE p.run_id = runs.id) AS partial_keys, imported`;

/** JSON with typed arrays as plain arrays and non-finite numbers as strings (see export-format.ts) */
export function toJson(x: unknown): string {
  return JSON.stringify(x, (_k, v: unknown) => {
    if (ArrayBuffer.isView(v) && !(v instanceof DataView)) return Array.from(v as unknown as ArrayLike<number>);
    if (typeof v === 'number' && !Number.isFinite(v)) return Number.isNaN(v) ? 'NaN' : v > 0 ? 'Infinity' : '-Infinity';
    return v;
  });
}

function finiteOrNull(x: unknown): number | null {
  return typeof x === 'number' && Number.isFinite(x) ? x : null;
}

/** one SQL condition (over the `runs` row) and its bound arguments for a filter */
export function paramFilterSql(f: ParamFilter): { sql: string; args: unknown[] } {
  if (f.key === 'kind') return { sql: 'lower(kind) = lower(?)', args: [f.value] };
  // the paths whose entries are compared: the key itself, a study's d grid for `d`, and vary.KEY
  const paths = [`$.${f.key}`, `$.vary.${f.key}`];
  if (f.key === 'd') paths.push('$.dgrid', '$.vary.dgrid');
  const bool = /^(true|false)$/i.test(f.value) ? f.value.toLowerCase() : null;
  const cmp = f.num !== null ? "(type IN ('integer', 'real') AND value = ?)" : bool ? '(type = ?)' : "(type = 'text' AND lower(value) = lower(?))";
  const arg = f.num !== null ? f.num : (bool ?? f.value);
  const parts = paths.map(() => `EXISTS (SELECT 1 FROM json_each(runs.params, ?) WHERE ${cmp})`);
  const args: unknown[] = [];
  for (const p of paths) args.push(p, arg);
  // an absent optimizer is plain SGD
  if (f.key === 'optimizer' && f.value.toLowerCase() === 'sgd') parts.push(`json_type(runs.params, '$.optimizer') IS NULL`);
  return { sql: `(${parts.join(' OR ')})`, args };
}

/** FTS5 query from free text: words quoted (no operators reach FTS), prefix match on the last */
export function ftsQuery(text: string): string | null {
  const toks = text.match(/[\p{L}\p{N}_]+/gu);
  if (!toks || toks.length === 0) return null;
  return toks
    .slice(0, 16)
    .map((t, i, a) => `"${t}"${i === a.length - 1 ? '*' : ''}`)
    .join(' ');
}

export class RunStore {
  readonly db: Db;
  readonly hasFts: boolean;
  /** the owner lease written with owner_pid (store/owner-lease.ts); set by the service */
  ownerLease: string | null = null;

  constructor(db: Db) {
    this.db = db;
    let fts = false;
    try {
      const row = db.prepare(`SELECT value FROM meta WHERE key = 'fts'`).get() as { value: string } | undefined;
      fts = row?.value === 'fts5';
    } catch {
      fts = false;
    }
    this.hasFts = fts;
  }

  get schemaVersion(): number {
    return schemaVersion(this.db);
  }

  // ---- writes ----

  createRun(r: NewRun): number {
    const tags = dedupeTags(r.tags ?? []);
    const tx = this.db.transaction(() => {
      const info = this.db
        .prepare(
          `INSERT INTO runs (kind, status, params, seed, code_version, label, tags, notes, parent_id, owner_pid, created_at)
           VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)`,
        )
        .run(
          r.kind,
          r.status ?? 'queued',
          toJson(r.params),
          r.seed,
          r.codeVersion,
          r.label ?? '',
          JSON.stringify(tags),
          r.notes ?? '',
          r.parentId ?? null,
          r.ownerPid ?? null,
          r.createdAt ?? Date.now(),
        );
      const id = Number(info.lastInsertRowid);
      this.writeTags(id, tags);
      if (r.ownerPid != null && this.ownerLease) this.db.prepare('UPDATE runs SET owner_lease = ? WHERE id = ?').run(this.ownerLease, id);
      return id;
    });
    return tx.immediate();
  }

  private writeTags(id: number, tags: string[]): void {
    this.db.prepare('DELETE FROM run_tags WHERE run_id = ?').run(id);
    const ins = this.db.prepare('INSERT OR IGNORE INTO run_tags (tag, run_id) VALUES (?, ?)');
    for (const t of tags) ins.run(t, id);
  }

  markRunning(id: number, ownerPid: number, startedAt = Date.now()): boolean {
    const info = this.db
      .prepare(`UPDATE runs SET status = 'running', started_at = ?, owner_pid = ?, owner_lease = ? WHERE id = ? AND status = 'queued'`)
      .run(startedAt, ownerPid, ownerPid === process.pid ? this.ownerLease : null, id);
    return info.changes === 1;
  }

  /** Store the complete result and mark the run done, atomically. */
  finish(id: number, out: FinishedOutput, finishedAt = Date.now()): void {
    const h = out.headline ?? {};
    const tx = this.db.transaction(() => {
      this.db.prepare('DELETE FROM curves WHERE run_id = ?').run(id);
      const ins = this.db.prepare(`INSERT INTO curves (run_id, idx, key, meta, columns, dtype, length, data) VALUES (?, ?, ?, ?, ?, 'f64', ?, ?)`);
      out.curves.forEach((c, i) => {
        const enc = encodeColumns(c.columns);
        ins.run(id, i, c.key, toJson(c.meta), JSON.stringify(enc.names), enc.length, enc.data);
      });
      const info = this.db
        .prepare(
          `UPDATE runs SET status = 'done', error = NULL, finished_at = ?, summary = ?, curve_count = ?, owner_pid = NULL,
             headline_eta = ?, headline_delta_eta = ?, headline_final_risk = ?, headline_f0 = ? WHERE id = ?`,
        )
        .run(finishedAt, toJson(out.summary), out.curves.length, finiteOrNull(h.eta), finiteOrNull(h.deltaEta), finiteOrNull(h.finalRisk), finiteOrNull(h.F0), id);
      if (info.changes !== 1) throw new Error(`run ${id} not found`);
    });
    tx.immediate();
  }

  /** failed / cancelled / interrupted (only from queued or running) */
  setFinalStatus(id: number, status: 'failed' | 'cancelled' | 'interrupted', error: string | null, finishedAt = Date.now()): boolean {
    const info = this.db
      .prepare(`UPDATE runs SET status = ?, error = ?, finished_at = ?, owner_pid = NULL WHERE id = ? AND status IN ('queued', 'running')`)
      .run(status, error, finishedAt, id);
    return info.changes === 1;
  }

  savePartial(id: number, key: string, value: unknown, savedAt = Date.now()): void {
    this.db.prepare(`INSERT OR REPLACE INTO partials (run_id, key, value, saved_at) VALUES (?, ?, ?, ?)`).run(id, key, toJson(value ?? null), savedAt);
  }

  update(id: number, patch: { label?: string; tags?: string[]; notes?: string }): boolean {
    const tx = this.db.transaction(() => {
      const row = this.db.prepare('SELECT id FROM runs WHERE id = ?').get(id);
      if (!row) return false;
      if (patch.label !== undefined) this.db.prepare('UPDATE runs SET label = ? WHERE id = ?').run(patch.label, id);
      if (patch.notes !== undefined) this.db.prepare('UPDATE runs SET notes = ? WHERE id = ?').run(patch.notes, id);
      if (patch.tags !== undefined) {
        const tags = dedupeTags(patch.tags);
        this.db.prepare('UPDATE runs SET tags = ? WHERE id = ?').run(JSON.stringify(tags), id);
        this.writeTags(id, tags);
      }
      return true;
    });
    return tx.immediate();
  }

  setDeleted(id: number, deleted: boolean, at = Date.now()): boolean {
    const info = deleted
      ? this.db.prepare('UPDATE runs SET deleted_at = ? WHERE id = ? AND deleted_at IS NULL').run(at, id)
      : this.db.prepare('UPDATE runs SET deleted_at = NULL WHERE id = ? AND deleted_at IS NOT NULL').run(id);
    return info.changes === 1;
  }

  /**
   * Runs left queued/running by a process that no longer exists become 'interrupted'
   * (their partial results stay). Returns the ids changed.
   */
  recoverInterrupted(isAlive: (pid: number, lease: string | null) => boolean, selfPid: number): number[] {
    const rows = this.db.prepare(`SELECT id, owner_pid, owner_lease, status FROM runs WHERE status IN ('queued', 'running')`).all() as {
      id: number;
      owner_pid: number | null;
      owner_lease: string | null;
      status: RunStatus;
    }[];
    const changed: number[] = [];
    const now = Date.now();
    for (const r of rows) {
      // ours only if the lease is ours too: the same pid may be a reused one (container PID 1)
      if (r.owner_pid === selfPid && (r.owner_lease === null || r.owner_lease === this.ownerLease)) continue;
      if (r.owner_pid !== null && r.owner_pid !== selfPid && isAlive(r.owner_pid, r.owner_lease)) continue;
      const reason = r.status === 'running' ? 'interrupted: the process running it stopped (crash, kill or app closed)' : 'interrupted: the app stopped before it started';
      if (this.setFinalStatus(r.id, 'interrupted', reason, now)) changed.push(r.id);
    }
    return changed;
  }

  /**
   * insert an exported run (new id); queued/running exports come back as interrupted. The run is
   * marked as imported (column `imported`, migration 007): the file name when known, the time of
   * the import and the run's id in the store it was exported from.
   */
  importRun(doc: ExportedRun, ownerCodeVersion?: string, origin: { file?: string | null; at?: number } = {}): number {
    const tx = this.db.transaction(() => {
      const status: RunStatus = doc.run.status === 'queued' || doc.run.status === 'running' ? 'interrupted' : doc.run.status;
      const tags = dedupeTags(doc.run.tags);
      const info = this.db
        .prepare(
          `INSERT INTO runs (kind, status, params, seed, code_version, label, tags, notes, error, created_at, started_at, finished_at, imported)
           VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)`,
        )
        .run(
          doc.run.kind,
          status === 'done' && !doc.result ? 'interrupted' : status,
          toJson(doc.run.params),
          doc.run.seed,
          doc.run.codeVersion || ownerCodeVersion || 'unknown',
          doc.run.label,
          JSON.stringify(tags),
          doc.run.notes,
          doc.run.error,
          doc.run.createdAt || Date.now(),
          doc.run.startedAt,
          doc.run.finishedAt,
          JSON.stringify({ file: origin.file ?? null, at: origin.at ?? Date.now(), sourceId: doc.run.id ?? null }),
        );
      const id = Number(info.lastInsertRowid);
      this.writeTags(id, tags);
      for (const p of doc.partials) this.savePartial(id, p.key, p.value, p.savedAt);
      if (doc.result) {
        const ins = this.db.prepare(`INSERT INTO curves (run_id, idx, key, meta, columns, dtype, length, data) VALUES (?, ?, ?, ?, ?, 'f64', ?, ?)`);
        doc.result.curves.forEach((c, i) => {
          const enc = encodeColumns(c.columns);
          ins.run(id, i, c.key, toJson(c.meta), JSON.stringify(enc.names), enc.length, enc.data);
        });
        const h = headlineFromSummary(doc.run.kind, doc.result.summary, doc.result.curves);
        this.db
          .prepare(`UPDATE runs SET summary = ?, curve_count = ?, headline_eta = ?, headline_delta_eta = ?, headline_final_risk = ?, headline_f0 = ? WHERE id = ?`)
          .run(toJson(doc.result.summary), doc.result.curves.length, h.eta, h.deltaEta, h.finalRisk, h.F0, id);
      }
      return id;
    });
    return tx.immediate();
  }

  /** permanently remove a run (used for tests and "empty trash") */
  purge(id: number): boolean {
    return this.db.prepare('DELETE FROM runs WHERE id = ?').run(id).changes === 1;
  }

  // ---- reads ----

  exists(id: number): boolean {
    return this.db.prepare('SELECT 1 FROM runs WHERE id = ?').get(id) !== undefined;
  }

  getSummary(id: number): RunSummary | null {
    const row = this.db.prepare(`SELECT ${SUMMARY_COLS} FROM runs WHERE id = ?`).get(id) as RunRow | undefined;
    return row ? rowToSummary(row) : null;
  }

  getDetail(id: number, withCurves = true): RunDetail | null {
    const row = this.db.prepare(`SELECT ${SUMMARY_COLS}, summary FROM runs WHERE id = ?`).get(id) as RunRow | undefined;
    if (!row) return null;
    const base = rowToSummary(row);
    const partials = (this.db.prepare('SELECT key, value, saved_at FROM partials WHERE run_id = ? ORDER BY saved_at, key').all(id) as { key: string; value: string; saved_at: number }[]).map(
      (p): PartialResult => ({ key: p.key, value: JSON.parse(p.value) as unknown, savedAt: p.saved_at }),
    );
    let result: RunDetail['result'] = null;
    if (row.summary !== null) {
      result = { summary: JSON.parse(row.summary) as Record<string, unknown>, curves: withCurves ? this.getCurves(id) : [] };
    }
    return { ...base, result, partials };
  }

  getCurves(id: number): CurveData[] {
    const rows = this.db.prepare('SELECT idx, key, meta, columns, dtype, length, data FROM curves WHERE run_id = ? ORDER BY idx').all(id) as CurveRow[];
    return rows.map((r) => {
      const cols = decodeColumns(JSON.parse(r.columns) as string[], r.length, r.data);
      const columns: Record<string, number[]> = {};
      for (const [k, v] of Object.entries(cols)) columns[k] = Array.from(v);
      return { key: r.key, meta: JSON.parse(r.meta) as CurveData['meta'], columns };
    });
  }

  /** typed-array access for Node-side consumers (CSV of large runs, benchmarks) */
  getCurvesTyped(id: number): { key: string; meta: CurveData['meta']; columns: Record<string, Float64Array> }[] {
    const rows = this.db.prepare('SELECT idx, key, meta, columns, dtype, length, data FROM curves WHERE run_id = ? ORDER BY idx').all(id) as CurveRow[];
    return rows.map((r) => ({ key: r.key, meta: JSON.parse(r.meta) as CurveData['meta'], columns: decodeColumns(JSON.parse(r.columns) as string[], r.length, r.data) }));
  }

  list(req: ListRunsRequest = {}): RunPage {
    const f = req.filter ?? {};
    const where: string[] = [];
    const args: unknown[] = [];
    const deleted = f.deleted ?? 'exclude';
    if (deleted === 'exclude') where.push('deleted_at IS NULL');
    else if (deleted === 'only') where.push('deleted_at IS NOT NULL');
    if (f.kinds && f.kinds.length) {
      where.push(`kind IN (${f.kinds.map(() => '?').join(',')})`);
      args.push(...f.kinds);
    }
    if (f.statuses && f.statuses.length) {
      where.push(`status IN (${f.statuses.map(() => '?').join(',')})`);
      args.push(...f.statuses);
    }
    if (f.createdFrom !== undefined) {
      where.push('created_at >= ?');
      args.push(f.createdFrom);
    }
    if (f.createdTo !== undefined) {
      where.push('created_at <= ?');
      args.push(f.createdTo);
    }
    if (f.tags && f.tags.length) {
      const tags = [...new Set(f.tags)];
      where.push(`id IN (SELECT run_id FROM run_tags WHERE tag IN (${tags.map(() => '?').join(',')}) GROUP BY run_id HAVING count(*) = ?)`);
      args.push(...tags, tags.length);
    }
    // `key=value` parameter filters (run-search.ts), then full-text search on the other words
    const search = parseSearch(f.text ?? '');
    for (const pf of search.filters) {
      const c = paramFilterSql(pf);
      where.push(c.sql);
      args.push(...c.args);
    }
    if (search.text.trim()) {
      if (this.hasFts) {
        const q = ftsQuery(search.text);
        if (q) {
          where.push('id IN (SELECT rowid FROM runs_fts WHERE runs_fts MATCH ?)');
          args.push(q);
        }
      } else {
        for (const tok of search.text.match(/[\p{L}\p{N}_.]+/gu) ?? []) {
          where.push(`(label || ' ' || tags || ' ' || notes || ' ' || params) LIKE ? ESCAPE '\\'`);
          args.push(`%${tok.replace(/[\\%_]/g, (m) => '\\' + m)}%`);
        }
      }
    }
    const w = where.length ? `WHERE ${where.join(' AND ')}` : '';
    const sort = req.sort ?? { by: 'createdAt', dir: 'desc' };
    const dir = (sort.dir ?? 'desc') === 'asc' ? 'ASC' : 'DESC';
    const order = `${SORT_SQL[sort.by]} ${dir}, id ${dir}`;
    const limit = req.limit ?? 100;
    const offset = req.offset ?? 0;
    const total = (this.db.prepare(`SELECT count(*) AS n FROM runs ${w}`).get(...args) as { n: number }).n;
    // two phases: the page's ids from the (narrow, indexed) sort, then the wide rows of just those
    const ids = (this.db.prepare(`SELECT id FROM runs ${w} ORDER BY ${order} LIMIT ? OFFSET ?`).all(...args, limit, offset) as { id: number }[]).map((r) => r.id);
    const rows: RunRow[] = [];
    if (ids.length) {
      const byId = new Map<number, RunRow>();
      for (const r of this.db.prepare(`SELECT ${SUMMARY_COLS} FROM runs WHERE id IN (SELECT value FROM json_each(?))`).all(JSON.stringify(ids)) as RunRow[]) byId.set(r.id, r);
      for (const id of ids) rows.push(byId.get(id)!);
    }
    return { items: rows.map(rowToSummary), total, offset, limit };
  }

  listTags(): TagCount[] {
    return this.db
      .prepare(`SELECT t.tag AS tag, count(*) AS count FROM run_tags t JOIN runs r ON r.id = t.run_id WHERE r.deleted_at IS NULL GROUP BY t.tag ORDER BY count DESC, t.tag`)
      .all() as TagCount[];
  }

  countByStatus(): Record<string, number> {
    const out: Record<string, number> = {};
    for (const r of this.db.prepare('SELECT status, count(*) AS n FROM runs GROUP BY status').all() as { status: string; n: number }[]) out[r.status] = r.n;
    return out;
  }

  /** the saved per-unit parts of a run ("unit/…" partials), for a resumed computation */
  resumableParts(id: number): { key: string; value: unknown }[] {
    return (this.db.prepare(`SELECT key, value FROM partials WHERE run_id = ? AND key LIKE 'unit/%' ORDER BY key`).all(id) as { key: string; value: string }[]).map((r) => ({
      key: r.key,
      value: JSON.parse(r.value) as unknown,
    }));
  }

  /** copy the per-unit parts of run `from` to run `to` (a re-run resumes from them) */
  copyResumableParts(from: number, to: number): number {
    return this.db
      .prepare(`INSERT OR IGNORE INTO partials (run_id, key, value, saved_at) SELECT ?, key, value, saved_at FROM partials WHERE run_id = ? AND key LIKE 'unit/%'`)
      .run(to, from).changes;
  }

  /** owner pid and lease of a run (null when it has none) */
  ownerOf(id: number): { pid: number | null; lease: string | null } | null {
    const r = this.db.prepare('SELECT owner_pid, owner_lease FROM runs WHERE id = ?').get(id) as { owner_pid: number | null; owner_lease: string | null } | undefined;
    return r ? { pid: r.owner_pid, lease: r.owner_lease } : null;
  }

  /** ids of runs in a status owned by a process (the job queue's own queued runs) */
  idsOwnedBy(pid: number, status: RunStatus): number[] {
    return (this.db.prepare('SELECT id FROM runs WHERE owner_pid = ? AND status = ? ORDER BY id').all(pid, status) as { id: number }[]).map((r) => r.id);
  }

  integrityCheck(): string {
    return this.db.pragma('integrity_check', { simple: true }) as string;
  }

  close(): void {
    if (this.db.open) this.db.close();
  }
}

function dedupeTags(tags: string[]): string[] {
  return [...new Set(tags.map((t) => t.trim()).filter((t) => t.length > 0))];
}

function rowToSummary(r: RunRow): RunSummary {
  return {
    id: r.id,
    kind: r.kind as RunKind,
    status: r.status,
    label: r.label,
    tags: JSON.parse(r.tags) as string[],
    notes: r.notes,
    params: JSON.parse(r.params) as Record<string, unknown>,
    seed: r.seed,
    codeVersion: r.code_version,
    createdAt: r.created_at,
    startedAt: r.started_at,
    finishedAt: r.finished_at,
    durationMs: r.started_at !== null && r.finished_at !== null ? r.finished_at - r.started_at : null,
    error: r.error,
    progress: null,
    parentId: r.parent_id,
    deleted: r.deleted_at !== null,
    partialKeys: r.partial_keys ? (JSON.parse(r.partial_keys) as string[]) : [],
    headline: headlineOf(r),
    gammaLimit: typeof r.gamma_limit === 'number' ? r.gamma_limit : null,
    imported: parseImported(r.imported),
  };
}

/** the row's headline; a study whose reference fit is not estimable lists no η or Δη (also runs stored
 *  before this rule, whose headline_eta column still holds the slope) */
function headlineOf(r: RunRow): RunHeadline {
  const h: RunHeadline = { eta: r.headline_eta, deltaEta: r.headline_delta_eta, finalRisk: r.headline_final_risk, F0: r.headline_f0 };
  if (r.kind === 'study' && r.ref_fit_ok === 0) return { ...h, eta: null, deltaEta: null, etaNotEstimable: true };
  return h;
}

/** the `imported` column (JSON or NULL) → RunSummary.imported; a malformed value reads as null */
function parseImported(s: string | null | undefined): RunImport | null {
  if (!s) return null;
  try {
    const o = JSON.parse(s) as Partial<RunImport>;
    if (typeof o.at !== 'number') return null;
    return { file: typeof o.file === 'string' ? o.file : null, at: o.at, sourceId: typeof o.sourceId === 'number' ? o.sourceId : null };
  } catch {
    return null;
  }
}

/** headline numbers from a result summary (used on import; tasks provide them directly) */
export function headlineFromSummary(kind: string, summary: Record<string, unknown>, curves: CurveData[]): RunHeadline {
  const h: RunHeadline = { eta: null, deltaEta: null, finalRisk: null, F0: null };
  const fits = summary.fits;
  let refOk = true;
  if (Array.isArray(fits) && fits.length) {
    const ref = typeof summary.reference === 'number' ? (fits[summary.reference] as { eta?: unknown } | undefined) : undefined;
    const f0 = (ref ?? fits.find((f) => (f as { tau?: unknown }).tau === 0) ?? fits[0]) as { s?: unknown; eta?: unknown };
    // s and η as stored (non-finite numbers are strings in the JSON: store/export-format.ts)
    // (a summary without s — hand-made or very old — is judged by η alone)
    refOk = kind !== 'study' || f0.s === undefined || fitEstimable(f0);
    h.eta = refOk ? finiteOrNull(f0.eta) : null;
    if (!refOk) h.etaNotEstimable = true;
  }
  h.deltaEta = finiteOrNull(summary.delta_eta);
  // studies with variants: delta_eta is a list aligned with fits (the reference's 0); the headline is the last non-reference one
  if (Array.isArray(summary.delta_eta)) {
    const ref = typeof summary.reference === 'number' ? summary.reference : 0;
    const i = summary.delta_eta.length - 1 === ref ? summary.delta_eta.length - 2 : summary.delta_eta.length - 1;
    h.deltaEta = i >= 0 ? finiteOrNull(summary.delta_eta[i]) : null;
  }
  if (!refOk) h.deltaEta = null;
  h.F0 = finiteOrNull(summary.F0) ?? finiteOrNull(summary.sigma2);
  if (kind === 'sgd' || kind === 'volterra') {
    const risk = curves.find((c) => c.meta.role === 'risk')?.columns.risk ?? curves[0]?.columns.risk;
    if (risk && risk.length) h.finalRisk = finiteOrNull(risk[risk.length - 1]);
  }
  return h;
}
