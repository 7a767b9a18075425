// @ts-nocheck — AssemblyScript source (not TypeScript): compiled together with closed-form.ts by
// ../build.mjs (`asc --enable simd`) into src-shared/dynamics/dynamics-wasm.generated.ts.
//
// The fused RNG + SGD kernels of rotated SGD (src-shared/dynamics/sgd-rotated.ts). Convention:
// every number is bit-for-bit what the TypeScript reference gives for the same run — the
// xoshiro128** stream and the 128-layer ziggurat of src-shared/rng/rng.ts (Rng.fillNormalDot,
// Rng.normal) and the same IEEE double operations in the same order per run (no fused
// multiply-add; x − c·y is the same IEEE result as x + (−c)·y).
//
// fillNormalDot4 runs 4 independent runs at once: run l lives in lane l of an i32x4 xoshiro128**
// state (SoA: word k of lane l at st + 16k + 4l) and its float work in f64x2 pairs, arrays
// interleaved by run (element j of lane l at index 4j + l). Each lane sees exactly its own
// stream and its own sequence of operations, so it equals the single-run reference. A lane
// whose 32-bit output fails the ziggurat fast test is finished one by one (scalar slow path)
// without disturbing the other lanes.
//
// Slow path (~1.2 % of the draws) in WebAssembly: the wedge test L < exp(−x²/2) is decided from a
// rigorous bracket of exp(−x²/2) (wedgeBounds: a degree-4 Taylor polynomial about the layer edge,
// its remainder bound and a 2^-40 rounding margin), so the decision is the one Math.exp gives; a
// draw inside the bracket (≈ 1 in 20 000 wedge tests), and the Gaussian tail (base layer, ~0.06 %
// of the draws, needs Math.log), are handed to the host (`env.slowNormal`: the TypeScript Rng
// continuing the same state from tmp + 64, Rng.slowNormalIn), so the stream stays identical.
//
// Memory blocks (byte offsets into the exported memory):
//   tab: 128 × (wn[i], kn[i]²) as f64 pairs, then fn[0..127], then X²[i] = −2 ln fn[i] (f64) — the
//        ziggurat tables of rng.ts (kn² so that the fast test |hz| < kn is hz² < kn² in exact double
//        arithmetic);
//   tmp: 128 bytes of scratch: [0, 64) a state dump, [64, 80) the host's contiguous state,
//        [80, 112) 4 normals, [112, 128) 4 raw outputs;
//   st:  64 bytes, the SoA state above (the single-run kernel uses lane 0).

@external("env", "slowNormal")
declare function slowNormal(u: u32): f64;

const FN_OFF: usize = 2048; // fn table in `tab`
const X2_OFF: usize = 3072; // X² table in `tab`
const T_SP: usize = 64; // contiguous state read by the host's Rng
const T_G: usize = 80; // 4 × f64 normals
const T_U: usize = 112; // 4 × i32 raw outputs
const REL: f64 = 9.094947017729282e-13; // 2^-40: rounding margin of the wedge test

// @ts-ignore: decorator
@inline
function rotl(x: i32, k: i32): i32 {
  return (x << k) | <i32>(<u32>x >> (32 - k));
}

/** e^ω ≈ 1 + ω + ω²/2 + ω³/6 + ω⁴/24 */
// @ts-ignore: decorator
@inline
function taylor4(om: f64): f64 {
  const o2 = om * om;
  return 1.0 + om + o2 * (0.5 + om * 1.6666666666666666e-1 + o2 * 4.1666666666666664e-2);
}

/** a bound on |e^ω − taylor4(ω)| for |ω| ≤ 0.78: |ω|⁵·e^0.78/5! (e^0.78/120 = 0.01818) */
// @ts-ignore: decorator
@inline
function rem4(om: f64): f64 {
  const o2 = om * om;
  return 0.0182 * o2 * o2 * abs(om);
}

