// The kind registry (src-shared/compute/registry.ts): every real kind validates with the shared
// schemas (ParamError naming the field), gives an estimate, and its adapter hands the task's
// numbers to the store unchanged (compared with a direct call of the engine/theory task).
import { describe, expect, it } from 'vitest';
import { getKind, listKinds } from '../../../src-shared/compute/registry';
import { runCurve } from '../../../src-shared/compute/curve-task';
import { runSpectrum } from '../../../src-shared/compute/spectrum-task';
import { deCurve } from '../../../src-shared/theory/de-curve';
import { portableBackend } from '../../../src-shared/linalg/portable';
import { silentContext } from '../../../src-shared/compute/task';
import { isParamError } from '../../../src-shared/params/errors';
import { RUN_KINDS } from '../../../src-shared/api/types';

const env = { backend: portableBackend };
const curveParams = { method: 'exact', alpha: 1, beta: 0.8, v: 60, d: 30, draws: 2, rmax: 1000, checkpoints: 20, seed: 5 };

function paramErrorOf(f: () => unknown): string {
  try {
    f();
  } catch (e) {
    if (isParamError(e)) return e.param;
    throw e;
  }
  throw new Error('expected a ParamError');
}

describe('kind registry', () => {
  it('registers exactly the API run kinds', () => {
    expect(listKinds().map((k) => k.kind).sort()).toEqual([...RUN_KINDS].sort());
    for (const k of listKinds()) expect(k.schema, k.kind).toBeDefined();
  });

  it('validates through the shared schemas, naming the field', () => {
    expect(paramErrorOf(() => getKind('sgd').validate({ ...curveParams, alpha: -1 }))).toBe('alpha');
    expect(paramErrorOf(() => getKind('sgd').validate({ ...curveParams, method: 'de' }))).toBe('method');
    expect(paramErrorOf(() => getKind('volterra').validate({ ...curveParams, method: 'exact' }))).toBe('method');
    expect(paramErrorOf(() => getKind('sgd').validate({ ...curveParams, bogus: 1 }))).toBe('bogus');
    expect(paramErrorOf(() => getKind('spectrum').validate({ alpha: 0.5, beta: 0.7, v: 100, d: 200 }))).toMatch(/^(v|d)$/);
    expect(paramErrorOf(() => getKind('spectrum').validate({ alpha: 0.5, beta: 0.7, v: 200, d: 100, extra: 1 }))).toBe('extra');
    expect(paramErrorOf(() => getKind('study').validate({ alpha: 0.5, beta: 0.7, dgrid: [10, 20] }))).toBe('dgrid');
    expect(paramErrorOf(() => getKind('nope'))).toBe('kind');
    // validated params are valid input again (a re-run validates the stored params)
    for (const [kind, raw] of [
      ['sgd', curveParams],
      ['volterra', { ...curveParams, method: undefined }],
      ['spectrum', { alpha: 0.5, beta: 0.7, v: 200, d: 100 }],
      ['study', { alpha: 0.5, beta: 0.7, dgrid: [20, 40, 80], method: 'de' }],
    ] as const) {
      const k = getKind(kind);
      const once = k.validate(JSON.parse(JSON.stringify(raw)));
      expect(k.validate(JSON.parse(JSON.stringify(once))), kind).toEqual(once);
      const est = k.estimate(once);
      expect(est.seconds, kind).toBeGreaterThan(0);
      expect(est.bytes, kind).toBeGreaterThan(0);
    }
  });

  it('sgd: the stored mean curve and draws are the engine’s numbers', async () => {
    const k = getKind('sgd');
    const p = k.validate(curveParams);
    const out = await k.run(p, env, silentContext);
    const direct = runCurve(curveParams, portableBackend, silentContext);
    const mean = out.curves.find((c) => c.key === 'mean')!;
    expect(Array.from(mean.columns.r!)).toEqual(direct.r);
    expect(Array.from(mean.columns.risk!)).toEqual(direct.risk);
    expect(out.curves.filter((c) => c.meta.role === 'risk-draw').length).toBe(2);
    expect((out.summary.params as { gamma: number }).gamma).toBe(direct.params.gamma);
    expect(out.headline!.finalRisk).toBe(direct.risk[direct.risk.length - 1]);
  });

  it('volterra and spectrum: adapters keep the theory numbers', async () => {
    const kv = getKind('volterra');
    const pv = kv.validate({ alpha: 1, beta: 0.8, v: 400, d: 200, rmax: 10000, checkpoints: 30 });
    const ov = await kv.run(pv, env, silentContext);
    const dv = deCurve({ alpha: 1, beta: 0.8, v: 400, d: 200, tau: 0, batch: 1, rmax: 10000, checkpoints: 30 });
    expect(Array.from(ov.curves[0]!.columns.risk!)).toEqual(dv.risk);
    const ks = getKind('spectrum');
    const ps = ks.validate({ alpha: 0.5, beta: 0.7, v: 400, d: 200, tau: 1 });
    const os = await ks.run(ps, env, silentContext);
    const ds = runSpectrum({ method: 'de', alpha: 0.5, beta: 0.7, v: 400, d: 200, tau: 1 }, portableBackend);
    expect(Array.from(os.curves[0]!.columns.density!)).toEqual(ds.density);
    expect(os.summary.F0).toBe(ds.F0);
    expect(os.summary.outlier).toEqual(ds.outlier);
  });
});
