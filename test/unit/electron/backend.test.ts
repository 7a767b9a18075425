// The desktop backend over the real services (no Electron needed): the dispatcher validates
// payloads and answers from a real SQLite store — the SAME default database as the CLI and the
// web mode (the data folder), not Electron's userData; a runs.db an earlier version left in
// userData is moved over once; PLRF_DB still wins. XDG folders point into a scratch directory.
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { existsSync, mkdirSync, mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { createDesktopBackend } from '../../../src-main/electron/backend';
import { openDatabase } from '../../../src-main/services/store/db';
import { RunStore } from '../../../src-main/services/store/run-store';
import { defaultDbPath } from '../../../src-main/services/paths';

const saved = { PLRF_DB: process.env.PLRF_DB, XDG_DATA_HOME: process.env.XDG_DATA_HOME, XDG_CONFIG_HOME: process.env.XDG_CONFIG_HOME };
let dir: string;
beforeEach(() => {
  dir = mkdtempSync(join(tmpdir(), 'plrf-desktop-'));
  delete process.env.PLRF_DB;
  process.env.XDG_DATA_HOME = join(dir, 'data');
  process.env.XDG_CONFIG_HOME = join(dir, 'config');
});
afterEach(() => {
  for (const [k, v] of Object.entries(saved)) if (v === undefined) delete process.env[k];
  else process.env[k] = v;
});

describe.skipIf(process.platform !== 'linux')('desktop backend', () => {
  it('opens the shared default database and serves the API through the validating dispatcher', async () => {
    const userData = join(dir, 'config', 'plrf-workbench');
    const b = await createDesktopBackend({ userData });
    try {
      expect(b.dbPath).toBe(join(dir, 'data', 'plrf-workbench', 'runs.db'));
      expect(b.dbPath).toBe(defaultDbPath());
      expect(existsSync(b.dbPath)).toBe(true);
      expect(existsSync(join(userData, 'runs.db'))).toBe(false);
      const list = await b.dispatch('listRuns', { limit: 5 });
      expect(list).toMatchObject({ ok: true, result: { total: 0, items: [] } });
      expect(await b.dispatch('listRuns', { limit: -1 })).toMatchObject({ ok: false, error: { code: 'bad_request' } });
      expect(await b.dispatch('getRun', { id: 99 })).toMatchObject({ ok: false, error: { code: 'not_found' } });
      const bad = await b.dispatch('startRun', { kind: 'study', params: { alpha: -1, beta: 0.5, dgrid: [10, 20, 40] } });
      expect(bad).toMatchObject({ ok: false, error: { code: 'invalid_param', field: 'params.alpha' } });
    } finally {
      await b.close();
    }
  });

  it('moves a runs.db left in userData by an earlier version, once, and says so', async () => {
    const userData = join(dir, 'config', 'PLRF Workbench'); // the packaged app's userData
    mkdirSync(userData, { recursive: true });
    const old = new RunStore(openDatabase({ path: join(userData, 'runs.db') }));
    old.createRun({ kind: 'sgd', params: { alpha: 0.6 }, seed: 1, codeVersion: 'old', label: 'from the app' });
    old.close();
    const lines: string[] = [];
    const b = await createDesktopBackend({ userData, log: (l) => lines.push(l) });
    try {
      expect(lines).toEqual([expect.stringMatching(/^plrf: moved the run database from .*PLRF Workbench\/runs\.db to .*data\/plrf-workbench\/runs\.db/)]);
      const list = await b.dispatch('listRuns', {});
      expect(list).toMatchObject({ ok: true, result: { total: 1, items: [{ label: 'from the app' }] } });
      expect(existsSync(join(userData, 'runs.db.migrated'))).toBe(true);
      expect(existsSync(join(userData, 'runs.db'))).toBe(false);
    } finally {
      await b.close();
    }
    const again: string[] = [];
    const b2 = await createDesktopBackend({ userData, log: (l) => again.push(l) });
    await b2.close();
    expect(again).toEqual([]);
  });

  it('PLRF_DB wins', async () => {
    process.env.PLRF_DB = join(dir, 'elsewhere.db');
    const b = await createDesktopBackend({ userData: join(dir, 'config', 'plrf-workbench') });
    await b.close();
    expect(b.dbPath).toBe(join(dir, 'elsewhere.db'));
    expect(existsSync(defaultDbPath())).toBe(false);
  });
});
