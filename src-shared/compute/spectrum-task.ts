// The spectrum task (`plrf spectrum`, the job system): eigenvalue density of K = W̃ᵀDW̃, the
// irreducible risk F₀ and the outlier (DESIGN.md §3, §6).
//   method 'de'        — the deterministic equivalent (theory/de-spectrum.ts): density on its log
//                        grid (normalised, ∫ density dλ = 1 over the d nonzero eigenvalues), F₀,
//                        the spiked outlier {lambda, weight = μ_F(bump) ≈ (aᵀu_top)²} or null.
//   method 'empirical' — K draws (Rng.stream(seed, k, PROBLEM_STREAM), as the curve task): the
//                        histogram of all eigenvalues on log-spaced bins over the same range as the
//                        'de' grid, normalised the same way (counts / (K·d·bin width)); F₀ = mean σ²
//                        with its standard error; the top eigenpair (λ_top, (aᵀû_top)²) mean and
//                        standard error; `outlier` = that top pair when τ > 0, else null.
import type { LinalgBackend } from '../linalg/backend';
import { ParamError } from '../params/errors';
import { makeProblem } from '../model/problem';
import { deSpectrum } from '../theory/de-spectrum';
import { validateTheoryParams } from '../theory/plain-equivalent';
import { CancelledError, silentContext, type TaskContext } from './task';
import type { DataSpectrum } from '../spectrum/source';
import { resolveSpectrumParams } from '../spectrum/resolve';

/** resolved spectrum params: every field set; `spectrum` only with a data spectrum */
export type ResolvedSpectrumParams = Required<Omit<SpectrumParams, 'spectrum'>> & { spectrum?: DataSpectrum };

export interface SpectrumParams {
  method: 'de' | 'empirical';
  alpha: number;
  beta: number;
  v: number;
  d: number;
  /** c in τ = c/√d */
  tau?: number;
  /** empirical: number of draws (default 10) */
  draws?: number;
  seed?: number;
  /** empirical: number of log-spaced bins (default 60) */
  bins?: number;
  /** a data spectrum in place of (α, β) (method empirical; α, β become its fitted exponents) */
  spectrum?: DataSpectrum;
}

export interface SpectrumResult {
  method: 'de' | 'empirical';
  params: ResolvedSpectrumParams;
  lambda: number[];
  density: number[];
  F0: number;
  outlier: null | { lambda: number; weight: number };
  /** de: dμ_F/dλ on the grid */
  forcingDensity?: number[];
  /** empirical: bin edges (length bins + 1) and raw counts */
  edges?: number[];
  counts?: number[];
  /** empirical: standard errors over draws */
  F0_se?: number;
  top?: { lambda: number; lambda_se: number; weight: number; weight_se: number };
  /** de: discretisation diagnostics */
  diagnostics?: Record<string, number>;
  ms: number;
}

export const MAX_EMPIRICAL_VD = 2.5e8;

export function validateSpectrumParams(raw0: SpectrumParams): ResolvedSpectrumParams {
  if (raw0.method !== 'de' && raw0.method !== 'empirical') throw new ParamError('method', `must be de or empirical, got ${String(raw0.method)}`);
  const raw = resolveSpectrumParams(raw0 as unknown as Record<string, unknown>) as unknown as SpectrumParams;
  const p: ResolvedSpectrumParams = {
    method: raw.method,
    alpha: raw.alpha,
    beta: raw.beta,
    v: raw.v,
    d: raw.d,
    tau: raw.tau ?? 0,
    draws: raw.draws ?? 10,
    seed: raw.seed ?? 0,
    bins: raw.bins ?? 60,
    ...(raw.spectrum ? { spectrum: raw.spectrum } : {}),
  };
  if (!p.spectrum || p.method === 'de') validateTheoryParams(p);
  else {
    if (!(Number.isInteger(p.d) && p.d >= 1 && p.d < p.v)) throw new ParamError('d', `must be an integer with 1 ≤ d < v = ${p.v}, got ${p.d}`);
    if (!(Number.isFinite(p.tau) && p.tau >= 0 && p.tau <= 100)) throw new ParamError('tau', `c in τ = c/√d must be in [0, 100], got ${p.tau}`);
  }
  if (!(Number.isInteger(p.draws) && p.draws >= 1 && p.draws <= 10000)) throw new ParamError('draws', `must be an integer 1 ≤ draws ≤ 10000, got ${p.draws}`);
  if (!(Number.isInteger(p.seed) && p.seed >= 0 && p.seed <= Number.MAX_SAFE_INTEGER)) throw new ParamError('seed', `must be an integer ≥ 0, got ${p.seed}`);
  if (!(Number.isInteger(p.bins) && p.bins >= 2 && p.bins <= 10000)) throw new ParamError('bins', `must be an integer 2 ≤ bins ≤ 10000, got ${p.bins}`);
  if (p.method === 'empirical' && p.d > 20000) throw new ParamError('d', `empirical spectra need a dense d×d eigen-decomposition: d ≤ 20000, got ${p.d}`);
  // the drawn W̃ is v×d doubles: the same machine-independent ceiling as a study (2.5e8 = 2 GB);
  // below it the memory budget (compute/budget.ts) decides per machine
  if (p.method === 'empirical' && p.v * p.d > MAX_EMPIRICAL_VD)
    throw new ParamError('v', `too large: empirical spectra draw W̃ with v·d doubles, v·d ≤ ${MAX_EMPIRICAL_VD.toExponential(1)}, got v·d = ${(p.v * p.d).toExponential(2)} (${((8 * p.v * p.d) / 1e9).toPrecision(3)} GB)`);
  return p;
}

