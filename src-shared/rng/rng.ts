// Seedable pseudo-random numbers, identical on every platform (pure 32-bit integer arithmetic;
// Math.log/Math.exp only on the rare ziggurat slow path, where V8 uses its own fdlibm port).
//
// Generator: xoshiro128** (Blackman & Vigna 2018, "Scrambled linear pseudorandom number
// generators"), period 2^128 − 1, 32-bit outputs.
// Normals: the Marsaglia–Tsang ziggurat (J. Stat. Software 5(8), 2000) with 128 layers. The
// layer index comes from the low 7 bits of one 32-bit output and the signed abscissa from the
// high 25 bits (no bit is used twice — this avoids the layer/value correlation criticised by
// Doornik 2005 for the original RNOR). Exact N(0,1) (rejection on the wedges, Marsaglia's tail).
//
// Streams: `Rng.stream(seed, draw, run)` hashes (seed, draw, run) into the 128-bit state, so
// every (seed, draw, run) triple has its own deterministic stream independent of how many
// numbers other streams consumed (e.g. runs executed in any order or in parallel workers give
// the same numbers). Convention used by the engine: `run = PROBLEM_STREAM` draws the features
// W̃ of draw `draw`; run = 0, 1, … are the SGD runs on that draw.
//
// seed: an integer 0 ≤ seed < 2^53; draw, run: integers 0 ≤ · < 2^32.
//
// This file is the reference for the numbers. The WebAssembly SGD kernels
// (src-main/native/dynamics-wasm/assembly/sgd.ts) reproduce fillNormalDot + normal() bit for bit,
// several streams at once in SIMD lanes: they decide the wedge test from a rigorous bracket of
// exp(−x²/2) and defer to Math.exp here when too close to call, and the tail comes back here
// (slowNormalIn), so the numbers never depend on the kernel.

/** the run index reserved for drawing the random features of a problem */
export const PROBLEM_STREAM = 0xffffffff;

const ZIG_R = 3.442619855899;
const ZIG_V = 9.91256303526217e-3;
const M1 = 16777216; // 2^24: |hz| < 2^24 (25-bit signed abscissa)
const KN = new Int32Array(128);
const WN = new Float64Array(128);
const FN = new Float64Array(128);
(() => {
  let dn = ZIG_R;
  let tn = dn;
  const q = ZIG_V / Math.exp(-0.5 * dn * dn);
  KN[0] = Math.floor((dn / q) * M1);
  KN[1] = 0;
  WN[0] = q / M1;
  WN[127] = dn / M1;
  FN[0] = 1;
  FN[127] = Math.exp(-0.5 * dn * dn);
  for (let i = 126; i >= 1; i--) {
    dn = Math.sqrt(-2 * Math.log(ZIG_V / dn + Math.exp(-0.5 * dn * dn)));
    KN[i + 1] = Math.floor((dn / tn) * M1);
    tn = dn;
    FN[i] = Math.exp(-0.5 * dn * dn);
    WN[i] = dn / M1;
  }
})();

/**
 * copies of the ziggurat tables (layer bounds KN as int32, widths WN, densities FN at the layer
 * edges) for kernels that inline the fast path or the wedge test (dynamics-wasm SGD kernels)
 */
export function zigguratTables(): { kn: Int32Array; wn: Float64Array; fn: Float64Array } {
  return { kn: Int32Array.from(KN), wn: Float64Array.from(WN), fn: Float64Array.from(FN) };
}

function mix32(x: number): number {
  // "lowbias32" integer hash (C. Wellons), a bijection of 32-bit integers
  x = (x ^ (x >>> 16)) >>> 0;
  x = Math.imul(x, 0x7feb352d);
  x = (x ^ (x >>> 15)) >>> 0;
  x = Math.imul(x, 0x846ca68b);
  return (x ^ (x >>> 16)) >>> 0;
}

function checkIndex(name: string, x: number, max: number): void {
  if (!Number.isInteger(x) || x < 0 || x > max) throw new RangeError(`Rng: ${name} must be an integer in [0, ${max}], got ${x}`);
}

export class Rng {
  /** xoshiro128** state, as int32 */
  private readonly s = new Int32Array(4);

