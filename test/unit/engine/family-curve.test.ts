// Curves of the optimizer family through the curve task and the CLI: plain SGD unchanged, the family's
// SGD path (a "schedule" with p = 0) against today's closed form and deterministic equivalent, DANA on
// the DE measure against DANA on a large draw, the resolved hyperparameters recorded, bad input named.
import { describe, expect, it } from 'vitest';
import { runCurve } from '../../../src-shared/compute/curve-task';
import { portableBackend } from '../../../src-shared/linalg/portable';
import { silentContext } from '../../../src-shared/compute/task';
import { main } from '../../../src-main/cli/main';

const base = { alpha: 1.0, beta: 0.6, v: 160, d: 80, rmax: 100000, checkpoints: 30 };

function maxRel(a: number[], b: number[]): number {
  return Math.max(...a.map((x, k) => Math.abs(x / b[k]! - 1)));
}

describe('optimizer family through the curve task', () => {
  it('plain SGD: optimizer sgd given explicitly changes nothing (same runner, same numbers)', () => {
    const a = runCurve({ ...base, draws: 2 }, portableBackend, silentContext);
    const b = runCurve({ ...base, draws: 2, optimizer: 'sgd' }, portableBackend, silentContext);
    expect(b.risk).toEqual(a.risk);
    expect('optimizerResolved' in a.params).toBe(false);
  });

  for (const method of ['exact', 'de'] as const) {
    it(`${method}: the family path with a constant schedule (p = 0) reproduces today's SGD curve`, () => {
      const a = runCurve({ ...base, method }, portableBackend, silentContext);
      const b = runCurve({ ...base, method, gammaPower: 0 }, portableBackend, silentContext);
      expect(b.params.gamma).toBe(a.params.gamma);
      expect(maxRel(b.risk, a.risk)).toBeLessThan(1e-4); // the block integrator (dt = 0.02) vs the closed form
      expect(b.riskInfinity! / a.riskInfinity! - 1).toBeLessThan(1e-9);
      // negative control: 1 % larger γ is visible
      const c = runCurve({ ...base, method, gamma: a.params.gamma * 1.01, gammaPower: 0 }, portableBackend, silentContext);
      expect(maxRel(c.risk, a.risk)).toBeGreaterThan(1e-3);
    });
  }

  it('dana-decaying: resolved hyperparameters are recorded, DE close to the mean over draws', () => {
    const p = { ...base, optimizer: 'dana-decaying' as const };
    const ex = runCurve({ ...p, draws: 4 }, portableBackend, silentContext);
    const de = runCurve({ ...p, method: 'de' }, portableBackend, silentContext);
    const o = (ex.params as unknown as { optimizerResolved: { g3: { p: number }; delta: { t0: number }; preset: { kappa: number } } }).optimizerResolved;
    expect(o.g3.p).toBeCloseTo(-1 / (2 * base.alpha), 14);
    expect(o.delta.t0).toBeCloseTo(4 + (base.alpha + base.beta) / base.alpha, 14);
    expect(o.preset.kappa).toBeCloseTo(-0.5, 14);
    // the deterministic equivalent tracks the draws as closely as it does for SGD (finite-d fluctuations
    // at d = 80 are ~15 % for SGD itself) and agrees on the plateau
    const sgdEx = runCurve({ ...base, draws: 4 }, portableBackend, silentContext);
    const sgdDe = runCurve({ ...base, method: 'de' }, portableBackend, silentContext);
    expect(maxRel(de.risk, ex.risk)).toBeLessThan(2 * maxRel(sgdDe.risk, sgdEx.risk));
    expect(Math.abs(de.risk.at(-1)! / ex.risk.at(-1)! - 1)).toBeLessThan(0.05);
  });

  it('momentum: γ = F·γ_max(μ) recorded, the curve decays', () => {
    const m = runCurve({ ...base, optimizer: 'momentum', momentum: 0.5, gammaFraction: 0.4 }, portableBackend, silentContext);
    expect(m.params.gammaFraction).toBeCloseTo(0.4, 12);
    expect(m.risk[m.risk.length - 1]! / m.risk[0]!).toBeLessThan(0.01);
  });

  it('bad optimizer input is a ParamError naming the key before work', () => {
    expect(() => runCurve({ ...base, optimizer: 'dana', g2: 0.1 }, portableBackend, silentContext)).toThrow(/^g3: /);
    expect(() => runCurve({ ...base, optimizer: 'dana-decaying', gamma: 0.1 }, portableBackend, silentContext)).toThrow(/^gamma: /);
    expect(() => runCurve({ ...base, momentum: 0.5 }, portableBackend, silentContext)).toThrow(/^momentum: /);
    expect(() => runCurve({ ...base, optimizer: 'momentum', momentum: 1 }, portableBackend, silentContext)).toThrow(/^momentum: /);
    expect(() => runCurve({ ...base, optimizer: 'dana-decaying', g3: 50 }, portableBackend, silentContext)).toThrow(/^g3: .*unstable/);
    expect(() => runCurve({ ...base, optimizer: 'momentum', gamma: 10 }, portableBackend, silentContext)).toThrow(/^gamma: /);
  });
});

describe('plrf curve optimizer flags', () => {
  async function cli(args: string[]): Promise<{ code: number; out: string; err: string }> {
    let out = '', err = '';
    const code = await main(args, { stdout: (s: string) => (out += s), stderr: (s: string) => (err += s), tty: false } as never);
    return { code, out, err };
  }
  it('--gamma C,P,T0 and --g3 c,p parse into the schedule keys; bad values exit 2 naming the flag', async () => {
    const a = await cli(['curve', '--alpha', '1', '--beta', '0.6', '--v', '60', '--d', '30', '--rmax', '1000', '--checkpoints', '5', '--gamma', '0.2,-0.5,10', '--json']);
    expect(a.code).toBe(0);
    const j = JSON.parse(a.out) as { params: Record<string, unknown> };
    expect([j.params.gamma, j.params.gammaPower, j.params.gammaT0]).toEqual([0.2, -0.5, 10]);
    const b = await cli(['curve', '--alpha', '1', '--beta', '0.6', '--v', '60', '--d', '30', '--rmax', '1000', '--checkpoints', '5', '--optimizer', 'dana', '--g2', '0.1', '--g3', '0.02,-0.5', '--delta', '1,-1,6', '--json']);
    expect(b.code).toBe(0);
    expect((JSON.parse(b.out) as { params: { g3: unknown } }).params.g3).toEqual({ c: 0.02, p: -0.5, t0: 1, floor: 0 });
    const c = await cli(['curve', '--alpha', '1', '--beta', '0.6', '--v', '60', '--d', '30', '--g3', '1,2,0']);
    expect(c.code).toBe(2);
    expect(c.err).toMatch(/--g3/);
  });
});
