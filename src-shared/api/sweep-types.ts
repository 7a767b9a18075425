// Data shapes of the sweep methods of the typed API (issue 15). A sweep = a base run (kind +
// params) and axes, expanded into cells (src-shared/sweep/axes.ts); each cell is an ordinary run
// once it has been executed (runId), locally (job queue) or on Slurm (shards imported by collect).
//
// Cell status: pending (never run, or reset), running (its run is queued/running here),
// submitted (sent to Slurm, no shard collected yet), done, failed (its run failed or was
// interrupted, or its Slurm task ended without a shard: `error` says why), cancelled.
import type { RunKind } from './types';

export const SWEEP_EXECUTORS = ['local', 'slurm'] as const;
export type SweepExecutor = (typeof SWEEP_EXECUTORS)[number];
export type SweepState = 'active' | 'cancelled';
export type SweepCellStatus = 'pending' | 'running' | 'submitted' | 'done' | 'failed' | 'cancelled';
export type SweepAxisValue = number | string | boolean;

export interface SweepAxisInfo {
  name: string;
  values: SweepAxisValue[];
}

/** the counts of `plrf sweep status --json` */
export interface SweepCounts {
  cells: number;
  done: number;
  failed: number;
  pending: number;
  running: number;
  submitted: number;
  cancelled: number;
}

export interface SweepSummary {
  id: number;
  kind: RunKind;
  label: string;
  axes: SweepAxisInfo[];
  /** executor of the last run/submit (null before the first) */
  executor: SweepExecutor | null;
  state: SweepState;
  codeVersion: string;
  createdAt: number;
  counts: SweepCounts;
  /** Slurm job id of the last submission, null if none */
  lastJobId: string | null;
}

export interface SweepCell {
  idx: number;
  coords: Record<string, SweepAxisValue>;
  status: SweepCellStatus;
  runId: number | null;
  error: string | null;
  durationMs: number | null;
  /** study cells: the fitted η of the first τ and its interval (null otherwise) */
  eta: number | null;
  etaCi: [number, number] | null;
  /** curve cells: risk at the last checkpoint */
  finalRisk: number | null;
  /** "JOBID_TASK" of the last Slurm array task that held this cell */
  slurmTask: string | null;
}

export interface SweepSubmissionInfo {
  id: number;
  jobId: string;
  shardDir: string;
  tasks: number;
  cells: number;
  options: Record<string, unknown>;
  submittedAt: number;
  cancelledAt: number | null;
}

export interface SweepDetail extends SweepSummary {
  baseParams: Record<string, unknown>;
  /** cells in index order (at most `limit` of them, from `offset`) */
  cells: SweepCell[];
  offset: number;
  submissions: SweepSubmissionInfo[];
}

export interface SweepStatus extends SweepCounts {
  id: number;
  state: SweepState;
  executor: SweepExecutor | null;
  jobIds: string[];
}

export interface SweepMissingCell {
  idx: number;
  coords: Record<string, SweepAxisValue>;
  /** "JOBID_TASK" */
  task: string | null;
  /** Slurm state of that task (PENDING, RUNNING, CANCELLED, FAILED, TIMEOUT, …; null if unknown) */
  slurmState: string | null;
  reason: string;
}

export interface SweepCollectReport {
  id: number;
  /** shards imported as done runs in this call */
  imported: number;
  /** failure shards imported as failed runs in this call */
  importedFailed: number;
  /** shards seen again (already imported: nothing changed) */
  alreadyImported: number;
  /** shards refused (params or kind do not match the cell, unreadable, wrong sweep) */
  invalid: { idx: number | null; file: string; reason: string }[];
  /** submitted cells with no shard yet, with their Slurm state */
  missing: SweepMissingCell[];
  counts: SweepCounts;
  /** milliseconds spent */
  elapsedMs: number;
}

export interface SweepSubmitResult {
  id: number;
  dryRun: boolean;
  /** null for a dry run */
  jobId: string | null;
  script: string;
  /** array tasks and cells submitted */
  tasks: number;
  cells: number[];
  shardDir: string;
}
