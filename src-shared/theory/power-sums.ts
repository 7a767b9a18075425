// Power-law sums over the latent coordinates j = 1..v at a complex point x:
//
//   S_{p,q}(x) = Σ_{j=1..v} j^{-p} (1 + x j^{-2α})^{-q}        (q = 1, 2, 3)
//   A(x)       = Σ_{j=1..v} arg(1 + x j^{-2α})                  (x in the closed upper half plane)
//
// These are the only v-dependent quantities of the deterministic equivalents (DESIGN.md §3):
// with λ_j = j^{-2α}, a_j² = j^{-2α-2β}, e.g. Σ λ_j/(1+xλ_j) = S_{2α,1}, Σ a_j²/(1+xλ_j) =
// S_{2α+2β,1}. Cost must not be O(v) per evaluation when v is large, so:
//
//   head  j = 1..J−1 summed exactly (J = max(48, √d) for the equivalents; J is moved past the
//         resonance t* = |x|^{1/(2α)} when the pole of the summand comes within 6 of the real
//         t-axis there, so that the tail is analytic in a strip of half-width ≥ 6 around [J, v]);
//   tail  j = J..v by Euler–Maclaurin:  Σ_{j=J}^{v} f(j) = ∫_J^v f + (f(J)+f(v))/2
//         + Σ_{k=1..3} B_{2k}/(2k)! (f^{(2k−1)}(v) − f^{(2k−1)}(J)) + R,
//         the derivatives from Taylor series of f at the end points (exact complex series
//         arithmetic), the integral by composite 10-point Gauss–Legendre in u = ln t with
//         panels graded towards the resonance u* = ln t*.
//   Error bound: |R| ≤ 2ζ(8)/(2π)^8 ∫_J^v |f^{(8)}| ≲ 1.1e-6 · |f^{(7)}(J)|, and for f analytic
//   in a strip of half-width ≥ 6 around [J, ∞) Cauchy gives |f^{(7)}(J)| ≤ 7!·6^{-7}·max|f|,
//   i.e. |R| ≲ 2e-8 · max|f| relative to one term; with J ≥ 48 the summand is smooth on the
//   scale J itself, |f^{(7)}(J)| ≈ (p)_7 |f(J)|/J^7 and |R| ≲ 1e-15 Σ|f|. Gauss–Legendre panels
//   are sized so that the nearest singularity is ≥ 2 panel widths away (error ≤ 5.8^{-20}) and
//   the exponential factor e^{(1−p)u} is resolved to ≲ 4e-11. Tested against the direct sum
//   to 1e-10 relative at v = 1e5 (test/unit/theory/power-sums.test.ts).
// Tail loop: when every exponent decomposes as p = 2α·ka + e·kb (small integers, one extra
// exponent e) and there is no arg sum — the equivalents' sums — the per-node weights t^{1−p} come
// from one table of powers of λ(t) (unrolled over q) instead of the general per-sum loop; same
// accuracy (test/unit/theory/power-sums-fast.test.ts); opt-in with `specialised: true` (the spiked
// equivalent's quasi-Newton path).

export interface SumSpec {
  /** exponent p of j^{-p}; ignored for kind 'arg' */
  p: number;
  /** power q ∈ {1,2,3} of (1 + x j^{-2α})^{-1}; 0 means the arg sum A(x) */
  q: 0 | 1 | 2 | 3;
}

// 10-point Gauss–Legendre on [−1, 1]
const GL_X = [
  -0.9739065285171717, -0.8650633666889845, -0.6794095682990244, -0.4333953941292472, -0.1488743389816312,
  0.1488743389816312, 0.4333953941292472, 0.6794095682990244, 0.8650633666889845, 0.9739065285171717,
];
const GL_W = [
  0.0666713443086881, 0.1494513491505806, 0.219086362515982, 0.2692667193099963, 0.2955242247147529,
  0.2955242247147529, 0.2692667193099963, 0.219086362515982, 0.1494513491505806, 0.0666713443086881,
];
// B_{2k}/(2k)! for k = 1, 2, 3
const EM_C = [1 / 12, -1 / 720, 1 / 30240];
const ORDER = 6; // Taylor coefficients 0..5 (derivatives up to f^(5))

