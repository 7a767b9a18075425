// The sums of the deterministic equivalents for a data spectrum (issue 14): the same quantities
// as PowerLawSums (power-sums.ts) with arbitrary eigenvalues λ_j and weights w_j in place of the
// power laws j^{-2α}, j^{-p}:
//   S_{w,q}(x) = Σ_{j=1..v} w_j (1 + x λ_j)^{-q}  (q = 1, 2, 3),   A(x) = Σ_j arg(1 + x λ_j),
// summed directly, O(v) per evaluation (a data spectrum is stored in full, v ≤ 10⁶). Exact up to
// rounding (relative ~v·ε at worst), so no tail approximation is involved.

/** what the plain equivalent needs from a sum evaluator (PowerLawSums has the same method) */
export interface SumsEvaluator {
  /** writes re/im of each sum into out[2k], out[2k+1] */
  eval(xr: number, xi: number, out: Float64Array): void;
}

export interface DataSumSpec {
  /** weights w_j (null: the arg sum A(x)) */
  w: Float64Array | null;
  q: 0 | 1 | 2 | 3;
}

export class DataSums implements SumsEvaluator {
  readonly lam: Float64Array;
  readonly specs: DataSumSpec[];
  constructor(lam: Float64Array, specs: DataSumSpec[]) {
    this.lam = lam;
    this.specs = specs;
  }

  eval(xr: number, xi: number, out: Float64Array): void {
    const ns = this.specs.length;
    for (let k = 0; k < 2 * ns; k++) out[k] = 0;
    const lam = this.lam;
    for (let j = 0; j < lam.length; j++) {
      const l = lam[j]!;
      const gr = 1 + xr * l;
      const gi = xi * l;
      const n = gr * gr + gi * gi;
      const w1r = gr / n;
      const w1i = -gi / n;
      for (let k = 0; k < ns; k++) {
        const s = this.specs[k]!;
        if (s.q === 0) {
          out[2 * k] = out[2 * k]! + Math.atan2(gi, gr);
          continue;
        }
        let wr = w1r;
        let wi = w1i;
        for (let q = 1; q < s.q; q++) {
          const t = wr * w1r - wi * w1i;
          wi = wr * w1i + wi * w1r;
          wr = t;
        }
        const c = s.w![j]!;
        out[2 * k] = out[2 * k]! + c * wr;
        out[2 * k + 1] = out[2 * k + 1]! + c * wi;
      }
    }
  }
}
