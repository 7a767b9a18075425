// Study variants end to end in Chromium through the web mode (issue 18): a 2 × 2 study (B ∈ {1, 4}
// × τ ∈ {0, 1/√d}) started through the API, its Run page (four panels, the Δη table) and its
// Compare page (four linked panels labelled by what differs, a colour per variant, the sentence
// saying what is compared, Δη with intervals), and the New-run compare section. Screenshots in
// test-artifacts/ (variants-*.png).
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Browser, Page } from 'playwright-core';
import { ensureBuilt, haveChromium, launch, shot, startWeb, tempDb, waitRun, type WebMode } from './harness';

describe.skipIf(!haveChromium)('study variants in Chromium (web mode)', () => {
  let web: WebMode;
  let browser: Browser;
  let page: Page;
  const errors: string[] = [];

  beforeAll(async () => {
    await ensureBuilt();
    web = await startWeb(tempDb('variants'), ['--concurrency', '1']);
    browser = await launch();
    page = await browser.newPage({ viewport: { width: 1440, height: 1000 }, colorScheme: 'light' });
    page.on('pageerror', (e) => errors.push(`pageerror: ${e.message}`));
  }, 240_000);
  afterAll(async () => {
    await browser?.close();
    await web?.stop();
  });

  it('Run and Compare pages of a four-variant study; the New-run compare section', async () => {
    const params = { alpha: 0.6, beta: 0.2, dgrid: [50, 100, 200, 400], vRatio: 2, draws: 2, bootstrap: 100, vary: { batch: [1, 4], tau: [0, 1] } };
    const run = await web.call<{ id: number }>('startRun', { kind: 'study', params, label: 'B × τ' });
    const fin = await waitRun(web, run.id);
    expect(fin.status, fin.error ?? '').toBe('done');

    await page.goto(`${web.url}#/run/${run.id}`);
    await page.waitForFunction(() => document.querySelectorAll('.run-view [data-chart] canvas').length >= 4);
    await page.waitForSelector('[data-testid="fit-table"] tbody tr');
    expect(await page.locator('[data-testid="fit-table"] tbody tr').count()).toBe(4);
    const runTable = await page.textContent('[data-testid="fit-table"]');
    expect(runTable).toContain('B = 4, τ = 1/√d');
    expect(runTable).toContain('reference');
    expect(runTable).toMatch(/[+-]?\d\.\d{3} \[-?\d\.\d{3}, -?\d\.\d{3}\]/);
    await page.waitForTimeout(300);
    await shot(page, 'variants-run');

    await page.goto(`${web.url}#/compare?ids=${run.id}`);
    await page.waitForFunction(() => document.querySelectorAll('[data-testid="compare-panels"] [data-chart] canvas').length >= 4);
    await page.waitForSelector('[data-testid="compare-table"] tbody tr');
    expect(await page.locator('[data-testid="compare-table"] tbody tr').count()).toBe(4);
    const summary = await page.textContent('[data-testid="compare-summary"]');
    expect(summary).toContain('compares 4 variants');
    expect(summary).toContain('B ∈ {1, 4} × τ ∈ {0, 1/√d}');
    const colours = await page.$$eval('[data-testid="compare-table"] .swatch', (els) => els.map((e) => (e as HTMLElement).style.background));
    expect(new Set(colours).size).toBe(4);
    await page.waitForTimeout(500);
    await shot(page, 'variants-compare');
    await page.setViewportSize({ width: 1440, height: 2000 });
    await page.waitForTimeout(500);
    await page.screenshot({ path: 'test-artifacts/variants-compare-full.png', fullPage: true });

    await page.setViewportSize({ width: 1440, height: 1000 });
    await page.goto(`${web.url}#/new`);
    await page.waitForSelector('[data-testid="vary-editor"]');
    await page.click('[data-action="add-vary"]');
    await page.selectOption('[data-key="1"]', 'batch');
    await page.fill('[data-values="1"]', '1, 8');
    await page.waitForSelector('text=4 variants');
    await shot(page, 'variants-new-run');
    expect(errors).toEqual([]);
  }, 300_000);
});
