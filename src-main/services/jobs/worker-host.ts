// ONE worker-host interface for running a task in its own process: `child_process.fork`
// under Node (this file), Electron `utilityProcess` in src-main/electron/utility-worker-host.ts.
// The job queue only sees `WorkerHandle`: send, messages, exit (with the reason), kill.
import { fork } from 'node:child_process';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import type { ParentToWorker, WorkerToParent } from '../../worker/protocol';

export interface WorkerExit {
  code: number | null;
  signal: string | null;
  /** last lines the worker wrote to stderr (crash messages, V8 out-of-memory report) */
  stderrTail: string;
}

export interface WorkerHandle {
  readonly pid: number | undefined;
  send(msg: ParentToWorker): void;
  onMessage(cb: (msg: WorkerToParent) => void): void;
  onExit(cb: (exit: WorkerExit) => void): void;
  /** hard kill (SIGKILL) */
  kill(): void;
}

export interface SpawnOptions {
  /** extra environment for the worker */
  env?: Record<string, string>;
  /** V8 old-space limit in MB of the worker process and its task thread (PLRF_WORKER_HEAP_MB);
   *  above it the run fails with an out-of-memory reason */
  maxOldSpaceMb?: number;
}

export interface WorkerHost {
  readonly name: string;
  spawn(opts?: SpawnOptions): WorkerHandle;
}

const TAIL = 4096;

/**
 * The worker program: in a build (out/node, out/main) worker.js next to the chunk holding this
 * code; from source (tests, under a TypeScript loader) src-main/worker/process-main.mjs, whose
 * task thread loads the TypeScript through tsx (a devDependency).
 */
export function defaultWorkerEntry(moduleUrl: string = import.meta.url): { path: string; execArgv: string[] } {
  const here = dirname(fileURLToPath(moduleUrl));
  if (/\.[cm]?ts$/.test(new URL(moduleUrl).pathname)) return { path: resolve(here, '../../worker/process-main.mjs'), execArgv: [] };
  return { path: join(here, 'worker.js'), execArgv: [] };
}

export function createForkWorkerHost(entry = defaultWorkerEntry()): WorkerHost {
  return {
    name: 'child_process',
    spawn(opts: SpawnOptions = {}): WorkerHandle {
      const execArgv = [...entry.execArgv];
      const env: Record<string, string | undefined> = { ...process.env, ...(opts.env ?? {}) };
      if (opts.maxOldSpaceMb) {
        const mb = Math.max(32, Math.round(opts.maxOldSpaceMb));
        execArgv.push(`--max-old-space-size=${mb}`);
        env.PLRF_WORKER_HEAP_MB = String(mb);
      }
      const child = fork(entry.path, [], {
        execArgv,
        env,
        serialization: 'advanced',
        stdio: ['ignore', 'ignore', 'pipe', 'ipc'],
      });
      let tail = '';
      child.stderr?.setEncoding('utf8');
      child.stderr?.on('data', (s: string) => {
        tail = (tail + s).slice(-TAIL);
      });
      const exitCbs: ((e: WorkerExit) => void)[] = [];
      let exited: WorkerExit | null = null;
      child.on('exit', (code, signal) => {
        // stderr may still hold the last bytes: wait for it to close (bounded)
        const done = () => {
          if (exited) return;
          exited = { code, signal, stderrTail: tail };
          for (const cb of exitCbs) cb(exited);
        };
        if (child.stderr && !child.stderr.closed) {
          child.stderr.once('close', done);
          setTimeout(done, 200);
        } else done();
      });
      child.on('error', () => {
        /* spawn errors surface as exit */
      });
      return {
        get pid() {
          return child.pid;
        },
        send(msg) {
          if (child.connected) child.send(msg);
        },
        onMessage(cb) {
          child.on('message', (m) => cb(m as WorkerToParent));
        },
        onExit(cb) {
          if (exited) cb(exited);
          else exitCbs.push(cb);
        },
        kill() {
          if (child.exitCode === null && child.signalCode === null) child.kill('SIGKILL');
        },
      };
    },
  };
}
