// Issue 12, "memory and work limits": every kind refuses, before anything is stored or started,
// a run whose memory estimate is over the budget — naming the parameter that drives it (not
// always d) — and a run over the time budget unless confirmed; `sgd` with rmax = 1e12,
// batch = 1e6 is a clear refusal, never a RangeError; allocation failures read "out of memory";
// a worker whose real memory passes its cap (a wrong estimate) is stopped with "out of memory".
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { createApiClient, createLocalTransport, type PlrfClient } from '../../src-shared/api';
import { createPlrfService, type PlrfServiceHandle } from '../../src-main/services/api-service';
import type { WorkerHandle, WorkerHost } from '../../src-main/services/jobs/worker-host';
import { describeEngineError } from '../../src-shared/compute/engine-errors';
import { parseMemoryBudget } from '../../src-main/services/budget';
import { main } from '../../src-main/cli/main';

const GiB = 1024 ** 3;
let dir: string;
let svc: PlrfServiceHandle;
let api: PlrfClient;
let spawned = 0;
/** workers that never get ready: a queued run just waits (nothing is computed here) */
const idleHost: WorkerHost = {
  name: 'idle',
  spawn(): WorkerHandle {
    spawned++;
    const exits: ((e: { code: number | null; signal: string | null; stderrTail: string }) => void)[] = [];
    return { pid: undefined, send() {}, onMessage() {}, onExit: (cb) => void exits.push(cb), kill: () => exits.forEach((cb) => cb({ code: null, signal: 'SIGKILL', stderrTail: '' })) };
  },
};

beforeAll(() => {
  dir = mkdtempSync(join(tmpdir(), 'plrf-budget-'));
  svc = createPlrfService({ dbPath: join(dir, 'runs.db'), workerHost: idleHost, concurrency: 1, prewarm: false, budget: { memoryBytes: 1 * GiB, seconds: 3600 } });
  api = createApiClient(createLocalTransport(svc));
});
afterAll(async () => {
  await svc?.close();
  rmSync(dir, { recursive: true, force: true });
});

const curve = { alpha: 0.6, beta: 0.2, v: 400, d: 200 };
const refusals: [string, string, Record<string, unknown>, string][] = [
  // kind, what, params, the parameter that must be named
  ['sgd', 'W̃ too large', { ...curve, method: 'exact', v: 2_000_000, d: 100 }, 'v'],
  ['sgd', 'eigen too large', { ...curve, method: 'exact', v: 20_000, d: 10_000 }, 'd'],
  ['sgd', 'bands too large', { ...curve, method: 'sgd', runs: 1_000_000, checkpoints: 1000, rmax: 100 }, 'runs'],
  ['sgd', 'batch gradient too large', { ...curve, method: 'sgd', v: 4000, d: 2000, batch: 1_000_000, rmax: 1e12, runs: 1 }, 'batch'],
  ['sgd', 'rmax = 1e12 time', { ...curve, method: 'sgd', rmax: 1e12, batch: 1000, runs: 1 }, 'rmax'],
  ['sgd', 'exact draws = 1e5 at d = 1e4 (time)', { ...curve, method: 'exact', v: 20_001, d: 10_000, draws: 100_000 }, 'd'],
  ['sgd', 'exact draws = 1e5 at d = 2000 (time)', { ...curve, method: 'exact', v: 4000, d: 2000, draws: 100_000 }, 'draws'],
  ['volterra', 'huge v', { ...curve, v: 900_000_000, d: 1000 }, 'v'],
  ['spectrum', 'empirical v = 1e6, d = 1000', { ...curve, method: 'empirical', v: 1_000_000, d: 1000 }, 'v'],
  ['spectrum', 'empirical v = 1e9, d = 20000', { ...curve, method: 'empirical', v: 1_000_000_000, d: 20_000 }, 'v'],
  ['study', 'largest size', { alpha: 0.6, beta: 0.2, dgrid: [1000, 5000, 9000], vRatio: 2 }, 'dgrid'],
];

