// The sweep methods of the PlrfApi service (issue 15), mixed into src-main/services/api-service.ts.
//
// create: parse + expand + validate every cell (src-shared/sweep/axes.ts) BEFORE storing; then the
//   sweep and its cells in one transaction.
// run (local executor): every cell that is pending, failed or cancelled becomes an ordinary run
//   in this service's job queue (tag sweep:ID); done cells are never recomputed, cells whose run is
//   queued/running somewhere are left alone. After a crash the runs of the dead process are marked
//   interrupted at the next start (RunStore.recoverInterrupted), so run/resume re-runs only them.
// submit (Slurm executor): collect first, then write the manifest + sbatch script of the
//   pending/failed/missing cells into the shard directory and call sbatch; the submission is
//   recorded only after sbatch accepted it (a rejected partition leaves nothing behind).
// collect: collect.ts. cancel: stop local runs and scancel Slurm jobs. resume: run or resubmit.
import { existsSync, mkdirSync, rmSync, writeFileSync } from 'node:fs';
import { dirname, isAbsolute, join, resolve } from 'node:path';
import { ApiError } from '../../src-shared/api/errors';
import type { SweepApi } from '../../src-shared/api/contract';
import type { SubmitSweepRequest } from '../../src-shared/api/sweep-schemas';
import type { SweepStatus, SweepSubmitResult, SweepSummary } from '../../src-shared/api/sweep-types';
import type { RunSummary } from '../../src-shared/api/types';
import { getKind } from '../../src-shared/compute/registry';
import { ParamError } from '../../src-shared/params/errors';
import { checkCellCount, expandSweep, fieldTypesOf, parseAxes } from '../../src-shared/sweep/axes';
import { checkSlurmOptions, chunkCells, sbatchScript, type SlurmOptions } from '../../src-shared/sweep/sbatch';
import type { RunStore } from '../services/store/run-store';
import { cellRunLabel, collectSweep } from './collect';
import { plrfInvocation } from './cli-entry';
import { MANIFEST_FORMAT, type Manifest } from './task-runner';
import { SweepStore } from './sweep-store';
import { arrayTaskStates, ACTIVE_STATES, runCmd, sbatch, scancel, SlurmError, type Runner } from './slurm';


export interface SweepDeps {
  runs: RunStore;
  dbPath: string;
  codeVersion: string;
  startRun(kind: string, params: Record<string, unknown>, meta: { label: string; tags: string[]; notes: string }): RunSummary;
  /** cancel a run held by this process's queue (false when not held here) */
  cancelLocal(id: number): boolean;
  changed(ids: number[]): void;
  /** Slurm command runner (tests) */
  slurm?: Runner;
}

const notFound = (id: number) => new ApiError('not_found', `sweep ${id} does not exist`, 'id');

