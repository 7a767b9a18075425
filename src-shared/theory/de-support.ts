// The measure the deterministic Volterra curve and its step-size limit are computed from: the
// discretised equivalent (de-spectrum.ts) reduced to its actual support (issue 11).
//
// The cell counts N_i of the equivalent are expected eigenvalue counts (Σ N_i ≈ d). Two features
// of the raw atoms are not spectrum:
//  1. A floor of spurious atoms. Stieltjes inversion at z = λ + iε, ε = 1e-9·λ, smears the whole
//     measure with a Lorentzian of width ε: about ε/(πλ)·W per unit λ (W = Σ N_i), i.e.
//     ≈ 3e-10·W per unit ln λ, everywhere up to the top of the grid. For (0.75, 0.25), v = 800,
//     d = 400, τ = 1/√d the grid runs to λ = 8.1 with 1.5e-7 eigenvalues above the outlier; these
//     atoms set the pole 2/((B+1)λ_max) of gammaMax and halved γ_max (0.123 instead of 0.25).
//     Rule: the top of the support is the largest atom λ_k whose upper tail N(λ ≥ λ_k) reaches
//     ε = min(NEGLIGIBLE_MASS·W, 0.01); the atoms above it (their total count is < NEGLIGIBLE_MASS·W) are merged
//     into λ_k (count, μ_F mass and count·λ_k² of μ_K added): F(0) = aᵀa and Σ N are kept and
//     no atom sits above the support. NEGLIGIBLE_MASS = 1e-6 is > 3000× the floor per unit ln λ,
//     and by Markov's inequality a region of expected count ≤ 1e-6·d holds an eigenvalue of a
//     draw with probability ≤ 1e-6·d (≤ 1 % for d ≤ 1e4; the cap 0.01 keeps that bound for larger
//     d, still above the floor ≈ 6e-10·W of the grid): it cannot set the limit of a draw.
//     The result does not depend on the choice: the limit is the same for thresholds 1e-9…1e-5.
//  2. The spiked outlier as a bump. A separated outlier is one eigenvalue; the equivalent spreads
//     it into a bump of mass ≈ 1 whose width (sd ≈ 3.7 % at d = 400, ∝ 1/√d) is the spread of
//     that eigenvalue over draws (exact draws: 4.6 %). The atoms of the bump (the range
//     spiked-equivalent.ts refined, DESpectrum.outlierSupport) are collapsed into one point mass
//     at their count-weighted mean (count, μ_F mass and first moment kept; kernel = count·λ_o²).
//     Why: each draw's γ_max is set by its one outlier eigenvalue, so the mean over draws is ≈ the
//     limit of a point mass at the mean location; the bump instead solves E[q(γ)] = 1, which sits
//     below by Jensen's inequality (q blows up at the pole of the bump's upper end: 0.3–0.8 % lower at
//     d = 400–800). The curve must use the same measure (at γ between the two limits the bump's
//     Volterra curve would diverge); the curve changes by the Jensen term of ρ(λ)^t over the bump
//     (≤ γ²B(B+1)·Var(λ)·weight at t = 1): measured at the same γ, ≤ 0.5 % anywhere on the curve
//     for (0.75, 0.25), d = 400, and ≤ 0.2 % at d = 1600 (τ = 0: ≤ 1.5e-10).
// Atoms of negligible mass in the gap between the bulk and the outlier are left alone: they lie
// below the outlier (ρ there is smaller) and their share of q is < 1e-6.
// γ_max is then dynamics/stability.ts gammaMax on these atoms with weights = counts: the pole
// from max(outlier location, bulk upper edge), the root of q(γ) = 1 below it.
import type { DiscreteMeasure } from '../dynamics/measure';
import type { DESpectrum } from './de-spectrum';

/** negligible mass, relative to the measure's total count (see header) */
export const NEGLIGIBLE_MASS = 1e-6;
/** ... but never more than this many eigenvalues (d > 1e4; the floor is ≈ 6e-10·d ≤ 6e-3 for d ≤ 1e7) */
export const NEGLIGIBLE_COUNT_CAP = 0.01;

