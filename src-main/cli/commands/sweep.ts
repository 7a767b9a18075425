// `plrf sweep create|list|show|status|run|submit|collect|resume|cancel` (issue 15): sweeps over
// any parameter of a run kind, executed by the local job system or as a Slurm job array, landing
// in the same run history. `plrf sweep task MANIFEST TASK` is what each Slurm array task runs
// (it computes its cells and writes shard files; it never opens the database).
//
//   plrf sweep create KIND [the options of `plrf run KIND`] --axis NAME=V1,V2,… | NAME=START:STOP:STEP …
//                     [--label L] [--yes] [--db PATH] [--json]          → {"id": …, "cells": N}
//   plrf sweep run ID [--executor local] [--parallel N]                 (runs the pending cells here)
//   plrf sweep submit ID --executor slurm [--partition P] [--time T] [--mem M] [--cpus C]
//                     [--max-parallel N] [--cells-per-task K] [--shard-dir DIR] [--sbatch=--opt=v,…] [--dry-run]
//   plrf sweep status ID [--json] → {"cells": N, "done": n, "failed": n, "pending": n, "running": n, …}
//   plrf sweep collect ID | list | show ID | resume ID | cancel ID
import type { CliIO, Command } from '../command';
import { helpText, parseArgs, type OptSpecs } from '../args';
import { ParamError } from '../../../src-shared/params/errors';
import { createApiClient, createLocalTransport, type PlrfClient } from '../../../src-shared/api/contract';
import type { SweepCell, SweepDetail, SweepStatus, SweepSummary } from '../../../src-shared/api/sweep-types';
import { getPreset, STUDY_PRESETS } from '../../../src-shared/study/presets';
import { asCliError, buildRunRequest, optionsFromSchema } from './run';
import { getKind } from '../../../src-shared/compute/registry';
import { createPlrfService, type PlrfServiceHandle } from '../../services/api-service';
import { resolveDbPath } from '../../services/paths';
import { runManifestTask } from '../../sweep/task-runner';

const SUBS = ['create', 'list', 'show', 'status', 'run', 'submit', 'collect', 'resume', 'cancel', 'task'] as const;
const TARGETS = ['curve', 'spectrum', 'study'] as const;

const DB: OptSpecs = {
  db: { type: 'string', help: 'run database (default $PLRF_DB or the user data dir)' },
  json: { type: 'bool', help: 'print one JSON document' },
  help: { type: 'bool', help: 'show this help' },
};

function openService(dbFlag: unknown, concurrency = 1): { svc: PlrfServiceHandle; api: PlrfClient } {
  const svc = createPlrfService({ dbPath: resolveDbPath(typeof dbFlag === 'string' ? dbFlag : null), concurrency, prewarm: false });
  return { svc, api: createApiClient(createLocalTransport(svc)) };
}

function sweepId(positionals: string[]): number {
  const s = positionals[0];
  if (s === undefined) throw new ParamError('ID', 'missing sweep id');
  if (!/^\d+$/.test(s) || Number(s) < 1) throw new ParamError('ID', `expected a positive integer sweep id, got "${s}"`);
  return Number(s);
}

/** pull every `--axis X` / `--axis=X` out of argv (parseArgs keeps only the last of a repeated flag) */
export function extractAxes(argv: string[]): { axes: string[]; rest: string[] } {
  const axes: string[] = [];
  const rest: string[] = [];
  for (let i = 0; i < argv.length; i++) {
    const a = argv[i]!;
    if (a === '--axis') {
      const v = argv[++i];
      if (v === undefined) throw new ParamError('--axis', 'missing value (NAME=V1,V2,… or NAME=START:STOP:STEP)');
      axes.push(v);
    } else if (a.startsWith('--axis=')) axes.push(a.slice(7));
    else rest.push(a);
  }
  return { axes, rest };
}

const countsLine = (s: SweepStatus | SweepSummary['counts']) =>
  `${s.cells} cells: ${s.done} done, ${s.failed} failed, ${s.running} running, ${s.submitted} submitted, ${s.pending} pending, ${s.cancelled} cancelled`;

function axesText(s: SweepSummary): string {
  return s.axes.map((a) => `${a.name}×${a.values.length}`).join(' · ');
}