  /** a generator from an explicit 128-bit state (not all zero) */
  constructor(s0: number, s1: number, s2: number, s3: number) {
    const s = this.s;
    s[0] = s0;
    s[1] = s1;
    s[2] = s2;
    s[3] = s3;
    if ((s[0]! | s[1]! | s[2]! | s[3]!) === 0) s[0] = 1;
  }

  /** the deterministic stream of (seed, draw, run) — see the header */
  static stream(seed: number, draw = 0, run = 0): Rng {
    checkIndex('seed', seed, Number.MAX_SAFE_INTEGER);
    checkIndex('draw', draw, 0xffffffff);
    checkIndex('run', run, 0xffffffff);
    const lo = seed >>> 0;
    const hi = Math.floor(seed / 4294967296) >>> 0;
    let h = 0x243f6a88;
    for (const w of [lo, hi, draw >>> 0, run >>> 0]) h = mix32((h ^ w) + 0x9e3779b9);
    const st: number[] = [];
    for (let k = 0; k < 4; k++) {
      h = (h + 0x9e3779b9) >>> 0;
      st.push(mix32(mix32(h) ^ Math.imul(k + 1, 0x85ebca6b)));
    }
    const r = new Rng(st[0]!, st[1]!, st[2]!, st[3]!);
    for (let k = 0; k < 8; k++) r.nextU32(); // decorrelate nearby hashes
    return r;
  }

  /** next 32-bit unsigned integer (xoshiro128**) */
  nextU32(): number {
    const s = this.s;
    const s1 = s[1]!;
    const m = Math.imul(s1, 5);
    const result = Math.imul((m << 7) | (m >>> 25), 9) >>> 0;
    const t = s1 << 9;
    s[2] ^= s[0]!;
    s[3] ^= s1;
    s[1] ^= s[2]!;
    s[0] ^= s[3]!;
    s[2] ^= t;
    s[3] = (s[3]! << 11) | (s[3]! >>> 21);
    return result;
  }

  /** uniform double in [0, 1) with 53 random bits */
  uniform(): number {
    const a = this.nextU32() >>> 5;
    const b = this.nextU32() >>> 6;
    return (a * 67108864 + b) / 9007199254740992;
  }

  /** uniform in (0, 1) from one 32-bit output (ziggurat slow path) */
  private uniOpen(): number {
    return (this.nextU32() + 0.5) * 2.3283064365386963e-10;
  }

  private slowNormal(u: number): number {
    let hz = (u | 0) >> 7;
    let iz = u & 127;
    for (;;) {
      const x = hz * WN[iz]!;
      if (iz === 0) {
        let xt: number, y: number;
        do {
          xt = -Math.log(this.uniOpen()) / ZIG_R;
          y = -Math.log(this.uniOpen());
        } while (y + y < xt * xt);
        return hz > 0 ? ZIG_R + xt : -ZIG_R - xt;
      }
      if (FN[iz]! + this.uniOpen() * (FN[iz - 1]! - FN[iz]!) < Math.exp(-0.5 * x * x)) return x;
      const v = this.nextU32();
      hz = (v | 0) >> 7;
      iz = v & 127;
      if (Math.abs(hz) < KN[iz]!) return hz * WN[iz]!;
    }
  }

  /** one standard normal N(0, 1) */
  normal(): number {
    const u = this.nextU32();
    const hz = (u | 0) >> 7;
    const iz = u & 127;
    if (Math.abs(hz) < KN[iz]!) return hz * WN[iz]!;
    return this.slowNormal(u);
  }

  /**
   * fill out[from..to) with independent N(0, scale²) numbers; consumes the stream exactly as
   * repeated normal() calls would (same numbers), but with the generator inlined.
   */
  fillNormal(out: Float64Array, scale = 1, from = 0, to = out.length): Float64Array {
    const st = this.s;
    let s0 = st[0]! | 0,
      s1 = st[1]! | 0,
      s2 = st[2]! | 0,
      s3 = st[3]! | 0;
    const kn = KN,
      wn = WN;
    let i = from;
    // the hot inner loop has no call: the rare slow path (~1.2%) leaves it and re-enters
    while (i < to) {
      let slowU = 0;
      for (; i < to; i++) {
        const m = Math.imul(s1, 5);
        const u = Math.imul((m << 7) | (m >>> 25), 9);
        const t = s1 << 9;
        s2 ^= s0;
        s3 ^= s1;
        s1 ^= s2;
        s0 ^= s3;
        s2 ^= t;
        s3 = (s3 << 11) | (s3 >>> 21);
        const hz = u >> 7;
        const sg = hz >> 31;
        if (((hz ^ sg) - sg) >= kn[u & 127]!) {
          slowU = u;
          break;
        }
        out[i] = hz * wn[u & 127]! * scale;
      }
      if (i < to) {
        st[0] = s0;
        st[1] = s1;
        st[2] = s2;
        st[3] = s3;
        out[i] = this.slowNormal(slowU >>> 0) * scale;
        s0 = st[0]! | 0;
        s1 = st[1]! | 0;
        s2 = st[2]! | 0;
        s3 = st[3]! | 0;
        i++;
      }
    }
    st[0] = s0;
    st[1] = s1;
    st[2] = s2;
    st[3] = s3;
    return out;
  }

