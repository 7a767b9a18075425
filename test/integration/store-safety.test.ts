// Issue 12, "the store": foreign, empty, corrupt and read-only database files are byte-identical
// after every command (and get no side files); a mistyped path is an error, not a new database;
// `--db ''` is an error; a new file is made only with --create (and carries our application_id);
// read-only commands work on a read-only file; a damaged file is reported by quick_check at
// start (doctor and every command say what is wrong) and `plrf db recover` copies what can be
// read into a new file, through the sqlite3 shell's .recover and through the row-copy fallback.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import Database from 'better-sqlite3';
import { createHash } from 'node:crypto';
import { chmodSync, copyFileSync, existsSync, mkdtempSync, openSync, readdirSync, readFileSync, rmSync, statSync, writeFileSync, writeSync, closeSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { main } from '../../src-main/cli/main';
import { createPlrfService } from '../../src-main/services/api-service';
import { inspectDbFile, openStore, PLRF_APPLICATION_ID } from '../../src-main/services/store/open-store';
import { checkDatabase, recoverDatabase, sqlite3Shell } from '../../src-main/services/store/recover';
import { RunStore } from '../../src-main/services/store/run-store';
import { openDatabase } from '../../src-main/services/store/db';
import { exportJson } from '../../src-shared/api/export-format';

let dir: string;
beforeAll(() => {
  dir = mkdtempSync(join(tmpdir(), 'plrf-store-safety-'));
});
afterAll(() => rmSync(dir, { recursive: true, force: true }));

async function plrf(...argv: string[]): Promise<{ code: number; out: string; err: string }> {
  let out = '';
  let err = '';
  const code = await main(argv, { stdout: (s) => (out += s), stderr: (s) => (err += s), tty: false });
  return { code, out, err };
}

const sha = (p: string) => createHash('sha256').update(readFileSync(p)).digest('hex');

/** a PLRF database with n finished runs whose curves span several pages */
function makeOurs(path: string, n = 40): void {
  const db = openStore({ path, create: true });
  const store = new RunStore(db);
  for (let i = 0; i < n; i++) {
    const id = store.createRun({ kind: 'volterra', params: { method: 'de', alpha: 0.6, beta: 0.2, v: 400, d: 200, rmax: 1000 }, seed: null, codeVersion: 't', label: `run ${i}`, tags: ['t'] });
    store.markRunning(id, process.pid);
    const r = Float64Array.from({ length: 500 }, (_, k) => k);
    store.finish(id, { summary: { i }, curves: [{ key: 'mean', meta: { role: 'risk' }, columns: { r, risk: r.map((x) => 1 / (1 + x + i)) } }] });
  }
  store.close();
}

let exportFile: string;
const fixtures: Record<string, string> = {};
beforeAll(() => {
  // foreign: another program's SQLite file (WAL mode, its own application_id) and one with id 0
  fixtures.foreign = join(dir, 'other-app.db');
  const f = new Database(fixtures.foreign);
  f.pragma('application_id = 1234');
  f.exec(`CREATE TABLE notes (id INTEGER PRIMARY KEY, body TEXT); INSERT INTO notes (body) VALUES ('keep me');`);
  f.close();
  fixtures.foreign0 = join(dir, 'other-app-noid.db');
  const g = new Database(fixtures.foreign0);
  g.exec(`CREATE TABLE runs (x); INSERT INTO runs VALUES (1);`);
  g.pragma('user_version = 1');
  g.close();
  fixtures.empty = join(dir, 'empty.db');
  writeFileSync(fixtures.empty, '');
  fixtures.text = join(dir, 'notes.txt');
  writeFileSync(fixtures.text, 'not a database at all, just some text that is long enough to have a header '.repeat(3));
  // corrupt: ours with a b-tree page overwritten in the middle
  fixtures.corrupt = join(dir, 'corrupt.db');
  makeOurs(fixtures.corrupt);
  const size = statSync(fixtures.corrupt).size;
  const page = 4096;
  const fd = openSync(fixtures.corrupt, 'r+');
  const bad = Buffer.alloc(page, 0xa5);
  writeSync(fd, bad, 0, page, Math.floor(size / page / 2) * page);
  closeSync(fd);
  // read-only: ours, marked read-only
  fixtures.readonly = join(dir, 'readonly.db');
  makeOurs(fixtures.readonly, 3);
  chmodSync(fixtures.readonly, 0o444);
  // a file to import
  const src = join(dir, 'src.db');
  makeOurs(src, 1);
  const s = new RunStore(openStore({ path: src }));
  exportFile = join(dir, 'run.json');
  writeFileSync(exportFile, exportJson(s.getDetail(1)!));
  s.close();
});

const READ = [['runs', 'list'], ['runs', 'show', '1'], ['runs', 'export', '1', '--format', 'json'], ['runs', 'compare', '1', '2'], ['doctor', '--json'], ['db', 'check']];
const WRITE = () => [
  ['runs', 'import', exportFile],
  ['runs', 'delete', '1'],
  ['runs', 'restore', '1'],
  ['runs', 'rerun', '1'],
  ['run', 'curve', '--method', 'de', '--alpha', '0.6', '--beta', '0.2', '--v', '40', '--d', '20', '--rmax', '100'],
];

describe('foreign, empty, not-SQLite and corrupt files: refused, byte-identical, no side files', () => {
  for (const name of ['foreign', 'foreign0', 'empty', 'text', 'corrupt']) {
    it(name, async () => {
      const path = fixtures[name]!;
      const before = sha(path);
      const filesBefore = readdirSync(dir).sort();
      for (const argv of [...READ, ...WRITE()]) {
        const r = await plrf(...argv, '--db', path);
        if (argv[0] === 'doctor') {
          expect(r.code).toBe(0);
          expect(JSON.parse(r.out).database.error, name).toBeTruthy();
        } else {
          expect(r.code, `${argv.join(' ')} on ${name}: ${r.err}`).not.toBe(0);
          // one clear line saying what is wrong
          if (argv[0] !== 'db') expect(r.err, argv.join(' ')).toMatch(name === 'corrupt' ? /damaged/ : /not a PLRF database|not an SQLite database|empty file/);
        }
        expect(sha(path), `${argv.join(' ')} changed ${name}`).toBe(before);
      }
      // the web service refuses it as well
      expect(() => createPlrfService({ dbPath: path })).toThrow(name === 'corrupt' ? /damaged/ : /PLRF|SQLite|empty/);
      expect(sha(path)).toBe(before);
      expect(readdirSync(dir).sort()).toEqual(filesBefore);
      if (name === 'foreign') {
        const f = new Database(path, { readonly: true });
        expect(f.pragma('journal_mode', { simple: true })).not.toBe('wal');
        expect(f.prepare(`SELECT name FROM sqlite_master WHERE type = 'table'`).all()).toEqual([{ name: 'notes' }]);
        f.close();
      }
    });
  }
});

describe('read-only database file', () => {
  it('read-only commands work, write commands are refused, the file is byte-identical', async () => {
    const path = fixtures.readonly!;
    const before = sha(path);
    const list = await plrf('runs', 'list', '--json', '--db', path);
    expect(list.code, list.err).toBe(0);
    expect(JSON.parse(list.out).total).toBe(3);
    for (const argv of READ) {
      const r = await plrf(...argv, '--db', path);
      expect(r.code, `${argv.join(' ')}: ${r.err}`).toBe(0);
    }
    for (const argv of WRITE()) {
      const r = await plrf(...argv, '--db', path);
      expect(r.code, argv.join(' ')).toBe(2);
      expect(r.err).toMatch(/--db.*read-only/);
    }
    expect(sha(path)).toBe(before);
  });
});

describe('paths: no silent new databases', () => {
  it('a mistyped path is an error for every command, and nothing is created', async () => {
    const missing = join(dir, 'rusn.db');
    for (const argv of [...READ.filter((a) => a[0] !== 'doctor' && a[0] !== 'db'), ...WRITE()]) {
      const r = await plrf(...argv, '--db', missing);
      expect(r.code, argv.join(' ')).toBe(2);
      expect(r.err).toMatch(/--db.*no database at/);
      expect(existsSync(missing)).toBe(false);
    }
  });
  it("--db '' is an error, never the default", async () => {
    for (const argv of [['runs', 'list'], ['run', 'curve', '--method', 'de', '--alpha', '0.6', '--beta', '0.2', '--v', '40', '--d', '20'], ['doctor'], ['db', 'check'], ['web', '--no-build']]) {
      const r = await plrf(...argv, '--db', '');
      expect(r.code, argv.join(' ')).toBe(2);
      expect(r.err).toMatch(/--db.*empty/);
    }
  });
  it('--create makes a new PLRF database (application_id set before anything else)', async () => {
    const path = join(dir, 'new.db');
    const r = await plrf('runs', 'import', exportFile, '--db', path, '--create');
    expect(r.code, r.err).toBe(0);
    expect(inspectDbFile(path)).toMatchObject({ state: 'sqlite', applicationId: PLRF_APPLICATION_ID });
    expect(JSON.parse((await plrf('runs', 'list', '--json', '--db', path)).out).total).toBe(1);
  });
  it('a PLRF database from before application_id is recognised and adopted on its first write', async () => {
    const path = join(dir, 'legacy.db');
    openDatabase({ path }).close(); // the old way: no application_id
    expect(inspectDbFile(path).applicationId).toBe(0);
    const before = sha(path);
    expect((await plrf('runs', 'list', '--db', path)).code).toBe(0);
    expect(sha(path)).toBe(before); // read-only: not even the id
    expect((await plrf('runs', 'import', exportFile, '--db', path)).code).toBe(0);
    expect(inspectDbFile(path).applicationId).toBe(PLRF_APPLICATION_ID);
  });
});

describe('check and recover', () => {
  it('db check names the damage; recover copies what is readable into a new file (sqlite3 .recover and row copy)', async () => {
    const path = fixtures.corrupt!;
    const before = sha(path);
    const chk = await plrf('db', 'check', '--json', '--db', path);
    expect(chk.code).toBe(1);
    const rep = JSON.parse(chk.out);
    expect(rep).toMatchObject({ ours: true, ok: false });
    expect(rep.integrity).not.toBe('ok');
    const doc = JSON.parse((await plrf('doctor', '--json', '--db', path)).out);
    expect(doc.database.problem).toBe('corrupt');
    const outs: number[] = [];
    for (const useShell of [true, false]) {
      if (useShell && !sqlite3Shell()) continue;
      const out = join(dir, `recovered-${useShell}.db`);
      const r = recoverDatabase(path, out, { useShell });
      expect(r.integrity).toBe('ok');
      expect(r.method).toMatch(useShell ? /sqlite3/ : /^row copy$/);
      // most runs survive one damaged page; every recovered curve is intact
      expect(r.runs).toBeGreaterThan(20);
      expect(r.runs).toBeLessThanOrEqual(40);
      const s = new RunStore(openStore({ path: out, readonly: true }));
      for (const row of s.list({ limit: 100 }).items) {
        const curves = s.getCurvesTyped(row.id);
        for (const c of curves) {
          const i = (s.getDetail(row.id, false)!.result!.summary as { i: number }).i;
          expect(c.columns.risk![7]).toBe(1 / (1 + 7 + i));
        }
      }
      s.close();
      expect(checkDatabase(out).ok).toBe(true);
      outs.push(r.runs);
    }
    expect(outs.length).toBeGreaterThan(0);
    const cli = await plrf('db', 'recover', '--db', path, '--out', join(dir, 'cli-recovered.db'));
    expect(cli.code, cli.err).toBe(0);
    expect(cli.out).toMatch(/recovered \d+ run/);
    expect((await plrf('db', 'recover', '--db', path, '--out', join(dir, 'cli-recovered.db'))).code).toBe(2); // never overwrites
    expect(sha(path)).toBe(before);
  });
  it('negative control: a healthy database checks ok', async () => {
    const path = join(dir, 'healthy.db');
    makeOurs(path, 2);
    const r = await plrf('db', 'check', '--db', path);
    expect(r.code).toBe(0);
    expect(r.out).toMatch(/ok \(2 runs\)/);
    copyFileSync(path, path + '.bak');
  });
});
