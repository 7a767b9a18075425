// The optimizer family of one risk curve (DESIGN.md §7, issue 17): ONE zod schema (plain keys, merged
// into the curve parameters so a study can vary any of them), the presets resolved from (α, β, v, d, B),
// and the schedules c·(1 + t/t0)^p. Every resolved value is returned so it is stored with the run.
//
// Update rule (θ₀ = y₀ = 0, grad_t = Σ_{i≤B} φ_i(⟨φ_i, θ_t⟩ − y_i), the batch SUM):
//   y_{t+1} = (1 − Δ_t) y_t + g1_t grad_t,   θ_{t+1} = θ_t − g2_t grad_t − g3_t y_{t+1}.
//   sgd       g2 = γ_t, g3 = 0 (g1 = Δ = 0: y is never used)
//   momentum  heavy ball (γ, μ): Δ = 1 − μ, g1 = 1, g2 = 0, g3 = γ   (θ_{t+1} = θ_t − γ y_{t+1})
//   dana      g1, g2, g3, Δ given as schedules (--g1 … --delta)
//   dana-constant / dana-decaying: the presets of Ferbach, Everett, Gidel, Paquette & Paquette,
//     "Dimension-adapted momentum outscales SGD" (arXiv 2505.16098, 2025). The update above is the
//     generic stochastic-momentum family the paper analyses (y_t = (1 − Δ)y_{t−1} + γ1·ĝ,
//     θ_{t+1} = θ_t − γ2·ĝ − γ3·y_t, ĝ the batch-MEAN gradient; form taken from summaries of the paper
//     and identical to the authors' dana_optimizer below) written in the batch-sum convention. The paper's equation/algorithm numbers could NOT be verified (no copy
//     of its text was reachable); the formulas below are checked against the authors' code
//     (LosVolterrosHermanos/Experimental), file and function named:
//       optimizers.py  powerlaw_schedule(I, sat, p, ts)(t) = max(I·(1 + t/ts)^p, sat)   (our PowerSchedule)
//                      dana_optimizer: ŷ ← (1 − Δ)ŷ + ĝ1·ĝ,  update −(ĝ2·ĝ + ĝ3·ŷ)   (count t from 0)
//       least_squares.py lsq_streaming_optax_simple: loss = mean_batch ½(⟨φ,θ⟩ − y)², so ĝ = grad_t/B
//       power_law_rf/power_law_rf.py PowerLawRF.population_trace = Σ_{j≤v} j^{-2α} = T (= tr D)
//       dana-det-equivalent-debug/theory_vs_sgd_comparison.py (DANA-decaying, B = 1):
//                      ĝ2 = 0.5/T, ĝ3 = (c3/T)(1 + t)^{-1/(2α)}, Δ = powerlaw_schedule(1, 0, −1, 4 + 2(α+β)/(2α))
//       get_sgd_hparams / get_tanea_hparams (batch rule): learning rate c·min(1, B/T)
//       plrf_optimizer_comparison.py "dana-constant": ĝ3 ∝ ĝ2/d (constant)
//     giving, in the authors' convention (T = E tr K: Σ j^{-2α}, plus the spike's c²Σ j^{-2α-2β} when τ > 0):
//        ĝ1 = 1,  ĝ2 = c2·min(1, B/T),  Δ_t = (1 + t/δ)^{-1},  δ = 4 + (α + β)/α,
//        DANA-constant  ĝ3 = c3·(B/d)·min(1, B/T)                (the d-scaled constant momentum)
//        DANA-decaying  ĝ3 = c3·min(1, B/T)·(1 + t)^{-1/(2α)}   (the dimension-free decaying one)
//     with c2 = 0.5, c3 = 0.1 (the code's G2_SCALE, G3_IV). At B = 1 every one of these is the code's
//     value. For B > 1 two choices are ours, not verified against the paper: the factor B in
//     DANA-constant's B/d (the batch-adapted d^{-(1−κ_b)}, κ_b = ln B/ln d, of the authors' Tanea rule),
//     and DANA-decaying keeping the exponent −1/(2α) (the Tanea rule would use −(1 − κ_b)/(2α)).
//     In this engine's convention (batch-sum gradient, y = B·ŷ) that is
//        g1 = 1,  g2 = ĝ2/B,  g3 = ĝ3/B,  Δ as above
//     (test/unit/params/dana-presets.test.ts recomputes all of it from the transcribed code).
//     The paper writes Δ(t) = δ/(1 + t) in the analysis; the code uses δ/(δ + t) = (1 + t/δ)^{-1}, equal
//     for t ≫ δ and keeping 1 − Δ_t ≥ 0 at small t — we follow the code. Any of --g1 --g2 --g3 --delta
//     overrides the preset's value.
// SGD step-size schedules: γ_t = max(γ·(1 + t/t0)^p, floor) ('power', p = 0 = constant, today's SGD);
// 'wsd' (warmup–stable–decay: linear warmup over `warmup` steps, constant, then linear decay to
// `gammaFloor` over the last `decayFraction`·rmax steps) and 'cosine' (linear warmup, then
// γ_t = floor + (γ − floor)·½(1 + cos(π (t − warmup)/(rmax − warmup)))) as presets.
import { z } from 'zod';
import { ParamError } from './errors';

