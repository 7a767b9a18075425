// Parameters of one risk curve (`plrf curve`, the curve task, the UI form): ONE zod schema with
// field descriptions, plus the cross-field rules of DESIGN.md §1 checked by validateCurveParams,
// which throws a ParamError naming the field and stating the allowed range before any work.
//
// Conventions: `tau` is c in τ = c/√d (c = 0 plain, c = 1 the spiked study case). Exactly one of
// `gamma` (absolute step size, must be < γ_max of every drawn problem — checked once λ is known,
// see dynamics/stability.ts resolveGamma) or `gammaFraction` (γ = F·γ_max per draw) may be
// given; neither means gammaFraction = DEFAULT_GAMMA_FRACTION. Sizes whose memory would not fit
// are refused up front with the estimate (MEMORY_LIMIT_BYTES).
import { z } from 'zod';
import { ParamError, primaryIssue } from './errors';
import { numText } from './number-text';
import { checkOptimizerFields, optimizerFieldRanges, optimizerFields } from './optimizer-params';
import { dataSpectrumSchema } from '../spectrum/source';
import { resolveSpectrumParams } from '../spectrum/resolve';

/** default fraction of the largest stable step size γ_max (see dynamics/stability.ts) */
export const DEFAULT_GAMMA_FRACTION = 0.5;
/** refuse a curve whose working memory estimate exceeds this (bytes) */
export const MEMORY_LIMIT_BYTES = 4 * 1024 ** 3;

/**
 * The largest model size d of the exact and SGD methods, for curves and studies alike (the form
 * states it, the validators enforce it): W̃ and the eigen-decomposition of K take ~(v + 3d)·d
 * doubles, 4.0 GB at d = 10 000 with v = 2d — inside MEMORY_LIMIT_BYTES, so a curve at this d
 * with the default v = 2d is accepted. The deterministic equivalent (method de) goes further.
 */
export const MAX_D_EXACT = 10_000;

export const CURVE_METHODS = ['exact', 'sgd', 'de'] as const;
export type CurveMethod = (typeof CURVE_METHODS)[number];

/** what each method computes, in the user's words (form help; a form offering fewer methods lists only those) */
export const METHOD_HELP: Record<CurveMethod, string> = {
  exact: 'exact: the expected risk in closed form for each draw of the features',
  sgd: 'sgd: simulated SGD runs, averaged',
  de: 'de: the deterministic equivalent (no draws; fast for large d)',
};
/** the method help for a form offering `methods` */
export function methodHelp(methods: readonly CurveMethod[]): string {
  return methods.map((m) => METHOD_HELP[m]).join('; ');
}

/** the allowed range of each field, as stated in error messages and form help */
export const curveFieldRanges = {
  method: `one of ${CURVE_METHODS.join(', ')}`,
  alpha: 'a number > 0',
  beta: 'a number with 2·alpha + 2·beta > 1',
  v: 'an integer ≥ 2 (latent dimension) with d < v',
  d: `an integer with 1 ≤ d < v (model size), d ≤ ${MAX_D_EXACT} for methods exact and sgd`,
  tau: 'a number c ≥ 0 (spike strength τ = c/√d)',
  gamma: 'a number with 0 < gamma < gamma_max of the drawn problem',
  gammaFraction: 'a number in (0, 1) (γ = F·γ_max)',
  batch: 'an integer 1 ≤ batch ≤ 1e6',
  rmax: 'an integer 1 ≤ rmax ≤ 1e12 (number of SGD steps)',
  checkpoints: 'an integer 2 ≤ checkpoints ≤ 100000',
  draws: 'an integer 1 ≤ draws ≤ 100000',
  runs: 'an integer 1 ≤ runs ≤ 1e7',
  seed: 'an integer 0 ≤ seed ≤ 2^53 − 1',
  naive: 'true or false',
  ...optimizerFieldRanges,
  spectrum: 'a data spectrum (name, hash, eigenvalues lambda[] and target coefficients b[]) in place of alpha, beta',
} as const;

