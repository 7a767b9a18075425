// Power-law spectrum vs an imported one as two variants of one study (issue 18 §5), through the CLI
// dispatcher (in-process, real services; `plrf run` with real worker processes and a database made
// with --db … --create). Independent paths: each variant must give, bit for bit, the numbers of the
// single study that has no variants — the power law at the same (α, β, v) and the data spectrum
// given as --spectrum — (curves, frontier, η, ξ and their bootstrap intervals: shared draws and the
// same resampling indices). Negative control: the two variants differ from each other.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { main } from '../../src-main/cli/main';
import { digitsPath } from '../../src-main/services/datasets';
import { createApiClient, createLocalTransport } from '../../src-shared/api';
import { createPlrfService } from '../../src-main/services/api-service';
import type { WorkerHandle, WorkerHost } from '../../src-main/services/jobs/worker-host';
import { loadSpectrumFile } from '../../src-main/cli/spectrum-input';
import { applyCompare, compareFromParams } from '../../src-renderer/forms/vary-form';

let dir: string;
let db: string;
let toy: string;
beforeAll(() => {
  dir = mkdtempSync(join(tmpdir(), 'plrf-spec-var-'));
  db = join(dir, 'runs.db');
  toy = join(dir, 'toy.csv');
  // not a power law: a bent eigenvalue decay and alternating-sign target coefficients, v = 40
  const rows = Array.from({ length: 40 }, (_, i) => `${(i + 1) ** -1.6 * (1 + 0.3 / (i + 1))},${(i + 1) ** -0.3 * (i % 2 ? 1 : -1)}`);
  writeFileSync(toy, 'lambda,b\n' + rows.join('\n') + '\n');
});
afterAll(() => rmSync(dir, { recursive: true, force: true }));

async function plrf(...argv: string[]): Promise<{ code: number; out: string; err: string }> {
  let out = '';
  let err = '';
  const code = await main(argv, { stdout: (s) => (out += s), stderr: (s) => (err += s), tty: false });
  return { code, out, err };
}

async function json(...argv: string[]): Promise<Record<string, any>> {
  const r = await plrf(...argv);
  expect(r.code, r.err).toBe(0);
  return JSON.parse(r.out);
}

/** the numbers of one fit that do not depend on the other variants (C_ref, R_ref and Δη do) */
const own = (f: Record<string, any>) => ({ s: f.s, eta: f.eta, eta_ci: f.eta_ci, xi: f.xi, xi_ci: f.xi_ci, window: f.window, isoflop_xi: f.isoflop_xi, halves: f.halves, eta_window: f.eta_window, ci_method: f.ci_method });
const curvesOf = (doc: Record<string, any>, variant: number) => doc.curves.filter((c: any) => c.variant === variant).map((c: any) => ({ d: c.d, v: c.v, rmax: c.rmax, r: c.r, draws: c.draws.map((x: any) => x.risk) }));
const frontierOf = (doc: Record<string, any>, variant: number) => {
  const f = doc.frontiers.find((x: any) => x.variant === variant);
  return { C: f.C, risk: f.risk, dStar: f.dStar };
};

const GRID = ['--dgrid', '4,6,8,12,16,24', '--draws', '3', '--bootstrap', '60', '--checkpoints', '60'];

