// Power-law fits of a spectrum (issue 14): D_j ≈ C_D · j^{-2α} and |b_j| ≈ C_b · j^{-β}, by
// ordinary least squares in log–log coordinates over an index range [j0, j1] (default the whole
// range 1..v; entries with b_j = 0 are left out of the β fit). These fitted (α, β) are what the
// theory (phases, η, ξ) is evaluated at for a data spectrum.
// "Far from a power law": the root-mean-square residual of log10 over the range exceeds
// FAR_RMS_LOG10 = 0.15 (a typical factor of 10^0.15 ≈ 1.4 off the line), or fewer than 3 points.
// An exact power law gives residual 0 and the exact exponent (up to rounding).

export const FAR_RMS_LOG10 = 0.15;

export interface LineFit {
  /** fitted exponent e in y ≈ C·j^{-e} */
  exponent: number;
  /** ln C */
  logC: number;
  /** index range used (1-based, inclusive) */
  range: [number, number];
  /** points used */
  points: number;
  /** root-mean-square residual in log10 */
  rmsLog10: number;
  /** largest |residual| in log10 */
  maxLog10: number;
}

export interface SpectrumFit {
  alpha: number;
  beta: number;
  /** D fit (exponent = 2α) */
  D: LineFit;
  /** |b| fit (exponent = β) */
  b: LineFit;
  /** true when either fit is far from a power law (see header) */
  farFromPowerLaw: boolean;
  /** human-readable notes (e.g. why it is far) */
  notes: string[];
}

/** least squares of ln y = ln C − e ln j over j in [j0, j1] with y_j > 0 */
export function fitLogLine(y: ArrayLike<number>, j0 = 1, j1 = y.length): LineFit {
  const xs: number[] = [];
  const ys: number[] = [];
  for (let j = j0; j <= j1; j++) {
    const v = Math.abs(y[j - 1]!);
    if (v > 0 && Number.isFinite(v)) {
      xs.push(Math.log(j));
      ys.push(Math.log(v));
    }
  }
  const n = xs.length;
  if (n < 2) return { exponent: NaN, logC: NaN, range: [j0, j1], points: n, rmsLog10: Infinity, maxLog10: Infinity };
  let mx = 0;
  let my = 0;
  for (let i = 0; i < n; i++) {
    mx += xs[i]!;
    my += ys[i]!;
  }
  mx /= n;
  my /= n;
  let sxx = 0;
  let sxy = 0;
  for (let i = 0; i < n; i++) {
    sxx += (xs[i]! - mx) ** 2;
    sxy += (xs[i]! - mx) * (ys[i]! - my);
  }
  const slope = sxy / sxx;
  const logC = my - slope * mx;
  let ss = 0;
  let mxr = 0;
  for (let i = 0; i < n; i++) {
    const r = (ys[i]! - (logC + slope * xs[i]!)) / Math.LN10;
    ss += r * r;
    mxr = Math.max(mxr, Math.abs(r));
  }
  return { exponent: -slope, logC, range: [j0, j1], points: n, rmsLog10: Math.sqrt(ss / n), maxLog10: mxr };
}

/** fit (α, β) of a spectrum over [j0, j1] (default 1..v) */
export function fitSpectrum(D: ArrayLike<number>, b: ArrayLike<number>, range?: [number, number]): SpectrumFit {
  const v = D.length;
  const j0 = Math.max(1, Math.min(v, range?.[0] ?? 1));
  const j1 = Math.max(j0, Math.min(v, range?.[1] ?? v));
  const fd = fitLogLine(D, j0, j1);
  const fb = fitLogLine(b, j0, j1);
  const notes: string[] = [];
  if (fd.points < 3) notes.push(`D fit uses only ${fd.points} points`);
  if (fb.points < 3) notes.push(`b fit uses only ${fb.points} nonzero points`);
  if (fd.rmsLog10 > FAR_RMS_LOG10) notes.push(`D is far from a power law: rms residual ${fd.rmsLog10.toFixed(3)} decades over j = ${j0}..${j1}`);
  if (fb.rmsLog10 > FAR_RMS_LOG10) notes.push(`|b| is far from a power law: rms residual ${fb.rmsLog10.toFixed(3)} decades over j = ${j0}..${j1}`);
  const alpha = fd.exponent / 2;
  const beta = fb.exponent;
  if (!(2 * alpha + 2 * beta > 1)) notes.push(`fitted 2α + 2β = ${(2 * alpha + 2 * beta).toFixed(3)} ≤ 1: outside the phase diagram`);
  return { alpha, beta, D: fd, b: fb, farFromPowerLaw: notes.length > 0 && (fd.rmsLog10 > FAR_RMS_LOG10 || fb.rmsLog10 > FAR_RMS_LOG10 || fd.points < 3 || fb.points < 3), notes };
}
