// The WebAssembly SGD kernel (issue 2) continues the TypeScript stream bit for bit: same
// xoshiro128** + ziggurat numbers (slow path delegated to the TypeScript Rng) and the same
// floating-point operations in the same order, so curves are identical — checked against the
// TypeScript reference loop (`kernel: 'typescript'`) for B = 1 (fused pending update) and B > 1.
import { describe, expect, it } from 'vitest';
import { sgdRotated } from '../../../src-shared/dynamics/sgd-rotated';
import { gammaMax } from '../../../src-shared/dynamics/stability';
import { logCheckpoints } from '../../../src-shared/dynamics/checkpoints';
import { Rng, zigguratTables } from '../../../src-shared/rng/rng';
import { dynamicsArena } from '../../../src-shared/dynamics/dynamics-wasm';
import { syntheticProblem } from './helpers';

describe('rotated SGD: WebAssembly kernel = TypeScript reference, bit for bit', () => {
  for (const [d, B, runs] of [
    [300, 1, 3],
    [57, 3, 4],
    [8, 1, 20],
  ] as const) {
    it(`d = ${d}, B = ${B}, ${runs} runs`, () => {
      const P = syntheticProblem(d, 5, d);
      const gamma = 0.7 * gammaMax(P.lambda, B);
      const c = logCheckpoints(400, 12);
      const base = { gamma, batch: B, runs, seed: 11, draw: 2, runOffset: 5 };
      const w = sgdRotated(P, base, c);
      const t = sgdRotated(P, { ...base, kernel: 'typescript' }, c);
      expect(w.updates).toBe(t.updates);
      expect(Array.from(w.curves)).toEqual(Array.from(t.curves));
    });
  }

  it.skipIf(process.env.PLRF_WASM === '0')('the raw kernel: same normals, same dot product, and the Rng continues the same stream', () => {
    const n = 5000; // ≈ 60 slow-path draws
    const ref = Rng.stream(3, 1, 7);
    const rng = Rng.stream(3, 1, 7);
    const A = dynamicsArena([n, n, n, n, 128], [4, 128], (u) => rng.slowNormalFor(u))!;
    expect(A).not.toBeNull();
    const [out, scales, y, x, wn] = A.f64 as Float64Array[];
    const [st, kn] = A.i32 as Int32Array[];
    const tab = zigguratTables();
    kn!.set(tab.kn);
    wn!.set(tab.wn);
    for (let j = 0; j < n; j++) {
      scales![j] = 1 + (j % 7) / 10;
      y![j] = Math.sin(j);
      x![j] = Math.cos(j);
    }
    const yRef = Float64Array.from(y!);
    const outRef = new Float64Array(n);
    rng.attachState(st!);
    const sRef = ref.fillNormalDot(outRef, 0, Float64Array.from(scales!), yRef, 0.3, Float64Array.from(x!));
    const s = A.exports.fillNormalDot(st!.byteOffset, kn!.byteOffset, wn!.byteOffset, out!.byteOffset, scales!.byteOffset, y!.byteOffset, n, 0.3, x!.byteOffset);
    expect(s).toBe(sRef);
    expect(Array.from(out!)).toEqual(Array.from(outRef));
    expect(Array.from(y!)).toEqual(Array.from(yRef));
    expect(rng.state()).toEqual(ref.state());
    expect(rng.normal()).toBe(ref.normal());
  });
});