/**
 * The bracket of the wedge test (for tests; slowPath computes the same): out[0..1] = lo, hi with
 * lo < exp(−x²/2) < hi for x in the wedge of layer iz (1 ≤ iz ≤ 127). exp(−x²/2) = fn[iz]·e^ω,
 * ω = (X² − x²)/2 with X² = −2 ln fn[iz], and |ω| ≤ 0.74 in every wedge; e^ω is taylor4(ω) ± rem4(ω);
 * the factors 1 ∓ 2^-40 cover the rounding of all this (< 1e-14 relative), the 1-ulp error of
 * Math.exp and the rounding of its argument, so L < lo ⇒ L < Math.exp(−0.5·x·x) and L > hi ⇒ not.
 */
export function wedgeBounds(tab: usize, iz: i32, x: f64, out: usize): void {
  const f1 = load<f64>(tab + FN_OFF + ((<usize>iz) << 3));
  const om = 0.5 * (load<f64>(tab + X2_OFF + ((<usize>iz) << 3)) - x * x);
  const P = taylor4(om);
  const R = rem4(om);
  store<f64>(out, f1 * (P - R) * (1 - REL));
  store<f64>(out, f1 * (P + R) * (1 + REL), 8);
}

/** the host finishes the slow path of output v on the lane state at p (words p, p+16, p+32, p+48) */
function hostSlow(p: usize, tmp: usize, v: i32): f64 {
  const sp = tmp + T_SP;
  store<i32>(sp, load<i32>(p));
  store<i32>(sp, load<i32>(p, 16), 4);
  store<i32>(sp, load<i32>(p, 32), 8);
  store<i32>(sp, load<i32>(p, 48), 12);
  const g = slowNormal(<u32>v);
  store<i32>(p, load<i32>(sp));
  store<i32>(p, load<i32>(sp, 4), 16);
  store<i32>(p, load<i32>(sp, 8), 32);
  store<i32>(p, load<i32>(sp, 12), 48);
  return g;
}

/**
 * Rng.slowNormal: the normal for the output u that failed the fast test, continuing the lane
 * state at p (words p, p+16, p+32, p+48) — the same draws and the same result. Branch-light: the
 * uniform of the wedge test and the output that follows a rejection are both drawn, and the
 * outcome selects the state and the result.
 */
function slowPath(p: usize, tab: usize, tmp: usize, u: i32): f64 {
  let v = u;
  for (;;) {
    const iz = <usize>(v & 127);
    const x = <f64>(v >> 7) * load<f64>(tab + (iz << 4));
    if (iz == 0) return hostSlow(p, tmp, v); // the tail (Math.log)
    let s0 = load<i32>(p), s1 = load<i32>(p, 16), s2 = load<i32>(p, 32), s3 = load<i32>(p, 48);
    // the uniform of the wedge test
    const w = rotl(s1 * 5, 7) * 9;
    let t = s1 << 9;
    s2 ^= s0;
    s3 ^= s1;
    s1 ^= s2;
    s0 ^= s3;
    s2 ^= t;
    s3 = rotl(s3, 11);
    // the next output (used if the wedge test rejects)
    const v2 = rotl(s1 * 5, 7) * 9;
    t = s1 << 9;
    let r2 = s2 ^ s0;
    let r3 = s3 ^ s1;
    const r1 = s1 ^ r2;
    const r0 = s0 ^ r3;
    r2 ^= t;
    r3 = rotl(r3, 11);
    // the wedge test L < exp(−x²/2), decided as Math.exp would decide it (see wedgeBounds)
    const f1 = load<f64>(tab + FN_OFF + (iz << 3));
    const f0 = load<f64>(tab + FN_OFF + ((iz - 1) << 3));
    const L = f1 + ((<f64>(<u32>w) + 0.5) * 2.3283064365386963e-10) * (f0 - f1);
    const om = 0.5 * (load<f64>(tab + X2_OFF + (iz << 3)) - x * x);
    const P = taylor4(om);
    const R = rem4(om);
    const accept = L < f1 * (P - R) * (1 - REL);
    if (!accept && !(L > f1 * (P + R) * (1 + REL))) return hostSlow(p, tmp, v); // too close: Math.exp decides
    const hz = v2 >> 7;
    const jz = <usize>(v2 & 127) << 4;
    const fast = <f64>hz * <f64>hz < load<f64>(tab + jz, 8);
    store<i32>(p, select<i32>(s0, r0, accept));
    store<i32>(p, select<i32>(s1, r1, accept), 16);
    store<i32>(p, select<i32>(s2, r2, accept), 32);
    store<i32>(p, select<i32>(s3, r3, accept), 48);
    if (accept | fast) return reinterpret<f64>(select<i64>(reinterpret<i64>(x), reinterpret<i64>(<f64>hz * load<f64>(tab + jz)), accept));
    v = v2; // rejected, and the next output fails the fast test too
  }
  return NaN; // not reached
}

