// Validation messages in the CLI's words (issue 13). For every field of every kind's schema (curve,
// volterra, study, spectrum), the flag the CLI names for it is a real option of the command that
// takes it (read from that command's --help); zod's phrases become plain rules; camelCase keys in
// the text become flag words. End to end: bad inputs through `plrf curve|study|spectrum|run` name the
// flag as typed and carry no zod phrasing (negative control: the raw messages did). Also `runs
// compare` lists the parameters as run, defaults and resolved values included.
import { describe, expect, it } from 'vitest';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { main } from '../../../src-main/cli/main';
import { flagOf, inCliWords, rewordMessage } from '../../../src-main/cli/cli-words';
import { compareParamRows, resolvedParams } from '../../../src-main/cli/commands/runs';
import { ParamError } from '../../../src-shared/params/errors';
import { curveParamsSchema, volterraParamsSchema } from '../../../src-shared/params/model-params';
import { studySpecSchema } from '../../../src-shared/params/study-params';
import { spectrumParamsSchema } from '../../../src-shared/compute/registry';

async function cli(argv: string[]): Promise<{ code: number; out: string; err: string }> {
  let out = '';
  let err = '';
  const code = await main(argv, { stdout: (s) => (out += s), stderr: (s) => (err += s), tty: false });
  return { code, out, err };
}

async function flagsOf(argv: string[]): Promise<string[]> {
  const { out } = await cli([...argv, '--help']);
  return [...out.matchAll(/^ {2}--([a-z0-9-]+)/gm)].map((m) => m[1]!);
}

const ZOD = /Too (small|big)|Invalid input|expected (number|int|array|string)|Invalid option|received/;