export const OPTIMIZERS = ['sgd', 'momentum', 'dana', 'dana-constant', 'dana-decaying'] as const;
export type OptimizerName = (typeof OPTIMIZERS)[number];
export const LR_SCHEDULES = ['power', 'wsd', 'cosine'] as const;
export type LrScheduleName = (typeof LR_SCHEDULES)[number];

/** the DANA preset constants (authors' code, see header) */
export const DANA_PRESET = { c2: 0.5, c3: 0.1 } as const;

/** a power-law schedule c·(1 + t/t0)^p, floored at `floor` (the authors' powerlaw_schedule) */
export interface PowerSchedule {
  c: number;
  p: number;
  t0: number;
  floor: number;
}

export const powerScheduleSchema = z.union([
  z.number(),
  z
    .object({
      c: z.number(),
      p: z.number().default(0),
      t0: z.number().gt(0).default(1),
      floor: z.number().min(0).default(0),
    })
    .strict(),
]);
export type PowerScheduleInput = z.input<typeof powerScheduleSchema>;

/** the optimizer keys of the curve parameters (merged into curveParamsSchema) */
export const optimizerFields = {
  optimizer: z.enum(OPTIMIZERS).optional().describe('(absent = sgd) sgd | momentum (heavy ball) | dana (give g1, g2, g3, delta) | dana-constant | dana-decaying (presets of arXiv 2505.16098)'),
  gammaPower: z.number().min(-10).max(10).optional().describe('SGD step-size schedule γ_t = γ·(1 + t/t0)^p: the power p (default 0 = constant)'),
  gammaT0: z.number().gt(0).optional().describe('SGD step-size schedule: the time scale t0 (default 1)'),
  gammaFloor: z.number().min(0).optional().describe('SGD step-size schedule: floor of γ_t (default 0)'),
  lrSchedule: z.enum(LR_SCHEDULES).optional().describe('SGD step-size schedule: power (default) | wsd (warmup–stable–decay) | cosine'),
  warmup: z.number().int().min(0).optional().describe('wsd/cosine: linear warmup steps (default 0)'),
  decayFraction: z.number().gt(0).max(1).optional().describe('wsd: the share of the steps (up to r max) spent in the final linear decay (default 0.2)'),
  momentum: z.number().min(0).lt(1).optional().describe('heavy-ball momentum μ in [0, 1) (optimizer momentum; default 0.9)'),
  g1: powerScheduleSchema.optional().describe('DANA g1 schedule: a constant c, or c·(1 + t/t0)^p given as c,p or c,p,t0'),
  g2: powerScheduleSchema.optional().describe('DANA g2 schedule (gradient step)'),
  g3: powerScheduleSchema.optional().describe('DANA g3 schedule (momentum step)'),
  delta: powerScheduleSchema.optional().describe('DANA Δ schedule (momentum decay, 1 − Δ multiplies y)'),
} as const;

export const optimizerFieldRanges = {
  optimizer: `one of ${OPTIMIZERS.join(', ')}`,
  gammaPower: 'a number in [−10, 10]',
  gammaT0: 'a number > 0',
  gammaFloor: 'a number ≥ 0',
  lrSchedule: `one of ${LR_SCHEDULES.join(', ')}`,
  warmup: 'an integer ≥ 0',
  decayFraction: 'a number in (0, 1]',
  momentum: 'a number in [0, 1)',
  g1: 'a schedule c, "c,p" or "c,p,t0" (t0 > 0)',
  g2: 'a schedule c, "c,p" or "c,p,t0" (t0 > 0)',
  g3: 'a schedule c, "c,p" or "c,p,t0" (t0 > 0)',
  delta: 'a schedule c, "c,p" or "c,p,t0" (t0 > 0)',
} as const;

