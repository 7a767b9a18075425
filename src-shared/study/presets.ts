// Study presets.
// - seed000-a / seed000-b: the two simulation cases of seed 000 (Tsiolis, "Compute-optimal scaling
//   laws under low-rank feature map perturbations"): (α, β) = (0.5, 0.7) (on the III/IVa boundary,
//   theory η = 1/2; seed fits 0.4175 at τ = 0 and 0.4503 at τ = 1/√d) and (0.6, 0.2) (phase Ia,
//   η = 3/11 ≈ 0.2727; seed fits 0.2002 and 0.5058, Δη = +0.31). Sizes d = 50…1600 doubling,
//   v = 2d, 3 draws, exact expected risk, τ ∈ {0, 1/√d}.
// - phase sweep: one interior point per phase (seven regions of DESIGN §3), deterministic-
//   equivalent curves over a wide d range at τ = 0, to set measured η against theory. Points sit
//   away from the boundaries, where the asymptotic regime is reached at moderate d.
import type { StudySpecInput } from '../params/study-params';
import type { StudyFit } from './analyze';
import { studyTheory, type StudyTheory } from './theory';

export interface StudyPreset {
  name: string;
  title: string;
  description: string;
  spec: StudySpecInput;
}

const doubling = (from: number, n: number) => Array.from({ length: n }, (_, i) => from * 2 ** i);

export const STUDY_PRESETS: StudyPreset[] = [
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
];

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
