// `plrf theory` and `plrf spectrum` through the CLI dispatcher (DESIGN.md §6 JSON shapes, exit 2
// with one line naming the parameter on invalid input).
import { describe, expect, it } from 'vitest';
import { main } from '../../../src-main/cli/main';

async function cli(argv: string[]): Promise<{ code: number; out: string; err: string }> {
  let out = '',
    err = '';
  const code = await main(argv, { stdout: (s) => void (out += s), stderr: (s) => void (err += s), tty: false });
  return { code, out, err };
}

describe('plrf theory / spectrum', () => {
  it('theory --json gives phase, boundary, eta, xi', async () => {
    const r = await cli(['theory', '--alpha', '0.6', '--beta', '0.2', '--json']);
    expect(r.code).toBe(0);
    const j = JSON.parse(r.out);
    expect(j.phase).toBe('Ia');
    expect(j.boundary).toEqual([]);
    expect(j.eta).toBeCloseTo(3 / 11, 12);
    expect(j.xi).toBeCloseTo(5 / 11, 12);
    const b = JSON.parse((await cli(['theory', '--alpha', '0.5', '--beta', '0.7', '--json'])).out);
    expect(b.boundary).toEqual(['III', 'IVa']);
  });
  it('invalid input exits 2 with one line naming the parameter', async () => {
    for (const [argv, param] of [
      [['theory', '--alpha', '0.1', '--beta', '0.2'], 'beta'],
      [['theory', '--beta', '0.2'], 'alpha'],
      [['spectrum', '--method', 'de', '--alpha', '0.5', '--beta', '0.7', '--v', '100', '--d', '200'], 'v'],
      [['spectrum', '--method', 'nope', '--alpha', '0.5', '--beta', '0.7', '--v', '400', '--d', '200'], 'method'],
    ] as const) {
      const r = await cli([...argv]);
      expect(r.code).toBe(2);
      expect(r.err.trim().split('\n')).toHaveLength(1);
      expect(r.err).toContain(`invalid --${param}`);
    }
  });
  it('spectrum --method de --json has lambda, density, F0, outlier', async () => {
    const r = await cli(['spectrum', '--method', 'de', '--alpha', '0.5', '--beta', '0.7', '--v', '400', '--d', '200', '--tau', '1', '--json']);
    expect(r.code).toBe(0);
    const j = JSON.parse(r.out);
    expect(j.lambda.length).toBe(j.density.length);
    expect(j.F0).toBeGreaterThan(0);
    expect(j.outlier.lambda).toBeGreaterThan(1);
    expect(j.outlier.weight).toBeGreaterThan(0.5);
    // normalised density: ∫ density dλ = 1
    let m = 0;
    for (let i = 1; i < j.lambda.length; i++) m += 0.5 * (j.lambda[i] - j.lambda[i - 1]) * (j.density[i] + j.density[i - 1]);
    expect(Math.abs(m - 1)).toBeLessThan(0.01);
  });
});