export const optimizerParamsSchema = z.object(optimizerFields).strict();
export type OptimizerParamsInput = z.input<typeof optimizerParamsSchema>;
export type OptimizerParams = z.output<typeof optimizerParamsSchema>;

export function toPowerSchedule(s: PowerScheduleInput | undefined, dflt: PowerSchedule): PowerSchedule {
  if (s === undefined) return dflt;
  if (typeof s === 'number') return { c: s, p: 0, t0: 1, floor: 0 };
  return { c: s.c, p: s.p ?? 0, t0: s.t0 ?? 1, floor: s.floor ?? 0 };
}

export const constSchedule = (c: number): PowerSchedule => ({ c, p: 0, t0: 1, floor: 0 });

/** value of a power schedule at step t */
export function powerValue(s: PowerSchedule, t: number): number {
  const v = s.p === 0 ? s.c : s.c * Math.pow(1 + t / s.t0, s.p);
  return v > s.floor ? v : s.floor;
}

/** the four coefficients of the update at one step */
export interface FamilyCoefs {
  g1: number;
  g2: number;
  g3: number;
  delta: number;
}

/** every resolved hyperparameter of a family member (stored with the run) */
export interface ResolvedOptimizer {
  optimizer: OptimizerName;
  /** true when all four coefficients are constant in t */
  constant: boolean;
  /** plain SGD (g3 ≡ 0): the engine's SGD paths apply */
  sgdLike: boolean;
  g1: PowerSchedule;
  g2: PowerSchedule;
  g3: PowerSchedule;
  delta: PowerSchedule;
  /** sgd only: the learning-rate schedule (g2 = γ_t) */
  lr?: { schedule: LrScheduleName; gamma: number; p: number; t0: number; floor: number; warmup: number; decayFraction: number; rmax: number };
  /** dana presets: the constants used */
  preset?: { traceK: number; c2: number; c3: number; deltaConst: number; kappa?: number };
  momentum?: number;
}

/** one line of the resolved hyperparameters, in the CLI's flag words (text output of curves):
 *  "optimizer=sgd lr-schedule=wsd warmup=100 decay-fraction=0.2 (gamma_t = the gamma above until …)",
 *  "optimizer=momentum momentum=0.9", "optimizer=dana-decaying g1=1 g2=0.0312 g3=0.0312·(1+t/1)^-0.5 delta=1·(1+t/5.6)^-1" */
export function resolvedOptimizerText(o: ResolvedOptimizer): string {
  const num = (x: number) => String(Number(x.toPrecision(4)));
  const sched = (s: PowerSchedule) => (s.p === 0 ? num(s.c) : `${num(s.c)}·(1+t/${num(s.t0)})^${num(s.p)}`) + (s.floor > 0 ? ` floor ${num(s.floor)}` : '');
  if (o.lr) {
    const lr = o.lr;
    const warm = lr.warmup > 0 ? ` warmup=${lr.warmup}` : '';
    const floor = lr.floor > 0 ? ` gamma-floor=${num(lr.floor)}` : '';
    if (lr.schedule === 'wsd') return `optimizer=sgd lr-schedule=wsd${warm} decay-fraction=${num(lr.decayFraction)}${floor} (gamma_t = the gamma above until step ${Math.ceil(wsdDecayStart(lr.warmup, lr.decayFraction, lr.rmax))}, then linear to ${num(lr.floor)} at ${lr.rmax})`;
    if (lr.schedule === 'cosine') return `optimizer=sgd lr-schedule=cosine${warm}${floor} (gamma_t from the gamma above to ${num(lr.floor)} at ${lr.rmax})`;
    return lr.p === 0 ? `optimizer=sgd${warm}${floor}` : `optimizer=sgd gamma_t = gamma·(1+t/${num(lr.t0)})^${num(lr.p)}${warm}${floor}`;
  }
  if (o.optimizer === 'momentum') return `optimizer=momentum momentum=${num(o.momentum ?? 1 - o.delta.c)}`;
  return `optimizer=${o.optimizer} g1=${sched(o.g1)} g2=${sched(o.g2)} g3=${sched(o.g3)} delta=${sched(o.delta)}`;
}

/** the step-size schedule keys that place a linear-time decay (the params' own names) */
export interface DecayScheduleKeys {
  lrSchedule?: string | undefined;
  warmup?: number | undefined;
  decayFraction?: number | undefined;
}

