// `plrf run`, `plrf runs …` through the CLI dispatcher (in-process, real services, real worker
// processes and a real database file): exit codes (0 / 1 / 2 with one line naming the flag),
// the id on stdout, JSON documents with --json, export/import files round-tripping.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { main } from '../../src-main/cli/main';

let dir: string;
let db: string;
beforeAll(() => {
  dir = mkdtempSync(join(tmpdir(), 'plrf-cli-'));
  db = join(dir, 'runs.db');
});
afterAll(() => rmSync(dir, { recursive: true, force: true }));

async function plrf(...argv: string[]): Promise<{ code: number; out: string; err: string }> {
  let out = '';
  let err = '';
  const code = await main(argv, { stdout: (s) => (out += s), stderr: (s) => (err += s), tty: false });
  return { code, out, err };
}

describe('plrf run / runs', () => {
  it('runs a curve as a stored job, prints its id, and lists/shows/exports it', async () => {
    const r = await plrf('run', 'curve', '--method', 'de', '--alpha', '1', '--beta', '0.8', '--v', '400', '--d', '200', '--rmax', '10000', '--checkpoints', '40', '--label', 'cli test', '--tags', 'a,b', '--db', db, '--create');
    expect(r.err).toMatch(/run \d+: done/);
    expect(r.code).toBe(0);
    expect(r.out).toMatch(/^\d+\n$/);
    const id = Number(r.out);
    const list = await plrf('runs', 'list', '--json', '--db', db);
    expect(list.code).toBe(0);
    const page = JSON.parse(list.out);
    expect(page.items[0]).toMatchObject({ id, kind: 'volterra', status: 'done', label: 'cli test', tags: ['a', 'b'] });
    const show = JSON.parse((await plrf('runs', 'show', String(id), '--json', '--db', db)).out);
    expect(show.result.curves[0].columns.r.length).toBe(show.result.curves[0].columns.risk.length);
    expect(show.params).toMatchObject({ method: 'de', alpha: 1, d: 200 });
    const csv = await plrf('runs', 'export', String(id), '--format', 'csv', '--db', db);
    expect(csv.out.split('\n')[0]).toBe('curve,d,tau,seed,r,C,risk');
    const file = join(dir, 'run.json');
    expect((await plrf('runs', 'export', String(id), '--format', 'json', '--out', file, '--db', db)).code).toBe(0);
    const imp = await plrf('runs', 'import', file, '--db', db);
    expect(imp.code).toBe(0);
    const id2 = Number(imp.out);
    const a = JSON.parse((await plrf('runs', 'show', String(id), '--json', '--db', db)).out);
    const b = JSON.parse((await plrf('runs', 'show', String(id2), '--json', '--db', db)).out);
    expect(b.params).toEqual(a.params);
    expect(b.result.curves).toEqual(a.result.curves);
    const cmp = JSON.parse((await plrf('runs', 'compare', String(id), String(id2), '--json', '--db', db)).out);
    expect(cmp.params.every((p: { differs: boolean }) => !p.differs)).toBe(true);
    expect((await plrf('runs', 'delete', String(id2), '--db', db)).code).toBe(0);
    expect(JSON.parse((await plrf('runs', 'list', '--json', '--db', db)).out).total).toBe(1);
    expect((await plrf('runs', 'restore', String(id2), '--db', db)).code).toBe(0);
    expect(JSON.parse((await plrf('runs', 'list', '--json', '--filter', 'cli', '--db', db)).out).total).toBe(2);
  });

  it('invalid input: exit 2 with one line naming the flag; nothing stored', async () => {
    const before = JSON.parse((await plrf('runs', 'list', '--json', '--db', db)).out).total;
    const cases: [string[], RegExp][] = [
      [['run', 'curve', '--alpha', '-1', '--beta', '0.8', '--v', '20', '--d', '10'], /^plrf run: invalid --alpha: /],
      [['run', 'curve', '--alpha', '1', '--beta', '0.8', '--v', '20', '--d', '30'], /^plrf run: invalid --(d|v): /],
      [['run', 'curve', '--alpha', '1', '--beta', '0.8', '--v', '20', '--d', '10', '--gamma-fraction', '2'], /^plrf run: invalid --gamma-fraction: /],
      [['run', 'study', '--alpha', '0.5', '--beta', '0.7', '--dgrid', '10,20'], /^plrf run: invalid --dgrid: /],
      [['run', 'spectrum', '--alpha', '0.5', '--beta', '0.7', '--v', '20', '--d', '10', '--method', 'magic'], /^plrf run: invalid --method: /],
      [['run', 'bogus'], /^plrf run: invalid kind: /],
      [['runs', 'show', 'x1'], /^plrf runs: invalid ID: /],
      [['runs', 'show', '999'], /^plrf runs: invalid id: run 999 does not exist/],
      [['runs', 'export', '1', '--format', 'xml'], /^plrf runs: invalid --format: /],
      [['runs', 'list', '--sort', 'params'], /^plrf runs: invalid --sort: /],
      [['runs', 'frobnicate'], /^plrf runs: invalid subcommand: /],
    ];
    for (const [argv, re] of cases) {
      const r = await plrf(...argv, '--db', db);
      expect(r.code, argv.join(' ')).toBe(2);
      expect(r.err.trim().split('\n').length, argv.join(' ')).toBe(1);
      expect(r.err, argv.join(' ')).toMatch(re);
    }
    writeFileSync(join(dir, 'bad.json'), '{"format":"nope"}');
    const bad = await plrf('runs', 'import', join(dir, 'bad.json'), '--db', db);
    expect(bad.code).toBe(2);
    expect(bad.err).toMatch(/invalid content.format/);
    expect(JSON.parse((await plrf('runs', 'list', '--json', '--db', db)).out).total).toBe(before);
    expect(readFileSync(join(dir, 'run.json'), 'utf8')).toMatch(/"format": "plrf-run"/);
  });

  it('a rule that needs the drawn problem (gamma ≥ gamma_max) is exit 2 naming --gamma, the run marked failed', async () => {
    const r = await plrf('run', 'curve', '--method', 'exact', '--alpha', '1', '--beta', '0.8', '--v', '40', '--d', '20', '--gamma', '100', '--db', db);
    expect(r.code).toBe(2);
    expect(r.err.trim().split('\n').pop()).toMatch(/^plrf run: invalid --gamma: /);
    const page = JSON.parse((await plrf('runs', 'list', '--json', '--status', 'failed', '--db', db)).out);
    expect(page.items[0].error).toMatch(/gamma/);
  });
});

