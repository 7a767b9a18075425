// Single-optimizer studies (issue 17): every unit's curve equals the curve task's curve for the same
// (τ, d, draw) — an independent path (curve task: reduceProblem per τ; study: shared Gram + rank-2
// update per τ) — plain SGD studies untouched, and bad optimizer keys named before work.
import { describe, expect, it } from 'vitest';
import { runStudy } from '../../../src-shared/compute/study-task';
import { runCurve } from '../../../src-shared/compute/curve-task';
import { portableBackend } from '../../../src-shared/linalg/portable';
import { silentContext } from '../../../src-shared/compute/task';
import { validateStudySpec } from '../../../src-shared/params/study-params';

const base = { alpha: 1, beta: 0.6, dgrid: [40, 80, 160], vRatio: 2, tau: [0, 1], draws: 2, checkpoints: 40, bootstrap: 0 };

describe('single-optimizer studies', () => {
  it('plain SGD: optimizer sgd given explicitly changes nothing', async () => {
    const a = await runStudy(base, portableBackend, silentContext);
    const b = await runStudy({ ...base, optimizer: 'sgd' }, portableBackend, silentContext);
    expect(b.curves.map((c) => c.risk)).toEqual(a.curves.map((c) => c.risk));
    expect(b.fits.map((f) => f.eta)).toEqual(a.fits.map((f) => f.eta));
  });

  for (const opt of [{ optimizer: 'dana-decaying' as const }, { optimizer: 'momentum' as const, momentum: 0.7 }]) {
    it(`${opt.optimizer}: each study curve equals the curve task's (exact, per draw)`, async () => {
      const res = await runStudy({ ...base, ...opt }, portableBackend, silentContext);
      expect(res.params.optimizer).toBe(opt.optimizer);
      for (const c of res.curves.filter((x) => x.d === 80)) {
        for (const dr of c.draws) {
          const one = runCurve({ alpha: 1, beta: 0.6, v: c.v, d: c.d, tau: c.tau, rmax: c.rmax, checkpoints: 40, seed: 0, ...opt, ...(opt.optimizer === 'momentum' ? { gamma: dr.gamma } : {}), draws: dr.draw + 1 }, portableBackend, silentContext);
          const ref = one.draws[dr.draw]!.risk!;
          expect(c.r).toEqual(one.r);
          const err = Math.max(...dr.risk.map((x, k) => Math.abs(x / ref[k]! - 1)));
          expect(err).toBeLessThan(1e-8);
        }
      }
      expect(res.fits.every((f) => Number.isFinite(f.eta))).toBe(true);
    });
  }

  it('optimizer keys are validated with the study spec, naming the key', () => {
    expect(() => validateStudySpec({ ...base, g3: 0.1 })).toThrow(/^g3: /);
    expect(() => validateStudySpec({ ...base, optimizer: 'dana' })).toThrow(/^g2: /);
    expect(() => validateStudySpec({ ...base, optimizer: 'adam' })).toThrow(/^optimizer: /);
  });
});