export const curveParamsSchema = z
  .object({
    method: z.enum(CURVE_METHODS).default('exact').describe(methodHelp(CURVE_METHODS)),
    alpha: z.number().gt(0).describe('data exponent α: the data eigenvalues fall as j⁻²ᵅ'),
    beta: z.number().describe('target exponent β: the target coefficients fall as j⁻ᵝ; needs 2α + 2β > 1'),
    v: z.number().int().min(2).describe('latent dimension v (number of data features), larger than d'),
    d: z.number().int().min(1).describe(`model size d (number of parameters), smaller than v; at most ${MAX_D_EXACT} for methods exact and sgd`),
    tau: z.number().min(0).default(0).describe('spike strength c, τ = c/√d (0 = plain model, 1 = τ = 1/√d)'),
    gamma: z.number().gt(0).optional().describe('absolute step size γ, below γ_max; give either γ or γ/γ_max, not both'),
    gammaFraction: z.number().gt(0).lt(1).optional().describe(`step size as a fraction of the largest stable step γ_max (default ${DEFAULT_GAMMA_FRACTION})`),
    batch: z.number().int().min(1).max(1e6).default(1).describe('batch size B'),
    rmax: z.number().int().min(1).max(1e12).default(10000).describe('last SGD step r of the curve'),
    checkpoints: z.number().int().min(2).max(100000).default(100).describe('number of log-spaced checkpoints (step 0 included)'),
    draws: z.number().int().min(1).max(100000).default(1).describe('independent draws of the features W̃'),
    runs: z.number().int().min(1).max(1e7).default(100).describe('SGD runs per draw (method sgd)'),
    seed: z.number().int().min(0).max(Number.MAX_SAFE_INTEGER).default(0).describe('random seed'),
    naive: z.boolean().default(false).describe('method sgd: use the slower O(B·v·d) reference simulator'),
    // the optimizer family (params/optimizer-params.ts): plain keys, all optional; absent = plain SGD
    ...optimizerFields,
    spectrum: dataSpectrumSchema.optional().describe('a data spectrum (eigenvalues and target coefficients) in place of the power law; α, β are then its fitted exponents'),
  })
  .strict();

/**
 * Kind `volterra` (method de, the deterministic equivalent): the curve fields with the theory
 * module's ranges (theory/plain-equivalent.ts validateTheoryParams: α ∈ (0, 10], β ∈ (−10, 10],
 * 2 ≤ d ≤ 1e7, d < v ≤ 1e9, c ∈ [0, 100]). ONE schema for the API, the CLI (`curve --method de`),
 * the worker and the form, so nothing the worker would refuse is ever queued.
 */
export const volterraParamsSchema = curveParamsSchema
  .extend({
    method: z.literal('de').default('de').describe(METHOD_HELP.de),
    alpha: z.number().gt(0).max(10).describe('data exponent α: the data eigenvalues fall as j⁻²ᵅ'),
    beta: z.number().gt(-10).max(10).describe('target exponent β: the target coefficients fall as j⁻ᵝ; needs 2α + 2β > 1'),
    v: z.number().int().min(3).max(1e9).describe('latent dimension v (number of data features), larger than d'),
    d: z.number().int().min(2).max(1e7).describe('model size d (number of parameters), smaller than v'),
    tau: z.number().min(0).max(100).default(0).describe('spike strength c, τ = c/√d (0 = plain model, 1 = τ = 1/√d)'),
  })
  .strict();

export const volterraFieldRanges = {
  ...curveFieldRanges,
  method: 'de (a volterra run is the deterministic equivalent)',
  alpha: 'a number in (0, 10]',
  beta: 'a number in (−10, 10] with 2·alpha + 2·beta > 1',
  v: 'an integer with d < v ≤ 1e9',
  d: 'an integer with 2 ≤ d ≤ 1e7 and d < v',
  tau: 'a number c in [0, 100] (spike strength τ = c/√d)',
} as const;

export type CurveParamsInput = z.input<typeof curveParamsSchema>;
export type CurveParams = z.output<typeof curveParamsSchema>;

/** one part of a memory estimate: `doubles` float64 values driven mostly by `param` */
export interface MemoryTerm {
  param: string;
  doubles: number;
  what: string;
}

/** the largest term: the parameter to name when the estimate is too large */
export function dominantTerm(terms: MemoryTerm[]): MemoryTerm {
  return terms.reduce((a, b) => (b.doubles > a.doubles ? b : a));
}

/**
 * The parts of a curve's working memory (per worker): W̃ (v·d), K and the eigen-decomposition
 * (~3·d²), stored curves (draws·checkpoints; SGD keeps runs·draws·checkpoints for the bands),
 * SGD's batch gradient (batch·d, sgd-rotated.ts), the naive simulator's v-vector; the
 * deterministic equivalent needs ~8·v (measure on the grid) and 4·checkpoints.
 */
