// Owner leases: which process owns a queued/running run, in a form that survives PID reuse.
// A bare PID is not proof of life — after a reboot or in a container (PID 1) the same number
// belongs to another process and the run would stay "running" forever. The lease is
//   "<pid>:<boot id>:<start time>"
// with the boot id of the kernel (/proc/sys/kernel/random/boot_id) and the process start time
// in clock ticks since boot (/proc/<pid>/stat field 22, proc(5)). The owner is alive iff a
// process with that pid exists now AND has the same boot id and start time. Where /proc is
// missing (macOS, Windows) the lease has no start part and liveness falls back to the PID.
import { readFileSync } from 'node:fs';

function bootId(): string | null {
  try {
    return readFileSync('/proc/sys/kernel/random/boot_id', 'utf8').trim();
  } catch {
    return null;
  }
}

/** start time of a process (clock ticks since boot), or null if it does not exist / no /proc */
export function processStartTime(pid: number): string | null {
  try {
    const stat = readFileSync(`/proc/${pid}/stat`, 'utf8');
    // the command name (field 2) may contain spaces and ')': fields resume after the LAST ')'
    const rest = stat.slice(stat.lastIndexOf(')') + 2).split(' ');
    return rest[19] ?? null; // field 22 = index 19 after dropping fields 1–2
  } catch {
    return null;
  }
}

export function hasProcFs(): boolean {
  return bootId() !== null && processStartTime(process.pid) !== null;
}

/** the lease of a process (default: this one) */
export function leaseOf(pid = process.pid): string {
  const b = bootId();
  const t = processStartTime(pid);
  return b && t ? `${pid}:${b}:${t}` : `${pid}`;
}

function pidAlive(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch (e) {
    return (e as NodeJS.ErrnoException).code === 'EPERM';
  }
}

/** is the owner named by (pid, lease) still the same living process? (lease null: a row from before leases) */
export function ownerAlive(pid: number, lease: string | null): boolean {
  const parts = lease ? lease.split(':') : [];
  if (parts.length !== 3 || !hasProcFs()) return pidAlive(pid);
  if (Number(parts[0]) !== pid) return false;
  return bootId() === parts[1] && processStartTime(pid) === parts[2];
}
