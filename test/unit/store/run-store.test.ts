// The run store against an independent path: list/filter/sort/paging results are compared with
// the same query evaluated by plain JavaScript over the inserted records; curve BLOBs must give
// back every float64 bit-exactly (including unaligned buffers); results are committed atomically.
import { describe, expect, it } from 'vitest';
import { openDatabase } from '../../../src-main/services/store/db';
import { RunStore, ftsQuery } from '../../../src-main/services/store/run-store';
import { decodeColumns, encodeColumns } from '../../../src-main/services/store/blob';
import type { RunStatus, SortField } from '../../../src-shared/api/types';

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

const KINDS = ['sgd', 'volterra', 'spectrum', 'study'] as const;
const WORDS = ['alpha', 'spiked', 'frontier', 'baseline', 'sweep', 'τ-study', "O'Brien", 'drop', 'tables'];
const TAGS = ['paper', 'draft', 'tau=1', 'phase:II', 'x/y'];

interface Rec {
  id: number;
  kind: string;
  status: RunStatus;
  label: string;
  tags: string[];
  createdAt: number;
  startedAt: number | null;
  finishedAt: number | null;
  eta: number | null;
  deleted: boolean;
}

function seedStore(n: number, seed = 7): { store: RunStore; recs: Rec[] } {
  const store = new RunStore(openDatabase({ path: ':memory:' }));
  const r = rng(seed);
  const recs: Rec[] = [];
  for (let i = 0; i < n; i++) {
    const kind = KINDS[Math.floor(r() * 4)]!;
    const label = `${WORDS[Math.floor(r() * WORDS.length)]} ${WORDS[Math.floor(r() * WORDS.length)]} #${i}`;
    const tags = TAGS.filter(() => r() < 0.3);
    const createdAt = 1_700_000_000_000 + Math.floor(r() * 1e9);
    const id = store.createRun({ kind, params: { alpha: Math.round(r() * 100) / 100, d: 100 * (1 + (i % 5)) }, seed: i, codeVersion: 't', label, tags, createdAt });
    const rec: Rec = { id, kind, status: 'queued', label, tags, createdAt, startedAt: null, finishedAt: null, eta: null, deleted: false };
    const u = r();
    if (u < 0.7) {
      rec.startedAt = createdAt + 10;
      store.markRunning(id, 1, rec.startedAt);
      rec.status = 'running';
      if (u < 0.5) {
        rec.finishedAt = rec.startedAt + Math.floor(r() * 1e5);
        rec.eta = r() < 0.8 ? Math.round(r() * 1000) / 1000 : null;
        store.finish(id, { summary: {}, curves: [], headline: { eta: rec.eta } }, rec.finishedAt);
        rec.status = 'done';
      } else if (u < 0.6) {
        rec.finishedAt = rec.startedAt + 5;
        store.setFinalStatus(id, 'failed', 'boom', rec.finishedAt);
        rec.status = 'failed';
      }
    }
    if (r() < 0.1) {
      store.setDeleted(id, true);
      rec.deleted = true;
    }
    recs.push(rec);
  }
  return { store, recs };
}

const sortKey: Record<SortField, (x: Rec) => number | string | null> = {
  id: (x) => x.id,
  createdAt: (x) => x.createdAt,
  startedAt: (x) => x.startedAt,
  finishedAt: (x) => x.finishedAt,
  duration: (x) => (x.startedAt !== null && x.finishedAt !== null ? x.finishedAt - x.startedAt : null),
  kind: (x) => x.kind,
  status: (x) => x.status,
  label: (x) => x.label.toLowerCase(),
  eta: (x) => x.eta,
};

/** SQLite order: NULL smallest; ties by id in the same direction */
function refOrder(recs: Rec[], by: SortField, dir: 'asc' | 'desc'): number[] {
  const s = dir === 'asc' ? 1 : -1;
  const cmp = (a: Rec, b: Rec) => {
    const ka = sortKey[by](a);
    const kb = sortKey[by](b);
    if (ka !== kb) {
      if (ka === null) return -s;
      if (kb === null) return s;
      return (ka < kb ? -1 : 1) * s;
    }
    return (a.id - b.id) * s;
  };
  return [...recs].sort(cmp).map((x) => x.id);
}

