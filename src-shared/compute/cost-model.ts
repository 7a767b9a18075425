// The cost model of a run (issue 13: time estimates calibrated against measured unit costs, and the
// weights of progress). Seconds of one lane (one core) with the native backend:
//   spectral problem (draw W̃ of v×d, K = W̃ᵀDW̃, eigendecomposition of K):
//       GEN_S·v·d + SPECTRAL_S·(v·d² + 4·d³)        (the Gram v·d² once per Z when τ share it)
//   closed form (exact curve on the d eigenvalues):  CLOSED_S·d·checkpoints
//   SGD (rotated; naive ×v per step):                steps·(SGD_STEP_S + batch·d / SGD_UPDATES_PER_S),
//                                                    steps = runs·rmax (per draw)
//   deterministic equivalent (one curve or unit):    DE_S + DE_S_PER_V·v
//   study analysis (frontier, fits, bootstrap):      ANALYSIS_S + BOOT_S·bootstrap·sizes·variants
// The constants were measured on the project machine (2 cores, native backend, test/bench/estimate.bench.ts
// prints the per-term rates and the estimate/measured ratio of representative runs, target ≤ 2×):
// spectral problem 2.4e-10–4.9e-10 s per d³ at v = 2d (d = 400…1600), i.e. ≈ 5e-11 s per (v·d² + 4·d³);
// W̃ generation 1e-8–5e-8 s per entry; closed form ≈ 6e-8 s per d·checkpoint; rotated SGD 0.7–1.4 µs per
// step at d = 50, 2.8–3.4 µs at d = 400, 3.7–14 µs at d = 1200 (1.2e8–3.2e8 coordinate updates/s, load-dependent); a DE curve 0.035 s at v = 1e4, 0.19 s at v = 1e5; the analysis 0.02 s without
// bootstrap and 0.38 s / 0.62 s with 400 replicates over 4 / 6 sizes × 2 variants. The portable backend
// (no native addon) is PORTABLE_FACTOR slower on the spectral part (measured 1.2–4.5×).
// A study's jobs run on `lanes` lanes (the worker pool): its wall time is the analysis plus
// max(largest job, Σ jobs / lanes). The Node side sets the machine (lanes, backend) once
// (src-main/services/budget.ts configureEstimateMachine: PLRF_STUDY_THREADS or the cores, PLRF_BACKEND);
// the default is one native lane.

export const GEN_S = 2e-8;
export const SPECTRAL_S = 5e-11;
export const CLOSED_S = 6e-8;
export const SGD_UPDATES_PER_S = 2e8;
export const SGD_STEP_S = 6e-7;
export const DE_S = 0.03;
export const DE_S_PER_V = 1.6e-6;
export const ANALYSIS_S = 0.05;
export const BOOT_S = 1.3e-4;
export const PORTABLE_FACTOR = 3;

export interface EstimateMachine {
  /** lanes a study spreads its jobs over (≥ 1) */
  lanes: number;
  /** the linear-algebra backend runs use */
  backend: 'native' | 'portable';
}

let machine: EstimateMachine = { lanes: 1, backend: 'native' };

/** set by the Node side from the machine (cores, PLRF_STUDY_THREADS, the backend that loads) */
export function setEstimateMachine(m: Partial<EstimateMachine>): void {
  machine = { lanes: Math.max(1, Math.floor(m.lanes ?? machine.lanes)), backend: m.backend ?? machine.backend };
}

export function estimateMachine(): EstimateMachine {
  return machine;
}

const spectralFactor = () => (machine.backend === 'portable' ? PORTABLE_FACTOR : 1);

/** Gram product K = W̃ᵀDW̃ (seconds) */
export const gramSeconds = (v: number, d: number): number => spectralFactor() * SPECTRAL_S * v * d * d;
/** eigendecomposition of K (seconds) */
export const eigenSeconds = (d: number): number => spectralFactor() * SPECTRAL_S * 4 * d * d * d;
/** drawing W̃ (seconds) */
export const drawSeconds = (v: number, d: number): number => GEN_S * v * d;
/** one spectral problem: draw, Gram, eigendecomposition */
export const spectralSeconds = (v: number, d: number): number => drawSeconds(v, d) + gramSeconds(v, d) + eigenSeconds(d);
/** the closed-form curve of one draw */
export const closedFormSeconds = (d: number, checkpoints: number): number => CLOSED_S * d * checkpoints;
/** simulated SGD: `steps` steps (all runs) of `width` = batch·d coordinate updates each */
export const sgdSeconds = (steps: number, width: number): number => steps * (SGD_STEP_S + width / SGD_UPDATES_PER_S);
/** a deterministic-equivalent curve */
export const deSeconds = (v: number): number => DE_S + DE_S_PER_V * v;
/** the study's frontier, fits and bootstrap */
export const analysisSeconds = (bootstrap: number, sizes: number, variants: number): number => ANALYSIS_S + BOOT_S * bootstrap * sizes * variants;

/** wall time of jobs of the given costs (seconds each) on the machine's lanes */
export function parallelSeconds(jobs: number[]): number {
  if (jobs.length === 0) return 0;
  const sum = jobs.reduce((a, b) => a + b, 0);
  const lanes = Math.min(machine.lanes, jobs.length);
  return Math.max(Math.max(...jobs), sum / lanes);
}

// ---- progress and scheduling weights of study units (machine-independent: native rates, in ns) ----

const NS = 1e9;
/** weight of a unit's spectral problem (draw, Gram, eigendecomposition) */
export const unitSpectralCost = (v: number, d: number): number => NS * (GEN_S * v * d + SPECTRAL_S * (v * d * d + 4 * d * d * d));
/** weight of the Gram product alone (shared by the τ of one Z on the rank-2 path) */
export const unitGramCost = (v: number, d: number): number => NS * (GEN_S * v * d + SPECTRAL_S * v * d * d);
/** weight of one eigendecomposition */
export const unitEigenCost = (d: number): number => NS * SPECTRAL_S * 4 * d * d * d;

/** weight of a study unit (≈ its nanoseconds on one native lane) */
export function unitCost(method: string, d: number, v: number, checkpoints: number, rmax: number, runs: number, batch: number): number {
  if (method === 'de') return NS * (DE_S + DE_S_PER_V * v);
  const curve = method === 'sgd' ? runs * rmax * (SGD_STEP_S + (batch * d) / SGD_UPDATES_PER_S) : CLOSED_S * d * checkpoints;
  return unitSpectralCost(v, d) + NS * curve;
}

/** share of a curve's spectral problems in its work (progress weights), the rest `perDrawSeconds` per draw */
export function spectralShare(p: { v: number; d: number }, perDrawSeconds: number): number {
  const sp = spectralSeconds(p.v, p.d);
  const share = sp / (sp + perDrawSeconds);
  return Number.isFinite(share) ? Math.min(0.95, Math.max(0.05, share)) : 0.5;
}
