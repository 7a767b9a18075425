// The headline τ study must not move (COMMON rules, issue 18): `plrf study --alpha 0.6 --beta 0.2
// --dgrid 50,…,1600 --v-ratio 2 --tau 0,1 --method exact --draws 3` gives η(τ=0) =
// 0.24966463078614703, η(τ=1) = 0.5653968825288322, ξ(τ=0) = 0.43126296835688327 (to 1e-9) —
// the figures of the τ-only implementation before variants. Run here as the τ axis of the
// variant mechanism (`vary: {tau: [0, 1]}`), which must be the same study. Negative control: the
// same study with another seed moves η by far more than the tolerance.
import { describe, expect, it } from 'vitest';
import { runStudyParallel } from '../../../src-main/study/run';

const ctx = { progress: () => {}, cancelled: () => false };
const spec = { alpha: 0.6, beta: 0.2, dgrid: [50, 100, 200, 400, 800, 1600], vRatio: 2, method: 'exact' as const, draws: 3 };

describe('headline τ study', () => {
  it('η(τ = 0), η(τ = 1/√d), ξ(τ = 0) unchanged to 1e-9', async () => {
    const res = await runStudyParallel({ ...spec, vary: { tau: [0, 1] } }, ctx, { threads: 2 });
    expect(res.fits.map((f) => f.variant)).toEqual([{ tau: 0 }, { tau: 1 }]);
    expect(Math.abs(res.fits[0]!.eta - 0.24966463078614703)).toBeLessThan(1e-9);
    expect(Math.abs(res.fits[1]!.eta - 0.5653968825288322)).toBeLessThan(1e-9);
    expect(Math.abs(res.fits[0]!.xi - 0.43126296835688327)).toBeLessThan(1e-9);
    expect(res.delta_eta[1]).toBeCloseTo(0.5653968825288322 - 0.24966463078614703, 9);
    // negative control: other draws (seed 1) give other numbers
    const other = await runStudyParallel({ ...spec, seed: 1, tau: [0] }, ctx, { threads: 2 });
    expect(Math.abs(other.fits[0]!.eta - 0.24966463078614703)).toBeGreaterThan(1e-6);
  }, 120_000);
});
