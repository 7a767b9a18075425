// `plrf run <curve|spectrum|study> [options] [--db PATH] [--label L] [--tags a,b] [--notes N] [--json]`:
// the same computation as `plrf curve|spectrum|study`, but executed by the job system (a worker
// process) and stored in the run database. The options are derived from the same zod schemas
// (src-shared/params) as the direct commands: a field `gammaFraction` is the flag
// `--gamma-fraction`, lists are comma-separated. `run curve --method de` stores kind volterra,
// `--method exact|sgd` kind sgd. Progress goes to stderr; stdout gets the run id (or, with
// --json, the stored run's summary). Exit 0 when done, 1 when failed/cancelled, 2 on invalid
// input (one line naming the flag), 130 after Ctrl-C (the run is cancelled).
import type { Command, CliIO } from '../command';
import { helpText, parseArgs, type OptSpecs, type OptType } from '../args';
import { ParamError } from '../../../src-shared/params/errors';
import { ApiError, isApiError } from '../../../src-shared/api/errors';
import { createApiClient, createLocalTransport, type PlrfClient } from '../../../src-shared/api/contract';
import type { RunKind, RunSummary } from '../../../src-shared/api/types';
import { getPreset, STUDY_PRESETS } from '../../../src-shared/study/presets';
import { resolveSpectrumAxis } from '../../services/spectrum-axis';
import { createPlrfService, type PlrfServiceHandle } from '../../services/api-service';
import { DB_OPTS, asDbError, dbTarget } from '../db-option';
import { getKind } from '../../../src-shared/compute/registry';
import { parseScheduleArg } from '../../../src-shared/params/optimizer-params';

const SCHEDULE_KEYS = new Set(['g1', 'g2', 'g3', 'delta']);
import { loadSpectrumFile } from '../spectrum-input';
import { getBackend } from '../../linalg/select';
import { getDatasetPreset } from '../../services/datasets';

export const kebab = (s: string) => s.replace(/[A-Z]/g, (c) => '-' + c.toLowerCase());

interface FieldInfo {
  key: string;
  flag: string;
  type: OptType;
  /** union of number | number[]: one value → number */
  scalarOrList: boolean;
}

type AnyZod = { def: { type: string; innerType?: AnyZod; element?: AnyZod; options?: AnyZod[] }; description?: string; isInt?: boolean };

function unwrap(t: AnyZod): { inner: AnyZod; description?: string } {
  let description = t.description;
  while (t.def.type === 'default' || t.def.type === 'optional' || t.def.type === 'nullable') {
    t = t.def.innerType!;
    description ??= t.description;
  }
  return { inner: t, description };
}

/** CLI options of a zod object schema: flag = kebab-case field name, typed by the field */
export function optionsFromSchema(schema: { shape: Record<string, unknown> }): { specs: OptSpecs; fields: FieldInfo[] } {
  const specs: OptSpecs = {};
  const fields: FieldInfo[] = [];
  for (const [key, raw] of Object.entries(schema.shape)) {
    const { inner, description } = unwrap(raw as AnyZod);
    let type: OptType = 'string';
    let scalarOrList = false;
    switch (inner.def.type) {
      case 'number':
        type = inner.isInt ? 'int' : 'number';
        break;
      case 'boolean':
        type = 'bool';
        break;
      case 'array':
      case 'tuple':
        type = inner.def.element && unwrap(inner.def.element).inner.isInt ? 'intlist' : 'numlist';
        break;
      case 'union': {
        const kinds = (inner.def.options ?? []).map((o) => unwrap(o).inner.def.type);
        if (kinds.includes('array')) {
          type = 'numlist';
          scalarOrList = true;
        } else if (kinds.every((k) => k === 'literal' || k === 'number')) type = 'number';
        break;
      }
      default:
        type = 'string';
    }
    const flag = kebab(key);
    specs[flag] = { type, help: description ?? '' };
    fields.push({ key, flag, type, scalarOrList });
  }
  return { specs, fields };
}

const COMMON: OptSpecs = {
  ...DB_OPTS,
  yes: { type: 'bool', help: 'run even if the time estimate is over the time budget (PLRF_TIME_BUDGET)' },
  label: { type: 'string', help: 'label of the stored run' },
  'spectrum-name': { type: 'string', help: 'display name of the --spectrum file (default the file name)' },
  tags: { type: 'string', help: 'comma-separated tags' },
  notes: { type: 'string', help: 'notes' },
  json: { type: 'bool', help: 'print the stored run (summary) as one JSON document' },
  help: { type: 'bool', help: 'show this help' },
};

