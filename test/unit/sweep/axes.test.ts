// Sweep axes (src-shared/sweep/axes.ts) and the job-array script (sbatch.ts): parsing, the
// row-major expansion against an independent nested-loop enumeration, validation errors that
// name the axis before anything is created, and the size guard.
import { describe, expect, it } from 'vitest';
import { canonicalJson, cellCount, cellCoords, checkCellCount, CONFIRM_CELLS, expandSweep, fieldTypesOf, parseAxes, parseAxis, rangeValues } from '../../../src-shared/sweep/axes';
import { checkSlurmOptions, chunkCells, sbatchScript, shellQuote } from '../../../src-shared/sweep/sbatch';
import { getKind } from '../../../src-shared/compute/registry';
import { isParamError } from '../../../src-shared/params/errors';

const curve = getKind('sgd');
const study = getKind('study');
const cf = fieldTypesOf(curve.schema!);
const sf = fieldTypesOf(study.schema!);

function paramErr(f: () => unknown): { param: string; message: string } {
  try {
    f();
  } catch (e) {
    if (isParamError(e)) return { param: e.param, message: e.message };
    throw e;
  }
  throw new Error('expected a ParamError');
}

describe('axes', () => {
  it('parses ranges inclusively without floating-point drift', () => {
    const a = parseAxis('alpha=0.3:1.5:0.1', cf);
    expect(a.name).toBe('alpha');
    expect(a.values).toHaveLength(13);
    // independent: the decimal strings one would type
    expect(a.values.map(String)).toEqual(['0.3', '0.4', '0.5', '0.6', '0.7', '0.8', '0.9', '1', '1.1', '1.2', '1.3', '1.4', '1.5']);
    expect(rangeValues('x', 0, 1, 0.25)).toEqual([0, 0.25, 0.5, 0.75, 1]);
    expect(rangeValues('x', 2, 2, 1)).toEqual([2]);
  });

  it('parses lists, kebab-case names, enums and booleans by the field type', () => {
    expect(parseAxis('tau=0,1', cf)).toEqual({ name: 'tau', values: [0, 1] });
    expect(parseAxis('gamma-fraction=0.2,0.4', cf)).toEqual({ name: 'gammaFraction', values: [0.2, 0.4] });
    expect(parseAxis('method=exact,de', cf)).toEqual({ name: 'method', values: ['exact', 'de'] });
    expect(parseAxis('naive=true,false', cf)).toEqual({ name: 'naive', values: [true, false] });
  });

  it('rejects unknown axes, empty ranges, bad values and repeats, naming the axis', () => {
    expect(paramErr(() => parseAxis('foo=1,2', cf))).toMatchObject({ param: 'axis foo', message: expect.stringMatching(/unknown parameter \(allowed: .*alpha/) });
    expect(paramErr(() => parseAxis('alpha=1.5:0.3:0.1', cf)).message).toMatch(/empty range/);
    expect(paramErr(() => parseAxis('alpha=0.3:1.5:0', cf)).message).toMatch(/STEP must be > 0/);
    expect(paramErr(() => parseAxis('alpha=0.3:1.5', cf)).message).toMatch(/START:STOP:STEP/);
    expect(paramErr(() => parseAxis('alpha=0.3,,0.5', cf)).message).toMatch(/empty value/);
    expect(paramErr(() => parseAxis('alpha=abc', cf)).message).toMatch(/expected a number/);
    expect(paramErr(() => parseAxis('alpha=', cf)).message).toMatch(/no values/);
    expect(paramErr(() => parseAxis('alpha=1,1', cf)).message).toMatch(/repeated/);
    expect(paramErr(() => parseAxes(['alpha=1', 'alpha=2'], cf)).message).toMatch(/given twice/);
    expect(paramErr(() => parseAxes([], cf)).param).toBe('axis');
    // d is a curve parameter but not a study one (studies have dgrid)
    expect(paramErr(() => parseAxis('d=100,200', sf)).param).toBe('axis d');
  });

  it('expands row-major (first axis slowest) exactly like nested loops', () => {
    const axes = parseAxes(['alpha=0.6,0.8,1', 'beta=0.3,0.5', 'tau=0,1'], cf);
    expect(cellCount(axes)).toBe(12);
    const expected: Record<string, unknown>[] = [];
    for (const alpha of [0.6, 0.8, 1]) for (const beta of [0.3, 0.5]) for (const tau of [0, 1]) expected.push({ alpha, beta, tau });
    expect(Array.from({ length: 12 }, (_, k) => cellCoords(axes, k))).toEqual(expected);
    const cells = expandSweep({ v: 40, d: 20, alpha: 9, beta: 9 }, axes, { validate: (p) => curve.validate(p), fields: cf });
    expect(cells.map((c) => c.idx)).toEqual([...Array(12).keys()]);
    // the axis overrides the base; the kind's defaults are applied
    expect(cells[7]!.params).toMatchObject({ alpha: 0.8, beta: 0.5, tau: 1, v: 40, d: 20, method: 'exact', seed: 0 });
  });

  it('turns a scalar value of a list field into a one-element list (study tau)', () => {
    const axes = parseAxes(['tau=0,1'], sf);
    const cells = expandSweep({ alpha: 0.6, beta: 0.2, dgrid: [50, 100, 200] }, axes, { validate: (p) => study.validate(p), fields: sf });
    expect(cells.map((c) => c.params.tau)).toEqual([[0], [1]]);
  });

  it('validates every cell with the kind schema before anything is created, naming axis, value and cell', () => {
    const axes = parseAxes(['alpha=0.5,1', 'beta=-0.6,0.5'], cf);
    const e = paramErr(() => expandSweep({ v: 40, d: 20 }, axes, { validate: (p) => curve.validate(p), fields: cf }));
    // 2α + 2β > 1 fails first at alpha=0.5, beta=-0.6 (cell 0)
    expect(e.param).toBe('axis beta');
    expect(e.message).toMatch(/cell 0 \(alpha=0\.5, beta=-0\.6\)/);
    // a base parameter (not an axis) keeps its own name
    const e2 = paramErr(() => expandSweep({ v: 10, d: 20 }, parseAxes(['alpha=1'], cf), { validate: (p) => curve.validate(p), fields: cf }));
    expect(e2.param).not.toMatch(/^axis/);
  });

  it('refuses more than CONFIRM_CELLS cells without confirmation (10^6 cells) and any sweep above the hard limit', () => {
    const big = parseAxes(['d=1:1000:1', 'seed=0:999:1'], cf);
    expect(cellCount(big)).toBe(1e6);
    expect(paramErr(() => checkCellCount(big, false))).toMatchObject({ param: 'yes', message: expect.stringMatching(/1000000 cells .*--yes/) });
    expect(checkCellCount(big, true)).toBe(1e6);
    expect(() => checkCellCount(parseAxes(['d=1:1001:1', 'seed=0:999:1'], cf), true)).toThrow(/limit/);
    expect(checkCellCount(parseAxes(['d=1:100:1', 'seed=0:99:1'], cf), false)).toBe(CONFIRM_CELLS);
  });

  it('canonical JSON ignores key order at every level', () => {
    expect(canonicalJson({ b: 1, a: { y: [1, { d: 2, c: 3 }], x: 0 } })).toBe(canonicalJson({ a: { x: 0, y: [1, { c: 3, d: 2 }] }, b: 1 }));
    expect(canonicalJson({ a: [1, 2] })).not.toBe(canonicalJson({ a: [2, 1] }));
  });
});

describe('sbatch script', () => {
  it('chunks cells so an array never exceeds 1000 tasks', () => {
    const cells = [...Array(100_000).keys()];
    const t = chunkCells(cells);
    expect(t).toHaveLength(1000);
    expect(t.flat()).toEqual(cells);
    expect(chunkCells([3, 5, 9], 2)).toEqual([[3, 5], [9]]);
  });

  it('writes one job array with the throttle, the options and the plrf task command', () => {
    const s = sbatchScript({
      sweepId: 7,
      submission: 2,
      tasks: 6,
      cells: 6,
      manifest: "/shared/it's/submit-2.json",
      logDir: '/shared/logs',
      plrf: ['/usr/bin/node', '/opt/plrf/plrf.mjs'],
      options: { partition: 'debug', time: '30:00', mem: '4G', cpus: 2, maxParallel: 3 },
    });
    expect(s.startsWith('#!/bin/bash\n')).toBe(true);
    for (const line of ['#SBATCH --array=0-5%3', '#SBATCH --partition=debug', '#SBATCH --time=30:00', '#SBATCH --mem=4G', '#SBATCH --cpus-per-task=2', '#SBATCH --output=/shared/logs/%A_%a.out'])
      expect(s).toContain(line);
    expect(s).toContain(`exec '/usr/bin/node' '/opt/plrf/plrf.mjs' sweep task ${shellQuote("/shared/it's/submit-2.json")} "$SLURM_ARRAY_TASK_ID"`);
    expect(shellQuote("it's")).toBe(`'it'\\''s'`);
  });

  it('checks the options before anything is written', () => {
    expect(() => checkSlurmOptions({ time: '1 hour' })).toThrow(/--time/);
    expect(() => checkSlurmOptions({ mem: '4 GB' })).toThrow(/--mem/);
    expect(() => checkSlurmOptions({ partition: 'a b' })).toThrow(/--partition/);
    expect(() => checkSlurmOptions({ maxParallel: 0 })).toThrow(/--max-parallel/);
    expect(() => checkSlurmOptions({ extra: ['--account=x; rm -rf /'] })).toThrow(/--sbatch/);
    expect(() => checkSlurmOptions({ time: '1-12:00:00', mem: '500M', partition: 'gpu_v100', cpus: 4, extra: ['--account=abc'] })).not.toThrow();
  });
});
