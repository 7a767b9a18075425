// The cost model of a run (issue 13: time estimates calibrated against measured unit costs, and the
// weights of progress). Seconds of one lane (one core) with the native backend:
//   spectral problem (draw W̃ of v×d, K = W̃ᵀDW̃, eigendecomposition of K):
//       GEN_S·v·d + SPECTRAL_S·(v·d² + 4·d³)        (the Gram v·d² once per Z when τ share it)
//   closed form (exact curve on the d eigenvalues):  CLOSED_S·d·checkpoints
//   optimizer family's exact moments (one draw):     constant coefficients (momentum, constant custom
//                                                    DANA): the secular closed form CF2_S·d² + CF1_S·d;
//                                                    schedules: d·(STEP·s + LOGBLOCK·Σ log2 m) over the
//                                                    block integrator's own grid (s single steps, blocks
//                                                    of m steps: binary powering), STEP/LOGBLOCK for 3×3
//                                                    modes (g3 ≠ 0) or the scalar SGD row
//   SGD (rotated; naive ×v per step):                steps·(SGD_STEP_S + batch·d / SGD_UPDATES_PER_S),
//                                                    steps = runs·rmax (per draw)
//   deterministic equivalent (one curve or unit):    DE_S + DE_S_PER_V·v
//   study analysis (frontier, fits, bootstrap):      ANALYSIS_S + BOOT_S·bootstrap·sizes·variants
// The constants were measured on the project machine (2 cores shared with other jobs, native backend;
// test/bench/estimate.bench.ts prints the per-term rates and the estimate/measured ratio of
// representative runs, target ≤ 2×). Measured there, lightly → heavily loaded: the spectral problem
// 1.7e-11–5e-11 s per (v·d² + 4·d³) (2.4e-10–4.9e-10 s per d³ at v = 2d); W̃ generation 8e-9–5e-8 s per
// entry; closed form 5.4e-8–6e-8 s per d·checkpoint; rotated SGD 2.7 µs per step at d = 1200 unloaded
// (0.7–1.4 µs at d = 50, 2.8–3.4 µs at d = 400, up to 14 µs at d = 1200 under load: 1.2e8–4.5e8
// coordinate updates/s); a DE curve 0.035 s at v = 1e4, 0.19–0.21 s at v = 2e5; the analysis 0.02 s
// without bootstrap, 0.12–0.62 s with 400 replicates over 6 sizes × 2 variants × 3 draws, 0.02 s with
// the residual bootstrap (de, one draw); a DE study unit 20–35 ms at v ≤ 6400. The
// constants sit near the light-load rates (a heavily shared machine runs 2–5× slower). The portable backend (no native addon) is
// PORTABLE_FACTOR slower on the spectral part (measured 1.2–4.5×).
// A study's jobs run on `lanes` lanes (the worker pool): its wall time is the analysis plus
// max(largest job, Σ jobs / lanes). The Node side sets the machine (lanes, backend) once
// (src-main/services/budget.ts configureEstimateMachine: PLRF_STUDY_THREADS or the cores, PLRF_BACKEND);
// the default is one native lane.

import { blockGrid } from '../dynamics/family-moments';
import { constSchedule, decayTimeScale, isPlainSgd, toPowerSchedule, type OptimizerParams } from '../params/optimizer-params';

export const GEN_S = 8e-9;
export const SPECTRAL_S = 2e-11;
export const CLOSED_S = 6e-8;
/** the optimizer family's exact moments, fitted to curves at d = 400 and 1600, rmax = 1e3, 1e5, 1e9
 *  (momentsMs of runCurve, the machine shared with a benchmark): momentum (closed form) 43–72 ms at
 *  d = 400, 372–396 ms at d = 1600 for every rmax; DANA-decaying/constant (3×3 blocks) 27, 151, 457 ms at
 *  d = 1600; the SGD power schedule (scalar blocks) 15, 70, 125 ms; wsd/cosine (scalar, blocks also
 *  ≤ (rmax − t)/32·dt) 15, 273–276, 1282–1301 ms. The model below is within 1.6× of each. */
export const CF2_S = 1.2e-7;
export const CF1_S = 6e-5;
export const STEP3_S = 1.7e-8;
export const LOGBLOCK3_S = 1.8e-8;
export const STEP1_S = 9.4e-9;
export const LOGBLOCK1_S = 3.6e-9;
export const SGD_UPDATES_PER_S = 4.4e8;
export const SGD_STEP_S = 3.2e-7;
/** the naive O(B·v·d) simulator's dense updates (measured 7e8–9.4e8/s at d = 200, v = 400) */
export const NAIVE_UPDATES_PER_S = 6e8;
export const DE_S = 0.02;
export const DE_S_PER_V = 8e-7;
export const ANALYSIS_S = 0.05;
export const BOOT_S = 5e-5;
export const PORTABLE_FACTOR = 3;