/** Evaluates a fixed set of power-law sums at complex points. */
export class PowerLawSums {
  readonly alpha: number;
  readonly v: number;
  readonly baseHead: number;
  readonly specs: SumSpec[];
  /** head coefficients: headCoef[s][j-1] = j^{-p_s}; lam[j-1] = j^{-2α} */
  private readonly lam: Float64Array;
  private readonly headCoef: Float64Array[];
  private readonly hmax: number;
  /** number of terms evaluated in the last call (for diagnostics/benchmarks) */
  lastTerms = 0;
  /** Gauss–Legendre nodes used by the tail in the last call */
  lastNodes = 0;
  private readonly acc: Float64Array;
  private readonly binLam: Float64Array;
  private readonly binP: Float64Array[];
  private readonly qs: Int8Array;
  /** p = 2α·ka + betaExp·kb with small integers (ka = −1: not decomposable) */
  private readonly ka: Int8Array;
  private readonly kb: Int8Array;
  private readonly betaExp: number;
  private readonly oneMinusP: Float64Array;
  private readonly sG = new Float64Array(2 * ORDER);
  private readonly sInv = new Float64Array(2 * ORDER);
  private readonly sW = new Float64Array(2 * ORDER);
  private readonly sD = new Float64Array(2 * ORDER);
  private readonly sP = new Float64Array(2 * ORDER);
  private readonly sOut = new Float64Array(2 * ORDER);
  private readonly sQ = new Float64Array(2 * ORDER);
  private readonly sLog = new Float64Array(2 * ORDER);
  private readonly hasArg: boolean;
  /** all sums decompose as p = 2α·ka + e·kb and none is the arg sum: the unrolled tail loop */
  private readonly fast: boolean;
  private readonly lp = new Float64Array(7);
  private readonly wq = new Float64Array(6);
  private readonly qOff: Int8Array;

