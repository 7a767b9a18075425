// The checkpoint sums of the closed-form curve (closed-form.ts, DESIGN.md §2):
//   S(t) = constant + Σ_i coef_i μ_i^t = constant + Σ_i coef_i e^{t·l_i},  l_i = log(1 − ν_i) ≤ 0,
// at many integer checkpoints t, with the modes sorted by ν ascending (l descending from 0).
// Blocks of BLOCK consecutive modes with centre c_B and half-width h_B of their l:
//   Σ_{i∈B} coef_i e^{t l_i} = e^{t c_B} Σ_k M̃_{B,k} (t h_B)^k / k!,  M̃_{B,k} = Σ_{i∈B} coef_i ((l_i − c_B)/h_B)^k,
// used when t·h_B ≤ THETA: the terms are ≤ Σ|coef_i| e^{THETA}·THETA^k/k!, truncated after
// K_SERIES: < 2e-19 relative to Σ_{i∈B}|coef_i| (the normalised moments cannot underflow).
// Other blocks are summed directly (one exp per mode; WebAssembly SIMD when available). Blocks
// are visited in order of l (fastest decay last); once e^{t·l_first(B)}·Σ_{i≥B}|coef_i| is below
// 2^-64·|constant + series part| the rest is dropped, and if the final value turns out smaller
// than that estimate (cancellation) the sum is redone without the cut. Only for stable curves
// (all l ≤ 0); with growing modes the plain sum with Math.exp is used.
// Cost per checkpoint: O(#blocks·K_SERIES + modes with t|l| ≳ 10 up to the cut) instead of O(n).
import { dynamicsArena } from './dynamics-wasm';

const BLOCK = 128;
const THETA = 2;
const K_SERIES = 25; // 2^26/26! ≈ 1.7e-19
const DROP = 2 ** -64;

export interface RiskSumOptions {
  /** 'auto': the WebAssembly exp loop when available; 'typescript': Math.exp */
  kernel?: 'auto' | 'typescript';
}

/** plain sum with Math.exp (reference; also the path for unstable curves) */
export function riskSumDirect(logMu: Float64Array, coef: Float64Array, constant: number, t: number): number {
  const K = logMu.length;
  let s = 0;
  if (t === 0) {
    for (let i = 0; i < K; i++) s += coef[i]!;
  } else {
    for (let i = 0; i < K; i++) {
      const e = t * logMu[i]!;
      if (e < -745) {
        if (logMu[i]! <= 0) break; // l descending ⇒ every later mode has underflowed too
        continue;
      }
      s += coef[i]! * Math.exp(e);
    }
  }
  return constant + s;
}

/**
 * An evaluator of S(t) for modes with l = log(1 − ν) sorted descending (ν ascending). The block
 * tables are built once (O(n·K_SERIES)).
 */
