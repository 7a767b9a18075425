// Parameters of a compute-optimal study (DESIGN.md §4, `plrf study` in §6): one zod schema, the
// single source for the CLI, the API/store validation and the UI forms (field descriptions).
// `validateStudySpec(raw)` resolves defaults and throws ParamError naming the field and its
// allowed range before any work starts.
//
// Conventions
// - τ is given as c in τ = c/√d (DESIGN §1); the default comparison is c ∈ {0, 1}.
// - v: either a fixed latent dimension `v` (> every d) or `vRatio` with v_d = ⌈vRatio·d⌉ (default 2).
// - γ: γ = gammaFraction · γ_max of each drawn problem (γ_max as in the engine, DESIGN §2).
// - r range per size: checkpoints log-spaced from 1 to rmax_d (logCheckpoints, step 0 included).
//   Default
//       rmax_d = ⌈rmaxFactor · d^{2α} · T / B⌉,   T = E tr K = Σ_{j≤v} j^{-2α} + c² Σ_{j≤v} j^{-2α-2β}
//   (E tr K for W̃ = τb1ᵀ + Z: tr D + τ²d‖a‖², c = the largest τ of the study). Derivation: the slowest
//   mode that matters sits at the d-th eigenvalue of D, λ_d = d^{-2α}; its time scale is
//   1/(2γBλ_d). The stability limit q(γ) = Σ γλ_j/(2 − γ(B+1)λ_j) < 1 gives γ_max ≈ 2/tr K when the
//   spectrum is spread out, so γ = F·γ_max ≈ 2F/T and at r = rmax_d that mode has decayed by
//   exp(−2γBλ_d rmax_d) ≈ exp(−4·F·rmaxFactor) = e^{−20} at the defaults (F = 0.5, rmaxFactor =
//   10): every size is on its plateau, so it stops winning on the frontier inside its simulated
//   range and the frontier is not truncated by rmax. Capped at RMAX_CAP = 1e12 steps (reached only
//   for large α·log d). An explicit `rmax` (one number for all sizes, or one per size) overrides it.
import { z } from 'zod';
import { ParamError } from './errors';
import { DEFAULT_GAMMA_FRACTION } from './model-params';
import { dataSpectrumSchema, type DataSpectrum } from '../spectrum/source';
import { resolveSpectrumParams } from '../spectrum/resolve';

export const STUDY_METHODS = ['exact', 'sgd', 'de'] as const;
export type StudyMethod = (typeof STUDY_METHODS)[number];

/** default fraction of γ_max: the engine's DEFAULT_GAMMA_FRACTION (see dynamics/stability.ts) */
export const STUDY_DEFAULT_GAMMA_FRACTION = DEFAULT_GAMMA_FRACTION;

export const studySpecSchema = z
  .object({
    alpha: z.number().positive().describe('data exponent α > 0 (D = diag(j^{-2α}))'),
    beta: z.number().describe('target exponent β (b_j = j^{-β}); needs 2α + 2β > 1'),
    dgrid: z.array(z.number().int().min(2)).min(3).max(40).describe('model sizes d (≥ 3 sizes, integers ≥ 2; sorted, distinct)'),
    v: z.number().int().min(3).optional().describe('fixed latent dimension v (> every d); alternative to vRatio'),
    vRatio: z.number().gt(1).max(1000).optional().describe('latent dimension as a ratio v = ⌈ratio·d⌉ (> 1; default 2)'),
    batch: z.number().int().min(1).max(1_000_000).default(1).describe('batch size B ≥ 1'),
    gammaFraction: z.number().gt(0).lt(1).default(STUDY_DEFAULT_GAMMA_FRACTION).describe('step size as a fraction of γ_max of each drawn problem, in (0, 1)'),
    tau: z.array(z.number().min(0).max(1000)).min(1).max(8).default([0, 1]).describe('spike strengths c, τ = c/√d (c ≥ 0); the first is the reference of Δη'),
    method: z.enum(STUDY_METHODS).default('exact').describe('exact (closed-form expected risk per draw) | sgd (simulated runs) | de (deterministic equivalent)'),
    draws: z.number().int().min(1).max(1000).default(3).describe('independent draws of W̃ per (τ, d) (ignored by de)'),
    runs: z.number().int().min(1).max(100_000).default(20).describe('SGD runs per draw (method sgd only)'),
    seed: z.number().int().min(0).max(2 ** 31 - 1).default(0).describe('base seed (draw k uses stream (seed, k))'),
    rmaxFactor: z.number().gt(0).max(1e6).default(10).describe('r range per d: rmax_d = factor · d^{2α} · E tr K / B (see docs)'),
    rmax: z.union([z.number().gt(1), z.array(z.number().gt(1))]).optional().describe('explicit rmax (one for all d, or one per d); overrides rmaxFactor'),
    checkpoints: z.number().int().min(10).max(5000).default(160).describe('log-spaced checkpoints per curve'),
    window: z.tuple([z.number().positive(), z.number().positive()]).optional().describe('fit window [Cmin, Cmax]; default: where d* is an interior grid point'),
    bootstrap: z.number().int().min(0).max(100_000).default(400).describe('bootstrap replicates for the intervals (0 = none)'),
    level: z.number().gt(0).lt(1).default(0.95).describe('confidence level of the intervals'),
    perDecade: z.number().int().min(5).max(1000).default(40).describe('frontier grid points per decade of C'),
    isoflopPoints: z.union([z.literal(3), z.literal(5)]).default(3).describe('points per IsoFLOP profile in the parabola fit'),
    spectrum: dataSpectrumSchema.optional().describe('data spectrum (D_j, b_j) in place of the power law: v is fixed (default its length); alpha, beta are its fitted exponents'),
  })
  .strict();