  /** opts.specialised: use the specialised tail loop when the sums allow it (default: the general loop) */
  constructor(alpha: number, v: number, specs: SumSpec[], headTerms = 64, opts: { specialised?: boolean } = {}) {
    this.alpha = alpha;
    this.v = v;
    this.specs = specs;
    this.baseHead = Math.min(v, Math.max(16, Math.ceil(headTerms)));
    // precompute a generous head so that resonance extensions rarely need new powers
    const nPre = Math.min(v, Math.max(this.baseHead, 4096));
    this.lam = new Float64Array(nPre);
    this.headCoef = specs.map(() => new Float64Array(nPre));
    // tight per-array loops (this runs once per solver, cold)
    const lnj = new Float64Array(nPre);
    for (let j = 1; j <= nPre; j++) lnj[j - 1] = Math.log(j);
    const lam = this.lam;
    const m2a = -2 * alpha;
    for (let i = 0; i < nPre; i++) lam[i] = Math.exp(m2a * lnj[i]!);
    for (let k = 0; k < specs.length; k++) {
      const c = this.headCoef[k]!;
      const sp = specs[k]!;
      if (sp.q === 0) {
        c.fill(1);
        continue;
      }
      const mp = -sp.p;
      for (let i = 0; i < nPre; i++) c[i] = Math.exp(mp * lnj[i]!);
    }
    let pm = 0;
    for (const s of specs) if (s.q !== 0) pm = Math.max(pm, Math.abs(1 - s.p));
    if (specs.some((s) => s.q === 0)) pm = Math.max(pm, 1); // e^u · arg(…)
    // GL-10 on a panel of width h integrates e^{cu} to ~(|c|h/2)^20/20! relative: ≤ 4e-11 for |c|h ≤ 5
    this.hmax = Math.min(2, 5 / Math.max(pm, 1e-9));
    this.acc = new Float64Array(2 * specs.length);
    this.qs = Int8Array.from(specs.map((s) => s.q));
    this.hasArg = specs.some((s) => s.q === 0);
    this.oneMinusP = Float64Array.from(specs.map((s) => 1 - s.p));
    // decompose p = 2α·ka + e·kb (kb ∈ {0,1}) with e the first non-multiple of 2α among the p's
    let e = 0;
    const isMult = (p: number) => {
      const k = Math.round(p / (2 * alpha));
      return k >= 0 && k <= 6 && Math.abs(p - 2 * alpha * k) <= 1e-12 * Math.max(1, p);
    };
    for (const s of specs) if (s.q !== 0 && !isMult(s.p)) {
      e = s.p - 2 * alpha * Math.max(0, Math.floor(s.p / (2 * alpha) - 1e-9));
      // prefer the smallest residual exponent
      for (let k = 0; k <= 6; k++) if (s.p - 2 * alpha * k > 0) e = s.p - 2 * alpha * k;
      break;
    }
    this.betaExp = e;
    this.ka = new Int8Array(specs.length);
    this.kb = new Int8Array(specs.length);
    specs.forEach((s, i) => {
      this.ka[i] = -1;
      if (s.q === 0) return;
      if (isMult(s.p)) {
        this.ka[i] = Math.round(s.p / (2 * alpha));
        return;
      }
      if (e > 0 && isMult(s.p - e)) {
        this.ka[i] = Math.round((s.p - e) / (2 * alpha));
        this.kb[i] = 1;
      }
    });
    this.qOff = Int8Array.from(specs.map((s) => 2 * Math.max(0, s.q - 1)));
    this.fast = opts.specialised === true && !this.hasArg && specs.every((_, i) => this.ka[i]! >= 0 && this.ka[i]! <= 6);
    this.binLam = binomSeries(-2 * alpha, ORDER);
    this.binP = specs.map((s) => binomSeries(-s.p, ORDER));
  }

  /** writes re/im of each sum into out[2k], out[2k+1] */
  eval(xr: number, xi: number, out: Float64Array): void {
    const { alpha, v, specs } = this;
    const ns = specs.length;
    for (let k = 0; k < 2 * ns; k++) out[k] = 0;
    // head length, moved past a nearby resonance
    let J = this.baseHead;
    const ax = Math.hypot(xr, xi);
    if (ax > 0 && J < v) {
      const tStar = Math.exp(Math.log(ax) / (2 * alpha));
      const argNeg = Math.atan2(-xi, -xr); // arg(−x) ∈ (−π, π]
      const du = Math.abs(argNeg) / (2 * alpha);
      const dt = tStar * Math.min(du, 1);
      if (tStar > J - 8 && tStar < v + 8 && dt < 6) J = Math.min(v, Math.ceil(tStar) + 40);
    }
    this.lastTerms = J;
    // head: j = 1..J-1 (all of them if J == v: then the tail is the single term j = v)
    const headEnd = J >= v ? v : J - 1;
    this.addHead(xr, xi, 1, headEnd, out);
    if (headEnd === v) return;
    this.addTail(xr, xi, J, out);
  }

