// Issue 13, forms and messages at the schema level (the one validator of UI, API, CLI, worker):
// - numbers in messages carry no floating-point noise (2·0.1 + 2·0.2 = 0.6000000000000001 is
//   written 0.6); 1e400 (JSON.parse gives Infinity) gets "must be a finite number";
// - the exact/SGD limit on d is one constant (MAX_D_EXACT), accepted at the limit and refused
//   one above it with the same number in the message, for studies and curves alike;
// - an unsorted d grid is sorted, repeated sizes are dropped (rmax per size follows its size),
//   fewer than 3 different sizes are refused; the stored params are the normalised grid.
import { describe, expect, it } from 'vitest';
import { dgridNote, normalizeDgrid, validateStudySpec } from '../../../src-shared/params/study-params';
import { MAX_D_EXACT, validateCurveParams } from '../../../src-shared/params/model-params';
import { cleanNumbers, numText } from '../../../src-shared/params/number-text';
import { ParamError } from '../../../src-shared/params/errors';
import { getKind } from '../../../src-shared/compute/registry';

const message = (f: () => unknown): string => {
  try {
    f();
  } catch (e) {
    return (e as Error).message;
  }
  return 'accepted';
};

describe('numbers in messages (issue 13)', () => {
  it('numText: 12 significant digits, shortest round trip', () => {
    expect(numText(0.19999999999999996)).toBe('0.2');
    expect(numText(2 * 0.1 + 2 * 0.2)).toBe('0.6');
    expect(numText(2 * 0.1 + 2 * 0.29999999)).toBe('0.79999998');
    expect(numText(0.999)).toBe('0.999');
    expect(numText(1e-7)).toBe('1e-7');
    expect(numText(123456789012)).toBe('123456789012');
    expect(numText(Infinity)).toBe('∞');
  });

  it('cleanNumbers rewrites long unquoted decimals only', () => {
    expect(cleanNumbers('must be < 0.19999999999999996, got 0.25')).toBe('must be < 0.2, got 0.25');
    expect(cleanNumbers('got "0.19999999999999996"')).toBe('got "0.19999999999999996"'); // the user's own text
    expect(cleanNumbers('seed 9007199254740991, 1e-300, 0.123456789012')).toBe('seed 9007199254740991, 1e-300, 0.123456789012'); // integers are exact
    expect(new ParamError('x', 'bound 1.0000000000000002').message).toBe('x: bound 1');
  });

  it('2α + 2β ≤ 1: the sum without noise, study and curve (negative control: the raw sum is noisy)', () => {
    expect(String(2 * 0.1 + 2 * 0.2)).toBe('0.6000000000000001');
    const s = message(() => validateStudySpec({ alpha: 0.1, beta: 0.2, dgrid: [50, 100, 200] }));
    expect(s).toBe('beta: need 2α + 2β > 1 (got 2·0.1 + 2·0.2 = 0.6)');
    const c = message(() => validateCurveParams({ alpha: 0.1, beta: 0.2, d: 50, v: 100 }));
    expect(c).toContain('(2·alpha + 2·beta = 0.6)');
    expect(s + c).not.toMatch(/\d{13,}/);
  });

  it('1e400 (Infinity after JSON.parse) gets "must be a finite number", naming the field', () => {
    const body = (t: string) => JSON.parse(t) as Record<string, unknown>;
    expect(message(() => validateStudySpec(body('{"alpha":1e400,"beta":0.2,"dgrid":[50,100,200]}')))).toMatch(/^alpha: must be a finite number/);
    expect(message(() => validateStudySpec(body('{"alpha":0.6,"beta":0.2,"dgrid":[50,1e400,200]}')))).toMatch(/^dgrid\.1: must be a finite number/);
    expect(message(() => validateCurveParams(body('{"alpha":0.6,"beta":1e400,"d":50,"v":100}')))).toMatch(/^beta: must be a finite number/);
  });
});

