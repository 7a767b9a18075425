// The PlrfApi implementation over the store and the job queue — the ONE service behind the
// Electron app (IPC), the web mode (HTTP) and the CLI. Requests arrive already validated by
// createApiDispatcher (src-shared/api/contract.ts); run parameters are validated here by the
// kind's schema (src-shared/compute/registry.ts) before anything is stored.
import os from 'node:os';
import { ApiError } from '../../src-shared/api/errors';
import { isParamError } from '../../src-shared/params/errors';
import { EventHub, type EventListener, type PlrfService, type Unsubscribe } from '../../src-shared/api/contract';
import type {
  CompareRunsRequest,
  ExportRunRequest,
  GetRunRequest,
  IdRequest,
  ImportRunRequest,
  KindParamsRequest,
  ListRunsRequest,
  RenderFigureRequest,
  StartRunRequest,
  UpdateRunRequest,
} from '../../src-shared/api/schemas';
import type {
  ApiEvent,
  Comparison,
  DoctorInfo,
  DuplicateDraft,
  Estimate,
  ExportedFile,
  FigureFile,
  KindInfo,
  RunDetail,
  RunKind,
  RunPage,
  RunSummary,
  TagCount,
  ValidatedParams,
} from '../../src-shared/api/types';
import { exportCsv, exportJson, parseExport } from '../../src-shared/api/export-format';
import { getKind, hasKind, listKinds } from '../../src-shared/compute/registry';
import { openStore } from './store/open-store';
import { leaseOf, ownerAlive } from './store/owner-lease';
import { RunStore } from './store/run-store';
import { JobQueue } from './jobs/queue';
import { createForkWorkerHost, type WorkerHost } from './jobs/worker-host';
import { codeVersion as detectCodeVersion, packageVersion } from './version';
import { linalgInfo } from './backend-info';
import { admit, budgetProblems, type ResourceBudget } from '../../src-shared/compute/budget';
import { WORKER_OVERHEAD, configureEstimateMachine, defaultBudget, residentBytes } from './budget';
import { createSweepApi } from '../sweep/sweep-service';
import { resolveSpectrumAxis } from './spectrum-axis';
import { getBackend } from '../linalg/select';

/** a study's data-set names on vary.spectrum → spectrum objects (files are never read for a request) */
const resolveNames = (kind: string, params: unknown): unknown => (kind === 'study' ? resolveSpectrumAxis(params, { backend: getBackend, files: false }) : params);

export interface ServiceOptions {
  /** SQLite file, or ':memory:' */
  dbPath: string;
  /** may a missing database file be created (default true; the CLI passes false for an explicit
   *  --db without --create, see store/open-store.ts) */
  create?: boolean;
  /** open the database read-only (read-only CLI commands): no recovery, no writes */
  readonly?: boolean;
  /** Electron: path of the Electron-ABI better_sqlite3.node */
  nativeBinding?: string;
  workerHost?: WorkerHost;
  concurrency?: number;
  cancelGraceMs?: number;
  workerEnv?: Record<string, string>;
  maxOldSpaceMb?: number;
  codeVersion?: string;
  /** keep a started spare worker for the next run (default true; the CLI turns it off) */
  prewarm?: boolean;
  /** mark runs of dead processes interrupted at start-up (default true) */
  recover?: boolean;
  /** runs one worker process executes before it is replaced (warm reuse; default 20) */
  reuseRuns?: number;
  /** memory and time budget of one run (default: defaultBudget(), from os memory and env) */
  budget?: ResourceBudget;
  /** backend description for doctor() */
  backendInfo?: () => Record<string, string | number | boolean>;
}

export interface PlrfServiceHandle extends PlrfService {
  readonly store: RunStore;
  readonly queue: JobQueue;
  readonly dbPath: string;
  /** ids marked interrupted at start-up */
  readonly recovered: number[];
  /** resolves with the final status once the run finished (this process's queue) */
  waitForRun(id: number): Promise<RunSummary>;
  close(): Promise<void>;
}

