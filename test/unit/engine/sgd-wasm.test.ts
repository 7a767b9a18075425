// The WebAssembly SGD kernels (issue 2) continue the TypeScript streams bit for bit: the same
// xoshiro128** + ziggurat numbers of each run (slow path in WebAssembly, the Gaussian tail handed
// back to the TypeScript Rng) and the same floating-point operations in the same order per run, so
// curves, divergence records and update counts are identical to the TypeScript reference loop
// (`kernel: 'typescript'`). Covered: one run (single-run kernel), 4 runs in SIMD lanes, groups of
// 2–3 runs (spare lanes), runs = 4k + 1 (lanes + single), B = 1 (fused pending update) and B > 1,
// one lane diverging while the others go on, cancellation, and the raw kernels against Rng.
import { describe, expect, it } from 'vitest';
import { sgdKernelTable, sgdRotated } from '../../../src-shared/dynamics/sgd-rotated';
import { gammaMax } from '../../../src-shared/dynamics/stability';
import { logCheckpoints } from '../../../src-shared/dynamics/checkpoints';
import { Rng, zigguratTables } from '../../../src-shared/rng/rng';
import { dynamicsArena } from '../../../src-shared/dynamics/dynamics-wasm';
import type { SgdOptions, SgdRunsResult } from '../../../src-shared/dynamics/sgd-runs';
import type { SpectralProblem } from '../../../src-shared/dynamics/measure';
import { syntheticProblem } from './helpers';

const wasm = process.env.PLRF_WASM !== '0';

function expectSame(w: SgdRunsResult, t: SgdRunsResult): void {
  expect(w.updates).toBe(t.updates);
  expect(w.cancelled).toBe(t.cancelled);
  expect(w.divergence).toEqual(t.divergence);
  // toEqual on arrays treats NaN = NaN and distinguishes nothing below the last bit: compare bits
  expect(Array.from(new BigUint64Array(w.curves.buffer, w.curves.byteOffset, w.curves.length))).toEqual(Array.from(new BigUint64Array(t.curves.buffer, t.curves.byteOffset, t.curves.length)));
}

function both(P: SpectralProblem, o: SgdOptions, c: number[]): [SgdRunsResult, SgdRunsResult] {
  return [sgdRotated(P, o, c), sgdRotated(P, { ...o, kernel: 'typescript' }, c)];
}

describe('rotated SGD: WebAssembly kernels = TypeScript reference, bit for bit', () => {
  for (const [d, B, runs] of [
    [300, 1, 1], // single-run kernel
    [300, 1, 4], // one full lane group
    [57, 3, 4],
    [57, 1, 5], // lanes + single run
    [40, 2, 6], // lanes + a group of 2 (two spare lanes)
    [33, 8, 7], // lanes + a group of 3, B = 8
    [8, 1, 20],
    [2, 1, 3],
  ] as const) {
    it(`d = ${d}, B = ${B}, ${runs} runs`, () => {
      const P = syntheticProblem(d, 5, d);
      const gamma = 0.7 * gammaMax(P.lambda, B);
      const c = logCheckpoints(400, 12);
      const [w, t] = both(P, { gamma, batch: B, runs, seed: 11, draw: 2, runOffset: 5 }, c);
      expect(w.divergence).toEqual([]);
      expectSame(w, t);
    });
  }

  it('one lane diverges, the other runs of its group go on unchanged', () => {
    // γ = 1.5 γ_max: some runs blow up (fixed seeds, so this is deterministic: runs 0 and 2 of the
    // first group diverge at step 1759, runs 1 and 3 stay finite — checked on the reference first)
    const P = syntheticProblem(6, 2, 4);
    const c = logCheckpoints(3000, 30);
    const o = { gamma: 1.5 * gammaMax(P.lambda, 1), batch: 1, runs: 6, seed: 3, draw: 0 };
    const [w, t] = both(P, o, c);
    const first = new Set(t.divergence.filter((x) => x.run < 4).map((x) => x.run));
    expect(first.size > 0 && first.size < 4).toBe(true);
    expectSame(w, t);
    for (let r = 0; r < 4; r++) {
      const row = Array.from(w.curves.subarray(r * c.length, (r + 1) * c.length));
      if (first.has(r)) expect(row.some(Number.isNaN)).toBe(true);
      else expect(row.every(Number.isFinite)).toBe(true);
    }
  });

  it('lanes diverging at different steps, B = 1 and B = 3', () => {
    const c = logCheckpoints(3000, 30);
    for (const [d, B, f] of [
      [6, 1, 2],
      [10, 3, 1.3],
      [10, 3, 1.5],
    ] as const) {
      const P = syntheticProblem(d, 2, 4);
      const [w, t] = both(P, { gamma: f * gammaMax(P.lambda, B), batch: B, runs: 7, seed: 3, draw: 0 }, c);
      expect(new Set(t.divergence.map((x) => x.step)).size).toBeGreaterThan(1);
      expectSame(w, t);
    }
  });

  it('cancellation stops every kernel at the same poll (every 4096 steps)', () => {
    const P = syntheticProblem(20, 3, 20);
    const c = logCheckpoints(20000, 10);
    for (const runs of [1, 5]) {
      const res: SgdRunsResult[] = [];
      for (const kernel of ['auto', 'typescript'] as const) {
        let polls = 0;
        const r = sgdRotated(P, { gamma: 0.5 * gammaMax(P.lambda, 1), batch: 1, runs, seed: 1, draw: 0, kernel, cancelled: () => ++polls >= 2 }, c);
        expect(r.cancelled).toBe(true);
        expect(polls).toBe(2);
        res.push(r);
      }
      // the first group (4 lanes, or the single run) was stopped after 8191 steps
      const per = 8191 * 20;
      expect(res[0]!.updates).toBe((wasm ? Math.min(runs, 4) : 1) * per);
      expect(res[1]!.updates).toBe(per);
      // checkpoints reached before the stop agree
      const ok = c.filter((t) => t < 8191).length;
      for (let k = 0; k < ok; k++) expect(res[0]!.curves[k]).toBe(res[1]!.curves[k]);
    }
  });

  it('progress reaches 1 and runs split across calls give the same rows', () => {
    const P = syntheticProblem(30, 4, 3);
    const c = logCheckpoints(200, 8);
    const o = { gamma: 0.6 * gammaMax(P.lambda, 2), batch: 2, seed: 4, draw: 0 };
    const seen: number[] = [];
    const all = sgdRotated(P, { ...o, runs: 11, progress: (f) => seen.push(f) }, c);
    expect(seen.at(-1)).toBe(1);
    const tail = sgdRotated(P, { ...o, runs: 5, runOffset: 6 }, c);
    expect(all.curves.subarray(6 * c.length)).toEqual(tail.curves);
    const one = sgdRotated(P, { ...o, runs: 1, runOffset: 9, kernel: 'typescript' }, c);
    expect(all.curves.subarray(9 * c.length, 10 * c.length)).toEqual(one.curves);
  });
});

