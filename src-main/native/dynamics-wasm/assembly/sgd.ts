// @ts-nocheck — AssemblyScript source (not TypeScript): compiled together with closed-form.ts by
// ../build.mjs (`asc --enable simd`) into src-shared/dynamics/dynamics-wasm.generated.ts.
//
// fillNormalDot — the fused RNG + SGD kernel of src-shared/rng/rng.ts (Rng.fillNormalDot):
// xoshiro128** + the 128-layer ziggurat, bit-for-bit the same stream and the same arithmetic
// (IEEE operations in the same order) as the TypeScript reference. The rare ziggurat slow path
// (~1.2 %) is delegated to the host (`env.slowNormal`), which continues the same state in
// memory, so the stream is identical to the TypeScript one. batchUpdate — the batch update of
// rotated SGD (src-shared/dynamics/sgd-rotated.ts). Pointers are byte offsets into the memory.

@external("env", "slowNormal")
declare function slowNormal(u: u32): f64;

/**
 * Same contract as Rng.fillNormalDot: out[j] = scales[j]·g_j (j < n, g_j the next normals of the
 * xoshiro128** state at st (4 × i32)), returns Σ_j out[j]·y[j]; with x ≠ 0 first y[j] += a·x[j].
 * kn (i32 × 128) and wn (f64 × 128) are the ziggurat tables of rng.ts.
 */
export function fillNormalDot(st: usize, kn: usize, wn: usize, out: usize, scales: usize, y: usize, n: i32, a: f64, x: usize): f64 {
  // two copies of the loop (with and without the fused update) so the hot loop has no flag test
  return x != 0 ? fndLoop(st, kn, wn, out, scales, y, n, a, x, true) : fndLoop(st, kn, wn, out, scales, y, n, a, x, false);
}

// @ts-ignore: decorator
@inline
function fndLoop(st: usize, kn: usize, wn: usize, out: usize, scales: usize, y: usize, n: i32, a: f64, x: usize, AX: bool): f64 {
  let s0 = load<i32>(st), s1 = load<i32>(st + 4), s2 = load<i32>(st + 8), s3 = load<i32>(st + 12);
  let acc: f64 = 0;
  for (let j: i32 = 0; j < n; j++) {
    const o = (<usize>j) << 3;
    const m = s1 * 5;
    const u = ((m << 7) | (<i32>(<u32>m >> 25))) * 9;
    const t = s1 << 9;
    s2 ^= s0;
    s3 ^= s1;
    s1 ^= s2;
    s0 ^= s3;
    s2 ^= t;
    s3 = (s3 << 11) | (<i32>(<u32>s3 >> 21));
    const hz = u >> 7;
    const iz = (<usize>(u & 127));
    const sg = hz >> 31;
    let g: f64;
    if ((hz ^ sg) - sg < load<i32>(kn + (iz << 2))) {
      g = <f64>hz * load<f64>(wn + (iz << 3));
    } else {
      store<i32>(st, s0);
      store<i32>(st + 4, s1);
      store<i32>(st + 8, s2);
      store<i32>(st + 12, s3);
      g = slowNormal(<u32>u);
      s0 = load<i32>(st);
      s1 = load<i32>(st + 4);
      s2 = load<i32>(st + 8);
      s3 = load<i32>(st + 12);
    }
    let yj = load<f64>(y + o);
    if (AX) {
      yj += a * load<f64>(x + o);
      store<f64>(y + o, yj);
    }
    const h = load<f64>(scales + o) * g;
    store<f64>(out + o, h);
    acc += h * yj;
  }
  store<i32>(st, s0);
  store<i32>(st + 4, s1);
  store<i32>(st + 8, s2);
  store<i32>(st + 12, s3);
  return acc;
}

/** e[j] −= Σ_b r[b]·G[b·n + j] (the batch update of rotated SGD, B rows of length n), b in order */
export function batchUpdate(e: usize, G: usize, r: usize, n: i32, B: i32): void {
  for (let b: i32 = 0; b < B; b++) {
    const rb = load<f64>(r + ((<usize>b) << 3));
    const rv = f64x2.splat(rb);
    const row = G + (<usize>b) * (<usize>n << 3);
    let j: i32 = 0;
    for (; j + 1 < n; j += 2) {
      const o = (<usize>j) << 3;
      v128.store(e + o, f64x2.sub(v128.load(e + o), f64x2.mul(rv, v128.load(row + o))));
    }
    if (j < n) {
      const o = (<usize>j) << 3;
      store<f64>(e + o, load<f64>(e + o) - rb * load<f64>(row + o));
    }
  }
}
