import { describe, expect, it } from 'vitest';
import { validateCurveParams, curveParamsSchema, DEFAULT_GAMMA_FRACTION } from '../../../src-shared/params/model-params';
import { isParamError } from '../../../src-shared/params/errors';

const good = { alpha: 1, beta: 0.7, v: 200, d: 100 };

function rejects(raw: Record<string, unknown>): { param: string; message: string } {
  try {
    validateCurveParams(raw);
  } catch (e) {
    if (isParamError(e)) return { param: e.param, message: e.message };
    throw e;
  }
  throw new Error(`accepted ${JSON.stringify(raw)}`);
}

describe('validateCurveParams', () => {
  it('applies defaults and accepts valid input', () => {
    const p = validateCurveParams(good);
    expect(p).toMatchObject({ method: 'exact', tau: 0, batch: 1, draws: 1, seed: 0, naive: false });
    expect(p.gamma).toBeUndefined();
    expect(DEFAULT_GAMMA_FRACTION).toBeGreaterThan(0);
  });

  const cases: [string, Record<string, unknown>, string, RegExp][] = [
    ['alpha ≤ 0', { ...good, alpha: 0 }, 'alpha', />\s*0/],
    ['alpha missing', { beta: 1, v: 10, d: 5 }, 'alpha', /required/],
    ['2α + 2β ≤ 1', { ...good, alpha: 0.3, beta: 0.2 }, 'beta', /2·alpha \+ 2·beta > 1/],
    ['d ≥ v', { ...good, d: 200 }, 'd', /d < v/],
    ['d not an integer', { ...good, d: 10.5 }, 'd', /integer/],
    ['d < 1', { ...good, d: 0 }, 'd', /1 ≤ d/],
    ['v < 2', { ...good, v: 1, d: 1 }, 'v', /≥ 2/],
    ['B < 1', { ...good, batch: 0 }, 'batch', /1 ≤ batch/],
    ['B not an integer', { ...good, batch: 1.5 }, 'batch', /integer/],
    ['γ ≤ 0', { ...good, gamma: -1 }, 'gamma', /0 < gamma/],
    ['γ and fraction together', { ...good, gamma: 0.1, gammaFraction: 0.5 }, 'gamma', /not both/],
    ['fraction ≥ 1', { ...good, gammaFraction: 1 }, 'gammaFraction', /\(0, 1\)/],
    ['fraction ≤ 0', { ...good, gammaFraction: 0 }, 'gammaFraction', /\(0, 1\)/],
    ['τ < 0', { ...good, tau: -1 }, 'tau', /c ≥ 0/],
    ['rmax < 1', { ...good, rmax: 0 }, 'rmax', /1 ≤ rmax/],
    ['checkpoints < 2', { ...good, checkpoints: 1 }, 'checkpoints', /2 ≤ checkpoints/],
    ['draws < 1', { ...good, draws: 0 }, 'draws', /1 ≤ draws/],
    ['runs < 1', { ...good, runs: 0 }, 'runs', /1 ≤ runs/],
    ['seed < 0', { ...good, seed: -3 }, 'seed', /0 ≤ seed/],
    ['unknown method', { ...good, method: 'magic' }, 'method', /exact, sgd, de/],
    ['unknown field', { ...good, alhpa: 1 }, 'alhpa', /unknown parameter/],
    ['naive with exact', { ...good, naive: true }, 'naive', /sgd/],
    ['too large for memory', { ...good, v: 2_000_000, d: 5000 }, 'v', /GiB/],
    ['d above the exact/SGD limit (issue 13: one limit, MAX_D_EXACT)', { ...good, v: 200000, d: 100000 }, 'd', /≤ 10000 for method exact/],
  ];
  for (const [name, raw, param, msg] of cases) {
    it(`rejects ${name} naming "${param}"`, () => {
      const e = rejects(raw);
      expect(e.param).toBe(param);
      expect(e.message).toMatch(msg);
    });
  }

  it('exports the zod schema with a description on every field (UI forms)', () => {
    for (const [k, s] of Object.entries(curveParamsSchema.shape)) expect((s as { description?: string }).description, k).toBeTruthy();
  });
});