export function riskSumEvaluator(logMu: Float64Array, coef: Float64Array, constant: number, opts: RiskSumOptions = {}): (checkpoints: ArrayLike<number>) => Float64Array {
  const n = logMu.length;
  const stable = n === 0 || logMu[0]! <= 0;
  if (!stable || n < 2 * BLOCK) {
    return (cps) => Float64Array.from({ length: cps.length }, (_, k) => riskSumDirect(logMu, coef, constant, cps[k]!));
  }
  const nb = Math.ceil(n / BLOCK);
  const centre = new Float64Array(nb);
  const half = new Float64Array(nb);
  const first = new Float64Array(nb); // l of the first (slowest) mode of the block
  const sufAbs = new Float64Array(nb + 1); // Σ_{i ≥ start of B} |coef_i|
  const mom = new Float64Array(nb * (K_SERIES + 1)); // M̃_{B,k}/k!
  const invFact = new Float64Array(K_SERIES + 1);
  invFact[0] = 1;
  for (let k = 1; k <= K_SERIES; k++) invFact[k] = invFact[k - 1]! / k;
  // xMax[K]: the largest x ≤ THETA whose tail after term K, Σ_{k>K} x^k/k! ≤ e^THETA·x^{K+1}/(K+1)!,
  // is ≤ 2e-19 — a block with t·h ≤ xMax[K] needs terms 0..K only; xMax[K_SERIES] = THETA
  const xMax = new Float64Array(K_SERIES + 1);
  for (let K = 0; K < K_SERIES; K++) xMax[K] = Math.min(THETA, Math.pow((2e-19 * Math.exp(-THETA)) / invFact[K + 1]!, 1 / (K + 1)));
  xMax[K_SERIES] = THETA;
  for (let B = 0; B < nb; B++) {
    const i0 = B * BLOCK, i1 = Math.min(n, i0 + BLOCK);
    const hi = logMu[i0]!, lo = logMu[i1 - 1]!;
    const c = 0.5 * (hi + lo);
    const h = 0.5 * (hi - lo);
    centre[B] = c;
    half[B] = h;
    first[B] = hi;
    const r = B * (K_SERIES + 1);
    for (let i = i0; i < i1; i++) {
      const x = h > 0 ? (logMu[i]! - c) / h : 0;
      let p = coef[i]!;
      for (let k = 0; k <= K_SERIES; k++) {
        mom[r + k] = mom[r + k]! + p;
        p *= x;
      }
    }
    for (let k = 0; k <= K_SERIES; k++) mom[r + k] = mom[r + k]! * invFact[k]!;
  }
  for (let B = nb - 1; B >= 0; B--) {
    let a = 0;
    for (let i = B * BLOCK, i1 = Math.min(n, i + BLOCK); i < i1; i++) a += Math.abs(coef[i]!);
    sufAbs[B] = sufAbs[B + 1]! + a;
  }
  // the direct part: WebAssembly (own exp, a few ulp) or Math.exp
  const A = opts.kernel === 'typescript' ? null : dynamicsArena([n, n], []);
  let direct: (i0: number, i1: number, t: number) => number;
  if (A) {
    const [lm, co] = A.f64 as [Float64Array, Float64Array];
    lm.set(logMu);
    co.set(coef);
    const x = A.exports, pl = lm.byteOffset, pc = co.byteOffset;
    direct = (i0, i1, t) => x.expSum(pl, pc, i0, i1, t);
  } else {
    direct = (i0, i1, t) => {
      let s = 0;
      for (let i = i0; i < i1; i++) {
        const e = t * logMu[i]!;
        if (e >= -745) s += coef[i]! * Math.exp(e);
      }
      return s;
    };
  }
  const isSeries = new Uint8Array(nb);
  return (cps) => {
    const nc = cps.length;
    const out = new Float64Array(nc);
    for (let k = 0; k < nc; k++) {
      const t = cps[k]!;
      if (t === 0) {
        out[k] = riskSumDirect(logMu, coef, constant, 0);
        continue;
      }
      // series blocks first (they set the scale for the cut)
      let series = 0;
      for (let B = 0; B < nb; B++) {
        const x = t * half[B]!;
        const use = x <= THETA && t * first[B]! >= -700 ? 1 : 0;
        isSeries[B] = use;
        if (!use) continue;
        const r = B * (K_SERIES + 1);
        // fewest terms whose truncation is below 2e-19 for this x (xMax ascending)
        let kk = 1;
        while (x > xMax[kk]!) kk++;
        let p = mom[r + kk]!;
        for (let j = kk - 1; j >= 0; j--) p = p * x + mom[r + j]!;
        series += Math.exp(t * centre[B]!) * p;
      }
      const scale = DROP * Math.abs(constant + series);
      let s = series;
      let dropped = 0;
      let runStart = -1;
      let B = 0;
      for (; B < nb; B++) {
        if (isSeries[B]) {
          if (runStart >= 0) {
            s += direct(runStart * BLOCK, B * BLOCK, t);
            runStart = -1;
          }
          continue;
        }
        const bound = Math.exp(t * first[B]!) * sufAbs[B]!;
        if (bound <= scale) {
          dropped = bound;
          break;
        }
        if (runStart < 0) runStart = B;
      }
      if (runStart >= 0) s += direct(runStart * BLOCK, Math.min(n, B * BLOCK), t);
      let v = constant + s;
      if (dropped > 0 && dropped > DROP * Math.abs(v)) {
        // cancellation made the value smaller than the cut assumed: add the dropped blocks
        for (let C = B; C < nb; C++) if (!isSeries[C]) s += direct(C * BLOCK, Math.min(n, C * BLOCK + BLOCK), t);
        v = constant + s;
      }
      out[k] = v;
    }
    return out;
  };
}
