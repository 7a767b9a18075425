// Issue 12, "one validation for every entrance": the API, the CLI, the worker's validate and the
// form's schema refuse the same inputs, naming the same field. Reproduces the tester's findings:
// volterra alpha = 1e308 was queued by the API (curve schema) and failed later in the worker
// (theory rules); "__proto__" in params was dropped silently; importRun stored 10 000-character
// labels, tag "<x>", alpha = −1, 100 k-character keys, 1 MB error texts and string timestamps.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { createApiClient, createApiDispatcher, createLocalTransport, type PlrfClient } from '../../../src-shared/api';
import { createPlrfService, type PlrfServiceHandle } from '../../../src-main/services/api-service';
import type { WorkerHost } from '../../../src-main/services/jobs/worker-host';
import { getKind } from '../../../src-shared/compute/registry';
import { volterraParamsSchema, curveParamsSchema } from '../../../src-shared/params/model-params';
import { isParamError } from '../../../src-shared/params/errors';
import { main } from '../../../src-main/cli/main';

let dir: string;
let svc: PlrfServiceHandle;
let api: PlrfClient;
const noWorkers: WorkerHost = {
  name: 'none',
  spawn() {
    throw new Error('no worker may start in this test');
  },
};

beforeAll(() => {
  dir = mkdtempSync(join(tmpdir(), 'plrf-1val-'));
  svc = createPlrfService({ dbPath: join(dir, 'runs.db'), workerHost: noWorkers, concurrency: 1 });
  api = createApiClient(createLocalTransport(svc));
});
afterAll(async () => {
  await svc.close();
  rmSync(dir, { recursive: true, force: true });
});

const vol = { alpha: 0.6, beta: 0.2, v: 400, d: 200, rmax: 1000 };

function paramOf(f: () => unknown): string {
  try {
    f();
  } catch (e) {
    if (isParamError(e)) return e.param;
    throw e;
  }
  return '(accepted)';
}

async function cli(...argv: string[]): Promise<{ code: number; err: string }> {
  let err = '';
  const code = await main(argv, { stdout: () => {}, stderr: (s) => (err += s), tty: false });
  return { code, err };
}

describe('volterra: its own (theory) schema at every entrance', () => {
  const bad: [string, Record<string, unknown>][] = [
    ['alpha', { ...vol, alpha: 1e308 }],
    ['alpha', { ...vol, alpha: 11 }],
    ['beta', { ...vol, beta: 50 }],
    ['tau', { ...vol, tau: 1000 }],
    ['v', { ...vol, v: 2e9 }],
    ['d', { ...vol, d: 1, v: 10 }],
  ];
  it.each(bad)('refuses %s in the API, the worker and the form alike', async (field, params) => {
    // API (startRun and validateParams): nothing queued
    await expect(api.startRun({ kind: 'volterra', params })).rejects.toMatchObject({ code: 'invalid_param', field: `params.${field}` });
    await expect(api.validateParams({ kind: 'volterra', params })).rejects.toMatchObject({ field: `params.${field}` });
    // worker: the same registry validate
    expect(paramOf(() => getKind('volterra').validate(params))).toBe(field);
    // form: the schema the New-run form is generated from
    const r = volterraParamsSchema.safeParse(params);
    expect(r.success).toBe(false);
    if (!r.success) expect(r.error.issues[0]!.path[0]).toBe(field);
    expect((await api.listRuns({})).total).toBe(0);
  });

  it('the CLI (curve --method de and run curve --method de) exits 2 naming the flag', async () => {
    const a = await cli('curve', '--method', 'de', '--alpha', '1e308', '--beta', '0.2', '--v', '400', '--d', '200');
    expect(a.code).toBe(2);
    expect(a.err).toMatch(/alpha/);
    const b = await cli('run', 'curve', '--method', 'de', '--alpha', '1e308', '--beta', '0.2', '--v', '400', '--d', '200', '--db', join(dir, 'runs.db'));
    expect(b.code).toBe(2);
    expect(b.err).toMatch(/--alpha/);
  });

  it('negative control: a valid volterra run validates everywhere, and alpha = 1e308 stays legal for exact/sgd shape', async () => {
    await expect(api.validateParams({ kind: 'volterra', params: vol })).resolves.toMatchObject({ params: { method: 'de', alpha: 0.6 } });
    expect(volterraParamsSchema.safeParse(vol).success).toBe(true);
    // the sgd kind keeps the curve schema (no theory bound on alpha); its memory/time rules are elsewhere
    expect(curveParamsSchema.shape.alpha.safeParse(50).success).toBe(true);
  });
});

