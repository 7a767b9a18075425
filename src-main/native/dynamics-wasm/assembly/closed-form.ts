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

// Sums of w_i/x_i and w_i/x_i² with one division per two lane pairs (four atoms):
//   wA/xA + wB/xB = (wA xB + wB xA)/(xA xB),   wA/xA² + wB/xB² = (wA xB² + wB xA²)/(xA xB)²,
// whose rounding error is bounded like the term-by-term sums (ε·Σ|terms|); the squared sums are
// formed as ((…)·inv)·inv so that nothing overflows before the result does. The product xA xB
// must not underflow: the caller uses these only for poles in [1e-40, 1e40] (closed-form.ts).

/** out[0] = Σ_{i0≤i<i1} w_i/x_i, out[1] = Σ w_i/x_i² (x_i = (d_i − base) − τ), four atoms per division, scalar tail */
// @ts-ignore: decorator
@inline
function pairedSums(d: usize, w: usize, i0: i32, end: i32, base: f64, tau: f64, out: usize): void {
  const bv = f64x2.splat(base);
  const tv = f64x2.splat(tau);
  let s1 = f64x2.splat(0), s2 = f64x2.splat(0);
  const one = f64x2.splat(1.0);
  let i = i0;
  for (; i + 3 < end; i += 4) {
    const o = (<usize>i) << 3;
    const xa = f64x2.sub(f64x2.sub(v128.load(d + o), bv), tv);
    const xb = f64x2.sub(f64x2.sub(v128.load(d + o + 16), bv), tv);
    const wa = v128.load(w + o);
    const wb = v128.load(w + o + 16);
    const inv = f64x2.div(one, f64x2.mul(xa, xb));
    const pa = f64x2.mul(wa, xb); // wA xB
    const pb = f64x2.mul(wb, xa); // wB xA
    s1 = f64x2.add(s1, f64x2.mul(f64x2.add(pa, pb), inv));
    s2 = f64x2.add(s2, f64x2.mul(f64x2.mul(f64x2.add(f64x2.mul(pa, xb), f64x2.mul(pb, xa)), inv), inv));
  }
  tailSums(d, w, i, end, base, tau, f64x2.extract_lane(s1, 0) + f64x2.extract_lane(s1, 1), f64x2.extract_lane(s2, 0) + f64x2.extract_lane(s2, 1), out);
}

/** out[0] = t1 + Σ_{i≤j<end} w_j/x_j, out[1] = t2 + Σ w_j/x_j² (the scalar remainder of the SIMD loops) */
// @ts-ignore: decorator
@inline
function tailSums(d: usize, w: usize, i: i32, end: i32, base: f64, tau: f64, t1: f64, t2: f64, out: usize): void {
  for (; i < end; i++) {
    const o = (<usize>i) << 3;
    const inv = 1.0 / (load<f64>(d + o) - base - tau);
    const t = load<f64>(w + o) * inv;
    t1 += t;
    t2 += t * inv;
  }
  store<f64>(out, t1);
  store<f64>(out + 8, t2);
}

/** as secularEval (ψ over [lo, m), φ over [m2, n)) with one division per four atoms */
function secularEval2(d: usize, w: usize, lo: i32, m: i32, m2: i32, n: i32, base: f64, tau: f64, out: usize): void {
  splitSums(d, w, lo, m, m2, n, base, tau, out, true);
}

/** out[0] = Σ_{i0≤i<i1} w_i/x_i, out[1] = Σ w_i/x_i² with x_i = (d_i − base) − τ, one division per atom */
// @ts-ignore: decorator
@inline
function plainSums(d: usize, w: usize, i0: i32, i1: i32, base: f64, tau: f64, out: usize): void {
  const bv = f64x2.splat(base);
  const tv = f64x2.splat(tau);
  const one = f64x2.splat(1.0);
  let a0 = f64x2.splat(0), a1 = f64x2.splat(0);
  let i: i32 = i0;
  for (; i + 1 < i1; i += 2) {
    const o = (<usize>i) << 3;
    const inv = f64x2.div(one, f64x2.sub(f64x2.sub(v128.load(d + o), bv), tv));
    const t = f64x2.mul(v128.load(w + o), inv);
    a0 = f64x2.add(a0, t);
    a1 = f64x2.add(a1, f64x2.mul(t, inv));
  }
  tailSums(d, w, i, i1, base, tau, f64x2.extract_lane(a0, 0) + f64x2.extract_lane(a0, 1), f64x2.extract_lane(a1, 0) + f64x2.extract_lane(a1, 1), out);
}

/** out[0..3] = ψ, φ, ψ', φ' at ν = base + τ: Σ_{lo≤i<m} w_i/(d_i − ν), Σ_{m2≤i<n} …, and the squared sums (m ≤ m2) */
function secularEval(d: usize, w: usize, lo: i32, m: i32, m2: i32, n: i32, base: f64, tau: f64, out: usize): void {
  splitSums(d, w, lo, m, m2, n, base, tau, out, false);
}

