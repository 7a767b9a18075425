// Issue 12, counted goal: 20/20 kill -9 of the SERVER mid-write (the real service writing runs,
// partial results and results; half of the restarts see the dead server's PID reused by a live
// process) and 20/20 kill -9 of a WORKER mid-write (real worker processes). After every kill:
// integrity_check ok, every acknowledged result present value by value, no run left
// queued/running (interrupted, with its partial results), interrupted runs re-runnable.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { spawn, type ChildProcess } from 'node:child_process';
import { mkdirSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join, resolve } from 'node:path';
import { createPlrfService } from '../../src-main/services/api-service';
import type { WorkerHost } from '../../src-main/services/jobs/worker-host';
import { value } from './fixtures/server-loop';

const KILLS = 20;
const SERVER_TS = resolve(__dirname, 'fixtures/server-loop.ts');
let SERVER = '';
let sleeper: ChildProcess;

beforeAll(async () => {
  const { build } = await import('esbuild');
  const cache = resolve(__dirname, '../../node_modules/.cache');
  mkdirSync(cache, { recursive: true });
  SERVER = join(mkdtempSync(join(cache, 'plrf-server-')), 'server.mjs');
  await build({
    entryPoints: [SERVER_TS],
    bundle: true,
    platform: 'node',
    format: 'esm',
    external: ['better-sqlite3', 'plrf-linalg-native', '*.node'],
    outfile: SERVER,
    logLevel: 'error',
    banner: { js: "import { createRequire as __cr } from 'node:module'; const require = __cr(import.meta.url);" },
  });
  sleeper = spawn('sleep', ['120'], { stdio: 'ignore' });
});
afterAll(() => {
  sleeper?.kill('SIGKILL');
  rmSync(dirname(SERVER), { recursive: true, force: true });
});

const noWorkers: WorkerHost = {
  name: 'none',
  spawn() {
    throw new Error('no workers while checking');
  },
};

function rng(seed: number): () => number {
  let s = seed;
  return () => ((s = (s * 16807) % 2147483647) - 1) / 2147483646;
}

async function serveAndKill(db: string, delayMs: number): Promise<number[]> {
  const child = spawn(process.execPath, [SERVER], { stdio: ['ignore', 'pipe', 'inherit'], env: { ...process.env, PLRF_SERVER_DB: db } });
  let out = '';
  child.stdout.on('data', (b: Buffer) => (out += b.toString()));
  await new Promise<void>((res, rej) => {
    const t = setInterval(() => {
      if (out.includes('ready')) {
        clearInterval(t);
        res();
      }
    }, 5);
    child.once('exit', (c) => {
      clearInterval(t);
      rej(new Error(`server exited early (${c})`));
    });
  });
  await new Promise((r) => setTimeout(r, delayMs));
  child.kill('SIGKILL');
  await new Promise((r) => child.once('exit', r));
  return out
    .split('\n')
    .filter((l) => l.startsWith('done '))
    .map((l) => Number(l.slice(5)));
}