  private addHead(xr: number, xi: number, j0: number, j1: number, out: Float64Array): void {
    const ns = this.specs.length;
    const nPre = this.lam.length;
    const alpha = this.alpha;
    const xiPos = Math.max(xi, 0);
    const qs = this.qs;
    const coef = this.headCoef;
    const acc = this.acc;
    acc.fill(0);
    for (let j = j0; j <= j1; j++) {
      let l: number;
      const pre = j <= nPre;
      if (pre) l = this.lam[j - 1]!;
      else l = Math.exp(-2 * alpha * Math.log(j));
      // w = 1/(1 + x l), w², w³ shared by all sums
      const gr = 1 + xr * l;
      const gi = xi * l;
      const den = gr * gr + gi * gi;
      const w1r = gr / den;
      const w1i = -gi / den;
      const w2r = w1r * w1r - w1i * w1i;
      const w2i = 2 * w1r * w1i;
      const w3r = w2r * w1r - w2i * w1i;
      const w3i = w2r * w1i + w2i * w1r;
      for (let s = 0; s < ns; s++) {
        const q = qs[s]!;
        if (q === 0) {
          acc[2 * s] += Math.atan2(xiPos * l, gr);
          continue;
        }
        const c = pre ? coef[s]![j - 1]! : Math.exp(-this.specs[s]!.p * Math.log(j));
        if (q === 1) {
          acc[2 * s] += c * w1r;
          acc[2 * s + 1] += c * w1i;
        } else if (q === 2) {
          acc[2 * s] += c * w2r;
          acc[2 * s + 1] += c * w2i;
        } else {
          acc[2 * s] += c * w3r;
          acc[2 * s + 1] += c * w3i;
        }
      }
    }
    for (let k = 0; k < 2 * ns; k++) out[k] += acc[k]!;
  }

  private addTail(xr: number, xi: number, J: number, out: Float64Array): void {
    const { specs, v, alpha } = this;
    const ns = specs.length;
    // integral over [J, v] in u = ln t, panels graded towards the resonance
    const ua = Math.log(J);
    const ub = Math.log(v);
    const ax = Math.hypot(xr, xi);
    const uStar = ax > 0 ? Math.log(ax) / (2 * alpha) : -Infinity;
    const du = Math.max(Math.abs(Math.atan2(-xi, -xr)) / (2 * alpha), 1e-12);
    const hmax = this.hmax;
    const acc = this.acc;
    acc.fill(0);
    const xiPos = Math.max(xi, 0);
    const fast = this.fast;
    const lp = this.lp,
      wq = this.wq,
      kaA = this.ka,
      kbA = this.kb,
      qo = this.qOff;
    let u0 = ua;
    let nodes = 0;
    while (u0 < ub) {
      // the nearest singularity is ≥ 2h from u0, so ≥ 1.5h from the panel centre: Bernstein
      // ellipse parameter ≥ 5.8 for the half-width h/2, GL-10 error ≤ 5.8^{-20} ≈ 2e-15 (simple pole)
      const dd = u0 - uStar;
      const h = Math.min(hmax, Math.max(0.5 * Math.sqrt(dd * dd + du * du), 1e-9));
      const u1 = Math.min(ub, u0 + h);
      const hm = 0.5 * (u1 - u0);
      const c = 0.5 * (u1 + u0);
      for (let g = 0; g < 10; g++) {
        const u = c + hm * GL_X[g]!;
        const wt = GL_W[g]! * hm;
        const l = Math.exp(-2 * alpha * u);
        const gr = 1 + xr * l;
        const gi = xi * l;
        const den = gr * gr + gi * gi;
        const wr = gr / den;
        const wi = -gi / den;
        const et = Math.exp(u);
        const w2r = wr * wr - wi * wi;
        const w2i = 2 * wr * wi;
        const w3r = w2r * wr - w2i * wi;
        const w3i = w2r * wi + w2i * wr;
        const eb = this.betaExp !== 0 ? Math.exp(-this.betaExp * u) : 1;
        if (fast) {
          // all sums decomposable, no arg sum: t^{1−p} = t · l^{ka} · eb^{kb}, unrolled over q
          const base = wt * et;
          lp[0] = base;
          lp[1] = base * l;
          lp[2] = lp[1]! * l;
          lp[3] = lp[2]! * l;
          lp[4] = lp[3]! * l;
          lp[5] = lp[4]! * l;
          lp[6] = lp[5]! * l;
          wq[0] = wr;
          wq[1] = wi;
          wq[2] = w2r;
          wq[3] = w2i;
          wq[4] = w3r;
          wq[5] = w3i;
          for (let k = 0; k < ns; k++) {
            const cw = lp[kaA[k]!]! * (kbA[k] ? eb : 1);
            const o = qo[k]!;
            acc[2 * k] += cw * wq[o]!;
            acc[2 * k + 1] += cw * wq[o + 1]!;
          }
          continue;
        }
        for (let k = 0; k < ns; k++) {
          const q = this.qs[k]!;
          if (q === 0) {
            acc[2 * k] += wt * et * Math.atan2(xiPos * l, gr);
            continue;
          }
          // t^{1−p} = t · l^{ka} · e^{−2β u·kb} when p = 2α·ka + 2β·kb, else one exp
          const ka = this.ka[k]!;
          let cw: number;
          if (ka >= 0) {
            cw = wt * et * (this.kb[k] ? eb : 1);
            for (let m = 0; m < ka; m++) cw *= l;
          } else cw = wt * Math.exp(this.oneMinusP[k]! * u);
          if (q === 1) {
            acc[2 * k] += cw * wr;
            acc[2 * k + 1] += cw * wi;
          } else if (q === 2) {
            acc[2 * k] += cw * w2r;
            acc[2 * k + 1] += cw * w2i;
          } else {
            acc[2 * k] += cw * w3r;
            acc[2 * k + 1] += cw * w3i;
          }
        }
      }
      nodes += 10;
      u0 = u1;
    }
    this.lastNodes = nodes;
    // end-point terms: Taylor series of every summand at J and at v (shared powers of 1/G)
    for (const [t0, sign] of [
      [J, -1],
      [v, 1],
    ] as const) {
      this.endpointSeries(t0, xr, xi);
      for (let s = 0; s < ns; s++) {
        const ta = this.taylor(s, specs[s]!, t0);
        let r = 0.5 * ta[0]!;
        let i = 0.5 * ta[1]!;
        // derivative k of f at t0: k! c_k / t0^k  (series in e = h/t0)
        for (let m = 0; m < 3; m++) {
          const k = 2 * m + 1;
          const pk = (sign * EM_C[m]! * FACT[k]!) / Math.pow(t0, k);
          r += ta[2 * k]! * pk;
          i += ta[2 * k + 1]! * pk;
        }
        out[2 * s] += r;
        out[2 * s + 1] += i;
      }
    }
    for (let s = 0; s < ns; s++) {
      out[2 * s] += acc[2 * s]!;
      out[2 * s + 1] += acc[2 * s + 1]!;
    }
  }

