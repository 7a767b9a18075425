import { ensureBuilt, launch, shot, startWeb, tempDb, waitRun } from './harness';
await ensureBuilt();
const web = await startWeb(tempDb('h13a-shot'), ['--concurrency', '1']);
const ids: number[] = [];
for (const params of [
  { alpha: 50, beta: 100, dgrid: [50, 100, 200], vRatio: 2, tau: [0, 1], method: 'exact', draws: 2, bootstrap: 50 },
  { alpha: 0.5, beta: 0.7, dgrid: [50, 100, 200, 400], vRatio: 2, tau: [0, 1], method: 'exact', draws: 2, bootstrap: 50 },
]) {
  const s = await web.call<{ id: number }>('startRun', { kind: 'study', params });
  ids.push(s.id);
  await waitRun(web, s.id);
}
// a longer one to catch the progress text while running
const long = await web.call<{ id: number }>('startRun', { kind: 'study', params: { alpha: 0.5, beta: 0.7, dgrid: [100, 200, 400, 800, 1600, 2400], vRatio: 2, tau: [0, 1], method: 'exact', draws: 3, bootstrap: 100 } });
const browser = await launch();
const page = await browser.newPage({ viewport: { width: 1280, height: 800 } });
const base = web.url.split('#')[0];
for (const theme of ['light', 'dark'] as const) {
  await page.emulateMedia({ colorScheme: theme });
  await page.goto(web.url);
  await page.goto(`${base}#/runs`);
  await page.waitForTimeout(theme === 'light' ? 3500 : 1500);
  console.log(await shot(page, `h13a-runs-${theme}`));
  await page.goto(`${base}#/phases`);
  await page.waitForTimeout(1500);
  console.log(await shot(page, `h13a-phases-${theme}`));
}
await waitRun(web, long.id);
await browser.close();
await web.stop();
