// The ONE typed contract between the renderer (or CLI, or tests) and the services.
// Like VS Code's proxied service interfaces: the service is an interface (`PlrfApi`); a
// transport moves `(method, payload)` one way and `ApiResponse` / `ApiEvent` the other;
// `createApiClient(transport)` gives back a `PlrfClient` (the interface + onEvent) and
// `createApiDispatcher(impl)` turns an implementation into the `(method, payload)` handler
// that validates the payload (zod, strict) and maps every failure to a structured error.
//
// Transports: Electron IPC (src-main/electron: preload + handlers, UI engineer), HTTP + SSE
// (src-main/web server, src-renderer/api/http-transport.ts), in-process (`createLocalTransport`,
// used by the CLI and tests). Every method takes ONE request object (or none) and returns a
// JSON-compatible value; no string channels anywhere else.
import { z } from 'zod';
import { ApiError, toApiErrorInfo, type ApiErrorInfo } from './errors';
import { requestSchemas } from './schemas';
import { primaryIssue } from '../params/errors';
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
} from './schemas';
import type {
  ApiEvent,
  Comparison,
  DoctorInfo,
  DuplicateDraft,
  Estimate,
  ExportedFile,
  FigureFile,
  RunDetail,
  RunPage,
  RunSummary,
  TagCount,
  ValidatedParams,
} from './types';
import type { CreateSweepRequest, GetSweepRequest, SubmitSweepRequest, SweepIdRequest } from './sweep-schemas';
import type { SweepCollectReport, SweepDetail, SweepStatus, SweepSubmitResult, SweepSummary } from './sweep-types';

/** sweeps (issue 15): a base run + axes expanded into cells, executed locally or as a Slurm job array */
export interface SweepApi {
  /** expand + validate every cell (invalid_param naming the axis) and store the sweep; nothing runs yet */
  createSweep(req: CreateSweepRequest): Promise<SweepSummary>;
  listSweeps(req?: Record<string, never>): Promise<SweepSummary[]>;
  /** the sweep with its cells (status, run id, error, η and its interval) and Slurm submissions */
  getSweep(req: GetSweepRequest): Promise<SweepDetail>;
  sweepStatus(req: SweepIdRequest): Promise<SweepStatus>;
  /** local executor: queue every pending / failed / cancelled cell as a run here (done cells are kept) */
  runSweep(req: SweepIdRequest): Promise<SweepStatus>;
  /** Slurm executor: one job array of the pending / failed / missing cells (dryRun: the script only) */
  submitSweep(req: SubmitSweepRequest): Promise<SweepSubmitResult>;
  /** import finished shards exactly once; report missing tasks with their Slurm state */
  collectSweep(req: SweepIdRequest): Promise<SweepCollectReport>;
  /** stop its local runs and scancel its Slurm jobs */
  cancelSweep(req: SweepIdRequest): Promise<SweepStatus>;
  /** continue with the last executor (local: run; Slurm: collect + resubmit the rest) */
  resumeSweep(req: SweepIdRequest): Promise<SweepStatus>;
}

export interface PlrfApi extends SweepApi {
  /** a page of runs matching a filter, sorted (server-side: stays fast with 10 000+ runs) */
  listRuns(req?: ListRunsRequest): Promise<RunPage>;
  /** one run with its results (curves as number[]) and partial results */
  getRun(req: GetRunRequest): Promise<RunDetail>;
  /** validate params (invalid_param naming the field) and queue a new run */
  startRun(req: StartRunRequest): Promise<RunSummary>;
  /** cancel a queued or running run (the worker stops within 1 s); conflict if already final */
  cancelRun(req: IdRequest): Promise<RunSummary>;
  /** queue a new run with the same kind, params, label and tags (parentId = id) */
  rerun(req: IdRequest): Promise<RunSummary>;
  /** a draft (kind, params, label, tags, notes) to edit in the New-run form; nothing is created */
  duplicateRun(req: IdRequest): Promise<DuplicateDraft>;
  /** change label / tags / notes (only the given fields) */
  updateRun(req: UpdateRunRequest): Promise<RunSummary>;
  /** soft delete (cancels it if running); undo with restoreRun */
  deleteRun(req: IdRequest): Promise<RunSummary>;
  restoreRun(req: IdRequest): Promise<RunSummary>;
  /** CSV: one row per checkpoint (d, tau, seed, r, C = B·d·r, risk, …); JSON: the full run, re-importable */
  exportRun(req: ExportRunRequest): Promise<ExportedFile>;
  /** import a JSON export: a new run with identical params and curves */
  importRun(req: ImportRunRequest): Promise<RunSummary>;
  /** params side by side (which differ) and headline metrics */
  compareRuns(req: CompareRunsRequest): Promise<Comparison>;
  /** time and memory estimate before starting (validates params like startRun) */
  estimate(req: KindParamsRequest): Promise<Estimate>;
  /** validate params for a form: the params after defaults, or invalid_param naming the field */
  validateParams(req: KindParamsRequest): Promise<ValidatedParams>;
  /** all tags with their number of (non-deleted) runs */
  listTags(req?: Record<string, never>): Promise<TagCount[]>;
  /** versions, paths, backend, queue state, run kinds */
  doctor(req?: Record<string, never>): Promise<DoctorInfo>;
  /** a chart's SVG (laid out at a paper size) → vector PDF with embedded fonts, as `plrf figure` */
  renderFigure(req: RenderFigureRequest): Promise<FigureFile>;
}

