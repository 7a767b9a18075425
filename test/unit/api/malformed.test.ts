// 200+ malformed API requests (wrong types, NaN/Infinity, huge sizes, unknown fields, SQL-ish
// strings in labels, tags, filters and enum fields, bad run parameters) against the real service
// on a real SQLite file: every one gets a structured 4xx-class error naming the problem, no
// worker is started, and the database is byte-for-byte the same afterwards (table dump).
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { createApiDispatcher, httpStatusOf, type ApiResponse } from '../../../src-shared/api';
import { createPlrfService, type PlrfServiceHandle } from '../../../src-main/services/api-service';
import type { WorkerHost } from '../../../src-main/services/jobs/worker-host';

let dir: string;
let svc: PlrfServiceHandle;
let spawned = 0;
const noWorkers: WorkerHost = {
  name: 'none',
  spawn() {
    spawned++;
    throw new Error('no worker may start in this test');
  },
};

function dump(): string {
  const db = svc.store.db;
  const tables = ['runs', 'curves', 'partials', 'run_tags'];
  return JSON.stringify(tables.map((t) => db.prepare(`SELECT * FROM ${t} ORDER BY 1, 2`).all()));
}

beforeAll(() => {
  dir = mkdtempSync(join(tmpdir(), 'plrf-bad-'));
  svc = createPlrfService({ dbPath: join(dir, 'runs.db'), workerHost: noWorkers, concurrency: 1 });
  // a few stored runs to aim malformed updates/deletes at
  for (let i = 0; i < 3; i++) {
    const id = svc.store.createRun({ kind: 'sgd', params: { alpha: 1, beta: 0.8, v: 20, d: 10 }, seed: i, codeVersion: 't', label: `run ${i}`, tags: ['keep'] });
    svc.store.markRunning(id, process.pid);
    svc.store.finish(id, { summary: { sigma2: 0.1 }, curves: [{ key: 'mean', meta: { role: 'risk', d: 10 }, columns: { r: [0, 1], risk: [1, 0.5] } }] });
  }
});

afterAll(async () => {
  await svc.close();
  rmSync(dir, { recursive: true, force: true });
});

const SQL = [`'; DROP TABLE runs; --`, `1 OR 1=1`, `" OR ""="`, `id; DELETE FROM runs`, `label) VALUES ('x`, `\\'; ATTACH DATABASE '/tmp/x' AS x; --`];
const WRONG: unknown[] = [null, true, 'x', 1.5, -1, 0, NaN, Infinity, -Infinity, [], {}, [1, 2], '1', 1e300, 2 ** 60];
const huge = 'x'.repeat(300_000);