function cellLine(c: SweepCell): string {
  const coords = Object.entries(c.coords).map(([k, v]) => `${k}=${String(v)}`).join(' ');
  const eta = c.eta !== null ? `  η=${c.eta.toPrecision(5)}${c.etaCi ? ` [${c.etaCi[0].toPrecision(4)}, ${c.etaCi[1].toPrecision(4)}]` : ''}` : '';
  const risk = c.eta === null && c.finalRisk !== null ? `  risk=${c.finalRisk.toPrecision(5)}` : '';
  return `  ${String(c.idx).padStart(5)}  ${c.status.padEnd(9)} ${c.runId !== null ? `run ${c.runId}`.padEnd(10) : ''.padEnd(10)} ${coords}${eta}${risk}${c.error ? `  — ${c.error}` : ''}`;
}

async function waitForLocal(svc: PlrfServiceHandle, api: PlrfClient, id: number, io: CliIO): Promise<SweepStatus> {
  const detail = await api.getSweep({ id, limit: 100_000 });
  const mine = detail.cells.filter((c) => c.status === 'running' && c.runId !== null && svc.queue.isActive(c.runId));
  let n = 0;
  await Promise.all(
    mine.map(async (c) => {
      const r = await svc.waitForRun(c.runId!);
      n++;
      io.stderr(`cell ${c.idx} (run ${r.id}): ${r.status}${r.error ? ` — ${r.error}` : ''}  [${n}/${mine.length}]\n`);
    }),
  );
  return api.sweepStatus({ id });
}

/** an API error → a ParamError naming the CLI flag: "params.axis alpha" → "--axis alpha", "params.yes" → "--yes" */
function cliError(e: unknown, flagOf: (param: string) => string | null = () => null): unknown {
  const c = asCliError(e);
  if (!(c instanceof ParamError)) return c;
  const p = c.param.replace(/^params\./, '');
  const flag = p.startsWith('axis') || p === 'yes' ? `--${p}` : (flagOf(p) ?? p);
  return new ParamError(flag, c.message.startsWith(c.param + ': ') ? c.message.slice(c.param.length + 2) : c.message);
}

const USAGE = `usage: plrf sweep <create|list|show|status|run|submit|collect|resume|cancel> …
  plrf sweep create KIND [options of \`plrf run KIND\`] --axis NAME=V1,V2,… | NAME=START:STOP:STEP … [--label L] [--yes] [--db PATH] [--json]
  plrf sweep run ID [--executor local] [--parallel N]
  plrf sweep submit ID --executor slurm [--partition P] [--time T] [--mem M] [--cpus C] [--max-parallel N] [--cells-per-task K] [--shard-dir DIR] [--dry-run]
  plrf sweep status ID [--json] | collect ID | list | show ID | resume ID | cancel ID
`;

