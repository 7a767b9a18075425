// The Sweeps view in Chromium (web mode): a 3 × 3 (α, β) study sweep created and run through the
// HTTP API, then the view shows its progress per cell, the phase plane of measured η̂ (points
// coloured by phase, intervals, theory) and η̂ against theory η. Screenshot: test-artifacts/sweeps.png.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Browser, Page } from 'playwright-core';
import { ensureBuilt, haveChromium, launch, shot, startWeb, tempDb, type WebMode } from './harness';

describe.skipIf(!haveChromium)('Sweeps view in Chromium (web mode)', () => {
  let web: WebMode;
  let browser: Browser;
  let page: Page;
  const errors: string[] = [];

  beforeAll(async () => {
    await ensureBuilt();
    web = await startWeb(tempDb('sweeps'), ['--concurrency', '1']);
    browser = await launch();
    page = await browser.newPage({ viewport: { width: 1440, height: 1100 }, colorScheme: 'light' });
    page.on('pageerror', (e) => errors.push(`pageerror: ${e.message}`));
  });
  afterAll(async () => {
    await browser?.close();
    await web?.stop();
  });

  it('shows cells, failures and the phase plane of a finished (α, β) sweep', async () => {
    const s = await web.call<{ id: number; counts: { cells: number } }>('createSweep', {
      kind: 'study',
      params: { dgrid: [50, 100, 200, 400], vRatio: 2, method: 'exact', draws: 3, bootstrap: 100, tau: [0] },
      axes: ['alpha=0.4:1.2:0.4', 'beta=0.3:1.1:0.4'],
      label: 'e2e grid',
    });
    expect(s.counts.cells).toBe(9);
    // bad input is refused before anything is created
    await expect(web.call('createSweep', { kind: 'study', params: { dgrid: [50, 100, 200] }, axes: ['gamma=1,2'] })).rejects.toThrow(/unknown parameter/);
    await web.call('runSweep', { id: s.id });
    for (let i = 0; i < 480; i++) {
      const st = await web.call<{ done: number; failed: number }>('sweepStatus', { id: s.id });
      if (st.done + st.failed === 9) break;
      await new Promise((r) => setTimeout(r, 500));
    }
    expect((await web.call<{ done: number }>('sweepStatus', { id: s.id })).done).toBe(9);
    await page.goto(`${web.url}#/sweeps/${s.id}`);
    await page.waitForSelector('[data-testid="sweep-cells"] tbody tr');
    await page.waitForSelector('canvas');
    expect(await page.locator('[data-testid="sweep-cells"] tbody tr').count()).toBe(9);
    expect(await page.locator('[data-testid="sweep-cells"] td.status.done').count()).toBe(9);
    expect(await page.locator('[data-nav="sweeps"]').count()).toBe(1);
    await page.waitForTimeout(300);
    await shot(page, 'sweeps');
    expect(errors).toEqual([]);
  }, 300_000);

  it('lists a failed cell with its error (a step size above γ_max fails once the problem is drawn)', async () => {
    const s = await web.call<{ id: number }>('createSweep', { kind: 'sgd', params: { alpha: 1, beta: 0.5, v: 40, d: 20, rmax: 100, checkpoints: 10 }, axes: ['gamma=0.05,50'], label: 'step sizes' });
    await web.call('runSweep', { id: s.id });
    for (let i = 0; i < 240; i++) {
      const st = await web.call<{ done: number; failed: number }>('sweepStatus', { id: s.id });
      if (st.done + st.failed === 2) break;
      await new Promise((r) => setTimeout(r, 500));
    }
    expect(await web.call('sweepStatus', { id: s.id })).toMatchObject({ done: 1, failed: 1 });
    await page.goto(`${web.url}#/sweeps/${s.id}`);
    await page.reload();
    await page.waitForSelector('[data-testid="sweep-failures"] li');
    const text = await page.locator('[data-testid="sweep-failures"]').innerText();
    expect(text).toMatch(/cell 1 \(gamma=50\): .*gamma/);
    await shot(page, 'sweeps-failure');
  }, 300_000);
});