describe('plrf curve text output names the optimizer and its schedule (issue 17)', () => {
  it('wsd, cosine, power schedule, momentum and DANA-decaying print their resolved hyperparameters; plain SGD prints none', async () => {
    const base = ['curve', '--method', 'exact', '--alpha', '1', '--beta', '0.6', '--d', '40', '--v', '80', '--rmax', '10000', '--checkpoints', '20'];
    const line = async (...extra: string[]) => {
      const r = await plrf(...base, ...extra);
      expect(r.code, r.err).toBe(0);
      return r.out.split('\n').find((l) => l.startsWith('optimizer=')) ?? null;
    };
    expect(await line()).toBeNull();
    expect(await line('--lr-schedule', 'wsd', '--warmup', '100')).toBe('optimizer=sgd lr-schedule=wsd warmup=100 decay-fraction=0.2 (gamma_t = the gamma above until step 8000, then linear to 0 at 10000)');
    expect(await line('--lr-schedule', 'cosine')).toBe('optimizer=sgd lr-schedule=cosine (gamma_t from the gamma above to 0 at 10000)');
    expect(await line('--gamma', '0.2,-0.5,100')).toBe('optimizer=sgd gamma_t = gamma·(1+t/100)^-0.5');
    expect(await line('--optimizer', 'momentum', '--momentum', '0.8')).toBe('optimizer=momentum momentum=0.8');
    expect(await line('--optimizer', 'dana-decaying')).toMatch(/^optimizer=dana-decaying g1=1 g2=[\d.e-]+ g3=[\d.e-]+·\(1\+t\/1\)\^-0\.5 delta=1·\(1\+t\/[\d.]+\)\^-1$/);
  });
});
