// The headline comparison at (α, β) = (0.6, 0.2) (phase Ia, seed 000): with the exact expected
// risk, the spiked features τ = 1/√d give a much steeper compute-optimal frontier than τ = 0.
// Seed 000 reports η = 0.2002 (τ = 0) and 0.5058 (τ = 1/√d), Δη = +0.31. Sizes d = 50…400
// (v = 2d, 2 draws) keep the test fast; the effect is large already there (the spike puts the
// target direction into the features, so σ² — the plateau of every size — drops sharply
// and the frontier follows the much faster decay of the spiked curves).
import { describe, expect, it } from 'vitest';
import { runStudy } from '../../../src-shared/compute/study-task';
import { validateStudySpec } from '../../../src-shared/params/study-params';
import { getBackend } from '../../../src-main/linalg/select';
import { threadExecutor } from '../../../src-main/study/pool';

describe('τ effect at (0.6, 0.2), exact method', () => {
  it('Δη = η(τ = 1/√d) − η(τ = 0) > 0.2, and its paired bootstrap interval excludes 0.2', async () => {
    const spec = validateStudySpec({ alpha: 0.6, beta: 0.2, dgrid: [50, 100, 200, 400], vRatio: 2, tau: [0, 1], method: 'exact', draws: 2, bootstrap: 200 });
    const backend = getBackend();
    const executor = threadExecutor({ fallbackBackend: backend });
    const res = await runStudy(spec, backend, { progress: () => {}, cancelled: () => false }, { executor }).finally(() => executor.close());
    const [f0, f1] = res.fits;
    expect(f0!.tau).toBe(0);
    expect(f1!.tau).toBe(1);
    expect(res.delta_eta[1]).toBeGreaterThan(0.2);
    expect(res.delta_eta_ci[1]![0]).toBeGreaterThan(0.2);
    // both fits use the interior-d* window and have consistent intervals
    for (const f of res.fits) {
      expect(f.window_interior).toBe(true);
      expect(f.eta_ci[0]).toBeLessThanOrEqual(f.eta);
      expect(f.eta_ci[1]).toBeGreaterThanOrEqual(f.eta);
    }
    // the spike lowers the irreducible risk σ² of every draw
    for (const d of spec.dgrid) {
      const s0 = res.curves.find((c) => c.tau === 0 && c.d === d)!.draws.map((x) => x.sigma2);
      const s1 = res.curves.find((c) => c.tau === 1 && c.d === d)!.draws.map((x) => x.sigma2);
      for (let k = 0; k < s0.length; k++) expect(s1[k]!).toBeLessThan(s0[k]!);
    }
  });
});
