// Talking to Slurm through its own commands (sbatch, squeue, scontrol, sacct, scancel) — the
// cluster's scheduler, not a home-made one. Array task states are looked up in order:
// squeue (pending/running tasks), sacct (when accounting storage is on), then `scontrol show job`
// (finished jobs stay there for MinJobAge, 300 s by default). A task found nowhere is reported
// as UNKNOWN. `SLURM_CONF` and PATH are inherited from the environment.
import { spawnSync } from 'node:child_process';

export interface CmdResult {
  code: number;
  stdout: string;
  stderr: string;
}

export type Runner = (cmd: string, args: string[], input?: string) => CmdResult;

export const runCmd: Runner = (cmd, args, input) => {
  const r = spawnSync(cmd, args, { encoding: 'utf8', input, timeout: 60_000 });
  if (r.error) return { code: 127, stdout: '', stderr: `${cmd}: ${(r.error as NodeJS.ErrnoException).code === 'ENOENT' ? 'command not found (is Slurm installed?)' : r.error.message}` };
  return { code: r.status ?? 1, stdout: r.stdout ?? '', stderr: r.stderr ?? '' };
};

/** states in which an array task may still produce its shard */
export const ACTIVE_STATES = new Set(['PENDING', 'CONFIGURING', 'RUNNING', 'COMPLETING', 'REQUEUED', 'REQUEUE_HOLD', 'REQUEUE_FED', 'RESIZING', 'SUSPENDED', 'STAGE_OUT', 'SIGNALING']);

export class SlurmError extends Error {
  constructor(
    message: string,
    readonly stderr: string,
  ) {
    super(message);
    this.name = 'SlurmError';
  }
}

/** submit a script file; returns the job id. Throws SlurmError with sbatch's message. */
export function sbatch(scriptPath: string, run: Runner = runCmd): string {
  const r = run('sbatch', ['--parsable', scriptPath]);
  if (r.code !== 0) throw new SlurmError(lastLine(r.stderr) || `sbatch exited with code ${r.code}`, r.stderr);
  const id = r.stdout.trim().split(/\s+/).pop()!.split(';')[0]!;
  if (!/^\d+$/.test(id)) throw new SlurmError(`sbatch printed no job id: ${r.stdout.trim().slice(0, 200)}`, r.stderr);
  return id;
}

export function scancel(ids: string[], run: Runner = runCmd): CmdResult {
  return run('scancel', ids);
}

function lastLine(s: string): string {
  const l = s.split('\n').map((x) => x.trim()).filter(Boolean);
  return l[l.length - 1] ?? '';
}

/** "3-5%2" / "7" / "1,4-6" → task ids */
export function expandTaskRange(s: string): number[] {
  const out: number[] = [];
  for (const part of s.replace(/%\d+$/, '').split(',')) {
    const m = /^(\d+)(?:-(\d+))?(?::(\d+))?$/.exec(part.trim());
    if (!m) continue;
    const a = Number(m[1]);
    const b = m[2] !== undefined ? Number(m[2]) : a;
    const step = m[3] !== undefined ? Number(m[3]) : 1;
    for (let t = a; t <= b && out.length < 1e6; t += step) out.push(t);
  }
  return out;
}

/** parse `scontrol show job -o` (one record per line) into "JOB_TASK" → state */
export function parseScontrol(text: string, jobId: string): Map<string, string> {
  const m = new Map<string, string>();
  for (const line of text.split('\n')) {
    const kv = new Map<string, string>();
    for (const tok of line.trim().split(/\s+/)) {
      const i = tok.indexOf('=');
      if (i > 0) kv.set(tok.slice(0, i), tok.slice(i + 1));
    }
    const state = kv.get('JobState');
    if (!state) continue;
    if (kv.get('ArrayJobId') !== jobId) continue;
    const tasks = kv.get('ArrayTaskId');
    if (tasks === undefined) continue;
    for (const t of expandTaskRange(tasks)) m.set(`${jobId}_${t}`, state);
  }
  return m;
}

/** parse "ID|STATE" lines — `squeue -h -r -o %i|%T` and `sacct -n -P -X -o JobID,State` print the
 *  same shape — into "JOB_TASK" → state. IDs are "JOB_TASK" or a pending range "JOB_[3-5%2]"; sacct's
 *  state may carry a tail ("CANCELLED by 0"), of which the first word is the state. */
export function parseIdStateLines(text: string, jobId: string): Map<string, string> {
  const m = new Map<string, string>();
  for (const line of text.split('\n')) {
    const [id, state] = line.trim().split('|');
    if (!id || !state) continue;
    const mm = /^(\d+)_(\[?)([\d\-,%:]+)\]?$/.exec(id);
    if (!mm || mm[1] !== jobId) continue;
    const st = state.split(' ')[0]!;
    for (const t of expandTaskRange(mm[3]!)) m.set(`${jobId}_${t}`, st);
  }
  return m;
}
export const parseSqueue = parseIdStateLines;
export const parseSacct = parseIdStateLines;

/** the state of every known array task of a job ("JOB_TASK" → STATE) */
export function arrayTaskStates(jobId: string, run: Runner = runCmd): Map<string, string> {
  const out = new Map<string, string>();
  const sq = run('squeue', ['-h', '-r', '-j', jobId, '-o', '%i|%T']);
  if (sq.code === 0) for (const [k, v] of parseSqueue(sq.stdout, jobId)) out.set(k, v);
  const sa = run('sacct', ['-n', '-P', '-X', '-j', jobId, '-o', 'JobID,State']);
  if (sa.code === 0) for (const [k, v] of parseSacct(sa.stdout, jobId)) if (!out.has(k)) out.set(k, v);
  const sc = run('scontrol', ['-o', 'show', 'job', jobId]);
  if (sc.code === 0) for (const [k, v] of parseScontrol(sc.stdout, jobId)) if (!out.has(k)) out.set(k, v);
  return out;
}
