// The optimizer schedules of a study (issue 17): for each variant, the coefficients g1..Δ that its
// units ran with, resolved exactly as study/units.ts familyUnitCurve resolves them
// (params/optimizer-params.ts resolveOptimizer on the variant's optimizer keys with the unit's
// (α, β, v, d, τ, B, rmax) and, for SGD / momentum, the unit's γ = gammaFraction·γ_max of the draw).
// One representative unit per variant: the largest d (its rmax spans the most decades) and draw 0
// (γ differs between draws only through γ_max, by the draw-to-draw spread of the top eigenvalue). Stored
// in the study's summary so the Run page can plot the schedules next to the risk curves; listed only
// when some variant is not plain constant-step SGD (otherwise every schedule is one constant γ).
import type { StudySetting, StudySpec } from '../params/study-params';
import { OPTIMIZER_KEYS } from '../params/study-params';
import { isPlainSgd, resolveOptimizer, type OptimizerParams, type ResolvedOptimizer } from '../params/optimizer-params';

export interface StudySchedule {
  /** index in params.variants */
  variant: number;
  label: string;
  tau: number;
  /** the unit the coefficients are those of */
  d: number;
  draw: number;
  rmax: number;
  optimizer: ResolvedOptimizer;
}

/** the optimizer keys of a setting (none = plain SGD) */
export function settingOptimizer(s: StudySetting): OptimizerParams {
  const o: Record<string, unknown> = {};
  for (const k of OPTIMIZER_KEYS) if (s[k] !== undefined) o[k] = s[k];
  return o as OptimizerParams;
}

interface CurveLike {
  variant: number;
  tau: number;
  d: number;
  v: number;
  rmax: number;
  draws: { draw: number; gamma: number }[];
}

/** the schedules of a finished study (see header); [] when every variant is plain SGD */
export function studySchedules(p: StudySpec, curves: CurveLike[]): StudySchedule[] {
  const settings = p.variants.map((v) => v.setting);
  if (settings.every((s) => isPlainSgd(settingOptimizer(s)))) return [];
  const out: StudySchedule[] = [];
  p.variants.forEach((variant, vi) => {
    const cs = curves.filter((c) => c.variant === vi && c.draws.length > 0);
    if (!cs.length) return;
    const c = cs.reduce((a, b) => (b.d > a.d ? b : a));
    const dr = c.draws.reduce((a, b) => (b.draw < a.draw ? b : a));
    const s = settings[vi]!;
    const optimizer = resolveOptimizer(settingOptimizer(s), { alpha: s.alpha, beta: s.beta, v: c.v, d: c.d, tau: c.tau, batch: s.batch, rmax: c.rmax, gamma: dr.gamma });
    out.push({ variant: vi, label: variant.label, tau: c.tau, d: c.d, draw: dr.draw, rmax: c.rmax, optimizer });
  });
  return out;
}
