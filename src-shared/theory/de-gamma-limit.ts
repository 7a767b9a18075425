// Version marker of the deterministic equivalent's step-size limit (issue 11).
//
// GAMMA_LIMIT_VERSION = 2: γ_max of the support measure (de-support.ts: negligible top atoms
// merged, the separated spiked outlier as one point mass). Version 1 (no marker): γ_max of the raw
// grid atoms — for τ > 0 spurious atoms of negligible mass at the top of the λ grid set the pole
// 2/((B+1)λ_max), so γ_max was 0.36–0.6× the real limit and γ = F·γ_max about half that of the
// exact and SGD methods. New DE results carry `gammaLimit: 2` at the top level of the result
// (the curve's CurveResult / the study's StudyResult, hence the stored run summary); runs stored
// before it lack the key. Only runs with τ > 0 moved (at τ = 0, B = 1 the limit is the same to
// 1e-12 — see the README's changelog), so only those are flagged.
export const GAMMA_LIMIT_VERSION = 2;

export const OLD_GAMMA_LIMIT_NOTE = 'computed with the old γ limit — re-run';

/** what a stored run exposes: its kind, submitted params and the marker from its summary */
export interface GammaLimitProbe {
  kind: string;
  status?: string;
  params: Record<string, unknown>;
  /** summary.gammaLimit (null/undefined when absent) */
  gammaLimit?: number | null;
}

function hasPositiveTau(t: unknown): boolean {
  if (typeof t === 'number') return t > 0;
  if (Array.isArray(t)) return t.some((x) => typeof x === 'number' && x > 0);
  return false;
}

/** true when a finished deterministic-equivalent run with τ > 0 predates the fixed γ limit */
export function usesOldGammaLimit(run: GammaLimitProbe): boolean {
  if (run.status !== undefined && run.status !== 'done') return false;
  if (typeof run.gammaLimit === 'number' && run.gammaLimit >= GAMMA_LIMIT_VERSION) return false;
  const p = run.params;
  if (run.kind === 'volterra') return hasPositiveTau(p.tau);
  if (run.kind === 'study') return p.method === 'de' && hasPositiveTau(p.tau);
  return false;
}
