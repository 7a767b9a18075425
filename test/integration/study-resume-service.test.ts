// Issue 12, interrupted studies end to end: a real study in a real worker process is killed
// (kill -9) after some units finished; the run keeps every finished unit ("unit/…" partials);
// re-running it copies those units into the new run, the worker computes only the rest, and the
// result equals an uninterrupted computation of the same study.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { createPlrfService, type PlrfServiceHandle } from '../../src-main/services/api-service';
import { runStudy } from '../../src-shared/compute/study-task';
import { portableBackend } from '../../src-shared/linalg/portable';
import { silentContext } from '../../src-shared/compute/task';

let dir: string;
let svc: PlrfServiceHandle;
beforeAll(() => {
  dir = mkdtempSync(join(tmpdir(), 'plrf-resume-'));
  svc = createPlrfService({ dbPath: join(dir, 'runs.db'), concurrency: 1 });
});
afterAll(async () => {
  await svc?.close();
  rmSync(dir, { recursive: true, force: true });
});

const params = { alpha: 0.6, beta: 0.2, dgrid: [20, 40, 80, 160, 320], tau: [0, 1], draws: 3, bootstrap: 50, checkpoints: 60, seed: 4 };

describe('interrupted study → re-run resumes', () => {
  it('keeps finished units across a kill -9 and resumes from them with identical numbers', async () => {
    const run = await svc.startRun({ kind: 'study', params });
    const units = () => svc.store.resumableParts(run.id).length;
    const t0 = Date.now();
    while (units() < 6 && Date.now() - t0 < 60_000) await new Promise((r) => setTimeout(r, 5));
    process.kill(svc.queue.workerPid(run.id)!, 'SIGKILL');
    const dead = await svc.waitForRun(run.id);
    expect(dead.status).toBe('failed');
    const kept = units();
    expect(kept).toBeGreaterThanOrEqual(6);
    expect(kept).toBeLessThan(30);
    const again = await svc.rerun({ id: run.id });
    expect(svc.store.resumableParts(again.id).length).toBe(kept); // copied before the worker starts
    const fin = await svc.waitForRun(again.id);
    expect(fin.status, fin.error ?? '').toBe('done');
    expect(svc.store.resumableParts(again.id).length).toBe(30);
    const ref = await runStudy(params, portableBackend, silentContext);
    const d = await svc.getRun({ id: again.id, curves: false });
    const fits = (d.result!.summary.fits as { tau: number; eta: number; xi: number }[]).map((f) => [f.tau, f.eta, f.xi]);
    const want = ref.fits.map((f) => [f.tau, f.eta, f.xi]);
    for (let i = 0; i < want.length; i++) for (let j = 0; j < 3; j++) expect(fits[i]![j]).toBeCloseTo(want[i]![j]!, 9);
  });
});
