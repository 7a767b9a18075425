// End-to-end (issue 17): the New run form's "Optimizer & schedules" section (generated from the schema)
// with its live stability preview naming the parameter, a DANA curve run started through the API, and its
// schedules chart under the risk curve on the Run page, and a SGD vs DANA-decaying study's schedules
// (one colour per variant) under its risk panels, light and dark; screenshots in test-artifacts/.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Browser, Page } from 'playwright-core';
import { ensureBuilt, haveChromium, launch, shot, startWeb, tempDb, waitRun, type WebMode } from './harness';

describe.skipIf(!haveChromium)('optimizer family in the web UI', () => {
  let web: WebMode;
  let browser: Browser;
  let page: Page;
  const errors: string[] = [];
  const base = () => web.url.replace(/#.*$/, '');

  beforeAll(async () => {
    await ensureBuilt();
    web = await startWeb(tempDb('optimizers'));
    browser = await launch();
    page = await browser.newPage({ viewport: { width: 1400, height: 1300 }, colorScheme: 'light' });
    page.on('pageerror', (e) => errors.push(e.message));
  });
  afterAll(async () => {
    await browser?.close();
    await web?.stop();
  });

  it('New run: optimizer section, live stability preview naming the parameter', async () => {
    await page.goto(base() + '#/new');
    await page.click('.kind-tabs button:has-text("Risk curve (exact")');
    await page.click('.optimizer-section summary');
    await page.selectOption('#f-optimizer', 'dana-decaying');
    await page.waitForSelector('[data-testid="optimizer-preview"]');
    expect(await page.textContent('[data-testid="optimizer-preview"]')).toContain('stable on the preview spectrum');
    await page.fill('#f-g3', '5');
    await page.waitForSelector('[data-testid="optimizer-preview"] .error-text');
    expect(await page.textContent('[data-testid="optimizer-preview"]')).toMatch(/g3: .*unstable/);
    await shot(page, 'i17-new-run-optimizer-unstable');
    await page.fill('#f-g3', '0.01,-0.5,1');
    await page.waitForFunction(() => document.querySelector('[data-testid="optimizer-preview"]')?.textContent?.includes('stable on the preview spectrum'));
    expect(errors).toEqual([]);
  });

  it('Run page: a DANA curve shows its schedules next to the risk curve', async () => {
    const s = await web.call<{ id: number }>('startRun', { kind: 'sgd', params: { alpha: 1, beta: 0.6, v: 400, d: 200, rmax: 1000000, optimizer: 'dana-decaying', draws: 2 }, label: 'dana curve' });
    expect((await waitRun(web, s.id)).status).toBe('done');
    await page.goto(base() + `#/run/${s.id}`);
    await page.waitForSelector('[data-testid="schedule-chart"] canvas');
    expect(await page.textContent('[data-testid="schedule-chart"]')).not.toContain('could not draw');
    await shot(page, 'i17-run-schedules');
    expect(errors).toEqual([]);
  });

  it('Run page: an SGD wsd curve shows its warmup, plateau and decay to 0 on the schedule chart', async () => {
    const s = await web.call<{ id: number }>('startRun', { kind: 'sgd', params: { alpha: 1, beta: 0.6, v: 400, d: 200, rmax: 1000000, lrSchedule: 'wsd', warmup: 100, draws: 1 }, label: 'wsd curve' });
    expect((await waitRun(web, s.id)).status).toBe('done');
    await page.goto(base() + `#/run/${s.id}`);
    await page.waitForSelector('[data-testid="schedule-chart"] canvas');
    expect(await page.textContent('[data-testid="schedule-chart"]')).not.toContain('could not draw');
    await page.waitForTimeout(300);
    await page.locator('[data-testid="schedule-chart"]').screenshot({ path: (await shot(page, 'i17-run-wsd')).replace(/\.png$/, '-chart.png') });
    expect(errors).toEqual([]);
  });

  it('Run page: a study with optimizer variants shows their schedules under the risk panels (light and dark)', async () => {
    const s = await web.call<{ id: number }>('startRun', {
      kind: 'study',
      params: { alpha: 1, beta: 0.7, dgrid: [50, 100, 200], vRatio: 2, tau: [0], vary: { optimizer: ['sgd', 'dana-decaying'] }, draws: 2, bootstrap: 50, checkpoints: 60 },
      label: 'sgd vs dana study',
    });
    expect((await waitRun(web, s.id)).status).toBe('done');
    for (const theme of ['light', 'dark'] as const) {
      await page.emulateMedia({ colorScheme: theme });
      await page.goto(base() + `#/run/${s.id}`);
      await page.waitForSelector('[data-testid="schedule-chart"] canvas');
      expect(await page.textContent('[data-testid="schedule-chart"]')).not.toContain('could not draw');
      await page.waitForTimeout(500);
      await shot(page, `i17-study-run-${theme}`);
      await page.locator('[data-testid="schedule-chart"]').screenshot({ path: (await shot(page, `i17-study-schedules-${theme}`)).replace(/\.png$/, '-chart.png') });
    }
    await page.emulateMedia({ colorScheme: 'light' });
    expect(errors).toEqual([]);
  });
});
