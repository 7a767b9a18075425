// Issue 14 in the real renderer (web mode, Chromium): New run → "data spectrum" → upload a file →
// the spectrum and its power-law fit show before starting → the study runs on it and the runs
// list names the spectrum. A bad file shows the parser's error naming file, row and column.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { writeFileSync, mkdtempSync } from 'node:fs';
import { spawnSync } from 'node:child_process';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { Browser, Page } from 'playwright-core';
import { ensureBuilt, haveChromium, launch, shot, startWeb, tempDb, waitRun, type WebMode } from './harness';

describe.skipIf(!haveChromium)('data spectrum in the UI', () => {
  let web: WebMode;
  let browser: Browser;
  let page: Page;
  const dir = mkdtempSync(join(tmpdir(), 'plrf-e2e-spec-'));
  const good = join(dir, 'bent.csv');
  const bad = join(dir, 'bad.csv');
  // a bent spectrum (two slopes) and a noisy target
  writeFileSync(good, ['lambda,b', ...Array.from({ length: 120 }, (_, i) => `${(i + 1) ** (i < 40 ? -0.8 : -1.6) * (i < 40 ? 1 : 40 ** 0.8)},${(i + 1) ** -0.3 * (1 + 0.3 * Math.sin(i))}`)].join('\n'));
  writeFileSync(bad, 'lambda,b\n1,1\n0.5,NaN\n');

  beforeAll(async () => {
    await ensureBuilt();
    web = await startWeb(tempDb('spectrum'), ['--concurrency', '1']);
    browser = await launch();
    page = await browser.newPage({ viewport: { width: 1440, height: 1000 }, colorScheme: 'light', acceptDownloads: true });
    await page.goto(web.url);
  }, 300_000);
  afterAll(async () => {
    await browser?.close();
    await web?.stop();
  });

  it('uploads a spectrum, shows its fit, runs a study and lists it by name', async () => {
    await page.click('[data-nav="new"]');
    await page.click('[data-testid="mode-data"]');
    await page.setInputFiles('[data-testid="spectrum-file"]', bad);
    await page.waitForSelector('[data-testid="spectrum-error"]');
    expect(await page.textContent('[data-testid="spectrum-error"]')).toMatch(/file "bad.csv", row 3, column "b": value must be finite, got NaN/);
    await page.setInputFiles('[data-testid="spectrum-file"]', good);
    await page.waitForSelector('[data-testid="spectrum-fit"]');
    const fitText = (await page.textContent('[data-testid="spectrum-fit"]')) ?? '';
    expect(fitText).toMatch(/bent.csv/);
    expect(fitText).toMatch(/v = 120/);
    expect(fitText).toMatch(/fit over j = 1…120: D_j ∝ j\^−[0-9.]+ \(α = [0-9.]+/);
    expect(await page.locator('#f-alpha').count()).toBe(0);
    await page.fill('#f-dgrid', '10, 20, 40, 80');
    await page.fill('#f-draws', '2');
    await page.fill('#f-label', 'e2e spectrum study');
    await page.waitForSelector('[data-testid="estimate"]');
    await shot(page, 'i14-new-run-data-spectrum');
    await page.click('[data-action="start"]');
    const row = page.locator('.tr', { hasText: 'e2e spectrum study' });
    await row.waitFor();
    // the row's progress text ("… draw 2/2 done") also says "done": wait for the run itself
    const listed = await web.call<{ items: { id: number; label: string }[] }>('listRuns', {});
    const runId = listed.items.find((x) => x.label === 'e2e spectrum study')!.id;
    expect((await waitRun(web, runId)).status).toBe('done');
    await page.waitForSelector('.tr:has-text("e2e spectrum study"):has-text("done")', { timeout: 120_000 });
    expect(await row.textContent()).toContain('spectrum “bent.csv”');
    await shot(page, 'i14-runs-spectrum');

    // export the run for Python as NPZ from the runs view; numpy reads it
    await row.locator('input[type="checkbox"]').check();
    await page.selectOption('[data-testid="export-runs"] select', 'npz');
    const [dl] = await Promise.all([page.waitForEvent('download'), page.click('[data-action="export-many"]')]);
    const file = join(dir, 'ui.npz');
    await dl.saveAs(file);
    const py = spawnSync('/usr/bin/python3', ['-c', `import numpy as np, json; z = np.load('${file}'); p = json.loads(z['params'][0]); print(p['spectrum']['name'], len([k for k in z.files if k.endswith('#columns')]))`], { encoding: 'utf8' });
    expect(py.status, py.stderr).toBe(0);
    const [nm, curves] = py.stdout.trim().split(' ');
    expect(nm).toBe('bent.csv');
    expect(Number(curves)).toBeGreaterThan(8);
    await shot(page, 'i14-runs-export');
  }, 240_000);
});
