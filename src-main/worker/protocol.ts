// Messages between the job service (parent) and a worker process (one run per process).
// Carried by child_process IPC with 'advanced' serialization (structured clone: typed arrays
// survive) under Node, or by Electron utilityProcess postMessage.
import type { TaskOutput } from '../../src-shared/compute/registry';

export type ParentToWorker =
  | { type: 'start'; runId: number; kind: string; params: Record<string, unknown>; /** finished units of an interrupted run to resume from (key → value) */ resume?: { key: string; value: unknown }[] }
  | { type: 'cancel' };

export type WorkerToParent =
  | { type: 'ready'; pid: number }
  | { type: 'progress'; fraction: number; phase: string; at: number }
  | { type: 'partial'; key: string; value: unknown; at: number }
  | { type: 'result'; output: TaskOutput }
  | { type: 'cancelled' }
  | { type: 'error'; name: string; message: string; param?: string; stack?: string };
