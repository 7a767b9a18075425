// The spectrum as a variant axis (issue 18 §5): the edge resolution of names (data set, file:PATH;
// src-main/services/spectrum-axis.ts) and the shared rules (src-shared/params/spectrum-axis.ts):
// bad values are named by key and value before any work, a bad file gets the file's own error
// (row, column), v and the power law's (α, β) default as documented, labels are readable, the stored
// params validate again to the same variants, and the jobs never let two spectra share a spectral
// problem (negative control: a power law at the data's exact fitted α, β would share the old job key).
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { validateStudySpec } from '../../../src-shared/params/study-params';
import { isParamError } from '../../../src-shared/params/errors';
import { makeDataSpectrum } from '../../../src-shared/spectrum/source';
import { fitSpectrum } from '../../../src-shared/spectrum/power-fit';
import { planJobs, planUnits } from '../../../src-shared/compute/study-task';
import { unitSetting } from '../../../src-shared/study/units';
import { getKind } from '../../../src-shared/compute/registry';
import { portableBackend } from '../../../src-shared/linalg/portable';
import { resolveSpectrumAxis } from '../../../src-main/services/spectrum-axis';
import { DATASET_SPECTRA, digitsPath } from '../../../src-main/services/datasets';

let dir: string;
beforeAll(() => {
  dir = mkdtempSync(join(tmpdir(), 'plrf-spec-axis-'));
});
afterAll(() => rmSync(dir, { recursive: true, force: true }));

const opts = (files: boolean) => ({ backend: () => portableBackend, files });

function err(f: () => unknown): { param: string; message: string } {
  try {
    f();
  } catch (e) {
    expect(isParamError(e)).toBe(true);
    return e as { param: string; message: string };
  }
  throw new Error('expected a ParamError');
}

// a data spectrum that is not a power law (v = 40)
const v = 40;
const lam = Array.from({ length: v }, (_, i) => (i + 1) ** -1.6 * (1 + 0.3 / (i + 1)));
const bb = Array.from({ length: v }, (_, i) => (i + 1) ** -0.3 * (i % 2 ? 1 : -1));
const data = makeDataSpectrum('toy', lam, bb);
const base = { dgrid: [4, 6, 8, 12], draws: 2, bootstrap: 0, checkpoints: 40 };

describe('spectrum axis: names resolved at the edge', () => {
  it('unknown data set: names vary.spectrum and the value, lists what is allowed', () => {
    const e = err(() => resolveSpectrumAxis({ ...base, vary: { spectrum: ['power-law', 'mnist'] } }, opts(true)));
    expect(e.param).toBe('vary.spectrum');
    expect(e.message).toContain('spectrum=mnist: unknown data set "mnist"');
    expect(e.message).toContain('digits');
  });

  it('file:PATH: a missing file, a file with a bad row/column (the file error), and files refused for app requests', () => {
    const missing = join(dir, 'nope.csv');
    const e1 = err(() => resolveSpectrumAxis({ ...base, vary: { spectrum: ['power-law', `file:${missing}`] } }, opts(true)));
    expect(e1.param).toBe('vary.spectrum');
    expect(e1.message).toContain(`spectrum=file:${missing}: cannot read`);
    const bad = join(dir, 'bad.csv');
    writeFileSync(bad, 'lambda,b\n1,0.5\n0.5,oops\n');
    const e2 = err(() => resolveSpectrumAxis({ ...base, vary: { spectrum: ['power-law', `file:${bad}`] } }, opts(true)));
    expect(e2.param).toBe('vary.spectrum');
    expect(e2.message).toMatch(/spectrum=file:.*bad\.csv: .*row 3.*column "b"/);
    const e3 = err(() => resolveSpectrumAxis({ ...base, vary: { spectrum: ['power-law', `file:${bad}`] } }, opts(false)));
    expect(e3.message).toContain('files are read by the CLI only');
  });

  it('a good file resolves to the object --spectrum would store (same name, hash, arrays)', () => {
    const f = join(dir, 'toy.csv');
    writeFileSync(f, 'lambda,b\n' + lam.map((l, i) => `${l},${bb[i]}`).join('\n') + '\n');
    const r = resolveSpectrumAxis({ ...base, vary: { spectrum: ['power-law', `file:${f}`] } }, opts(true)) as { vary: { spectrum: unknown[] } };
    expect(r.vary.spectrum[0]).toBe('power-law');
    expect(r.vary.spectrum[1]).toEqual({ ...data, name: 'toy.csv', hash: data.hash });
  });

  it.skipIf(!digitsPath())('digits resolves to a spectrum named "digits" (v = 61 after dropping constant pixels)', () => {
    const r = resolveSpectrumAxis({ ...base, vary: { spectrum: ['power-law', 'digits'] } }, opts(false)) as unknown as { vary: { spectrum: { name: string; lambda: number[] }[] } };
    expect(r.vary.spectrum[1]!.name).toBe('digits');
    expect(r.vary.spectrum[1]!.lambda.length).toBe(61);
  });

  it('digits where the data set is missing: a clear error naming the parameter and the install', () => {
    const old = process.env.PLRF_DIGITS_CSV;
    process.env.PLRF_DIGITS_CSV = join(dir, 'absent.csv.gz');
    try {
      if (digitsPath() !== null) return; // the default path exists and the override is ignored only if empty
      const e = err(() => DATASET_SPECTRA.digits!(portableBackend, 'vary.spectrum'));
      expect(e.param).toBe('vary.spectrum');
      expect(e.message).toContain('python3-sklearn');
    } finally {
      if (old === undefined) delete process.env.PLRF_DIGITS_CSV;
      else process.env.PLRF_DIGITS_CSV = old;
    }
  });
});

