// Cold start of the shipped CLI (issue 16): whole-process wall time of
//   node -e 0                                          (baseline, the floor of any Node program)
//   plrf theory --alpha 0.6 --beta 0.2 --json          target ≤ 3× baseline
//   plrf runs list --db <10 000 runs>                  target ≤ 4× baseline
//   plrf --help, plrf doctor --json                    (for the record)
// through the real entry (src-main/cli/plrf.mjs → the built out/node CLI, freshness check
// included). Samples are taken round-robin (one of each command per round) so that load from
// other processes on a shared machine hits every command alike; medians and ratios against the
// baseline measured in the same run.
import { spawnSync } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve, dirname } from 'node:path';
import { fileURLToPath } from 'node:url';
import { openDatabase } from '../../src-main/services/store/db';
import { RunStore } from '../../src-main/services/store/run-store';
import type { BenchOptions } from './run';

const here = dirname(fileURLToPath(import.meta.url));
const root = resolve(here, '../..');
const PLRF = join(root, 'src-main/cli/plrf.mjs');

/** a database with n finished runs (the shape of store.bench.ts's population) */
export function populate(path: string, n: number): void {
  const store = new RunStore(openDatabase({ path }));
  const words = ['spiked', 'baseline', 'frontier', 'sweep', 'phase', 'paper', 'check', 'numpy'];
  store.db.transaction(() => {
    for (let i = 0; i < n; i++) {
      const id = store.createRun({
        kind: ['sgd', 'volterra', 'spectrum', 'study'][i % 4]!,
        params: { method: 'exact', alpha: 0.5 + (i % 7) / 10, beta: 0.7, v: 2000, d: 100 * (1 + (i % 8)), tau: i % 2, draws: 3, seed: i },
        seed: i,
        codeVersion: '0.1.0+bench',
        label: `${words[i % 8]} ${words[(i * 7) % 8]} run ${i}`,
        tags: i % 3 === 0 ? ['paper'] : ['draft'],
        notes: '',
        createdAt: 1.7e12 + i * 60_000,
      });
      store.markRunning(id, 1, 1.7e12 + i * 60_000 + 5);
      store.finish(id, { summary: { eta: 0.3 }, curves: [], headline: { eta: 0.3 + (i % 100) / 1000, finalRisk: 1e-3 } }, 1.7e12 + i * 60_000 + 5000);
    }
  })();
  store.close();
}

function wallMs(args: string[], env: NodeJS.ProcessEnv): number {
  const t0 = performance.now();
  const r = spawnSync(process.execPath, args, { env, stdio: ['ignore', 'ignore', 'pipe'], encoding: 'utf8' });
  const ms = performance.now() - t0;
  if (r.status !== 0) throw new Error(`${args.join(' ')} exited ${r.status}: ${r.stderr}`);
  return ms;
}

const median = (xs: number[]) => {
  const s = [...xs].sort((a, b) => a - b);
  return s.length % 2 ? s[(s.length - 1) / 2]! : (s[s.length / 2 - 1]! + s[s.length / 2]!) / 2;
};

export async function run({ quick }: BenchOptions): Promise<Record<string, unknown>> {
  const { buildNode } = await import('../../src-main/builder/build-node.mjs');
  const build = await buildNode({ quiet: true });
  const dir = mkdtempSync(join(tmpdir(), 'plrf-startup-'));
  const db = join(dir, 'runs.db');
  const n = quick ? 2000 : 10_000;
  populate(db, n);
  const env = { ...process.env, PLRF_DB: db, PLRF_NO_REBUILD: '1' };
  const cmds: Record<string, string[]> = {
    'node -e 0': ['-e', '0'],
    'plrf theory --json': [PLRF, 'theory', '--alpha', '0.6', '--beta', '0.2', '--json'],
    [`plrf runs list (${n} runs)`]: [PLRF, 'runs', 'list'],
    [`plrf runs list --json (${n} runs)`]: [PLRF, 'runs', 'list', '--json'],
    'plrf --help': [PLRF, '--help'],
    'plrf doctor --json': [PLRF, 'doctor', '--json'],
  };
  const reps = quick ? 5 : 15;
  const samples: Record<string, number[]> = Object.fromEntries(Object.keys(cmds).map((k) => [k, []]));
  try {
    for (const args of Object.values(cmds)) wallMs(args, env); // warm the file cache
    for (let i = 0; i < reps; i++) for (const [k, args] of Object.entries(cmds)) samples[k]!.push(wallMs(args, env));
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
  const base = median(samples['node -e 0']!);
  const rows: Record<string, { medianMs: number; ratio: number }> = {};
  for (const [k, s] of Object.entries(samples)) rows[k] = { medianMs: +median(s).toFixed(1), ratio: +(median(s) / base).toFixed(2) };
  return { runs: n, reps, buildMs: +build.ms.toFixed(0), rows, targets: { 'plrf theory --json': 3, [`plrf runs list (${n} runs)`]: 4 } };
}