function notFound(id: number): ApiError {
  return new ApiError('not_found', `run ${id} does not exist`, 'id');
}

export function createPlrfService(opts: ServiceOptions): PlrfServiceHandle {
  const db = openStore({ path: opts.dbPath, nativeBinding: opts.nativeBinding, create: opts.create ?? true, readonly: opts.readonly ?? false });
  const store = new RunStore(db);
  store.ownerLease = leaseOf();
  const hub = new EventHub<ApiEvent>();
  const emit = (e: ApiEvent) => hub.emit(e);
  const codeVersion = opts.codeVersion ?? detectCodeVersion();
  const recovered = opts.recover === false || opts.readonly ? [] : store.recoverInterrupted(ownerAlive, process.pid);
  const budget = opts.budget ?? defaultBudget();
  configureEstimateMachine();
  const memoryCapBytes = budget.memoryBytes + WORKER_OVERHEAD;
  const queue = new JobQueue({
    memoryCapBytes,
    residentBytes,
    reuseRuns: opts.reuseRuns,
    store,
    host: opts.workerHost ?? createForkWorkerHost(),
    emit,
    concurrency: opts.concurrency,
    cancelGraceMs: opts.cancelGraceMs,
    workerEnv: opts.workerEnv,
    maxOldSpaceMb: opts.maxOldSpaceMb ?? Math.max(256, Math.round(memoryCapBytes / 1024 ** 2)),
    prewarm: opts.readonly ? false : opts.prewarm,
    estimateSeconds: (kind, params) => (hasKind(kind) ? getKind(kind).estimate(params).seconds : null),
  });
  let closed = false;

  const live = (s: RunSummary): RunSummary => (s.status === 'queued' || s.status === 'running' ? { ...s, progress: queue.progressOf(s.id) } : s);
  const mustGet = (id: number): RunSummary => {
    const s = store.getSummary(id);
    if (!s) throw notFound(id);
    return live(s);
  };
  const changed = (runIds: number[], reason: 'created' | 'updated' | 'deleted' | 'restored' | 'imported') =>
    emit({ type: 'runs-changed', runIds, reason, emittedAt: Date.now() });
  const checkOpen = () => {
    if (closed) throw new ApiError('unavailable', 'the service is shutting down');
  };

  function createAndQueue(
    kind: string,
    rawParams: unknown,
    meta: { label?: string; tags?: string[]; notes?: string; parentId?: number | null },
    confirm = false,
    resumeFrom: number | null = null,
  ): RunSummary {
    checkOpen();
    const spec = getKind(kind);
    const params = spec.validate(resolveNames(kind, rawParams));
    // refuse before anything is stored: memory over the budget (naming the driving parameter),
    // time over the budget unless confirmed
    admit(spec.estimate(params), budget, confirm);
    const id = store.createRun({
      kind,
      params,
      seed: spec.seedOf(params),
      codeVersion,
      label: meta.label,
      tags: meta.tags,
      notes: meta.notes,
      parentId: meta.parentId ?? null,
      ownerPid: process.pid,
    });
    // a re-run of an interrupted/failed/cancelled run starts from the units it had finished
    if (resumeFrom !== null) store.copyResumableParts(resumeFrom, id);
    changed([id], 'created');
    queue.enqueue(id);
    return mustGet(id);
  }

  const { sweeps: _sweepStore, ...sweepApi } = createSweepApi({
    runs: store,
    dbPath: opts.dbPath,
    codeVersion,
    startRun: (kind, params, meta) => createAndQueue(kind, params, meta),
    cancelLocal: (id) => queue.cancel(id),
    changed: (ids) => changed(ids, 'imported'),
  });

  const service: PlrfServiceHandle = {
    ...sweepApi,
    store,
    queue,
    dbPath: opts.dbPath,
    recovered,

    onEvent(listener: EventListener): Unsubscribe {
      return hub.on(listener);
    },

    async listRuns(req: ListRunsRequest = {}): Promise<RunPage> {
      const page = store.list(req);
      return { ...page, items: page.items.map(live) };
    },

    async getRun(req: GetRunRequest): Promise<RunDetail> {
      const d = store.getDetail(req.id, req.curves ?? true);
      if (!d) throw notFound(req.id);
      return d.status === 'queued' || d.status === 'running' ? { ...d, progress: queue.progressOf(d.id) } : d;
    },

    async startRun(req: StartRunRequest): Promise<RunSummary> {
      return createAndQueue(req.kind, req.params, { label: req.label, tags: req.tags, notes: req.notes }, req.confirm === true);
    },

    async cancelRun(req: IdRequest): Promise<RunSummary> {
      const s = mustGet(req.id);
      if (s.status !== 'queued' && s.status !== 'running') throw new ApiError('conflict', `run ${req.id} is already ${s.status}`, 'id');
      if (!queue.cancel(req.id)) {
        // owned by another process (e.g. a CLI `plrf run`): we cannot signal it; if its owner's
        // lease shows it is gone (dead, or its PID reused by another process), the run is ours to end
        const owner = store.ownerOf(req.id);
        if (owner && (owner.pid === null || !ownerAlive(owner.pid, owner.lease) || (owner.pid === process.pid && owner.lease !== store.ownerLease))) {
          store.setFinalStatus(req.id, 'cancelled', 'cancelled by the user (its process had stopped)');
          changed([req.id], 'updated');
          return mustGet(req.id);
        }
        throw new ApiError('conflict', `run ${req.id} is executed by another process; cancel it there`, 'id');
      }
      return mustGet(req.id);
    },

    async rerun(req: IdRequest): Promise<RunSummary> {
      const s = mustGet(req.id);
      // the time of a re-run was accepted once already; its memory is checked again (this machine)
      const resume = s.status === 'interrupted' || s.status === 'failed' || s.status === 'cancelled' ? s.id : null;
      return createAndQueue(s.kind, s.params, { label: s.label, tags: s.tags, notes: s.notes, parentId: s.id }, true, resume);
    },

    async duplicateRun(req: IdRequest): Promise<DuplicateDraft> {
      const s = mustGet(req.id);
      return { sourceId: s.id, kind: s.kind, params: s.params, label: s.label ? `${s.label} (copy)`.slice(0, 200) : '', tags: s.tags, notes: s.notes };
    },

    async updateRun(req: UpdateRunRequest): Promise<RunSummary> {
      checkOpen();
      if (!store.update(req.id, { label: req.label, tags: req.tags, notes: req.notes })) throw notFound(req.id);
      changed([req.id], 'updated');
      return mustGet(req.id);
    },

    async deleteRun(req: IdRequest): Promise<RunSummary> {
      checkOpen();
      const s = mustGet(req.id);
      if (s.deleted) throw new ApiError('conflict', `run ${req.id} is already deleted`, 'id');
      if (queue.isActive(req.id)) queue.cancel(req.id, 'cancelled: the run was deleted');
      store.setDeleted(req.id, true);
      changed([req.id], 'deleted');
      return mustGet(req.id);
    },

    async restoreRun(req: IdRequest): Promise<RunSummary> {
      checkOpen();
      const s = mustGet(req.id);
      if (!s.deleted) throw new ApiError('conflict', `run ${req.id} is not deleted`, 'id');
      store.setDeleted(req.id, false);
      changed([req.id], 'restored');
      return mustGet(req.id);
    },

    async exportRun(req: ExportRunRequest): Promise<ExportedFile> {
      const d = store.getDetail(req.id, true);
      if (!d) throw notFound(req.id);
      const base = `plrf-run-${d.id}-${d.kind}`;
      return req.format === 'csv'
        ? { filename: `${base}.csv`, mimeType: 'text/csv', content: exportCsv(d) }
        : { filename: `${base}.json`, mimeType: 'application/json', content: exportJson(d) };
    },

    async importRun(req: ImportRunRequest): Promise<RunSummary> {
      checkOpen();
      const doc = parseExport(req.content);
      if (!hasKind(doc.run.kind)) throw new ApiError('bad_request', `this program cannot run kind "${doc.run.kind}"`, 'content.run.kind');
      // the same validation as a new run (ranges, cross-field rules); the stored params stay as exported
      try {
        getKind(doc.run.kind).validate(doc.run.params);
      } catch (e) {
        if (isParamError(e)) throw new ApiError('invalid_param', e.message, `content.run.params.${e.param.replace(/^params\./, '')}`);
        throw e;
      }
      const id = store.importRun(doc, codeVersion, { file: req.filename ? req.filename.split(/[\\/]/).pop()! : null });
      changed([id], 'imported');
      return mustGet(id);
    },

    async compareRuns(req: CompareRunsRequest): Promise<Comparison> {
      const runs = req.ids.map((id) => mustGet(id));
      const names = [...new Set(runs.flatMap((r) => Object.keys(r.params)))].sort();
      const params = [{ name: 'kind', values: runs.map((r) => r.kind) as unknown[] }, ...names.map((n) => ({ name: n, values: runs.map((r) => (n in r.params ? r.params[n] : null)) }))].map(
        (p) => ({ ...p, differs: new Set(p.values.map((v) => JSON.stringify(v))).size > 1 }),
      );
      const metric = (name: string, f: (r: RunSummary) => number | null) => ({ name, values: runs.map(f) });
      return {
        runs,
        params,
        metrics: [
          metric('eta', (r) => r.headline.eta),
          metric('deltaEta', (r) => r.headline.deltaEta),
          metric('finalRisk', (r) => r.headline.finalRisk),
          metric('F0', (r) => r.headline.F0),
          metric('durationMs', (r) => r.durationMs),
        ],
      };
    },

    async estimate(req: KindParamsRequest): Promise<Estimate> {
      const spec = getKind(req.kind);
      const est = spec.estimate(spec.validate(resolveNames(req.kind, req.params)));
      const over = budgetProblems(est, budget).map((e) => e.message);
      return over.length ? { ...est, warnings: [...est.warnings, ...over] } : est;
    },

    async validateParams(req: KindParamsRequest): Promise<ValidatedParams> {
      return { kind: req.kind as RunKind, params: getKind(req.kind).validate(resolveNames(req.kind, req.params)) };
    },

    async listTags(): Promise<TagCount[]> {
      return store.listTags();
    },

    async doctor(): Promise<DoctorInfo> {
      const kinds: KindInfo[] = listKinds().map((k) => ({ kind: k.kind as RunKind, title: k.title, description: k.description }));
      return {
        version: packageVersion(),
        codeVersion,
        node: process.version,
        platform: `${process.platform}-${process.arch}`,
        cores: typeof os.availableParallelism === 'function' ? os.availableParallelism() : os.cpus().length,
        concurrency: queue.concurrency,
        dbPath: opts.dbPath,
        schemaVersion: store.schemaVersion,
        fts5: store.hasFts,
        backend: (opts.backendInfo ?? linalgInfo)(),
        queue: queue.stats(),
        kinds,
      };
    },

    async renderFigure(req: RenderFigureRequest): Promise<FigureFile> {
      // the renderer of `plrf figure` (pdfkit + svg-to-pdfkit, DejaVu embedded), loaded on first use
      const { svgToPdfSafe } = await import('../figure/svg-pdf');
      const pdf = await svgToPdfSafe(req.svg, { widthPt: req.widthPt, heightPt: req.heightPt, font: req.font, fontSizePt: 8 }, { title: req.name ?? 'figure' });
      return { filename: `${req.name ?? 'figure'}.pdf`, mimeType: 'application/pdf', base64: pdf.toString('base64'), bytes: pdf.length };
    },

    async waitForRun(id: number): Promise<RunSummary> {
      await queue.waitFor(id);
      return mustGet(id);
    },

    async close(): Promise<void> {
      if (closed) return;
      closed = true;
      await queue.close();
      store.close();
    },
  };
  return service;
}