const TARGETS = ['curve', 'spectrum', 'study'] as const;
type Target = (typeof TARGETS)[number];

function schemaOf(target: Target): { shape: Record<string, unknown> } {
  const schema = getKind(target === 'curve' ? 'sgd' : target).schema;
  if (!schema) throw new ParamError('kind', `${target} runs are not available in this build`);
  return schema;
}

/** argv of `plrf run <target> …` → kind + params (+ run metadata) */
export function buildRunRequest(target: Target, opts: Record<string, unknown>, fields: FieldInfo[]): { kind: RunKind; params: Record<string, unknown> } {
  let params: Record<string, unknown> = {};
  const dp = target === 'study' && opts.preset !== undefined ? getDatasetPreset(String(opts.preset)) : undefined;
  if (dp) params = { ...dp.spec(getBackend()) };
  else if (target === 'study' && opts.preset !== undefined) {
    const p = getPreset(String(opts.preset));
    if (!p) throw new ParamError('--preset', `unknown preset "${String(opts.preset)}" (allowed: ${STUDY_PRESETS.map((x) => x.name).join(', ')})`);
    params = { ...p.spec };
    if (opts['v-ratio'] !== undefined || opts.v !== undefined) {
      delete params.vRatio;
      delete params.v;
    }
  }
  for (const f of fields) {
    const v = opts[f.flag];
    if (v === undefined) continue;
    params[f.key] = f.scalarOrList && Array.isArray(v) && v.length === 1 ? v[0] : v;
    // optimizer schedules (params/optimizer-params.ts): "c", "c,p" or "c,p,t0"
    if (SCHEDULE_KEYS.has(f.key) && typeof v === 'string') params[f.key] = parseScheduleArg(`--${f.flag}`, v);
  }
  // --spectrum FILE [--spectrum-name N]: the file's spectrum is stored with the run (issue 14)
  if (typeof opts.spectrum === 'string') {
    params.spectrum = loadSpectrumFile(opts.spectrum, opts['spectrum-name'] as string | undefined).spectrum;
    if (target === 'study') delete params.vRatio;
  } else if (opts['spectrum-name'] !== undefined) throw new ParamError('--spectrum-name', 'needs --spectrum FILE');
  // names on a study's spectrum axis (power-law, a data set, file:PATH) → spectrum objects, stored with the run
  if (target === 'study') params = resolveSpectrumAxis(params, { backend: getBackend, files: true });
  let kind: RunKind;
  if (target === 'curve') kind = params.method === 'de' ? 'volterra' : 'sgd';
  else kind = target;
  return { kind, params };
}

const fieldFlag = (fields: FieldInfo[], field: string | null): string => {
  if (!field) return 'params';
  const key = field.replace(/^params\./, '').split('.')[0]!;
  const f = fields.find((x) => x.key === key);
  return f ? `--${f.flag}` : field.replace(/^params\./, '');
};

function stripPrefix(msg: string, field: string | null): string {
  if (!field) return msg;
  const bare = field.replace(/^params\./, '');
  for (const p of [field, bare]) if (msg.startsWith(p + ': ')) return msg.slice(p.length + 2);
  return msg;
}

export function progressBar(io: CliIO): (fraction: number, phase: string, eta: number | null) => void {
  let last = 0;
  return (fraction, phase, eta) => {
    const pct = `${(100 * fraction).toFixed(0).padStart(3)}%`;
    const etaS = eta === null ? '' : `  ETA ${eta < 60 ? eta.toFixed(0) + ' s' : (eta / 60).toFixed(1) + ' min'}`;
    if (io.tty) {
      const w = 24;
      const n = Math.round(w * fraction);
      io.stderr(`\r\x1b[K[${'#'.repeat(n)}${'.'.repeat(w - n)}] ${pct}  ${phase.slice(0, 60)}${etaS}`);
    } else {
      const t = Date.now();
      if (t - last >= 1000 || fraction >= 1) {
        io.stderr(`${pct}  ${phase}${etaS}\n`);
        last = t;
      }
    }
  };
}

/**
 * open the services for a CLI command (no spare worker, one job at a time). `opts` are the
 * parsed options (--db, --create, see ../db-option.ts); read-only commands pass readonly.
 */
export function openCliService(opts: Record<string, unknown>, mode: { readonly?: boolean } = {}): { svc: PlrfServiceHandle; api: PlrfClient } {
  const { dbPath, create } = dbTarget(opts);
  let svc: PlrfServiceHandle;
  try {
    svc = createPlrfService({ dbPath, create, readonly: mode.readonly ?? false, concurrency: 1, prewarm: false });
  } catch (e) {
    throw asDbError(e);
  }
  return { svc, api: createApiClient(createLocalTransport(svc)) };
}

