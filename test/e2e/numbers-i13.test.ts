// Issue 13 end-to-end in Chromium (web mode): the input that blanked the Run page
// (α = 50, β = 100, d = 50,100,200) renders its "not estimable" states and the machine-precision
// warning without a page error; Compare of two different studies shows each study's own Δη and
// the labelled cross-study difference; screenshots of every view, light and dark, in
// test-artifacts/i13-*.png (looked at by the author of this test).
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Browser, Page } from 'playwright-core';
import { ensureBuilt, haveChromium, launch, shot, startWeb, tempDb, waitRun, type WebMode, horizontalOverflow } from './harness';

type Fit = { tau: number; eta: number };
type Detail = { result: { summary: { fits: Fit[]; delta_eta: number[] } } };

describe.skipIf(!haveChromium)('issue 13 numbers in Chromium', () => {
  let web: WebMode;
  let browser: Browser;
  let page: Page;
  const errors: string[] = [];
  const ids: number[] = [];

  beforeAll(async () => {
    await ensureBuilt();
    web = await startWeb(tempDb('i13'), ['--concurrency', '1']);
    const study = (alpha: number, beta: number, dgrid: number[], label: string) =>
      web.call<{ id: number }>('startRun', { kind: 'study', params: { alpha, beta, dgrid, vRatio: 2, tau: [0, 1], method: 'exact', draws: 2 }, label });
    for (const [a, b, g, l] of [
      [50, 100, [50, 100, 200], 'extreme'],
      [0.5, 0.7, [50, 100, 200, 400], 'study A'],
      [0.6, 0.2, [50, 100, 200, 400], 'study B'],
    ] as const) ids.push((await study(a, b, [...g], l)).id);
    // spectrum runs: empirical τ = 0, deterministic equivalent τ = 0 and τ = 1/√d (one colour per τ)
    for (const [method, tau] of [['empirical', 0], ['de', 0], ['de', 1]] as const)
      ids.push((await web.call<{ id: number }>('startRun', { kind: 'spectrum', params: { alpha: 0.6, beta: 0.2, v: 600, d: 300, method, tau }, label: `spectrum ${method} ${tau}` })).id);
    for (const id of ids) expect((await waitRun(web, id)).status).toBe('done');
    browser = await launch();
    page = await browser.newPage({ viewport: { width: 1440, height: 900 }, colorScheme: 'light' });
    page.on('pageerror', (e) => errors.push(`pageerror: ${e.message}`));
    page.on('console', (m) => {
      if (m.type() === 'error' && !/favicon/.test(m.text())) errors.push(m.text());
    });
    await page.goto(web.url);
  });
  afterAll(async () => {
    await browser?.close();
    await web?.stop();
  });

  it('extreme input: the Run page renders "not estimable" and the precision warning, no page error', async () => {
    await page.goto(`${web.url.split('#')[0]}#/run/${ids[0]}`);
    await page.waitForSelector('[data-testid="fit-table"]');
    const table = (await page.textContent('[data-testid="fit-table"]')) ?? '';
    expect(table).toContain('not estimable');
    expect(table).not.toMatch(/NaN|Infinity/);
    expect(await page.textContent('[data-testid="precision-warning"]')).toContain('machine precision');
    await page.waitForSelector('.chart-panel canvas');
    await shot(page, 'i13-run-extreme-light');
    expect(errors).toEqual([]);
  });

  it('cross-study Compare: own Δη per study, labelled difference against the reference', async () => {
    const [, a, b] = ids as [number, number, number];
    await page.goto(`${web.url.split('#')[0]}#/compare?ids=${a},${b}`);
    await page.waitForSelector('[data-testid="compare-table"]');
    const da = await web.call<Detail>('getRun', { id: a });
    const db = await web.call<Detail>('getRun', { id: b });
    const cell = async (run: number, tau: number, col: string) => ((await page.textContent(`[data-row="${run}-${tau}"] [data-col="${col}"]`)) ?? '').trim();
    expect((await cell(a, 1, 'deta')).startsWith(da.result.summary.delta_eta[1]!.toFixed(3))).toBe(true);
    expect((await cell(b, 1, 'deta')).startsWith(db.result.summary.delta_eta[1]!.toFixed(3))).toBe(true);
    expect(await page.textContent('[data-testid="ref-col"]')).toBe(`η − η(τ = 0 · run ${a})`);
    const eta = (d: Detail, t: number) => d.result.summary.fits.find((f) => f.tau === t)!.eta;
    expect(await cell(b, 1, 'deta-ref')).toBe((eta(db, 1) - eta(da, 0)).toFixed(3));
    expect((await page.textContent('[data-testid="compare-table"]')) ?? '').not.toContain('±');
    await page.waitForTimeout(300);
    await shot(page, 'i13-compare-light');
    // the figure export dialog: column preset, the file name from the run
    await page.click('[data-action="figure"]');
    await page.waitForSelector('[data-testid="figure-preview"]');
    expect(await page.textContent('[data-testid="figure-filename"]')).toBe(`compare-run${a}-tau0.svg`);
    await page.waitForTimeout(300);
    await shot(page, 'i13-figure-dialog-light');
    await page.click('[data-testid="figure-export"] button:has-text("Cancel")');
    expect(errors).toEqual([]);
  });

  it('asymptotic components: exact F₀ and R(∞) on the τ = 0 panel', async () => {
    await page.goto(`${web.url.split('#')[0]}#/run/${ids[1]}`);
    await page.waitForSelector('.chart-panel canvas');
    await page.click('label.check:has-text("asymptotic components") input');
    await page.waitForTimeout(800);
    await shot(page, 'i13-run-components-light');
    expect(errors).toEqual([]);
  });

  it('Runs fits a 1024 px window without horizontal scrolling', async () => {
    await page.setViewportSize({ width: 1024, height: 768 });
    await page.goto(`${web.url.split('#')[0]}#/runs`);
    await page.waitForSelector('.tr[data-run-id]');
    const over = await horizontalOverflow(page, '.runs-view');
    await shot(page, 'i13-runs-1024');
    expect(over).toEqual([]);
    await page.setViewportSize({ width: 1440, height: 900 });
  });

  it('screenshots of every view, light and dark', async () => {
    const base = web.url.split('#')[0];
    const views: [string, string][] = [
      ['runs', '#/runs'],
      ['new', '#/new'],
      ['run', `#/run/${ids[1]}`],
      ['compare', `#/compare?ids=${ids[1]},${ids[2]}`],
      ['spectrum', `#/spectrum?ids=${ids[3]},${ids[4]},${ids[5]}`],
      ['phases', '#/phases'],
    ];
    for (const theme of ['light', 'dark'] as const) {
      await page.emulateMedia({ colorScheme: theme });
      for (const [name, hash] of views) {
        await page.goto(`${base}${hash}`);
        await page.waitForTimeout(700);
        await shot(page, `i13-${name}-${theme}`);
      }
    }
    expect(errors).toEqual([]);
  });
});