describe('admission against the budget (memory 1 GiB, time 1 h)', () => {
  it.each(refusals)('%s: %s → refused naming %s', async (kind, _what, params, field) => {
    const err = await api.startRun({ kind: kind as 'sgd', params }).then(
      () => null,
      (e: { code: string; field: string; message: string }) => e,
    );
    expect(err, `${kind} ${JSON.stringify(params)}`).not.toBeNull();
    expect(err!.code).toBe('invalid_param');
    expect(err!.field).toBe(`params.${field}`);
    expect(err!.message).toMatch(/too (large|long)/);
    expect(err!.message).not.toMatch(/RangeError/);
    expect((await api.listRuns({})).total).toBe(0);
    expect(spawned).toBe(0);
    // the estimate shows the same problem as a warning instead of refusing
    const est = await api.estimate({ kind: kind as 'sgd', params }).catch(() => null);
    if (est) expect(est.warnings.join(' ')).toMatch(/too (large|long)/);
  });

  it('a time refusal can be confirmed; a memory refusal cannot', async () => {
    const long = { ...curve, method: 'exact', v: 4000, d: 2000, draws: 100_000 };
    const s = await api.startRun({ kind: 'sgd', params: long, confirm: true });
    expect(s.status === 'queued' || s.status === 'running').toBe(true);
    await api.cancelRun({ id: s.id });
    const big = { ...curve, method: 'exact', v: 2_000_000, d: 100 };
    await expect(api.startRun({ kind: 'sgd', params: big, confirm: true })).rejects.toMatchObject({ field: 'params.v' });
  });

  it('negative control: ordinary runs are admitted', async () => {
    const s = await api.startRun({ kind: 'sgd', params: { ...curve, method: 'exact', draws: 3 } });
    expect(s.kind).toBe('sgd');
    await api.cancelRun({ id: s.id });
  });

  it('the CLI refuses the same runs before any work (curve --yes overrides time only)', async () => {
    let err = '';
    const io = { stdout: () => {}, stderr: (s: string) => (err += s), tty: false };
    const env = process.env.PLRF_TIME_BUDGET;
    process.env.PLRF_TIME_BUDGET = '3600';
    try {
      expect(await main(['curve', '--method', 'sgd', '--alpha', '0.6', '--beta', '0.2', '--v', '400', '--d', '200', '--rmax', '1000000000000', '--batch', '1000000', '--runs', '1'], io)).toBe(2);
      expect(err).toMatch(/invalid --(batch|rmax): too (large|long)/);
      err = '';
      expect(await main(['curve', '--method', 'exact', '--alpha', '0.6', '--beta', '0.2', '--v', '4000', '--d', '2000', '--draws', '100000'], io)).toBe(2);
      expect(err).toMatch(/invalid --draws: too long.*--yes/);
    } finally {
      if (env === undefined) delete process.env.PLRF_TIME_BUDGET;
      else process.env.PLRF_TIME_BUDGET = env;
    }
  });
});

describe('engine exceptions and the budget setting', () => {
  it('allocation failures read "out of memory"; other engine errors are not raw', () => {
    let e: unknown;
    try {
      new Float64Array(2 ** 53);
    } catch (x) {
      e = x;
    }
    expect(describeEngineError(e)).toMatchObject({ name: 'OutOfMemory', message: expect.stringMatching(/^out of memory/) });
    expect(describeEngineError(new TypeError('x is undefined')).message).toBe('engine error: x is undefined');
  });
  it('PLRF_MEMORY_BUDGET: bytes, sizes and fractions', () => {
    expect(parseMemoryBudget('8e9', 16e9)).toBe(8e9);
    expect(parseMemoryBudget('6G', 16e9)).toBe(6 * GiB);
    expect(parseMemoryBudget('0.25', 16e9)).toBe(4e9);
    expect(parseMemoryBudget(undefined, 16e9)).toBe(8e9);
    expect(() => parseMemoryBudget('lots', 16e9)).toThrow(/PLRF_MEMORY_BUDGET/);
  });
});

describe('worker hard cap (real worker processes)', () => {
  const FAKE = resolve(__dirname, 'fixtures/fake-kinds.ts');
  it('a worker whose resident memory passes its cap is stopped: the run fails with "out of memory", the next run works', async () => {
    await import(FAKE);
    const d = mkdtempSync(join(tmpdir(), 'plrf-cap-'));
    // budget 64 MiB → cap 64 MiB + WORKER_OVERHEAD (384 MiB); the fake task holds 1 GiB of typed arrays
    const s = createPlrfService({ dbPath: join(d, 'runs.db'), workerEnv: { PLRF_EXTRA_KINDS: FAKE }, concurrency: 1, prewarm: false, budget: { memoryBytes: 64 * 1024 ** 2, seconds: 3600 } });
    try {
      const hog = await s.startRun({ kind: 'study', params: { steps: 200, stepMs: 50, allocMb: 1024 } });
      const f = await s.waitForRun(hog.id);
      expect(f.status).toBe('failed');
      expect(f.error).toMatch(/^out of memory: the worker used .* over its cap/);
      const ok = await s.startRun({ kind: 'study', params: { steps: 2, stepMs: 1 } });
      expect((await s.waitForRun(ok.id)).status).toBe('done');
    } finally {
      await s.close();
      rmSync(d, { recursive: true, force: true });
    }
  });
});

