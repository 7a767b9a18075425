// End-to-end in real Chromium through the web mode: start a small study from the New-run form,
// watch its progress, open it, open Compare with its τ partner, export a CSV and a PNG, delete
// and undo; screenshots of every view (light and dark) in test-artifacts/. Then the UI speed
// figures (Compare of 6-size studies, Runs with 10 000 runs) written to
// test-artifacts/ui-speed.json — reported, not asserted beyond a loose sanity bound.
// The test builds the renderer itself when out/renderer is missing or stale.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { readFileSync, writeFileSync, mkdirSync } from 'node:fs';
import { join } from 'node:path';
import type { Browser, Page } from 'playwright-core';
import { ARTIFACTS, ensureBuilt, haveChromium, launch, measureUiSpeed, shot, startWeb, tempDb, type WebMode } from './harness';

describe.skipIf(!haveChromium)('workbench in Chromium (web mode)', () => {
  let web: WebMode;
  let browser: Browser;
  let page: Page;
  const consoleErrors: string[] = [];

  beforeAll(async () => {
    await ensureBuilt();
    web = await startWeb(tempDb('workflow'), ['--concurrency', '1']);
    browser = await launch();
    page = await browser.newPage({ viewport: { width: 1440, height: 900 }, colorScheme: 'light', acceptDownloads: true });
    page.on('pageerror', (e) => consoleErrors.push(`pageerror: ${e.message}`));
    page.on('console', (m) => {
      if (m.type() === 'error' && !/favicon/.test(m.text())) consoleErrors.push(m.text());
    });
    await page.goto(web.url);
  });
  afterAll(async () => {
    await browser?.close();
    await web?.stop();
  });

  it('runs a study from the form to Compare, exports, deletes and undoes', async () => {
    // empty state says what to do
    await page.waitForSelector('text=No runs yet');
    await shot(page, '01-runs-empty');

    // New run: seed 000's second case, made small; inline validation on the way
    await page.click('[data-nav="new"]');
    await page.click('.presets .chip:has-text("(0.6, 0.2)")');
    await page.fill('#f-alpha', '-0.6');
    await page.waitForSelector('[data-field="alpha"].invalid');
    expect(await page.textContent('[data-field="alpha"] .hint')).toContain('must be number > 0');
    await shot(page, '02-new-run-invalid');
    await page.fill('#f-alpha', '0.6');
    await page.fill('#f-dgrid', '50, 100, 200, 400');
    await page.fill('#f-draws', '2');
    await page.fill('#f-label', 'e2e study');
    await page.waitForSelector('[data-testid="estimate"]');
    await shot(page, '02-new-run');
    await page.click('[data-action="start"]');

    // Runs: watch progress until done
    const row = page.locator('.tr', { hasText: 'e2e study' });
    await row.waitFor();
    let sawProgress = false;
    let sawAdvance = false;
    for (let i = 0; i < 600; i++) {
      const bar = row.locator('[role="progressbar"]');
      if (await bar.count()) {
        const pct = Number((await bar.getAttribute('aria-valuenow').catch(() => '0')) ?? 0);
        if (!sawProgress || (pct > 0 && !sawAdvance)) await shot(page, '03-runs-progress');
        sawProgress = true;
        if (pct > 0) sawAdvance = true;
      }
      const status = (await row.locator('.status').count()) ? await row.locator('.status').first().textContent() : null;
      if (status === 'done') break;
      if (status === 'failed') throw new Error(`study failed: ${await row.locator('.status').getAttribute('title')}`);
      await page.waitForTimeout(250);
    }
    expect(await row.locator('.status').textContent()).toBe('done');
    expect(sawProgress).toBe(true);
    expect(await row.locator('.td.num').last().textContent()).toMatch(/^\d\.\d{3}$/); // fitted η shown
    await shot(page, '03-runs-done');

    // open it: two τ panels with charts
    await row.locator('.td.num').first().dblclick(); // the id cell (a double-click on the label renames)
    await page.waitForSelector('.run-view [data-chart] canvas');
    await page.waitForFunction(() => document.querySelectorAll('.run-view [data-chart] canvas').length >= 2);
    await page.waitForTimeout(300);
    await shot(page, '04-run-view');
    await page.click('.segmented button:has-text("vs steps r")');
    await page.waitForTimeout(300);
    await shot(page, '04-run-view-steps');

    // Compare with the τ partner
    await page.click('[data-action="compare-tau"]');
    await page.waitForSelector('[data-testid="compare-table"] tbody tr');
    await page.waitForFunction(() => document.querySelectorAll('[data-testid="compare-panels"] [data-chart] canvas').length >= 2);
    await page.waitForTimeout(300);
    const table = await page.textContent('[data-testid="compare-table"]');
    expect(table).toContain('τ = 0');
    expect(table).toContain('τ = 1/√d');
    expect(table).toMatch(/η theory/);
    await shot(page, '05-compare');

    // export CSV and PNG of the first panel
    const panel = page.locator('[data-testid="compare-panels"] .chart-panel').first();
    await panel.hover();
    const [csvDl] = await Promise.all([page.waitForEvent('download'), panel.locator('button:has-text("CSV")').click()]);
    mkdirSync(ARTIFACTS, { recursive: true });
    const csvPath = join(ARTIFACTS, 'compare-panel.csv');
    await csvDl.saveAs(csvPath);
    const csv = readFileSync(csvPath, 'utf8');
    expect(csv.split('\n')[0]).toBe('series,d,C,risk_mean,risk_lo,risk_hi');
    expect(csv.split('\n').length).toBeGreaterThan(100);
    const [pngDl] = await Promise.all([page.waitForEvent('download'), panel.locator('button:has-text("PNG")').click()]);
    const pngPath = join(ARTIFACTS, 'compare-panel-export.png');
    await pngDl.saveAs(pngPath);
    const png = readFileSync(pngPath);
    expect(png.subarray(0, 8).toString('hex')).toBe('89504e470d0a1a0a');
    expect(png.length).toBeGreaterThan(20_000);
    const [svgDl] = await Promise.all([page.waitForEvent('download'), panel.locator('button:has-text("SVG")').click()]);
    const svgPath = join(ARTIFACTS, 'compare-panel-export.svg');
    await svgDl.saveAs(svgPath);
    expect(readFileSync(svgPath, 'utf8')).toMatch(/^<svg[\s\S]*10⁻/);

    // delete and undo
    await page.click('[data-nav="runs"]');
    await row.waitFor();
    await row.click();
    await page.click('[data-action="delete"]');
    await page.waitForSelector('.toast:has-text("Deleted 1 run")');
    await expect.poll(() => row.count()).toBe(0);
    await shot(page, '06-runs-deleted-undo');
    await page.click('[data-action="undo"]');
    await row.waitFor();
    expect(await row.locator('.status').textContent()).toBe('done');

    // export the run as JSON and import it back: a second, identical run
    await row.click();
    const [jsonDl] = await Promise.all([page.waitForEvent('download'), page.click('[data-action="export"]')]);
    const jsonPath = join(ARTIFACTS, 'exported-run.json');
    await jsonDl.saveAs(jsonPath);
    expect(JSON.parse(readFileSync(jsonPath, 'utf8')).format).toBe('plrf-run');
    const before = Number((await page.textContent('[data-testid="runs-total"]'))!.replace(/\D/g, ''));
    await page.setInputFiles('.toolbar input[type="file"]', jsonPath);
    await page.waitForSelector('.toast:has-text("Imported 1 run")');
    await expect.poll(async () => Number((await page.textContent('[data-testid="runs-total"]'))!.replace(/\D/g, ''))).toBe(before + 1);
    expect(await page.locator('.tr', { hasText: 'e2e study' }).count()).toBe(2);

    // the other views, light and dark
    await page.click('[data-nav="phases"]');
    await page.waitForSelector('.phases-view [data-chart] canvas');
    await page.mouse.move(700, 300);
    await page.waitForTimeout(200);
    await shot(page, '07-phases');
    // Spectrum: a τ pair of deterministic-equivalent spectra, the outlier marked
    await page.click('[data-nav="spectrum"]');
    await page.waitForSelector('.spectrum-view');
    await page.fill('#sp-v', '400');
    await page.fill('#sp-d', '200');
    await page.click('.pair-form button[type="submit"]');
    await page.waitForSelector('.spectrum-view [data-chart] canvas', { timeout: 120_000 });
    await page.waitForFunction(() => document.querySelectorAll('.spectrum-view .fit-table tbody tr').length === 2, null, { timeout: 120_000 });
    await page.waitForTimeout(300);
    expect(await page.textContent('.spectrum-view .fit-table')).toMatch(/τ = 1\/√d[\s\S]*\d/);
    await shot(page, '08-spectrum');
    // theme cycles light → dark → system; click until dark
    for (let i = 0; i < 3 && !((await page.textContent('[data-action="theme"]')) ?? '').includes('dark'); i++) await page.click('[data-action="theme"]');
    expect(await page.getAttribute('html', 'data-theme')).toBe('dark');
    await page.click('[data-nav="runs"]');
    await row.first().waitFor();
    await shot(page, '09-runs-dark');
    await row.last().locator('.td.num').first().dblclick(); // the id cell (a double-click on the label renames)
    await page.click('[data-action="compare-tau"]');
    await page.waitForFunction(() => document.querySelectorAll('[data-testid="compare-panels"] [data-chart] canvas').length >= 2);
    await page.waitForTimeout(300);
    await shot(page, '10-compare-dark');
    await page.click('[data-nav="new"]');
    await shot(page, '11-new-run-dark');
    await page.click('[data-nav="phases"]');
    await page.waitForSelector('.phases-view [data-chart] canvas');
    await shot(page, '12-phases-dark');
    await page.click('[data-action="theme"]'); // dark → system
    expect(consoleErrors).toEqual([]);
  });

  it('reports UI speed: Compare of two 6-size studies, Runs with 10 000 runs', { timeout: 400_000 }, async () => {
    const t0 = Date.now();
    const results = await measureUiSpeed({
      browser,
      web,
      reps: 3,
      nRuns: 10_000,
      screenshots: true,
      log: (m) => console.log(`[ui-speed +${((Date.now() - t0) / 1000).toFixed(1)} s] ${m}`),
    });
    writeFileSync(join(ARTIFACTS, 'ui-speed.json'), JSON.stringify(results, null, 2));
    console.log('UI speed', JSON.stringify(results));
    // sanity only: the speed targets (≤ 1 s) are reported here and in `npm run bench`, not asserted
    const med = (k: string) => (results[k] as { median: number }).median;
    expect(med('compare_one_study_two_tau_ms')).toBeLessThan(10_000);
    expect(med('runs_open_ms')).toBeLessThan(10_000);
    expect(results.runs_dom_rows as number).toBeLessThan(120);
  });
});
