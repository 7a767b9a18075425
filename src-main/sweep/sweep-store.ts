// Sweeps in the run database (tables of migration 006): create a sweep with all its cells in one
// transaction, link cells to runs, record Slurm submissions, and read cells with their status
// derived from the linked run (see src-shared/api/sweep-types.ts for the status rules).
import type { Db } from '../services/store/db';
import type { RunKind, RunStatus } from '../../src-shared/api/types';
import type {
  SweepAxisInfo,
  SweepCell,
  SweepCellStatus,
  SweepCounts,
  SweepExecutor,
  SweepState,
  SweepSubmissionInfo,
  SweepSummary,
} from '../../src-shared/api/sweep-types';
import type { ExpandedCell } from '../../src-shared/sweep/axes';

interface SweepRow {
  id: number;
  kind: string;
  base_params: string;
  axes: string;
  label: string;
  executor: SweepExecutor | null;
  state: SweepState;
  cell_count: number;
  code_version: string;
  created_at: number;
}

interface CellRow {
  idx: number;
  coords: string;
  params: string;
  run_id: number | null;
  shard_token: string | null;
  error: string | null;
  run_status: RunStatus | null;
  run_error: string | null;
  started_at: number | null;
  finished_at: number | null;
  headline_eta: number | null;
  headline_final_risk: number | null;
  eta_ci: string | null;
}

interface SubmissionRow {
  id: number;
  sweep_id: number;
  job_id: string;
  shard_dir: string;
  options: string;
  tasks: string;
  script: string;
  submitted_at: number;
  cancelled_at: number | null;
}

export interface StoredCell {
  idx: number;
  coords: Record<string, number | string | boolean>;
  params: Record<string, unknown>;
  runId: number | null;
  runStatus: RunStatus | null;
  shardToken: string | null;
  error: string | null;
}

export interface StoredSubmission {
  id: number;
  sweepId: number;
  jobId: string;
  shardDir: string;
  options: Record<string, unknown>;
  /** array task → cell indexes */
  tasks: number[][];
  script: string;
  submittedAt: number;
  cancelledAt: number | null;
}

const CELL_SQL = `SELECT c.idx, c.coords, c.params, c.run_id, c.shard_token, c.error,
    r.status AS run_status, r.error AS run_error, r.started_at, r.finished_at, r.headline_eta, r.headline_final_risk,
    json_extract(r.summary, '$.fits[0].eta_ci') AS eta_ci
  FROM sweep_cells c LEFT JOIN runs r ON r.id = c.run_id`;

/** a cell's status from its linked run, its error and whether it sits in a Slurm submission */
export function cellStatus(runStatus: RunStatus | null, error: string | null, submitted: boolean): SweepCellStatus {
  switch (runStatus) {
    case 'done':
      return 'done';
    case 'queued':
    case 'running':
      return 'running';
    case 'failed':
    case 'interrupted':
      return 'failed';
    case 'cancelled':
      return 'cancelled';
    default:
      if (error) return 'failed';
      return submitted ? 'submitted' : 'pending';
  }
}

export class SweepStore {
  constructor(readonly db: Db) {}

  create(s: { kind: string; baseParams: Record<string, unknown>; axes: SweepAxisInfo[]; label: string; codeVersion: string; cells: ExpandedCell[] }, now = Date.now()): number {
    const tx = this.db.transaction(() => {
      const info = this.db
        .prepare(`INSERT INTO sweeps (kind, base_params, axes, label, cell_count, code_version, created_at) VALUES (?, ?, ?, ?, ?, ?, ?)`)
        .run(s.kind, JSON.stringify(s.baseParams), JSON.stringify(s.axes), s.label, s.cells.length, s.codeVersion, now);
      const id = Number(info.lastInsertRowid);
      const ins = this.db.prepare(`INSERT INTO sweep_cells (sweep_id, idx, coords, params) VALUES (?, ?, ?, ?)`);
      for (const c of s.cells) ins.run(id, c.idx, JSON.stringify(c.coords), JSON.stringify(c.params));
      return id;
    });
    return tx.immediate();
  }

