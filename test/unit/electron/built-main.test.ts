// The BUILT desktop main process (electron-vite build → out/main, built here into a scratch
// folder inside the project with the project's config) loaded under plain Node with a mocked
// `electron` module (fixtures/mock-electron.mjs): it boots, serves the renderer over app://,
// and runs a study with PLRF_STUDY_THREADS=2 through the real API channel in a utilityProcess on
// the bundled worker.js. Both lanes must have computed units (PLRF_POOL_TRACE) — before, the
// bundle pointed at ./unit-worker-boot.mjs, which the build did not emit, so the pool silently
// ran on one lane. No TypeScript loader is involved anywhere.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { spawnSync } from 'node:child_process';
import { existsSync, mkdtempSync, readdirSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';

const ROOT = resolve(__dirname, '../../..');
const OUT = join(ROOT, 'out', `test-main-${process.pid}`);
let dir: string;

beforeAll(() => {
  dir = mkdtempSync(join(tmpdir(), 'plrf-built-main-'));
  const b = spawnSync(process.execPath, [join(ROOT, 'node_modules/electron-vite/bin/electron-vite.js'), 'build', '--logLevel', 'warn'], {
    cwd: ROOT,
    encoding: 'utf8',
    env: { ...process.env, PLRF_OUT_DIR: OUT },
  });
  if (b.status !== 0) throw new Error(`electron-vite build failed: ${b.stderr}`);
});
afterAll(() => {
  rmSync(OUT, { recursive: true, force: true });
  rmSync(dir, { recursive: true, force: true });
});

/** one study through the built app in a fresh process; the run and the units per lane */
function study(tag: string): { out: { status: string; error: string | null; url: string; forked: string[] }; units: number[] } {
  const trace = join(dir, `pool-${tag}.jsonl`);
  const r = spawnSync(process.execPath, [join(__dirname, 'fixtures/built-main-driver.mjs'), join(OUT, 'main', 'index.js')], {
    encoding: 'utf8',
    timeout: 240_000,
    env: { ...process.env, PLRF_DB: join(dir, `runs-${tag}.db`), MOCK_USER_DATA: dir, PLRF_STUDY_THREADS: '2', PLRF_POOL_TRACE: trace, PLRF_BACKEND: 'portable' },
  });
  expect(r.status, r.stderr).toBe(0);
  const out = JSON.parse(r.stdout.trim().split('\n').pop()!) as { status: string; error: string | null; url: string; forked: string[] };
  expect(existsSync(trace)).toBe(true);
  const runs = readFileSync(trace, 'utf8').trim().split('\n').map((l) => JSON.parse(l) as { units: number[] });
  expect(runs.length).toBe(1);
  return { out, units: runs[0]!.units };
}

describe('built desktop main process (mocked electron)', () => {
  it('emits the pool thread next to its chunks and runs a 2-lane study on both lanes', () => {
    const files = readdirSync(join(OUT, 'main'));
    expect(files).toEqual(expect.arrayContaining(['index.js', 'worker.js', 'unit-worker.js']));
    // every chunk is in out/main itself (the pool resolves ./unit-worker.js next to its chunk)
    expect(files.every((f) => f.endsWith('.js'))).toBe(true);
    const pool = files.map((f) => readFileSync(join(OUT, 'main', f), 'utf8')).find((s) => s.includes('unit-worker.js'));
    expect(pool).toBeDefined();

    const { out, units } = study('a');
    expect(out).toMatchObject({ status: 'done', error: null, url: 'app://plrf/index.html' });
    expect(out.forked.length).toBeGreaterThan(0); // the run's worker (+ the pre-warmed spare)
    for (const f of out.forked) expect(f).toBe(join(OUT, 'main', 'worker.js'));
    // 6 sizes × 2 τ × 2 draws = 24 units, over exactly two lanes, each with work
    expect(units.length).toBe(2);
    expect(units[0]! + units[1]!).toBe(24);
    expect(units[0]).toBeGreaterThan(0);
    expect(units[1]).toBeGreaterThan(0);

    // negative control: without the emitted thread script the pool silently computes on one lane
    rmSync(join(OUT, 'main', 'unit-worker.js'));
    const broken = study('b');
    expect(broken.out.status).toBe('done');
    expect(broken.units[1] ?? 0).toBe(0);
  });
});
