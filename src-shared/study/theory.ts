// The theoretical compute-optimal exponents shown next to a study's fits: for τ = 0 the phase of
// (α, β) and its η, ξ (R* ≍ C^{−η}, d* ≍ C^{ξ}) from theory/phases.ts (seed 000's table, DESIGN §3).
// The spiked case τ > 0 has no theory (an open problem, seed 000): only τ = 0 is given.
import { phaseOf } from '../theory/phases';
import type { StudySetting } from '../params/study-params';

export interface StudyTheory {
  /** applies to τ = 0 */
  tau: 0;
  phase: string;
  /** names of the regions (α, β) lies on the boundary of (empty when interior) */
  boundary: string[];
  eta: number;
  xi: number;
}

export function studyTheory(alpha: number, beta: number): StudyTheory {
  const p = phaseOf(alpha, beta);
  return { tau: 0, phase: p.phase, boundary: [...p.boundary], eta: p.eta, xi: p.xi };
}

/**
 * The theory of one variant of a study, where one exists: τ = 0 and SGD (any batch, step-size
 * fraction, v/d, method exact/sgd/de — the phase exponents do not depend on them). A variant with
 * another optimizer or schedule (a key `optimizer`/`schedule` other than plain SGD) has none here.
 */
export function variantTheory(setting: StudySetting, tau: number): StudyTheory | null {
  if (tau !== 0) return null;
  const s = setting as unknown as Record<string, unknown>;
  if (s.optimizer !== undefined && s.optimizer !== 'sgd') return null;
  if (s.schedule !== undefined && s.schedule !== 'constant') return null;
  return studyTheory(setting.alpha, setting.beta);
}