export function curveMemoryTerms(p: Pick<CurveParams, 'method' | 'v' | 'd' | 'runs' | 'checkpoints' | 'draws' | 'naive' | 'batch'>): MemoryTerm[] {
  if (p.method === 'de')
    return [
      { param: 'v', doubles: 8 * p.v, what: `discretised measure ~8·v = ${(8 * p.v).toExponential(2)} doubles` },
      { param: 'checkpoints', doubles: 4 * p.checkpoints, what: `4·checkpoints = ${4 * p.checkpoints} doubles` },
    ];
  const terms: MemoryTerm[] = [
    { param: 'v', doubles: p.v * p.d + 8 * p.v, what: `W̃ has v·d = ${(p.v * p.d).toExponential(2)} doubles` },
    { param: 'd', doubles: 3 * p.d * p.d, what: `the eigen-decomposition ~3·d² = ${(3 * p.d * p.d).toExponential(2)} doubles` },
  ];
  if (p.method === 'sgd') {
    const n = p.runs * p.draws * p.checkpoints;
    const driver = p.runs >= p.draws && p.runs >= p.checkpoints ? 'runs' : p.draws >= p.checkpoints ? 'draws' : 'checkpoints';
    terms.push({ param: driver, doubles: n, what: `per-run curves runs·draws·checkpoints = ${n.toExponential(2)} doubles` });
    terms.push({ param: 'batch', doubles: (p.batch ?? 1) * p.d, what: `the batch gradient batch·d = ${((p.batch ?? 1) * p.d).toExponential(2)} doubles` });
  } else {
    const n = p.draws * p.checkpoints;
    terms.push({ param: p.draws >= p.checkpoints ? 'draws' : 'checkpoints', doubles: n, what: `curves draws·checkpoints = ${n.toExponential(2)} doubles` });
  }
  return terms;
}

/** working-memory estimate in bytes for one curve computation (per worker) */
export function curveMemoryBytes(p: Pick<CurveParams, 'method' | 'v' | 'd' | 'runs' | 'checkpoints' | 'draws' | 'naive'> & { batch?: number }): number {
  return 8 * curveMemoryTerms({ ...p, batch: p.batch ?? 1 }).reduce((s, t) => s + t.doubles, 0);
}

function gib(b: number): string {
  return `${(b / 1024 ** 3).toFixed(2)} GiB`;
}

/**
 * Validate raw input (from the CLI, the API or a form) into CurveParams, applying defaults.
 * Throws ParamError(field, "must be <range>, got …") on the first violated rule.
 */
export function validateCurveParams(raw: unknown): CurveParams {
  if (typeof raw !== 'object' || raw === null || Array.isArray(raw)) throw new ParamError('params', 'must be an object of curve parameters');
  raw = resolveSpectrumParams(raw as Record<string, unknown>);
  // method de is the volterra kind: its own (theory) schema, wherever the params come from
  const isDe = (raw as Record<string, unknown>).method === 'de';
  const schema: z.ZodType<CurveParams> = isDe ? (volterraParamsSchema as unknown as z.ZodType<CurveParams>) : curveParamsSchema;
  const ranges: Record<string, string> = isDe ? volterraFieldRanges : curveFieldRanges;
  const r = schema.safeParse(raw);
  if (!r.success) {
    const issue = primaryIssue(r.error.issues);
    if (issue.code === 'unrecognized_keys') {
      const key = (issue as { keys: string[] }).keys[0]!;
      throw new ParamError(key, `unknown parameter (allowed: ${Object.keys(ranges).join(', ')})`);
    }
    const field = String(issue.path[0] ?? 'params');
    const range = ranges[field] ?? issue.message;
    const got = (raw as Record<string, unknown>)[field];
    if (typeof got === 'number' && !Number.isFinite(got)) throw new ParamError(field, `must be a finite number (|x| < 1.8e308): ${range}, got ${numText(got)}`);
    throw new ParamError(field, `must be ${range}, got ${got === undefined ? 'nothing (required)' : JSON.stringify(got)}`);
  }
  const p = r.data;
  if (!p.spectrum && !(2 * p.alpha + 2 * p.beta > 1)) throw new ParamError('beta', `must satisfy 2·alpha + 2·beta > 1, got alpha = ${numText(p.alpha)}, beta = ${numText(p.beta)} (2·alpha + 2·beta = ${numText(2 * p.alpha + 2 * p.beta)})`);
  if (!(p.d < p.v)) throw new ParamError('d', `must be ${curveFieldRanges.d}, got d = ${p.d}, v = ${p.v}`);
  if (p.method !== 'de' && p.d > MAX_D_EXACT) throw new ParamError('d', `must be ≤ ${MAX_D_EXACT} for method ${p.method} (W̃ and the eigen-decomposition need ~(v + 3d)·d doubles), got ${p.d}; use method de for larger sizes`);
  if (p.gamma !== undefined && p.gammaFraction !== undefined) throw new ParamError('gamma', 'give either gamma or gammaFraction, not both');
  if (p.naive && p.method !== 'sgd') throw new ParamError('naive', 'only applies to method sgd');
  checkOptimizerFields({ ...p, optimizer: p.optimizer ?? 'sgd' });
  const terms = curveMemoryTerms(p);
  const bytes = 8 * terms.reduce((s, t) => s + t.doubles, 0);
  if (bytes > MEMORY_LIMIT_BYTES) {
    const top = dominantTerm(terms);
    throw new ParamError(top.param, `too large: needs about ${gib(bytes)} of memory (${top.what}), limit ${gib(MEMORY_LIMIT_BYTES)}`);
  }
  return p;
}