describe('plrf study --vary spectrum=power-law,file:PATH', () => {
  it('each variant equals its single study bit for bit; the variants differ; Δη is labelled paired-z', async () => {
    const both = await json('study', '--vary', `spectrum=power-law,file:${toy}`, '--alpha', '0.9', '--beta', '0.4', ...GRID, '--json');
    expect(both.fits.map((f: any) => f.variant)).toEqual([
      { spectrum: 'power-law', tau: 0 },
      { spectrum: 'toy.csv', tau: 0 },
    ]);
    expect(both.fits.map((f: any) => f.variant_label)).toEqual(['power law', 'spectrum toy.csv']);
    const pl = await json('study', '--alpha', '0.9', '--beta', '0.4', '--v', '40', '--tau', '0', ...GRID, '--json');
    const data = await json('study', '--spectrum', toy, '--tau', '0', ...GRID, '--json');
    expect(own(both.fits[0])).toEqual(own(pl.fits[0]));
    expect(curvesOf(both, 0)).toEqual(curvesOf(pl, 0));
    expect(frontierOf(both, 0)).toEqual(frontierOf(pl, 0));
    expect(own(both.fits[1])).toEqual(own(data.fits[0]));
    expect(curvesOf(both, 1)).toEqual(curvesOf(data, 0));
    expect(frontierOf(both, 1)).toEqual(frontierOf(data, 0));
    expect(both.fits[0].ci_method).toBe('draws');
    // negative control: the spectrum matters
    expect(both.fits[1].eta).not.toBe(both.fits[0].eta);
    expect(curvesOf(both, 1)[0].draws[0]).not.toEqual(curvesOf(both, 0)[0].draws[0]);
    expect(both.delta_eta[1]).toBe(both.fits[1].eta - both.fits[0].eta);
    expect(both.fits[1].delta_eta_pairing).toBe('paired-z');
    expect(both.fits[0].delta_eta_pairing).toBeUndefined();
    // the run holds the resolved spectrum (re-runnable without the file)
    expect(both.params.variants[1].setting.spectrum.hash).toBe(data.params.spectrum.hash);
  });

  it('without --alpha/--beta the power law is at the data fit (same α, β as the single data study reports)', async () => {
    const both = await json('study', '--vary', `spectrum=power-law,file:${toy}`, ...GRID, '--bootstrap', '0', '--json');
    const data = await json('study', '--spectrum', toy, '--tau', '0', ...GRID, '--bootstrap', '0', '--json');
    expect([both.params.variants[0].setting.alpha, both.params.variants[0].setting.beta]).toEqual([data.params.alpha, data.params.beta]);
    expect(both.params.variants[0].setting.spectrum).toBeUndefined();
  });

  it('bad values fail before any work, naming --vary spectrum and the value', async () => {
    const a = await plrf('study', '--vary', 'spectrum=power-law,mnist', ...GRID);
    expect(a.code).toBe(2);
    expect(a.err).toContain('--vary spectrum');
    expect(a.err).toContain('spectrum=mnist: unknown data set');
    const b = await plrf('study', '--vary', `spectrum=power-law,file:${join(dir, 'missing.csv')}`, ...GRID);
    expect(b.code).toBe(2);
    expect(b.err).toContain('missing.csv');
  });
});

describe.skipIf(!digitsPath())('plrf run study --preset spectrum-digits (stored, --db … --create)', () => {
  it('stores the resolved digits spectrum; equals the inline study and the single digits study', async () => {
    const small = ['--dgrid', '4,8,16,32', '--draws', '2', '--bootstrap', '40', '--checkpoints', '50'];
    const r = await plrf('run', 'study', '--preset', 'spectrum-digits', ...small, '--db', db, '--create', '--json');
    expect(r.code, r.err).toBe(0);
    const run = JSON.parse(r.out);
    expect(run.status).toBe('done');
    const shown = await json('runs', 'show', String(run.id), '--db', db, '--json', '--no-curves');
    const summary = shown.summary ?? shown.result?.summary ?? shown;
    const params = shown.params;
    expect(params.vary.spectrum[0]).toBe('power-law');
    expect(params.vary.spectrum[1].name).toBe('digits');
    expect(params.vary.spectrum[1].lambda.length).toBe(61);
    expect(summary.fits.map((f: any) => f.variant)).toEqual([
      { spectrum: 'power-law', tau: 0 },
      { spectrum: 'digits', tau: 0 },
    ]);
    const inline = await json('study', '--preset', 'spectrum-digits', ...small, '--json', '--no-curves');
    expect(summary.fits.map(own)).toEqual(inline.fits.map(own));
    const single = await json('study', '--preset', 'digits', '--tau', '0', ...small, '--json', '--no-curves');
    expect(own(inline.fits[1])).toEqual(own(single.fits[0]));
  }, 120_000);
});

/** workers that never get ready: a queued run just waits (nothing is computed here) */
const idleHost: WorkerHost = {
  name: 'idle',
  spawn(): WorkerHandle {
    const exits: ((e: { code: number | null; signal: string | null; stderrTail: string }) => void)[] = [];
    return { pid: undefined, send() {}, onMessage() {}, onExit: (cb) => void exits.push(cb), kill: () => exits.forEach((cb) => cb({ code: null, signal: 'SIGKILL', stderrTail: '' })) };
  },
};

