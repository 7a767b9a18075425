// `plrf sweep collect`: import finished shards into the run history exactly once. For every cell
// that is not done, read its shard (if any), verify it against the cell (sweep id, index, kind,
// canonical params), and store it as an ordinary run linked to the cell — a done shard as a done
// run with its curves bit for bit, a failure shard as a failed run with its error — in one
// transaction per batch. A shard whose token is already linked to the cell is skipped, so
// collecting twice changes nothing. Cells of a Slurm submission without a shard are reported with
// their task's Slurm state; when that task has ended, the cell is marked failed ("no shard") so
// `submit` resubmits exactly the failed and missing cells.
import type { SweepCollectReport, SweepMissingCell } from '../../src-shared/api/sweep-types';
import { canonicalJson, coordsLabel } from '../../src-shared/sweep/axes';
import { getKind } from '../../src-shared/compute/registry';
import type { RunStore } from '../services/store/run-store';
import { decodeCurves, readShard, shardPath, type Shard } from './shard';
import type { StoredCell, SweepStore } from './sweep-store';
import { ACTIVE_STATES, arrayTaskStates, type Runner } from './slurm';

export interface CollectDeps {
  runs: RunStore;
  sweeps: SweepStore;
  /** Slurm command runner (tests inject one) */
  run?: Runner;
  /** look up Slurm states of missing cells (default true) */
  querySlurm?: boolean;
}

export function cellRunLabel(sweepLabel: string, sweepId: number, coords: StoredCell['coords']): string {
  return `${sweepLabel || `sweep ${sweepId}`} · ${coordsLabel(coords)}`.slice(0, 200);
}

function verify(shard: Shard, sweepId: number, kind: string, cell: StoredCell): string | null {
  if (shard.sweepId !== sweepId) return `shard belongs to sweep ${shard.sweepId}, not ${sweepId}`;
  if (shard.idx !== cell.idx) return `shard is for cell ${shard.idx}, not ${cell.idx}`;
  if (shard.kind !== kind) return `shard kind ${shard.kind} ≠ sweep kind ${kind}`;
  if (canonicalJson(shard.params) !== canonicalJson(cell.params)) return `shard params differ from the cell's params`;
  return null;
}

export function collectSweep(id: number, d: CollectDeps): SweepCollectReport {
  const t0 = Date.now();
  const summary = d.sweeps.summary(id)!;
  const label = summary.label;
  const spec = getKind(summary.kind);
  const subs = d.sweeps.submissions(id);
  const dirs = [...new Set(subs.map((s) => s.shardDir))].reverse();
  const report: SweepCollectReport = { id, imported: 0, importedFailed: 0, alreadyImported: 0, invalid: [], missing: [], counts: summary.counts, elapsedMs: 0 };
  if (dirs.length === 0) return { ...report, elapsedMs: Date.now() - t0 };
  // done cells are never re-read; cells whose run is queued/running here (local executor) are left alone
  const cells = d.sweeps.storedCells(id).filter((c) => c.runStatus !== 'done' && c.runStatus !== 'queued' && c.runStatus !== 'running');
  const db = d.runs.db;
  const tags = [`sweep:${id}`];

  const importOne = (cell: StoredCell, shard: Shard) => {
    const runId = d.runs.createRun({
      kind: summary.kind,
      params: cell.params,
      seed: spec.seedOf(cell.params),
      codeVersion: shard.codeVersion,
      label: cellRunLabel(label, id, cell.coords),
      tags,
      notes: `sweep ${id} cell ${cell.idx}; shard ${shard.token} from ${shard.host}${shard.slurm.jobId ? `, Slurm job ${shard.slurm.jobId}_${shard.slurm.taskId}` : ''}`,
      status: 'running',
      createdAt: shard.startedAt,
    });
    db.prepare('UPDATE runs SET started_at = ?, owner_pid = NULL WHERE id = ?').run(shard.startedAt, runId);
    if (shard.status === 'done') {
      const o = shard.output!;
      d.runs.finish(runId, { summary: o.summary, curves: decodeCurves(o.curves), headline: o.headline }, shard.finishedAt);
    } else {
      d.runs.setFinalStatus(runId, 'failed', shard.error ?? 'failed on the cluster', shard.finishedAt);
    }
    d.sweeps.linkRun(id, cell.idx, runId, shard.token);
  };

  const found = new Set<number>();
  const BATCH = 500;
  for (let i = 0; i < cells.length; i += BATCH) {
    const batch: { cell: StoredCell; shard: Shard }[] = [];
    for (const cell of cells.slice(i, i + BATCH)) {
      for (const dir of dirs) {
        const file = shardPath(dir, cell.idx);
        let shard: Shard | null;
        try {
          shard = readShard(file);
        } catch (e) {
          report.invalid.push({ idx: cell.idx, file, reason: e instanceof Error ? e.message : String(e) });
          continue;
        }
        if (!shard) continue;
        found.add(cell.idx);
        if (shard.token === cell.shardToken) {
          report.alreadyImported++;
          break;
        }
        const bad = verify(shard, id, summary.kind, cell);
        if (bad) {
          report.invalid.push({ idx: cell.idx, file, reason: bad });
          if (cell.runId === null) d.sweeps.setCellError(id, cell.idx, `invalid shard (${bad}): ${file}`);
          break;
        }
        batch.push({ cell, shard });
        break;
      }
    }
    const tx = db.transaction(() => {
      for (const { cell, shard } of batch) {
        // re-check inside the write lock: another collect may have imported it meanwhile
        const now = d.sweeps.storedCell(id, cell.idx)!;
        if (now.runStatus === 'done' || now.shardToken === shard.token) {
          report.alreadyImported++;
          continue;
        }
        importOne(cell, shard);
        if (shard.status === 'done') report.imported++;
        else report.importedFailed++;
      }
    });
    tx.immediate();
  }

  // submitted cells with no shard: ask Slurm about their tasks
  const submitted = d.sweeps.submittedCells(id);
  const missingCells = cells.filter((c) => !found.has(c.idx) && submitted.has(c.idx) && c.runId === null);
  if (missingCells.length) {
    const states = new Map<string, string>();
    if (d.querySlurm !== false) {
      const jobs = new Set(missingCells.map((c) => submitted.get(c.idx)!.split('_')[0]!));
      for (const j of jobs) for (const [k, v] of arrayTaskStates(j, d.run)) states.set(k, v);
    }
    const setErr = db.prepare('UPDATE sweep_cells SET error = ? WHERE sweep_id = ? AND idx = ? AND run_id IS NULL');
    const tx = db.transaction(() => {
      for (const c of missingCells) {
        const task = submitted.get(c.idx)!;
        const state = states.get(task) ?? null;
        const active = state !== null && ACTIVE_STATES.has(state);
        const ended = d.querySlurm !== false && !active;
        const reason = active
          ? `Slurm task ${task} is ${state}`
          : `no shard; Slurm task ${task}: ${state ?? 'no record in squeue, sacct or scontrol (cancelled while pending, or purged after MinJobAge)'}`;
        const m: SweepMissingCell = { idx: c.idx, coords: c.coords, task, slurmState: state, reason };
        report.missing.push(m);
        if (ended) setErr.run(reason, id, c.idx);
      }
    });
    tx.immediate();
  }
  report.counts = d.sweeps.counts(id);
  report.elapsedMs = Date.now() - t0;
  return report;
}
