// Checkpoints of a risk curve: the SGD steps r at which R is reported.
// Convention: integer steps, strictly increasing, log-spaced between 1 and rmax, always
// including 0 (the initial risk R(0)) and rmax. When n exceeds rmax + 1 every step 0..rmax is
// returned; otherwise the result has exactly n entries (log spacing is densified until
// rounding to integers and deduplication leave n distinct steps).
import { decayWindowStart, type DecayScheduleKeys } from '../params/optimizer-params';
export function logCheckpoints(rmax: number, n: number): number[] {
  if (!(Number.isInteger(rmax) && rmax >= 1)) throw new RangeError(`logCheckpoints: rmax must be an integer ≥ 1, got ${rmax}`);
  if (!(Number.isInteger(n) && n >= 2)) throw new RangeError(`logCheckpoints: n must be an integer ≥ 2, got ${n}`);
  if (n >= rmax + 1) return Array.from({ length: rmax + 1 }, (_, i) => i);
  const want = n - 1; // entries in [1, rmax]
  const build = (m: number): number[] => {
    const out: number[] = [];
    const L = Math.log(rmax);
    for (let i = 0; i < m; i++) {
      const r = m === 1 ? rmax : Math.round(Math.exp((L * i) / (m - 1)));
      if (out.length === 0 || r > out[out.length - 1]!) out.push(r);
    }
    if (out[out.length - 1] !== rmax) out.push(rmax);
    return out;
  };
  // smallest m whose deduplicated grid has ≥ want points, then thin to exactly want keeping ends
  let lo = want;
  let hi = want;
  while (build(hi).length < want) hi *= 2;
  while (lo < hi) {
    const mid = (lo + hi) >> 1;
    if (build(mid).length >= want) hi = mid;
    else lo = mid + 1;
  }
  let pts = build(hi);
  if (pts.length > want) {
    // drop interior points nearest (in log r) to their left neighbour until the count fits
    const keep = new Set<number>();
    const res: number[] = [];
    for (let i = 0; i < want; i++) {
      const target = Math.exp((Math.log(rmax) * i) / (want - 1));
      let best = -1;
      let bestD = Infinity;
      for (let k = 0; k < pts.length; k++) {
        if (keep.has(k)) continue;
        const dd = Math.abs(Math.log(pts[k]!) - Math.log(target));
        if (dd < bestD) {
          bestD = dd;
          best = k;
        }
      }
      keep.add(best);
    }
    for (let k = 0; k < pts.length; k++) if (keep.has(k)) res.push(pts[k]!);
    pts = res;
  }
  return [0, ...pts];
}

/**
 * Checkpoints of a curve whose step size may change in LINEAR time near rmax: the wsd preset decays over
 * its last decayFraction·rmax steps, cosine falls mostly in its second half; log spacing puts only the
 * last ~0.1–0.3 decade of points there, so the decay (and the drop of the risk it causes) would show as a
 * kink. For these schedules max(10, round(n/4)) linearly spaced steps over the decay are added to
 * logCheckpoints(rmax, n); every other optimizer gets logCheckpoints(rmax, n) unchanged.
 */
export function scheduleCheckpoints(rmax: number, n: number, s?: DecayScheduleKeys): number[] {
  const base = logCheckpoints(rmax, n);
  const start = s ? decayWindowStart(s, rmax) : null;
  if (start === null || base.length === rmax + 1) return base;
  const k = Math.max(10, Math.round(n / 4));
  const set = new Set(base);
  for (let i = 1; i < k; i++) set.add(Math.round(start + (i / k) * (rmax - start)));
  return [...set].sort((a, b) => a - b);
}
