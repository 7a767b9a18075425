// Issue 12, honest progress: a long SGD run reports progress while it steps (not only after each
// group of runs), monotone in (0, 1), so a long run never sits at 0 % with a stale label. The
// numbers are unchanged by it (same curve with and without a progress listener).
import { describe, expect, it } from 'vitest';
import { runCurve } from '../../../src-shared/compute/curve-task';
import { portableBackend } from '../../../src-shared/linalg/portable';

describe('sgd progress', () => {
  it('reports within a single long run, monotonically, and does not change the curve', () => {
    const p = { method: 'sgd', alpha: 1, beta: 0.8, v: 20, d: 10, runs: 1, rmax: 400_000, checkpoints: 20, seed: 3 };
    const fr: number[] = [];
    const a = runCurve(p, portableBackend, { progress: (x) => fr.push(x.fraction), cancelled: () => false });
    const inside = fr.filter((f) => f > 0.1 && f < 0.99);
    expect(inside.length).toBeGreaterThanOrEqual(4); // 400 000 steps, one report per 65 536
    for (let i = 1; i < fr.length; i++) expect(fr[i]!).toBeGreaterThanOrEqual(fr[i - 1]!);
    const b = runCurve(p, portableBackend, { progress: () => {}, cancelled: () => false });
    expect(b.risk).toEqual(a.risk);
  });
});
