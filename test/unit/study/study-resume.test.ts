// Issue 12, interrupted studies: every finished unit is saved as it finishes (partial key
// "unit/tau=…/d=…/draw=…"), and a run given those parts (after a JSON round trip, as stored)
// computes only the missing units and reproduces the uninterrupted result exactly. Negative
// control: a tampered stored unit changes the result (the resumed units are really used).
import { describe, expect, it } from 'vitest';
import { runStudy, unitFromPart, unitKey } from '../../../src-shared/compute/study-task';
import { CancelledError, type TaskContext } from '../../../src-shared/compute/task';
import { portableBackend } from '../../../src-shared/linalg/portable';
import { computeUnit } from '../../../src-shared/study/units';

const spec = { alpha: 0.6, beta: 0.2, dgrid: [20, 40, 80, 160], tau: [0, 1], draws: 2, bootstrap: 50, checkpoints: 60 };

function ctxWith(parts: Map<string, unknown>, stopAfter = Infinity): TaskContext & { units: number } {
  const c = {
    units: 0,
    progress: () => {},
    cancelled: () => c.units >= stopAfter,
    partial: (key: string, value: unknown) => {
      if (key.startsWith('unit/')) c.units++;
      parts.set(key, JSON.parse(JSON.stringify(value)));
    },
  };
  return c;
}

describe('study resume from finished units', () => {
  it('an interrupted study keeps every finished unit; the re-run computes only the rest and matches exactly', async () => {
    let computed = 0;
    const compute: typeof computeUnit = (s, u, b) => {
      computed++;
      return computeUnit(s, u, b);
    };
    const full = await runStudy(spec, portableBackend, ctxWith(new Map()), { compute });
    const total = computed;
    expect(total).toBe(2 * 4 * 2);

    // interrupted after 7 units (57 % of a (τ, d) pair would have kept nothing before)
    const parts = new Map<string, unknown>();
    computed = 0;
    await expect(runStudy(spec, portableBackend, ctxWith(parts, 7), { compute })).rejects.toBeInstanceOf(CancelledError);
    const unitParts = [...parts.keys()].filter((k) => k.startsWith('unit/'));
    const n = unitParts.length; // cancellation is polled between jobs (both τ of a draw share one)
    expect(n).toBeGreaterThanOrEqual(7);
    expect(n).toBeLessThan(total);
    expect(unitParts.every((k) => /^unit\/tau=[\d.]+\/d=\d+\/draw=\d+$/.test(k))).toBe(true);

    const resume = unitParts.map((k) => unitFromPart(parts.get(k))!);
    computed = 0;
    const again = await runStudy(spec, portableBackend, ctxWith(new Map()), { compute, resume });
    expect(computed).toBe(total - n);
    expect(again.fits.map((f) => [f.eta, f.xi])).toEqual(full.fits.map((f) => [f.eta, f.xi]));
    expect(again.delta_eta).toEqual(full.delta_eta);
    for (let i = 0; i < full.curves.length; i++) expect(again.curves[i]!.risk).toEqual(full.curves[i]!.risk);

    // negative control: a tampered stored unit is used (and changes the result)
    const bad = resume.map((u, i) => (i === 0 ? { ...u, risk: u.risk.map((x) => x * 1.5) } : u));
    const tampered = await runStudy(spec, portableBackend, ctxWith(new Map()), { compute, resume: bad });
    const c = tampered.curves.find((x) => x.tau === bad[0]!.tau && x.d === bad[0]!.d)!;
    const f = full.curves.find((x) => x.tau === bad[0]!.tau && x.d === bad[0]!.d)!;
    expect(c.risk).not.toEqual(f.risk);
  });

  it('parts that do not belong to this study are ignored', async () => {
    const junk = [unitFromPart({ tau: 0, d: 999, draw: 0, seed: 0, gamma: 1, gammaMax: 2, sigma2: 0, r: [0], risk: [1] })!, unitFromPart({ nonsense: true })];
    expect(junk[1]).toBeNull();
    let computed = 0;
    const compute: typeof computeUnit = (s, u, b) => (computed++, computeUnit(s, u, b));
    await runStudy({ ...spec, dgrid: [20, 40, 80], draws: 1, tau: [0] }, portableBackend, ctxWith(new Map()), { compute, resume: [junk[0]!] });
    expect(computed).toBe(3);
    expect(unitKey(1, 40, 2)).toBe('unit/tau=1/d=40/draw=2');
  });
});
