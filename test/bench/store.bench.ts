// Store, API and job-system speed (issue 6):
//   - 10 000 stored runs: listRuns with filter + sort (+ full-text search, deep pages)  target ≤ 100 ms
//   - open a run with 50 curves × 200 points (getRun through the JSON client)           target ≤ 50 ms
//   - progress events: emitted → received by an HTTP/SSE client                         target ≤ 200 ms
//     (a) events injected at the service, (b) end to end from a real worker process
//   - worker start-up: startRun → first progress from the worker, cold and pre-warmed
// All timings are medians (ms) of repeated calls; the machine may be shared (noisy).
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve, dirname } from 'node:path';
import { fileURLToPath } from 'node:url';
import { createPlrfService } from '../../src-main/services/api-service';
import { startWebServer } from '../../src-main/web/server';
import { EventHub, createApiClient, createLocalTransport, type ApiEvent } from '../../src-shared/api';
import type { BenchOptions } from './run';
import { medianMs } from './timing';

const here = dirname(fileURLToPath(import.meta.url));
const FAKE = resolve(here, '../integration/fixtures/fake-kinds.ts');

async function medianAsync(fn: () => Promise<unknown>, reps = 9): Promise<{ median: number; max: number }> {
  await fn();
  const s: number[] = [];
  for (let i = 0; i < reps; i++) {
    const t0 = performance.now();
    await fn();
    s.push(performance.now() - t0);
  }
  s.sort((a, b) => a - b);
  return { median: s[Math.floor(s.length / 2)]!, max: s[s.length - 1]! };
}

/** SSE reader over fetch (Node has no EventSource) */
function sse(url: string, onData: (d: string) => void): () => void {
  const ctl = new AbortController();
  void (async () => {
    try {
      const res = await fetch(url, { signal: ctl.signal });
      const reader = res.body!.getReader();
      const dec = new TextDecoder();
      let buf = '';
      for (;;) {
        const { value, done } = await reader.read();
        if (done) return;
        buf += dec.decode(value, { stream: true });
        let i: number;
        while ((i = buf.indexOf('\n\n')) >= 0) {
          const frame = buf.slice(0, i);
          buf = buf.slice(i + 2);
          for (const l of frame.split('\n')) if (l.startsWith('data: ')) onData(l.slice(6));
        }
      }
    } catch {
      /* aborted */
    }
  })();
  return () => ctl.abort();
}

function pct(xs: number[], p: number): number {
  const s = [...xs].sort((a, b) => a - b);
  return s[Math.min(s.length - 1, Math.floor(p * s.length))]!;
}

