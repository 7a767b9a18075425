// Phase sweep: one study per interior point of every phase (presets.ts PHASE_SWEEP_POINTS), τ = 0,
// deterministic-equivalent curves by default; each row sets the fitted η, ξ against the phase's
// theory (theory/phases.ts). Progress is split evenly over the points.
import type { LinalgBackend } from '../linalg/backend';
import type { TaskContext } from '../compute/task';
import { runStudy, type RunStudyOptions } from '../compute/study-task';
import type { StudySpecInput } from '../params/study-params';
import { phaseSweepSpecs, sweepRow, type SweepRow } from './presets';

export interface PhaseSweepResult {
  rows: (SweepRow & { expected: string; window: [number, number] })[];
}

export async function runPhaseSweep(
  backend: LinalgBackend,
  ctx: TaskContext,
  overrides: Partial<StudySpecInput> = {},
  opts: RunStudyOptions = {},
): Promise<PhaseSweepResult> {
  const specs = phaseSweepSpecs(overrides);
  const rows: PhaseSweepResult['rows'] = [];
  for (let i = 0; i < specs.length; i++) {
    const s = specs[i]!;
    const sub: TaskContext = {
      progress: (p) => ctx.progress({ fraction: (i + p.fraction) / specs.length, phase: `(α, β) = (${s.alpha}, ${s.beta}): ${p.phase}` }),
      cancelled: () => ctx.cancelled(),
    };
    const res = await runStudy(s.spec, backend, sub, opts);
    const fit = res.fits[0]!;
    rows.push({ ...sweepRow(s.alpha, s.beta, fit), expected: s.expected, window: fit.window });
    ctx.partial?.(`sweep/${s.alpha},${s.beta}`, rows[rows.length - 1]);
  }
  return { rows };
}
