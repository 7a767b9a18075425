// `plrf sweep task MANIFEST TASK`: what one Slurm array task runs on a compute node. Reads the
// submission manifest (kind, the task → cells map and each cell's validated params), computes its
// cells one after another with the same task code, backend and study pool as a local worker
// (src-main/worker/entry.ts), and writes one shard per cell atomically (shard.ts). A cell whose
// done shard with the same params already exists is skipped (a requeued task never recomputes
// finished cells). A failing cell writes a failure shard with its error and the task goes on.
// Never opens the run database.
import os from 'node:os';
import { readFileSync } from 'node:fs';
import { randomUUID } from 'node:crypto';
import { getKind } from '../../src-shared/compute/registry';
import { loadTaskEnv } from '../worker/task-env';
import { canonicalJson } from '../../src-shared/sweep/axes';
import { ParamError } from '../../src-shared/params/errors';
import { codeVersion } from '../services/version';
import { encodeOutput, readShard, shardPath, writeShard, type Shard } from './shard';

export const MANIFEST_FORMAT = 'plrf-sweep-manifest';

export interface Manifest {
  format: typeof MANIFEST_FORMAT;
  version: 1;
  sweepId: number;
  submission: number;
  kind: string;
  shardDir: string;
  tasks: number[][];
  /** cell index → validated params */
  cells: Record<string, Record<string, unknown>>;
}

export function readManifest(path: string): Manifest {
  const m = JSON.parse(readFileSync(path, 'utf8')) as Partial<Manifest>;
  if (m.format !== MANIFEST_FORMAT || m.version !== 1 || !Array.isArray(m.tasks) || typeof m.cells !== 'object' || typeof m.kind !== 'string')
    throw new ParamError('manifest', `${path} is not a sweep manifest`);
  return m as Manifest;
}

export interface TaskReport {
  done: number;
  skipped: number;
  failed: number;
}

export async function runManifestTask(manifestPath: string, task: number, log: (s: string) => void = () => {}): Promise<TaskReport> {
  const m = readManifest(manifestPath);
  const cells = m.tasks[task];
  if (!cells) throw new ParamError('task', `array task ${task} is not in ${manifestPath} (0..${m.tasks.length - 1})`);
  const spec = getKind(m.kind);
  const { env, close } = await loadTaskEnv();
  const rep: TaskReport = { done: 0, skipped: 0, failed: 0 };
  const slurm = { jobId: process.env.SLURM_ARRAY_JOB_ID ?? process.env.SLURM_JOB_ID ?? null, taskId: process.env.SLURM_ARRAY_TASK_ID ?? null };
  try {
    for (const idx of cells) {
      const params = m.cells[String(idx)];
      if (!params) throw new Error(`cell ${idx} has no params in the manifest`);
      try {
        const old = readShard(shardPath(m.shardDir, idx));
        if (old && old.status === 'done' && canonicalJson(old.params) === canonicalJson(params)) {
          rep.skipped++;
          log(`cell ${idx}: already done (shard ${old.token})\n`);
          continue;
        }
      } catch {
        /* unreadable old shard: recompute and replace it */
      }
      const startedAt = Date.now();
      const base: Omit<Shard, 'status' | 'error' | 'finishedAt'> = {
        format: 'plrf-sweep-shard',
        version: 1,
        sweepId: m.sweepId,
        idx,
        kind: m.kind,
        params,
        token: randomUUID(),
        startedAt,
        host: os.hostname(),
        slurm,
        codeVersion: codeVersion(),
      };
      try {
        const p = spec.validate(params);
        const out = await spec.run(p, env, { progress: () => {}, cancelled: () => false, partial: () => {} });
        writeShard(m.shardDir, { ...base, status: 'done', error: null, finishedAt: Date.now(), output: encodeOutput(out) });
        rep.done++;
        log(`cell ${idx}: done in ${((Date.now() - startedAt) / 1000).toFixed(2)} s\n`);
      } catch (e) {
        const msg = e instanceof Error ? e.message : String(e);
        writeShard(m.shardDir, { ...base, status: 'failed', error: msg, finishedAt: Date.now() });
        rep.failed++;
        log(`cell ${idx}: failed: ${msg}\n`);
      }
    }
  } finally {
    await close();
  }
  return rep;
}