export async function run({ quick }: BenchOptions): Promise<Record<string, unknown>> {
  await import(FAKE); // the job-latency part runs fake study tasks
  const N = quick ? 2000 : 10_000;
  const dir = mkdtempSync(join(tmpdir(), 'plrf-bench-'));
  const hub = new EventHub<ApiEvent>();
  const svc = createPlrfService({ dbPath: join(dir, 'runs.db'), workerEnv: { PLRF_EXTRA_KINDS: FAKE }, concurrency: 1 });
  const out: Record<string, unknown> = { runs: N };
  try {
    // ---- populate ----
    const kinds = ['sgd', 'volterra', 'spectrum', 'study'];
    const words = ['spiked', 'baseline', 'frontier', 'sweep', 'phase', 'paper', 'check', 'numpy'];
    const t0 = performance.now();
    const tx = svc.store.db.transaction(() => {
      for (let i = 0; i < N; i++) {
        const kind = kinds[i % 4]!;
        const id = svc.store.createRun({
          kind,
          params: { method: 'exact', alpha: 0.5 + (i % 7) / 10, beta: 0.7, v: 2000, d: 100 * (1 + (i % 8)), tau: i % 2, draws: 3, seed: i },
          seed: i,
          codeVersion: '0.1.0+bench',
          label: `${words[i % 8]} ${words[(i * 7) % 8]} run ${i}`,
          tags: i % 3 === 0 ? ['paper', `tau=${i % 2}`] : ['draft'],
          notes: i % 10 === 0 ? 'compare with numpy reference' : '',
          createdAt: 1.7e12 + i * 60_000,
        });
        if (i % 10 !== 9) {
          svc.store.markRunning(id, 1, 1.7e12 + i * 60_000 + 5);
          svc.store.finish(id, { summary: { fits: [{ tau: 0, eta: 0.3 + (i % 100) / 1000 }] }, curves: [], headline: { eta: 0.3 + (i % 100) / 1000, finalRisk: 1e-3 } }, 1.7e12 + i * 60_000 + 5000 + (i % 97) * 100);
        }
      }
    });
    tx();
    out.insertMsPerRun = (performance.now() - t0) / N;
    const api = createApiClient(createLocalTransport(svc));
    const list: Record<string, unknown> = {};
    const queries: [string, Parameters<typeof api.listRuns>[0]][] = [
      ['default page (createdAt desc, 100)', { limit: 100 }],
      ['kinds+statuses, sort eta asc', { filter: { kinds: ['study', 'sgd'], statuses: ['done'] }, sort: { by: 'eta', dir: 'asc' }, limit: 100 }],
      ['tag filter, sort duration', { filter: { tags: ['paper', 'tau=1'] }, sort: { by: 'duration', dir: 'desc' }, limit: 100 }],
      ['full-text "spiked fro", sort label', { filter: { text: 'spiked fro' }, sort: { by: 'label', dir: 'asc' }, limit: 100 }],
      ['full-text numbers "alpha 0.9"', { filter: { text: 'alpha 0.9' }, limit: 100 }],
      ['deep page offset 9000 (sort finishedAt)', { sort: { by: 'finishedAt', dir: 'desc' }, offset: Math.max(0, N - 1000), limit: 100 }],
      ['page of 1000', { limit: 1000 }],
    ];
    for (const [name, q] of queries) list[name] = await medianAsync(() => api.listRuns(q));
    out.listMs = list;
    out.listTargetMs = 100;

    // ---- one run with 50 curves × 200 points ----
    const big = svc.store.createRun({ kind: 'study', params: { alpha: 0.5 }, seed: 1, codeVersion: 'b' });
    svc.store.markRunning(big, 1);
    const curves = Array.from({ length: 50 }, (_, c) => ({
      key: `tau=${c % 2}/d=${c}`,
      meta: { role: 'risk', d: 50 + c, tau: c % 2 },
      columns: { r: Float64Array.from({ length: 200 }, (_, i) => Math.round(10 ** (i / 25))), risk: Float64Array.from({ length: 200 }, (_, i) => 1 / (1 + i) + c) },
    }));
    svc.store.finish(big, { summary: { fits: [] }, curves });
    out.openRun50x200Ms = await medianAsync(() => api.getRun({ id: big }), 15);
    out.openRun50x200StoreOnlyMs = medianMs(() => svc.store.getDetail(big), 15).median;
    out.openRunTargetMs = 50;

    // ---- progress latency over HTTP + SSE ----
    const service = {
      ...svc,
      onEvent: (l: (e: ApiEvent) => void) => {
        const a = svc.onEvent(l);
        const b = hub.on(l);
        return () => (a(), b());
      },
    };
    const web = await startWebServer({ service, port: 0, staticDir: null });
    const lat: number[] = [];
    const e2e: number[] = [];
    let firstProgressAt = 0;
    const stop = sse(`http://127.0.0.1:${web.port}/api/events?token=${web.token}`, (d) => {
      const e = JSON.parse(d) as ApiEvent;
      if (e.type !== 'progress') return;
      if (e.runId === -1) lat.push(Date.now() - e.emittedAt);
      else if (e.phase.startsWith('unit')) {
        e2e.push(Date.now() - e.emittedAt);
        if (!firstProgressAt) firstProgressAt = Date.now();
      }
    });
    await new Promise((r) => setTimeout(r, 300));
    for (let i = 0; i < 200; i++) {
      hub.emit({ type: 'progress', runId: -1, fraction: i / 200, phase: 'bench', etaSeconds: null, emittedAt: Date.now() });
      await new Promise((r) => setTimeout(r, 2));
    }
    await new Promise((r) => setTimeout(r, 300));
    out.sseLatencyMs = { n: lat.length, median: pct(lat, 0.5), p95: pct(lat, 0.95), max: Math.max(...lat) };

    // ---- worker start-up and end-to-end progress latency from a real worker ----
    const startCold = Date.now();
    const r1 = await svc.startRun({ kind: 'study', params: { steps: 40, stepMs: 25 } });
    while (!firstProgressAt) await new Promise((r) => setTimeout(r, 5));
    out.workerStartColdMs = firstProgressAt - startCold;
    await svc.waitForRun(r1.id);
    // the queue keeps a spare worker after a start: the next run starts on a warm process
    await new Promise((r) => setTimeout(r, 4000));
    firstProgressAt = 0;
    const startWarm = Date.now();
    const r2 = await svc.startRun({ kind: 'study', params: { steps: 40, stepMs: 25 } });
    while (!firstProgressAt) await new Promise((r) => setTimeout(r, 5));
    out.workerStartWarmMs = firstProgressAt - startWarm;
    await svc.waitForRun(r2.id);
    out.workerProgressLatencyMs = { n: e2e.length, median: pct(e2e, 0.5), p95: pct(e2e, 0.95), max: Math.max(...e2e) };
    out.progressTargetMs = 200;
    stop();
    await web.close();
    out.note = 'medians on a shared 2-core machine; re-run when idle for final figures';
  } finally {
    await svc.close();
    rmSync(dir, { recursive: true, force: true });
  }
  return out;
}
