// One-pass SGD simulated exactly in law in the eigenbasis of K (DESIGN.md §2), O(B·d) per step.
// With e = Uᵀ(θ − θ*): features φ̃ = Λ^{1/2}g, g ~ N(0, I_d); label noise ε ~ N(0, σ²) independent
// of φ̃ (y = ⟨φ, θ*⟩ + ε since (φ, y) is jointly Gaussian); the step
//   e ← e − γ Σ_{b=1..B} φ̃_b (⟨φ̃_b, e⟩ − ε_b),   risk R = σ² + Σ_j λ_j e_j².
// Start e₀ = −Uᵀθ* (θ₀ = 0). Only |e₀_j| = √m0_j matters: flipping the sign of e_j and g_j
// together leaves the law invariant, so e₀ = −√m0 is used. Run r draws from
// Rng.stream(seed, draw, runOffset + r): per step, for each batch element, d normals for g then
// one for ε. Risk at step t is measured before the t-th update (t = 0 is R(0)).
//
// Kernels — all bit-identical, run by run, to the TypeScript reference (`kernel: 'typescript'`,
// Rng.fillNormalDot + Rng.normal below): the same xoshiro128** + ziggurat numbers of each run's
// stream and the same IEEE operations in the same order for each run, so curves, divergence steps
// and update counts do not depend on the kernel, on how runs are grouped, or on runOffset splits.
//  - WebAssembly, 4 runs at once (runs r..r+3 in the SIMD lanes of one xoshiro128** state,
//    dynamics-wasm.ts fillNormalDot4): used while ≥ 2 runs are left (a group of 2 or 3 runs fills
//    the spare lanes with a dummy stream whose results are dropped). All lanes share the
//    checkpoint schedule; a run that diverges is recorded and its lane zeroed and ignored.
//  - WebAssembly, one run (fillNormalDot): for a single remaining run (and for all runs when the
//    memory for 4 interleaved runs, 4·B·d doubles, cannot be had).
//  - TypeScript (the reference): when WebAssembly/SIMD is unavailable, PLRF_WASM=0, or asked for.
// The ziggurat slow path runs in WebAssembly too; only the Gaussian tail (~0.06 % of the draws,
// Math.log) and wedge tests too close to call without Math.exp go back to the TypeScript Rng.
import type { SpectralProblem } from './measure';
import { Rng, zigguratTables } from '../rng/rng';
import { dynamicsArena, type DynamicsWasmExports } from './dynamics-wasm';
import { DIVERGENCE_FACTOR, checkSgdArgs, type Divergence, type SgdOptions, type SgdRunsResult } from './sgd-runs';

/** the WebAssembly kernel state: arrays in its memory (pointer = byteOffset), laid out for 4 interleaved runs */
interface SgdWasm {
  x: DynamicsWasmExports;
  /** the arrays have room for 4 interleaved runs (else 1: the memory for 4 could not be had) */
  wide: boolean;
  sq: Float64Array;
  lambda: Float64Array;
  e: Float64Array; // 4d: element j of lane l at 4j + l (a single run uses the first d)
  cur: Float64Array; // B = 1: this step's features and the previous step's (swapped each step)
  prev: Float64Array;
  G: Float64Array; // B > 1: 4·B·d features of the batch
  res: Float64Array; // 4·B residuals γ(⟨φ̃_b, e⟩ − σε_b)
  st: Int32Array; // 16: xoshiro128** state, word k of lane l at 4k + l
  risk: Float64Array; // 4: the risks of the lanes at a checkpoint
  tab: number;
  tmp: number;
}

function sgdWasm(d: number, B: number, L: 4 | 1): SgdWasm | null {
  const host = new Rng(1, 0, 0, 0); // scratch generator for the slow path the kernel hands over
  let hostState: Int32Array | null = null; // where the kernel leaves that state (tmp + 64 bytes)
  const f64 = [d, d, L * d, B === 1 ? L * d : 0, B === 1 ? L * d : 0, B > 1 ? L * B * d : 0, 4 * B, 4, 512];
  const A = dynamicsArena(f64, [16, 32], (u) => host.slowNormalIn(hostState!, u));
  if (!A) return L === 4 ? sgdWasm(d, B, 1) : null;
  const [sq, lambda, e, cur, prev, G, res, risk, tab] = A.f64 as [Float64Array, Float64Array, Float64Array, Float64Array, Float64Array, Float64Array, Float64Array, Float64Array, Float64Array];
  const [st, tmp] = A.i32 as [Int32Array, Int32Array];
  tab.set(sgdKernelTable());
  hostState = tmp.subarray(16, 20);
  return { x: A.exports, wide: L === 4, sq, lambda, e, cur, prev, G, res, st, risk, tab: tab.byteOffset, tmp: tmp.byteOffset };
}

/**
 * The ziggurat tables in the layout of the WebAssembly SGD kernels (512 doubles, assembly/sgd.ts):
 * (wn[i], kn[i]²) pairs, fn[i], X²[i] = −2 ln fn[i].
 */
