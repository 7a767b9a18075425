// Hints shown next to the New-run form before anything runs:
// - γ_max: the engine's exact stability limit (dynamics/stability.ts gammaMax) applied to an
//   approximate spectrum of K = W̃ᵀDW̃: λ_j ∝ j^{-2α}, j = 1..d, scaled to E tr K =
//   Σ_{j≤v} j^{-2α} + c²·Σ_{j≤v} j^{-2α-2β} (the expected trace, DESIGN §1). The run itself
//   computes γ_max exactly for every drawn problem and records it; this is a preview (≈).
// - the phase of (α, β) with its theoretical η, ξ (study/theory.ts, τ = 0).
import { gammaMax } from '../../src-shared/dynamics/stability';
import { powerSum } from '../../src-shared/params/study-params';
import { studyTheory, type StudyTheory } from '../../src-shared/study/theory';

export function approxGammaMax(alpha: number, beta: number, d: number, v: number, c: number, batch: number): number | null {
  if (!(alpha > 0) || !(d >= 1) || !(v > d) || !(batch >= 1) || !(c >= 0)) return null;
  const n = Math.min(d, 20000);
  const lam = new Float64Array(n);
  let s = 0;
  for (let j = 0; j < n; j++) s += lam[j] = (j + 1) ** (-2 * alpha);
  const trace = powerSum(v, 2 * alpha) + c * c * (Number.isFinite(beta) ? powerSum(v, 2 * alpha + 2 * beta) : 0);
  const scale = trace / s;
  for (let j = 0; j < n; j++) lam[j]! *= scale;
  try {
    const g = gammaMax(lam, Math.round(batch));
    return Number.isFinite(g) && g > 0 ? g : null;
  } catch {
    return null;
  }
}

export function theoryOf(alpha: unknown, beta: unknown): StudyTheory | null {
  if (typeof alpha !== 'number' || typeof beta !== 'number' || !(alpha > 0) || !(2 * alpha + 2 * beta > 1)) return null;
  try {
    return studyTheory(alpha, beta);
  } catch {
    return null;
  }
}
