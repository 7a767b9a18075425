// A real single-node Slurm cluster for tests (recipe: /work/shared/notes/slurm-single-node.md):
// munged (started only if none is running), slurmctld and slurmd as root with a generated
// slurm.conf + cgroup.conf in a temp dir, jobcomp/filetxt for final states (accounting storage is
// off). `startCluster()` returns null with the reason when Slurm cannot start here (not root, not
// installed, daemons fail); `stop()` kills exactly the daemons it started, by their PIDs.
import { spawnSync, execFileSync } from 'node:child_process';
import { existsSync, mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync, chmodSync } from 'node:fs';
import { tmpdir, hostname } from 'node:os';
import { join } from 'node:path';

export interface Cluster {
  dir: string;
  env: NodeJS.ProcessEnv;
  partition: string;
  stop(): void;
  log(): string;
}

const has = (cmd: string) => spawnSync('sh', ['-c', `command -v ${cmd}`]).status === 0;
const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

function readPid(file: string): number | null {
  try {
    const n = Number(readFileSync(file, 'utf8').trim());
    return Number.isInteger(n) && n > 1 ? n : null;
  } catch {
    return null;
  }
}

function kill(pid: number | null): void {
  if (!pid) return;
  try {
    process.kill(pid, 'SIGTERM');
  } catch {
    /* gone */
  }
}