export type StudySpecInput = z.input<typeof studySpecSchema>;

/** a validated study spec with every default resolved */
export interface StudySpec {
  alpha: number;
  beta: number;
  dgrid: number[];
  /** resolved v per size (same order as dgrid) */
  vgrid: number[];
  v?: number;
  vRatio?: number;
  batch: number;
  gammaFraction: number;
  tau: number[];
  method: StudyMethod;
  draws: number;
  runs: number;
  seed: number;
  rmaxFactor: number;
  /** resolved rmax per size */
  rmaxgrid: number[];
  checkpoints: number;
  window?: [number, number];
  bootstrap: number;
  level: number;
  perDecade: number;
  isoflopPoints: 3 | 5;
  /** a data spectrum in place of (α, β) (then α, β are its fitted exponents) */
  spectrum?: DataSpectrum;
}

/** Σ_{j=1..v} j^{-p}, exact for small v, Euler–Maclaurin tail beyond 10⁴ terms (relative error < 1e-12) */
export function powerSum(v: number, p: number): number {
  const head = Math.min(v, 10_000);
  let s = 0;
  for (let j = head; j >= 1; j--) s += j ** -p;
  if (v <= head) return s;
  // Σ_{j=head+1..v} f(j) ≈ ∫_{head}^{v} f + (f(v) − f(head))/2 − (f'(v) − f'(head))/12
  const a = head;
  const b = v;
  const f = (x: number) => x ** -p;
  const df = (x: number) => -p * x ** (-p - 1);
  const integral = Math.abs(p - 1) < 1e-12 ? Math.log(b / a) : (b ** (1 - p) - a ** (1 - p)) / (1 - p);
  return s + integral + (f(b) - f(a)) / 2 + (df(b) - df(a)) / 12;
}

/** the default r range rule (see header) */
export function defaultRmax(alpha: number, beta: number, d: number, v: number, c: number, batch: number, factor: number): number {
  const trK = powerSum(v, 2 * alpha) + c * c * powerSum(v, 2 * alpha + 2 * beta);
  return Math.ceil((factor * d ** (2 * alpha) * trK) / batch);
}

/** the default r range rule for a data spectrum: λ_d = D_d and T = Σ_{j≤v} D_j + c² Σ_{j≤v} D_j b_j² (see header) */
export function defaultRmaxData(s: DataSpectrum, d: number, v: number, c: number, batch: number, factor: number): number {
  let trD = 0;
  let a2 = 0;
  for (let j = 0; j < v; j++) {
    trD += s.lambda[j]!;
    a2 += s.lambda[j]! * s.b[j]! * s.b[j]!;
  }
  return Math.ceil((factor * (trD + c * c * a2)) / (s.lambda[d - 1]! * batch));
}

function zodToParamError(err: z.ZodError): ParamError {
  const issue = err.issues[0]!;
  const path = issue.path.map(String).join('.') || '(spec)';
  return new ParamError(path, issue.message);
}

// sizes beyond which a unit would not fit in memory or time (refused up front)
const MAX_D_EXACT = 20_000; // eigen needs ~3 d² doubles: 9.6 GB at d = 20 000
const MAX_V_EXACT_ELEMS = 2.5e8; // W̃ is v×d doubles: 2 GB
const MAX_D_DE = 2_000_000;
const MAX_SGD_WORK = 5e12; // Σ coordinate updates over all units
/** largest r of a curve (the engine's limit); the default rule is capped here */
export const RMAX_CAP = 1e12;

