// The job system with REAL worker processes (child_process.fork of src-main/worker/entry.ts)
// running the test-only fake kinds (fixtures/fake-kinds.ts, loaded in the workers through
// PLRF_EXTRA_KINDS): progress cadence, cancellation within 1 s (cooperative and SIGKILL
// fallback), a worker killed mid-study (reason recorded, partial results kept, the queue goes
// on), out-of-memory, and runs interrupted by the death of the owning process.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { spawn } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { createPlrfService, type PlrfServiceHandle } from '../../src-main/services/api-service';
import type { ApiEvent } from '../../src-shared/api/types';

const FAKE = resolve(__dirname, 'fixtures/fake-kinds.ts');
await import(FAKE);

let dir: string;
let svc: PlrfServiceHandle;
const events: (ApiEvent & { receivedAt: number })[] = [];

beforeAll(() => {
  dir = mkdtempSync(join(tmpdir(), 'plrf-jobs-'));
  svc = createPlrfService({ dbPath: join(dir, 'runs.db'), workerEnv: { PLRF_EXTRA_KINDS: FAKE }, concurrency: 1, maxOldSpaceMb: 96 });
  svc.onEvent((e) => events.push({ ...e, receivedAt: Date.now() }));
  svc.queue.prewarm();
});
afterAll(async () => {
  await svc?.close();
  rmSync(dir, { recursive: true, force: true });
});

const alive = (pid: number) => {
  try {
    process.kill(pid, 0);
    return true;
  } catch {
    return false;
  }
};

function until<T>(pred: () => T | undefined | false, timeoutMs = 60_000): Promise<T> {
  return new Promise((res, rej) => {
    const t0 = Date.now();
    const tick = () => {
      const v = pred();
      if (v) return res(v);
      if (Date.now() - t0 > timeoutMs) return rej(new Error('timed out waiting'));
      setTimeout(tick, 10);
    };
    tick();
  });
}

const progressOf = (id: number) => events.filter((e): e is Extract<ApiEvent, { type: 'progress' }> & { receivedAt: number } => e.type === 'progress' && e.runId === id);