export async function startCluster(): Promise<{ cluster: Cluster | null; reason: string }> {
  if (process.platform !== 'linux') return { cluster: null, reason: 'not Linux' };
  if (process.getuid?.() !== 0) return { cluster: null, reason: 'not root (the test cluster runs slurmctld/slurmd as root)' };
  for (const c of ['munged', 'slurmctld', 'slurmd', 'sbatch', 'squeue', 'scontrol', 'scancel']) {
    if (!has(c) && !existsSync(`/usr/sbin/${c}`)) return { cluster: null, reason: `${c} is not installed (apt-get install slurmctld slurmd slurm-client munge)` };
  }
  const started: number[] = [];
  // munge: reuse a running daemon, else key + daemon as the munge user
  let mungePid: number | null = null;
  const mungeOk = () => spawnSync('sh', ['-c', 'munge -n | unmunge']).stdout?.toString().includes('Success');
  if (!mungeOk()) {
    try {
      for (const d of ['/etc/munge', '/var/lib/munge', '/var/log/munge', '/run/munge']) mkdirSync(d, { recursive: true });
      if (!existsSync('/etc/munge/munge.key')) execFileSync('dd', ['if=/dev/urandom', 'bs=1', 'count=1024', 'of=/etc/munge/munge.key'], { stdio: 'ignore' });
      execFileSync('chown', ['-R', 'munge:munge', '/etc/munge', '/var/lib/munge', '/var/log/munge', '/run/munge']);
      chmodSync('/etc/munge/munge.key', 0o400);
      execFileSync('runuser', ['-u', 'munge', '--', '/usr/sbin/munged', '--force'], { stdio: 'ignore' });
    } catch (e) {
      return { cluster: null, reason: `munged did not start: ${e instanceof Error ? e.message : String(e)}` };
    }
    for (let i = 0; i < 50 && !mungeOk(); i++) await sleep(100);
    if (!mungeOk()) return { cluster: null, reason: 'munge -n | unmunge does not succeed' };
    mungePid = readPid('/run/munge/munged.pid');
    if (mungePid) started.push(mungePid);
  }
  const dir = mkdtempSync(join(tmpdir(), 'plrf-slurm-'));
  for (const d of ['state', 'spool', 'run', 'log']) mkdirSync(join(dir, d), { recursive: true });
  const host = hostname().split('.')[0]!;
  const port = 16817 + 2 * Math.floor(Math.random() * 500);
  const conf = [
    'ClusterName=plrftest',
    `SlurmctldHost=${host}`,
    'SlurmUser=root',
    'SlurmdUser=root',
    `StateSaveLocation=${dir}/state`,
    `SlurmdSpoolDir=${dir}/spool`,
    `SlurmctldPidFile=${dir}/run/slurmctld.pid`,
    `SlurmdPidFile=${dir}/run/slurmd.pid`,
    `SlurmctldLogFile=${dir}/log/slurmctld.log`,
    `SlurmdLogFile=${dir}/log/slurmd.log`,
    'ProctrackType=proctrack/linuxproc',
    'TaskPlugin=task/none',
    'JobAcctGatherType=jobacct_gather/none',
    'JobCompType=jobcomp/filetxt',
    `JobCompLoc=${dir}/log/jobcomp.txt`,
    'SelectType=select/cons_tres',
    'SelectTypeParameters=CR_Core',
    'ReturnToService=2',
    `SlurmctldPort=${port}`,
    `SlurmdPort=${port + 1}`,
    'MpiDefault=none',
    'MinJobAge=3600',
    'SchedulerParameters=sched_interval=1',
    `NodeName=${host} CPUs=2 RealMemory=20000 State=UNKNOWN`,
    `PartitionName=debug Nodes=${host} Default=YES MaxTime=INFINITE State=UP`,
    '',
  ].join('\n');
  writeFileSync(join(dir, 'slurm.conf'), conf);
  writeFileSync(join(dir, 'cgroup.conf'), 'CgroupPlugin=autodetect\nIgnoreSystemd=yes\nConstrainCores=no\nConstrainRAMSpace=no\n');
  const env = { ...process.env, SLURM_CONF: join(dir, 'slurm.conf') };
  const stop = () => {
    const pids = [readPid(join(dir, 'run', 'slurmd.pid')), readPid(join(dir, 'run', 'slurmctld.pid')), ...started].filter((p): p is number => p !== null);
    for (const p of pids) kill(p);
    // wait (≤ 5 s) until they are gone, so that slurmctld does not write its state after the temp dir is removed
    const alive = (p: number) => {
      try {
        process.kill(p, 0);
        return !readFileSync(`/proc/${p}/stat`, 'utf8').split(') ')[1]?.startsWith('Z');
      } catch {
        return false;
      }
    };
    const until = Date.now() + 5000;
    while (pids.some(alive) && Date.now() < until) spawnSync('sleep', ['0.1']);
  };
  const log = () => {
    const tail = (f: string) => (existsSync(f) ? readFileSync(f, 'utf8').split('\n').slice(-15).join('\n') : '(none)');
    return `slurmctld.log:\n${tail(join(dir, 'log', 'slurmctld.log'))}\nslurmd.log:\n${tail(join(dir, 'log', 'slurmd.log'))}`;
  };
  try {
    execFileSync('/usr/sbin/slurmctld', ['-f', join(dir, 'slurm.conf')], { env, stdio: 'ignore' });
    execFileSync('/usr/sbin/slurmd', ['-f', join(dir, 'slurm.conf')], { env, stdio: 'ignore' });
  } catch (e) {
    stop();
    return { cluster: null, reason: `slurmctld/slurmd did not start: ${e instanceof Error ? e.message : String(e)}\n${log()}` };
  }
  // wait for the node to be idle
  let ok = false;
  for (let i = 0; i < 150 && !ok; i++) {
    const r = spawnSync('sinfo', ['-h', '-o', '%T'], { env, encoding: 'utf8' });
    ok = r.status === 0 && /idle|mixed|allocated/.test(r.stdout);
    if (!ok) await sleep(200);
  }
  if (!ok) {
    stop();
    return { cluster: null, reason: `the node did not become idle within 30 s\n${log()}` };
  }
  return {
    cluster: {
      dir,
      env,
      partition: 'debug',
      stop: () => {
        stop();
        try {
          rmSync(dir, { recursive: true, force: true });
        } catch {
          /* keep */
        }
      },
      log,
    },
    reason: '',
  };
}