describe.skipIf(!wasm)('the raw SGD kernels against Rng', () => {
  /** an arena with the kernels' tables, scratch and state; the host Rng for the slow path */
  function setup(n: number, lanes: number) {
    const host = new Rng(1, 0, 0, 0);
    let hostState: Int32Array | null = null;
    let hostCalls = 0;
    const A = dynamicsArena([n, lanes * n, lanes * n, lanes * n, 4, 4, 512], [16, 32], (u) => {
      hostCalls++;
      return host.slowNormalIn(hostState!, u);
    })!;
    expect(A).not.toBeNull();
    const [scales, y, x, out, c, res, tab] = A.f64 as Float64Array[];
    const [st, tmp] = A.i32 as Int32Array[];
    tab!.set(sgdKernelTable());
    hostState = tmp!.subarray(16, 20);
    for (let j = 0; j < n; j++) scales![j] = 1 + (j % 7) / 10;
    for (let i = 0; i < lanes * n; i++) {
      y![i] = Math.sin(i);
      x![i] = Math.cos(i);
    }
    return { A, scales: scales!, y: y!, x: x!, out: out!, c: c!, res: res!, tab: tab!, st: st!, tmp: tmp!, calls: () => hostCalls };
  }

  it('single run: same normals, dot product, residual and final state (with and without the fused update)', () => {
    const n = 5000; // ≈ 60 slow-path draws, ≈ 3 from the tail
    const K = setup(n, 1);
    for (const withX of [true, false]) {
      const ref = Rng.stream(3, 1, 7);
      const s = ref.state();
      for (let w = 0; w < 4; w++) K.st[4 * w] = s[w]!;
      const yRef = Float64Array.from(K.y);
      const outRef = new Float64Array(n);
      const dot = withX ? ref.fillNormalDot(outRef, 0, Float64Array.from(K.scales), yRef, -0.3, Float64Array.from(K.x)) : ref.fillNormalDot(outRef, 0, Float64Array.from(K.scales), yRef);
      const resRef = 0.01 * (dot - 0.7 * ref.normal());
      K.A.exports.fillNormalDot(K.st.byteOffset, K.tab.byteOffset, K.tmp.byteOffset, K.out.byteOffset, K.scales.byteOffset, K.y.byteOffset, n, 0.3, withX ? K.x.byteOffset : 0, K.res.byteOffset, 0.01, 0.7);
      expect(K.res[0]).toBe(resRef);
      expect(Array.from(K.out)).toEqual(Array.from(outRef));
      expect(Array.from(K.y)).toEqual(Array.from(yRef));
      expect([0, 1, 2, 3].map((w) => K.st[4 * w]! >>> 0)).toEqual(ref.state());
    }
    expect(K.calls()).toBeGreaterThan(0); // the tail went through the host
  });

  it('four lanes: each lane is its own stream, bit for bit (200 000 normals per lane)', () => {
    const n = 50_000;
    const K = setup(n, 4);
    for (let round = 0; round < 4; round++) {
      const withX = round % 2 === 0;
      const refs = [0, 1, 2, 3].map((l) => Rng.stream(5, round, 100 + l));
      for (let l = 0; l < 4; l++) {
        const s = refs[l]!.state();
        for (let w = 0; w < 4; w++) K.st[4 * w + l] = s[w]!;
      }
      const cs = [0.25, -1.5, 3e-3, 0];
      K.c.set(cs);
      const ys = [0, 1, 2, 3].map((l) => Float64Array.from({ length: n }, (_, j) => K.y[4 * j + l]!));
      const xs = [0, 1, 2, 3].map((l) => Float64Array.from({ length: n }, (_, j) => K.x[4 * j + l]!));
      K.A.exports.fillNormalDot4(K.st.byteOffset, K.tab.byteOffset, K.tmp.byteOffset, K.out.byteOffset, K.scales.byteOffset, K.y.byteOffset, n, K.c.byteOffset, withX ? K.x.byteOffset : 0, K.res.byteOffset, 0.02, 1.3);
      for (let l = 0; l < 4; l++) {
        const out = new Float64Array(n);
        const dot = withX ? refs[l]!.fillNormalDot(out, 0, K.scales, ys[l]!, -cs[l]!, xs[l]!) : refs[l]!.fillNormalDot(out, 0, K.scales, ys[l]!);
        expect(K.res[l]).toBe(0.02 * (dot - 1.3 * refs[l]!.normal()));
        let bad = 0;
        for (let j = 0; j < n; j++) if (K.out[4 * j + l] !== out[j] || K.y[4 * j + l] !== ys[l]![j]) bad++;
        expect(bad).toBe(0);
        expect([0, 1, 2, 3].map((w) => K.st[4 * w + l]! >>> 0)).toEqual(refs[l]!.state());
      }
    }
  });

  it('batchUpdate4 = the per-run batch update', () => {
    const n = 37, B = 3;
    const A = dynamicsArena([4 * n, 4 * B * n, 4 * B], [], () => NaN)!;
    const [e, G, r] = A.f64 as Float64Array[];
    for (let i = 0; i < 4 * n; i++) e![i] = Math.sin(i);
    for (let i = 0; i < 4 * B * n; i++) G![i] = Math.cos(3 * i);
    for (let i = 0; i < 4 * B; i++) r![i] = 0.1 * (i + 1);
    const ref = Float64Array.from(e!);
    for (let l = 0; l < 4; l++)
      for (let b = 0; b < B; b++) for (let j = 0; j < n; j++) ref[4 * j + l] = ref[4 * j + l]! - r![4 * b + l]! * G![4 * (b * n + j) + l]!;
    A.exports.batchUpdate4(e!.byteOffset, G!.byteOffset, r!.byteOffset, n, B);
    expect(Array.from(e!)).toEqual(Array.from(ref));
  });

  it('the wedge-test bracket holds Math.exp(−0.5·x·x) on every wedge, and is tight', () => {
    const A = dynamicsArena([512, 2], [])!;
    const [tab, out] = A.f64 as Float64Array[];
    tab!.set(sgdKernelTable());
    const z = zigguratTables();
    let maxOmega = 0;
    let width = 0;
    let count = 0;
    let bad = 0;
    for (let iz = 1; iz < 128; iz++) {
      // the wedge of layer iz: x·2^24/wn from kn[iz] (fast test fails) to 2^24 (the layer edge)
      const lo = z.kn[iz]! * z.wn[iz]!;
      const hi = 16777216 * z.wn[iz]!;
      maxOmega = Math.max(maxOmega, (tab![384 + iz]! - lo * lo) / 2);
      for (let k = 0; k <= 400; k++) {
        const x = (k & 1 ? -1 : 1) * (lo + ((hi - lo) * k) / 400);
        A.exports.wedgeBounds(tab!.byteOffset, iz, x, out!.byteOffset);
        const f = Math.exp(-0.5 * x * x);
        if (!(out![0]! < f && f < out![1]!)) bad++;
        // relative to the wedge height fn[iz−1] − fn[iz]: how often the host has to decide
        width += (out![1]! - out![0]!) / (z.fn[iz - 1]! - z.fn[iz]!);
        count++;
      }
    }
    expect(bad).toBe(0);
    expect(count).toBe(127 * 401);
    expect(maxOmega).toBeLessThan(0.78); // the range the remainder bound (e^0.78/5!) covers
    expect(width / count).toBeLessThan(1e-4);
  });
});
