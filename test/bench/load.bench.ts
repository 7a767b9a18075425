// Web mode under load (issue 12): `GET /api/runs` latency while 50 runs are submitted at once
// over HTTP and executed by real worker processes (test fake kinds, concurrency 1), against the
// same request on an idle server (baseline, same run). Target: p95 ≤ 100 ms. Also reports how
// many worker processes were started for the 50 runs. The machine may be shared (noisy).
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve, dirname } from 'node:path';
import { fileURLToPath } from 'node:url';
import { createPlrfService } from '../../src-main/services/api-service';
import { createForkWorkerHost, type WorkerHost } from '../../src-main/services/jobs/worker-host';
import { startWebServer } from '../../src-main/web/server';
import type { BenchOptions } from './run';

const here = dirname(fileURLToPath(import.meta.url));
const FAKE = resolve(here, '../integration/fixtures/fake-kinds.ts');

const pct = (xs: number[], p: number) => [...xs].sort((a, b) => a - b)[Math.min(xs.length - 1, Math.floor(p * xs.length))]!;

export async function run(o: BenchOptions): Promise<Record<string, unknown>> {
  await import(FAKE);
  const n = o.quick ? 10 : 50;
  // baseline in the same run: one process per run (the behaviour before warm reuse)
  const oneProcessPerRun = await loadOnce(n, 1);
  const warm = await loadOnce(n, 20);
  return { ...warm, baselineOneProcessPerRun: oneProcessPerRun, runsPerSecondRatio: (warm.runsPerSecond as number) / (oneProcessPerRun.runsPerSecond as number) };
}

async function loadOnce(n: number, reuseRuns: number): Promise<Record<string, unknown>> {
  const dir = mkdtempSync(join(tmpdir(), 'plrf-bench-load-'));
  const fork = createForkWorkerHost();
  let spawned = 0;
  const host: WorkerHost = { name: 'counting', spawn: (opts) => (spawned++, fork.spawn(opts)) };
  const svc = createPlrfService({ dbPath: join(dir, 'runs.db'), workerHost: host, workerEnv: { PLRF_EXTRA_KINDS: FAKE }, concurrency: 1, reuseRuns });
  for (let i = 0; i < 2000; i++) svc.store.createRun({ kind: 'study', params: { steps: 1 }, seed: i, codeVersion: 'bench', label: `old ${i}`, status: 'done' });
  const web = await startWebServer({ service: svc, port: 0, staticDir: null });
  const base = `http://127.0.0.1:${web.port}`;
  const auth = { authorization: `Bearer ${web.token}` };
  const list = async () => {
    const t0 = performance.now();
    const r = await fetch(`${base}/api/runs?limit=50`, { headers: auth });
    await r.json();
    return performance.now() - t0;
  };
  try {
    const idle: number[] = [];
    for (let i = 0; i < 30; i++) idle.push(await list());
    const t0 = performance.now();
    const submitted = await Promise.all(
      Array.from({ length: n }, () =>
        fetch(`${base}/api/rpc/startRun`, { method: 'POST', headers: { ...auth, 'content-type': 'application/json' }, body: JSON.stringify({ kind: 'study', params: { steps: 2, stepMs: 5 } }) }).then(
          (r) => r.json() as Promise<{ ok: boolean; result: { id: number } }>,
        ),
      ),
    );
    const submitMs = performance.now() - t0;
    const ids = submitted.map((s) => s.result.id);
    const loaded: number[] = [];
    const allDone = Promise.all(ids.map((id) => svc.waitForRun(id)));
    let finished = false;
    void allDone.then(() => (finished = true));
    while (!finished) {
      loaded.push(await list());
      await new Promise((r) => setTimeout(r, 20));
    }
    const totalS = (performance.now() - t0) / 1000;
    return {
      submissions: n,
      reuseRuns,
      submitAllMs: submitMs,
      idle: { p50: pct(idle, 0.5), p95: pct(idle, 0.95) },
      underLoad: { samples: loaded.length, p50: pct(loaded, 0.5), p95: pct(loaded, 0.95), max: Math.max(...loaded) },
      p95Ratio: pct(loaded, 0.95) / pct(idle, 0.95),
      workersStarted: spawned,
      runsPerSecond: n / totalS,
      targetP95Ms: 100,
    };
  } finally {
    await web.close();
    await svc.close();
    rmSync(dir, { recursive: true, force: true });
  }
}
