// Study presets.
// - seed000-a / seed000-b: the two simulation cases of seed 000 (Tsiolis, "Compute-optimal scaling
//   laws under low-rank feature map perturbations"): (α, β) = (0.5, 0.7) (on the III/IVa boundary,
//   theory η = 1/2; seed fits 0.4175 at τ = 0 and 0.4503 at τ = 1/√d) and (0.6, 0.2) (phase Ia,
//   η = 3/11 ≈ 0.2727; seed fits 0.2002 and 0.5058, Δη = +0.31). Sizes d = 50…1600 doubling,
//   v = 2d, 3 draws, exact expected risk, τ ∈ {0, 1/√d}.
// - Variant presets (issue 18), the "does X change the scaling law?" questions as variants of one
//   base setting on shared draws (params/study-variants.ts): τ = 0 vs 1/√d (`tau`, the seed-000
//   question at (0.6, 0.2)); B = 1 vs B = 8 at equal compute (`batch-1-8`: rmax_d ∝ 1/B, so both
//   cover the same C = B·d·r range); SGD vs DANA-decaying (`sgd-dana`) needs the `optimizer` key
//   of the study schema and is listed only once the schema has it (optimizer family, DESIGN §7).
//   (α, β) = (1.0, 0.7) for it follows the authors' PLRF experiment scripts (LosVolterrosHermanos/
//   Experimental: ALPHA = 1.0, β ∈ {0.3, 0.7, 1.0, 1.3}); check against the paper's headline figure.
//   DANA-decaying is the preset of Ferbach, Everett, Gidel, Paquette & Paquette (arXiv 2505.16098),
//   resolved in params/optimizer-params.ts (formulas and the authors' code they are checked against).
//   SGD constant vs power-law-decaying step size (`sgd-schedule`: gammaPower 0 vs −0.5, t0 = 100).
//   Power-law spectrum vs an imported one (`spectrum-digits`): the spectrum axis (params/
//   spectrum-axis.ts) with the built-in power law at the data's fitted (α, β) against the
//   scikit-learn digits spectrum (v = 61 for both, τ = 0, d = 4…32 as the `digits` preset). The
//   name "digits" is resolved to the spectrum object by the CLI or the app's service
//   (src-main/services/spectrum-axis.ts; a clear error where python3-sklearn is missing); the
//   stored run holds the object. The two variants share Z per draw, not W̃ᵀDW̃ (Δη 'paired-z').
// - phase sweep: one interior point per phase (seven regions of DESIGN §3), deterministic-
//   equivalent curves over a wide d range at τ = 0, to set measured η against theory. Points sit
//   away from the boundaries, where the asymptotic regime is reached at moderate d.
import { studySpecSchema, type StudySpecInput } from '../params/study-params';
import type { StudyFit } from './analyze';
import { studyTheory, type StudyTheory } from './theory';

export interface StudyPreset {
  name: string;
  title: string;
  description: string;
  spec: StudySpecInput;
  /** keys of the study schema the preset needs (listed only when the schema has them) */
  requires?: string[];
}

const doubling = (from: number, n: number) => Array.from({ length: n }, (_, i) => from * 2 ** i);