function cases(): [string, unknown][] {
  const c: [string, unknown][] = [];
  // ids of every id-taking method
  for (const m of ['getRun', 'cancelRun', 'rerun', 'duplicateRun', 'deleteRun', 'restoreRun', 'updateRun', 'exportRun']) {
    for (const id of WRONG) c.push([m, { id, ...(m === 'exportRun' ? { format: 'json' } : {}) }]);
    for (const s of SQL) c.push([m, { id: s }]);
    c.push([m, { id: 1, sneaky: 1 }]);
    c.push([m, {}]);
    c.push([m, undefined]);
    c.push([m, [1]]);
  }
  // updateRun fields
  for (const label of [huge.slice(0, 201), 5, null, 'bad\u0000label', 'tab\there', ['x']]) c.push(['updateRun', { id: 1, label }]);
  for (const tags of [SQL.slice(0, 1), ['ok', SQL[2]], Array.from({ length: 33 }, (_, i) => `t${i}`), ['x'.repeat(65)], [''], [' lead'], 'notarray', [1], [null]]) c.push(['updateRun', { id: 1, tags }]);
  for (const notes of [huge, 3, 'bell\u0007']) c.push(['updateRun', { id: 1, notes }]);
  // exportRun format
  for (const format of ['xml', 'CSV', '', SQL[0], 1, null]) c.push(['exportRun', { id: 1, format }]);
  // listRuns
  for (const by of [...SQL, 'params', 'created_at', '', 7, null]) c.push(['listRuns', { sort: { by } }]);
  for (const dir of ['up', SQL[0], 1]) c.push(['listRuns', { sort: { by: 'id', dir } }]);
  for (const kinds of [[SQL[0]], ['sgd', 'x'], 'sgd', [1], Array(10).fill('sgd')]) c.push(['listRuns', { filter: { kinds } }]);
  for (const statuses of [[SQL[1]], ['done', 'DONE'], 'done']) c.push(['listRuns', { filter: { statuses } }]);
  for (const text of ['x'.repeat(201), 42, 'a\u0000b', ['a']]) c.push(['listRuns', { filter: { text } }]);
  for (const tags of [[SQL[0]], ['(']]) c.push(['listRuns', { filter: { tags } }]);
  for (const limit of [0, -1, 1001, 1.5, NaN, Infinity, '10', 1e9]) c.push(['listRuns', { limit }]);
  for (const offset of [-1, 0.5, NaN, 1e12, '0']) c.push(['listRuns', { offset }]);
  for (const createdFrom of [-5, 1.5, 'yesterday', NaN, 9e15]) c.push(['listRuns', { filter: { createdFrom } }]);
  c.push(['listRuns', { filter: { deleted: 'all' } }]);
  c.push(['listRuns', { filter: { unknown: 1 } }]);
  c.push(['listRuns', { page: 2 }]);
  c.push(['listRuns', 'all']);
  // startRun / estimate / validateParams: shapes
  for (const m of ['startRun', 'estimate', 'validateParams']) {
    for (const kind of [SQL[0], 'SGD', '', 3, null, 'constructor']) c.push([m, { kind, params: {} }]);
    for (const params of [null, [], 'alpha=1', 5, Object.fromEntries(Array.from({ length: 5000 }, (_, i) => [`k${i}`, huge.slice(0, 20)]))]) c.push([m, { kind: 'sgd', params }]);
    c.push([m, { kind: 'sgd' }]);
    c.push([m, { kind: 'sgd', params: {}, extra: 1 }]);
  }
  c.push(['startRun', { kind: 'sgd', params: { alpha: 1, beta: 0.8, v: 20, d: 10 }, label: huge.slice(0, 500) }]);
  c.push(['startRun', { kind: 'sgd', params: { alpha: 1, beta: 0.8, v: 20, d: 10 }, tags: [SQL[0]] }]);
  // run parameters out of range (ParamError → invalid_param naming the field)
  const good = { method: 'exact', alpha: 1, beta: 0.8, v: 20, d: 10 };
  const badParams: Record<string, unknown>[] = [
    { ...good, alpha: -1 },
    { ...good, alpha: 0 },
    { ...good, alpha: 'one' },
    { ...good, beta: -0.6 },
    { ...good, d: 20 },
    { ...good, d: 0 },
    { ...good, d: 10.5 },
    { ...good, v: 1e12, d: 1e6 },
    { ...good, batch: 0 },
    { ...good, gammaFraction: 1 },
    { ...good, gammaFraction: -0.1 },
    { ...good, gamma: 0.1, gammaFraction: 0.5 },
    { ...good, checkpoints: 1 },
    { ...good, rmax: 1e13 },
    { ...good, draws: 0 },
    { ...good, tau: -1 },
    { ...good, method: SQL[0] },
    { ...good, method: 'de' },
    { ...good, [SQL[1]]: 1 },
    { ...good, seed: -1 },
    { alpha: 1 },
  ];
  for (const p of badParams) {
    c.push(['startRun', { kind: 'sgd', params: p }]);
    c.push(['estimate', { kind: 'sgd', params: p }]);
  }
  for (const p of [{ alpha: 0.5, beta: 0.7, dgrid: [10, 20] }, { alpha: 0.5, beta: 0.7, dgrid: [10, 10, 20] }, { alpha: 0.5, beta: 0.7, dgrid: [10, 20, 40], tau: [] }, { alpha: 0.5, beta: 0.7, dgrid: [10, 20, 40], v: 20 }])
    c.push(['startRun', { kind: 'study', params: p }]);
  // compare / import
  for (const ids of [[1], [], [1, 'x'], Array(13).fill(1), 'all', [1, -2]]) c.push(['compareRuns', { ids }]);
  for (const content of ['', '{', '[]', '{"format":"other"}', JSON.stringify({ format: 'plrf-run', version: 99 }), JSON.stringify({ format: 'plrf-run', version: 1, run: { kind: SQL[0], status: 'done', params: {} } }), JSON.stringify({ format: 'plrf-run', version: 1, run: { kind: 'sgd', status: 'done', params: {} }, result: { summary: {}, curves: [{ key: 'k', meta: {}, columns: { r: [1, 'x'] } }] } }), 5])
    c.push(['importRun', { content }]);
  // unknown methods and wrong payload types
  for (const m of ['dropRuns', '__proto__', 'constructor', '', SQL[0], 'LISTRUNS']) c.push([m, {}]);
  for (const m of ['doctor', 'listTags']) c.push([m, { x: 1 }]);
  return c;
}

