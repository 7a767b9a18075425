// Export / import through the API: JSON round trip gives identical params and bit-identical
// curves (checked on the float64 bits, incl. subnormals, −0, NaN, ±Infinity); CSV has one row
// per checkpoint with C = B·d·r (checked by an independent CSV parser).
import { afterAll, describe, expect, it } from 'vitest';
import { createApiClient, createLocalTransport } from '../../../src-shared/api';
import { createPlrfService } from '../../../src-main/services/api-service';
import type { WorkerHost } from '../../../src-main/services/jobs/worker-host';

const noWorkers: WorkerHost = {
  name: 'none',
  spawn() {
    throw new Error('no workers here');
  },
};
const svc = createPlrfService({ dbPath: ':memory:', workerHost: noWorkers });
const api = createApiClient(createLocalTransport(svc));
afterAll(() => svc.close());

function tricky(n: number, seed: number): Float64Array {
  let s = seed;
  const out = new Float64Array(n);
  for (let i = 0; i < n; i++) {
    s = (s * 1103515245 + 12345) % 2 ** 31;
    out[i] = (s / 2 ** 31) * 10 ** ((i % 40) - 20) + 1 / 3;
  }
  out[1] = 5e-324;
  out[2] = -0;
  out[3] = 0.1 + 0.2;
  return out;
}

const bits = (xs: number[]) => Array.from(new BigUint64Array(Float64Array.from(xs).buffer));

function parseCsv(text: string): string[][] {
  const rows: string[][] = [];
  let row: string[] = [];
  let cell = '';
  let q = false;
  for (let i = 0; i < text.length; i++) {
    const ch = text[i]!;
    if (q) {
      if (ch === '"' && text[i + 1] === '"') {
        cell += '"';
        i++;
      } else if (ch === '"') q = false;
      else cell += ch;
    } else if (ch === '"') q = true;
    else if (ch === ',') {
      row.push(cell);
      cell = '';
    } else if (ch === '\n') {
      row.push(cell);
      rows.push(row);
      row = [];
      cell = '';
    } else cell += ch;
  }
  return rows;
}

function makeRun(): number {
  const id = svc.store.createRun({ kind: 'study', params: { alpha: 0.5, beta: 0.7, dgrid: [50, 100, 200], batch: 4, tau: [0, 1] }, seed: 3, codeVersion: 'x+abc', label: 'round, "trip"', tags: ['paper', 'tau=1'], notes: 'line 1\nline 2' });
  svc.store.markRunning(id, process.pid);
  svc.store.savePartial(id, 'tau=0/d=50', { risk: [1, 0.5] });
  const curves = [];
  for (const tau of [0, 1])
    for (const d of [50, 100, 200]) {
      const r = Float64Array.from({ length: 200 }, (_, i) => Math.round(10 ** (i / 40)));
      curves.push({ key: `tau=${tau}/d=${d}`, meta: { role: 'risk', tau, d, batch: 4 }, columns: { r, risk: tricky(200, d + tau) } });
    }
  curves.push({ key: 'odd, key', meta: { role: 'frontier', tau: 0 }, columns: { C: [1, 10], risk: [NaN, Infinity], dstar: [-Infinity, 50] } });
  svc.store.finish(id, { summary: { fits: [{ tau: 0, eta: 0.31, eta_ci: [0.3, 0.32] }], delta_eta: 0.05, note: 'x' }, curves, headline: { eta: 0.31, deltaEta: 0.05 } });
  return id;
}

describe('export / import', () => {
  it('JSON round trip reproduces params, metadata and every curve bit-exactly', async () => {
    const id = makeRun();
    const orig = await api.getRun({ id });
    const file = await api.exportRun({ id, format: 'json' });
    expect(file.filename).toBe(`plrf-run-${id}-study.json`);
    const imported = await api.importRun({ content: file.content });
    expect(imported.id).not.toBe(id);
    const back = await api.getRun({ id: imported.id });
    expect(back.params).toEqual(orig.params);
    expect(back.kind).toBe('study');
    expect(back.status).toBe('done');
    expect([back.label, back.tags, back.notes, back.seed, back.codeVersion]).toEqual([orig.label, orig.tags, orig.notes, orig.seed, orig.codeVersion]);
    expect(back.result!.summary).toEqual(orig.result!.summary);
    expect(back.partials.map((p) => [p.key, p.value])).toEqual(orig.partials.map((p) => [p.key, p.value]));
    expect(back.headline.eta).toBe(0.31);
    expect(back.result!.curves.length).toBe(orig.result!.curves.length);
    // bit-exact on the stored typed arrays (the JSON transport itself turns NaN/±Infinity into null)
    const tOrig = svc.store.getCurvesTyped(id);
    const tBack = svc.store.getCurvesTyped(imported.id);
    expect(tOrig.length).toBe(tBack.length);
    tOrig.forEach((c, i) => {
      const b = tBack[i]!;
      expect(b.key).toBe(c.key);
      expect(b.meta).toEqual(c.meta);
      for (const name of Object.keys(c.columns)) expect(bits(Array.from(b.columns[name]!)), `${c.key}.${name}`).toEqual(bits(Array.from(c.columns[name]!)));
    });
    const frontier = tBack.find((c) => c.key === 'odd, key')!;
    expect(Array.from(frontier.columns.risk!)).toEqual([NaN, Infinity]);
    expect(Array.from(frontier.columns.dstar!)).toEqual([-Infinity, 50]);
    // and a second export of the import is the same document (apart from ids and times)
    const again = JSON.parse((await api.exportRun({ id: imported.id, format: 'json' })).content);
    const first = JSON.parse(file.content);
    for (const d of [again, first]) {
      delete d.exportedAt;
      delete d.run.id;
    }
    expect(again).toEqual(first);
  });

  it('CSV: one row per checkpoint with d, tau, seed, r, C = B·d·r, risk', async () => {
    const id = makeRun();
    const csv = (await api.exportRun({ id, format: 'csv' })).content;
    const rows = parseCsv(csv);
    const head = rows[0]!;
    expect(head.slice(0, 7)).toEqual(['curve', 'd', 'tau', 'seed', 'r', 'C', 'risk']);
    const detail = await api.getRun({ id });
    const expectedRows = detail.result!.curves.reduce((s, c) => s + c.columns[Object.keys(c.columns)[0]!]!.length, 0);
    expect(rows.length - 1).toBe(expectedRows);
    let checked = 0;
    for (const row of rows.slice(1)) {
      const rec = Object.fromEntries(head.map((h, j) => [h, row[j]!]));
      if (rec.r === '') continue;
      const B = 4;
      expect(Number(rec.C)).toBe(B * Number(rec.d) * Number(rec.r));
      expect(rec.seed).toBe('3');
      const c = detail.result!.curves.find((x) => x.key === rec.curve)!;
      expect(c.columns.risk).toContain(Number(rec.risk));
      checked++;
    }
    expect(checked).toBe(6 * 200);
    expect(rows.some((r) => r[0] === 'odd, key')).toBe(true);
  });

  it('refuses documents that are not run exports, naming the field', async () => {
    await expect(api.importRun({ content: '{"format":"plrf-run","version":1,"run":{"kind":"sgd","status":"done","params":[]}}' })).rejects.toMatchObject({ code: 'bad_request', field: 'content.run.params' });
    await expect(api.importRun({ content: 'not json' })).rejects.toMatchObject({ code: 'bad_request', field: 'content' });
  });
});
