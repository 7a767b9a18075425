// Issue 13: the Runs search `beta=0.2` matches runs with β = 0.2 only. The store's SQL filters
// are checked against a plain-JavaScript evaluation of the same rule over the inserted params
// (independent path), on hand-picked near misses (β = 0.25, α = 0.2, "0.2" in a label, τ list
// containing 0.2) and on a seeded random population; with and without FTS5.
import { describe, expect, it } from 'vitest';
import { openDatabase } from '../../../src-main/services/store/db';
import { RunStore } from '../../../src-main/services/store/run-store';
import { parseSearch } from '../../../src-main/services/store/run-search';

function rng(seed: number): () => number {
  let s = seed >>> 0;
  return () => {
    s = (s + 0x6d2b79f5) >>> 0;
    let t = s;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

function store(fts: boolean): RunStore {
  const db = openDatabase({ path: ':memory:' });
  if (!fts) db.prepare(`UPDATE meta SET value = 'none' WHERE key = 'fts'`).run();
  return new RunStore(db);
}

const ids = (s: RunStore, text: string) => s.list({ filter: { text }, sort: { by: 'id', dir: 'asc' } }).items.map((i) => i.id);

describe('parseSearch', () => {
  it('splits key=value filters (spaces, Greek aliases, c/√d) from free words', () => {
    expect(parseSearch('beta = 0.2 spiked α=0.5 τ=1/√d Kind=study')).toEqual({
      filters: [
        { key: 'beta', value: '0.2', num: 0.2 },
        { key: 'alpha', value: '0.5', num: 0.5 },
        { key: 'tau', value: '1/√d', num: 1 },
        { key: 'kind', value: 'study', num: null },
      ],
      text: 'spiked',
    });
    expect(parseSearch('GammaFraction=0.5').filters[0]!.key).toBe('gammaFraction');
    expect(parseSearch('B=8').filters[0]!.key).toBe('batch');
    // not a key: stays text (no SQL path can be built from it)
    expect(parseSearch("a'b=1")).toEqual({ filters: [], text: "a'b=1" });
  });
});

describe.each([true, false])('parameter filters in the store (FTS5: %s)', (fts) => {
  it('beta=0.2 matches β = 0.2 only (not 0.25, not α = 0.2, not "0.2" in a label)', () => {
    const s = store(fts);
    const mk = (kind: string, params: Record<string, unknown>, label = '') => s.createRun({ kind, params, seed: 0, codeVersion: 't', label });
    const hit = mk('study', { alpha: 0.6, beta: 0.2, dgrid: [50, 100, 200], tau: [0, 1], method: 'exact' });
    mk('study', { alpha: 0.6, beta: 0.25, dgrid: [50, 100, 200], tau: [0, 1] });
    mk('study', { alpha: 0.2, beta: 0.7, dgrid: [50, 100, 200], tau: [0.2] }, 'beta 0.2 in words');
    const curve = mk('sgd', { alpha: 0.5, beta: 0.2, d: 200, v: 400, tau: 1, method: 'exact', optimizer: 'dana-decaying' });
    const de = mk('volterra', { alpha: 0.5, beta: 0.7, d: 100, v: 400, tau: 0, method: 'de' }, 'see 0.2');
    expect(ids(s, 'beta=0.2')).toEqual([hit, curve]);
    expect(ids(s, 'beta=0.20')).toEqual([hit, curve]); // the number, not its spelling
    expect(ids(s, 'β = 2e-1')).toEqual([hit, curve]);
    expect(ids(s, 'beta=0.2 kind=study')).toEqual([hit]);
    expect(ids(s, 'alpha=0.2')).toEqual([3]);
    // negative control: the plain words still search the text (label "see 0.2", params)
    expect(ids(s, '0.2').length).toBeGreaterThan(2);
    // lists: d matches a curve's d or any size of a study's grid; τ entries
    expect(ids(s, 'd=100')).toEqual([1, 2, 3, de]);
    expect(ids(s, 'd=200')).toEqual([1, 2, 3, curve]);
    expect(ids(s, 'tau=1')).toEqual([hit, 2, curve]);
    expect(ids(s, 'τ=1/√d kind=sgd')).toEqual([curve]);
    // text values; absent optimizer = plain SGD
    expect(ids(s, 'optimizer=dana-decaying')).toEqual([curve]);
    expect(ids(s, 'optimizer=sgd')).toEqual([1, 2, 3, de]);
    expect(ids(s, 'method=DE')).toEqual([de]);
    expect(ids(s, 'naive=true')).toEqual([]);
    // filter + free word
    expect(ids(s, 'alpha=0.5 see')).toEqual([de]);
    expect(ids(s, 'nosuchkey=1')).toEqual([]);
  });

  it('booleans compare as booleans', () => {
    const s = store(fts);
    const a = s.createRun({ kind: 'sgd', params: { alpha: 0.5, beta: 0.7, d: 50, v: 100, method: 'sgd', naive: true }, seed: 0, codeVersion: 't' });
    const b = s.createRun({ kind: 'sgd', params: { alpha: 0.5, beta: 0.7, d: 50, v: 100, method: 'sgd', naive: false }, seed: 0, codeVersion: 't' });
    expect(ids(s, 'naive=true')).toEqual([a]);
    expect(ids(s, 'naive=FALSE')).toEqual([b]);
  });

  it('a study varying a key matches each of its values', () => {
    const s = store(fts);
    const a = s.createRun({ kind: 'study', params: { alpha: 0.5, beta: 0.7, dgrid: [50, 100, 200], batch: 1, vary: { batch: [1, 8], tau: [0, 1] } }, seed: 0, codeVersion: 't' });
    const b = s.createRun({ kind: 'study', params: { alpha: 0.5, beta: 0.7, dgrid: [50, 100, 200], batch: 4 }, seed: 0, codeVersion: 't' });
    expect(ids(s, 'batch=8')).toEqual([a]);
    expect(ids(s, 'B=4')).toEqual([b]);
  });

  it('random population: SQL filters = the same rule evaluated in JavaScript', () => {
    const s = store(fts);
    const r = rng(13);
    const grid = [0.1, 0.2, 0.25, 0.3, 0.5, 0.7];
    const recs: { id: number; kind: string; params: Record<string, unknown> }[] = [];
    for (let i = 0; i < 200; i++) {
      const kind = r() < 0.5 ? 'study' : 'sgd';
      const params: Record<string, unknown> = { alpha: grid[Math.floor(r() * grid.length)]!, beta: grid[Math.floor(r() * grid.length)]! };
      if (kind === 'study') params.dgrid = [50, 100, 200, 400].filter(() => r() < 0.7);
      else params.d = [50, 100, 200, 400][Math.floor(r() * 4)]!;
      const id = s.createRun({ kind, params, seed: i, codeVersion: 't', label: `run ${params.alpha} ${params.beta}` });
      recs.push({ id, kind, params });
    }
    const js = (pred: (p: Record<string, unknown>, kind: string) => boolean) => recs.filter((x) => pred(x.params, x.kind)).map((x) => x.id);
    const hasD = (p: Record<string, unknown>, d: number) => p.d === d || (Array.isArray(p.dgrid) && p.dgrid.includes(d));
    for (const b of grid) {
      expect(ids(s, `beta=${b}`)).toEqual(js((p) => p.beta === b));
      expect(ids(s, `alpha=${b} beta=${b}`)).toEqual(js((p) => p.alpha === b && p.beta === b));
    }
    expect(ids(s, 'd=400 kind=study')).toEqual(js((p, k) => hasD(p, 400) && k === 'study'));
    expect(ids(s, 'd=100 beta=0.25')).toEqual(js((p) => hasD(p, 100) && p.beta === 0.25));
  });
});