export function validateStudySpec(raw: unknown): StudySpec {
  if (typeof raw === 'object' && raw !== null && !Array.isArray(raw)) {
    const o = raw as Record<string, unknown>;
    if (o.spectrum !== undefined && o.vRatio !== undefined) throw new ParamError('vRatio', 'a data spectrum fixes v (its length, or v ≤ it); vRatio does not apply');
    raw = resolveSpectrumParams(o);
  }
  const parsed = studySpecSchema.safeParse(raw);
  if (!parsed.success) throw zodToParamError(parsed.error);
  const p = parsed.data;
  if (!p.spectrum && !(2 * p.alpha + 2 * p.beta > 1)) throw new ParamError('beta', `need 2α + 2β > 1 (got 2·${p.alpha} + 2·${p.beta} = ${2 * p.alpha + 2 * p.beta})`);
  const dgrid = [...p.dgrid].sort((a, b) => a - b);
  for (let i = 1; i < dgrid.length; i++) if (dgrid[i] === dgrid[i - 1]) throw new ParamError('dgrid', `sizes must be distinct (${dgrid[i]} repeated)`);
  if (p.v !== undefined && p.vRatio !== undefined) throw new ParamError('v', 'give either v or vRatio, not both');
  const vRatio = p.v === undefined ? (p.vRatio ?? 2) : undefined;
  const vgrid = dgrid.map((d) => (p.v !== undefined ? p.v : Math.ceil(vRatio! * d)));
  for (let i = 0; i < dgrid.length; i++) {
    if (!(vgrid[i]! > dgrid[i]!)) throw new ParamError(p.v !== undefined ? 'v' : 'vRatio', `need v > d for every size (v = ${vgrid[i]}, d = ${dgrid[i]})`);
  }
  const dmax = dgrid[dgrid.length - 1]!;
  if (p.method === 'exact' || p.method === 'sgd') {
    if (dmax > MAX_D_EXACT) throw new ParamError('dgrid', `d ≤ ${MAX_D_EXACT} for method ${p.method} (the eigen-decomposition needs ~3d² doubles); use method de for larger sizes`);
    const vmax = vgrid[vgrid.length - 1]!;
    if (vmax * dmax > MAX_V_EXACT_ELEMS) throw new ParamError(p.v !== undefined ? 'v' : 'vRatio', `v·d ≤ ${MAX_V_EXACT_ELEMS.toExponential(1)} (W̃ needs v·d doubles = ${((vmax * dmax * 8) / 1e9).toFixed(1)} GB)`);
  } else if (dmax > MAX_D_DE) throw new ParamError('dgrid', `d ≤ ${MAX_D_DE} for method de`);
  let rmaxgrid: number[];
  if (p.rmax === undefined) {
    const cmax = Math.max(...p.tau);
    rmaxgrid = dgrid.map((d, i) =>
      Math.min(RMAX_CAP, p.spectrum ? defaultRmaxData(p.spectrum, d, vgrid[i]!, cmax, p.batch, p.rmaxFactor) : defaultRmax(p.alpha, p.beta, d, vgrid[i]!, cmax, p.batch, p.rmaxFactor)),
    );
  } else if (typeof p.rmax === 'number') rmaxgrid = dgrid.map(() => Math.ceil(p.rmax as number));
  else {
    if (p.rmax.length !== dgrid.length) throw new ParamError('rmax', `give one rmax or one per size (${dgrid.length}), got ${p.rmax.length}`);
    rmaxgrid = p.rmax.map(Math.ceil);
  }
  for (const r of rmaxgrid) if (!(r <= RMAX_CAP)) throw new ParamError('rmax', `rmax ≤ ${RMAX_CAP.toExponential(0)} per size (got ${r.toExponential(3)})`);
  if (p.method === 'sgd') {
    let work = 0;
    for (let i = 0; i < dgrid.length; i++) work += rmaxgrid[i]! * p.batch * dgrid[i]! * p.runs * p.draws * p.tau.length;
    if (work > MAX_SGD_WORK) throw new ParamError('rmax', `SGD work Σ rmax·B·d·runs·draws·|τ| = ${work.toExponential(2)} exceeds ${MAX_SGD_WORK.toExponential(0)} coordinate updates; lower rmax/rmaxFactor, runs or sizes`);
  }
  if (p.window && !(p.window[1] > p.window[0])) throw new ParamError('window', `need Cmin < Cmax (got [${p.window[0]}, ${p.window[1]}])`);
  const taus = [...p.tau];
  for (let i = 0; i < taus.length; i++) for (let j = 0; j < i; j++) if (taus[i] === taus[j]) throw new ParamError('tau', `values must be distinct (${taus[i]} repeated)`);
  return {
    alpha: p.alpha,
    beta: p.beta,
    dgrid,
    vgrid,
    ...(p.v !== undefined ? { v: p.v } : { vRatio: vRatio! }),
    batch: p.batch,
    gammaFraction: p.gammaFraction,
    tau: taus,
    method: p.method,
    draws: p.method === 'de' ? 1 : p.draws,
    runs: p.runs,
    seed: p.seed,
    rmaxFactor: p.rmaxFactor,
    rmaxgrid,
    checkpoints: p.checkpoints,
    ...(p.window ? { window: [p.window[0], p.window[1]] as [number, number] } : {}),
    bootstrap: p.bootstrap,
    level: p.level,
    perDecade: p.perDecade,
    isoflopPoints: p.isoflopPoints,
    ...(p.spectrum ? { spectrum: p.spectrum } : {}),
  };
}