describe('job system with worker processes', () => {
  it('reports progress at least every second (even when the task is silent), saves partials, stores the result', async () => {
    // units of 1.5 s: the worker itself reports only every 1.5 s, the heartbeat fills the gaps
    const run = await svc.startRun({ kind: 'study', params: { steps: 4, stepMs: 1500, partialEvery: 2 } });
    const final = await svc.waitForRun(run.id);
    expect(final.status).toBe('done');
    const prog = progressOf(run.id);
    const times = prog.map((p) => p.receivedAt);
    expect(times.length).toBeGreaterThanOrEqual(6);
    for (let i = 1; i < times.length; i++) expect(times[i]! - times[i - 1]!, 'gap between progress events').toBeLessThanOrEqual(1150);
    const fr = prog.map((p) => p.fraction);
    for (let i = 1; i < fr.length; i++) expect(fr[i]!).toBeGreaterThanOrEqual(fr[i - 1]!);
    expect(fr[fr.length - 1]).toBe(1);
    expect(prog.some((p) => p.etaSeconds !== null && p.fraction > 0 && p.fraction < 1)).toBe(true);
    const d = await svc.getRun({ id: run.id });
    expect(d.partials.map((p) => p.key)).toEqual(['unit=1', 'unit=3']);
    expect(d.result!.curves[0]!.columns.risk!.slice(0, 3)).toEqual([1, 0.5, 1 / 3]);
    expect(d.headline.eta).toBe(0.5);
  });

  it('cancel: a cooperative worker stops within 1 s; status cancelled', async () => {
    const run = await svc.startRun({ kind: 'study', params: { steps: 100000, stepMs: 20 } });
    await until(() => progressOf(run.id).some((p) => p.fraction > 0));
    const pid = svc.queue.workerPid(run.id)!;
    const t0 = Date.now();
    await svc.cancelRun({ id: run.id });
    const final = await svc.waitForRun(run.id);
    const ms = Date.now() - t0;
    expect(final.status).toBe('cancelled');
    expect(ms).toBeLessThan(1000);
    await until(() => !alive(pid), 1000);
  });

  it('cancel: a worker that ignores the request is killed within 1 s', async () => {
    const run = await svc.startRun({ kind: 'study', params: { steps: 100000, stepMs: 20, ignoreCancel: true } });
    await until(() => progressOf(run.id).some((p) => p.fraction > 0));
    const pid = svc.queue.workerPid(run.id)!;
    const t0 = Date.now();
    await svc.cancelRun({ id: run.id });
    const final = await svc.waitForRun(run.id);
    expect(Date.now() - t0).toBeLessThan(1000);
    expect(final.status).toBe('cancelled');
    expect(alive(pid)).toBe(false);
  });

  it('a worker killed mid-study: run failed with the reason, finished parts kept, the queue continues', async () => {
    const victim = await svc.startRun({ kind: 'study', params: { steps: 100000, stepMs: 10, partialEvery: 10 } });
    const next = await svc.startRun({ kind: 'study', params: { steps: 3, stepMs: 10 } });
    expect((await svc.getRun({ id: next.id })).status).toBe('queued');
    await until(() => events.filter((e) => e.type === 'partial' && e.runId === victim.id).length >= 2);
    process.kill(svc.queue.workerPid(victim.id)!, 'SIGKILL');
    const final = await svc.waitForRun(victim.id);
    expect(final.status).toBe('failed');
    expect(final.error).toMatch(/killed by SIGKILL/);
    expect(final.partialKeys.length).toBeGreaterThanOrEqual(2);
    const d = await svc.getRun({ id: victim.id });
    expect(d.partials[0]).toMatchObject({ key: 'unit=9', value: { i: 9, x: [9, 9.5] } });
    expect((await svc.waitForRun(next.id)).status).toBe('done');
  });

  it('out of memory and crashes fail the run with the reason', async () => {
    const oom = await svc.startRun({ kind: 'study', params: { steps: 10, stepMs: 1, oomAt: 2 } });
    const f1 = await svc.waitForRun(oom.id);
    expect(f1.status).toBe('failed');
    expect(f1.error).toMatch(/out of memory/i);
    const crash = await svc.startRun({ kind: 'study', params: { steps: 10, stepMs: 1, crashAt: 3 } });
    const f2 = await svc.waitForRun(crash.id);
    expect(f2.status).toBe('failed');
    expect(f2.error).toMatch(/exited with code 3/);
  });

  it('a run whose owning process died is marked interrupted at start-up and re-runs with one action', async () => {
    const db = join(dir, 'owner.db');
    const child = spawn(process.execPath, ['--import', 'tsx', resolve(__dirname, 'fixtures/owner-process.ts'), db, FAKE], { stdio: ['ignore', 'pipe', 'inherit'] });
    let out = '';
    child.stdout.on('data', (b: Buffer) => (out += b.toString()));
    const id = Number(await until(() => /running (\d+)/.exec(out)?.[1], 90_000));
    child.kill('SIGKILL');
    await new Promise((r) => child.once('exit', r));
    const again = createPlrfService({ dbPath: db, workerEnv: { PLRF_EXTRA_KINDS: FAKE }, concurrency: 1 });
    try {
      expect(again.recovered).toEqual([id]);
      const s = await again.getRun({ id });
      expect(s.status).toBe('interrupted');
      expect(s.error).toMatch(/interrupted/);
      expect(s.partials.length).toBeGreaterThanOrEqual(1);
      await again.updateRun({ id, label: 'was interrupted' });
      // one action: re-run (same kind and params, linked to the original); make it short by duplicating + editing
      const draft = await again.duplicateRun({ id });
      expect(draft.params).toEqual(s.params);
      const rerun = await again.startRun({ kind: draft.kind, params: { ...draft.params, steps: 3 } });
      expect((await again.waitForRun(rerun.id)).status).toBe('done');
      const rr = await again.rerun({ id: rerun.id });
      expect(rr.parentId).toBe(rerun.id);
      expect((await again.waitForRun(rr.id)).status).toBe('done');
    } finally {
      await again.close();
    }
  });
});
