// `npm run bench`: runs every benchmark module in this folder (files named *.bench.ts, each
// exporting `run(opts): Promise<Record<string, unknown>>`) and writes one JSON document to
// bench-results/bench.json (and prints a summary). Speed targets live here, never in unit
// tests. Timings are medians of repeated runs; ratios are against baselines measured in
// the same run. `npm run bench -- --only engine,linalg` runs a subset; `--quick` uses
// smaller sizes (for CI smoke runs).
import { mkdirSync, readdirSync, writeFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';
import os from 'node:os';

export interface BenchOptions {
  quick: boolean;
}

const here = dirname(fileURLToPath(import.meta.url));
const args = process.argv.slice(2);
const onlyArg = args.find((a) => a.startsWith('--only'));
const only = onlyArg ? (onlyArg.includes('=') ? onlyArg.split('=')[1]! : args[args.indexOf(onlyArg) + 1]!).split(',') : null;
const quick = args.includes('--quick');

const files = readdirSync(here)
  .filter((f) => f.endsWith('.bench.ts'))
  .filter((f) => !only || only.includes(f.replace('.bench.ts', '')))
  .sort();

const results: Record<string, unknown> = {
  date: new Date().toISOString(),
  node: process.version,
  cpus: os.cpus().length,
  cpuModel: os.cpus()[0]?.model ?? 'unknown',
  quick,
};
for (const f of files) {
  const name = f.replace('.bench.ts', '');
  process.stderr.write(`bench ${name} …\n`);
  const mod = (await import(pathToFileURL(join(here, f)).href)) as { run: (o: BenchOptions) => Promise<Record<string, unknown>> };
  const t0 = performance.now();
  try {
    results[name] = await mod.run({ quick });
  } catch (e) {
    results[name] = { error: e instanceof Error ? e.message : String(e) };
  }
  process.stderr.write(`bench ${name} done in ${((performance.now() - t0) / 1000).toFixed(1)} s\n`);
}
const outDir = join(here, '..', '..', 'bench-results');
mkdirSync(outDir, { recursive: true });
const out = join(outDir, quick ? 'bench-quick.json' : 'bench.json');
writeFileSync(out, JSON.stringify(results, null, 2) + '\n');
process.stdout.write(JSON.stringify(results, null, 2) + '\n');
process.stderr.write(`wrote ${out}\n`);
