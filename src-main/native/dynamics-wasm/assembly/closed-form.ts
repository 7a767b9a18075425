// @ts-nocheck — AssemblyScript source (not TypeScript): compiled together with sgd.ts by ../build.mjs
// (`asc --enable simd`) into src-shared/dynamics/dynamics-wasm.generated.ts (base64, committed).
//
// The O(n²) passes of the closed-form curve (src-shared/dynamics/closed-form.ts; same formulas,
// differences formed as (d_i − base) − τ), two atoms per f64x2 lane pair, and the checkpoint sums.
// All pointers are byte offsets into the exported memory, all real arrays f64.

export function heapBase(): usize {
  return __heap_base;
}

// ---------------------------------------------------------------- closed form

/** out[0..3] = ψ, φ, ψ', φ' at ν = base + τ: Σ_{lo≤i<m} w_i/(d_i − ν), Σ_{m≤i<hi} …, and the squared sums */
export function secularEval(d: usize, w: usize, lo: i32, m: i32, n: i32, base: f64, tau: f64, out: usize): void {
  const bv = f64x2.splat(base);
  const tv = f64x2.splat(tau);
  const one = f64x2.splat(1.0);
  let a0 = f64x2.splat(0), a1 = f64x2.splat(0);
  let i: i32 = lo;
  for (; i + 1 < m; i += 2) {
    const o = (<usize>i) << 3;
    const inv = f64x2.div(one, f64x2.sub(f64x2.sub(v128.load(d + o), bv), tv));
    const t = f64x2.mul(v128.load(w + o), inv);
    a0 = f64x2.add(a0, t);
    a1 = f64x2.add(a1, f64x2.mul(t, inv));
  }
  let psi = f64x2.extract_lane(a0, 0) + f64x2.extract_lane(a0, 1);
  let dpsi = f64x2.extract_lane(a1, 0) + f64x2.extract_lane(a1, 1);
  if (i < m) {
    const o = (<usize>i) << 3;
    const inv = 1.0 / (load<f64>(d + o) - base - tau);
    const t = load<f64>(w + o) * inv;
    psi += t;
    dpsi += t * inv;
    i++;
  }
  a0 = f64x2.splat(0);
  a1 = f64x2.splat(0);
  for (; i + 1 < n; i += 2) {
    const o = (<usize>i) << 3;
    const inv = f64x2.div(one, f64x2.sub(f64x2.sub(v128.load(d + o), bv), tv));
    const t = f64x2.mul(v128.load(w + o), inv);
    a0 = f64x2.add(a0, t);
    a1 = f64x2.add(a1, f64x2.mul(t, inv));
  }
  let phi = f64x2.extract_lane(a0, 0) + f64x2.extract_lane(a0, 1);
  let dphi = f64x2.extract_lane(a1, 0) + f64x2.extract_lane(a1, 1);
  if (i < n) {
    const o = (<usize>i) << 3;
    const inv = 1.0 / (load<f64>(d + o) - base - tau);
    const t = load<f64>(w + o) * inv;
    phi += t;
    dphi += t * inv;
  }
  store<f64>(out, psi);
  store<f64>(out + 8, phi);
  store<f64>(out + 16, dpsi);
  store<f64>(out + 24, dphi);
}