// @ts-ignore: decorator
@inline
function splitSums(d: usize, w: usize, lo: i32, m: i32, m2: i32, n: i32, base: f64, tau: f64, out: usize, paired: bool): void {
  if (paired) pairedSums(d, w, lo, m, base, tau, out);
  else plainSums(d, w, lo, m, base, tau, out);
  const psi = load<f64>(out), dpsi = load<f64>(out + 8);
  if (paired) pairedSums(d, w, m2, n, base, tau, out);
  else plainSums(d, w, m2, n, base, tau, out);
  const phi = load<f64>(out), dphi = load<f64>(out + 8);
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
function residueSums(d: usize, f: usize, c: usize, lo: i32, hi: i32, base: f64, tau: f64, out: usize): void {
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

/** as residueSums with one division per four atoms: out[0] = Σ f_i/x_i, out[1] = Σ c_i/x_i² (x_i = (d_i − base) − τ) */
function residueSums2(d: usize, f: usize, c: usize, lo: i32, hi: i32, base: f64, tau: f64, out: usize): void {
  const one = f64x2.splat(1.0);
  const bv = f64x2.splat(base);
  const tv = f64x2.splat(tau);
  let s1 = f64x2.splat(0), s2 = f64x2.splat(0);
  let i: i32 = lo;
  for (; i + 3 < hi; i += 4) {
    const o = (<usize>i) << 3;
    const xa = f64x2.sub(f64x2.sub(v128.load(d + o), bv), tv);
    const xb = f64x2.sub(f64x2.sub(v128.load(d + o + 16), bv), tv);
    const inv = f64x2.div(one, f64x2.mul(xa, xb));
    const fa = f64x2.mul(v128.load(f + o), xb);
    const fb = f64x2.mul(v128.load(f + o + 16), xa);
    s1 = f64x2.add(s1, f64x2.mul(f64x2.add(fa, fb), inv));
    const ca = f64x2.mul(f64x2.mul(v128.load(c + o), xb), xb);
    const cb = f64x2.mul(f64x2.mul(v128.load(c + o + 16), xa), xa);
    s2 = f64x2.add(s2, f64x2.mul(f64x2.mul(f64x2.add(ca, cb), inv), inv));
  }
  let num = f64x2.extract_lane(s1, 0) + f64x2.extract_lane(s1, 1);
  let den = f64x2.extract_lane(s2, 0) + f64x2.extract_lane(s2, 1);
  for (; i < hi; i++) {
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
 * Σ_{i0≤i<i1} coef_i e^{t·logMu_i} for t > 0 and logMu ≤ 0 (the direct part of the checkpoint sums,
 * src-shared/dynamics/risk-sum.ts); terms with exponent < −700 (< 1e-304) are dropped.
 */
export function expSum(logMu: usize, coef: usize, i0: i32, i1: i32, t: f64): f64 {
  const lim = f64x2.splat(-700.0);
  const tv = f64x2.splat(t);
  let acc = f64x2.splat(0);
  let i = i0;
  for (; i + 1 < i1; i += 2) {
    const o = (<usize>i) << 3;
    const e = f64x2.mul(tv, v128.load(logMu + o));
    const ok = f64x2.ge(e, lim);
    acc = f64x2.add(acc, v128.bitselect(f64x2.mul(v128.load(coef + o), expv(e)), f64x2.splat(0), ok));
  }
  let s = f64x2.extract_lane(acc, 0) + f64x2.extract_lane(acc, 1);
  if (i < i1) {
    const o = (<usize>i) << 3;
    const e = t * load<f64>(logMu + o);
    if (e >= -700.0) s += load<f64>(coef + o) * f64x2.extract_lane(expv(f64x2.splat(e)), 0);
  }
  return s;
}

// ---------------------------------------------------------------- far field (FarField of closed-form.ts)
// Tables normalised per block of 16 atoms (see FarField): pre/suf rows of stride s, K series terms,
// rho[A] = largest pole of the prefix A·16, sig[B] = smallest pole of the suffix B·16.

/** out[op] −= Σ_{i<a} a_i/(d_i − ν), out[od] += Σ_{i<a} a_i/(d_i − ν)² (a > 0); same for the suffix i ≥ b into out[sp], out[sd] (b < n) */
function farAdd(pre: usize, suf: usize, rho: usize, sig: usize, s: i32, K: i32, a: i32, b: i32, n: i32, nu: f64, out: usize, op: usize, od: usize, sp: usize, sd: usize): void {
  const row = (<usize>s) << 3;
  if (a > 0) {
    const A = (<usize>(a >> 4)) << 3;
    const x = load<f64>(rho + A) / nu;
    seriesPair(pre + A, pre + A, row, 0, x, K);
    const iv = 1.0 / nu;
    store<f64>(out + op, load<f64>(out + op) - serS1 * iv);
    store<f64>(out + od, load<f64>(out + od) + serS2 * iv * iv);
  }
  if (b < n) {
    const B = (<usize>(b >> 4)) << 3;
    const sg = load<f64>(sig + B);
    seriesPair(suf + B, suf + B, row, row, nu / sg, K);
    const is = 1.0 / sg;
    store<f64>(out + sp, load<f64>(out + sp) + serS1 * is);
    store<f64>(out + sd, load<f64>(out + sd) + serS2 * is * is);
  }
}

let serS1: f64 = 0, serS2: f64 = 0;

/**
 * serS1 = Σ_{k<K} T_k x^k over the table column at q, serS2 = Σ_{k<K} (k+1)·U_{k+shift/row} x^k over
 * the column at u (rows of stride row); even and odd k in the two lanes (two chains of x² powers)
 */
// @ts-ignore: decorator
@inline
function seriesPair(q: usize, u: usize, row: usize, shift: usize, x: f64, K: i32): void {
  const x2 = f64x2.splat(x * x);
  let p = f64x2.replace_lane(f64x2.splat(1.0), 1, x);
  let kw = f64x2.replace_lane(f64x2.splat(1.0), 1, 2.0);
  const two = f64x2.splat(2.0);
  let s1 = f64x2.splat(0), s2 = f64x2.splat(0);
  let k: i32 = 0;
  for (; k + 1 < K; k += 2) {
    const t1 = f64x2.replace_lane(f64x2.splat(load<f64>(q)), 1, load<f64>(q + row));
    const t2 = f64x2.replace_lane(f64x2.splat(load<f64>(u + shift)), 1, load<f64>(u + shift + row));
    s1 = f64x2.add(s1, f64x2.mul(t1, p));
    s2 = f64x2.add(s2, f64x2.mul(kw, f64x2.mul(t2, p)));
    p = f64x2.mul(p, x2);
    kw = f64x2.add(kw, two);
    q += row << 1;
    u += row << 1;
  }
  let r1 = f64x2.extract_lane(s1, 0) + f64x2.extract_lane(s1, 1);
  let r2 = f64x2.extract_lane(s2, 0) + f64x2.extract_lane(s2, 1);
  if (k < K) {
    const pk = f64x2.extract_lane(p, 0);
    r1 += load<f64>(q) * pk;
    r2 += <f64>(k + 1) * load<f64>(u + shift) * pk;
  }
  serS1 = r1;
  serS2 = r2;
}

/** secularEval2 over the window [lo, hi) (without [m, m2)) plus the far field [0, lo) ∪ [hi, n) from the tables; ν = base + τ > 0 */
function secularEvalFar(d: usize, w: usize, lo: i32, m: i32, m2: i32, hi: i32, n: i32, base: f64, tau: f64, pre: usize, suf: usize, rho: usize, sig: usize, s: i32, K: i32, out: usize): void {
  secularEval2(d, w, lo, m, m2, hi, base, tau, out);
  // out = [ψ, φ, ψ', φ']
  farAdd(pre, suf, rho, sig, s, K, lo, hi, n, base + tau, out, 0, 16, 8, 24);
}

/** residueSums2 over [lo, hi) plus the far field of f (out[0], p = 1) and c (out[1], p = 2), one pass per side */
function residueFar(d: usize, f: usize, c: usize, lo: i32, hi: i32, n: i32, base: f64, tau: f64, preF: usize, sufF: usize, preC: usize, sufC: usize, rho: usize, sig: usize, s: i32, K: i32, out: usize, scratch: usize): void {
  residueSums2(d, f, c, lo, hi, base, tau, out);
  const nu = base + tau;
  const row = (<usize>s) << 3;
  let sf: f64 = 0, sc: f64 = 0;
  if (lo > 0) {
    const A = (<usize>(lo >> 4)) << 3;
    seriesPair(preF + A, preC + A, row, 0, load<f64>(rho + A) / nu, K);
    sf -= serS1 / nu;
    sc += serS2 / (nu * nu);
  }
  if (hi < n) {
    const B = (<usize>(hi >> 4)) << 3;
    const sg = load<f64>(sig + B);
    seriesPair(sufF + B, sufC + B, row, row, nu / sg, K);
    sf += serS1 / sg;
    sc += serS2 / (sg * sg);
  }
  store<f64>(out, load<f64>(out) + sf);
  store<f64>(out + 8, load<f64>(out + 8) + sc);
}

/** Σ_{i0≤i<i1} a_i·p_i in two lanes (block sums of the far-field tables) */
// @ts-ignore: decorator
@inline
function blockDot(a: usize, p: usize, i0: i32, i1: i32): f64 {
  let v = f64x2.splat(0);
  let i = i0;
  for (; i + 1 < i1; i += 2) {
    const o = (<usize>i) << 3;
    v = f64x2.add(v, f64x2.mul(v128.load(a + o), v128.load(p + o)));
  }
  let acc = f64x2.extract_lane(v, 0) + f64x2.extract_lane(v, 1);
  if (i < i1) acc += load<f64>(a + ((<usize>i) << 3)) * load<f64>(p + ((<usize>i) << 3));
  return acc;
}

/** x[i] *= y[i], i < n */
// @ts-ignore: decorator
@inline
function mulInPlace(x: usize, y: usize, n: i32): void {
  let i: i32 = 0;
  for (; i + 1 < n; i += 2) {
    const o = (<usize>i) << 3;
    v128.store(x + o, f64x2.mul(v128.load(x + o), v128.load(y + o)));
  }
  if (i < n) store<f64>(x + ((<usize>i) << 3), load<f64>(x + ((<usize>i) << 3)) * load<f64>(y + ((<usize>i) << 3)));
}

/**
 * The FarField tables of one weight vector a (same recurrences as the TypeScript constructor;
 * the block sums in two lanes): pre/suf (K + 2 rows of stride s = nb + 1), rho, sig; scratch pe, re
 * (n f64) and qb, qr (s f64).
 */
export function farBuild(d: usize, n: i32, a: usize, K: i32, pre: usize, suf: usize, rho: usize, sig: usize, pe: usize, re: usize, qb: usize, qr: usize): void {
  const nb = (n + 15) >> 4;
  const s = nb + 1;
  const rows = K + 2;
  for (let A: i32 = 1; A <= nb; A++) store<f64>(rho + ((<usize>A) << 3), load<f64>(d + ((<usize>(min(n, A << 4) - 1)) << 3)));
  for (let B: i32 = 0; B < nb; B++) store<f64>(sig + ((<usize>B) << 3), load<f64>(d + ((<usize>(B << 4)) << 3)));
  // prefix
  for (let i: i32 = 0; i < n; i++) {
    const o = (<usize>i) << 3;
    store<f64>(pe + o, 1.0);
    store<f64>(re + o, load<f64>(d + o) / load<f64>(rho + ((<usize>((i >> 4) + 1)) << 3)));
  }
  for (let A: i32 = 0; A < s; A++) store<f64>(qb + ((<usize>A) << 3), 1.0);
  for (let A: i32 = 1; A < nb; A++) store<f64>(qr + ((<usize>A) << 3), load<f64>(rho + ((<usize>A) << 3)) / load<f64>(rho + ((<usize>(A + 1)) << 3)));
  for (let k: i32 = 0; k < rows; k++) {
    const r = pre + ((<usize>(k * s)) << 3);
    let acc: f64 = 0;
    store<f64>(r, 0);
    let i: i32 = 0;
    for (let A: i32 = 0; A < nb; A++) {
      acc *= load<f64>(qb + ((<usize>A) << 3));
      acc += blockDot(a, pe, i, min(n, i + 16));
      i = min(n, i + 16);
      store<f64>(r + ((<usize>(A + 1)) << 3), acc);
    }
    mulInPlace(pe, re, n);
    for (let A: i32 = 1; A < nb; A++) {
      const o = (<usize>A) << 3;
      store<f64>(qb + o, load<f64>(qb + o) * load<f64>(qr + o));
    }
  }
  // suffix
  for (let i: i32 = 0; i < n; i++) {
    const o = (<usize>i) << 3;
    const v = load<f64>(sig + ((<usize>(i >> 4)) << 3)) / load<f64>(d + o);
    store<f64>(re + o, v);
    store<f64>(pe + o, v);
  }
  for (let B: i32 = 0; B < s; B++) store<f64>(qb + ((<usize>B) << 3), 0.0);
  for (let B: i32 = 0; B + 1 < nb; B++) {
    const q = load<f64>(sig + ((<usize>B) << 3)) / load<f64>(sig + ((<usize>(B + 1)) << 3));
    store<f64>(qr + ((<usize>B) << 3), q);
    store<f64>(qb + ((<usize>B) << 3), q);
  }
  for (let k: i32 = 0; k < rows; k++) {
    const r = suf + ((<usize>(k * s)) << 3);
    let acc: f64 = 0;
    store<f64>(r + ((<usize>nb) << 3), 0);
    for (let B: i32 = nb - 1; B >= 0; B--) {
      acc *= load<f64>(qb + ((<usize>B) << 3));
      acc += blockDot(a, pe, B << 4, min(n, (B + 1) << 4));
      store<f64>(r + ((<usize>B) << 3), acc);
    }
    mulInPlace(pe, re, n);
    for (let B: i32 = 0; B + 1 < nb; B++) {
      const o = (<usize>B) << 3;
      store<f64>(qb + o, load<f64>(qb + o) * load<f64>(qr + o));
    }
  }
}

// ---------------------------------------------------------------- roots (secularRoot of closed-form.ts)
// The same iteration as the TypeScript secularRoot / modelRoot / rationalStep (see there): midpoint
// evaluation, origin at the nearer pole, fixed-weight model of g with the two nearest poles exact
// and the rest linear, accepted when the model's own error bound is below ε·(distance to the
// nearest pole). Evaluations leave out the poles m − 1 and m ("rest" sums); with the far field the
// window of root m is [winA[m], winB[m]).

const EPS: f64 = 2.220446049250313e-16;
let rPsi: f64 = 0, rPhi: f64 = 0, rDpsi: f64 = 0, rDphi: f64 = 0; // the last rest evaluation

/** the rest sums of root m at ν = base + τ into rPsi … rDphi */
function evalRest(d: usize, w: usize, n: i32, m: i32, base: f64, tau: f64, lo: i32, hi: i32, far: bool, paired: bool, pre: usize, suf: usize, rho: usize, sig: usize, s: i32, K: i32, out: usize): void {
  const mL = m > 0 ? m - 1 : 0;
  if (far && base + tau > 0) secularEvalFar(d, w, lo, mL, m + 1, hi, n, base, tau, pre, suf, rho, sig, s, K, out);
  else if (paired) secularEval2(d, w, 0, mL, m + 1, n, base, tau, out);
  else secularEval(d, w, 0, mL, m + 1, n, base, tau, out);
  rPsi = load<f64>(out);
  rPhi = load<f64>(out + 8);
  rDpsi = load<f64>(out + 16);
  rDphi = load<f64>(out + 24);
}

/** step of the two-pole rational model (rationalStep of closed-form.ts); eL = −∞ for the one-sided case */
function rationalStep(g: f64, dpsi: f64, dphi: f64, eL: f64, eR: f64): f64 {
  const D = dpsi + dphi;
  if (!isFinite<f64>(eL)) {
    const den = g + dphi * eR;
    return den > 0 ? (eR * g) / den : g / D;
  }
  const A = g + dpsi * eL + dphi * eR;
  const b = g * (eL + eR) + eL * eR * D;
  const C = eL * eR * g;
  const disc = b * b - 4 * A * C;
  if (!(disc >= 0) || !isFinite<f64>(disc)) return g / D;
  const den = b >= 0 ? b + sqrt<f64>(disc) : b - sqrt<f64>(disc);
  if (den == 0) return g / D;
  return (2 * C) / den;
}

/** the root in (lo, hi) of the fixed-weight model built from the rest sums at τ_k, or NaN (modelRoot of closed-form.ts) */
function modelRoot(tk: f64, dL: f64, dR: f64, wL: f64, wR: f64, lo: f64, hi: f64): f64 {
  const hasL = wL > 0 && isFinite<f64>(dL);
  const r0 = rPsi + rPhi;
  const r1 = rDpsi + rDphi;
  let tau = tk;
  let mlo = lo, mhi = hi;
  for (let it = 0; it < 24; it++) {
    const eL = dL - tau, eR = dR - tau;
    const tL = hasL ? wL / eL : 0.0;
    const tR = wR / eR;
    const lin = r1 * (tau - tk);
    const G = 1 - tL - tR - r0 - lin;
    if (abs<f64>(G) <= 8 * EPS * (1 + abs<f64>(tL) + abs<f64>(tR) + abs<f64>(r0) + abs<f64>(lin))) return tau;
    if (G > 0) mlo = tau;
    else mhi = tau;
    let next = tau + rationalStep(G, (hasL ? tL / eL : 0.0) + rDpsi, tR / eR + rDphi, eL, eR);
    if (!(next > mlo && next < mhi)) next = 0.5 * (mlo + mhi);
    const step = next - tau;
    tau = next;
    if (step == 0 || abs<f64>(step) <= 16 * EPS * min<f64>(abs<f64>(dR - tau), abs<f64>(dL - tau))) return tau;
  }
  return NaN;
}

/**
 * Roots m ∈ [m0, m1) of g(ν) = 1 − Σ w_i/(d_i − ν) (d ascending, w > 0): bases[m] = origin pole
 * (0 for the origin 0), taus[m] = ν_m − origin. out: 4 f64 of scratch.
 */
export function secularRoots(d: usize, w: usize, n: i32, wsum: f64, m0: i32, m1: i32, winA: usize, winB: usize, far: i32, paired: i32, pre: usize, suf: usize, rho: usize, sig: usize, s: i32, K: i32, bases: usize, taus: usize, out: usize): f64 {
  const useFar = far != 0, pr = paired != 0;
  let errMax: f64 = 0; // max over the roots of the error bound of ν_m relative to its nearest-pole distance
  for (let m = m0; m < m1; m++) {
    const mo = (<usize>m) << 3;
    const lo4 = useFar ? load<i32>(winA + ((<usize>m) << 2)) : 0;
    const hi4 = useFar ? load<i32>(winB + ((<usize>m) << 2)) : n;
    const wL: f64 = m > 0 ? load<f64>(w + mo - 8) : 0.0;
    const wR = load<f64>(w + mo);
    const dm = load<f64>(d + mo);
    let base: f64, lo: f64, hi: f64, tau: f64, dL: f64, dR: f64;
    if (m > 0) {
      const dm1 = load<f64>(d + mo - 8);
      const gap = dm - dm1;
      evalRest(d, w, n, m, dm1, gap / 2, lo4, hi4, useFar, pr, pre, suf, rho, sig, s, K, out);
      const gmid = 1 - rPsi - rPhi - wL / (-gap / 2) - wR / (gap / 2);
      let o: i32;
      if (gmid >= 0) {
        o = m;
        lo = -gap / 2;
        hi = 0;
      } else {
        o = m - 1;
        lo = 0;
        hi = gap / 2;
      }
      base = o == m ? dm : dm1;
      dL = dm1 - base;
      dR = dm - base;
      tau = o == m ? -gap / 2 : gap / 2;
      tau = modelRoot(tau, dL, dR, wL, wR, lo, hi);
    } else if (dm > 0) {
      evalRest(d, w, n, 0, 0, dm / 2, lo4, hi4, useFar, pr, pre, suf, rho, sig, s, K, out);
      const gmid = 1 - rPsi - rPhi - wR / (dm / 2);
      if (gmid < 0) {
        base = 0;
        lo = dm - wsum;
        hi = dm / 2;
        tau = dm / 2;
      } else {
        base = dm;
        lo = -dm / 2;
        hi = 0;
        tau = -dm / 2;
      }
      dL = -Infinity;
      dR = dm - base;
      tau = modelRoot(tau, dL, dR, 0, wR, lo, hi);
    } else {
      base = dm;
      lo = -wsum;
      hi = 0;
      dL = -Infinity;
      dR = 0;
      tau = -wsum / 2;
    }
    if (!(tau > lo && tau < hi)) tau = 0.5 * (lo + hi);
    let err: f64 = Infinity;
    for (let it = 0; it < 100; it++) {
      evalRest(d, w, n, m, base, tau, lo4, hi4, useFar, pr, pre, suf, rho, sig, s, K, out);
      const tL = wL > 0 ? wL / (dL - tau) : 0.0;
      const tR = wR / (dR - tau);
      const psi = rPsi + tL, phi = rPhi + tR;
      const g = 1 - psi - phi;
      if (g > 0) lo = tau;
      else hi = tau;
      const errBound = 8 * EPS * (2 + phi - psi);
      // rounding of g moves the root by ≤ errBound/g' (g' = Σ w/(d − ν)²), relative to the nearest pole distance
      const gp = rDpsi + rDphi + (wL > 0 ? tL / (dL - tau) : 0.0) + tR / (dR - tau);
      err = errBound / (gp * min<f64>(abs<f64>(dR - tau), abs<f64>(dL - tau)));
      if (abs<f64>(g) <= errBound || g == 0) break;
      let next = modelRoot(tau, dL, dR, wL, wR, lo, hi);
      const solved = next > lo && next < hi;
      if (!solved) next = 0.5 * (lo + hi);
      const step = next - tau;
      const eL = dL - next, eR = dR - next;
      const near = min<f64>(abs<f64>(eR), abs<f64>(eL));
      const distL: f64 = m >= 2 ? next - (load<f64>(d + mo - 16) - base) : Infinity;
      const distR: f64 = m + 1 < n ? load<f64>(d + mo + 8) - base - next : Infinity;
      const dist = min<f64>(distL, distR);
      const r1 = rDpsi + rDphi;
      const Gp = (wL > 0 ? wL / (eL * eL) : 0.0) + wR / (eR * eR) + r1;
      if ((solved && (r1 * step * step) / (dist * Gp) <= EPS * near) || next == tau) {
        tau = next;
        err = EPS + errBound / (Gp * near); // the model's error (≤ ε·near) plus the rounding of g
        break;
      }
      tau = next;
      err = Infinity;
    }
    if (!(err <= errMax)) errMax = err; // NaN / Infinity propagate
    store<f64>(bases + mo, base);
    store<f64>(taus + mo, tau);
  }
  return errMax;
}

/**
 * For roots m ∈ [m0, m1) at ν_m = bases[m] + taus[m]: num[m] = Σ_i f_i/(d_i − ν_m), den[m] = Σ_i c_i/(d_i − ν_m)²
 * over all atoms (direct over the window [winA[m], winB[m]) plus the far field when far ≠ 0 and
 * ν_m > 0, else direct over [0, n)). out, scratch: 4 f64 each.
 */
export function residuesRange(d: usize, f: usize, c: usize, n: i32, m0: i32, m1: i32, bases: usize, taus: usize, winA: usize, winB: usize, far: i32, paired: i32, preF: usize, sufF: usize, preC: usize, sufC: usize, rho: usize, sig: usize, s: i32, K: i32, num: usize, den: usize, out: usize, scratch: usize): void {
  for (let m = m0; m < m1; m++) {
    const mo = (<usize>m) << 3;
    const base = load<f64>(bases + mo), tau = load<f64>(taus + mo);
    if (far != 0 && base + tau > 0) {
      residueFar(d, f, c, load<i32>(winA + ((<usize>m) << 2)), load<i32>(winB + ((<usize>m) << 2)), n, base, tau, preF, sufF, preC, sufC, rho, sig, s, K, out, scratch);
    } else if (paired != 0) residueSums2(d, f, c, 0, n, base, tau, out);
    else residueSums(d, f, c, 0, n, base, tau, out);
    store<f64>(num + mo, load<f64>(out));
    store<f64>(den + mo, load<f64>(out + 8));
  }
}

// ---------------------------------------------------------------- Löwner far field (LownerFar of closed-form.ts)

/**
 * The LownerFar tables (same normalised recurrences and operation order as the TypeScript
 * constructor): pre (K rows), suf (K + 1 rows, row 0 the log1p(τ'/d) sums), stride s = nb + 1;
 * rho = FarField's ρ_A (already built), sig (out) σ_B = ν_{16B}. scratch: 8·n + 2·s f64.
 */
export function lownerFarBuild(d: usize, bases: usize, taus: usize, n: i32, K: i32, pre: usize, suf: usize, rho: usize, sig: usize, scratch: usize): void {
  const nb = (n + 15) >> 4;
  const s = nb + 1;
  const nn = (<usize>n) << 3;
  const nu = scratch, tp = scratch + nn, u = scratch + 2 * nn, v = scratch + 3 * nn, t = scratch + 4 * nn, D = scratch + 5 * nn, vk = scratch + 6 * nn;
  const qb = scratch + 7 * nn, qr = qb + ((<usize>s) << 3);
  for (let m: i32 = 0; m < n; m++) {
    const o = (<usize>m) << 3;
    const b = load<f64>(bases + o), ta = load<f64>(taus + o);
    store<f64>(nu + o, b + ta);
    store<f64>(tp + o, b - load<f64>(d + o) + ta);
  }
  for (let B: i32 = 0; B < nb; B++) store<f64>(sig + ((<usize>B) << 3), load<f64>(nu + ((<usize>(B << 4)) << 3)));
  // prefix
  for (let m: i32 = 0; m < n; m++) {
    const o = (<usize>m) << 3;
    const r = load<f64>(rho + ((<usize>((m >> 4) + 1)) << 3));
    store<f64>(u + o, load<f64>(nu + o) / r);
    const vv = load<f64>(d + o) / r;
    store<f64>(v + o, vv);
    const tt = load<f64>(tp + o) / r;
    store<f64>(t + o, tt);
    store<f64>(D + o, tt);
    store<f64>(vk + o, vv);
  }
  for (let A: i32 = 0; A < s; A++) {
    store<f64>(qb + ((<usize>A) << 3), 1.0);
    store<f64>(qr + ((<usize>A) << 3), 0.0);
  }
  for (let A: i32 = 1; A < nb; A++) {
    const q = load<f64>(rho + ((<usize>A) << 3)) / load<f64>(rho + ((<usize>(A + 1)) << 3));
    store<f64>(qr + ((<usize>A) << 3), q);
    store<f64>(qb + ((<usize>A) << 3), q);
  }
  for (let k: i32 = 1; k <= K; k++) {
    const r = pre + ((<usize>((k - 1) * s)) << 3);
    let acc: f64 = 0;
    store<f64>(r, 0);
    let m: i32 = 0;
    for (let A: i32 = 0; A < nb; A++) {
      acc *= load<f64>(qb + ((<usize>A) << 3));
      const end = min(n, m + 16);
      for (; m < end; m++) acc += load<f64>(D + ((<usize>m) << 3));
      store<f64>(r + ((<usize>(A + 1)) << 3), acc);
    }
    for (let j: i32 = 0; j < n; j++) {
      const o = (<usize>j) << 3;
      store<f64>(D + o, load<f64>(u + o) * load<f64>(D + o) + load<f64>(vk + o) * load<f64>(t + o));
      store<f64>(vk + o, load<f64>(vk + o) * load<f64>(v + o));
    }
    for (let A: i32 = 1; A < nb; A++) {
      const o = (<usize>A) << 3;
      store<f64>(qb + o, load<f64>(qb + o) * load<f64>(qr + o));
    }
  }
  // suffix over m ≥ 1 (a = u, c = v, E1 = t, E = D, ck = vk; L after qb, qr)
  const a = u, c = v, E1 = t, E = D, ck = vk, L = scratch + 7 * nn + 2 * ((<usize>s) << 3);
  for (let m: i32 = 0; m < n; m++) {
    const o = (<usize>m) << 3;
    if (m == 0) {
      store<f64>(a, 0);
      store<f64>(c, 0);
      store<f64>(E1, 0);
      store<f64>(E, 0);
      store<f64>(ck, 0);
      store<f64>(L, 0);
      continue;
    }
    const sg = load<f64>(sig + ((<usize>(m >> 4)) << 3));
    const num = load<f64>(nu + o), dm = load<f64>(d + o), tpm = load<f64>(tp + o);
    store<f64>(a + o, sg / num);
    const cc = sg / dm;
    store<f64>(c + o, cc);
    const e1 = (-sg * tpm) / (num * dm);
    store<f64>(E1 + o, e1);
    store<f64>(E + o, e1);
    store<f64>(ck + o, cc);
    store<f64>(L + o, Math.log1p(tpm / dm));
  }
  for (let B: i32 = 0; B < s; B++) {
    store<f64>(qb + ((<usize>B) << 3), 0.0);
    store<f64>(qr + ((<usize>B) << 3), 0.0);
  }
  for (let B: i32 = 0; B + 1 < nb; B++) {
    const q = load<f64>(sig + ((<usize>B) << 3)) / load<f64>(sig + ((<usize>(B + 1)) << 3));
    store<f64>(qr + ((<usize>B) << 3), q);
    store<f64>(qb + ((<usize>B) << 3), q);
  }
  for (let k: i32 = 0; k <= K; k++) {
    const r = suf + ((<usize>(k * s)) << 3);
    const src = k == 0 ? L : E;
    let acc: f64 = 0;
    for (let B: i32 = nb - 1; B >= 0; B--) {
      if (k > 0) acc *= load<f64>(qb + ((<usize>B) << 3));
      for (let m: i32 = min(n, (B + 1) << 4) - 1; m >= B << 4; m--) acc += load<f64>(src + ((<usize>m) << 3));
      store<f64>(r + ((<usize>B) << 3), acc);
    }
    if (k == 0) continue;
    for (let m: i32 = 1; m < n; m++) {
      const o = (<usize>m) << 3;
      store<f64>(E + o, load<f64>(a + o) * load<f64>(E + o) + load<f64>(ck + o) * load<f64>(E1 + o));
      store<f64>(ck + o, load<f64>(ck + o) * load<f64>(c + o));
    }
    for (let B: i32 = 0; B + 1 < nb; B++) {
      const o = (<usize>B) << 3;
      store<f64>(qb + o, load<f64>(qb + o) * load<f64>(qr + o));
    }
  }
}

/** Σ over m < a and m ≥ b of log[(ν_m − d_i)/(d_m − d_i)] from the LownerFar tables (logFactor of closed-form.ts) */
function lownerLogFactor(pre: usize, suf: usize, rho: usize, sig: usize, s: i32, K: i32, n: i32, a: i32, b: i32, di: f64): f64 {
  const row = (<usize>s) << 3;
  let acc: f64 = 0;
  if (a > 0) {
    const A = (<usize>(a >> 4)) << 3;
    const x = load<f64>(rho + A) / di;
    let p = x;
    let q = pre + A;
    for (let k: i32 = 1; k <= K; k++) {
      acc -= (load<f64>(q) * p) / <f64>k;
      p *= x;
      q += row;
    }
  }
  if (b < n) {
    const B = (<usize>(b >> 4)) << 3;
    let q = suf + B;
    acc += load<f64>(q);
    const x = di / load<f64>(sig + B);
    let p = x;
    for (let k: i32 = 1; k <= K; k++) {
      q += row;
      acc -= (load<f64>(q) * p) / <f64>k;
      p *= x;
    }
  }
  return acc;
}

/**
 * Löwner weights ĉ_i for i ∈ [i0, i1) with the near windows [winA[i], winB[i]) and (far ≠ 0) the
 * far factor exp(logFactor) from the LownerFar tables.
 */
export function lownerFarRange(d: usize, bs: usize, ts: usize, n: i32, i0: i32, i1: i32, winA: usize, winB: usize, pre: usize, suf: usize, rho: usize, sig: usize, s: i32, K: i32, out: usize): void {
  for (let i = i0; i < i1; i++) {
    const a = load<i32>(winA + ((<usize>i) << 2)), b = load<i32>(winB + ((<usize>i) << 2));
    const near = lownerNear(d, bs, ts, a, i, b);
    store<f64>(out + ((<usize>i) << 3), near * Math.exp(lownerLogFactor(pre, suf, rho, sig, s, K, n, a, b, load<f64>(d + ((<usize>i) << 3)))));
  }
}
