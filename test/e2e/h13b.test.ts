// Issue 13 (h13b) in Chromium (web mode): (1) the Spectrum view's chips appear live — a τ pair
// started from the view shows as pending chips and becomes selectable when done, without leaving
// the view; (2) Compare of two spectrum runs draws their spectra overlaid; (3) an imported run
// carries the "imported" badge in Runs and the sentence on its Run page; (4) PDF export from the
// UI's figure dialog at 3.25 in: the downloaded file is a one-page PDF of 234 pt width with every
// font embedded (pdffonts), rendered to PNG with pdftoppm (test-artifacts/h13b-figure-pdf-*.png,
// looked at); (5) screenshots of every view, light and dark (test-artifacts/h13b-*.png).
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { execFileSync } from 'node:child_process';
import { existsSync, mkdtempSync, readFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { Browser, Page } from 'playwright-core';
import { ARTIFACTS, ensureBuilt, haveChromium, launch, shot, startWeb, tempDb, waitRun, type WebMode } from './harness';

describe.skipIf(!haveChromium)('issue 13 (h13b) in Chromium', () => {
  let web: WebMode;
  let browser: Browser;
  let page: Page;
  const errors: string[] = [];
  let study = 0;
  let imported = 0;
  const dir = mkdtempSync(join(tmpdir(), 'plrf-e2e-h13b-'));

  beforeAll(async () => {
    await ensureBuilt();
    web = await startWeb(tempDb('h13b'), ['--concurrency', '1']);
    study = (await web.call<{ id: number }>('startRun', { kind: 'study', params: { alpha: 0.5, beta: 0.7, dgrid: [50, 100, 200], vRatio: 2, tau: [0, 1], method: 'exact', draws: 1 }, label: 'study h13b' })).id;
    expect((await waitRun(web, study)).status).toBe('done');
    const exp = await web.call<{ content: string }>('exportRun', { id: study, format: 'json' });
    imported = (await web.call<{ id: number }>('importRun', { content: exp.content, filename: 'study-from-colleague.json' })).id;
    browser = await launch();
    page = await browser.newPage({ viewport: { width: 1440, height: 900 }, colorScheme: 'light', acceptDownloads: true });
    page.on('pageerror', (e) => errors.push(`pageerror: ${e.message}`));
    page.on('console', (m) => {
      if (m.type() === 'error' && !/favicon/.test(m.text())) errors.push(m.text());
    });
    await page.goto(web.url);
  }, 300_000);
  afterAll(async () => {
    await browser?.close();
    await web?.stop();
  });

  it('Spectrum: a pair started in the view appears as chips and becomes selectable without re-entering', async () => {
    await page.goto(`${web.url.split('#')[0]}#/spectrum`);
    await page.fill('#sp-v', '600');
    await page.fill('#sp-d', '300');
    await page.click('.pair-form button[type="submit"]');
    await page.waitForSelector('[data-testid="spectrum-chips"] .chip');
    const listed = await web.call<{ items: { id: number }[] }>('listRuns', { filter: { kinds: ['spectrum'] } });
    const ids = listed.items.map((r) => r.id);
    expect(ids.length).toBe(2);
    for (const id of ids) expect((await waitRun(web, id)).status).toBe('done');
    // no navigation: the chips turn selectable from the status events alone
    for (const id of ids) await page.waitForSelector(`[data-testid="spectrum-chips"] .chip[data-run-id="${id}"]:not(.pending)`, { timeout: 20_000 });
    await page.waitForSelector('.chart-panel canvas');
    await shot(page, 'h13b-spectrum-live-light');

    // Compare of the two spectrum runs: their spectra overlaid
    await page.goto(`${web.url.split('#')[0]}#/compare?ids=${ids.join(',')}`);
    await page.waitForSelector('[data-testid="compare-spectra"] canvas');
    expect(await page.locator('.empty-state').count()).toBe(0);
    await shot(page, 'h13b-compare-spectra-light');
    expect(errors).toEqual([]);
  }, 240_000);

  it('imported run: badge in Runs, sentence on its Run page', async () => {
    await page.goto(`${web.url.split('#')[0]}#/runs`);
    const badge = page.locator(`.tr[data-run-id="${imported}"] [data-testid="imported-badge"]`);
    await badge.waitFor();
    expect(await badge.getAttribute('title')).toMatch(new RegExp(`^imported from study-from-colleague\\.json on \\d{4}-\\d\\d-\\d\\d \\d\\d:\\d\\d UTC \\(run ${study} there\\)$`));
    expect(await page.locator(`.tr[data-run-id="${study}"] [data-testid="imported-badge"]`).count()).toBe(0);
    await page.goto(`${web.url.split('#')[0]}#/run/${imported}`);
    expect(await page.textContent('[data-testid="imported-note"]')).toMatch(/imported from study-from-colleague\.json on /);
  });

  it('PDF from the figure dialog at 3.25 in: valid, fonts embedded, rendered to PNG', async () => {
    await page.goto(`${web.url.split('#')[0]}#/run/${study}`);
    await page.waitForSelector('.chart-panel canvas');
    await page.locator('.chart-panel [data-action="figure"]').first().click();
    await page.waitForSelector('[data-testid="figure-export"]');
    await page.selectOption('[data-field="fe-format"]', 'pdf');
    expect(await page.textContent('[data-testid="figure-filename"]')).toMatch(/\.pdf$/);
    await shot(page, 'h13b-figure-dialog-pdf');
    const [dl] = await Promise.all([page.waitForEvent('download'), page.click('[data-action="figure-save"]')]);
    const file = join(dir, dl.suggestedFilename());
    await dl.saveAs(file);
    expect(dl.suggestedFilename()).toMatch(/^run\d+-.*\.pdf$/);
    const head = readFileSync(file).subarray(0, 8).toString('latin1');
    expect(head).toBe('%PDF-1.7');
    const info = execFileSync('pdfinfo', [file], { encoding: 'utf8' });
    expect(info).toMatch(/Pages:\s+1\b/);
    expect(info).toMatch(/Page size:\s+234 x \d+ pts/);
    const fonts = execFileSync('pdffonts', [file], { encoding: 'utf8' }).split('\n').slice(2).filter(Boolean);
    expect(fonts.length).toBeGreaterThan(0);
    for (const line of fonts) expect(line).toMatch(/DejaVuSerif\S*\s+CID TrueType\s+Identity-H\s+yes\s+yes/);
    const png = join(ARTIFACTS, 'h13b-figure-pdf-3.25in');
    execFileSync('pdftoppm', ['-png', '-r', '200', '-singlefile', file, png]);
    expect(existsSync(`${png}.png`)).toBe(true);
    expect(errors).toEqual([]);
  }, 120_000);

  it('screenshots of every view, light and dark', async () => {
    const base = web.url.split('#')[0];
    const spectra = (await web.call<{ items: { id: number }[] }>('listRuns', { filter: { kinds: ['spectrum'] } })).items.map((r) => r.id);
    const views: [string, string][] = [
      ['new', '#/new'],
      ['runs', '#/runs'],
      ['run', `#/run/${study}`],
      ['compare', `#/compare?ids=${study},${imported}`],
      ['spectrum', `#/spectrum?ids=${spectra.join(',')}`],
      ['phases', '#/phases'],
      ['sweeps', '#/sweeps'],
    ];
    for (const theme of ['light', 'dark'] as const) {
      await page.emulateMedia({ colorScheme: theme });
      for (const [name, hash] of views) {
        await page.goto(`${base}${hash}`);
        await page.waitForTimeout(800);
        await shot(page, `h13b-${name}-${theme}`);
      }
    }
    expect(errors).toEqual([]);
  }, 120_000);
});
