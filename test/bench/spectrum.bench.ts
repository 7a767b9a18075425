// Data-spectrum benchmarks (issue 14), timings in ms (medians), inline on one thread:
// - study on an imported spectrum: a CSV of λ_j = j^{-1.2}, b_j = j^{-0.2} (v = 1600) parsed and
//   run as a data spectrum, d = 50…800 (5 sizes), v fixed, 2 draws, exact, τ ∈ {0, 1/√d};
//   baseline in the same run: the same study given as (α, β) = (0.6, 0.2) (ratio ≈ 1 expected:
//   the engines are the same, only D and b come from the file);
// - the digits preset (v = 61, 7 sizes, 3 draws) when python3-sklearn is installed;
// - parsing: a 1e5-row CSV spectrum (parse + sort check + hash).
import type { BenchOptions } from './run';
import { runStudy } from '../../src-shared/compute/study-task';
import type { StudySpecInput } from '../../src-shared/params/study-params';
import { getBackend } from '../../src-main/linalg/select';
import { parseSpectrumFile } from '../../src-shared/spectrum/spectrum-file';
import { DATASET_PRESETS, digitsPath } from '../../src-main/services/datasets';
import { medianMs } from './timing';

const ctx = { progress: () => {}, cancelled: () => false };

async function median(fn: () => Promise<unknown>, reps: number): Promise<number> {
  const s: number[] = [];
  for (let i = 0; i < reps; i++) {
    const t0 = performance.now();
    await fn();
    s.push(performance.now() - t0);
  }
  s.sort((a, b) => a - b);
  return s[Math.floor(s.length / 2)]!;
}

function csv(v: number): Uint8Array {
  const lines = ['lambda,b'];
  for (let j = 1; j <= v; j++) lines.push(`${j ** -1.2},${j ** -0.2}`);
  return new TextEncoder().encode(lines.join('\n'));
}

export async function run(opts: BenchOptions): Promise<Record<string, unknown>> {
  const backend = getBackend();
  const v = opts.quick ? 400 : 1600;
  const dgrid = opts.quick ? [25, 50, 100] : [50, 100, 200, 400, 800];
  const reps = opts.quick ? 1 : 3;
  const spectrum = parseSpectrumFile('pl.csv', csv(v)).spectrum;
  const common = { dgrid, v, tau: [0, 1], method: 'exact' as const, draws: 2, bootstrap: 100 };
  const dataMs = await median(() => runStudy({ ...common, spectrum } as unknown as StudySpecInput, backend, ctx), reps);
  const powerMs = await median(() => runStudy({ ...common, alpha: 0.6, beta: 0.2 }, backend, ctx), reps);
  const out: Record<string, unknown> = { backend: backend.name, v, dgrid, studyDataMs: dataMs, studyPowerLawMs: powerMs, ratio: dataMs / powerMs };
  if (digitsPath()) {
    const spec = DATASET_PRESETS[0]!.spec(backend);
    out.digitsStudyMs = await median(() => runStudy(spec, backend, ctx), reps);
  }
  const big = csv(opts.quick ? 10_000 : 100_000);
  out.parseCsvMs = medianMs(() => parseSpectrumFile('big.csv', big), opts.quick ? 1 : 5).median;
  out.parseRows = opts.quick ? 10_000 : 100_000;
  return out;
}