// ---------------------------------------------------------------- one run

/**
 * Rng.fillNormalDot followed by the residual: out[j] = scales[j]·g_j (j < n), with x ≠ 0 first
 * y[j] ← y[j] − c·x[j] (the pending update of the previous step), acc = Σ_j out[j]·y[j], then
 * res[0] = γ·(acc − σ·ε) with ε the next normal. State: lane 0 of the SoA block st.
 */
export function fillNormalDot(st: usize, tab: usize, tmp: usize, out: usize, scales: usize, y: usize, n: i32, c: f64, x: usize, res: usize, gamma: f64, sigma: f64): void {
  // the loop with and without the update (binaryen may fold the two into one loop with a flag test)
  if (x != 0) fnd1(st, tab, tmp, out, scales, y, n, c, x, res, gamma, sigma, true);
  else fnd1(st, tab, tmp, out, scales, y, n, c, x, res, gamma, sigma, false);
}

// @ts-ignore: decorator
@inline
function fnd1(st: usize, tab: usize, tmp: usize, out: usize, scales: usize, y: usize, n: i32, c: f64, x: usize, res: usize, gamma: f64, sigma: f64, AX: bool): void {
  let s0 = load<i32>(st), s1 = load<i32>(st, 16), s2 = load<i32>(st, 32), s3 = load<i32>(st, 48);
  let acc: f64 = 0;
  for (let j: i32 = 0; j <= n; j++) {
    const m = s1 * 5;
    const u = rotl(m, 7) * 9;
    const t = s1 << 9;
    s2 ^= s0;
    s3 ^= s1;
    s1 ^= s2;
    s0 ^= s3;
    s2 ^= t;
    s3 = rotl(s3, 11);
    const hz = u >> 7;
    const iz = (<usize>(u & 127)) << 4;
    let g: f64;
    if (<f64>hz * <f64>hz < load<f64>(tab + iz, 8)) {
      g = <f64>hz * load<f64>(tab + iz);
    } else {
      store<i32>(st, s0);
      store<i32>(st, s1, 16);
      store<i32>(st, s2, 32);
      store<i32>(st, s3, 48);
      g = slowPath(st, tab, tmp, u);
      s0 = load<i32>(st);
      s1 = load<i32>(st, 16);
      s2 = load<i32>(st, 32);
      s3 = load<i32>(st, 48);
    }
    if (j == n) {
      // ε, the label noise
      store<f64>(res, gamma * (acc - sigma * g));
      break;
    }
    const o = (<usize>j) << 3;
    let yj = load<f64>(y + o);
    if (AX) {
      yj = yj - c * load<f64>(x + o);
      store<f64>(y + o, yj);
    }
    const h = load<f64>(scales + o) * g;
    store<f64>(out + o, h);
    acc += h * yj;
  }
  store<i32>(st, s0);
  store<i32>(st, s1, 16);
  store<i32>(st, s2, 32);
  store<i32>(st, s3, 48);
}

/** e[j] −= r[b]·G[b·n + j] for b = 0..B−1 in order (the batch update of one run, B rows of length n) */
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

/** σ² + Σ_j λ_j·e_j·e_j, j in order (the risk of one run at a checkpoint) */
export function sgdRisk(e: usize, lambda: usize, n: i32, sigma2: f64): f64 {
  let s = sigma2;
  for (let j: i32 = 0; j < n; j++) {
    const o = (<usize>j) << 3;
    const v = load<f64>(e + o);
    s += load<f64>(lambda + o) * v * v;
  }
  return s;
}