describe('malformed API requests', () => {
  it('each gets a clear 4xx error and the store is unchanged', async () => {
    const dispatch = createApiDispatcher(svc);
    const before = dump();
    const all = cases();
    expect(all.length).toBeGreaterThanOrEqual(200);
    const codes = new Map<string, number>();
    for (const [method, payload] of all) {
      const res: ApiResponse = await dispatch(method, payload);
      const what = `${method} ${JSON.stringify(payload)?.slice(0, 120)}`;
      expect(res.ok, what).toBe(false);
      if (res.ok) continue;
      const status = httpStatusOf(res.error.code);
      expect(status, `${what} → ${res.error.code}: ${res.error.message}`).toBeGreaterThanOrEqual(400);
      expect(status, `${what} → ${res.error.code}: ${res.error.message}`).toBeLessThan(500);
      expect(res.error.message.length, what).toBeGreaterThan(3);
      codes.set(res.error.code, (codes.get(res.error.code) ?? 0) + 1);
    }
    expect(dump()).toBe(before);
    expect(spawned).toBe(0);
    expect(svc.store.integrityCheck()).toBe('ok');
    // the mix covers schema errors, parameter errors and unknown methods
    expect(codes.get('bad_request')).toBeGreaterThan(100);
    expect(codes.get('invalid_param')).toBeGreaterThan(30);
    expect(codes.get('unknown_method')).toBeGreaterThan(3);
  });

  it('names the offending field', async () => {
    const dispatch = createApiDispatcher(svc);
    const r1 = await dispatch('startRun', { kind: 'sgd', params: { method: 'exact', alpha: 1, beta: 0.8, v: 20, d: 30 } });
    expect(r1).toMatchObject({ ok: false, error: { code: 'invalid_param', field: 'params.d' } });
    const r2 = await dispatch('listRuns', { filter: { kinds: ['sgd', 'x'] } });
    expect(r2).toMatchObject({ ok: false, error: { code: 'bad_request', field: 'filter.kinds.1' } });
    const r3 = await dispatch('updateRun', { id: 1, tags: ['ok', `'; DROP TABLE runs; --`] });
    expect(r3).toMatchObject({ ok: false, error: { code: 'bad_request', field: 'tags.1' } });
  });

  it('accepts SQL-ish text where text is legitimate (labels, search) and stores it literally', async () => {
    const dispatch = createApiDispatcher(svc);
    const label = `'; DROP TABLE runs; --`;
    expect(await dispatch('updateRun', { id: 2, label })).toMatchObject({ ok: true, result: { label } });
    const found = await dispatch('listRuns', { filter: { text: `DROP TABLE' OR 1=1 --` } });
    expect(found).toMatchObject({ ok: true });
    expect(svc.store.getSummary(2)!.label).toBe(label);
    expect(svc.store.list({}).total).toBe(3);
  });
});