  /**
   * Fused kernel for SGD: out[from + j] = scales[j]·g_j with g_j ~ N(0, 1) (j = 0..scales.length−1,
   * the same numbers fillNormal would give), returning Σ_j out[from + j]·y[j]. With x given, first
   * y[j] += a·x[j] in the same pass (the previous SGD update, fused).
   */
  fillNormalDot(out: Float64Array, from: number, scales: Float64Array, y: Float64Array, a = 0, x: Float64Array | null = null): number {
    const st = this.s;
    let s0 = st[0]! | 0,
      s1 = st[1]! | 0,
      s2 = st[2]! | 0,
      s3 = st[3]! | 0;
    const kn = KN,
      wn = WN;
    const n = scales.length;
    const ax = x !== null;
    const xx = x ?? y;
    let acc = 0;
    let j = 0;
    while (j < n) {
      let slowU = 0;
      for (; j < n; j++) {
        const m = Math.imul(s1, 5);
        const u = Math.imul((m << 7) | (m >>> 25), 9);
        const t = s1 << 9;
        s2 ^= s0;
        s3 ^= s1;
        s1 ^= s2;
        s0 ^= s3;
        s2 ^= t;
        s3 = (s3 << 11) | (s3 >>> 21);
        const hz = u >> 7;
        const sg = hz >> 31;
        if (((hz ^ sg) - sg) >= kn[u & 127]!) {
          slowU = u;
          break;
        }
        let yj = y[j]!;
        if (ax) {
          yj += a * xx[j]!;
          y[j] = yj;
        }
        const h = scales[j]! * (hz * wn[u & 127]!);
        out[from + j] = h;
        acc += h * yj;
      }
      if (j < n) {
        st[0] = s0;
        st[1] = s1;
        st[2] = s2;
        st[3] = s3;
        const g = this.slowNormal(slowU >>> 0);
        s0 = st[0]! | 0;
        s1 = st[1]! | 0;
        s2 = st[2]! | 0;
        s3 = st[3]! | 0;
        let yj = y[j]!;
        if (ax) {
          yj += a * xx[j]!;
          y[j] = yj;
        }
        const h = scales[j]! * g;
        out[from + j] = h;
        acc += h * yj;
        j++;
      }
    }
    st[0] = s0;
    st[1] = s1;
    st[2] = s2;
    st[3] = s3;
    return acc;
  }

  /**
   * The ziggurat slow path for kernels that inline the fast path (the WebAssembly SGD kernels,
   * dynamics-wasm.ts): the normal for the 32-bit output u that failed the fast test, continuing the
   * xoshiro128** state held in `state` (4 × int32, e.g. in a kernel's memory; updated in place) —
   * the same draws and the same number as normal() on that state. This generator's own state is
   * only scratch (it is overwritten).
   */
  slowNormalIn(state: Int32Array, u: number): number {
    const s = this.s;
    s[0] = state[0]!;
    s[1] = state[1]!;
    s[2] = state[2]!;
    s[3] = state[3]!;
    const g = this.slowNormal(u >>> 0);
    state[0] = s[0]!;
    state[1] = s[1]!;
    state[2] = s[2]!;
    state[3] = s[3]!;
    return g;
  }

  /** the current state (for reproducibility records and tests) */
  state(): [number, number, number, number] {
    const s = this.s;
    return [s[0]! >>> 0, s[1]! >>> 0, s[2]! >>> 0, s[3]! >>> 0];
  }
}