describe('kill -9 of the server mid-write', () => {
  it(`${KILLS}/${KILLS}: integrity ok, nothing acknowledged lost, interrupted runs resumable, with and without PID reuse`, async () => {
    const dir = mkdtempSync(join(tmpdir(), 'plrf-kill9-'));
    const db = join(dir, 'runs.db');
    const r = rng(20261204);
    const acked = new Set<number>();
    let ok = 0;
    let interruptedSeen = 0;
    try {
      for (let k = 0; k < KILLS; k++) {
        for (const id of await serveAndKill(db, 40 + Math.floor(r() * 250))) acked.add(id);
        const reuse = k % 2 === 1;
        if (reuse) {
          // the dead server's pid now belongs to a live process (its lease keeps the old start time)
          const pre = createPlrfService({ dbPath: db, workerHost: noWorkers, recover: false });
          pre.store.db
            .prepare(`UPDATE runs SET owner_pid = ?, owner_lease = ? || substr(owner_lease, instr(owner_lease, ':')) WHERE status IN ('queued', 'running')`)
            .run(sleeper.pid, String(sleeper.pid));
          await pre.close();
        }
        const svc = createPlrfService({ dbPath: db, workerHost: noWorkers, prewarm: false });
        try {
          expect(svc.store.integrityCheck()).toBe('ok');
          const rows = svc.store.db.prepare(`SELECT id, status FROM runs`).all() as { id: number; status: string }[];
          expect(rows.filter((x) => x.status === 'queued' || x.status === 'running'), `kill ${k} (reuse ${reuse})`).toEqual([]);
          for (const id of acked) {
            const s = svc.store.getSummary(id)!;
            expect(s.status, `acknowledged run ${id}`).toBe('done');
            const curves = svc.store.getCurvesTyped(id);
            expect(curves.length).toBe(3);
            curves.forEach((c, ci) => {
              for (const i of [0, 133, 399]) expect(c.columns.risk![i]).toBe(value(id, ci, i));
            });
          }
          const interrupted = rows.filter((x) => x.status === 'interrupted');
          interruptedSeen += svc.recovered.length;
          for (const x of interrupted.slice(-3)) {
            for (const p of svc.store.getDetail(x.id, false)!.partials) expect((p.value as { x: number[] }).x[5]).toBe(value(x.id, (p.value as { k: number }).k, 5));
          }
          if (interrupted.length) {
            // resumable: one action queues it again with the same params
            const again = await svc.rerun({ id: interrupted[interrupted.length - 1]!.id });
            expect(again.parentId).toBe(interrupted[interrupted.length - 1]!.id);
            svc.store.setFinalStatus(again.id, 'cancelled', 'test');
          }
          ok++;
        } finally {
          await svc.close();
        }
      }
      console.log(`kill -9 server: ${ok}/${KILLS} restarts intact (${KILLS / 2} with the pid reused), ${acked.size} acknowledged results all present, ${interruptedSeen} runs recovered as interrupted`);
      expect(ok).toBe(KILLS);
      expect(acked.size).toBeGreaterThan(KILLS);
      expect(interruptedSeen).toBeGreaterThan(0);
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });
});

describe('kill -9 of a worker mid-write', () => {
  const FAKE = resolve(__dirname, 'fixtures/fake-kinds.ts');
  it(`${KILLS}/${KILLS}: the run fails with the reason, saved partial results stay, integrity ok, re-runnable`, async () => {
    await import(FAKE);
    const dir = mkdtempSync(join(tmpdir(), 'plrf-kill9w-'));
    const svc = createPlrfService({ dbPath: join(dir, 'runs.db'), workerEnv: { PLRF_EXTRA_KINDS: FAKE }, concurrency: 1 });
    const r = rng(7);
    let ok = 0;
    const saved = new Map<number, Set<string>>();
    svc.onEvent((e) => {
      if (e.type === 'partial') saved.set(e.runId, (saved.get(e.runId) ?? new Set()).add(e.key));
    });
    try {
      svc.queue.prewarm();
      for (let k = 0; k < KILLS; k++) {
        const run = await svc.startRun({ kind: 'study', params: { steps: 400, stepMs: 2, partialEvery: 1 } });
        const want = 1 + Math.floor(r() * 30);
        const t0 = Date.now();
        while ((saved.get(run.id)?.size ?? 0) < want && Date.now() - t0 < 20_000) await new Promise((res) => setTimeout(res, 2));
        const pid = svc.queue.workerPid(run.id)!;
        process.kill(pid, 'SIGKILL');
        const final = await svc.waitForRun(run.id);
        expect(final.status).toBe('failed');
        expect(final.error).toMatch(/killed by SIGKILL/);
        const detail = await svc.getRun({ id: run.id, curves: false });
        // every partial acknowledged (its event follows the commit) is stored
        for (const key of saved.get(run.id) ?? []) expect(detail.partials.map((p) => p.key)).toContain(key);
        expect(svc.store.integrityCheck()).toBe('ok');
        ok++;
      }
      const again = await svc.rerun({ id: (await svc.listRuns({ filter: { statuses: ['failed'] }, limit: 1 })).items[0]!.id });
      const fin = await svc.waitForRun(again.id);
      expect(fin.status).toBe('done');
      console.log(`kill -9 worker: ${ok}/${KILLS} runs failed cleanly with their partial results kept; re-run done`);
      expect(ok).toBe(KILLS);
    } finally {
      await svc.close();
      rmSync(dir, { recursive: true, force: true });
    }
  });
});
