// The Electron worker host (src-main/electron/utility-worker-host.ts) with a mocked `electron`
// module whose utilityProcess.fork starts a real Node process with Electron's child API shimmed
// in (fixtures/parent-port-shim.mjs): the job queue runs a fake study to completion through it,
// and a hard kill is reported as SIGKILL with the run failed.
import { afterAll, describe, expect, it, vi } from 'vitest';
import { fork } from 'node:child_process';
import { EventEmitter } from 'node:events';
import { resolve } from 'node:path';

vi.mock('electron', () => {
  const utilityProcess = {
    fork(modulePath: string, args: string[] = [], opts: { env?: NodeJS.ProcessEnv; execArgv?: string[] } = {}) {
      const child = fork(modulePath, args, {
        env: opts.env,
        execArgv: [...(opts.execArgv ?? []), '--import', import.meta.resolve('tsx'), '--import', resolve(__dirname, 'fixtures/parent-port-shim.mjs')],
        serialization: 'advanced',
        stdio: ['ignore', 'ignore', 'pipe', 'ipc'],
      });
      const up = Object.assign(new EventEmitter(), {
        pid: child.pid,
        stderr: child.stderr,
        postMessage: (m: unknown) => child.send(m as never),
        kill: () => child.kill('SIGTERM'),
      });
      child.on('message', (m) => up.emit('message', m));
      child.on('exit', (code) => up.emit('exit', code ?? -1));
      return up;
    },
  };
  return { utilityProcess, default: { utilityProcess } };
});

const FAKE = resolve(__dirname, 'fixtures/fake-kinds.ts');
await import(FAKE);
const electron = await import('electron');
const { createUtilityWorkerHost } = await import('../../src-main/electron/utility-worker-host');
const { createPlrfService } = await import('../../src-main/services/api-service');

const host = createUtilityWorkerHost(electron.utilityProcess as never, resolve(__dirname, '../../src-main/worker/entry.ts'));
const svc = createPlrfService({ dbPath: ':memory:', workerHost: host, workerEnv: { PLRF_EXTRA_KINDS: FAKE }, concurrency: 1, prewarm: false });
afterAll(() => svc.close());

describe('utilityProcess worker host', () => {
  it('runs a job to completion over parentPort messaging', async () => {
    const run = await svc.startRun({ kind: 'study', params: { steps: 4, stepMs: 20, partialEvery: 2 } });
    const final = await svc.waitForRun(run.id);
    expect(final.status).toBe('done');
    expect(final.partialKeys).toEqual(['unit=1', 'unit=3']);
    const d = await svc.getRun({ id: run.id });
    expect(d.result!.curves[0]!.columns.r!.length).toBe(50);
  });

  it('a hard kill fails the run with SIGKILL as the reason', async () => {
    const run = await svc.startRun({ kind: 'study', params: { steps: 100000, stepMs: 20, ignoreCancel: true } });
    const t0 = Date.now();
    while (!svc.queue.workerPid(run.id) && Date.now() - t0 < 30_000) await new Promise((r) => setTimeout(r, 20));
    await new Promise((r) => setTimeout(r, 200));
    process.kill(svc.queue.workerPid(run.id)!, 'SIGKILL');
    const final = await svc.waitForRun(run.id);
    expect(final.status).toBe('failed');
    expect(final.error).toMatch(/worker process/);
  });
});
