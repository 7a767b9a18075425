// UI speed (issue 7): Compare of 6-size studies and the Runs view with 10 000 runs, in headless
// Debian Chromium through the web mode (see test/e2e/harness.ts measureUiSpeed). Needs
// /usr/bin/chromium (or PLRF_CHROMIUM); builds the renderer when it is stale.
import { ensureBuilt, haveChromium, launch, measureUiSpeed, startWeb, tempDb } from '../e2e/harness';

export async function run({ quick }: { quick: boolean }): Promise<Record<string, unknown>> {
  if (!haveChromium) return { skipped: 'no Chromium at /usr/bin/chromium (set PLRF_CHROMIUM)' };
  await ensureBuilt();
  const web = await startWeb(tempDb('bench-ui'), ['--concurrency', '1']);
  const browser = await launch();
  try {
    return { targets: { compare_ms: 1000, runs_10000_interactive_ms: 1000 }, ...(await measureUiSpeed({ browser, web, reps: quick ? 3 : 7, nRuns: 10_000, log: (m) => process.stderr.write(`  ui: ${m}\n`) })) };
  } finally {
    await browser.close();
    await web.stop();
  }
}