  private row(id: number): SweepRow | undefined {
    return this.db.prepare('SELECT * FROM sweeps WHERE id = ?').get(id) as SweepRow | undefined;
  }

  exists(id: number): boolean {
    return this.row(id) !== undefined;
  }

  ids(): number[] {
    return (this.db.prepare('SELECT id FROM sweeps ORDER BY id DESC').all() as { id: number }[]).map((r) => r.id);
  }

  setExecutor(id: number, executor: SweepExecutor): void {
    this.db.prepare('UPDATE sweeps SET executor = ? WHERE id = ?').run(executor, id);
  }

  setState(id: number, state: SweepState): void {
    this.db.prepare('UPDATE sweeps SET state = ? WHERE id = ?').run(state, id);
  }

  baseParams(id: number): Record<string, unknown> {
    return JSON.parse(this.row(id)!.base_params) as Record<string, unknown>;
  }

  /** summary with counts (one aggregate query) */
  summary(id: number): SweepSummary | null {
    const r = this.row(id);
    if (!r) return null;
    const last = this.db.prepare('SELECT job_id FROM sweep_submissions WHERE sweep_id = ? ORDER BY id DESC LIMIT 1').get(id) as { job_id: string } | undefined;
    return {
      id: r.id,
      kind: r.kind as RunKind,
      label: r.label,
      axes: JSON.parse(r.axes) as SweepAxisInfo[],
      executor: r.executor,
      state: r.state,
      codeVersion: r.code_version,
      createdAt: r.created_at,
      counts: this.counts(id),
      lastJobId: last?.job_id ?? null,
    };
  }

  counts(id: number): SweepCounts {
    const submitted = this.submittedCellSet(id);
    const rows = this.db
      .prepare(`SELECT c.idx, r.status AS run_status, c.error FROM sweep_cells c LEFT JOIN runs r ON r.id = c.run_id WHERE c.sweep_id = ?`)
      .all(id) as { idx: number; run_status: RunStatus | null; error: string | null }[];
    const out: SweepCounts = { cells: rows.length, done: 0, failed: 0, pending: 0, running: 0, submitted: 0, cancelled: 0 };
    for (const r of rows) out[cellStatus(r.run_status, r.error, submitted.has(r.idx))]++;
    return out;
  }

  /** cells in some non-cancelled submission (the latest holds them) → "JOBID_TASK" */
  submittedCells(id: number): Map<number, string> {
    const m = new Map<number, string>();
    for (const s of this.submissions(id)) {
      if (s.cancelledAt !== null) continue;
      s.tasks.forEach((cells, t) => cells.forEach((idx) => m.set(idx, `${s.jobId}_${t}`)));
    }
    return m;
  }

  private submittedCellSet(id: number): Set<number> {
    return new Set(this.submittedCells(id).keys());
  }

  cells(id: number, offset = 0, limit = 1e9): SweepCell[] {
    const submitted = this.submittedCells(id);
    const rows = this.db.prepare(`${CELL_SQL} WHERE c.sweep_id = ? ORDER BY c.idx LIMIT ? OFFSET ?`).all(id, limit, offset) as CellRow[];
    return rows.map((r) => {
      let etaCi: [number, number] | null = null;
      if (r.eta_ci) {
        const ci = JSON.parse(r.eta_ci) as unknown;
        if (Array.isArray(ci) && typeof ci[0] === 'number' && typeof ci[1] === 'number') etaCi = [ci[0], ci[1]];
      }
      return {
        idx: r.idx,
        coords: JSON.parse(r.coords) as SweepCell['coords'],
        status: cellStatus(r.run_status, r.error, submitted.has(r.idx)),
        runId: r.run_id,
        error: r.run_status === 'done' ? null : (r.run_error ?? r.error),
        durationMs: r.started_at !== null && r.finished_at !== null ? r.finished_at - r.started_at : null,
        eta: r.headline_eta,
        etaCi,
        finalRisk: r.headline_final_risk,
        slurmTask: submitted.get(r.idx) ?? null,
      };
    });
  }

