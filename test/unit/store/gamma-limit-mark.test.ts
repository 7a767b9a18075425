// Runs computed with the old γ limit of the deterministic equivalent (issue 11) are detectable:
// new DE results carry summary.gammaLimit = 2 (the real tasks put it there — checked on a volterra
// run and a DE study), the store exposes it in the runs list, and usesOldGammaLimit flags exactly
// the finished DE runs with τ > 0 that lack it (negative controls: τ = 0, exact studies, marked runs,
// unfinished runs).
import { describe, expect, it } from 'vitest';
import { openDatabase } from '../../../src-main/services/store/db';
import { RunStore } from '../../../src-main/services/store/run-store';
import { getKind } from '../../../src-shared/compute/registry';
import { portableBackend } from '../../../src-shared/linalg/portable';
import { GAMMA_LIMIT_VERSION, usesOldGammaLimit } from '../../../src-shared/theory/de-gamma-limit';

const ctx = { progress: () => {}, cancelled: () => false };

describe('old γ limit mark', () => {
  it('the predicate flags finished DE runs with τ > 0 without the marker, nothing else', () => {
    const old = (kind: string, params: Record<string, unknown>, gammaLimit?: number | null, status = 'done') => usesOldGammaLimit({ kind, params, gammaLimit, status });
    expect(old('volterra', { tau: 1 })).toBe(true);
    expect(old('volterra', { tau: 1 }, null)).toBe(true);
    expect(old('study', { method: 'de', tau: [0, 1] })).toBe(true);
    expect(old('volterra', { tau: 0 })).toBe(false);
    expect(old('study', { method: 'de', tau: [0] })).toBe(false);
    expect(old('study', { method: 'exact', tau: [0, 1] })).toBe(false);
    expect(old('sgd', { method: 'exact', tau: 1 })).toBe(false);
    expect(old('volterra', { tau: 1 }, GAMMA_LIMIT_VERSION)).toBe(false);
    expect(old('study', { method: 'de', tau: [0, 1] }, GAMMA_LIMIT_VERSION)).toBe(false);
    expect(old('volterra', { tau: 1 }, undefined, 'running')).toBe(false);
  });

  it('new DE runs store the marker; the runs list exposes it; an old run is flagged', async () => {
    const store = new RunStore(openDatabase({ path: ':memory:' }));
    const env = { backend: portableBackend };
    const vp = getKind('volterra').validate({ alpha: 0.75, beta: 0.25, v: 200, d: 100, tau: 1, rmax: 100, checkpoints: 5 });
    const sp = getKind('study').validate({ alpha: 0.6, beta: 0.2, dgrid: [50, 100, 200], vRatio: 2, tau: [0, 1], method: 'de', bootstrap: 0 });
    const ids: number[] = [];
    for (const [kind, params] of [['volterra', vp], ['study', sp]] as const) {
      const out = await getKind(kind).run(params, env, ctx);
      expect(out.summary.gammaLimit).toBe(GAMMA_LIMIT_VERSION);
      const id = store.createRun({ kind, params, seed: null, codeVersion: 't' });
      store.finish(id, out);
      ids.push(id);
    }
    // a run stored before the fix: the same result without the key
    const oldOut = await getKind('volterra').run(vp, env, ctx);
    delete oldOut.summary.gammaLimit;
    const oldId = store.createRun({ kind: 'volterra', params: vp, seed: null, codeVersion: 't' });
    store.finish(oldId, oldOut);
    const items = store.list({}).items;
    const byId = new Map(items.map((x) => [x.id, x]));
    for (const id of ids) {
      expect(byId.get(id)!.gammaLimit).toBe(GAMMA_LIMIT_VERSION);
      expect(usesOldGammaLimit(byId.get(id)!)).toBe(false);
    }
    expect(byId.get(oldId)!.gammaLimit).toBeNull();
    expect(usesOldGammaLimit(byId.get(oldId)!)).toBe(true);
  }, 60_000);
});
