// Power-law spectrum vs an imported one (issue 18 §5) end to end in Chromium through the web mode:
// the spectrum-digits preset's params (data set by name) started through the web API — the service
// resolves "digits" — then its Run page: two variants labelled "power law" and "spectrum digits",
// the Δη row; its Compare page; the New-run form with the preset chip applied. Screenshots light and dark in
// test-artifacts/ (spectrum-variants-*.png). Skipped without Chromium or python3-sklearn's digits.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Browser, Page } from 'playwright-core';
import { ensureBuilt, haveChromium, launch, shot, startWeb, tempDb, waitRun, type WebMode } from './harness';
import { digitsPath } from '../../src-main/services/datasets';
import { getPreset } from '../../src-shared/study/presets';

describe.skipIf(!haveChromium || !digitsPath())('spectrum variants in Chromium (web mode)', () => {
  let web: WebMode;
  let browser: Browser;
  let page: Page;
  const errors: string[] = [];

  beforeAll(async () => {
    await ensureBuilt();
    web = await startWeb(tempDb('spectrum-variants'), ['--concurrency', '1']);
    browser = await launch();
    page = await browser.newPage({ viewport: { width: 1440, height: 1000 }, colorScheme: 'light' });
    page.on('pageerror', (e) => errors.push(`pageerror: ${e.message}`));
  }, 240_000);
  afterAll(async () => {
    await browser?.close();
    await web?.stop();
  });

  it('Run page of the spectrum-digits study (light and dark); the preset in the New-run form', async () => {
    const p = getPreset('spectrum-digits')!;
    const run = await web.call<{ id: number }>('startRun', { kind: 'study', params: { ...p.spec, bootstrap: 200 }, label: p.title });
    const fin = await waitRun(web, run.id);
    expect(fin.status, fin.error ?? '').toBe('done');
    const base = web.url.split('#')[0];
    for (const theme of ['light', 'dark'] as const) {
      await page.emulateMedia({ colorScheme: theme });
      await page.goto(`${base}#/run/${run.id}`);
      await page.waitForFunction(() => document.querySelectorAll('.run-view [data-chart] canvas').length >= 2);
      await page.waitForSelector('[data-testid="fit-table"] tbody tr');
      expect(await page.locator('[data-testid="fit-table"] tbody tr').count()).toBe(2);
      const table = await page.textContent('[data-testid="fit-table"]');
      expect(table).toContain('power law');
      expect(table).toContain('spectrum digits');
      expect(table).not.toContain('[object Object]');
      expect(table).not.toContain('"lambda"');
      await page.waitForTimeout(600);
      await shot(page, `spectrum-variants-run-${theme}`);
      await page.setViewportSize({ width: 1440, height: 2200 });
      await page.waitForTimeout(400);
      await page.screenshot({ path: `test-artifacts/spectrum-variants-run-full-${theme}.png`, fullPage: true });
      await page.setViewportSize({ width: 1440, height: 1000 });
    }
    await page.emulateMedia({ colorScheme: 'light' });
    await page.goto(`${base}#/compare?ids=${run.id}`);
    await page.waitForFunction(() => document.querySelectorAll('[data-testid="compare-panels"] [data-chart] canvas').length >= 2);
    await page.waitForSelector('[data-testid="compare-table"] tbody tr');
    const summary = await page.textContent('[data-testid="compare-summary"]');
    expect(summary).toContain('compares 2 variants');
    expect(await page.textContent('body')).not.toContain('[object Object]');
    await page.waitForTimeout(600);
    await shot(page, 'spectrum-variants-compare');
    await page.goto(`${base}#/new`);
    await page.waitForSelector('.presets .chip');
    await page.click('.presets .chip:has-text("Power-law spectrum vs an imported one")');
    await page.waitForSelector('text=2 variants');
    await page.waitForTimeout(800);
    await shot(page, 'spectrum-variants-new-run');
    expect(errors).toEqual([]);
  }, 300_000);
});
