// The job ETA is stable (issue 13: "the CLI ETA grows during a run"). Recorded progress sequences
// (fraction over time, sampled every 200 ms like the queue's heartbeat): a study whose bar pauses
// for long units (plateaus then steps), a steady run, and a run whose estimate was 2× off. The ETA
// never rises faster than RISE_PER_S seconds per second, counts down through plateaus, ends at 0
// and lands near the true remaining time once the run is half done. Negative control: the plain
// elapsed·(1 − f)/f rule on the same plateau sequence rises sharply (what the user saw).
import { describe, expect, it } from 'vitest';
import { EtaEstimator, RISE_PER_S } from '../../../src-shared/compute/eta';
import { etaSeconds } from '../../../src-main/services/jobs/queue';

/** samples (t seconds, f) every 0.2 s of a run of `total` seconds whose progress is f(t) */
function record(total: number, f: (t: number) => number): [number, number][] {
  const out: [number, number][] = [];
  for (let i = 0; 0.2 * i < total - 1e-9; i++) out.push([0.2 * i, Math.min(1, f(0.2 * i))]);
  out.push([total, 1]);
  return out;
}

/** stepwise progress: the bar moves only at the end of each of `steps` equal units */
const plateaus = (total: number, steps: number) => (t: number) => Math.floor((t / total) * steps) / steps;

function run(samples: [number, number][], prior: number | null): (number | null)[] {
  const e = new EtaEstimator(prior);
  return samples.map(([t, f]) => e.update(f, t * 1000));
}

function maxRise(samples: [number, number][], etas: (number | null)[]): number {
  let m = 0;
  for (let i = 1; i < etas.length; i++) {
    const a = etas[i - 1];
    const b = etas[i];
    if (a === null || a === undefined || b === null || b === undefined) continue;
    m = Math.max(m, (b - a) / (samples[i]![0] - samples[i - 1]![0]));
  }
  return m;
}

describe('stable ETA', () => {
  it('plateaus (4 units of 5 s): no sharp rise, counts down, ends at 0; the plain rule jumps up', () => {
    const s = record(20, plateaus(20, 4));
    const etas = run(s, 18); // estimate 18 s for a 20 s run
    expect(maxRise(s, etas)).toBeLessThanOrEqual(RISE_PER_S + 1e-9);
    expect(etas[etas.length - 1]).toBe(0);
    // from the start an ETA (the prior), decreasing through the first plateau
    expect(etas[1]).not.toBeNull();
    expect(etas[20]!).toBeLessThan(etas[1]!);
    // negative control: the plain rule on the same samples rises by seconds per second
    const plain = s.map(([t, f]) => etaSeconds(f, t * 1000));
    expect(maxRise(s, plain)).toBeGreaterThan(2);
  });

  it('steady progress: near the true remaining time after half the run', () => {
    const s = record(30, (t) => t / 30);
    const etas = run(s, 30);
    for (let i = 0; i < s.length; i++) {
      const [t] = s[i]!;
      if (t >= 15 && t < 29) expect(Math.abs(etas[i]! - (30 - t))).toBeLessThan(0.15 * 30);
    }
    expect(maxRise(s, etas)).toBeLessThanOrEqual(RISE_PER_S + 1e-9);
  });

  it('a prior 2× too low (or high) is corrected by the observed rate, without jumps', () => {
    for (const prior of [15, 60]) {
      const s = record(30, (t) => t / 30);
      const etas = run(s, prior);
      const i = s.findIndex(([t]) => t >= 24);
      expect(Math.abs(etas[i]! - 6)).toBeLessThan(3);
      expect(maxRise(s, etas)).toBeLessThanOrEqual(RISE_PER_S + 1e-9);
    }
  });

  it('no prior: unknown until progress, then the observed rate', () => {
    const s = record(10, (t) => t / 10);
    const etas = run(s, null);
    expect(etas[0]).toBeNull();
    const i = s.findIndex(([t]) => t >= 5);
    expect(Math.abs(etas[i]! - 5)).toBeLessThan(1.5);
  });
});