export const STUDY_PRESETS: StudyPreset[] = ([] as StudyPreset[]).concat([
  {
    name: 'seed000-a',
    title: 'Seed 000: (α, β) = (0.5, 0.7), τ = 0 vs 1/√d',
    description: 'On the III/IVa boundary; theory (τ = 0) η = 0.5. Seed 000 reports η = 0.4175 (τ = 0) and 0.4503 (τ = 1/√d).',
    spec: { alpha: 0.5, beta: 0.7, dgrid: doubling(50, 6), vRatio: 2, tau: [0, 1], method: 'exact', draws: 3 },
  },
  {
    name: 'seed000-b',
    title: 'Seed 000: (α, β) = (0.6, 0.2), τ = 0 vs 1/√d',
    description: 'Phase Ia; theory (τ = 0) η = 3/11 ≈ 0.2727. Seed 000 reports η = 0.2002 (τ = 0) and 0.5058 (τ = 1/√d): Δη ≈ +0.31.',
    spec: { alpha: 0.6, beta: 0.2, dgrid: doubling(50, 6), vRatio: 2, tau: [0, 1], method: 'exact', draws: 3 },
  },
  {
    name: 'tau',
    title: 'τ = 0 vs τ = 1/√d (variants: tau)',
    description: 'The spiked features of seed 000 as two variants of one setting at (α, β) = (0.6, 0.2), exact expected risk, shared draws; Δη with a paired-bootstrap interval.',
    spec: { alpha: 0.6, beta: 0.2, dgrid: doubling(50, 6), vRatio: 2, vary: { tau: [0, 1] }, method: 'exact', draws: 3 },
  },
  {
    name: 'batch-1-8',
    title: 'B = 1 vs B = 8 at equal compute (variants: batch)',
    description: 'Batch size as the question at (α, β) = (0.5, 0.7), τ = 0: rmax_d ∝ 1/B so both variants cover the same compute C = B·d·r; the eigendecomposition of each draw is shared.',
    spec: { alpha: 0.5, beta: 0.7, dgrid: doubling(50, 6), vRatio: 2, vary: { batch: [1, 8] }, method: 'exact', draws: 3 },
  },
  {
    name: 'sgd-dana',
    title: 'SGD vs DANA-decaying (variants: optimizer)',
    description: 'Does dimension-adapted momentum change η? (α, β) = (1.0, 0.7) (see presets.ts for the choice), τ = 0, shared draws.',
    spec: { alpha: 1.0, beta: 0.7, dgrid: doubling(50, 6), vRatio: 2, vary: { optimizer: ['sgd', 'dana-decaying'] }, method: 'exact', draws: 3 },
    requires: ['optimizer'],
  },
  {
    name: 'sgd-schedule',
    title: 'SGD: constant vs power-law-decaying step size (variants: gammaPower)',
    description: 'Does a decaying step size γ_t = γ·(1 + t/t0)^p change η? p = 0 (constant) vs p = −0.5 with t0 = 100, (α, β) = (0.5, 0.7), τ = 0, exact expected risk on shared draws.',
    spec: { alpha: 0.5, beta: 0.7, dgrid: doubling(50, 6), vRatio: 2, vary: { gammaPower: [0, -0.5] }, gammaT0: 100, method: 'exact', draws: 3 },
    requires: ['gammaPower'],
  },
  {
    name: 'spectrum-digits',
    title: 'Power-law spectrum vs an imported one (variants: spectrum)',
    description:
      'Does a real data spectrum change η? The scikit-learn digits pixel spectrum (v = 61, digit-label target) against the built-in power law at its fitted (α, β), same v, τ = 0, exact expected risk, d = 4…32, 3 draws sharing Z (the data set is resolved by the app or CLI; needs python3-sklearn).',
    // α, β left out: the power-law variant takes the data's fitted exponents (params/spectrum-axis.ts)
    spec: { dgrid: [4, 6, 8, 12, 16, 24, 32], vary: { spectrum: ['power-law', 'digits'] }, method: 'exact', draws: 3 } as unknown as StudySpecInput,
  },
]).filter((p) => (p.requires ?? []).every((k) => k in studySpecSchema.shape));

/** one interior point per phase (labels as in theory/phases.ts) */
export const PHASE_SWEEP_POINTS: { alpha: number; beta: number; expected: string }[] = [
  { alpha: 0.7, beta: 0.3, expected: 'Ia' },
  { alpha: 0.45, beta: 0.35, expected: 'Ib' },
  { alpha: 0.2, beta: 0.9, expected: 'Ic' },
  { alpha: 0.9, beta: 0.6, expected: 'II' },
  { alpha: 0.7, beta: 1.0, expected: 'III' },
  { alpha: 0.42, beta: 0.8, expected: 'IVa' },
  { alpha: 0.27, beta: 0.8, expected: 'IVb' },
];

export function phaseSweepSpecs(overrides: Partial<StudySpecInput> = {}): { alpha: number; beta: number; expected: string; spec: StudySpecInput }[] {
  return PHASE_SWEEP_POINTS.map((p) => ({
    ...p,
    spec: { alpha: p.alpha, beta: p.beta, dgrid: doubling(100, 8), vRatio: 4, tau: [0], method: 'de', bootstrap: 200, ...overrides },
  }));
}

export function getPreset(name: string): StudyPreset | undefined {
  return STUDY_PRESETS.find((p) => p.name === name);
}

export interface SweepRow {
  alpha: number;
  beta: number;
  theory: StudyTheory;
  eta: number;
  eta_ci: [number, number];
  xi: number;
  /** measured − theory */
  eta_error: number;
  xi_error: number;
}

export function sweepRow(alpha: number, beta: number, fit: StudyFit): SweepRow {
  const theory = studyTheory(alpha, beta);
  return { alpha, beta, theory, eta: fit.eta, eta_ci: fit.eta_ci, xi: fit.xi, eta_error: fit.eta - theory.eta, xi_error: fit.xi - theory.xi };
}