/** first step of wsd's linear decay (before it γ_t is the warmup or the plateau) */
export const wsdDecayStart = (warmup: number, decayFraction: number, rmax: number): number => Math.max(warmup, rmax - decayFraction * rmax);

/** where a linear-time decay is drawn and counted (checkpoints, the study warning): wsd's decay; cosine's
 *  second half, where it falls most; null for every other schedule */
export function decayWindowStart(s: DecayScheduleKeys, rmax: number): number | null {
  if (s.lrSchedule === 'wsd') return wsdDecayStart(s.warmup ?? 0, s.decayFraction ?? 0.2, rmax);
  if (s.lrSchedule === 'cosine') return Math.max(s.warmup ?? 0, rmax / 2);
  return null;
}

/** the coefficients at step t */
export function coefsAt(o: ResolvedOptimizer, t: number): FamilyCoefs {
  if (o.lr) return { g1: 0, g2: lrValue(o.lr, t), g3: 0, delta: 0 };
  return { g1: powerValue(o.g1, t), g2: powerValue(o.g2, t), g3: powerValue(o.g3, t), delta: powerValue(o.delta, t) };
}

/** γ_t of an SGD learning-rate schedule */
export function lrValue(lr: NonNullable<ResolvedOptimizer['lr']>, t: number): number {
  const { gamma, warmup } = lr;
  const w = warmup > 0 && t < warmup ? (t + 1) / warmup : 1;
  switch (lr.schedule) {
    case 'power': {
      const v = lr.p === 0 ? gamma : gamma * Math.pow(1 + t / lr.t0, lr.p);
      return w * (v > lr.floor ? v : lr.floor);
    }
    case 'wsd': {
      const T = lr.rmax;
      const start = wsdDecayStart(warmup, lr.decayFraction, T);
      if (t < start) return w * gamma;
      const f = Math.min(1, (t - start) / Math.max(1, T - start));
      return lr.floor + (gamma - lr.floor) * (1 - f);
    }
    case 'cosine': {
      if (t < warmup) return w * gamma;
      const f = Math.min(1, (t - warmup) / Math.max(1, lr.rmax - warmup));
      return lr.floor + (gamma - lr.floor) * 0.5 * (1 + Math.cos(Math.PI * f));
    }
  }
}

/** steps where the schedule has a kink (warmup end, decay start): the block integrator ends blocks there */
export function scheduleBreakpoints(o: ResolvedOptimizer): number[] {
  if (!o.lr) return [];
  const out: number[] = [];
  if (o.lr.warmup > 0) out.push(o.lr.warmup);
  if (o.lr.schedule === 'wsd') out.push(Math.ceil(wsdDecayStart(o.lr.warmup, o.lr.decayFraction, o.lr.rmax)));
  return out;
}

/** the schedule's local time scale (wsd/cosine decay: the steps left to rmax), for the block integrator.
 *  Blocks are ≤ dt·(rmax − t)/32: the modes that equilibrate within a block lag the decaying γ by about half
 *  a block, so the error on the excess risk R − F0 is first order in this fraction and independent of
 *  rmax — measured against the step recurrence at rmax = 1e5…1e7: /8 → 2.1–2.4e-3, /32 → 3.1–5.9e-4
 *  (R itself: 4.7e-4 → 1.1e-4), for 2.3× the blocks; at rmax = 1e12 against an exact piecewise reference
 *  (itself within 1.9e-4 of the recurrence): ≤ 4.1e-4 on R − F0, ≤ 6.2e-5 on R
 *  (test/unit/engine/family-lr-schedules-decades.test.ts) */
export function scheduleTimeScale(o: ResolvedOptimizer): ((t: number) => number) | undefined {
  const lr = o.lr;
  if (!lr || lr.schedule === 'power') return undefined;
  return decayTimeScale(lr.rmax);
}

/** the time scale of a decay ending at rmax (scheduleTimeScale; the cost model counts its blocks) */
export const decayTimeScale = (rmax: number) => (t: number): number => Math.max(1, (rmax - t) / 32);

/** tr D = Σ_{j≤v} j^{-2α} (= E tr K for the plain model) */
export function traceD(alpha: number, v: number): number {
  let s = 0;
  for (let j = v; j >= 1; j--) s += Math.pow(j, -2 * alpha);
  return s;
}

