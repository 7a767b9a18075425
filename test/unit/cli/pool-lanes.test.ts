// The CLI and the job worker run the BUILT study pool (out/node: unit-worker.js next to its
// chunk, no TypeScript loader) on every lane: a 2-lane study through `plrf study` (in-process
// pool) and through `plrf run study` (a worker process from out/node/…/worker.js) — each lane
// computes units (PLRF_POOL_TRACE), and the stored run equals the direct one.
import { describe, expect, it } from 'vitest';
import { spawnSync } from 'node:child_process';
import { mkdtempSync, readFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';

const PLRF = resolve(__dirname, '../../../src-main/cli/plrf.mjs');
const STUDY = ['--alpha', '0.6', '--beta', '0.2', '--dgrid', '100,200,300,400,600,800', '--v-ratio', '2', '--tau', '0,1', '--method', 'exact', '--draws', '1'];

describe('study pool lanes in the built CLI', () => {
  it('plrf study and plrf run study compute on both lanes and agree', () => {
    const dir = mkdtempSync(join(tmpdir(), 'plrf-lanes-'));
    const env = { ...process.env, PLRF_STUDY_THREADS: '2', PLRF_BACKEND: 'portable', PLRF_NO_REBUILD: '1', PLRF_DB: join(dir, 'runs.db') };
    const direct = spawnSync(process.execPath, [PLRF, 'study', ...STUDY, '--json'], { encoding: 'utf8', env: { ...env, PLRF_POOL_TRACE: join(dir, 'a.jsonl') } });
    expect(direct.status, direct.stderr).toBe(0);
    const stored = spawnSync(process.execPath, [PLRF, 'run', 'study', ...STUDY, '--json'], { encoding: 'utf8', env: { ...env, PLRF_POOL_TRACE: join(dir, 'b.jsonl') } });
    expect(stored.status, stored.stderr).toBe(0);
    for (const f of ['a.jsonl', 'b.jsonl']) {
      const lines = readFileSync(join(dir, f), 'utf8').trim().split('\n');
      expect(lines.length).toBe(1);
      const { units, pid } = JSON.parse(lines[0]!) as { units: number[]; pid: number };
      expect(units.length).toBe(2);
      expect(units[0]! + units[1]!).toBe(12);
      expect(units[1]).toBeGreaterThan(0);
      if (f === 'b.jsonl') expect(pid).not.toBe(direct.pid); // computed in the job worker process
    }
    const fits = (JSON.parse(direct.stdout) as { fits: { tau: number; eta: number }[] }).fits;
    const id = (JSON.parse(stored.stdout) as { id: number }).id;
    const shown = spawnSync(process.execPath, [PLRF, 'runs', 'show', String(id), '--json', '--no-curves'], { encoding: 'utf8', env });
    const detail = JSON.parse(shown.stdout) as { result: { summary: { fits: { tau: number; eta: number }[] } } };
    expect(detail.result.summary.fits.map((f) => f.eta)).toEqual(fits.map((f) => f.eta));
  });
});