export const sweepCommand: Command = {
  name: 'sweep',
  summary: 'sweeps over run parameters, run locally or as a Slurm job array',
  async run(argv, io) {
    const sub = argv[0];
    if (!sub || sub === '--help' || sub === '-h') {
      (sub ? io.stdout : io.stderr)(USAGE);
      return sub ? 0 : 2;
    }
    if (!SUBS.includes(sub as (typeof SUBS)[number])) throw new ParamError('subcommand', `"${sub}" is not a sweep subcommand (allowed: ${SUBS.filter((s) => s !== 'task').join(', ')})`);
    const rest = argv.slice(1);

    if (sub === 'task') {
      const [manifest, task] = rest;
      if (!manifest || task === undefined || !/^\d+$/.test(task)) throw new ParamError('task', 'usage: plrf sweep task MANIFEST TASK_INDEX');
      const rep = await runManifestTask(manifest, Number(task), (s) => io.stderr(s));
      io.stdout(JSON.stringify(rep) + '\n');
      return rep.failed ? 1 : 0;
    }

    if (sub === 'create') return create(rest, io);

    const specs: OptSpecs = { ...DB };
    if (sub === 'run') {
      specs.executor = { type: 'string', help: 'local (the job system of this machine)', default: 'local' };
      specs.parallel = { type: 'int', help: 'cells computed at once', default: 1 };
    }
    if (sub === 'submit') {
      Object.assign(specs, {
        executor: { type: 'string', help: 'slurm' },
        partition: { type: 'string', help: 'Slurm partition (default: the cluster default)' },
        time: { type: 'string', help: 'time limit per array task (Slurm format, e.g. 30:00, 1-00:00:00)' },
        mem: { type: 'string', help: 'memory per task (e.g. 4G)' },
        cpus: { type: 'int', help: 'CPUs per task (study cells use them all)' },
        'max-parallel': { type: 'int', help: 'array tasks running at once (--array=0-N%max)' },
        'cells-per-task': { type: 'int', help: 'cells per array task (default: ≤ 1000 tasks)' },
        'shard-dir': { type: 'string', help: 'directory shared with the compute nodes (default: beside the database)' },
        sbatch: { type: 'string', help: 'extra sbatch options, comma-separated (e.g. --sbatch=--account=abc,--qos=low)' },
        'dry-run': { type: 'bool', help: 'print the sbatch script; submit nothing' },
      } satisfies OptSpecs);
    }
    if (sub === 'show') specs.limit = { type: 'int', help: 'cells listed', default: 200 };
    const { opts, positionals } = parseArgs(rest, specs);
    if (opts.help) {
      io.stdout(helpText(`usage: plrf sweep ${sub}${sub === 'list' ? '' : ' ID'} [options]`, specs));
      return 0;
    }
    const json = Boolean(opts.json);
    if (sub === 'run' && opts.executor !== 'local') throw new ParamError('--executor', `"${String(opts.executor)}" — sweep run executes here (local); use \`plrf sweep submit ID --executor slurm\``);
    if (sub === 'submit' && opts.executor !== 'slurm')
      throw new ParamError('--executor', opts.executor === undefined ? 'required: --executor slurm' : `"${String(opts.executor)}" (submit supports slurm; local: \`plrf sweep run ID\`)`);
    if (sub === 'run' && !((opts.parallel as number) >= 1)) throw new ParamError('--parallel', 'expected an integer ≥ 1');
    const id = sub === 'list' ? 0 : sweepId(positionals);

    const { svc, api } = openService(opts.db, sub === 'run' || sub === 'resume' ? ((opts.parallel as number | undefined) ?? 1) : 1);
    try {
      try {
        switch (sub) {
          case 'list': {
            const all = await api.listSweeps();
            if (json) io.stdout(JSON.stringify(all) + '\n');
            else if (all.length === 0) io.stdout('no sweeps\n');
            else for (const s of all) io.stdout(`${String(s.id).padStart(4)}  ${s.kind.padEnd(8)} ${s.state.padEnd(9)} ${(s.executor ?? '-').padEnd(5)}  ${axesText(s)}  ${countsLine(s.counts)}${s.label ? `  "${s.label}"` : ''}\n`);
            return 0;
          }
          case 'show': {
            const d: SweepDetail = await api.getSweep({ id, limit: json ? undefined : (opts.limit as number) });
            if (json) {
              io.stdout(JSON.stringify(d) + '\n');
              return 0;
            }
            io.stdout(`sweep ${d.id} (${d.kind}) ${d.label ? `"${d.label}" ` : ''}— ${d.state}, executor ${d.executor ?? 'none yet'}\n`);
            io.stdout(`axes: ${d.axes.map((a) => `${a.name} = ${a.values.join(',')}`).join('; ')}\n`);
            io.stdout(`${countsLine(d.counts)}\n`);
            for (const s of d.submissions) io.stdout(`Slurm job ${s.jobId}: ${s.cells} cells in ${s.tasks} tasks, shards in ${s.shardDir}${s.cancelledAt ? ' (cancelled)' : ''}\n`);
            for (const c of d.cells) io.stdout(cellLine(c) + '\n');
            if (d.cells.length < d.counts.cells) io.stdout(`  … ${d.counts.cells - d.cells.length} more (--limit, --json)\n`);
            return 0;
          }
          case 'status': {
            const s = await api.sweepStatus({ id });
            io.stdout(json ? JSON.stringify(s) + '\n' : `sweep ${id} (${s.state}): ${countsLine(s)}\n`);
            return 0;
          }
          case 'run':
          case 'resume': {
            const before = await api.getSweep({ id, limit: 1 });
            const st = sub === 'run' ? await api.runSweep({ id }) : await api.resumeSweep({ id });
            if (sub === 'resume' && before.executor === 'slurm') {
              io.stderr(`sweep ${id}: resubmitted to Slurm (job ${st.jobIds[st.jobIds.length - 1] ?? '?'})\n`);
              io.stdout(json ? JSON.stringify(st) + '\n' : `sweep ${id}: ${countsLine(st)}\n`);
              return 0;
            }
            io.stderr(`sweep ${id}: ${st.running} cell(s) queued here; ${st.done} already done\n`);
            const final = await waitForLocal(svc, api, id, io);
            io.stdout(json ? JSON.stringify(final) + '\n' : `sweep ${id}: ${countsLine(final)}\n`);
            return final.failed || final.cancelled ? 1 : 0;
          }
          case 'submit': {
            const r = await api.submitSweep({
              id,
              partition: opts.partition as string | undefined,
              time: opts.time as string | undefined,
              mem: opts.mem as string | undefined,
              cpus: opts.cpus as number | undefined,
              maxParallel: opts['max-parallel'] as number | undefined,
              cellsPerTask: opts['cells-per-task'] as number | undefined,
              shardDir: opts['shard-dir'] as string | undefined,
              sbatchOptions: typeof opts.sbatch === 'string' ? opts.sbatch.split(',').map((x) => x.trim()).filter(Boolean) : undefined,
              dryRun: Boolean(opts['dry-run']),
            });
            if (r.dryRun) {
              io.stdout(json ? JSON.stringify(r) + '\n' : r.script);
              return 0;
            }
            io.stderr(`sweep ${id}: Slurm job ${r.jobId}: ${r.cells.length} cell(s) in ${r.tasks} array task(s); shards in ${r.shardDir}\n`);
            io.stdout(json ? JSON.stringify(r) + '\n' : `${r.jobId}\n`);
            return 0;
          }
          case 'collect': {
            const r = await api.collectSweep({ id });
            if (json) io.stdout(JSON.stringify(r) + '\n');
            else {
              io.stdout(`sweep ${id}: imported ${r.imported} done + ${r.importedFailed} failed shard(s) (${r.alreadyImported} already imported) in ${(r.elapsedMs / 1000).toFixed(2)} s\n`);
              for (const m of r.missing) io.stdout(`  missing cell ${m.idx}: ${m.reason}\n`);
              for (const b of r.invalid) io.stdout(`  invalid shard ${b.file}: ${b.reason}\n`);
              io.stdout(`${countsLine(r.counts)}\n`);
            }
            return 0;
          }
          case 'cancel': {
            const s = await api.cancelSweep({ id });
            io.stdout(json ? JSON.stringify(s) + '\n' : `sweep ${id} cancelled: ${countsLine(s)}\n`);
            return 0;
          }
        }
      } catch (e) {
        throw cliError(e);
      }
      return 0;
    } finally {
      await svc.close();
    }
  },
};