describe('RunStore.list', () => {
  const { store, recs } = seedStore(400);

  it('filters by kind, status, tags (all of), deleted, and sorts/pages like the reference', () => {
    const r = rng(99);
    let nonEmpty = 0;
    const sorts: SortField[] = ['id', 'createdAt', 'startedAt', 'finishedAt', 'duration', 'kind', 'status', 'label', 'eta'];
    for (let q = 0; q < 40; q++) {
      const kinds = KINDS.filter(() => r() < 0.5);
      const statuses = (['queued', 'running', 'done', 'failed'] as RunStatus[]).filter(() => r() < 0.6);
      const tags = TAGS.filter(() => r() < 0.07);
      const deleted = (["exclude", "include", "exclude", "only"] as const)[Math.floor(r() * 4)]!;
      const by = sorts[q % sorts.length]!;
      const dir = r() < 0.5 ? 'asc' : 'desc';
      const limit = 1 + Math.floor(r() * 60);
      const offset = Math.floor(r() * 50);
      const want = recs.filter(
        (x) =>
          (kinds.length === 0 || kinds.includes(x.kind as never)) &&
          (statuses.length === 0 || statuses.includes(x.status)) &&
          tags.every((t) => x.tags.includes(t)) &&
          (deleted === 'include' || (deleted === 'only') === x.deleted),
      );
      const page = store.list({ filter: { kinds: [...kinds], statuses, tags, deleted }, sort: { by, dir }, limit, offset });
      expect(page.total).toBe(want.length);
      nonEmpty += page.items.length > 0 ? 1 : 0;
      expect(page.items.map((i) => i.id)).toEqual(refOrder(want, by, dir).slice(offset, offset + limit));
    }
    expect(nonEmpty).toBeGreaterThan(20);
  });

  it('full-text search matches words and prefixes in labels and tags; operators and SQL are inert', () => {
    const words = (s: string): string[] => s.toLowerCase().match(/[\p{L}\p{N}_]+/gu) ?? [];
    for (const text of ['spiked', 'front', 'paper', 'sweep baseline']) {
      const toks = words(text);
      const want = recs
        .filter((x) => !x.deleted)
        .filter((x) => {
          const hay = words(`${x.label} ${x.tags.join(' ')} alpha d`);
          return toks.every((t, i) => (i === toks.length - 1 ? hay.some((h) => h.startsWith(t)) : hay.includes(t)));
        })
        .map((x) => x.id)
        .sort((a, b) => a - b);
      const got = store.list({ filter: { text }, sort: { by: 'id', dir: 'asc' }, limit: 1000 }).items.map((x) => x.id);
      expect(got, text).toEqual(want);
      expect(want.length, `${text} should match something`).toBeGreaterThan(0);
    }
    for (const evil of [`'; DROP TABLE runs; --`, '" OR 1=1 --', 'NEAR(a b)', 'a AND OR NOT', '*', '"', 'label:x', '(((', "O'Brien"]) {
      expect(() => store.list({ filter: { text: evil } })).not.toThrow();
    }
    expect(store.list({ filter: { deleted: 'include' }, limit: 1 }).total).toBe(recs.length);
    expect(ftsQuery('a "b" c*')).toBe('"a" "b" "c"*');
    expect(ftsQuery('--- ;')).toBeNull();
  });

  it('stores labels and tags with quotes and SQL literally', () => {
    const id = store.createRun({ kind: 'sgd', params: {}, seed: null, codeVersion: 't', label: `x'); DROP TABLE runs; --`, tags: ['a b', 'tau=1'] });
    const s = store.getSummary(id)!;
    expect(s.label).toBe(`x'); DROP TABLE runs; --`);
    expect(s.tags).toEqual(['a b', 'tau=1']);
    expect(store.integrityCheck()).toBe('ok');
    store.purge(id);
  });
});