/** Π_{m∈[lo,hi)} ((bases_m − d_i) + τ_m)/(d_m − d_i); 4 factors per lane multiplied before one division */
function ratioProd(d: usize, bs: usize, ts: usize, lo: i32, hi: i32, di: f64): f64 {
  const dv = f64x2.splat(di);
  let acc = f64x2.splat(1.0);
  let m = lo;
  for (; m + 7 < hi; m += 8) {
    const o = (<usize>m) << 3;
    const n0 = f64x2.add(f64x2.sub(v128.load(bs + o), dv), v128.load(ts + o));
    const n1 = f64x2.add(f64x2.sub(v128.load(bs + o + 16), dv), v128.load(ts + o + 16));
    const n2 = f64x2.add(f64x2.sub(v128.load(bs + o + 32), dv), v128.load(ts + o + 32));
    const n3 = f64x2.add(f64x2.sub(v128.load(bs + o + 48), dv), v128.load(ts + o + 48));
    const e0 = f64x2.sub(v128.load(d + o), dv);
    const e1 = f64x2.sub(v128.load(d + o + 16), dv);
    const e2 = f64x2.sub(v128.load(d + o + 32), dv);
    const e3 = f64x2.sub(v128.load(d + o + 48), dv);
    const num = f64x2.mul(f64x2.mul(n0, n1), f64x2.mul(n2, n3));
    const den = f64x2.mul(f64x2.mul(e0, e1), f64x2.mul(e2, e3));
    acc = f64x2.mul(acc, f64x2.div(num, den));
  }
  let p = f64x2.extract_lane(acc, 0) * f64x2.extract_lane(acc, 1);
  for (; m < hi; m++) {
    const o = (<usize>m) << 3;
    p *= (load<f64>(bs + o) - di + load<f64>(ts + o)) / (load<f64>(d + o) - di);
  }
  return p;
}

/** Löwner weights ĉ_i = |ν_i − d_i| Π_{m≠i} (ν_m − d_i)/(d_m − d_i), ν_m = bases_m + τ_m, i ∈ [i0, i1) */
export function lownerRange(d: usize, bs: usize, ts: usize, n: i32, i0: i32, i1: i32, out: usize): void {
  for (let i = i0; i < i1; i++) {
    const o = (<usize>i) << 3;
    const di = load<f64>(d + o);
    let prod = abs<f64>(load<f64>(bs + o) - di + load<f64>(ts + o));
    prod *= ratioProd(d, bs, ts, 0, i, di);
    prod *= ratioProd(d, bs, ts, i + 1, n, di);
    store<f64>(out + o, prod);
  }
}

/** |ν_i − d_i| Π_{m∈[lo,hi), m≠i} (ν_m − d_i)/(d_m − d_i) (the near part of one Löwner weight) */
export function lownerNear(d: usize, bs: usize, ts: usize, lo: i32, i: i32, hi: i32): f64 {
  const o = (<usize>i) << 3;
  const di = load<f64>(d + o);
  let prod = abs<f64>(load<f64>(bs + o) - di + load<f64>(ts + o));
  prod *= ratioProd(d, bs, ts, lo, i, di);
  prod *= ratioProd(d, bs, ts, i + 1, hi, di);
  return prod;
}

/** out[0] = Σ_{lo≤i<hi} f_i/(d_i − ν), out[1] = Σ_{lo≤i<hi} c_i/(d_i − ν)² at ν = base + τ */
export function residueSums(d: usize, f: usize, c: usize, lo: i32, hi: i32, base: f64, tau: f64, out: usize): void {
  const one = f64x2.splat(1.0);
  const bv = f64x2.splat(base);
  const tv = f64x2.splat(tau);
  let a0 = f64x2.splat(0), a1 = f64x2.splat(0);
  let i: i32 = lo;
  for (; i + 1 < hi; i += 2) {
    const o = (<usize>i) << 3;
    const inv = f64x2.div(one, f64x2.sub(f64x2.sub(v128.load(d + o), bv), tv));
    a0 = f64x2.add(a0, f64x2.mul(v128.load(f + o), inv));
    a1 = f64x2.add(a1, f64x2.mul(f64x2.mul(v128.load(c + o), inv), inv));
  }
  let num = f64x2.extract_lane(a0, 0) + f64x2.extract_lane(a0, 1);
  let den = f64x2.extract_lane(a1, 0) + f64x2.extract_lane(a1, 1);
  if (i < hi) {
    const o = (<usize>i) << 3;
    const inv = 1.0 / (load<f64>(d + o) - base - tau);
    num += load<f64>(f + o) * inv;
    den += load<f64>(c + o) * inv * inv;
  }
  store<f64>(out, num);
  store<f64>(out + 8, den);
}

