// The job system with the REAL study kind (deterministic-equivalent method, small grid): a
// complete study stored with its fits, frontier and curves; then a worker killed mid-study keeps
// the finished (τ, d) parts, records the reason, and the queue goes on with the next run.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { createPlrfService, type PlrfServiceHandle } from '../../src-main/services/api-service';
import type { ApiEvent } from '../../src-shared/api/types';

let dir: string;
let svc: PlrfServiceHandle;
const events: ApiEvent[] = [];
beforeAll(() => {
  dir = mkdtempSync(join(tmpdir(), 'plrf-study-'));
  svc = createPlrfService({ dbPath: join(dir, 'runs.db'), concurrency: 1, workerEnv: { PLRF_STUDY_THREADS: '1' } });
  svc.onEvent((e) => events.push(e));
  svc.queue.prewarm();
});
afterAll(async () => {
  await svc?.close();
  rmSync(dir, { recursive: true, force: true });
});

describe('real study runs', () => {
  it('stores a complete study: fits, Δη, theory, frontier and per-size curves', async () => {
    const run = await svc.startRun({ kind: 'study', params: { alpha: 0.5, beta: 0.7, dgrid: [50, 100, 200, 400], method: 'de', bootstrap: 0, checkpoints: 40 }, label: 'de study' });
    const final = await svc.waitForRun(run.id);
    expect(final.error).toBeNull();
    expect(final.status).toBe('done');
    const d = await svc.getRun({ id: run.id });
    const s = d.result!.summary as { fits: { tau: number; eta: number }[]; delta_eta: number[]; theory: { phase: string } };
    expect(s.fits.map((f) => f.tau)).toEqual([0, 1]);
    expect(Number.isFinite(s.fits[0]!.eta)).toBe(true);
    expect(s.delta_eta).toHaveLength(2);
    expect(s.delta_eta[0]).toBe(0);
    expect(d.headline.deltaEta).toBeCloseTo(s.fits[1]!.eta - s.fits[0]!.eta, 12);
    expect(s.theory.phase).toBeTruthy();
    const roles = d.result!.curves.map((c) => c.meta.role);
    expect(roles.filter((r) => r === 'risk').length).toBe(8);
    expect(roles.filter((r) => r === 'frontier').length).toBe(2);
    expect(d.partials.filter((p) => !p.key.startsWith('unit/')).length).toBe(8);
    expect(d.partials.filter((p) => p.key.startsWith('unit/')).length).toBe(8); // one per finished unit (resume)
    expect(final.headline.eta).toBe(s.fits[0]!.eta);
  });

  it('a worker killed mid-study keeps the finished parts; the next run completes', async () => {
    const victim = await svc.startRun({ kind: 'study', params: { alpha: 0.5, beta: 0.7, dgrid: [100, 200, 400, 800, 1600, 3200, 6400], method: 'de', bootstrap: 0, checkpoints: 40 } });
    const next = await svc.startRun({ kind: 'volterra', params: { alpha: 1, beta: 0.8, v: 400, d: 200, rmax: 10000, checkpoints: 20 } });
    const t0 = Date.now();
    while (!events.some((e) => e.type === 'partial' && e.runId === victim.id) && Date.now() - t0 < 120_000) await new Promise((r) => setTimeout(r, 10));
    process.kill(svc.queue.workerPid(victim.id)!, 'SIGKILL');
    const final = await svc.waitForRun(victim.id);
    expect(final.status).toBe('failed');
    expect(final.error).toMatch(/SIGKILL/);
    expect(final.partialKeys.length).toBeGreaterThanOrEqual(1);
    expect(final.partialKeys.filter((k) => !k.startsWith('unit/'))[0]).toMatch(/^tau=\d+\/d=\d+$/);
    const part = (await svc.getRun({ id: victim.id })).partials.find((p) => !p.key.startsWith('unit/'))!.value as { r: number[]; risk: number[] };
    expect(part.r.length).toBe(40);
    expect(part.risk.every((x) => Number.isFinite(x) && x > 0)).toBe(true);
    expect((await svc.waitForRun(next.id)).status).toBe('done');
  });
});
