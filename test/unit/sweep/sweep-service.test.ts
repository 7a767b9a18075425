// Sweeps in the service (src-main/sweep): migration 006, create (validation before anything is
// stored), the local executor resuming after a crash without recomputing finished cells, collect
// of synthetic shards exactly once (done, failed, tampered), missing cells with the Slurm state
// from a scripted Slurm, and a rejected partition leaving nothing recorded. The real Slurm path
// is test/integration/slurm-sweep.test.ts.
import { afterEach, describe, expect, it } from 'vitest';
import { existsSync, mkdtempSync, readdirSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import Database from 'better-sqlite3';
import { openDatabase } from '../../../src-main/services/store/db';
import { schemaVersion } from '../../../src-main/services/store/migrate';
import { migration001 } from '../../../src-main/services/store/migrations/001-initial';
import { migration002 } from '../../../src-main/services/store/migrations/002-fts';
import { migration003 } from '../../../src-main/services/store/migrations/003-list-indexes';
import { migration006 } from '../../../src-main/services/store/migrations/006-sweeps';
import { RunStore } from '../../../src-main/services/store/run-store';
import { createSweepApi } from '../../../src-main/sweep/sweep-service';
import { writeShard, type Shard } from '../../../src-main/sweep/shard';
import { encodeOutput } from '../../../src-main/sweep/shard';
import type { CmdResult, Runner } from '../../../src-main/sweep/slurm';
import { createPlrfService } from '../../../src-main/services/api-service';
import { isApiError } from '../../../src-shared/api/errors';

const dirs: string[] = [];
const tmp = () => {
  const d = mkdtempSync(join(tmpdir(), 'plrf-sweep-'));
  dirs.push(d);
  return d;
};
afterEach(() => {
  for (const d of dirs.splice(0)) rmSync(d, { recursive: true, force: true });
});

describe('migration 006-sweeps', () => {
  it('adds sweeps, sweep_cells, sweep_submissions over an existing v3 file; cells cascade with their sweep and unlink from deleted runs', () => {
    const path = join(tmp(), 'runs.db');
    const v3 = openDatabase({ path, migrations: [migration001, migration002, migration003] });
    v3.prepare(`INSERT INTO runs (kind, status, params, code_version, created_at) VALUES ('sgd','done','{}','t',1)`).run();
    v3.close();
    const db = openDatabase({ path, migrations: [migration001, migration002, migration003, migration006] });
    expect(schemaVersion(db)).toBe(6);
    db.prepare(`INSERT INTO sweeps (kind, base_params, axes, cell_count, code_version, created_at) VALUES ('sgd','{}','[]',1,'t',1)`).run();
    db.prepare(`INSERT INTO sweep_cells (sweep_id, idx, coords, params, run_id) VALUES (1, 0, '{}', '{}', 1)`).run();
    expect(() => db.prepare(`INSERT INTO sweeps (kind, base_params, axes, cell_count, code_version, created_at, state) VALUES ('sgd','{}','[]',1,'t',1,'bogus')`).run()).toThrow(/CHECK/);
    expect(() => db.prepare(`INSERT INTO sweep_cells (sweep_id, idx, coords, params) VALUES (1, 1, '{x', '{}')`).run()).toThrow(/CHECK/);
    db.prepare('DELETE FROM runs WHERE id = 1').run();
    expect((db.prepare('SELECT run_id FROM sweep_cells').get() as { run_id: number | null }).run_id).toBeNull();
    db.prepare('DELETE FROM sweeps WHERE id = 1').run();
    expect((db.prepare('SELECT count(*) n FROM sweep_cells').get() as { n: number }).n).toBe(0);
    expect(db.pragma('integrity_check', { simple: true })).toBe('ok');
    db.close();
  });
});

const BASE = { beta: 0.4, v: 40, d: 20, rmax: 100, checkpoints: 12, seed: 3 };

function scriptedSlurm(states: Record<string, string>, sbatchResult: CmdResult = { code: 0, stdout: '42\n', stderr: '' }): Runner & { calls: string[][] } {
  const calls: string[][] = [];
  const r = ((cmd: string, args: string[]) => {
    calls.push([cmd, ...args]);
    if (cmd === 'sbatch') return sbatchResult;
    if (cmd === 'squeue') return { code: 0, stdout: Object.entries(states).filter(([, s]) => s === 'PENDING' || s === 'RUNNING').map(([k, s]) => `${k}|${s}`).join('\n'), stderr: '' };
    if (cmd === 'sacct') return { code: 1, stdout: '', stderr: 'Slurm accounting storage is disabled' };
    if (cmd === 'scontrol')
      return {
        code: 0,
        stdout: Object.entries(states)
          .map(([k, s]) => `JobId=9${k.split('_')[1]} ArrayJobId=${k.split('_')[0]} ArrayTaskId=${k.split('_')[1]} JobState=${s} Reason=None`)
          .join('\n'),
        stderr: '',
      };
    return { code: 0, stdout: '', stderr: '' };
  }) as Runner & { calls: string[][] };
  r.calls = calls;
  return r;
}

function fixture(slurm: Runner) {
  const d = tmp();
  const db = openDatabase({ path: join(d, 'runs.db') });
  const runs = new RunStore(db);
  const started: number[] = [];
  const api = createSweepApi({
    runs,
    dbPath: join(d, 'runs.db'),
    codeVersion: 'test',
    startRun: (kind, params) => {
      const id = runs.createRun({ kind, params, seed: 0, codeVersion: 'test' });
      started.push(id);
      return runs.getSummary(id)!;
    },
    cancelLocal: () => false,
    changed: () => {},
    slurm,
  });
  return { d, db, runs, api, started };
}

function fakeShard(sweepId: number, idx: number, params: Record<string, unknown>, token: string, status: 'done' | 'failed' = 'done'): Shard {
  const risk = Float64Array.from({ length: 5 }, (_, i) => Math.exp(-i) / (idx + 1) + Number.EPSILON * i);
  return {
    format: 'plrf-sweep-shard',
    version: 1,
    sweepId,
    idx,
    kind: 'sgd',
    params,
    token,
    status,
    error: status === 'failed' ? 'boom on the node' : null,
    startedAt: 1000,
    finishedAt: 2500,
    host: 'node1',
    slurm: { jobId: '42', taskId: String(idx) },
    codeVersion: 'test',
    output: status === 'done' ? encodeOutput({ summary: { sigma2: 0.1, weird: NaN }, curves: [{ key: 'mean', meta: { role: 'risk' }, columns: { r: Float64Array.from([0, 1, 2, 3, 4]), risk } }], headline: { finalRisk: risk[4] } }) : undefined,
  };
}

describe('sweep service', () => {
  it('create: validates every cell first (nothing stored on error), then stores the cells with defaults applied', async () => {
    const { api, db } = fixture(scriptedSlurm({}));
    await expect(api.createSweep({ kind: 'sgd', params: BASE, axes: ['alpha=0.5,1', 'beta=-0.6'] })).rejects.toThrow(/cell 0 \(alpha=0.5, beta=-0.6\)/);
    await expect(api.createSweep({ kind: 'sgd', params: BASE, axes: ['dgrid=1,2'] })).rejects.toThrow(/unknown parameter/);
    await expect(api.createSweep({ kind: 'sgd', params: BASE, axes: ['d=1:1000:1', 'seed=0:999:1'] })).rejects.toThrow(/--yes/);
    expect((db.prepare('SELECT count(*) n FROM sweeps').get() as { n: number }).n).toBe(0);
    const s = await api.createSweep({ kind: 'sgd', params: BASE, axes: ['alpha=0.6:1:0.2', 'tau=0,1'], label: 'grid' });
    expect(s.counts).toMatchObject({ cells: 6, pending: 6 });
    const cells = api.sweeps.storedCells(s.id);
    expect(cells.map((c) => [c.params.alpha, c.params.tau])).toEqual([
      [0.6, 0],
      [0.6, 1],
      [0.8, 0],
      [0.8, 1],
      [1, 0],
      [1, 1],
    ]);
    expect(cells[0]!.params).toMatchObject({ method: 'exact', draws: 1, d: 20 });
  });

  it('collect: imports synthetic shards exactly once, bit for bit; refuses tampered shards; failure shards become failed runs; a later good shard replaces them', async () => {
    const slurm = scriptedSlurm({ '42_0': 'COMPLETED', '42_1': 'COMPLETED', '42_2': 'FAILED', '42_3': 'CANCELLED', '42_4': 'RUNNING', '42_5': 'PENDING' });
    const { api, runs, d } = fixture(slurm);
    const s = await api.createSweep({ kind: 'sgd', params: BASE, axes: ['alpha=0.6:1:0.2', 'tau=0,1'] });
    const sub = await api.submitSweep({ id: s.id, shardDir: join(d, 'shards'), maxParallel: 2 });
    expect(sub.jobId).toBe('42');
    expect(slurm.calls.find((c) => c[0] === 'sbatch')).toBeTruthy();
    expect(existsSync(join(d, 'shards', 'submit-1.json'))).toBe(true);
    const cells = api.sweeps.storedCells(s.id);
    writeShard(join(d, 'shards'), fakeShard(s.id, 0, cells[0]!.params, 't0'));
    writeShard(join(d, 'shards'), fakeShard(s.id, 1, { ...cells[1]!.params, alpha: 0.61 }, 't1')); // tampered
    writeShard(join(d, 'shards'), fakeShard(s.id, 2, cells[2]!.params, 't2', 'failed'));
    const r1 = await api.collectSweep({ id: s.id });
    expect(r1).toMatchObject({ imported: 1, importedFailed: 1, alreadyImported: 0 });
    expect(r1.invalid.map((x) => [x.idx, x.reason])).toEqual([[1, "shard params differ from the cell's params"]]);
    // the tampered cell 1 is failed (invalid shard); missing: 3 CANCELLED → failed; 4 RUNNING, 5 PENDING → still submitted
    expect(r1.missing.map((m) => [m.idx, m.slurmState])).toEqual([
      [3, 'CANCELLED'],
      [4, 'RUNNING'],
      [5, 'PENDING'],
    ]);
    expect(r1.counts).toMatchObject({ done: 1, failed: 3, submitted: 2 });
    const detail = await api.getSweep({ id: s.id });
    expect(detail.cells[2]).toMatchObject({ status: 'failed', error: 'boom on the node' });
    expect(detail.cells[1]).toMatchObject({ status: 'failed', error: expect.stringMatching(/^invalid shard \(shard params differ/) });
    expect(detail.cells[3]!.error).toMatch(/no shard; Slurm task 42_3: CANCELLED/);
    // bit-exact curves, NaN in the summary preserved as the store writes it
    const run0 = detail.cells[0]!.runId!;
    const col = runs.getCurvesTyped(run0)[0]!.columns.risk!;
    const expected = Float64Array.from({ length: 5 }, (_, i) => Math.exp(-i) / 1 + Number.EPSILON * i);
    expect(Buffer.from(col.buffer, col.byteOffset, col.byteLength).equals(Buffer.from(expected.buffer))).toBe(true);
    expect(runs.getDetail(run0, false)!.result!.summary).toEqual({ sigma2: 0.1, weird: 'NaN' });
    expect(runs.getSummary(run0)).toMatchObject({ status: 'done', durationMs: 1500, tags: [`sweep:${s.id}`] });
    // exactly once
    const before = runs.list({ limit: 100 }).total;
    const r2 = await api.collectSweep({ id: s.id });
    expect(r2).toMatchObject({ imported: 0, importedFailed: 0 });
    expect(r2.alreadyImported).toBe(1); // the failure shard (done cells are not even re-read)
    expect(runs.list({ limit: 100 }).total).toBe(before);
    // a resubmitted task's good shard for the failed cell 2 replaces its link; the failed run stays in the history
    const failedRun = detail.cells[2]!.runId!;
    writeShard(join(d, 'shards'), fakeShard(s.id, 2, cells[2]!.params, 't2b'));
    const r3 = await api.collectSweep({ id: s.id });
    expect(r3.imported).toBe(1);
    expect(runs.getSummary(failedRun)!.status).toBe('failed');
    expect((await api.getSweep({ id: s.id })).cells[2]).toMatchObject({ status: 'done' });
  });

  it('submit: resubmits only failed and missing cells; a rejected partition records nothing; --dry-run writes nothing', async () => {
    const slurm = scriptedSlurm({ '42_0': 'COMPLETED', '42_1': 'CANCELLED' });
    const { api, d } = fixture(slurm);
    const s = await api.createSweep({ kind: 'sgd', params: BASE, axes: ['alpha=0.6,0.8'] });
    const shardDir = join(d, 'sh');
    const dry = await api.submitSweep({ id: s.id, shardDir, dryRun: true, partition: 'debug' });
    expect(dry.script).toContain('#SBATCH --partition=debug');
    expect(existsSync(shardDir)).toBe(false);
    const rejecting = scriptedSlurm({}, { code: 1, stdout: '', stderr: 'sbatch: error: Batch job submission failed: Invalid partition name specified\n' });
    const { api: api2, d: d2 } = fixture(rejecting);
    const s2 = await api2.createSweep({ kind: 'sgd', params: BASE, axes: ['alpha=0.6,0.8'] });
    const err = await api2.submitSweep({ id: s2.id, shardDir: join(d2, 'sh'), partition: 'nope' }).catch((e: unknown) => e);
    expect(String((err as Error).message)).toMatch(/Slurm rejected partition "nope": Batch job submission failed: Invalid partition name specified/);
    expect(api2.sweeps.submissions(s2.id)).toHaveLength(0);
    expect(existsSync(join(d2, 'sh'))).toBe(false);
    expect((await api2.sweepStatus({ id: s2.id })).pending).toBe(2);

    await api.submitSweep({ id: s.id, shardDir });
    writeShard(shardDir, fakeShard(s.id, 0, api.sweeps.storedCells(s.id)[0]!.params, 'a'));
    const again = await api.submitSweep({ id: s.id });
    expect(again.cells).toEqual([1]);
    expect(again.shardDir).toBe(shardDir);
    expect(readdirSync(shardDir).filter((f) => f.endsWith('.sbatch')).sort()).toEqual(['submit-1.sbatch', 'submit-2.sbatch']);
    writeShard(shardDir, fakeShard(s.id, 1, api.sweeps.storedCells(s.id)[1]!.params, 'b'));
    const none = await api.submitSweep({ id: s.id }).catch((e: unknown) => e);
    expect(isApiError(none) && none.code).toBe('conflict');
  });

  it('local executor: after a crash only the interrupted cells run again; finished cells keep their runs', async () => {
    const path = join(tmp(), 'runs.db');
    const svc = createPlrfService({ dbPath: path, concurrency: 1, prewarm: false });
    const s = await svc.createSweep({ kind: 'sgd', params: BASE, axes: ['alpha=0.6,0.8,1'] });
    await svc.runSweep({ id: s.id });
    const first = await svc.getSweep({ id: s.id });
    for (const c of first.cells) await svc.waitForRun(c.runId!);
    expect((await svc.sweepStatus({ id: s.id })).done).toBe(3);
    const doneIds = (await svc.getSweep({ id: s.id })).cells.map((c) => c.runId);
    await svc.close();
    // simulate a crash while cell 1 was running: its run is 'running', owned by a dead process
    const raw = new Database(path);
    raw.prepare(`UPDATE runs SET status = 'running', finished_at = NULL, owner_pid = 2147483000 WHERE id = ?`).run(doneIds[1]);
    raw.close();
    const svc2 = createPlrfService({ dbPath: path, concurrency: 1, prewarm: false });
    try {
      expect(svc2.recovered).toEqual([doneIds[1]]);
      expect((await svc2.sweepStatus({ id: s.id })).failed).toBe(1);
      const st = await svc2.runSweep({ id: s.id });
      expect(st).toMatchObject({ done: 2, running: 1 });
      const cells = (await svc2.getSweep({ id: s.id })).cells;
      expect(cells[0]!.runId).toBe(doneIds[0]);
      expect(cells[2]!.runId).toBe(doneIds[2]);
      expect(cells[1]!.runId).not.toBe(doneIds[1]);
      await svc2.waitForRun(cells[1]!.runId!);
      expect((await svc2.sweepStatus({ id: s.id })).done).toBe(3);
      // the interrupted run is still in the history
      expect((await svc2.getRun({ id: doneIds[1]!, curves: false })).status).toBe('interrupted');
      // cancel → run refused until resume
      await svc2.cancelSweep({ id: s.id });
      await expect(svc2.runSweep({ id: s.id })).rejects.toThrow(/cancelled/);
    } finally {
      await svc2.close();
    }
  });
});
