// The theoretical compute-optimal exponents shown next to a study's fits: for τ = 0 the phase of
// (α, β) and its η, ξ (R* ≍ C^{−η}, d* ≍ C^{ξ}) from theory/phases.ts (seed 000's table, DESIGN §3).
// The spiked case τ > 0 has no theory (an open problem, seed 000): only τ = 0 is given.
import { phaseOf } from '../theory/phases';

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
