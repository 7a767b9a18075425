// Issue 12, crash recovery with an owner lease: a run's owner is "<pid>:<boot id>:<start time>",
// so a REUSED pid (a container's PID 1, a pid after a reboot, our own pid inherited from a dead
// predecessor) no longer keeps a run "running" forever, and such a run can be cancelled.
// Also migration 004 (owner_lease column) on a real file with rows from before it.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { spawn, type ChildProcess } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { createPlrfService } from '../../src-main/services/api-service';
import { openDatabase } from '../../src-main/services/store/db';
import { migrations } from '../../src-main/services/store/migrations/index';
import { migration004 } from '../../src-main/services/store/migrations/004-owner-lease';
import { schemaVersion } from '../../src-main/services/store/migrate';
import { RunStore } from '../../src-main/services/store/run-store';
import { hasProcFs, leaseOf, ownerAlive, processStartTime } from '../../src-main/services/store/owner-lease';
import type { WorkerHost } from '../../src-main/services/jobs/worker-host';

const noWorkers: WorkerHost = {
  name: 'none',
  spawn() {
    throw new Error('no workers in this test');
  },
};

let dir: string;
let sleeper: ChildProcess;
beforeAll(() => {
  dir = mkdtempSync(join(tmpdir(), 'plrf-lease-'));
  sleeper = spawn('sleep', ['60'], { stdio: 'ignore' });
});
afterAll(() => {
  sleeper.kill('SIGKILL');
  rmSync(dir, { recursive: true, force: true });
});

const params = { method: 'de', alpha: 0.6, beta: 0.2, v: 40, d: 20, rmax: 100 };

/** a run left 'running' by an owner described by (pid, lease) */
function orphan(store: RunStore, pid: number, lease: string | null): number {
  const id = store.createRun({ kind: 'volterra', params, seed: null, codeVersion: 't' });
  store.db.prepare(`UPDATE runs SET status = 'running', started_at = 1, owner_pid = ?, owner_lease = ? WHERE id = ?`).run(pid, lease, id);
  return id;
}

describe.skipIf(!hasProcFs())('owner lease', () => {
  it('a lease proves liveness: same pid with another start time (PID reuse) is dead', () => {
    const pid = sleeper.pid!;
    const lease = leaseOf(pid);
    expect(lease).toMatch(/^\d+:[0-9a-f-]+:\d+$/);
    expect(ownerAlive(pid, lease)).toBe(true);
    const [p, boot, start] = lease.split(':');
    expect(ownerAlive(pid, `${p}:${boot}:${Number(start) - 1}`)).toBe(false); // the pid now belongs to another process
    expect(ownerAlive(pid, `${p}:00000000-0000-0000-0000-000000000000:${start}`)).toBe(false); // another boot
    expect(ownerAlive(1, `1:${boot}:${Number(processStartTime(1)) + 12345}`)).toBe(false); // PID 1 is always alive, but not THAT one
    expect(ownerAlive(pid, null)).toBe(true); // rows from before leases: the PID as before
  });

  it('start-up recovery: reused pids (foreign, PID 1, our own) are interrupted, a live owner is left alone', async () => {
    const path = join(dir, 'recover.db');
    const pre = createPlrfService({ dbPath: path, workerHost: noWorkers, recover: false });
    const s = pre.store;
    const live = orphan(s, sleeper.pid!, leaseOf(sleeper.pid!));
    const [, boot, start] = leaseOf(sleeper.pid!).split(':');
    const reused = orphan(s, sleeper.pid!, `${sleeper.pid}:${boot}:${Number(start) - 7}`);
    const pid1 = orphan(s, 1, `1:${boot}:${Number(processStartTime(1)) + 99}`);
    const self = orphan(s, process.pid, `${process.pid}:${boot}:${Number(processStartTime(process.pid)) - 3}`);
    const dead = orphan(s, 2 ** 22 + 17, `${2 ** 22 + 17}:${boot}:5`);
    await pre.close();
    const svc = createPlrfService({ dbPath: path, workerHost: noWorkers });
    try {
      expect(new Set(svc.recovered)).toEqual(new Set([reused, pid1, self, dead]));
      for (const id of [reused, pid1, self, dead]) expect(svc.store.getSummary(id)!.status).toBe('interrupted');
      expect(svc.store.getSummary(live)!.status).toBe('running');
      // interrupted runs are resumable with one action
      const again = await svc.rerun({ id: pid1 });
      expect(again.parentId).toBe(pid1);
      await svc.cancelRun({ id: again.id }).catch(() => {});
    } finally {
      await svc.close();
    }
  });

  it('cancel: a run of a live other process is a conflict; of a reused pid it is cancelled', async () => {
    const path = join(dir, 'cancel.db');
    const svc = createPlrfService({ dbPath: path, workerHost: noWorkers, recover: false });
    try {
      const live = orphan(svc.store, sleeper.pid!, leaseOf(sleeper.pid!));
      const [, boot, start] = leaseOf(sleeper.pid!).split(':');
      const reused = orphan(svc.store, sleeper.pid!, `${sleeper.pid}:${boot}:${Number(start) + 1}`);
      const mineReused = orphan(svc.store, process.pid, `${process.pid}:${boot}:1`);
      await expect(svc.cancelRun({ id: live })).rejects.toMatchObject({ code: 'conflict' });
      expect((await svc.cancelRun({ id: reused })).status).toBe('cancelled');
      expect((await svc.cancelRun({ id: mineReused })).status).toBe('cancelled');
    } finally {
      await svc.close();
    }
  });

  it('runs created and started by the service carry this process\'s lease', async () => {
    const svc = createPlrfService({ dbPath: join(dir, 'own.db'), workerHost: noWorkers, recover: false });
    try {
      const id = svc.store.createRun({ kind: 'volterra', params, seed: null, codeVersion: 't', ownerPid: process.pid });
      expect(svc.store.ownerOf(id)).toEqual({ pid: process.pid, lease: leaseOf() });
      svc.store.markRunning(id, process.pid);
      expect(svc.store.ownerOf(id)!.lease).toBe(leaseOf());
    } finally {
      await svc.close();
    }
  });
});

describe('migration 004-owner-lease', () => {
  it('adds owner_lease (NULL for existing rows) and sets user_version 4', () => {
    const path = join(dir, 'mig.db');
    const db3 = openDatabase({ path, migrations: migrations.slice(0, 3) });
    db3.prepare(`INSERT INTO runs (kind, status, params, code_version, created_at, owner_pid) VALUES ('sgd', 'running', '{}', 't', 1, 4242)`).run();
    db3.close();
    const db = openDatabase({ path, migrations: migrations.slice(0, 4) });
    expect(schemaVersion(db)).toBe(migration004.version);
    const cols = (db.prepare('PRAGMA table_info(runs)').all() as { name: string }[]).map((c) => c.name);
    expect(cols).toContain('owner_lease');
    expect(db.prepare('SELECT owner_pid, owner_lease FROM runs').get()).toEqual({ owner_pid: 4242, owner_lease: null });
    db.close();
  });
});
