// The Electron implementation of the job system's WorkerHost (src-main/services/jobs/worker-host.ts):
// each run in its own `utilityProcess` (a Node child process managed by Electron, no renderer
// access). The worker entry is the same program as under Node (src-main/worker/entry.ts): it
// talks over process.parentPort when Electron provides it. In the built app the entry is the
// bundled `worker.js` next to the main bundle (electron.vite.config.ts adds it as an input).
//
// `utilityProcess` is passed in (from `import { utilityProcess } from 'electron'` in main.ts),
// which keeps this module testable with a mocked electron module and loadable under plain Node.
import { dirname, join } from 'node:path';
import type { ParentToWorker, WorkerToParent } from '../worker/protocol';
import type { SpawnOptions, WorkerExit, WorkerHandle, WorkerHost } from '../services/jobs/worker-host';

/** the part of Electron's UtilityProcess we use */
export interface UtilityProcessLike {
  pid: number | undefined;
  stderr: NodeJS.ReadableStream | null;
  postMessage(message: unknown): void;
  kill(): boolean;
  on(event: 'message', listener: (message: unknown) => void): this;
  on(event: 'exit', listener: (code: number) => void): this;
  on(event: 'spawn', listener: () => void): this;
}

export interface UtilityProcessModuleLike {
  fork(
    modulePath: string,
    args?: string[],
    options?: { env?: NodeJS.ProcessEnv; execArgv?: string[]; serviceName?: string; stdio?: 'pipe' | 'ignore' | 'inherit' | ('pipe' | 'ignore' | 'inherit')[] },
  ): UtilityProcessLike;
}

const TAIL = 4096;

/** the bundled worker entry next to the bundled main script (out/main/worker.js) */
export function defaultUtilityEntry(mainScript: string): string {
  return join(dirname(mainScript), 'worker.js');
}

export function createUtilityWorkerHost(utilityProcess: UtilityProcessModuleLike, entry: string, baseExecArgv: string[] = []): WorkerHost {
  return {
    name: 'electron-utility',
    spawn(opts: SpawnOptions = {}): WorkerHandle {
      const execArgv = [...baseExecArgv];
      const env: NodeJS.ProcessEnv = { ...process.env, ...(opts.env ?? {}) };
      if (opts.maxOldSpaceMb) {
        const mb = Math.max(32, Math.round(opts.maxOldSpaceMb));
        execArgv.push(`--max-old-space-size=${mb}`);
        env.PLRF_WORKER_HEAP_MB = String(mb);
      }
      const child = utilityProcess.fork(entry, [], { env, execArgv, serviceName: 'PLRF run', stdio: ['ignore', 'ignore', 'pipe'] });
      let tail = '';
      child.stderr?.setEncoding?.('utf8');
      child.stderr?.on('data', (s: string | Buffer) => {
        tail = (tail + s.toString()).slice(-TAIL);
      });
      let exited: WorkerExit | null = null;
      let killedHard = false;
      const exitCbs: ((e: WorkerExit) => void)[] = [];
      child.on('exit', (code: number) => {
        if (exited) return;
        // utilityProcess reports only a code; a SIGKILL we sent is reported as such
        exited = { code: killedHard ? null : code, signal: killedHard ? 'SIGKILL' : null, stderrTail: tail };
        for (const cb of exitCbs) cb(exited);
      });
      return {
        get pid() {
          return child.pid;
        },
        send(msg: ParentToWorker) {
          if (!exited) child.postMessage(msg);
        },
        onMessage(cb: (msg: WorkerToParent) => void) {
          child.on('message', (m: unknown) => cb(m as WorkerToParent));
        },
        onExit(cb: (e: WorkerExit) => void) {
          if (exited) cb(exited);
          else exitCbs.push(cb);
        },
        kill() {
          if (exited) return;
          killedHard = true;
          // utilityProcess.kill() is SIGTERM on POSIX; the job system needs a hard stop
          if (child.pid !== undefined) {
            try {
              process.kill(child.pid, 'SIGKILL');
              return;
            } catch {
              /* fall through */
            }
          }
          child.kill();
        },
      };
    },
  };
}
