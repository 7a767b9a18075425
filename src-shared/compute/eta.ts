// A stable remaining-time estimate of a running job (issue 13: "the CLI ETA grows during a run").
// The plain rule ETA = elapsed·(1 − f)/f grows whenever progress pauses (a long unit, a plateau) and
// swings with every uneven step. Here, from samples (elapsed t, cost-weighted fraction f):
//   1. total time T = (1 − w)·T_prior + w·t/f with w = min(1, 2f) — the run's own time estimate (cost
//      model, compute/cost-model.ts, ≤ 2× off) dominates early, the observed rate (progress is
//      cost-weighted) from half-way on; without a prior T = t/f once f > F_MIN (before: unknown);
//   2. remaining r = max(0, T − t), smoothed: the shown ETA counts down between samples (it was a
//      remaining time), moves toward r with time constant TAU_S, and may rise by at most RISE_PER_S
//      seconds per second elapsed (a rising estimate follows real evidence, never jumps up);
//   3. f = 1 → 0.
// Pure (the caller passes elapsed times): the job queue keeps one per running job.

export const F_MIN = 0.005;
export const TAU_S = 3;
export const RISE_PER_S = 0.5;

export class EtaEstimator {
  private last: number | null = null;
  private lastT = 0;

  /** `priorSeconds`: the run's estimated total time (null when unknown) */
  constructor(private readonly priorSeconds: number | null = null) {}

  /** the ETA in seconds after a sample (fraction in [0, 1], elapsed milliseconds since the start); null = unknown yet */
  update(fraction: number, elapsedMs: number): number | null {
    const t = Math.max(0, elapsedMs / 1000);
    const f = Math.min(1, Math.max(0, Number.isFinite(fraction) ? fraction : 0));
    if (f >= 1) {
      this.last = 0;
      this.lastT = t;
      return 0;
    }
    const prior = this.priorSeconds !== null && this.priorSeconds > 0 && Number.isFinite(this.priorSeconds) ? this.priorSeconds : null;
    const observed = f > F_MIN && t > 0.3 ? t / f : null;
    let total: number | null;
    if (observed === null) total = prior;
    else if (prior === null) total = observed;
    else {
      const w = Math.min(1, 2 * f);
      total = (1 - w) * prior + w * observed;
    }
    if (total === null) return this.countdown(t);
    const raw = Math.max(0, total - t);
    if (this.last === null) {
      this.last = raw;
      this.lastT = t;
      return raw;
    }
    const dt = Math.max(0, t - this.lastT);
    const down = Math.max(0, this.last - dt); // the previous ETA, counted down
    const a = 1 - Math.exp(-dt / TAU_S);
    let v = down + a * (raw - down);
    v = Math.min(v, this.last + RISE_PER_S * dt); // rises slowly, only with time
    this.last = Math.max(0, v);
    this.lastT = t;
    return this.last;
  }

  /** no estimate possible: the previous one counted down (or unknown) */
  private countdown(t: number): number | null {
    if (this.last === null) return null;
    const v = Math.max(0, this.last - (t - this.lastT));
    this.last = v;
    this.lastT = t;
    return v;
  }
}
