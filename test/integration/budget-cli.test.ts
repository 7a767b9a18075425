// Issue 12: the CLI commands that compute inline (spectrum, study) refuse over the memory budget
// before any work, naming the parameter. Its own file: test files that import the fake kinds
// (fixtures/fake-kinds.ts) replace the real spectrum/study kinds in their process.
import { describe, expect, it } from 'vitest';
import { main } from '../../src-main/cli/main';

describe('inline CLI commands refuse before any work', () => {
  it('spectrum --method empirical with v = 1e6, d = 1000 and study over the budget name the parameter', async () => {
    let err = '';
    const io = { stdout: () => {}, stderr: (s: string) => (err += s), tty: false };
    const env = process.env.PLRF_MEMORY_BUDGET;
    process.env.PLRF_MEMORY_BUDGET = '1G';
    try {
      expect(await main(['spectrum', '--method', 'empirical', '--alpha', '0.6', '--beta', '0.2', '--v', '1000000', '--d', '1000'], io)).toBe(2);
      expect(err).toMatch(/invalid --v: too large/);
      err = '';
      expect(await main(['spectrum', '--method', 'empirical', '--alpha', '0.6', '--beta', '0.2', '--v', '1000000000', '--d', '20000'], io)).toBe(2);
      expect(err).toMatch(/invalid --v: too large/);
      err = '';
      expect(await main(['study', '--alpha', '0.6', '--beta', '0.2', '--dgrid', '1000,5000,9000'], io)).toBe(2);
      expect(err).toMatch(/invalid --dgrid: too large/);
    } finally {
      if (env === undefined) delete process.env.PLRF_MEMORY_BUDGET;
      else process.env.PLRF_MEMORY_BUDGET = env;
    }
  });
});

describe('empirical spectrum: a machine-independent ceiling at every entrance', () => {
  it('v·d > 2.5e8 is refused by the kind itself (API, worker, CLI), naming v; below it passes', async () => {
    const { getKind } = await import('../../src-shared/compute/registry');
    const { isParamError } = await import('../../src-shared/params/errors');
    const param = (params: Record<string, unknown>) => {
      try {
        getKind('spectrum').validate(params);
        return null;
      } catch (e) {
        return isParamError(e) ? e.param : String(e);
      }
    };
    expect(param({ method: 'empirical', alpha: 0.6, beta: 0.2, v: 1_000_000, d: 1000 })).toBe('v');
    expect(param({ method: 'empirical', alpha: 0.6, beta: 0.2, v: 1_000_000_000, d: 20_000 })).toBe('v');
    expect(param({ method: 'empirical', alpha: 0.6, beta: 0.2, v: 200_000, d: 1000 })).toBeNull();
    expect(param({ method: 'de', alpha: 0.6, beta: 0.2, v: 1_000_000, d: 1000 })).toBeNull();
  });
});
