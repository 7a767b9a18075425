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
import { ParamError, primaryIssue } from './errors';
import { numText } from './number-text';
import { DEFAULT_GAMMA_FRACTION, MAX_D_EXACT, methodHelp } from './model-params';
import { MAX_VARIANTS, expandGrid, findReference, normalizeVaryKey, tauLabel, variantKey, variantLabel, type VariantValue, type VariantValues, type VaryAxis } from './study-variants';
import { checkOptimizerFields, optimizerFields, type OptimizerParams } from './optimizer-params';
import { dataSpectrumSchema, type DataSpectrum } from '../spectrum/source';
import { resolveSpectrumParams } from '../spectrum/resolve';
import { applySpectrumValue, spectrumAxis, withSpectrumAxisDefaults, type SpectrumAxis } from './spectrum-axis';

export const STUDY_METHODS = ['exact', 'sgd', 'de'] as const;
/** the largest model size of method de in a study */
export const MAX_D_DE = 2_000_000;
export type StudyMethod = (typeof STUDY_METHODS)[number];

/** default fraction of γ_max: the engine's DEFAULT_GAMMA_FRACTION (see dynamics/stability.ts) */
export const STUDY_DEFAULT_GAMMA_FRACTION = DEFAULT_GAMMA_FRACTION;

export const studySpecSchema = z
  .object({
    alpha: z.number().positive().describe('data exponent α: the data eigenvalues fall as j⁻²ᵅ'),
    beta: z.number().describe('target exponent β: the target coefficients fall as j⁻ᵝ; needs 2α + 2β > 1'),
    dgrid: z.array(z.number().int().min(2)).min(3).max(40).describe(`model sizes d, at least 3 different, any order (sorted, repeats dropped); d ≤ ${MAX_D_EXACT} for methods exact and sgd`),
    v: z.number().int().min(3).optional().describe('one latent dimension v for all sizes (larger than every d); instead of v/d'),
    vRatio: z.number().gt(1).max(1000).optional().describe('latent dimension as a multiple of each size: v = ⌈(v/d)·d⌉ (default 2)'),
    batch: z.number().int().min(1).max(1_000_000).default(1).describe('batch size B ≥ 1'),
    gammaFraction: z.number().gt(0).lt(1).default(STUDY_DEFAULT_GAMMA_FRACTION).describe('step size as a fraction of the largest stable step γ_max of each drawn problem'),
    tau: z.array(z.number().min(0).max(1000)).min(1).max(8).default([0, 1]).describe('spike strengths c, τ = c/√d; the first is the reference of Δη'),
    method: z.enum(STUDY_METHODS).default('exact').describe(methodHelp(STUDY_METHODS)),
    draws: z.number().int().min(1).max(1000).default(3).describe('independent draws of the features W̃ per τ and d (method de needs none)'),
    runs: z.number().int().min(1).max(100_000).default(20).describe('SGD runs per draw (method sgd only)'),
    seed: z.number().int().min(0).max(2 ** 31 - 1).default(0).describe('random seed (the same seed gives the same draws)'),
    rmaxFactor: z.number().gt(0).max(1e6).default(10).describe('how far each size runs: the last step grows as this factor × d²ᵅ × (expected trace of K) / B; the default 10 reaches the plateau of every size'),
    rmax: z.union([z.number().gt(1), z.array(z.number().gt(1))]).optional().describe('the last step r, one for all sizes or one per size; replaces the r-range factor'),
    checkpoints: z.number().int().min(10).max(5000).default(160).describe('log-spaced checkpoints per curve'),
    window: z.tuple([z.number().positive(), z.number().positive()]).optional().describe('compute range of the fits; default: where the best size d* is inside the grid'),
    bootstrap: z.number().int().min(0).max(100_000).default(400).describe('bootstrap replicates for the intervals (0 = none)'),
    level: z.number().gt(0).lt(1).default(0.95).describe('confidence level of the intervals'),
    perDecade: z.number().int().min(5).max(1000).default(40).describe('frontier grid points per decade of C'),
    isoflopPoints: z.union([z.literal(3), z.literal(5)], { message: 'must be 3 or 5' }).default(3).describe('points per IsoFLOP profile in the parabola fit'),
    vary: z
      .record(z.string(), z.array(z.union([z.number(), z.string(), dataSpectrumSchema])).min(1).max(MAX_VARIANTS))
      .optional()
      .describe('variants: setting key → values; the study runs every combination (first key outermost) on shared draws; tau may be given here instead of as tau; spectrum: "power-law" or a data spectrum object (params/spectrum-axis.ts)'),
    reference: z.record(z.string(), z.union([z.number(), z.string()])).optional().describe('the reference variant of Δη, e.g. {batch: 1} (default: the first variant)'),
    // one optimizer for the whole study (params/optimizer-params.ts; absent = plain SGD); plain keys
    ...optimizerFields,
    spectrum: dataSpectrumSchema.optional().describe('data spectrum (D_j, b_j) in place of the power law: v is fixed (default its length); alpha, beta are its fitted exponents'),
  })
  .strict();