  /** series of G(e) = 1 + x l0 (1+e)^{-2α} at t0 and of 1/G, 1/G², 1/G³, Im log G */
  private endpointSeries(t0: number, xr: number, xi: number): void {
    const n = ORDER;
    const l0 = Math.exp(-2 * this.alpha * Math.log(t0));
    const b = this.binLam;
    const G = this.sG;
    for (let k = 0; k < n; k++) {
      G[2 * k] = xr * l0 * b[k]!;
      G[2 * k + 1] = xi * l0 * b[k]!;
    }
    G[0] += 1;
    seriesRecip(G, n, this.sInv);
    seriesMul(this.sInv, this.sInv, n, this.sW);
    seriesMul(this.sW, this.sInv, n, this.sD);
    if (this.hasArg) {
      // arg(G) = Im log G; log G = log G0 + ∫ G'/G
      const dG = this.sP;
      dG.fill(0);
      for (let k = 1; k < n; k++) {
        dG[2 * (k - 1)] = k * G[2 * k]!;
        dG[2 * (k - 1) + 1] = k * G[2 * k + 1]!;
      }
      const q = this.sQ;
      seriesMul(dG, this.sInv, n, q);
      const L = this.sLog;
      L.fill(0);
      L[0] = Math.atan2(Math.max(G[1]!, 0), G[0]!);
      for (let k = 1; k < n; k++) L[2 * k] = q[2 * (k - 1) + 1]! / k; // imaginary part only
    }
  }