async function create(argv: string[], io: CliIO): Promise<number> {
  const target = argv[0];
  if (!target || target.startsWith('-')) {
    if (target === '--help' || target === '-h') {
      io.stdout(USAGE);
      return 0;
    }
    throw new ParamError('KIND', `missing run kind (allowed: ${TARGETS.join(', ')})`);
  }
  if (!TARGETS.includes(target as (typeof TARGETS)[number])) throw new ParamError('KIND', `"${target}" is not a run kind (allowed: ${TARGETS.join(', ')})`);
  const t = target as (typeof TARGETS)[number];
  const schema = getKind(t === 'curve' ? 'sgd' : t).schema!;
  const { specs: schemaSpecs, fields } = optionsFromSchema(schema);
  const specs: OptSpecs = {
    ...schemaSpecs,
    ...(t === 'study' ? { preset: { type: 'string', help: `start from a preset (${STUDY_PRESETS.map((p) => p.name).join(', ')})` } } : {}),
    label: { type: 'string', help: 'label of the sweep' },
    yes: { type: 'bool', help: 'confirm a sweep of more than 10 000 cells' },
    ...DB,
  };
  const { axes, rest } = extractAxes(argv.slice(1));
  const { opts } = parseArgs(rest, specs);
  if (opts.help) {
    io.stdout(helpText(`usage: plrf sweep create ${t} [options] --axis NAME=V1,V2,… | NAME=START:STOP:STEP … [--label L] [--yes] [--json]`, specs, 'Axis names are parameter names (alpha, beta, tau, d, gamma-fraction, seed, …); the first axis varies slowest.'));
    return 0;
  }
  if (t === 'study' && opts.preset !== undefined && !getPreset(String(opts.preset))) throw new ParamError('--preset', `unknown preset "${String(opts.preset)}"`);
  if (axes.length === 0) throw new ParamError('--axis', 'a sweep needs at least one --axis NAME=V1,V2,… or NAME=START:STOP:STEP');
  const { kind, params } = buildRunRequest(t, opts, fields);
  const { svc, api } = openService(opts.db);
  try {
    let s: SweepSummary;
    try {
      s = await api.createSweep({ kind, params, axes, label: opts.label as string | undefined, confirm: Boolean(opts.yes) });
    } catch (e) {
      throw cliError(e, (p) => {
        const f = fields.find((x) => x.key === p.split('.')[0]);
        return f ? `--${f.flag}` : null;
      });
    }
    io.stderr(`sweep ${s.id}: ${s.counts.cells} cell(s) of ${s.kind} (${axesText(s)}) in ${svc.dbPath}\n`);
    io.stdout(opts.json ? JSON.stringify({ id: s.id, cells: s.counts.cells }) + '\n' : `${s.id}\n`);
    return 0;
  } finally {
    await svc.close();
  }
}
