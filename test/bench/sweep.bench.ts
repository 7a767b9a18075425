// Sweeps at scale (issue 15):
//   - cost of one cell: a study cell (α, β) = (0.5, 0.7), one τ, exact closed form, 3 draws,
//     d = 50…1600 (v = 2d), and the same with the deterministic method to d = 12 800 — the numbers
//     behind the README's "Running on a cluster" worked example;
//   - collect of N = 10 000 synthetic shards (4 curves × 160 checkpoints × 2 columns each, the size
//     of a study cell's frontier output) into a fresh database: target ≤ 30 s. Baseline in the same
//     run: reading + JSON-parsing the same files only (the I/O floor); re-collect (all imported:
//     exactly once) for the idempotent path.
// Medians of repeated runs; the machine may be shared with other work (noisy).
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { BenchOptions } from './run';
import { getKind } from '../../src-shared/compute/registry';
import { openDatabase } from '../../src-main/services/store/db';
import { RunStore } from '../../src-main/services/store/run-store';
import { createSweepApi } from '../../src-main/sweep/sweep-service';
import { encodeOutput, shardPath, writeShard } from '../../src-main/sweep/shard';
import type { Runner } from '../../src-main/sweep/slurm';
import { getBackend } from '../../src-main/linalg/select';
import { threadExecutor } from '../../src-main/study/pool';

const median = (xs: number[]) => {
  const s = [...xs].sort((a, b) => a - b);
  return s.length % 2 ? s[(s.length - 1) / 2]! : (s[s.length / 2 - 1]! + s[s.length / 2]!) / 2;
};

async function cellCost(params: Record<string, unknown>, reps: number): Promise<number> {
  const spec = getKind('study');
  const backend = getBackend();
  const ex = threadExecutor({ fallbackBackend: backend });
  const p = spec.validate(params);
  const ms: number[] = [];
  try {
    for (let i = 0; i < reps; i++) {
      const t0 = performance.now();
      await spec.run(p, { backend, studyExecutor: () => ex }, { progress: () => {}, cancelled: () => false });
      ms.push(performance.now() - t0);
    }
  } finally {
    await ex.close();
  }
  return median(ms);
}

const noSlurm: Runner = (cmd) => (cmd === 'sbatch' ? { code: 0, stdout: '1\n', stderr: '' } : { code: 1, stdout: '', stderr: 'not used' });

async function collectBench(n: number, reps: number): Promise<Record<string, number>> {
  const collect: number[] = [];
  const recollect: number[] = [];
  const readOnly: number[] = [];
  let write = 0;
  for (let rep = 0; rep < reps; rep++) {
    const dir = mkdtempSync(join(tmpdir(), 'plrf-sweep-bench-'));
    try {
      const db = openDatabase({ path: join(dir, 'runs.db') });
      const runs = new RunStore(db);
      const api = createSweepApi({ runs, dbPath: join(dir, 'runs.db'), codeVersion: 'bench', startRun: () => { throw new Error('no'); }, cancelLocal: () => false, changed: () => {}, slurm: noSlurm });
      const s = await api.createSweep({ kind: 'sgd', params: { beta: 0.4, v: 40, d: 20 }, axes: [`alpha=1:${n}:1`], confirm: true });
      const shardDir = join(dir, 'shards');
      await api.submitSweep({ id: s.id, shardDir, cellsPerTask: Math.ceil(n / 1000) });
      const cells = api.sweeps.storedCells(s.id);
      const rows = 160;
      const t0 = performance.now();
      for (const c of cells) {
        const curves = Array.from({ length: 4 }, (_, k) => ({
          key: `tau=1/d=${50 << k}`,
          meta: { role: 'risk', d: 50 << k, tau: 1 },
          columns: { r: Float64Array.from({ length: rows }, (_, i) => Math.round(1.1 ** i)), risk: Float64Array.from({ length: rows }, (_, i) => Math.exp(-i / (c.idx + 7)) + 1e-3 * k) },
        }));
        writeShard(shardDir, {
          format: 'plrf-sweep-shard', version: 1, sweepId: s.id, idx: c.idx, kind: 'sgd', params: c.params, token: `t${c.idx}`, status: 'done', error: null,
          startedAt: 1, finishedAt: 2, host: 'bench', slurm: { jobId: '1', taskId: '0' }, codeVersion: 'bench',
          output: encodeOutput({ summary: { fits: [{ eta: 0.25, eta_ci: [0.24, 0.26] }] }, curves, headline: { eta: 0.25 } }),
        });
      }
      write = performance.now() - t0;
      const t1 = performance.now();
      for (const c of cells) JSON.parse(readFileSync(shardPath(shardDir, c.idx), 'utf8'));
      readOnly.push(performance.now() - t1);
      const t2 = performance.now();
      const r = await api.collectSweep({ id: s.id });
      collect.push(performance.now() - t2);
      if (r.imported !== n) throw new Error(`imported ${r.imported} of ${n}`);
      const t3 = performance.now();
      const r2 = await api.collectSweep({ id: s.id });
      recollect.push(performance.now() - t3);
      if (r2.imported !== 0) throw new Error('re-collect imported again');
      db.close();
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  }
  const c = median(collect);
  const b = median(readOnly);
  return { shards: n, writeShardsMs: Math.round(write), collectMs: Math.round(c), readParseOnlyMs: Math.round(b), collectOverReadParse: Number((c / b).toFixed(2)), recollectMs: Math.round(median(recollect)), collectPerShardMs: Number((c / n).toFixed(3)) };
}

export async function run(opts: BenchOptions): Promise<Record<string, unknown>> {
  const reps = opts.quick ? 1 : 3;
  const exact = { alpha: 0.5, beta: 0.7, dgrid: [50, 100, 200, 400, 800, 1600], vRatio: 2, tau: [1], method: 'exact', draws: 3 };
  const de = { alpha: 0.5, beta: 0.7, dgrid: [100, 200, 400, 800, 1600, 3200, 6400, 12800], vRatio: 2, tau: [1], method: 'de' };
  return {
    cellStudyExact1600Ms: Math.round(await cellCost(exact, reps)),
    cellStudyDe12800Ms: Math.round(await cellCost(de, reps)),
    // one repetition: anchors the d³ extrapolation to d = 12 800 in the README
    ...(opts.quick ? {} : { cellStudyExact3200Ms: Math.round(await cellCost({ ...exact, dgrid: [...exact.dgrid, 3200] }, 1)) }),
    collect: await collectBench(opts.quick ? 1000 : 10_000, opts.quick ? 1 : 3),
  };
}