  /** Taylor coefficients (in e = h/t0) of summand s at t0 (after endpointSeries(t0)) */
  private taylor(si: number, s: SumSpec, t0: number): Float64Array {
    if (s.q === 0) return this.sLog;
    const n = ORDER;
    const w = s.q === 1 ? this.sInv : s.q === 2 ? this.sW : this.sD;
    const c0 = Math.exp(-s.p * Math.log(t0));
    const bp = this.binP[si]!;
    const out = this.sOut;
    // (c0 · Σ bp_k e^k) · w(e): real coefficients times complex series
    for (let k = 0; k < n; k++) {
      let r = 0,
        i = 0;
      for (let j = 0; j <= k; j++) {
        const c = c0 * bp[j]!;
        r += c * w[2 * (k - j)]!;
        i += c * w[2 * (k - j) + 1]!;
      }
      out[2 * k] = r;
      out[2 * k + 1] = i;
    }
    return out;
  }
}

const FACT = [1, 1, 2, 6, 24, 120, 720, 5040];

/** coefficients of (1+e)^s up to order n−1 */
function binomSeries(s: number, n: number): Float64Array {
  const c = new Float64Array(n);
  c[0] = 1;
  for (let k = 1; k < n; k++) c[k] = (c[k - 1]! * (s - k + 1)) / k;
  return c;
}

function seriesMul(a: Float64Array, b: Float64Array, n: number, c: Float64Array): Float64Array {
  c.fill(0);
  for (let i = 0; i < n; i++)
    for (let j = 0; i + j < n; j++) {
      const ar = a[2 * i]!,
        ai = a[2 * i + 1]!,
        br = b[2 * j]!,
        bi = b[2 * j + 1]!;
      c[2 * (i + j)] += ar * br - ai * bi;
      c[2 * (i + j) + 1] += ar * bi + ai * br;
    }
  return c;
}

function seriesRecip(a: Float64Array, n: number, c: Float64Array): Float64Array {
  const a0r = a[0]!,
    a0i = a[1]!;
  const d = a0r * a0r + a0i * a0i;
  const ir = a0r / d,
    ii = -a0i / d;
  c[0] = ir;
  c[1] = ii;
  for (let k = 1; k < n; k++) {
    let sr = 0,
      si = 0;
    for (let j = 1; j <= k; j++) {
      const ar = a[2 * j]!,
        ai = a[2 * j + 1]!,
        cr = c[2 * (k - j)]!,
        ci = c[2 * (k - j) + 1]!;
      sr += ar * cr - ai * ci;
      si += ar * ci + ai * cr;
    }
    // c_k = −(1/a0) Σ a_j c_{k−j}
    c[2 * k] = -(sr * ir - si * ii);
    c[2 * k + 1] = -(sr * ii + si * ir);
  }
  return c;
}

/** direct O(v) evaluation (reference for tests) */
export function directPowerSum(alpha: number, v: number, spec: SumSpec, xr: number, xi: number): [number, number] {
  let r = 0,
    i = 0;
  for (let j = 1; j <= v; j++) {
    const lj = Math.log(j);
    const l = Math.exp(-2 * alpha * lj);
    const gr = 1 + xr * l;
    const gi = xi * l;
    if (spec.q === 0) {
      r += Math.atan2(Math.max(xi, 0) * l, gr);
      continue;
    }
    const den = gr * gr + gi * gi;
    let wr = gr / den,
      wi = -gi / den;
    const br = wr,
      bi = wi;
    for (let k = 1; k < spec.q; k++) {
      const t = wr * br - wi * bi;
      wi = wr * bi + wi * br;
      wr = t;
    }
    const c = Math.exp(-spec.p * lj);
    r += c * wr;
    i += c * wi;
  }
  return [r, i];
}