export function sgdKernelTable(): Float64Array {
  const z = zigguratTables();
  const tab = new Float64Array(512);
  for (let i = 0; i < 128; i++) {
    tab[2 * i] = z.wn[i]!;
    tab[2 * i + 1] = z.kn[i]! * z.kn[i]!; // exact (< 2^48)
    tab[256 + i] = z.fn[i]!;
    tab[384 + i] = -2 * Math.log(z.fn[i]!);
  }
  return tab;
}

/** one group of runs sharing the step loop: `lanes` runs interleaved with `stride` (1 or 4) */
interface Group {
  lanes: number;
  stride: number;
  e: Float64Array;
  /** one SGD step; B = 1 leaves its update pending (applied by the next step or by flush) */
  step(pending: boolean): void;
  /** B = 1: apply the pending update e −= res·prev of the last step */
  flush(): void;
  /** out[l] = the risk σ² + Σ_j λ_j e_j² of lane l */
  risks(out: Float64Array): void;
}

export function sgdRotated(problem: SpectralProblem, opts: SgdOptions, checkpoints: number[]): SgdRunsResult {
  checkSgdArgs(opts, checkpoints);
  const { gamma, batch: B, runs } = opts;
  const lambda = problem.lambda;
  const d = lambda.length;
  const sigma = Math.sqrt(problem.sigma2);
  const W = opts.kernel === 'typescript' ? null : sgdWasm(d, B, 4);
  const sq = W ? W.sq : new Float64Array(d);
  for (let j = 0; j < d; j++) sq[j] = Math.sqrt(Math.max(0, lambda[j]!));
  W?.lambda.set(lambda);
  const nc = checkpoints.length;
  const curves = new Float64Array(runs * nc);
  const divergence: Divergence[] = [];
  const last = nc ? checkpoints[nc - 1]! : 0;
  const off = opts.runOffset ?? 0;
  let updates = 0;
  let cancelled = false;

  /** the step loop of one group (runs r0 .. r0 + lanes − 1): checkpoints, divergence, cancellation */
  const runGroup = (g: Group, r0: number): void => {
    const { lanes, stride, e } = g;
    const Rs = new Float64Array(stride);
    for (let j = 0; j < d; j++) {
      const v = -Math.sqrt(problem.m0[j]!);
      for (let l = 0; l < stride; l++) e[j * stride + l] = l < lanes ? v : 0;
    }
    let alive = (1 << lanes) - 1;
    const R0 = new Float64Array(lanes);
    let pending = false; // B = 1: the update e −= res·prev of the previous step is not applied yet
    let k = 0;
    let next = nc ? checkpoints[0]! : -1; // never read past the end (keeps V8 on the fast path)
    for (let t = 0; ; t++) {
      if (t === next) {
        if (pending) {
          g.flush();
          pending = false;
        }
        g.risks(Rs);
        for (let l = 0; l < lanes; l++) {
          if (!(alive & (1 << l))) continue;
          const R = Rs[l]!;
          if (k === 0) R0[l] = R;
          const row = (r0 + l) * nc;
          if (!Number.isFinite(R) || R > DIVERGENCE_FACTOR * (R0[l]! > 0 ? R0[l]! : 1)) {
            divergence.push({ run: r0 + l, step: t });
            for (let kk = k; kk < nc; kk++) curves[row + kk] = NaN;
            alive &= ~(1 << l);
            for (let j = 0; j < d; j++) e[j * stride + l] = 0; // the lane computes on, harmlessly
          } else curves[row + k] = R;
        }
        if (alive === 0) break;
        k++;
        next = k < nc ? checkpoints[k]! : -1;
      }
      if (t >= last) break;
      if ((t & 0xfff) === 0xfff && opts.cancelled?.()) {
        cancelled = true;
        break;
      }
      // honest progress inside a long group: steps done / steps of the group (cost per step is constant)
      if ((t & 0xffff) === 0xffff) opts.progress?.((r0 + (lanes * t) / last) / runs);
      g.step(pending);
      pending = B === 1;
      let a = alive;
      while (a) {
        updates += B * d;
        a &= a - 1;
      }
    }
  };

  for (let r = 0; r < runs && !cancelled; ) {
    const left = runs - r;
    if (W?.wide && left >= 2) {
      const lanes = Math.min(4, left);
      for (let l = 0; l < 4; l++) {
        // spare lanes: any valid stream (their results are dropped)
        const s = Rng.stream(opts.seed, opts.draw, l < lanes ? off + r + l : 0).state();
        for (let w = 0; w < 4; w++) W.st[4 * w + l] = s[w]!;
      }
      runGroup(wasmGroup4(W, d, B, gamma, sigma, problem.sigma2, lanes), r);
      r += lanes;
    } else {
      const rng = Rng.stream(opts.seed, opts.draw, off + r);
      if (W) {
        const s = rng.state();
        for (let w = 0; w < 4; w++) W.st[4 * w] = s[w]!;
      }
      runGroup(W ? wasmGroup1(W, d, B, gamma, sigma, problem.sigma2) : typescriptGroup(rng, sq, lambda, problem.sigma2, B, gamma, sigma), r);
      r += 1;
    }
    opts.progress?.(r / runs);
  }
  divergence.sort((a, b) => a.run - b.run); // by run, as one run after the other would list them
  return { curves, runs, checkpoints, divergence, cancelled, updates };
}