// ---------------------------------------------------------------- four runs in SIMD lanes

/**
 * the slow path for the lanes set in `mask` (state dumped in tmp[0, 64), outputs in tmp + T_U, normals
 * to tmp + T_G); exported only so that it stays out of line (the hot loop of fnd4 stays small)
 */
export function fixLanes(tab: usize, tmp: usize, mask: i32): void {
  while (mask != 0) {
    const l = <usize>ctz(mask);
    mask &= mask - 1;
    store<f64>(tmp + T_G + (l << 3), slowPath(tmp + (l << 2), tab, tmp, load<i32>(tmp + T_U + (l << 2))));
  }
}

/**
 * Four runs of fillNormalDot at once (lane l = run l; see the header): out[4j + l] = scales[j]·g_lj,
 * with x ≠ 0 first y[4j + l] ← y[4j + l] − c[l]·x[4j + l], acc_l = Σ_j out[4j + l]·y[4j + l], then
 * res[l] = γ·(acc_l − σ·ε_l). c and res may be the same array (c is read first).
 */
export function fillNormalDot4(st: usize, tab: usize, tmp: usize, out: usize, scales: usize, y: usize, n: i32, c: usize, x: usize, res: usize, gamma: f64, sigma: f64): void {
  if (x != 0) fnd4(st, tab, tmp, out, scales, y, n, c, x, res, gamma, sigma, true);
  else fnd4(st, tab, tmp, out, scales, y, n, c, x, res, gamma, sigma, false);
}

// @ts-ignore: decorator
@inline
function fnd4(st: usize, tab: usize, tmp: usize, out: usize, scales: usize, y: usize, n: i32, c: usize, x: usize, res: usize, gamma: f64, sigma: f64, AX: bool): void {
  let s0 = v128.load(st), s1 = v128.load(st, 16), s2 = v128.load(st, 32), s3 = v128.load(st, 48);
  let acc01 = f64x2.splat(0), acc23 = f64x2.splat(0);
  for (let j: i32 = 0; j <= n; j++) {
    // xoshiro128** in each lane (·5 and ·9 as shifts and adds: the same 32-bit results)
    const m = i32x4.add(s1, i32x4.shl(s1, 2));
    const r = v128.or(i32x4.shl(m, 7), i32x4.shr_u(m, 25));
    const u = i32x4.add(r, i32x4.shl(r, 3));
    const t = i32x4.shl(s1, 9);
    s2 = v128.xor(s2, s0);
    s3 = v128.xor(s3, s1);
    s1 = v128.xor(s1, s2);
    s0 = v128.xor(s0, s3);
    s2 = v128.xor(s2, t);
    s3 = v128.or(i32x4.shl(s3, 11), i32x4.shr_u(s3, 21));
    // ziggurat fast path: layer iz = u & 127 (table offsets 16·iz), abscissa hz = u >> 7
    const hz = i32x4.shr_s(u, 7);
    const off = i32x4.shr_u(i32x4.shl(u, 25), 21);
    const q0 = i64x2.extract_lane(off, 0);
    const q1 = i64x2.extract_lane(off, 1);
    const e0 = v128.load(tab + <usize>(<u32>q0));
    const e1 = v128.load(tab + <usize>(<u32>(q0 >>> 32)));
    const e2 = v128.load(tab + <usize>(<u32>q1));
    const e3 = v128.load(tab + <usize>(<u32>(q1 >>> 32)));
    const h01 = f64x2.convert_low_i32x4_s(hz);
    const h23 = f64x2.convert_low_i32x4_s(i32x4.shuffle(hz, hz, 2, 3, 2, 3));
    let g01 = f64x2.mul(h01, i64x2.shuffle(e0, e1, 0, 2));
    let g23 = f64x2.mul(h23, i64x2.shuffle(e2, e3, 0, 2));
    const mask = i64x2.bitmask(f64x2.ge(f64x2.mul(h01, h01), i64x2.shuffle(e0, e1, 1, 3))) | (i64x2.bitmask(f64x2.ge(f64x2.mul(h23, h23), i64x2.shuffle(e2, e3, 1, 3))) << 2);
    if (mask != 0) {
      v128.store(tmp, s0);
      v128.store(tmp, s1, 16);
      v128.store(tmp, s2, 32);
      v128.store(tmp, s3, 48);
      v128.store(tmp + T_G, g01);
      v128.store(tmp + T_G, g23, 16);
      v128.store(tmp + T_U, u);
      fixLanes(tab, tmp, mask);
      s0 = v128.load(tmp);
      s1 = v128.load(tmp, 16);
      s2 = v128.load(tmp, 32);
      s3 = v128.load(tmp, 48);
      g01 = v128.load(tmp + T_G);
      g23 = v128.load(tmp + T_G, 16);
    }
    if (j == n) {
      // ε, the label noise of each run
      const gv = f64x2.splat(gamma);
      const sv = f64x2.splat(sigma);
      v128.store(res, f64x2.mul(gv, f64x2.sub(acc01, f64x2.mul(sv, g01))));
      v128.store(res, f64x2.mul(gv, f64x2.sub(acc23, f64x2.mul(sv, g23))), 16);
      break;
    }
    const o = (<usize>j) << 5;
    const sc = v128.load64_splat(scales + ((<usize>j) << 3));
    const h01s = f64x2.mul(sc, g01);
    const h23s = f64x2.mul(sc, g23);
    let y01 = v128.load(y + o);
    let y23 = v128.load(y + o, 16);
    if (AX) {
      y01 = f64x2.sub(y01, f64x2.mul(v128.load(c), v128.load(x + o)));
      y23 = f64x2.sub(y23, f64x2.mul(v128.load(c, 16), v128.load(x + o, 16)));
      v128.store(y + o, y01);
      v128.store(y + o, y23, 16);
    }
    v128.store(out + o, h01s);
    v128.store(out + o, h23s, 16);
    acc01 = f64x2.add(acc01, f64x2.mul(h01s, y01));
    acc23 = f64x2.add(acc23, f64x2.mul(h23s, y23));
  }
  v128.store(st, s0);
  v128.store(st, s1, 16);
  v128.store(st, s2, 32);
  v128.store(st, s3, 48);
}

