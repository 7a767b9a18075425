// zod request schemas of the sweep methods (issue 15), strict like every other method. The axes
// are strings `NAME=V1,V2,…` / `NAME=START:STOP:STEP` parsed by src-shared/sweep/axes.ts against
// the kind's own schema (so an unknown axis is an invalid_param naming it).
import { z } from 'zod';
// (schemas.ts includes these in requestSchemas, so this file must not import it: the primitives
// below mirror its runId / runKind / runParams / label.)
import { RUN_KINDS } from './types';

export const sweepId = z.number().int().positive().max(Number.MAX_SAFE_INTEGER);
const runKind = z.enum(RUN_KINDS);
import { runParams } from './params-schema';

// eslint-disable-next-line no-control-regex
const plain = (max: number) => z.string().max(max).regex(/^[^\u0000-\u001f\u007f]*$/, 'control characters are not allowed');
// eslint-disable-next-line no-control-regex
const label = z.string().max(200).refine((s) => !/[\u0000-\u001f\u007f]/.test(s), 'control characters are not allowed');

export const createSweepRequest = z.strictObject({
  kind: runKind,
  /** base params (the axes override them per cell) */
  params: runParams,
  axes: z.array(z.string().min(3).max(10_000)).min(1).max(16),
  label: label.optional(),
  /** needed above CONFIRM_CELLS cells (`--yes`) */
  confirm: z.boolean().optional(),
});

export const sweepIdRequest = z.strictObject({ id: sweepId });

export const getSweepRequest = z.strictObject({
  id: sweepId,
  offset: z.number().int().min(0).max(1e7).optional(),
  limit: z.number().int().min(1).max(100_000).optional(),
});

export const submitSweepRequest = z.strictObject({
  id: sweepId,
  partition: plain(64).optional(),
  time: plain(32).optional(),
  mem: plain(32).optional(),
  cpus: z.number().int().min(1).max(4096).optional(),
  maxParallel: z.number().int().min(1).max(1_000_000).optional(),
  cellsPerTask: z.number().int().min(1).max(1_000_000).optional(),
  /** a directory shared with the compute nodes (default: beside the database) */
  shardDir: plain(4096).min(1).optional(),
  /** extra sbatch options, each `--name[=value]` */
  sbatchOptions: z.array(z.string().max(200)).max(32).optional(),
  dryRun: z.boolean().optional(),
});

export const sweepRequestSchemas = {
  createSweep: createSweepRequest,
  listSweeps: z.strictObject({}).optional(),
  getSweep: getSweepRequest,
  sweepStatus: sweepIdRequest,
  runSweep: sweepIdRequest,
  submitSweep: submitSweepRequest,
  collectSweep: sweepIdRequest,
  cancelSweep: sweepIdRequest,
  resumeSweep: sweepIdRequest,
} as const;

export type CreateSweepRequest = z.input<typeof createSweepRequest>;
export type SweepIdRequest = z.input<typeof sweepIdRequest>;
export type GetSweepRequest = z.input<typeof getSweepRequest>;
export type SubmitSweepRequest = z.input<typeof submitSweepRequest>;