describe('the exact/SGD limit on d is one constant (issue 13)', () => {
  it('studies: d = MAX_D_EXACT accepted, one more refused with the same number; de goes further', () => {
    expect(MAX_D_EXACT).toBe(10_000);
    for (const method of ['exact', 'sgd'] as const) {
      expect(validateStudySpec({ alpha: 0.6, beta: 0.2, dgrid: [50, 100, MAX_D_EXACT], method, rmax: 100, runs: 1, draws: 1 }).dgrid).toEqual([50, 100, MAX_D_EXACT]);
      expect(message(() => validateStudySpec({ alpha: 0.6, beta: 0.2, dgrid: [50, 100, MAX_D_EXACT + 1], method, rmax: 100 }))).toMatch(new RegExp(`^dgrid: d ≤ ${MAX_D_EXACT} for method ${method}.*got d = ${MAX_D_EXACT + 1}`));
    }
    expect(validateStudySpec({ alpha: 0.6, beta: 0.2, dgrid: [50, 100, MAX_D_EXACT + 1], method: 'de' }).dgrid).toEqual([50, 100, MAX_D_EXACT + 1]);
  });

  it('curves: the same limit (accepted at v = 2d within the memory limit), refused one above', () => {
    expect(validateCurveParams({ alpha: 0.6, beta: 0.2, d: MAX_D_EXACT, v: 2 * MAX_D_EXACT, method: 'exact' }).d).toBe(MAX_D_EXACT);
    expect(message(() => validateCurveParams({ alpha: 0.6, beta: 0.2, d: MAX_D_EXACT + 1, v: MAX_D_EXACT + 2, method: 'sgd' }))).toMatch(new RegExp(`^d: must be ≤ ${MAX_D_EXACT} for method sgd`));
    expect(validateCurveParams({ alpha: 0.6, beta: 0.2, d: MAX_D_EXACT + 1, v: 2 * MAX_D_EXACT + 2, method: 'de' }).d).toBe(MAX_D_EXACT + 1);
  });
});

describe('an unsorted d grid (issue 13)', () => {
  it('is sorted and repeated sizes dropped, rmax per size following its size', () => {
    const s = validateStudySpec({ alpha: 0.6, beta: 0.2, dgrid: [200, 50, 100, 100], rmax: [2000, 500, 1000, 1000] });
    expect(s.dgrid).toEqual([50, 100, 200]);
    expect(s.rmaxgrid).toEqual([500, 1000, 2000]);
    expect(s.vgrid).toEqual([100, 200, 400]);
    // the same study as the sorted input (negative control: a different grid differs)
    const sorted = validateStudySpec({ alpha: 0.6, beta: 0.2, dgrid: [50, 100, 200] });
    expect(validateStudySpec({ alpha: 0.6, beta: 0.2, dgrid: [200, 100, 50, 50] }).rmaxgrid).toEqual(sorted.rmaxgrid);
    expect(validateStudySpec({ alpha: 0.6, beta: 0.2, dgrid: [50, 100, 400] }).rmaxgrid).not.toEqual(sorted.rmaxgrid);
  });

  it('refuses fewer than 3 different sizes and a size given twice with two rmax', () => {
    expect(message(() => validateStudySpec({ alpha: 0.6, beta: 0.2, dgrid: [100, 50, 100] }))).toBe('dgrid: need at least 3 different sizes, got 2 (50, 100)');
    expect(message(() => normalizeDgrid([50, 100, 100, 200], [1, 2, 3, 4]))).toBe('rmax: d = 100 is given twice with different rmax (2, 3)');
  });

  it('the stored params of a study are the normalised grid; the note says what changed', () => {
    const stored = getKind('study')!.validate({ alpha: 0.6, beta: 0.2, dgrid: [200, 50, 100, 100] }) as { dgrid: number[] };
    expect(stored.dgrid).toEqual([50, 100, 200]);
    expect(dgridNote([200, 50, 100, 100])).toBe('sorted, 1 repeated size dropped: the study uses d = 50, 100, 200');
    expect(dgridNote([50, 100, 100, 200])).toBe('1 repeated size dropped: the study uses d = 50, 100, 200');
    expect(dgridNote([50, 100, 200])).toBeNull();
  });
});