export type StudySpecInput = z.input<typeof studySpecSchema>;

/** the optimizer keys of a study (only those given; none = plain SGD, today's engine) */
export const OPTIMIZER_KEYS = Object.keys(optimizerFields) as (keyof OptimizerParams)[];

/** a validated study spec with every default resolved */
export interface StudySpec extends Partial<OptimizerParams> {
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
  /** the variants of the study (study-variants.ts), in grid order; a τ-only study has one per τ */
  variants: StudyVariant[];
  /** index of the reference variant of Δη */
  reference: number;
  /** the varied keys (normalised spelling) and their values, τ included, when more than τ is varied */
  vary?: Record<string, VariantValue[]>;
}

/** one variant's complete single setting (its own τ in `tau`, one value) */
export type StudySetting = Omit<StudySpec, 'variants' | 'reference' | 'vary'>;

export interface StudyVariant {
  /** the varied keys and this variant's values; always includes tau */
  values: VariantValues;
  /** what differs, e.g. "B = 8, τ = 1/√d" */
  label: string;
  /** key of its curves and partial results, e.g. "tau=1" or "batch=8,tau=0" */
  key: string;
  /** c in τ = c/√d */
  tau: number;
  setting: StudySetting;
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

/**
 * The d grid as the study uses it: sorted ascending, repeated sizes dropped (an explicit rmax per
 * size follows its size; a size given twice with two different rmax is refused). At least 3
 * different sizes remain, else a ParamError naming dgrid.
 */
export function normalizeDgrid(dgrid: readonly number[], rmax?: number | readonly number[]): { dgrid: number[]; rmax?: number | number[] } {
  const perSize = Array.isArray(rmax) && rmax.length === dgrid.length ? (rmax as number[]) : null;
  const order = dgrid.map((_, i) => i).sort((a, b) => dgrid[a]! - dgrid[b]! || a - b);
  const out: number[] = [];
  const outR: number[] = [];
  for (const i of order) {
    const d = dgrid[i]!;
    if (out.length && out[out.length - 1] === d) {
      if (perSize && outR[outR.length - 1] !== perSize[i]) throw new ParamError('rmax', `d = ${d} is given twice with different rmax (${outR[outR.length - 1]}, ${perSize[i]})`);
      continue;
    }
    out.push(d);
    if (perSize) outR.push(perSize[i]!);
  }
  if (out.length < 3) throw new ParamError('dgrid', `need at least 3 different sizes, got ${out.length} (${out.join(', ')})`);
  return { dgrid: out, ...(rmax === undefined ? {} : { rmax: perSize ? outR : (rmax as number | number[]) }) };
}

/** what normalizeDgrid changed, in words (shown under the form's d grid), or null when nothing */
export function dgridNote(dgrid: readonly number[]): string | null {
  const sorted = [...new Set(dgrid)].sort((a, b) => a - b);
  const repeats = dgrid.length - sorted.length;
  const wasSorted = dgrid.every((d, i) => i === 0 || d >= dgrid[i - 1]!);
  if (wasSorted && repeats === 0) return null;
  const what = [!wasSorted ? 'sorted' : '', repeats ? `${repeats} repeated size${repeats > 1 ? 's' : ''} dropped` : ''].filter(Boolean).join(', ');
  return `${what}: the study uses d = ${sorted.join(', ')}`;
}

function zodToParamError(err: z.ZodError): ParamError {
  const issue = primaryIssue(err.issues);
  if (issue.code === 'unrecognized_keys') return new ParamError((issue as { keys: string[] }).keys[0]!, 'unknown parameter');
  const path = issue.path.map(String).join('.') || '(spec)';
  if (issue.code === 'invalid_type' && (issue as { received?: unknown }).received === 'Infinity') return new ParamError(path, 'must be a finite number (|x| < 1.8e308), got a number beyond the double-precision range');
  return new ParamError(path, issue.message);
}

// sizes beyond which a unit would not fit in memory or time (refused up front)
// MAX_D_EXACT (model-params.ts): the exact/SGD limit shared with curves and stated in the forms
const MAX_V_EXACT_ELEMS = 2.5e8; // W̃ is v×d doubles: 2 GB
const MAX_SGD_WORK = 5e12; // Σ coordinate updates over all units
/** largest r of a curve (the engine's limit); the default rule is capped here */
export const RMAX_CAP = 1e12;

/**
 * Validate a study spec with its variants (study-variants.ts): the base setting, then every
 * combination of the non-τ keys as a complete setting with the study's whole τ list (so the
 * default r range uses the largest τ of the study, as for the τ-only study), errors on a varied
 * key renamed to `vary.KEY` with the value. The top-level fields are those of the first variant.
 */
export function validateStudySpec(raw: unknown): StudySpec {
  if (typeof raw === 'object' && raw !== null && !Array.isArray(raw)) {
    const o = raw as Record<string, unknown>;
    if (o.spectrum !== undefined && o.vRatio !== undefined) throw new ParamError('vRatio', 'a data spectrum fixes v (its length, or v ≤ it); vRatio does not apply');
    raw = withSpectrumAxisDefaults(resolveSpectrumParams(o));
  }
  const parsed = studySpecSchema.safeParse(raw);
  if (!parsed.success) throw zodToParamError(parsed.error);
  const input = { ...(raw as Record<string, unknown>) };
  delete input.vary;
  delete input.reference;
  const schemaKeys = Object.keys(studySpecSchema.shape);
  // the spectrum axis: values are "power-law" or data spectrum objects, named on the axis (spectrum-axis.ts)
  let specAxis: SpectrumAxis | undefined;
  const axes: VaryAxis[] = Object.entries(parsed.data.vary ?? {}).map(([k, values]) => {
    const key = normalizeVaryKey(k, schemaKeys, 'vary');
    if (key === 'spectrum') {
      specAxis = spectrumAxis(values, input);
      return { key, values: specAxis.names };
    }
    const obj = values.findIndex((x) => typeof x === 'object');
    if (obj >= 0) throw new ParamError(`vary.${key}`, `value ${obj + 1}: expected a number or a name (objects only on the spectrum axis)`);
    return { key, values: values as VariantValue[] };
  });
  for (let i = 0; i < axes.length; i++) {
    const a = axes[i]!;
    if (axes.findIndex((b) => b.key === a.key) !== i) throw new ParamError(`vary.${a.key}`, 'given twice (two spellings of one key)');
    a.values.forEach((v, j) => {
      if (a.values.findIndex((w) => String(w) === String(v)) !== j) throw new ParamError(`vary.${a.key}`, `values must be distinct (${v} repeated)`);
    });
  }
  const tauAxis = axes.find((a) => a.key === 'tau');
  if (tauAxis && input.tau !== undefined) throw new ParamError('vary.tau', 'give τ either as tau or in vary, not both');
  let taus: number[];
  if (tauAxis) {
    const bad = tauAxis.values.find((v) => typeof v !== 'number');
    if (bad !== undefined) throw new ParamError('vary.tau', `tau=${bad}: expected a number c ≥ 0 (τ = c/√d)`);
    taus = tauAxis.values as number[];
  } else {
    taus = input.tau !== undefined ? parsed.data.tau : axes.length ? [0] : parsed.data.tau;
    axes.push({ key: 'tau', values: taus });
  }
  const count = axes.reduce((n, a) => n * a.values.length, 1);
  if (count > MAX_VARIANTS) throw new ParamError('vary', `at most ${MAX_VARIANTS} variants (got ${axes.map((a) => a.values.length).join(' × ')} = ${count})`);
  // one resolved setting per combination of the non-τ keys
  const other = axes.filter((a) => a.key !== 'tau');
  const settings = new Map<string, StudySetting>();
  for (const combo of expandGrid(other)) {
    const vin: Record<string, unknown> = { ...input, tau: taus };
    for (const [k, v] of Object.entries(combo)) {
      if (k === 'v') delete vin.vRatio;
      if (k === 'vRatio') delete vin.v;
      if (k === 'rmaxFactor') delete vin.rmax;
      if (k === 'spectrum') applySpectrumValue(vin, String(v), specAxis!);
      else vin[k] = v;
    }
    try {
      settings.set(variantKey(combo), validateStudySetting(vin.spectrum !== undefined ? resolveSpectrumParams(vin) : vin));
    } catch (e) {
      if (!(e instanceof ParamError)) throw e;
      const head = e.param.split('.')[0]!;
      const detail = e.message.slice(e.param.length + 2);
      if (head === 'tau' && tauAxis) throw new ParamError('vary.tau', `${e.param}: ${detail}`);
      if (head in combo) throw new ParamError(`vary.${head}`, `${head}=${combo[head]}: ${detail}`);
      const names = Object.entries(combo).map(([k, v]) => `${k}=${v}`);
      throw names.length ? new ParamError(e.param, `${detail} (variant ${names.join(', ')})`) : e;
    }
  }
  const grid = expandGrid(axes);
  const variants: StudyVariant[] = grid.map((values) => {
    const combo = Object.fromEntries(Object.entries(values).filter(([k]) => k !== 'tau'));
    const tau = values.tau as number;
    const s = settings.get(variantKey(combo))!;
    return { values, label: variantLabel(values, axes), key: variantKey(values), tau, setting: { ...s, tau: [tau] } };
  });
  let reference = 0;
  if (parsed.data.reference) {
    const ref: VariantValues = {};
    for (const [k, v] of Object.entries(parsed.data.reference)) {
      const nk = normalizeVaryKey(k, schemaKeys, 'reference');
      if (!axes.some((a) => a.key === nk)) throw new ParamError(`reference.${k}`, `"${k}" is not varied (varied: ${axes.map((a) => a.key).join(', ')})`);
      ref[nk] = v;
    }
    reference = findReference(
      variants.map((v) => v.values),
      ref,
    );
  }
  const first = settings.get(variantKey(Object.fromEntries(other.map((a) => [a.key, a.values[0]!]))))!;
  return {
    ...first,
    tau: [...new Set(variants.map((v) => v.tau))],
    variants,
    reference,
    ...(other.length ? { vary: Object.fromEntries(axes.map((a) => [a.key, a.values])) } : {}),
  };
}

export { tauLabel };

/** one complete single setting (no variants): today's validation of a τ list */
function validateStudySetting(raw: unknown): StudySetting {
  const parsed = studySpecSchema.safeParse(raw);
  if (!parsed.success) throw zodToParamError(parsed.error);
  const p = parsed.data;
  if (!p.spectrum && !(2 * p.alpha + 2 * p.beta > 1)) throw new ParamError('beta', `need 2α + 2β > 1 (got 2·${numText(p.alpha)} + 2·${numText(p.beta)} = ${numText(2 * p.alpha + 2 * p.beta)})`);
  const norm = normalizeDgrid(p.dgrid, p.rmax);
  const dgrid = norm.dgrid;
  if (norm.rmax !== undefined) p.rmax = norm.rmax;
  if (p.v !== undefined && p.vRatio !== undefined) throw new ParamError('v', 'give either v or vRatio, not both');
  const vRatio = p.v === undefined ? (p.vRatio ?? 2) : undefined;
  const vgrid = dgrid.map((d) => (p.v !== undefined ? p.v : Math.ceil(vRatio! * d)));
  for (let i = 0; i < dgrid.length; i++) {
    if (!(vgrid[i]! > dgrid[i]!)) throw new ParamError(p.v !== undefined ? 'v' : 'vRatio', `need v > d for every size (v = ${vgrid[i]}, d = ${dgrid[i]})`);
  }
  const dmax = dgrid[dgrid.length - 1]!;
  if (p.method === 'exact' || p.method === 'sgd') {
    if (dmax > MAX_D_EXACT) throw new ParamError('dgrid', `d ≤ ${MAX_D_EXACT} for method ${p.method} (W̃ and the eigen-decomposition need ~(v + 3d)·d doubles), got d = ${dmax}; use method de for larger sizes`);
    const vmax = vgrid[vgrid.length - 1]!;
    if (vmax * dmax > MAX_V_EXACT_ELEMS) throw new ParamError(p.v !== undefined ? 'v' : 'vRatio', `v·d ≤ ${MAX_V_EXACT_ELEMS.toExponential(1)} (W̃ needs v·d doubles = ${((vmax * dmax * 8) / 1e9).toFixed(1)} GB)`);
  } else if (dmax > MAX_D_DE) throw new ParamError('dgrid', `d ≤ ${MAX_D_DE} for method de, got d = ${dmax}`);
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
  const opt: Partial<OptimizerParams> = {};
  for (const k of OPTIMIZER_KEYS) if (p[k] !== undefined) (opt as Record<string, unknown>)[k] = p[k];
  checkOptimizerFields(opt as OptimizerParams); // γ of a study is always gammaFraction·γ_max (SGD, momentum)
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
    ...opt,
    ...(p.spectrum ? { spectrum: p.spectrum } : {}),
  };
}
