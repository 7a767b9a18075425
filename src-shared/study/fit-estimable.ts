// Whether a fitted frontier law R̂(C) = s·C^(−η) is estimable (issue 13): both s and η finite.
// When the risk reaches machine precision (e.g. α = 50, β = 100) the log-log regression can still
// return a finite slope, but s = R_ref·C_ref^η overflows or underflows: the fit is not a power law
// one can state, and its η is not a number to list. Every place that shows a run's headline η (Runs
// list, Phases table, `plrf runs list`) uses this rule through the stored headline (the Run page
// applies the same rule to each fit: src-renderer/data/fit-rows.ts fitSubtitle).

export const FIT_NOT_ESTIMABLE = 'not estimable (risk at machine precision or too few frontier points)';

/** true when the fit's s and η are finite numbers */
export function fitEstimable(f: { s?: unknown; eta?: unknown } | null | undefined): boolean {
  return !!f && typeof f.s === 'number' && Number.isFinite(f.s) && typeof f.eta === 'number' && Number.isFinite(f.eta);
}

/**
 * The headline of a study: η of the reference fit and Δη of the last non-reference variant, each
 * null when a fit it depends on is not estimable (`etaNotEstimable` then says why it is missing).
 */
export function studyHeadline(fits: readonly ({ s?: unknown; eta?: unknown } | undefined)[], reference: number, deltaEta: readonly number[]): { eta: number | null; deltaEta: number | null; etaNotEstimable: boolean } {
  const ref = fits[reference] ?? fits[0];
  const refOk = fitEstimable(ref);
  let j = -1;
  for (let i = deltaEta.length - 1; i >= 0; i--)
    if (i !== reference) {
      j = i;
      break;
    }
  const de = j >= 0 ? deltaEta[j]! : NaN;
  return {
    eta: refOk ? (ref!.eta as number) : null,
    deltaEta: refOk && j >= 0 && fitEstimable(fits[j]) && Number.isFinite(de) ? de : null,
    etaNotEstimable: !refOk && ref !== undefined,
  };
}