/** E tr K = Σ_{j≤v} j^{-2α} + c² Σ_{j≤v} j^{-2α-2β} for W̃ = τb1ᵀ + Z, τ = c/√d (tr D + τ²d‖a‖²) */
export function expectedTraceK(alpha: number, beta: number, v: number, tau: number): number {
  let s = 0;
  for (let j = v; j >= 1; j--) s += Math.pow(j, -2 * alpha) + tau * tau * Math.pow(j, -2 * alpha - 2 * beta);
  return s;
}

/** is the optimizer plain SGD (so today's engine paths and γ_max apply)? */
export function isSgd(p: Pick<OptimizerParams, 'optimizer'>): boolean {
  return (p.optimizer ?? 'sgd') === 'sgd';
}

/** plain constant-step SGD, today's engine (no optimizer key other than optimizer = sgd given) */
export function isPlainSgd(p: OptimizerParams): boolean {
  return isSgd(p) && p.gammaPower === undefined && p.gammaT0 === undefined && p.gammaFloor === undefined && p.lrSchedule === undefined && p.warmup === undefined && p.decayFraction === undefined;
}

/**
 * Cross-field rules of the optimizer keys (before any work): keys that do not belong to the chosen
 * optimizer are refused, naming the key.
 */
export function checkOptimizerFields(p0: OptimizerParams & { gamma?: number | undefined; gammaFraction?: number | undefined }): void {
  const p = { ...p0, optimizer: p0.optimizer ?? 'sgd' };
  const sgdKeys = ['gammaPower', 'gammaT0', 'gammaFloor', 'lrSchedule', 'warmup', 'decayFraction'] as const;
  const danaKeys = ['g1', 'g2', 'g3', 'delta'] as const;
  if (p.optimizer !== 'sgd') for (const k of sgdKeys) if (p[k] !== undefined) throw new ParamError(k, `only applies to optimizer sgd (got optimizer ${p.optimizer})`);
  if (p.optimizer !== 'momentum' && p.momentum !== undefined) throw new ParamError('momentum', `only applies to optimizer momentum (got optimizer ${p.optimizer})`);
  if (p.optimizer === 'sgd' || p.optimizer === 'momentum') for (const k of danaKeys) if (p[k] !== undefined) throw new ParamError(k, `only applies to the dana optimizers (got optimizer ${p.optimizer})`);
  if (p.optimizer === 'dana') {
    for (const k of ['g2', 'g3', 'delta'] as const) if (p[k] === undefined) throw new ParamError(k, 'required for optimizer dana (a schedule c, "c,p" or "c,p,t0"); or use a preset: dana-constant, dana-decaying');
    if (p.gamma !== undefined || p.gammaFraction !== undefined) throw new ParamError(p.gamma !== undefined ? 'gamma' : 'gammaFraction', 'does not apply to optimizer dana (give g2, g3)');
  }
  if ((p.optimizer === 'dana-constant' || p.optimizer === 'dana-decaying') && (p.gamma !== undefined || p.gammaFraction !== undefined)) {
    throw new ParamError(p.gamma !== undefined ? 'gamma' : 'gammaFraction', `does not apply to optimizer ${p.optimizer} (override g2 / g3 instead)`);
  }
  if ((p.lrSchedule === 'wsd' || p.lrSchedule === 'cosine') && (p.gammaPower !== undefined || p.gammaT0 !== undefined)) {
    throw new ParamError(p.gammaPower !== undefined ? 'gammaPower' : 'gammaT0', `does not apply to lrSchedule ${p.lrSchedule}`);
  }
  if (p.decayFraction !== undefined && p.lrSchedule !== 'wsd') throw new ParamError('decayFraction', 'only applies to lrSchedule wsd');
  for (const k of danaKeys) {
    const s = p[k];
    if (s !== undefined && typeof s !== 'number' && !(Number.isFinite(s.c) && Number.isFinite(s.p ?? 0))) throw new ParamError(k, `must be ${optimizerFieldRanges[k]}`);
  }
}

export interface ResolveContext {
  alpha: number;
  beta: number;
  v: number;
  d: number;
  /** spike strength c (τ = c/√d); enters the presets through T = E tr K */
  tau?: number;
  batch: number;
  rmax: number;
  /** SGD / momentum: the base step size γ (already resolved against γ_max by the caller) */
  gamma?: number;
}

/**
 * Resolve the optimizer keys into the four schedules. SGD needs ctx.gamma (the resolved γ of today's
 * engine); momentum uses ctx.gamma as its γ (g3). DANA presets use (α, β, v, d, B) only.
 */