  storedCells(id: number, idxs?: number[]): StoredCell[] {
    const rows = this.db.prepare(`${CELL_SQL} WHERE c.sweep_id = ? ORDER BY c.idx`).all(id) as CellRow[];
    const want = idxs ? new Set(idxs) : null;
    return rows
      .filter((r) => !want || want.has(r.idx))
      .map((r) => ({
        idx: r.idx,
        coords: JSON.parse(r.coords) as StoredCell['coords'],
        params: JSON.parse(r.params) as Record<string, unknown>,
        runId: r.run_id,
        runStatus: r.run_status,
        shardToken: r.shard_token,
        error: r.error,
      }));
  }

  storedCell(id: number, idx: number): StoredCell | null {
    const r = this.db.prepare(`${CELL_SQL} WHERE c.sweep_id = ? AND c.idx = ?`).get(id, idx) as CellRow | undefined;
    if (!r) return null;
    return {
      idx: r.idx,
      coords: JSON.parse(r.coords) as StoredCell['coords'],
      params: JSON.parse(r.params) as Record<string, unknown>,
      runId: r.run_id,
      runStatus: r.run_status,
      shardToken: r.shard_token,
      error: r.error,
    };
  }

  linkRun(id: number, idx: number, runId: number, shardToken: string | null = null): void {
    this.db.prepare('UPDATE sweep_cells SET run_id = ?, shard_token = ?, error = NULL WHERE sweep_id = ? AND idx = ?').run(runId, shardToken, id, idx);
  }

  setCellError(id: number, idx: number, error: string | null): void {
    this.db.prepare('UPDATE sweep_cells SET error = ? WHERE sweep_id = ? AND idx = ?').run(error, id, idx);
  }

  addSubmission(s: Omit<StoredSubmission, 'id' | 'cancelledAt'>): number {
    const tx = this.db.transaction(() => {
      const info = this.db
        .prepare(`INSERT INTO sweep_submissions (sweep_id, executor, job_id, shard_dir, options, tasks, script, submitted_at) VALUES (?, 'slurm', ?, ?, ?, ?, ?, ?)`)
        .run(s.sweepId, s.jobId, s.shardDir, JSON.stringify(s.options), JSON.stringify(s.tasks), s.script, s.submittedAt);
      // a resubmitted cell starts afresh: its "no shard" error is cleared
      const clr = this.db.prepare('UPDATE sweep_cells SET error = NULL WHERE sweep_id = ? AND idx = ? AND run_id IS NULL');
      for (const cells of s.tasks) for (const idx of cells) clr.run(s.sweepId, idx);
      this.db.prepare(`UPDATE sweeps SET executor = 'slurm' WHERE id = ?`).run(s.sweepId);
      return Number(info.lastInsertRowid);
    });
    return tx.immediate();
  }

  markSubmissionCancelled(subId: number, at = Date.now()): void {
    this.db.prepare('UPDATE sweep_submissions SET cancelled_at = ? WHERE id = ? AND cancelled_at IS NULL').run(at, subId);
  }

  submissions(id: number): StoredSubmission[] {
    return (this.db.prepare('SELECT * FROM sweep_submissions WHERE sweep_id = ? ORDER BY id').all(id) as SubmissionRow[]).map((r) => ({
      id: r.id,
      sweepId: r.sweep_id,
      jobId: r.job_id,
      shardDir: r.shard_dir,
      options: JSON.parse(r.options) as Record<string, unknown>,
      tasks: JSON.parse(r.tasks) as number[][],
      script: r.script,
      submittedAt: r.submitted_at,
      cancelledAt: r.cancelled_at,
    }));
  }

  submissionInfos(id: number): SweepSubmissionInfo[] {
    return this.submissions(id).map((s) => ({
      id: s.id,
      jobId: s.jobId,
      shardDir: s.shardDir,
      tasks: s.tasks.length,
      cells: s.tasks.reduce((n, t) => n + t.length, 0),
      options: s.options,
      submittedAt: s.submittedAt,
      cancelledAt: s.cancelledAt,
    }));
  }
}
