// Shard files: the result of ONE sweep cell computed away from the database (a Slurm array task),
// written into a shared directory and imported by `plrf sweep collect`. Never SQLite over a
// network file system: a task only writes its own files, atomically (write a temp file in the
// same directory, fsync, rename — a reader sees either no shard or a complete one).
//
// Layout under the sweep's shard directory D:
//   D/shards/<bucket>/cell-<idx>.json   bucket = floor(idx / 1000), 6 digits (≤ 1000 files per dir)
//   D/submit-<n>.json                   the manifest of submission n (kind, cells and their params)
//   D/submit-<n>.sbatch                 the job-array script; D/logs/%A_%a.out task logs
//
// Shard JSON (format "plrf-sweep-shard", version 1): {sweepId, idx, kind, params (the cell's
// validated params), token (unique per attempt), status done|failed, error, startedAt, finishedAt,
// host, slurm {jobId, taskId}, codeVersion, output?: {summary, headline, curves: [{key, meta,
// names, length, data}]}}. Curve data are the column-major float64 little-endian bytes in base64,
// so every number comes back bit for bit; the summary goes through toJson (non-finite numbers as
// strings), exactly as the store writes it.
import { closeSync, fsyncSync, mkdirSync, openSync, readFileSync, renameSync, writeSync } from 'node:fs';
import { dirname, join } from 'node:path';
import type { RunHeadline } from '../../src-shared/api/types';
import type { TaskCurve, TaskOutput } from '../../src-shared/compute/registry';
import { decodeColumns, encodeColumns } from '../services/store/blob';
import { toJson } from '../services/store/run-store';

export const SHARD_FORMAT = 'plrf-sweep-shard';
export const SHARD_VERSION = 1;

export interface ShardCurve {
  key: string;
  meta: TaskCurve['meta'];
  names: string[];
  length: number;
  data: string;
}

export interface Shard {
  format: typeof SHARD_FORMAT;
  version: number;
  sweepId: number;
  idx: number;
  kind: string;
  params: Record<string, unknown>;
  token: string;
  status: 'done' | 'failed';
  error: string | null;
  startedAt: number;
  finishedAt: number;
  host: string;
  slurm: { jobId: string | null; taskId: string | null };
  codeVersion: string;
  output?: { summary: Record<string, unknown>; headline: Partial<RunHeadline>; curves: ShardCurve[] };
}

export function shardPath(dir: string, idx: number): string {
  return join(dir, 'shards', String(Math.floor(idx / 1000)).padStart(6, '0'), `cell-${idx}.json`);
}

export function encodeOutput(out: TaskOutput): NonNullable<Shard['output']> {
  return {
    summary: JSON.parse(toJson(out.summary)) as Record<string, unknown>,
    headline: out.headline ?? {},
    curves: out.curves.map((c) => {
      const enc = encodeColumns(c.columns);
      return { key: c.key, meta: c.meta, names: enc.names, length: enc.length, data: enc.data.toString('base64') };
    }),
  };
}

export function decodeCurves(curves: ShardCurve[]): TaskCurve[] {
  return curves.map((c) => ({ key: c.key, meta: c.meta, columns: decodeColumns(c.names, c.length, Buffer.from(c.data, 'base64')) }));
}

/** write a file atomically: temp file in the same directory, fsync, rename */
export function writeFileAtomic(path: string, text: string): void {
  mkdirSync(dirname(path), { recursive: true });
  const tmp = `${path}.tmp-${process.pid}-${Date.now().toString(36)}`;
  const fd = openSync(tmp, 'w');
  try {
    writeSync(fd, text);
    fsyncSync(fd);
  } finally {
    closeSync(fd);
  }
  renameSync(tmp, path);
}

export function writeShard(dir: string, shard: Shard): string {
  const p = shardPath(dir, shard.idx);
  writeFileAtomic(p, JSON.stringify(shard));
  return p;
}

/** read and check the envelope of a shard (null when the file does not exist) */
export function readShard(path: string): Shard | null {
  let text: string;
  try {
    text = readFileSync(path, 'utf8');
  } catch (e) {
    if ((e as NodeJS.ErrnoException).code === 'ENOENT') return null;
    throw e;
  }
  const doc = JSON.parse(text) as Partial<Shard>;
  if (doc.format !== SHARD_FORMAT) throw new Error(`not a sweep shard (format ${String(doc.format)})`);
  if (doc.version !== SHARD_VERSION) throw new Error(`unsupported shard version ${String(doc.version)}`);
  if (typeof doc.sweepId !== 'number' || typeof doc.idx !== 'number' || typeof doc.token !== 'string' || (doc.status !== 'done' && doc.status !== 'failed'))
    throw new Error('malformed shard (sweepId, idx, token, status)');
  if (doc.status === 'done' && (!doc.output || !Array.isArray(doc.output.curves) || typeof doc.output.summary !== 'object')) throw new Error('malformed shard (output)');
  return doc as Shard;
}