describe('curve BLOBs', () => {
  it('round-trip every float64 bit-exactly, also from unaligned buffers', () => {
    const r = rng(3);
    const n = 257;
    const a = new Float64Array(n);
    for (let i = 0; i < n; i++) a[i] = (r() - 0.5) * 10 ** Math.floor(r() * 600 - 300);
    a[0] = -0;
    a[1] = 5e-324;
    a[2] = Number.MAX_VALUE;
    a[3] = Infinity;
    a[4] = NaN;
    const b = Float64Array.from(a, (x) => x * 3);
    const enc = encodeColumns({ r: a, risk: b });
    const shifted = Buffer.alloc(enc.data.length + 3);
    enc.data.copy(shifted, 3);
    const unaligned = shifted.subarray(3);
    expect(unaligned.byteOffset % 8).not.toBe(0);
    const dec = decodeColumns(enc.names, enc.length, unaligned);
    const bits = (x: Float64Array) => Array.from(new BigUint64Array(x.buffer, x.byteOffset, x.length));
    expect(bits(dec.r!)).toEqual(bits(a));
    expect(bits(dec.risk!)).toEqual(bits(b));
    expect(() => decodeColumns(['r'], 10, new Uint8Array(79))).toThrow(/bytes/);
    expect(() => encodeColumns({ r: [1, 2], risk: [1] })).toThrow(/length/);
  });

  it('finish() stores curves, summary and status atomically; getDetail returns them', () => {
    const store = new RunStore(openDatabase({ path: ':memory:' }));
    const id = store.createRun({ kind: 'sgd', params: { d: 10 }, seed: 1, codeVersion: 't' });
    store.markRunning(id, process.pid);
    store.savePartial(id, 'tau=0/d=10', { risk: new Float64Array([1, 0.5]) });
    // a result that fails midway (bad column lengths) leaves nothing behind
    expect(() => store.finish(id, { summary: { a: 1 }, curves: [{ key: 'ok', meta: { role: 'risk' }, columns: { r: [1] } }, { key: 'bad', meta: { role: 'risk' }, columns: { r: [1, 2], risk: [1] } }] })).toThrow();
    const mid = store.getDetail(id)!;
    expect(mid.status).toBe('running');
    expect(mid.result).toBeNull();
    expect(store.db.prepare('SELECT count(*) n FROM curves').get()).toEqual({ n: 0 });
    store.finish(id, { summary: { sigma2: 0.1 }, curves: [{ key: 'mean', meta: { role: 'risk', d: 10 }, columns: { r: new Float64Array([0, 1, 2]), risk: new Float64Array([1, 0.5, 0.25]) } }], headline: { finalRisk: 0.25 } });
    const d = store.getDetail(id)!;
    expect(d.status).toBe('done');
    expect(d.result!.curves[0]!.columns).toEqual({ r: [0, 1, 2], risk: [1, 0.5, 0.25] });
    expect(d.result!.summary).toEqual({ sigma2: 0.1 });
    expect(d.partials).toEqual([{ key: 'tau=0/d=10', value: { risk: [1, 0.5] }, savedAt: expect.any(Number) }]);
    expect(d.headline.finalRisk).toBe(0.25);
    // a final status cannot be overwritten by a late failure
    expect(store.setFinalStatus(id, 'failed', 'late')).toBe(false);
  });
});

describe('recoverInterrupted', () => {
  it('marks runs of dead owners interrupted, keeps live owners and their partials', () => {
    const store = new RunStore(openDatabase({ path: ':memory:' }));
    const dead = store.createRun({ kind: 'study', params: {}, seed: 1, codeVersion: 't', ownerPid: 999_999 });
    store.markRunning(dead, 999_999);
    store.savePartial(dead, 'tau=0/d=50', { ok: true });
    const queuedDead = store.createRun({ kind: 'study', params: {}, seed: 1, codeVersion: 't', ownerPid: 999_999 });
    const alive = store.createRun({ kind: 'study', params: {}, seed: 1, codeVersion: 't', ownerPid: 4242 });
    store.markRunning(alive, 4242);
    const mine = store.createRun({ kind: 'study', params: {}, seed: 1, codeVersion: 't', ownerPid: process.pid });
    const changed = store.recoverInterrupted((pid) => pid === 4242, process.pid);
    expect(changed.sort()).toEqual([dead, queuedDead].sort());
    expect(store.getSummary(dead)!.status).toBe('interrupted');
    expect(store.getSummary(dead)!.error).toMatch(/interrupted/);
    expect(store.getSummary(dead)!.partialKeys).toEqual(['tau=0/d=50']);
    expect(store.getSummary(alive)!.status).toBe('running');
    expect(store.getSummary(mine)!.status).toBe('queued');
  });
});

describe('search without FTS5', () => {
  it('falls back to LIKE over label, tags, notes and params, with wildcards escaped', () => {
    const db = openDatabase({ path: ':memory:' });
    db.prepare(`UPDATE meta SET value = 'none' WHERE key = 'fts'`).run();
    const store = new RunStore(db);
    expect(store.hasFts).toBe(false);
    const a = store.createRun({ kind: 'sgd', params: { alpha: 0.5 }, seed: 1, codeVersion: 't', label: 'spiked frontier' });
    const b = store.createRun({ kind: 'sgd', params: { alpha: 0.75 }, seed: 1, codeVersion: 't', label: '100% done_x', tags: ['paper'] });
    const ids = (text: string) => store.list({ filter: { text }, sort: { by: 'id', dir: 'asc' } }).items.map((i) => i.id);
    expect(ids('spiked')).toEqual([a]);
    expect(ids('paper')).toEqual([b]);
    expect(ids('0.75')).toEqual([b]);
    expect(ids('%')).toEqual([a, b]); // no word: no text filter
    expect(ids('done_x')).toEqual([b]);
    expect(ids('one_x')).toEqual([b]);
    expect(ids('don%')).toEqual([b]);
    expect(ids(`'; DROP TABLE runs; --`)).toEqual([]);
    expect(store.list({}).total).toBe(2);
  });
});