export interface SupportMeasure extends DiscreteMeasure {
  /** eigenvalue counts of the atoms (the stability weights kernel/λ²) */
  count: Float64Array;
  support: {
    /** largest atom below the outlier (the bulk's upper edge, after trimming) */
    bulkEdge: number;
    /** location of the outlier's point mass (null without a separated outlier) */
    outlier: number | null;
    /** number of raw atoms merged into the outlier point mass */
    outlierAtoms: number;
    /** total count and μ_F mass of the trimmed top atoms */
    trimmedCount: number;
    trimmedForcing: number;
    trimmedAtoms: number;
    /** λ of the highest raw atom (the top of the grid) */
    rawTop: number;
  };
}

/** The support measure of a discretised equivalent (see header). */
export function supportMeasure(s: DESpectrum): SupportMeasure {
  const c = s.cells;
  const n = c.lambda.length;
  const L: number[] = [];
  const N: number[] = [];
  const F: number[] = [];
  const K: number[] = [];
  let total = 0;
  for (let i = 0; i < n; i++) total += c.count[i]!;
  const range = s.outlier ? s.outlierSupport : null;
  let oN = 0,
    oM1 = 0,
    oF = 0,
    oAtoms = 0,
    oIdx = -1;
  for (let i = 0; i < n; i++) {
    const l = c.lambda[i]!;
    if (range && l >= range[0] && l <= range[1]) {
      if (oIdx < 0) {
        oIdx = L.length;
        L.push(l);
        N.push(0);
        F.push(0);
        K.push(0);
      }
      oN += c.count[i]!;
      oM1 += c.count[i]! * l;
      oF += c.forcing[i]!;
      oAtoms++;
      continue;
    }
    L.push(l);
    N.push(c.count[i]!);
    F.push(c.forcing[i]!);
    K.push(c.kernel[i]!);
  }
  let outlier: number | null = null;
  if (oIdx >= 0) {
    // a bump without count keeps its forcing on an atom at its first position
    if (oN > 0) outlier = oM1 / oN;
    const lo = outlier ?? L[oIdx]!;
    L[oIdx] = lo;
    N[oIdx] = oN;
    F[oIdx] = oF;
    K[oIdx] = oN * lo * lo;
  }
  // trim the top: atoms above the last one whose upper tail reaches NEGLIGIBLE_MASS·total
  const eps = Math.min(NEGLIGIBLE_MASS * total, NEGLIGIBLE_COUNT_CAP);
  const topOf = (from: number, skip: number): number => {
    let tail = 0;
    for (let i = from; i >= 0; i--) {
      if (i === skip) continue;
      tail += N[i]!;
      if (tail >= eps) return i;
    }
    return 0;
  };
  const top = topOf(L.length - 1, -1);
  let tN = 0,
    tF = 0;
  for (let i = top + 1; i < L.length; i++) {
    tN += N[i]!;
    tF += F[i]!;
  }
  const lt = L[top]!;
  N[top] = N[top]! + tN;
  F[top] = F[top]! + tF;
  K[top] = K[top]! + tN * lt * lt;
  const m = top + 1;
  // the bulk's upper edge: the same tail rule on the atoms below the outlier
  const below = outlier === null ? top : oIdx - 1;
  const bulkEdge = below >= 0 ? L[topOf(below, -1)]! : 0;
  return {
    lambda: Float64Array.from(L.slice(0, m)),
    forcing: Float64Array.from(F.slice(0, m)),
    kernel: Float64Array.from(K.slice(0, m)),
    F0: s.F0,
    count: Float64Array.from(N.slice(0, m)),
    support: {
      bulkEdge,
      outlier,
      outlierAtoms: oAtoms,
      trimmedCount: tN,
      trimmedForcing: tF,
      trimmedAtoms: L.length - m,
      rawTop: n ? c.lambda[n - 1]! : 0,
    },
  };
}
