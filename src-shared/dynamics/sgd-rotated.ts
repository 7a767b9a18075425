// One-pass SGD simulated exactly in law in the eigenbasis of K (DESIGN.md §2), O(B·d) per step.
// With e = Uᵀ(θ − θ*): features φ̃ = Λ^{1/2}g, g ~ N(0, I_d); label noise ε ~ N(0, σ²) independent
// of φ̃ (y = ⟨φ, θ*⟩ + ε since (φ, y) is jointly Gaussian); the step
//   e ← e − γ Σ_{b=1..B} φ̃_b (⟨φ̃_b, e⟩ − ε_b),   risk R = σ² + Σ_j λ_j e_j².
// Start e₀ = −Uᵀθ* (θ₀ = 0). Only |e₀_j| = √m0_j matters: flipping the sign of e_j and g_j
// together leaves the law invariant, so e₀ = −√m0 is used. Run r draws from
// Rng.stream(seed, draw, runOffset + r): per step, for each batch element, d normals for g then
// one for ε. Risk at step t is measured before the t-th update (t = 0 is R(0)).
// Kernel: the fused "draw features, dot with e, apply the previous update" pass runs in
// WebAssembly (dynamics-wasm.ts, same xoshiro128** + ziggurat stream and the same floating-point
// operations in the same order, so the numbers are bit-identical to the TypeScript path) when
// available; `kernel: 'typescript'` forces the TypeScript reference (Rng.fillNormalDot).
import type { SpectralProblem } from './measure';
import { Rng, zigguratTables } from '../rng/rng';
import { dynamicsArena, type DynamicsWasmExports } from './dynamics-wasm';
import { DIVERGENCE_FACTOR, checkSgdArgs, type SgdOptions, type SgdRunsResult } from './sgd-runs';

/** the WebAssembly kernel state: arrays in its memory and their byte offsets */
interface SgdWasm {
  x: DynamicsWasmExports;
  sq: Float64Array;
  e: Float64Array;
  a: Float64Array; // the two feature buffers of the B = 1 path (swapped each step)
  b: Float64Array;
  G: Float64Array;
  res: Float64Array;
  state: Int32Array;
  pkn: number;
  pwn: number;
  setRng(r: Rng): void;
}

function sgdWasm(d: number, B: number): SgdWasm | null {
  let rng: Rng | null = null;
  const A = dynamicsArena([d, d, d, d, B * d, B, 128], [4, 128], (u) => rng!.slowNormalFor(u));
  if (!A) return null;
  const [sq, e, a, b, G, res, wn] = A.f64 as [Float64Array, Float64Array, Float64Array, Float64Array, Float64Array, Float64Array, Float64Array];
  const [state, kn] = A.i32 as [Int32Array, Int32Array];
  const t = zigguratTables();
  kn.set(t.kn);
  wn.set(t.wn);
  return {
    x: A.exports,
    sq,
    e,
    a,
    b,
    G,
    res,
    state,
    pkn: kn.byteOffset,
    pwn: wn.byteOffset,
    setRng(r) {
      rng = r;
      r.attachState(state);
    },
  };
}

export function sgdRotated(problem: SpectralProblem, opts: SgdOptions, checkpoints: number[]): SgdRunsResult {
  checkSgdArgs(opts, checkpoints);
  const { gamma, batch: B, runs } = opts;
  const lambda = problem.lambda;
  const d = lambda.length;
  const sigma = Math.sqrt(problem.sigma2);
  const W = opts.kernel === 'typescript' ? null : sgdWasm(d, B);
  const sq = W ? W.sq : new Float64Array(d);
  for (let j = 0; j < d; j++) sq[j] = Math.sqrt(Math.max(0, lambda[j]!));
  const e = W ? W.e : new Float64Array(d);
  const G = W ? W.G : new Float64Array(B * d);
  const res = W ? W.res : new Float64Array(B);
  let cur = W ? W.a : new Float64Array(d);
  let prev = W ? W.b : new Float64Array(d);
  const nc = checkpoints.length;
  const curves = new Float64Array(runs * nc);
  const divergence: { run: number; step: number }[] = [];
  const last = nc ? checkpoints[nc - 1]! : 0;
  const risk = (): number => {
    let s = problem.sigma2;
    for (let j = 0; j < d; j++) s += lambda[j]! * e[j]! * e[j]!;
    return s;
  };
  let updates = 0;
  let cancelled = false;
  const off = opts.runOffset ?? 0;
  for (let r = 0; r < runs && !cancelled; r++) {
    const rng = Rng.stream(opts.seed, opts.draw, off + r);
    if (W) W.setRng(rng);
    for (let j = 0; j < d; j++) e[j] = -Math.sqrt(problem.m0[j]!);
    let pending = false; // B = 1: an update e −= pendingCoef·prev not yet applied
    let pendingCoef = 0;
    let k = 0;
    let next = nc ? checkpoints[0]! : -1; // never read past the end (keeps V8 on the fast path)
    let R0 = NaN;
    for (let t = 0; ; t++) {
      if (t === next) {
        if (pending) {
          for (let j = 0; j < d; j++) e[j] = e[j]! - pendingCoef * prev[j]!;
          pending = false;
        }
        const R = risk();
        if (k === 0) R0 = R;
        if (!Number.isFinite(R) || R > DIVERGENCE_FACTOR * (R0 > 0 ? R0 : 1)) {
          divergence.push({ run: r, step: t });
          for (let kk = k; kk < nc; kk++) curves[r * nc + kk] = NaN;
          break;
        }
        curves[r * nc + k] = R;
        k++;
        next = k < nc ? checkpoints[k]! : -1;
      }
      if (t >= last) break;
      if ((t & 0xfff) === 0xfff && opts.cancelled?.()) {
        cancelled = true;
        break;
      }
      // residuals of the batch at the current e
      if (B === 1) {
        // fused: apply the pending update of the previous step while drawing this step's features
        const sdot = W
          ? W.x.fillNormalDot(W.state.byteOffset, W.pkn, W.pwn, cur.byteOffset, sq.byteOffset, e.byteOffset, d, pending ? -pendingCoef : 0, pending ? prev.byteOffset : 0)
          : pending
            ? rng.fillNormalDot(cur, 0, sq, e, -pendingCoef, prev)
            : rng.fillNormalDot(cur, 0, sq, e);
        pendingCoef = gamma * (sdot - sigma * rng.normal());
        pending = true;
        const tmp = prev;
        prev = cur;
        cur = tmp;
      } else {
        for (let b = 0; b < B; b++) {
          const s = W ? W.x.fillNormalDot(W.state.byteOffset, W.pkn, W.pwn, G.byteOffset + 8 * b * d, sq.byteOffset, e.byteOffset, d, 0, 0) : rng.fillNormalDot(G, b * d, sq, e);
          res[b] = gamma * (s - sigma * rng.normal());
        }
        if (W) W.x.batchUpdate(e.byteOffset, G.byteOffset, res.byteOffset, d, B);
        else for (let b = 0; b < B; b++) {
          const rb = res[b]!;
          const off2 = b * d;
          for (let j = 0; j < d; j++) e[j] = e[j]! - rb * G[off2 + j]!;
        }
      }
      updates += B * d;
    }
    opts.progress?.((r + 1) / runs);
  }
  return { curves, runs, checkpoints, divergence, cancelled, updates };
}