export function resolveOptimizer(p: OptimizerParams, ctx: ResolveContext): ResolvedOptimizer {
  const B = ctx.batch;
  const zero = constSchedule(0);
  switch (p.optimizer ?? 'sgd') {
    case 'sgd': {
      if (ctx.gamma === undefined) throw new Error('resolveOptimizer: sgd needs the resolved gamma');
      const lr = {
        schedule: p.lrSchedule ?? 'power',
        gamma: ctx.gamma,
        p: p.gammaPower ?? 0,
        t0: p.gammaT0 ?? 1,
        floor: p.gammaFloor ?? 0,
        warmup: p.warmup ?? 0,
        decayFraction: p.decayFraction ?? 0.2,
        rmax: ctx.rmax,
      };
      const constant = lr.schedule === 'power' && (lr.p === 0 || lr.floor >= lr.gamma) && lr.warmup === 0;
      return { optimizer: 'sgd', constant, sgdLike: true, g1: zero, g2: { c: lr.gamma, p: lr.p, t0: lr.t0, floor: lr.floor }, g3: zero, delta: zero, lr };
    }
    case 'momentum': {
      if (ctx.gamma === undefined) throw new Error('resolveOptimizer: momentum needs gamma');
      const mu = p.momentum ?? 0.9;
      return { optimizer: 'momentum', constant: true, sgdLike: false, g1: constSchedule(1), g2: zero, g3: constSchedule(ctx.gamma), delta: constSchedule(1 - mu), momentum: mu };
    }
    case 'dana': {
      const g1 = toPowerSchedule(p.g1, constSchedule(1));
      const g2 = toPowerSchedule(p.g2, zero);
      const g3 = toPowerSchedule(p.g3, zero);
      const delta = toPowerSchedule(p.delta, zero);
      return { optimizer: 'dana', constant: [g1, g2, g3, delta].every((s) => s.p === 0), sgdLike: g3.c === 0 && g3.floor === 0, g1, g2, g3, delta };
    }
    case 'dana-constant':
    case 'dana-decaying': {
      const T = expectedTraceK(ctx.alpha, ctx.beta, ctx.v, ctx.tau ?? 0);
      const m = Math.min(1, B / T);
      const deltaConst = 4 + (ctx.alpha + ctx.beta) / ctx.alpha;
      const decaying = p.optimizer === 'dana-decaying';
      const kappa = decaying ? -1 / (2 * ctx.alpha) : undefined;
      const g3d: PowerSchedule = decaying ? { c: (DANA_PRESET.c3 * m) / B, p: kappa!, t0: 1, floor: 0 } : constSchedule((DANA_PRESET.c3 * (B / ctx.d) * m) / B);
      const g1 = toPowerSchedule(p.g1, constSchedule(1));
      const g2 = toPowerSchedule(p.g2, constSchedule((DANA_PRESET.c2 * m) / B));
      const g3 = toPowerSchedule(p.g3, g3d);
      const delta = toPowerSchedule(p.delta, { c: 1, p: -1, t0: deltaConst, floor: 0 });
      return {
        optimizer: decaying ? 'dana-decaying' : 'dana-constant',
        constant: [g1, g2, g3, delta].every((s) => s.p === 0),
        sgdLike: false,
        g1,
        g2,
        g3,
        delta,
        preset: { traceK: T, c2: DANA_PRESET.c2, c3: DANA_PRESET.c3, deltaConst, ...(kappa !== undefined ? { kappa } : {}) },
      };
    }
  }
}

/** parse a CLI schedule "c", "c,p" or "c,p,t0" (flag named in the error) */
export function parseScheduleArg(flag: string, s: string): PowerScheduleInput {
  const parts = s.split(',').map((x) => x.trim());
  if (parts.length < 1 || parts.length > 3 || parts.some((x) => !/^[+-]?(\d+\.?\d*|\.\d+)([eE][+-]?\d+)?$/.test(x))) {
    throw new ParamError(flag, `expected a schedule c, c,p or c,p,t0 (numbers), got "${s}"`);
  }
  const [c, p, t0] = parts.map(Number) as [number, number | undefined, number | undefined];
  if (parts.length === 1) return c;
  if (t0 !== undefined && !(t0 > 0)) throw new ParamError(flag, `t0 must be > 0, got "${s}"`);
  return { c, p: p!, ...(t0 !== undefined ? { t0 } : {}) };
}