describe('unknown keys, "__proto__" included, are refused uniformly', () => {
  const dispatch = () => createApiDispatcher(svc);
  it.each(['__proto__', 'constructor', 'prototype', 'bogus'])('params key %s → 4xx naming it', async (key) => {
    for (const kind of ['sgd', 'volterra', 'study', 'spectrum']) {
      const base = kind === 'study' ? '"alpha":0.6,"beta":0.2,"dgrid":[10,20,40]' : '"alpha":0.6,"beta":0.2,"v":400,"d":200';
      const params = JSON.parse(`{${base},${JSON.stringify(key)}:{"x":1}}`);
      for (const m of ['startRun', 'validateParams', 'estimate']) {
        const r = await dispatch()(m, { kind, params });
        expect(r.ok, `${m} ${kind}`).toBe(false);
        if (!r.ok) expect(r.error.field, `${m} ${kind}`).toBe(`params.${key}`);
      }
    }
  });
  it('"__proto__" at the top of a request is an unknown field too', async () => {
    const r = await dispatch()('listRuns', JSON.parse('{"__proto__":{"limit":1}}'));
    expect(r.ok).toBe(false);
  });
});

describe('importRun: the run schema plus the export format schema', () => {
  let good: Record<string, unknown>;
  beforeAll(async () => {
    const id = svc.store.createRun({ kind: 'volterra', params: { ...vol, method: 'de' }, seed: null, codeVersion: 't', label: 'ok', tags: ['a'] });
    svc.store.markRunning(id, process.pid);
    svc.store.savePartial(id, 'p', { x: 1 });
    svc.store.finish(id, { summary: { F0: 0.1 }, curves: [{ key: 'mean', meta: { role: 'risk', d: 200 }, columns: { r: [0, 1], risk: [1, 0.5] } }] });
    good = JSON.parse((await api.exportRun({ id, format: 'json' })).content);
  });
  const mutate = (f: (d: any) => void) => {
    const d = structuredClone(good) as any;
    f(d);
    return JSON.stringify(d);
  };
  const cases: [string, (d: any) => void][] = [
    ['content.run.label', (d) => (d.run.label = 'x'.repeat(10_000))],
    ['content.run.tags.0', (d) => (d.run.tags = ['<x>'])],
    ['content.run.params.alpha', (d) => (d.run.params.alpha = -1)],
    ['content.run.params.alpha', (d) => (d.run.params.alpha = 1e308)],
    ['content.run.params', (d) => (d.run.params['k'.repeat(100_000)] = 1)],
    ['content.run.params.__proto__', (d) => (d.run.params = JSON.parse('{"__proto__":1}'))],
    ['content.run.error', (d) => (d.run.error = 'e'.repeat(1_000_000))],
    ['content.run.createdAt', (d) => (d.run.createdAt = '2024-01-01')],
    ['content.run.finishedAt', (d) => (d.run.finishedAt = 'yesterday')],
    ['content.run.notes', (d) => (d.run.notes = 'bell\u0007')],
    ['content.run.sneaky', (d) => (d.run.sneaky = 1)],
    ['content.result.summary', (d) => (d.result.summary = { ['s'.repeat(200)]: 1 })],
    ['content.result.curves.0.key', (d) => (d.result.curves[0].key = 'k'.repeat(1000))],
    ['content.result.curves.0.columns.r.0', (d) => (d.result.curves[0].columns.r[0] = 'one')],
    ['content.partials.0.savedAt', (d) => (d.partials[0].savedAt = 'now')],
  ];
  it.each(cases)('refuses a bad %s and stores nothing', async (field, f) => {
    const before = (await api.listRuns({ filter: { deleted: 'include' } })).total;
    const err = await api.importRun({ content: mutate(f) }).then(
      () => null,
      (e: { code: string; field: string }) => e,
    );
    expect(err, field).not.toBeNull();
    expect(['bad_request', 'invalid_param']).toContain(err!.code);
    expect(err!.field.startsWith(field) || field.startsWith(err!.field), `${err!.field} vs ${field}`).toBe(true);
    expect((await api.listRuns({ filter: { deleted: 'include' } })).total).toBe(before);
  });
  it('negative control: the unmodified export imports', async () => {
    const s = await api.importRun({ content: JSON.stringify(good) });
    expect(s).toMatchObject({ kind: 'volterra', status: 'done', label: 'ok' });
  });
});