describe('the service (app requests) resolves data-set names, never files', () => {
  it('startRun stores the digits spectrum object; unknown names and file: are refused naming vary.spectrum', async () => {
    const svc = createPlrfService({ dbPath: join(dir, 'svc.db'), workerHost: idleHost, concurrency: 1, prewarm: false });
    const api = createApiClient(createLocalTransport(svc));
    try {
      const refuse = async (value: string) =>
        api.startRun({ kind: 'study', params: { dgrid: [4, 8, 16], vary: { spectrum: ['power-law', value] } } }).then(
          () => null,
          (e: { field?: string; message: string }) => e,
        );
      const e1 = await refuse('mnist');
      expect(e1?.field).toBe('params.vary.spectrum');
      expect(e1?.message).toContain('spectrum=mnist: unknown data set');
      const e2 = await refuse(`file:${toy}`);
      expect(e2?.message).toContain('files are read by the CLI only');
      if (!digitsPath()) return;
      const run = await api.startRun({ kind: 'study', params: { dgrid: [4, 8, 16], vary: { spectrum: ['power-law', 'digits'] } } });
      const stored = (await api.getRun({ id: run.id, curves: false })).params as Record<string, any>;
      expect(stored.vary.spectrum[0]).toBe('power-law');
      expect(stored.vary.spectrum[1]).toMatchObject({ name: 'digits' });
      expect(stored.vary.spectrum[1].lambda.length).toBe(61);
      expect(stored.v).toBe(61);
      await api.cancelRun({ id: run.id }).catch(() => {});
    } finally {
      await svc.close();
    }
  });
});

describe('Duplicate & edit of a study whose spectrum variant came from a file (New-run compare section)', () => {
  it('the stored spectrum object round-trips through the form and the service; the name alone is refused', async () => {
    const svc = createPlrfService({ dbPath: join(dir, 'dup.db'), workerHost: idleHost, concurrency: 1, prewarm: false });
    const api = createApiClient(createLocalTransport(svc));
    try {
      // what `plrf run study --vary spectrum=power-law,file:toy.csv` stores: the file's spectrum object
      const fromFile = loadSpectrumFile(toy).spectrum;
      const first = await api.startRun({ kind: 'study', params: { dgrid: [4, 8, 16], vary: { spectrum: ['power-law', fromFile] } } });
      const stored = (await api.getRun({ id: first.id, curves: false })).params as Record<string, any>;
      await api.cancelRun({ id: first.id }).catch(() => {});
      // the form shows the spectra by name …
      const state = compareFromParams(stored);
      const row = state.rows.find((r) => r.key === 'spectrum')!;
      expect(row.text).toBe('power-law, toy.csv');
      // … and, unchanged, resubmits the stored object (a copy, JSON-clean for IPC)
      const { params, error } = applyCompare(stored, state);
      expect(error).toBeUndefined();
      const sent = (params.vary as Record<string, unknown[]>).spectrum!;
      expect(sent[0]).toBe('power-law');
      expect(sent[1]).toEqual(stored.vary.spectrum[1]);
      expect(sent[1]).not.toBe(stored.vary.spectrum[1]);
      const dup = await api.startRun({ kind: 'study', params });
      const again = (await api.getRun({ id: dup.id, curves: false })).params as Record<string, any>;
      await api.cancelRun({ id: dup.id }).catch(() => {});
      expect(again.vary.spectrum[1].hash).toBe(fromFile.hash);
      expect(again.vary.spectrum[1].lambda).toEqual(Array.from(fromFile.lambda));
      // negative control: the name without the stored object is what the service cannot resolve
      const bare = applyCompare(stored, { ...state, spectra: {} }).params;
      const refused = await api.startRun({ kind: 'study', params: bare }).then(
        () => null,
        (e: { message: string }) => e,
      );
      expect(refused?.message).toContain('spectrum=toy.csv: unknown data set');
    } finally {
      await svc.close();
    }
  });
});

