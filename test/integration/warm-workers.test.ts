// Issue 12, warm worker reuse: queued runs are executed by the worker processes that finished
// the previous runs (no fresh process per run); a process is replaced after `reuseRuns` runs,
// and after a failure or cancellation (those end the process as before).
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { createPlrfService } from '../../src-main/services/api-service';
import { createForkWorkerHost, type WorkerHost } from '../../src-main/services/jobs/worker-host';

const FAKE = resolve(__dirname, 'fixtures/fake-kinds.ts');
let dir: string;
beforeAll(async () => {
  await import(FAKE);
  dir = mkdtempSync(join(tmpdir(), 'plrf-warm-'));
});
afterAll(() => rmSync(dir, { recursive: true, force: true }));

function counting(): { host: WorkerHost; pids: Set<number>; spawned: () => number } {
  const fork = createForkWorkerHost();
  let n = 0;
  const pids = new Set<number>();
  return {
    host: {
      name: 'counting',
      spawn(o) {
        n++;
        const h = fork.spawn(o);
        if (h.pid) pids.add(h.pid);
        return h;
      },
    },
    pids,
    spawned: () => n,
  };
}

describe('warm worker reuse', () => {
  it('8 queued runs on 1 slot use 1 warm process (no prewarm); 3 per process → 3 processes', async () => {
    for (const [reuseRuns, want] of [
      [20, 1],
      [3, 3],
    ] as const) {
      const c = counting();
      const svc = createPlrfService({ dbPath: join(dir, `w${reuseRuns}.db`), workerHost: c.host, workerEnv: { PLRF_EXTRA_KINDS: FAKE }, concurrency: 1, prewarm: false, reuseRuns });
      try {
        const runs = await Promise.all(Array.from({ length: 8 }, (_, i) => svc.startRun({ kind: 'study', params: { steps: 2, stepMs: 1, n: 10 + i } })));
        const finals = await Promise.all(runs.map((r) => svc.waitForRun(r.id)));
        expect(finals.map((f) => f.status)).toEqual(Array(8).fill('done'));
        // each run's own result (no state leaking between runs of one process)
        for (let i = 0; i < 8; i++) expect(svc.store.getCurvesTyped(runs[i]!.id)[0]!.columns.r!.length).toBe(10 + i);
        expect(c.spawned()).toBe(want);
      } finally {
        await svc.close();
      }
    }
  });

  it('a failed run ends its process; the next run gets a new one and succeeds', async () => {
    const c = counting();
    const svc = createPlrfService({ dbPath: join(dir, 'fail.db'), workerHost: c.host, workerEnv: { PLRF_EXTRA_KINDS: FAKE }, concurrency: 1, prewarm: false });
    try {
      const a = await svc.startRun({ kind: 'study', params: { steps: 2, stepMs: 1 } });
      const b = await svc.startRun({ kind: 'study', params: { steps: 3, stepMs: 1, crashAt: 1 } });
      const d = await svc.startRun({ kind: 'study', params: { steps: 2, stepMs: 1 } });
      expect((await svc.waitForRun(a.id)).status).toBe('done');
      expect((await svc.waitForRun(b.id)).status).toBe('failed');
      expect((await svc.waitForRun(d.id)).status).toBe('done');
      expect(c.spawned()).toBe(2);
    } finally {
      await svc.close();
    }
  });
});