/**
 * e^x for x ∈ [−700, 0] (other lanes: garbage, masked by the caller): Cody–Waite reduction
 * x = k ln2 + r, |r| ≤ ln2/2, e^r by its Taylor polynomial of degree 13 (truncation < 5e-18),
 * 2^k built in the exponent field; a few ulp.
 */
function expv(x: v128): v128 {
  const kf = f64x2.nearest(f64x2.mul(x, f64x2.splat(1.4426950408889634)));
  const r = f64x2.sub(f64x2.sub(x, f64x2.mul(kf, f64x2.splat(6.93147180369123816490e-1))), f64x2.mul(kf, f64x2.splat(1.90821492927058770002e-10)));
  // Estrin's scheme (short dependency chains): Σ_{j≤13} r^j/j!
  const r2 = f64x2.mul(r, r);
  const r4 = f64x2.mul(r2, r2);
  const r8 = f64x2.mul(r4, r4);
  const q0 = f64x2.add(f64x2.splat(1.0), r);
  const q1 = f64x2.add(f64x2.splat(0.5), f64x2.mul(r, f64x2.splat(1.6666666666666666e-1))); // 1/2!, 1/3!
  const q2 = f64x2.add(f64x2.splat(4.1666666666666664e-2), f64x2.mul(r, f64x2.splat(8.333333333333333e-3))); // 1/4!, 1/5!
  const q3 = f64x2.add(f64x2.splat(1.388888888888889e-3), f64x2.mul(r, f64x2.splat(1.984126984126984e-4))); // 1/6!, 1/7!
  const q4 = f64x2.add(f64x2.splat(2.48015873015873e-5), f64x2.mul(r, f64x2.splat(2.7557319223985893e-6))); // 1/8!, 1/9!
  const q5 = f64x2.add(f64x2.splat(2.755731922398589e-7), f64x2.mul(r, f64x2.splat(2.505210838544172e-8))); // 1/10!, 1/11!
  const q6 = f64x2.add(f64x2.splat(2.08767569878681e-9), f64x2.mul(r, f64x2.splat(1.6059043836821613e-10))); // 1/12!, 1/13!
  const lo = f64x2.add(f64x2.add(q0, f64x2.mul(r2, q1)), f64x2.mul(r4, f64x2.add(q2, f64x2.mul(r2, q3))));
  const hi = f64x2.add(f64x2.add(q4, f64x2.mul(r2, q5)), f64x2.mul(r4, q6));
  const p = f64x2.add(lo, f64x2.mul(r8, hi));
  const ki = i64x2.extend_low_i32x4_s(i32x4.trunc_sat_f64x2_s_zero(kf));
  const scale = i64x2.shl(i64x2.add(ki, i64x2.splat(1023)), 52);
  return f64x2.mul(p, scale);
}

/**
 * out[k] = constant + Σ_i coef_i e^{t_k·logMu_i} for checkpoints t_k > 0 (logMu ≤ 0 descending,
 * K even — pad with coef 0, logMu −∞); terms with exponent < −700 (< 1e-304) are dropped and the
 * sum stops at the first pair where both are.
 */
export function riskEval(logMu: usize, coef: usize, K: i32, ts: usize, nc: i32, constant: f64, out: usize): void {
  const lim = f64x2.splat(-700.0);
  for (let k: i32 = 0; k < nc; k++) {
    const t = load<f64>(ts + ((<usize>k) << 3));
    const tv = f64x2.splat(t);
    let acc = f64x2.splat(0);
    for (let i: i32 = 0; i < K; i += 2) {
      const o = (<usize>i) << 3;
      const e = f64x2.mul(tv, v128.load(logMu + o));
      const ok = f64x2.ge(e, lim);
      if (!v128.any_true(ok)) break;
      acc = f64x2.add(acc, v128.bitselect(f64x2.mul(v128.load(coef + o), expv(e)), f64x2.splat(0), ok));
    }
    store<f64>(out + ((<usize>k) << 3), constant + (f64x2.extract_lane(acc, 0) + f64x2.extract_lane(acc, 1)));
  }
}
