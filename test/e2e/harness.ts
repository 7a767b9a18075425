// End-to-end harness: builds the renderer (electron-vite), starts the web mode (`plrf web`) on a
// free port with its own database, launches Debian Chromium through playwright-core, and offers
// the UI speed measurements shared by the e2e test and test/bench/ui.bench.ts.
import { spawn, type ChildProcess } from 'node:child_process';
import { existsSync, mkdirSync, mkdtempSync, statSync, readdirSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import type { Browser, Page } from 'playwright-core';

export const ROOT = resolve(dirname(fileURLToPath(import.meta.url)), '../..');
export const ARTIFACTS = join(ROOT, 'test-artifacts');
export const CHROMIUM = process.env.PLRF_CHROMIUM ?? '/usr/bin/chromium';
export const haveChromium = existsSync(CHROMIUM);

function newestMtime(dir: string): number {
  let t = 0;
  for (const e of readdirSync(dir, { withFileTypes: true })) {
    const p = join(dir, e.name);
    t = Math.max(t, e.isDirectory() ? newestMtime(p) : statSync(p).mtimeMs);
  }
  return t;
}

/** build out/renderer with electron-vite when it is missing or older than the sources */
export async function ensureBuilt(): Promise<void> {
  const index = join(ROOT, 'out/renderer/index.html');
  const srcTime = Math.max(newestMtime(join(ROOT, 'src-renderer')), newestMtime(join(ROOT, 'src-shared')));
  if (existsSync(index) && statSync(index).mtimeMs > srcTime && !process.env.PLRF_E2E_REBUILD) return;
  const ev = (await import('electron-vite')) as { build: (c: Record<string, unknown>) => Promise<void> };
  await ev.build({ root: ROOT, logLevel: 'warn' });
}

export interface WebMode {
  url: string;
  base: string;
  token: string;
  proc: ChildProcess;
  call<T = unknown>(method: string, payload?: unknown): Promise<T>;
  stop(): Promise<void>;
}

/** `plrf web --port 0 --no-open --no-build --db <db>`: the first stdout line is the URL */
export async function startWeb(db: string, extra: string[] = []): Promise<WebMode> {
  const proc = spawn(process.execPath, [join(ROOT, 'src-main/cli/plrf.mjs'), 'web', '--port', '0', '--no-open', '--no-build', '--db', db, '--create', ...extra], {
    cwd: ROOT,
    stdio: ['ignore', 'pipe', 'pipe'],
    env: { ...process.env, PLRF_DB: db },
  });
  let err = '';
  proc.stderr!.on('data', (b) => (err += String(b)));
  const url = await new Promise<string>((res, rej) => {
    let buf = '';
    const t = setTimeout(() => rej(new Error(`plrf web did not print its URL within 60 s:\n${err}`)), 60_000);
    proc.stdout!.on('data', (b) => {
      buf += String(b);
      const nl = buf.indexOf('\n');
      if (nl >= 0) {
        clearTimeout(t);
        res(buf.slice(0, nl).trim());
      }
    });
    proc.on('exit', (c) => rej(new Error(`plrf web exited (${c}):\n${err}`)));
  });
  const u = new URL(url);
  const token = u.searchParams.get('token') ?? '';
  const base = u.origin;
  return {
    url,
    base,
    token,
    proc,
    async call<T>(method: string, payload?: unknown): Promise<T> {
      const r = await fetch(`${base}/api/rpc/${method}`, {
        method: 'POST',
        headers: { 'content-type': 'application/json', authorization: `Bearer ${token}` },
        body: payload === undefined ? '' : JSON.stringify(payload),
      });
      const j = (await r.json()) as { ok: boolean; result?: T; error?: { message: string } };
      if (!j.ok) throw new Error(`${method}: ${j.error?.message}`);
      return j.result as T;
    },
    stop: () =>
      new Promise<void>((res) => {
        if (proc.exitCode !== null) return res();
        proc.once('exit', () => res());
        proc.kill('SIGTERM');
        setTimeout(() => proc.exitCode === null && proc.kill('SIGKILL'), 5000);
      }),
  };
}

export function tempDb(name: string): string {
  return join(mkdtempSync(join(tmpdir(), 'plrf-e2e-')), `${name}.db`);
}

export async function launch(): Promise<Browser> {
  const { chromium } = await import('playwright-core');
  return chromium.launch({
    executablePath: CHROMIUM,
    args: ['--headless', '--no-sandbox', '--disable-gpu', '--disable-background-networking', '--disable-component-update', '--disable-sync', '--no-first-run', '--disable-dev-shm-usage'],
  });
}

export async function shot(page: Page, name: string): Promise<string> {
  mkdirSync(ARTIFACTS, { recursive: true });
  const path = join(ARTIFACTS, `${name}.png`);
  await page.screenshot({ path });
  return path;
}

/** elements under `root` (and the document) that scroll horizontally: "class scrollWidth>clientWidth" */
export async function horizontalOverflow(page: Page, root: string): Promise<string[]> {
  // a source string: this module is also type-checked without the DOM library (test/bench/ui.bench.ts)
  const sel = JSON.stringify(`${root}, ${root} *`);
  return page.evaluate(`(() => {
    const els = [document.documentElement, ...Array.from(document.querySelectorAll(${sel}))];
    return els.filter((e) => e.scrollWidth > e.clientWidth + 1 && getComputedStyle(e).overflowX !== 'hidden' && !e.classList.contains('ellipsis') && e.clientWidth > 0).map((e) => e.className + ' ' + e.scrollWidth + '>' + e.clientWidth);
  })()`) as Promise<string[]>;
}

export async function waitRun(web: WebMode, id: number, timeoutMs = 240_000): Promise<{ status: string; error: string | null }> {
  const t0 = Date.now();
  for (;;) {
    const r = await web.call<{ status: string; error: string | null }>('getRun', { id, curves: false });
    if (['done', 'failed', 'cancelled', 'interrupted'].includes(r.status)) return r;
    if (Date.now() - t0 > timeoutMs) throw new Error(`run ${id} still ${r.status} after ${timeoutMs} ms`);
    await new Promise((r) => setTimeout(r, 500));
  }
}

export function median(xs: number[]): number {
  const s = [...xs].sort((a, b) => a - b);
  const n = s.length;
  return n % 2 ? s[(n - 1) / 2]! : (s[n / 2 - 1]! + s[n / 2]!) / 2;
}

/**
 * Time from a hash navigation to "fully rendered": `ready()` true in the page (checked every
 * animation frame), then two more frames so the paint is on screen. Milliseconds, page clock.
 */
export async function timeNavigation(page: Page, hash: string, ready: string, away = '#/phases'): Promise<number> {
  await page.evaluate(`location.hash = ${JSON.stringify(away)}`);
  await page.waitForTimeout(150);
  // a string, not a function: tsx/esbuild helpers (__name) do not exist in the page
  return page.evaluate(`new Promise((res, rej) => {
    const t0 = performance.now();
    location.hash = ${JSON.stringify(hash)};
    const tick = () => {
      if (performance.now() - t0 > 20000) return rej(new Error('not ready after 20 s: ' + ${JSON.stringify(ready)}));
      if (${ready}) requestAnimationFrame(() => requestAnimationFrame(() => res(performance.now() - t0)));
      else requestAnimationFrame(tick);
    };
    requestAnimationFrame(tick);
  })`) as Promise<number>;
}

/** time from `action` (page JS) until `ready` (page JS expression) holds, plus one frame */
export async function timeAction(page: Page, action: string, ready: string): Promise<number> {
  return page.evaluate(`new Promise((res, rej) => {
    const t0 = performance.now();
    ${action};
    const tick = () => {
      if (performance.now() - t0 > 20000) return rej(new Error('not ready after 20 s: ' + ${JSON.stringify(ready)}));
      if (${ready}) requestAnimationFrame(() => res(performance.now() - t0));
      else requestAnimationFrame(tick);
    };
    requestAnimationFrame(tick);
  })`) as Promise<number>;
}

/** the Compare view has drawn all its panels (canvas with ECharts content) and its table */
export const COMPARE_READY = (panels: number) =>
  `document.querySelectorAll('[data-testid="compare-panels"] [data-chart] canvas').length >= ${panels} && !!document.querySelector('[data-testid="compare-table"] tbody tr')`;
/** the Runs view shows its total and a first page of rows */
export const RUNS_READY = (total: string) =>
  `document.querySelector('[data-testid="runs-total"]')?.textContent?.trim() === ${JSON.stringify(total)} && document.querySelectorAll('.tr[data-run-id]').length > 10`;

/**
 * Seed a database with n finished runs: the store creates the schema (migrations), then one
 * transaction of plain INSERTs (the FTS triggers index them like any run; tags go to run_tags).
 */
export async function seedRuns(db: string, n: number): Promise<void> {
  const { openDatabase } = await import('../../src-main/services/store/db');
  const { RunStore } = await import('../../src-main/services/store/run-store');
  const d = openDatabase({ path: db });
  const store = new RunStore(d); // applies migrations
  const t0 = Date.now() - n * 60_000;
  const ins = d.prepare(
    `INSERT INTO runs (kind, status, params, seed, code_version, label, tags, notes, created_at, started_at, finished_at, summary, headline_eta)
     VALUES (?, 'done', ?, ?, 'seed', ?, ?, '', ?, ?, ?, '{}', ?)`,
  );
  const tag = d.prepare('INSERT OR IGNORE INTO run_tags (tag, run_id) VALUES (?, ?)');
  d.transaction(() => {
    for (let i = 0; i < n; i++) {
      const alpha = Math.round((0.3 + (i % 9) / 10) * 10) / 10;
      const beta = Math.round((0.2 + (i % 7) / 10) * 10) / 10;
      const tags = i % 50 === 0 ? ['fifty'] : [];
      const created = t0 + i * 60_000;
      const info = ins.run(
        i % 4 === 0 ? 'sgd' : 'study',
        JSON.stringify({ alpha, beta, dgrid: [50, 100, 200, 400], vRatio: 2, tau: [0, 1], method: 'exact' }),
        i,
        `seeded run ${i} ${['alpha', 'beta', 'gamma', 'delta'][i % 4]}`,
        JSON.stringify(tags),
        created,
        created + 100,
        created + 1000 + (i % 13) * 500,
        0.2 + (i % 97) / 300,
      );
      for (const t of tags) tag.run(t, Number(info.lastInsertRowid));
    }
  })();
  store.close();
}

export interface UiSpeedOptions {
  browser: Browser;
  /** a running web mode for the study part (its own database) */
  web: WebMode;
  /** repetitions per measurement */
  reps?: number;
  /** runs in the big table */
  nRuns?: number;
  log?: (m: string) => void;
  screenshots?: boolean;
}

/**
 * The UI speed figures of issue 7: open Compare for 6-size studies (one study with τ = 0 and
 * τ = 1/√d → 2 panels; two such studies → 4 panels) to fully rendered; the Runs view with
 * 10 000 runs: open, full-text search, sort, scroll to an unloaded page — each to rendered rows.
 * Medians of `reps` in the page's clock (navigation → ready + paint frames).
 */
export async function measureUiSpeed(o: UiSpeedOptions): Promise<Record<string, unknown>> {
  const reps = o.reps ?? 5;
  const nRuns = o.nRuns ?? 10_000;
  const log = o.log ?? (() => {});
  const results: Record<string, unknown> = { note: 'ms in headless Chromium (software rendering) on a shared 2-core box; navigation → rendered; medians' };
  const { web, browser } = o;
  const s = await web.call<{ id: number }>('startRun', {
    kind: 'study',
    params: { alpha: 0.6, beta: 0.2, dgrid: [50, 100, 200, 400, 800, 1600], vRatio: 2, tau: [0, 1], method: 'de', bootstrap: 100 },
    label: 'speed 6-size',
  });
  const st = await waitRun(web, s.id);
  if (st.status !== 'done') throw new Error(`speed study ${st.status}: ${st.error}`);
  log('6-size study done');
  const exported = await web.call<{ content: string }>('exportRun', { id: s.id, format: 'json' });
  const copy = await web.call<{ id: number }>('importRun', { content: exported.content });
  const page = await browser.newPage({ viewport: { width: 1440, height: 900 } });
  await page.goto(web.url);
  await page.waitForSelector('[data-testid="runs-total"]');
  const one: number[] = [];
  const two: number[] = [];
  for (let i = 0; i < reps; i++) one.push(await timeNavigation(page, `#/compare?ids=${s.id}`, COMPARE_READY(2)));
  for (let i = 0; i < reps; i++) two.push(await timeNavigation(page, `#/compare?ids=${s.id},${copy.id}`, COMPARE_READY(4)));
  if (o.screenshots) await shot(page, '13-compare-two-studies');
  await page.close();
  results.compare_one_study_two_tau_ms = { median: median(one), all: one };
  results.compare_two_studies_four_panels_ms = { median: median(two), all: two };
  log('compare timed');

  const db = tempDb('many');
  await seedRuns(db, nRuns);
  log(`seeded ${nRuns} runs`);
  const big = await startWeb(db, ['--concurrency', '1']);
  try {
    const p2 = await browser.newPage({ viewport: { width: 1440, height: 900 } });
    await p2.goto(big.url);
    await p2.waitForSelector('[data-testid="runs-total"]');
    const totalText = nRuns.toLocaleString('en-US');
    const quarter = (nRuns / 4).toLocaleString('en-US');
    const open: number[] = [];
    const search: number[] = [];
    const sortMs: number[] = [];
    const scroll: number[] = [];
    for (let i = 0; i < reps; i++) open.push(await timeNavigation(p2, '#/runs', RUNS_READY(totalText)));
    for (let i = 0; i < reps; i++) {
      // label words that are not parameter names (the search also covers params)
      const term = ['gamma', 'delta'][i % 2]!;
      search.push(
        await timeAction(
          p2,
          `const box = document.querySelector('input.search'); box.value = ${JSON.stringify(term)}; box.dispatchEvent(new Event('input'))`,
          `document.querySelector('[data-testid="runs-total"]')?.textContent?.trim() === ${JSON.stringify(quarter)} && (document.querySelector('.tr[data-run-id] .td:nth-child(6)')?.textContent ?? '').includes(${JSON.stringify(term)})`,
        ),
      );
      const before = await p2.getAttribute('.tr[data-run-id]', 'data-run-id');
      sortMs.push(
        await timeAction(
          p2,
          `[...document.querySelectorAll('.th.sortable')].find((h) => h.textContent.startsWith('fitted η')).click()`,
          `(document.querySelector('.tr[data-run-id]')?.getAttribute('data-run-id') ?? ${JSON.stringify(before)}) !== ${JSON.stringify(before)}`,
        ),
      );
      const target = 34 * Math.min(nRuns / 4 - 40, 600 + 397 * i);
      scroll.push(
        await timeAction(
          p2,
          `const b = document.querySelector('.tbody'); b.scrollTop = ${target}; b.dispatchEvent(new Event('scroll'))`,
          `[...document.querySelectorAll('.tr[data-run-id]')].some((r) => Math.abs(parseFloat(r.style.transform.replace(/[^0-9.]/g, '')) - ${target}) < 68)`,
        ),
      );
    }
    log('runs timed');
    if (o.screenshots) await shot(p2, '14-runs-10000');
    results.runs_total = nRuns;
    results.runs_open_ms = { median: median(open), all: open };
    results.runs_search_ms = { median: median(search), all: search };
    results.runs_sort_ms = { median: median(sortMs), all: sortMs };
    results.runs_scroll_to_unloaded_page_ms = { median: median(scroll), all: scroll };
    results.runs_dom_rows = await p2.evaluate('document.querySelectorAll(".tr").length');
    await p2.close();
  } finally {
    await big.stop();
  }
  return results;
}