/** an ApiError from the typed API → a ParamError for main.ts (exit 2) when it is bad input */
export function asCliError(e: unknown, fields: FieldInfo[] = []): unknown {
  if (isApiError(e) && (e.code === 'invalid_param' || e.code === 'bad_request')) {
    const field = (e as ApiError).field;
    return new ParamError(fields.length ? fieldFlag(fields, field) : (field ?? 'request'), stripPrefix(e.message, field));
  }
  if (isApiError(e) && e.code === 'not_found') return new ParamError('id', e.message.replace(/^id: /, ''));
  return e;
}

export const runCommand: Command = {
  name: 'run',
  summary: 'run a curve, spectrum or study as a stored job (prints the run id)',
  async run(argv, io) {
    const target = argv[0];
    if (!target || target === '--help' || target === '-h' || !TARGETS.includes(target as Target)) {
      if (target && !target.startsWith('-')) throw new ParamError('kind', `"${target}" is not a run kind (allowed: ${TARGETS.join(', ')})`);
      const usage =
        'usage: plrf run <curve|spectrum|study> [options of that command] [--db PATH] [--label L] [--tags a,b] [--notes N] [--json]\n' +
        '       (plrf run <kind> --help lists the options)\n' +
        '       stored kinds: curve --method exact|sgd → sgd (Risk curve), curve --method de → volterra (Volterra curve), spectrum, study\n';
      (target ? io.stdout : io.stderr)(usage);
      return target ? 0 : 2;
    }
    const t = target as Target;
    const { specs: schemaSpecs, fields } = optionsFromSchema(schemaOf(t));
    const specs: OptSpecs = { ...schemaSpecs, ...(t === 'study' ? { preset: { type: 'string', help: `start from a preset (${STUDY_PRESETS.map((p) => p.name).join(', ')})` } } : {}), ...COMMON };
    const { opts } = parseArgs(argv.slice(1), specs);
    if (opts.help) {
      io.stdout(helpText(`usage: plrf run ${t} [options] [--db PATH] [--label L] [--tags a,b] [--json]`, specs, 'Same options as `plrf ' + t + '`; the run is executed in a worker process and stored.'));
      return 0;
    }
    const { kind, params } = buildRunRequest(t, opts, fields);
    const tags = typeof opts.tags === 'string' ? opts.tags.split(',').map((s) => s.trim()).filter(Boolean) : undefined;
    const { svc, api } = openCliService(opts);
    const bar = progressBar(io);
    let summary: RunSummary;
    let interrupted = false;
    const onSigint = () => {
      interrupted = true;
      io.stderr('\ncancelling…\n');
      void api.cancelRun({ id: summary.id }).catch(() => {});
    };
    try {
      try {
        summary = await api.startRun({ kind, params, label: opts.label as string | undefined, tags, notes: opts.notes as string | undefined, ...(opts.yes ? { confirm: true } : {}) });
      } catch (e) {
        throw asCliError(e, fields);
      }
      io.stderr(`run ${summary.id} (${kind}) queued in ${svc.dbPath}\n`);
      const off = api.onEvent((e) => {
        if (e.type === 'progress' && e.runId === summary.id) bar(e.fraction, e.phase, e.etaSeconds);
      });
      process.once('SIGINT', onSigint);
      const final = await svc.waitForRun(summary.id);
      off();
      process.off('SIGINT', onSigint);
      if (io.tty) io.stderr('\n');
      const secs = final.durationMs !== null ? ` in ${(final.durationMs / 1000).toFixed(1)} s` : '';
      io.stderr(`run ${final.id}: ${final.status}${secs}${final.error ? ` — ${final.error}` : ''}\n`);
      if (opts.json) io.stdout(JSON.stringify(final) + '\n');
      else io.stdout(`${final.id}\n`);
      if (interrupted) return 130;
      if (final.status === 'failed' && final.error?.startsWith('invalid ')) {
        // a parameter rule that needs the drawn problem (e.g. gamma ≥ gamma_max)
        const m = /^invalid ([\w.]+): (.*)$/s.exec(final.error);
        if (m) throw new ParamError(fieldFlag(fields, m[1]!), m[2]!);
      }
      return final.status === 'done' ? 0 : 1;
    } finally {
      process.off('SIGINT', onSigint);
      await svc.close();
    }
  },
};