describe('spectrum axis: shared validation', () => {
  it('an unresolved name is refused naming the key and the value', () => {
    const e = err(() => validateStudySpec({ ...base, alpha: 1, beta: 0.5, vary: { spectrum: ['power-law', 'digits'] } }));
    expect(e.param).toBe('vary.spectrum');
    expect(e.message).toContain('spectrum=digits');
  });

  it('v fixed for both (default the spectrum length), α, β of the power law default to the fit; labels and values by name', () => {
    const s = validateStudySpec({ ...base, vary: { spectrum: ['power-law', data] } });
    const fit = fitSpectrum(lam, bb);
    expect(s.variants.map((x) => x.values)).toEqual([
      { spectrum: 'power-law', tau: 0 },
      { spectrum: 'toy', tau: 0 },
    ]);
    expect(s.variants.map((x) => x.label)).toEqual(['power law', 'spectrum toy']);
    const [pl, dv] = s.variants.map((x) => x.setting);
    expect(pl!.spectrum).toBeUndefined();
    expect(dv!.spectrum!.hash).toBe(data.hash);
    expect(pl!.vgrid).toEqual([v, v, v, v]);
    expect(dv!.vgrid).toEqual([v, v, v, v]);
    expect([pl!.alpha, pl!.beta]).toEqual([fit.alpha, fit.beta]);
    expect([dv!.alpha, dv!.beta]).toEqual([fit.alpha, fit.beta]);
    // given α, β apply to the power law only; the data variant keeps its fit
    const g = validateStudySpec({ ...base, alpha: 0.9, beta: 0.4, vary: { spectrum: ['power-law', data] }, reference: { spectrum: 'toy' } });
    expect([g.variants[0]!.setting.alpha, g.variants[1]!.setting.alpha]).toEqual([0.9, fit.alpha]);
    expect(g.reference).toBe(1);
  });

  it('bad combinations name their field: vRatio, v beyond the spectrum, spectrum given twice, repeated names, objects on other keys', () => {
    expect(err(() => validateStudySpec({ ...base, vRatio: 2, vary: { spectrum: ['power-law', data] } })).param).toBe('vRatio');
    const ev = err(() => validateStudySpec({ ...base, v: 41, vary: { spectrum: ['power-law', data] } }));
    expect(ev.param).toBe('v');
    expect(ev.message).toContain('"toy"');
    expect(err(() => validateStudySpec({ ...base, spectrum: data, vary: { spectrum: ['power-law', data] } })).param).toBe('vary.spectrum');
    expect(err(() => validateStudySpec({ ...base, vary: { spectrum: [data, { ...data }] } })).message).toContain('toy repeated');
    expect(err(() => validateStudySpec({ ...base, alpha: 1, beta: 0.5, vary: { batch: [1, data] } })).param).toBe('vary.batch');
    const altered = { ...data, lambda: [...data.lambda.slice(0, -1), 1e-9] };
    expect(err(() => validateStudySpec({ ...base, vary: { spectrum: ['power-law', altered] } })).message).toContain('hash');
  });

  it('stored params (registry validate) hold the objects and the defaults, and validate again to the same variants', () => {
    const raw = { ...base, vary: { spectrum: ['power-law', data] } };
    const stored = getKind('study').validate(raw) as Record<string, unknown>;
    expect(stored.v).toBe(v);
    expect(typeof stored.alpha).toBe('number');
    expect((stored.vary as { spectrum: unknown[] }).spectrum[1]).toEqual(data);
    const a = validateStudySpec(raw);
    const b = validateStudySpec(JSON.parse(JSON.stringify(stored)));
    expect(b.variants.map((x) => [x.key, x.setting.alpha, x.setting.beta, x.setting.spectrum?.hash, x.setting.rmaxgrid])).toEqual(
      a.variants.map((x) => [x.key, x.setting.alpha, x.setting.beta, x.setting.spectrum?.hash, x.setting.rmaxgrid]),
    );
  });

  it('jobs never mix spectra, even when the power law sits at the exact fitted (α, β)', () => {
    const fit = fitSpectrum(lam, bb);
    const s = validateStudySpec({ ...base, alpha: fit.alpha, beta: fit.beta, vary: { spectrum: ['power-law', data] } });
    const jobs = planJobs(s, planUnits(s));
    expect(jobs.length).toBe(2 * base.dgrid.length * base.draws);
    for (const j of jobs) expect(new Set(j.map((u) => unitSetting(s, u).spectrum?.hash ?? 'pl')).size).toBe(1);
    // negative control: the same α, β, v, d, draw — the key without the spectrum would have merged them
    const keyNoSpectrum = (u: (typeof jobs)[number][number]) => `${unitSetting(s, u).alpha}/${unitSetting(s, u).beta}/${u.v}/${u.d}/${u.draw}`;
    expect(new Set(jobs.flat().map(keyNoSpectrum)).size).toBe(base.dgrid.length * base.draws);
  });
});