/** e[4j + l] −= r[4b + l]·G[4(b·n + j) + l] for b = 0..B−1 in order (the batch update of 4 interleaved runs) */
export function batchUpdate4(e: usize, G: usize, r: usize, n: i32, B: i32): void {
  const rowBytes = (<usize>n) << 5;
  for (let j: i32 = 0; j < n; j++) {
    const o = (<usize>j) << 5;
    let e01 = v128.load(e + o);
    let e23 = v128.load(e + o, 16);
    let g = G + o;
    for (let b: i32 = 0; b < B; b++) {
      const rb = r + ((<usize>b) << 5);
      e01 = f64x2.sub(e01, f64x2.mul(v128.load(rb), v128.load(g)));
      e23 = f64x2.sub(e23, f64x2.mul(v128.load(rb, 16), v128.load(g, 16)));
      g += rowBytes;
    }
    v128.store(e + o, e01);
    v128.store(e + o, e23, 16);
  }
}

/** out[l] = σ² + Σ_j λ_j·e[4j + l]·e[4j + l], j in order (the risks of 4 interleaved runs) */
export function sgdRisk4(e: usize, lambda: usize, n: i32, sigma2: f64, out: usize): void {
  let s01 = f64x2.splat(sigma2), s23 = f64x2.splat(sigma2);
  for (let j: i32 = 0; j < n; j++) {
    const o = (<usize>j) << 5;
    const l = v128.load64_splat(lambda + ((<usize>j) << 3));
    const v01 = v128.load(e + o);
    const v23 = v128.load(e + o, 16);
    s01 = f64x2.add(s01, f64x2.mul(f64x2.mul(l, v01), v01));
    s23 = f64x2.add(s23, f64x2.mul(f64x2.mul(l, v23), v23));
  }
  v128.store(out, s01);
  v128.store(out, s23, 16);
}
