// Issue 13 (h13b): runs imported from a file are marked as imported — `runs list` says
// "(imported)", `runs show` prints "imported from <file> on <date> (run N there)", the API's
// RunSummary carries {file, at, sourceId} (column `imported`, migration 007). Negative control:
// the run that was exported (not imported) carries none of it. Migration 007 on a v6 file keeps
// existing rows (imported = NULL) and refuses a malformed value.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { main } from '../../src-main/cli/main';
import { openDatabase } from '../../src-main/services/store/db';
import { schemaVersion } from '../../src-main/services/store/migrate';
import { migrations } from '../../src-main/services/store/migrations/index';
import { migration007 } from '../../src-main/services/store/migrations/007-imported';
import { importedNote } from '../../src-shared/export/imported-note';

let dir: string;
let db: string;
beforeAll(() => {
  dir = mkdtempSync(join(tmpdir(), 'plrf-imp-'));
  db = join(dir, 'runs.db');
});
afterAll(() => rmSync(dir, { recursive: true, force: true }));

async function plrf(...argv: string[]): Promise<{ code: number; out: string; err: string }> {
  let out = '';
  let err = '';
  const code = await main(argv, { stdout: (s) => (out += s), stderr: (s) => (err += s), tty: false });
  return { code, out, err };
}

describe('imported runs are marked (issue 13)', () => {
  it('runs import stores the file name, time and source id; list/show say so; the original does not', async () => {
    const r = await plrf('run', 'curve', '--method', 'de', '--alpha', '1', '--beta', '0.8', '--v', '400', '--d', '200', '--rmax', '10000', '--checkpoints', '20', '--db', db, '--create');
    expect(r.code).toBe(0);
    const id = Number(r.out);
    const file = join(dir, 'my-run.json');
    expect((await plrf('runs', 'export', String(id), '--format', 'json', '--out', file, '--db', db)).code).toBe(0);
    const t0 = Date.now();
    const imp = await plrf('runs', 'import', file, '--db', db);
    expect(imp.code).toBe(0);
    const id2 = Number(imp.out);
    const b = JSON.parse((await plrf('runs', 'show', String(id2), '--json', '--db', db)).out);
    expect(b.imported).toEqual({ file: 'my-run.json', at: expect.any(Number), sourceId: id });
    expect(b.imported.at).toBeGreaterThanOrEqual(t0 - 1000);
    expect(b.imported.at).toBeLessThanOrEqual(Date.now());
    const a = JSON.parse((await plrf('runs', 'show', String(id), '--json', '--db', db)).out);
    expect(a.imported).toBeNull();
    const text = (await plrf('runs', 'show', String(id2), '--db', db)).out;
    const day = new Date(b.imported.at).toISOString().slice(0, 10);
    expect(text).toContain(`imported from my-run.json on ${day}`);
    expect(text).toContain(`(run ${id} there)`);
    expect((await plrf('runs', 'show', String(id), '--db', db)).out).not.toMatch(/imported/);
    const list = (await plrf('runs', 'list', '--db', db)).out.split('\n');
    expect(list.find((l) => l.startsWith(`${id2} `))).toMatch(/done \(imported\)/);
    expect(list.find((l) => l.startsWith(`${id} `))).not.toMatch(/imported/);
  });

  it('the sentence: file, UTC date, source id; without a file name it still says imported', () => {
    const at = Date.UTC(2026, 11, 5, 1, 50);
    expect(importedNote({ file: 'run12.json', at, sourceId: 12 })).toBe('imported from run12.json on 2026-12-05 01:50 UTC (run 12 there)');
    expect(importedNote({ file: null, at, sourceId: null })).toBe('imported from a file on 2026-12-05 01:50 UTC');
    expect(importedNote(null)).toBeNull();
  });
});

describe('migration 007-imported', () => {
  it('adds runs.imported over a v6 file: old rows NULL, JSON enforced', () => {
    const path = join(dir, 'v6.db');
    const v6 = openDatabase({ path, migrations: migrations.filter((m) => m.version <= 6) });
    expect(schemaVersion(v6)).toBe(6);
    v6.prepare(`INSERT INTO runs (kind, status, params, code_version, created_at) VALUES ('sgd','done','{}','t',1)`).run();
    v6.close();
    const db7 = openDatabase({ path, migrations: migrations.filter((m) => m.version <= 7) });
    expect(schemaVersion(db7)).toBe(migration007.version);
    expect((db7.prepare('SELECT imported FROM runs WHERE id = 1').get() as { imported: string | null }).imported).toBeNull();
    expect(() => db7.prepare(`UPDATE runs SET imported = '{x' WHERE id = 1`).run()).toThrow(/CHECK/);
    db7.prepare(`UPDATE runs SET imported = '{"file":"a.json","at":5,"sourceId":null}' WHERE id = 1`).run();
    db7.close();
  });
});