export function createSweepApi(d: SweepDeps): SweepApi & { readonly sweeps: SweepStore } {
  const sweeps = new SweepStore(d.runs.db);
  const run = d.slurm ?? runCmd;
  const mustSummary = (id: number): SweepSummary => {
    const s = sweeps.summary(id);
    if (!s) throw notFound(id);
    return s;
  };
  const status = (id: number): SweepStatus => {
    const s = mustSummary(id);
    return { id, ...s.counts, state: s.state, executor: s.executor, jobIds: sweeps.submissions(id).map((x) => x.jobId) };
  };

  /** cells that a run/submit should (re)compute */
  const todo = (id: number): number[] =>
    sweeps
      .cells(id)
      .filter((c) => c.status === 'pending' || c.status === 'failed' || c.status === 'cancelled')
      .map((c) => c.idx);

  const runLocal = (id: number): SweepStatus => {
    const s = mustSummary(id);
    if (s.state === 'cancelled') throw new ApiError('conflict', `sweep ${id} is cancelled; resume it to run it again`, 'id');
    sweeps.setExecutor(id, 'local');
    const want = new Set(todo(id));
    const cells = sweeps.storedCells(id).filter((c) => want.has(c.idx));
    for (const c of cells) {
      const r = d.startRun(s.kind, c.params, { label: cellRunLabel(s.label, id, c.coords), tags: [`sweep:${id}`], notes: `sweep ${id} cell ${c.idx}` });
      sweeps.linkRun(id, c.idx, r.id);
    }
    return status(id);
  };

  const defaultShardDir = (id: number): string => {
    const prev = sweeps.submissions(id).pop();
    if (prev) return prev.shardDir;
    if (process.env.PLRF_SHARD_DIR) return join(resolve(process.env.PLRF_SHARD_DIR), `sweep-${id}`);
    if (d.dbPath === ':memory:') throw new ParamError('--shard-dir', 'required with an in-memory database (a directory shared with the compute nodes)');
    return join(dirname(resolve(d.dbPath)), 'shards', `sweep-${id}`);
  };

  const submit = (req: SubmitSweepRequest): SweepSubmitResult => {
    const s = mustSummary(req.id);
    if (s.state === 'cancelled') throw new ApiError('conflict', `sweep ${req.id} is cancelled; resume it to submit it again`, 'id');
    const opts: SlurmOptions = { partition: req.partition, time: req.time, mem: req.mem, cpus: req.cpus, maxParallel: req.maxParallel, cellsPerTask: req.cellsPerTask, extra: req.sbatchOptions };
    checkSlurmOptions(opts);
    let shardDir = req.shardDir ? resolve(req.shardDir) : defaultShardDir(req.id);
    if (req.shardDir && !isAbsolute(shardDir)) shardDir = resolve(shardDir);
    if (/\s/.test(shardDir)) throw new ParamError('--shard-dir', `"${shardDir}" contains white space (Slurm's #SBATCH lines cannot hold it)`);
    // refresh from shards / Slurm first (unless this is a dry run with nothing submitted yet)
    if (!req.dryRun && sweeps.submissions(req.id).length) collectSweep(req.id, { runs: d.runs, sweeps, run });
    const cellsTodo = todo(req.id);
    if (cellsTodo.length === 0) throw new ApiError('conflict', `sweep ${req.id} has no pending, failed or missing cells to submit`, 'id');
    const tasks = chunkCells(cellsTodo, opts.cellsPerTask);
    const n = sweeps.submissions(req.id).length + 1;
    const manifestPath = join(shardDir, `submit-${n}.json`);
    const scriptPath = join(shardDir, `submit-${n}.sbatch`);
    const logDir = join(shardDir, 'logs');
    const script = sbatchScript({ sweepId: req.id, submission: n, tasks: tasks.length, cells: cellsTodo.length, manifest: manifestPath, logDir, plrf: plrfInvocation(), options: opts });
    if (req.dryRun) return { id: req.id, dryRun: true, jobId: null, script, tasks: tasks.length, cells: cellsTodo, shardDir };
    const stored = new Map(sweeps.storedCells(req.id, cellsTodo).map((c) => [c.idx, c.params]));
    const manifest: Manifest = {
      format: MANIFEST_FORMAT,
      version: 1,
      sweepId: req.id,
      submission: n,
      kind: s.kind,
      shardDir,
      tasks,
      cells: Object.fromEntries(cellsTodo.map((i) => [String(i), stored.get(i)!])),
    };
    const existed = existsSync(shardDir);
    mkdirSync(logDir, { recursive: true });
    writeFileSync(manifestPath, JSON.stringify(manifest));
    writeFileSync(scriptPath, script, { mode: 0o755 });
    let jobId: string;
    try {
      jobId = sbatch(scriptPath, run);
    } catch (e) {
      rmSync(manifestPath, { force: true });
      rmSync(scriptPath, { force: true });
      if (!existed) rmSync(shardDir, { recursive: true, force: true });
      if (e instanceof SlurmError) {
        if (/partition/i.test(e.message)) throw new ParamError('--partition', `Slurm rejected partition "${opts.partition ?? '(default)'}": ${e.message.replace(/^sbatch: error: /, '')} — nothing was submitted`);
        throw new ApiError('unavailable', `sbatch failed: ${e.message} — nothing was submitted`);
      }
      throw e;
    }
    sweeps.addSubmission({ sweepId: req.id, jobId, shardDir, options: { ...opts }, tasks, script, submittedAt: Date.now() });
    return { id: req.id, dryRun: false, jobId, script, tasks: tasks.length, cells: cellsTodo, shardDir };
  };

  return {
    sweeps,

    async createSweep(req) {
      const spec = getKind(req.kind);
      if (!spec.schema) throw new ParamError('kind', `kind ${req.kind} has no parameter schema to sweep over`);
      const fields = fieldTypesOf(spec.schema);
      const axes = parseAxes(req.axes, fields);
      checkCellCount(axes, req.confirm ?? false);
      const cells = expandSweep(req.params, axes, { validate: (p) => spec.validate(p), fields, confirm: req.confirm });
      const id = sweeps.create({ kind: req.kind, baseParams: req.params, axes, label: req.label ?? '', codeVersion: d.codeVersion, cells });
      return mustSummary(id);
    },

    async listSweeps() {
      return sweeps.ids().map((id) => sweeps.summary(id)!);
    },

    async getSweep(req) {
      const s = mustSummary(req.id);
      const offset = req.offset ?? 0;
      return { ...s, baseParams: sweeps.baseParams(req.id), cells: sweeps.cells(req.id, offset, req.limit ?? 20_000), offset, submissions: sweeps.submissionInfos(req.id) };
    },

    async sweepStatus(req) {
      return status(req.id);
    },

    async runSweep(req) {
      return runLocal(req.id);
    },

    async submitSweep(req) {
      return submit(req);
    },

    async collectSweep(req) {
      mustSummary(req.id);
      const rep = collectSweep(req.id, { runs: d.runs, sweeps, run });
      if (rep.imported + rep.importedFailed > 0) d.changed([]);
      return rep;
    },

    async cancelSweep(req) {
      mustSummary(req.id);
      sweeps.setState(req.id, 'cancelled');
      for (const c of sweeps.storedCells(req.id)) if (c.runId !== null && (c.runStatus === 'queued' || c.runStatus === 'running')) d.cancelLocal(c.runId);
      for (const sub of sweeps.submissions(req.id)) {
        if (sub.cancelledAt !== null) continue;
        const states = arrayTaskStates(sub.jobId, run);
        if ([...states.values()].some((st) => ACTIVE_STATES.has(st))) scancel([sub.jobId], run);
        sweeps.markSubmissionCancelled(sub.id);
      }
      return status(req.id);
    },

    async resumeSweep(req) {
      const s = mustSummary(req.id);
      sweeps.setState(req.id, 'active');
      if (s.executor === 'slurm') {
        const last = sweeps.submissions(req.id).pop()!;
        const o = last.options as SlurmOptions;
        collectSweep(req.id, { runs: d.runs, sweeps, run });
        if (todo(req.id).length)
          submit({ id: req.id, partition: o.partition, time: o.time, mem: o.mem, cpus: o.cpus, maxParallel: o.maxParallel, cellsPerTask: o.cellsPerTask, sbatchOptions: o.extra, shardDir: last.shardDir });
        return status(req.id);
      }
      return runLocal(req.id);
    },
  };
}