export type ApiMethod = keyof PlrfApi;
export const API_METHODS = Object.keys(requestSchemas) as ApiMethod[];
// compile-time check: the schema table has exactly the methods of PlrfApi
const _methodsMatch: Record<ApiMethod, unknown> = requestSchemas satisfies Record<ApiMethod, z.ZodType>;
void _methodsMatch;

export function isApiMethod(m: unknown): m is ApiMethod {
  return typeof m === 'string' && Object.prototype.hasOwnProperty.call(requestSchemas, m);
}

export type ApiResponse<T = unknown> = { ok: true; result: T } | { ok: false; error: ApiErrorInfo };

export type Unsubscribe = () => void;
export type EventListener = (e: ApiEvent) => void;

/** A source of events (the service implements it; so does every client). */
export interface ApiEventSource {
  onEvent(listener: EventListener): Unsubscribe;
}

/** What a service implementation provides: the methods plus its event stream. */
export type PlrfService = PlrfApi & ApiEventSource;
/** What a client gets back: the same interface plus events. */
export type PlrfClient = PlrfApi & ApiEventSource;

/** Moves calls one way and events the other. */
export interface ApiTransport {
  call(method: ApiMethod, payload: unknown): Promise<ApiResponse>;
  subscribe(listener: EventListener): Unsubscribe;
}

export type ApiDispatcher = (method: string, payload: unknown) => Promise<ApiResponse>;

function zodErrorInfo(err: z.ZodError): ApiErrorInfo {
  const issue = primaryIssue(err.issues);
  const path = issue ? issue.path.map(String) : [];
  let message = issue?.message ?? 'invalid request';
  if (issue?.code === 'unrecognized_keys') {
    // name the unknown field itself (e.g. "filter.sneaky"), like params.__proto__
    const keys = (issue as { keys: string[] }).keys;
    path.push(keys[0]!.slice(0, 64));
    message = `unknown field(s): ${keys.map((k) => k.slice(0, 64)).join(', ')}`;
  }
  // a request of the wrong type as a whole is named "request"
  return { code: 'bad_request', field: path.length ? path.join('.') : 'request', message };
}

/**
 * Server side: validates `(method, payload)` against the method's schema and calls `impl`.
 * Never throws: every failure comes back as `{ok: false, error: {code, field, message}}`.
 */
export function createApiDispatcher(impl: PlrfApi): ApiDispatcher {
  return async (method, payload) => {
    if (!isApiMethod(method)) return { ok: false, error: { code: 'unknown_method', field: 'method', message: `unknown method "${String(method).slice(0, 64)}"` } };
    const schema = requestSchemas[method] as z.ZodType;
    const parsed = schema.safeParse(payload === null ? undefined : payload);
    if (!parsed.success) return { ok: false, error: zodErrorInfo(parsed.error) };
    try {
      const fn = impl[method] as (req: unknown) => Promise<unknown>;
      const result = await fn.call(impl, parsed.data);
      return { ok: true, result };
    } catch (e) {
      return { ok: false, error: toApiErrorInfo(e) };
    }
  };
}

/** Client side: the typed interface over any transport; errors are rethrown as ApiError. */
export function createApiClient(transport: ApiTransport): PlrfClient {
  const client = {
    onEvent: (listener: EventListener) => transport.subscribe(listener),
  } as PlrfClient;
  for (const m of API_METHODS) {
    (client as unknown as Record<string, unknown>)[m] = async (req?: unknown) => {
      const res = await transport.call(m, req);
      if (res.ok) return res.result;
      throw new ApiError(res.error.code, res.error.message, res.error.field);
    };
  }
  return client;
}

/**
 * In-process transport (CLI, tests): payloads are deep-copied through JSON both ways so the
 * behaviour matches a real transport (no shared references, no typed arrays, no undefined).
 */
export function createLocalTransport(service: PlrfService): ApiTransport {
  const dispatch = createApiDispatcher(service);
  return {
    call: async (method, payload) => {
      const copy = payload === undefined ? undefined : JSON.parse(JSON.stringify(payload));
      const res = await dispatch(method, copy);
      return JSON.parse(JSON.stringify(res)) as ApiResponse;
    },
    subscribe: (listener) => service.onEvent(listener),
  };
}

/** A tiny event hub for implementations and transports. Listener errors are isolated. */
export class EventHub<E = ApiEvent> {
  private listeners = new Set<(e: E) => void>();
  on(listener: (e: E) => void): Unsubscribe {
    this.listeners.add(listener);
    return () => {
      this.listeners.delete(listener);
    };
  }
  emit(e: E): void {
    for (const l of [...this.listeners]) {
      try {
        l(e);
      } catch {
        /* a broken listener must not break the others */
      }
    }
  }
  get size(): number {
    return this.listeners.size;
  }
}
