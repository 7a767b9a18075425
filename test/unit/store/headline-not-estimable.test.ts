// Issue 13: a study whose reference fit is not estimable (α = 50, β = 100: the risk reaches machine
// precision, the regression still returns a slope but s = R_ref·C_ref^η is not finite) must list
// "not estimable", never the slope — in the task's headline, in the store (also for a run stored
// before the rule, whose headline_eta column holds the number), on import, and in `plrf runs list`.
// Negative control: a study at (0.5, 0.7) keeps its finite η and Δη.
import { describe, expect, it } from 'vitest';
import { openDatabase } from '../../../src-main/services/store/db';
import { headlineFromSummary, RunStore } from '../../../src-main/services/store/run-store';
import { getKind } from '../../../src-shared/compute/registry';
import { portableBackend } from '../../../src-shared/linalg/portable';
import { fitEstimable, studyHeadline } from '../../../src-shared/study/fit-estimable';

const ctx = { progress: () => {}, cancelled: () => false };
const env = { backend: portableBackend };

describe('headline η of a study whose fit is not estimable', () => {
  it('the rule: s and η finite', () => {
    expect(fitEstimable({ s: 5.3, eta: 0.42 })).toBe(true);
    expect(fitEstimable({ s: NaN, eta: 470.879 })).toBe(false);
    expect(fitEstimable({ s: Infinity, eta: 0.4 })).toBe(false);
    expect(fitEstimable({ s: 'NaN', eta: 0.4 })).toBe(false); // as stored in JSON
    expect(fitEstimable({ s: 1, eta: null })).toBe(false);
    const h = studyHeadline([{ s: 1, eta: 0.3 }, { s: NaN, eta: 9 }], 0, [0, 8.7]);
    expect(h).toEqual({ eta: 0.3, deltaEta: null, etaNotEstimable: false }); // Δη needs both fits
    expect(studyHeadline([{ s: NaN, eta: 470.879 }, { s: 1, eta: 0.3 }], 0, [0, -470])).toEqual({ eta: null, deltaEta: null, etaNotEstimable: true });
  });

  it('α = 50, β = 100 lists "not estimable" everywhere; (0.5, 0.7) keeps its numbers', async () => {
    const store = new RunStore(openDatabase({ path: ':memory:' }));
    const kind = getKind('study');
    const bad = kind.validate({ alpha: 50, beta: 100, dgrid: [50, 100, 200], vRatio: 2, tau: [0, 1], method: 'exact', draws: 2, bootstrap: 20 });
    const good = kind.validate({ alpha: 0.5, beta: 0.7, dgrid: [50, 100, 200], vRatio: 2, tau: [0, 1], method: 'exact', draws: 2, bootstrap: 20 });
    const outBad = await kind.run(bad, env, ctx);
    const outGood = await kind.run(good, env, ctx);
    const fitsBad = outBad.summary.fits as { s: number; eta: number }[];
    // the situation of the report: a finite slope with a non-finite s
    expect(Number.isFinite(fitsBad[0]!.eta)).toBe(true);
    expect(Number.isFinite(fitsBad[0]!.s)).toBe(false);
    expect(outBad.headline).toMatchObject({ eta: null, deltaEta: null, etaNotEstimable: true });
    const fitsGood = outGood.summary.fits as { s: number; eta: number }[];
    expect(outGood.headline!.eta).toBe(fitsGood[0]!.eta);
    expect(Number.isFinite(outGood.headline!.deltaEta!)).toBe(true);
    expect(outGood.headline!.etaNotEstimable).toBe(false);

    const idBad = store.createRun({ kind: 'study', params: bad, seed: 0, codeVersion: 't' });
    store.finish(idBad, outBad);
    const idGood = store.createRun({ kind: 'study', params: good, seed: 0, codeVersion: 't' });
    store.finish(idGood, outGood);
    // stored before the rule: the headline carried the slope
    const idOld = store.createRun({ kind: 'study', params: bad, seed: 0, codeVersion: 't' });
    store.finish(idOld, { ...outBad, headline: { eta: fitsBad[0]!.eta, deltaEta: 1.5 } });
    expect((store.db.prepare('SELECT headline_eta FROM runs WHERE id = ?').get(idOld) as { headline_eta: number }).headline_eta).toBe(fitsBad[0]!.eta);

    const byId = new Map(store.list({}).items.map((r) => [r.id, r]));
    for (const id of [idBad, idOld]) {
      expect(byId.get(id)!.headline.eta).toBeNull();
      expect(byId.get(id)!.headline.deltaEta).toBeNull();
      expect(byId.get(id)!.headline.etaNotEstimable).toBe(true);
      expect(store.getSummary(id)!.headline.etaNotEstimable).toBe(true);
      expect(store.getDetail(id, false)!.headline.etaNotEstimable).toBe(true);
    }
    expect(byId.get(idGood)!.headline.eta).toBe(fitsGood[0]!.eta);
    expect(byId.get(idGood)!.headline.etaNotEstimable).toBeUndefined();

    // import: the headline from the stored summary (non-finite numbers are strings there)
    const stored = JSON.parse(store.db.prepare('SELECT summary FROM runs WHERE id = ?').pluck().get(idBad) as string) as Record<string, unknown>;
    expect(headlineFromSummary('study', stored, [])).toMatchObject({ eta: null, deltaEta: null, etaNotEstimable: true });
    const storedGood = JSON.parse(store.db.prepare('SELECT summary FROM runs WHERE id = ?').pluck().get(idGood) as string) as Record<string, unknown>;
    expect(headlineFromSummary('study', storedGood, []).eta).toBe(fitsGood[0]!.eta);
  }, 120_000);
});