/** start-up of a run outside its computation (worker, modules, the store) — measured 0.1–0.3 s */
export const RUN_OVERHEAD_S = 0.2;

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
/** how the family's exact moments are computed for these optimizer keys (null: plain SGD's closed form) */
export interface FamilyShape {
  /** constant coefficients: the secular closed form (family-resolve.ts familyExactRisk) */
  closed: boolean;
  /** g3 = 0: the scalar SGD row instead of 3×3 blocks */
  scalar: boolean;
  /** wsd/cosine: blocks also bounded by the steps left (optimizer-params.ts scheduleTimeScale) */
  timeScaled: boolean;
}

export function familyShape(p: OptimizerParams): FamilyShape | null {
  if (isPlainSgd(p)) return null;
  switch (p.optimizer ?? 'sgd') {
    case 'sgd':
      return { closed: false, scalar: true, timeScaled: p.lrSchedule === 'wsd' || p.lrSchedule === 'cosine' };
    case 'momentum':
      return { closed: true, scalar: false, timeScaled: false };
    case 'dana': {
      // as resolveOptimizer decides `constant` and `sgdLike` (the defaults of g1…Δ are constants)
      const sch = [p.g1, p.g2, p.g3, p.delta].map((s) => toPowerSchedule(s, constSchedule(0)));
      const g3 = sch[2]!;
      return { closed: sch.every((s) => s.p === 0), scalar: g3.c === 0 && g3.floor === 0, timeScaled: false };
    }
    default:
      return { closed: false, scalar: false, timeScaled: false };
  }
}

const gridCache = new Map<string, { steps: number; logBlocks: number }>();
/** single steps and Σ log2(block length) of the block integrator's grid to rmax (memoised) */
function blockWork(rmax: number, timeScaled: boolean): { steps: number; logBlocks: number } {
  const r = Math.max(1, Math.round(rmax));
  const key = `${r}:${timeScaled}`;
  let w = gridCache.get(key);
  if (!w) {
    const { lengths } = blockGrid([r], 0.02, timeScaled ? decayTimeScale(r) : undefined, 4096);
    w = { steps: 0, logBlocks: 0 };
    for (const m of lengths) {
      if (m === 1) w.steps++;
      else w.logBlocks += Math.log2(m);
    }
    if (gridCache.size > 256) gridCache.clear();
    gridCache.set(key, w);
  }
  return w;
}

/** the optimizer family's exact moments of one draw */
export function momentsSeconds(d: number, rmax: number, shape: FamilyShape): number {
  if (shape.closed) return CF2_S * d * d + CF1_S * d;
  const w = blockWork(rmax, shape.timeScaled);
  return shape.scalar ? d * (STEP1_S * w.steps + LOGBLOCK1_S * w.logBlocks) : d * (STEP3_S * w.steps + LOGBLOCK3_S * w.logBlocks);
}
/** an exact curve of one draw: the closed form (plain SGD) or the family's moments */
export function exactCurveSeconds(d: number, checkpoints: number, rmax: number, optimizer?: OptimizerParams): number {
  const shape = optimizer ? familyShape(optimizer) : null;
  return shape ? momentsSeconds(d, rmax, shape) : closedFormSeconds(d, checkpoints);
}
/** simulated SGD: `steps` steps (all runs) of `width` = batch·d coordinate updates each (naive: batch·v·d dense updates) */
export const sgdSeconds = (steps: number, width: number, naive = false): number => steps * (SGD_STEP_S + width / (naive ? NAIVE_UPDATES_PER_S : SGD_UPDATES_PER_S));
/** a deterministic-equivalent curve */
export const deSeconds = (v: number): number => DE_S + DE_S_PER_V * v;
/** the study's frontier, fits and bootstrap (`overDraws`: replicates resample the draws' curves; else
 *  the residual bootstrap of one curve per size, ~5× cheaper) */
export const analysisSeconds = (bootstrap: number, sizes: number, variants: number, overDraws = true): number => ANALYSIS_S + (overDraws ? 1 : 0.2) * BOOT_S * bootstrap * sizes * variants;

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
export function unitCost(method: string, d: number, v: number, checkpoints: number, rmax: number, runs: number, batch: number, optimizer?: OptimizerParams): number {
  if (method === 'de') return NS * (DE_S + DE_S_PER_V * v);
  const curve = method === 'sgd' ? runs * rmax * (SGD_STEP_S + (batch * d) / SGD_UPDATES_PER_S) : exactCurveSeconds(d, checkpoints, rmax, optimizer);
  return unitSpectralCost(v, d) + NS * curve;
}

/** share of a curve's spectral problems in its work (progress weights), the rest `perDrawSeconds` per draw */
export function spectralShare(p: { v: number; d: number }, perDrawSeconds: number): number {
  const sp = spectralSeconds(p.v, p.d);
  const share = sp / (sp + perDrawSeconds);
  return Number.isFinite(share) ? Math.min(0.95, Math.max(0.05, share)) : 0.5;
}