/** λ range of the displayed spectrum: the bottom of the de grid to above the top eigenvalue */
function displayRange(alpha: number, v: number, d: number): number {
  return Math.min(Math.pow(d, -2 * alpha), Math.pow(v, -2 * alpha) * 10) / 10;
}

export function runSpectrum(raw: SpectrumParams, backend: LinalgBackend, ctx: TaskContext = silentContext): SpectrumResult {
  const p = validateSpectrumParams(raw);
  const t0 = Date.now();
  if (p.method === 'de') {
    const s = deSpectrum({ alpha: p.alpha, beta: p.beta, v: p.v, d: p.d, tau: p.tau, ...(p.spectrum ? { spectrum: p.spectrum } : {}) }, { ctx });
    return {
      method: 'de',
      params: p,
      lambda: Array.from(s.lambda),
      density: Array.from(s.density),
      F0: s.F0,
      outlier: s.outlier,
      forcingDensity: Array.from(s.forcingDensity),
      diagnostics: { ...s.diagnostics, kappa: s.kappa, aNorm2: s.aNorm2 },
      ms: Date.now() - t0,
    };
  }
  // empirical
  const all: Float64Array[] = [];
  const s2: number[] = [];
  const tops: number[] = [];
  const wts: number[] = [];
  let lmax = 0;
  for (let k = 0; k < p.draws; k++) {
    if (ctx.cancelled()) throw new CancelledError();
    ctx.progress({ fraction: k / p.draws, phase: `eigen-decomposition d=${p.d} (draw ${k + 1}/${p.draws})` });
    const prob = makeProblem({ alpha: p.alpha, beta: p.beta, v: p.v, d: p.d, tau: p.tau, seed: p.seed, draw: k, spectrum: p.spectrum });
    const { v, d, D, a, W } = prob;
    const K = backend.gram(W, D, v, d);
    const g = new Float64Array(d);
    for (let i = 0; i < v; i++) {
      const s = Math.sqrt(D[i]!) * a[i]!;
      const row = i * d;
      for (let c = 0; c < d; c++) g[c] = g[c]! + W[row + c]! * s;
    }
    const sm = backend.spectralMeasure(K, d, [g]);
    const vals = sm.values;
    const w = sm.weights[0]!;
    let a2 = 0;
    for (let i = 0; i < v; i++) a2 += a[i]! * a[i]!;
    let top = 0;
    for (let j = 0; j < d; j++) if (vals[j]! > vals[top]!) top = j;
    const tol = 8.9e-16 * d * vals[top]!;
    let explained = 0;
    for (let j = 0; j < d; j++) if (vals[j]! > tol) explained += w[j]! / vals[j]!;
    s2.push(Math.max(0, a2 - explained));
    tops.push(vals[top]!);
    wts.push(w[top]! / vals[top]!); // (aᵀû)² with û = D^{1/2}W̃u/√λ
    lmax = Math.max(lmax, vals[top]!);
    all.push(Float64Array.from(vals));
  }
  const lo = p.spectrum ? Math.min(p.spectrum.lambda[p.d - 1]!, p.spectrum.lambda[p.v - 1]! * 10) / 10 : displayRange(p.alpha, p.v, p.d);
  const hi = lmax * 1.05;
  const nb = p.bins;
  const edges: number[] = [];
  for (let i = 0; i <= nb; i++) edges.push(lo * Math.pow(hi / lo, i / nb));
  const counts = new Array<number>(nb).fill(0);
  const lr = Math.log(hi / lo);
  for (const vals of all)
    for (const l of vals) {
      if (!(l >= lo && l < hi)) continue;
      const b = Math.min(nb - 1, Math.floor((Math.log(l / lo) / lr) * nb));
      counts[b]! += 1;
    }
  const lambda: number[] = [];
  const density: number[] = [];
  for (let b = 0; b < nb; b++) {
    lambda.push(Math.sqrt(edges[b]! * edges[b + 1]!));
    density.push(counts[b]! / (p.draws * p.d * (edges[b + 1]! - edges[b]!)));
  }
  const ms = (x: number[]) => {
    const m = x.reduce((s, y) => s + y, 0) / x.length;
    const se = x.length > 1 ? Math.sqrt(x.reduce((s, y) => s + (y - m) ** 2, 0) / (x.length - 1) / x.length) : NaN;
    return [m, se] as const;
  };
  const [F0, F0se] = ms(s2);
  const [tl, tlse] = ms(tops);
  const [tw, twse] = ms(wts);
  ctx.progress({ fraction: 1, phase: 'done' });
  return {
    method: 'empirical',
    params: p,
    lambda,
    density,
    F0,
    outlier: p.tau > 0 ? { lambda: tl, weight: tw } : null,
    edges,
    counts,
    F0_se: F0se,
    top: { lambda: tl, lambda_se: tlse, weight: tw, weight_se: twse },
    ms: Date.now() - t0,
  };
}