describe('validator messages in the CLI’s words', () => {
  it('every schema field names a real flag of the command that takes it', async () => {
    const cases: [string[], string[]][] = [
      [['curve'], Object.keys(curveParamsSchema.shape)],
      [['curve'], Object.keys(volterraParamsSchema.shape)],
      [['study'], Object.keys(studySpecSchema.shape)],
      [['spectrum'], Object.keys(spectrumParamsSchema.shape)],
      [['run', 'curve'], Object.keys(curveParamsSchema.shape)],
      [['run', 'study'], Object.keys(studySpecSchema.shape)],
      [['run', 'spectrum'], Object.keys(spectrumParamsSchema.shape)],
    ];
    for (const [cmd, fields] of cases) {
      const flags = await flagsOf(cmd);
      expect(flags.length, cmd.join(' ')).toBeGreaterThan(5);
      for (const f of fields) {
        const named = flagOf(f, flags);
        expect(named, `${cmd.join(' ')}: ${f}`).toMatch(/^--/);
        expect(flags, `${cmd.join(' ')}: ${f} → ${named}`).toContain(named.slice(2).split(' ')[0]);
      }
      // list elements and nested keys
      if (fields.includes('dgrid')) expect(flagOf('dgrid.2', flags)).toBe('--dgrid (value 3)');
      if (fields.includes('vary')) expect(flagOf('vary.gammaFraction', flags)).toBe('--vary gamma-fraction');
    }
  });

  it('zod phrases become rules; camelCase keys become flag words', () => {
    const flags = ['v-ratio', 'gamma-fraction', 'dgrid', 'method'];
    expect(rewordMessage('Too small: expected number to be >1', flags)).toBe('must be > 1');
    expect(rewordMessage('Too big: expected number to be <=100000', flags)).toBe('must be ≤ 100000');
    expect(rewordMessage('Too small: expected array to have >=3 items', flags)).toBe('give at least 3 values');
    expect(rewordMessage('Invalid input: expected int, received number', flags)).toBe('must be an integer');
    expect(rewordMessage('Invalid input: expected number, received string', flags)).toBe('must be a number (got text)');
    expect(rewordMessage('Invalid option: expected one of "exact"|"sgd"|"de"', flags)).toBe('must be one of exact, sgd, de');
    expect(rewordMessage('vRatio=1: must exceed gammaFraction', flags)).toBe('v-ratio=1: must exceed gamma-fraction');
    // a key the command has no flag for stays
    expect(rewordMessage('perDecade too small', flags)).toBe('perDecade too small');
    expect(inCliWords(new ParamError('vary.vRatio', 'vRatio=1: Too small: expected number to be >1'), ['vary', 'v-ratio']).message).toBe('--vary v-ratio: v-ratio=1: must be > 1');
  });

  it('end to end: bad inputs name the flag as typed, in plain words', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'plrf-words-'));
    try {
      const db = join(dir, 'r.db');
      const bad: [string[], RegExp][] = [
        [['study', '--alpha', '0.5', '--beta', '0.7', '--dgrid', '50,100,200', '--v-ratio', '0.5'], /invalid --v-ratio: must be > 1/],
        [['study', '--alpha', '0.5', '--beta', '0.7', '--dgrid', '50,100,200', '--vary', 'vRatio=1,2'], /invalid --vary v-ratio: v-ratio=1: must be > 1/],
        [['study', '--alpha', '0.5', '--beta', '0.7', '--dgrid', '50,100,200', '--method', 'foo'], /invalid --method: must be one of exact, sgd, de/],
        [['study', '--alpha', '0.5', '--beta', '0.7', '--dgrid', '50,100,200', '--isoflop-points', '4'], /invalid --isoflop-points: must be 3 or 5/],
        [['curve', '--alpha', '0.5', '--beta', '0.7', '--d', '100', '--v', '200', '--gamma-fraction', '2'], /invalid --gamma-fraction: must be/],
        [['curve', '--alpha', '0.5', '--beta', '0.7', '--d', '100', '--v', '50'], /invalid --d: /],
        [['spectrum', '--alpha', '0.5', '--beta', '0.7', '--d', '100', '--v', '200', '--bins', '0'], /invalid --bins: /],
        [['run', 'study', '--alpha', '0.5', '--beta', '0.7', '--dgrid', '50,100', '--db', db, '--create'], /invalid --dgrid: give at least 3 values/],
      ];
      for (const [argv, re] of bad) {
        const r = await cli(argv);
        expect(r.code, argv.join(' ')).toBe(2);
        expect(r.err, argv.join(' ')).toMatch(re);
        expect(r.err, argv.join(' ')).not.toMatch(ZOD);
        expect(r.err).not.toMatch(/\b(vRatio|gammaFraction|rmaxFactor|dgrid\.\d)\b/);
      }
      // negative control: the raw schema message had zod's phrasing and the key
      expect(new ParamError('vRatio', 'Too small: expected number to be >1').message).toMatch(ZOD);
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  }, 60_000);

  it('runs compare: the parameters as run (defaults and resolved values), in flag words', () => {
    const runs = [
      { kind: 'sgd', params: { alpha: 0.5, beta: 0.7, d: 100, v: 200, gammaFraction: 0.5, checkpoints: 100 } },
      { kind: 'sgd', params: { alpha: 0.5, beta: 0.7, d: 100, v: 300, gammaFraction: 0.3, checkpoints: 100 } },
    ];
    const resolved = [
      resolvedParams({ params: { ...runs[0]!.params, gamma: 0.143, gammaMax: 0.286, tauValue: 0, variants: [{ x: 1 }] } }),
      resolvedParams({ params: { ...runs[1]!.params, gamma: 0.0817, gammaMax: 0.272, tauValue: 0 } }),
    ];
    expect(resolved[0]).not.toHaveProperty('variants');
    const rows = compareParamRows(runs, resolved);
    const byName = new Map(rows.map((r) => [r.name, r]));
    expect(byName.get('gamma (resolved)')).toMatchObject({ values: [0.143, 0.0817], differs: true, resolvedOnly: true });
    expect(byName.get('gamma-fraction')).toMatchObject({ values: [0.5, 0.3], differs: true, resolvedOnly: false });
    expect(byName.get('checkpoints')).toMatchObject({ values: [100, 100], differs: false });
    expect(byName.get('tau-value (resolved)')).toMatchObject({ differs: false });
  });
});