/** the TypeScript reference: one run */
function typescriptGroup(rng: Rng, sq: Float64Array, lambda: ArrayLike<number>, sigma2: number, B: number, gamma: number, sigma: number): Group {
  const d = sq.length;
  const e = new Float64Array(d);
  const res = new Float64Array(B);
  const G = new Float64Array(B > 1 ? B * d : 0);
  let cur = new Float64Array(B === 1 ? d : 0);
  let prev = new Float64Array(B === 1 ? d : 0);
  return {
    lanes: 1,
    stride: 1,
    e,
    step(pending) {
      if (B === 1) {
        // fused: apply the pending update of the previous step while drawing this step's features
        const sdot = pending ? rng.fillNormalDot(cur, 0, sq, e, -res[0]!, prev) : rng.fillNormalDot(cur, 0, sq, e);
        res[0] = gamma * (sdot - sigma * rng.normal());
        const tmp = prev;
        prev = cur;
        cur = tmp;
      } else {
        for (let b = 0; b < B; b++) res[b] = gamma * (rng.fillNormalDot(G, b * d, sq, e) - sigma * rng.normal());
        for (let b = 0; b < B; b++) {
          const rb = res[b]!;
          const o = b * d;
          for (let j = 0; j < d; j++) e[j] = e[j]! - rb * G[o + j]!;
        }
      }
    },
    flush() {
      const c = res[0]!;
      for (let j = 0; j < d; j++) e[j] = e[j]! - c * prev[j]!;
    },
    risks(out) {
      let s = sigma2;
      for (let j = 0; j < d; j++) s += lambda[j]! * e[j]! * e[j]!;
      out[0] = s;
    },
  };
}

/** WebAssembly, one run (lane 0 of the state) */
function wasmGroup1(W: SgdWasm, d: number, B: number, gamma: number, sigma: number, sigma2: number): Group {
  const { x, st, tab, tmp, sq, e, res, G } = W;
  let cur = W.cur;
  let prev = W.prev;
  return {
    lanes: 1,
    stride: 1,
    e,
    step(pending) {
      if (B === 1) {
        x.fillNormalDot(st.byteOffset, tab, tmp, cur.byteOffset, sq.byteOffset, e.byteOffset, d, res[0]!, pending ? prev.byteOffset : 0, res.byteOffset, gamma, sigma);
        const t = prev;
        prev = cur;
        cur = t;
      } else {
        for (let b = 0; b < B; b++) x.fillNormalDot(st.byteOffset, tab, tmp, G.byteOffset + 8 * b * d, sq.byteOffset, e.byteOffset, d, 0, 0, res.byteOffset + 8 * b, gamma, sigma);
        x.batchUpdate(e.byteOffset, G.byteOffset, res.byteOffset, d, B);
      }
    },
    flush: () => x.batchUpdate(e.byteOffset, prev.byteOffset, res.byteOffset, d, 1),
    risks(out) {
      out[0] = x.sgdRisk(e.byteOffset, W.lambda.byteOffset, d, sigma2);
    },
  };
}

/** WebAssembly, 4 runs in the SIMD lanes (`lanes` of them real) */
function wasmGroup4(W: SgdWasm, d: number, B: number, gamma: number, sigma: number, sigma2: number, lanes: number): Group {
  const { x, st, tab, tmp, sq, e, res, G } = W;
  let cur = W.cur;
  let prev = W.prev;
  return {
    lanes,
    stride: 4,
    e,
    step(pending) {
      if (B === 1) {
        // res holds the previous residuals (the pending coefficients) and receives the new ones
        x.fillNormalDot4(st.byteOffset, tab, tmp, cur.byteOffset, sq.byteOffset, e.byteOffset, d, res.byteOffset, pending ? prev.byteOffset : 0, res.byteOffset, gamma, sigma);
        const t = prev;
        prev = cur;
        cur = t;
      } else {
        for (let b = 0; b < B; b++) x.fillNormalDot4(st.byteOffset, tab, tmp, G.byteOffset + 32 * b * d, sq.byteOffset, e.byteOffset, d, 0, 0, res.byteOffset + 32 * b, gamma, sigma);
        x.batchUpdate4(e.byteOffset, G.byteOffset, res.byteOffset, d, B);
      }
    },
    flush: () => x.batchUpdate4(e.byteOffset, prev.byteOffset, res.byteOffset, d, 1),
    risks(out) {
      x.sgdRisk4(e.byteOffset, W.lambda.byteOffset, d, sigma2, W.risk.byteOffset);
      out.set(W.risk);
    },
  };
}
