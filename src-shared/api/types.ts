// Data shapes of the typed API (responses and events). Plain JSON-compatible objects:
// they cross Electron IPC (structured clone), HTTP (JSON) and in-process calls unchanged.
// Arrays of numbers are `number[]` on the wire; the store keeps them as typed-array BLOBs.
// Times are epoch milliseconds (UTC). Run ids are positive integers.
//
// Run kinds (src-shared/compute/registry.ts maps kind → params schema + task):
//   sgd      — a risk curve of one exact problem: params of `plrf curve`, method exact|sgd
//   volterra — a deterministic-equivalent risk curve: params of `plrf curve`, method de
//   spectrum — eigenvalue density (de or empirical): params of `plrf spectrum`
//   study    — a compute-optimal study (frontier, fits, τ comparison): params of `plrf study`

export const RUN_KINDS = ['sgd', 'volterra', 'spectrum', 'study'] as const;
/**
 * The one user-facing name of each kind (issue 13: "one name per kind everywhere"): the New-run
 * tabs, the kind registry (doctor), the Runs list. The stored kind id stays the same everywhere
 * (API, store, CLI `runs list --kind`, sweeps): `plrf run curve --method de` and the UI's DE tab
 * both make kind `volterra`, named "Volterra curve" — the docs' "deterministic Volterra curve".
 */
export const KIND_TITLES = {
  sgd: 'Risk curve (exact / SGD)',
  volterra: 'Volterra curve (deterministic equivalent)',
  spectrum: 'Spectrum',
  study: 'Compute-optimal study',
} as const satisfies Record<(typeof RUN_KINDS)[number], string>;
export type RunKind = (typeof RUN_KINDS)[number];

export const RUN_STATUSES = ['queued', 'running', 'done', 'failed', 'cancelled', 'interrupted'] as const;
export type RunStatus = (typeof RUN_STATUSES)[number];
/** statuses a run never leaves by itself (re-run creates a new run) */
export const FINAL_STATUSES: readonly RunStatus[] = ['done', 'failed', 'cancelled', 'interrupted'];
export function isFinalStatus(s: RunStatus): boolean {
  return FINAL_STATUSES.includes(s);
}

export const SORT_FIELDS = ['id', 'createdAt', 'startedAt', 'finishedAt', 'duration', 'kind', 'status', 'label', 'eta'] as const;
export type SortField = (typeof SORT_FIELDS)[number];

export interface LiveProgress {
  /** in [0, 1] */
  fraction: number;
  phase: string;
  /** estimated seconds left, null while unknown */
  etaSeconds: number | null;
  /** epoch ms of the last progress report */
  updatedAt: number;
}

/** Small numbers shown in the runs table (null when the kind does not produce them). */
export interface RunHeadline {
  /** fitted η (study: of the reference variant's fit); null when not estimable (see etaNotEstimable) */
  eta: number | null;
  /** study: the reference fit is not estimable (s or η not finite, study/fit-estimable.ts) — lists show
   *  "not estimable", never a number */
  etaNotEstimable?: boolean;
  /** study: η(τ = 1/√d) − η(τ = 0) */
  deltaEta: number | null;
  /** curve kinds: risk at the last checkpoint */
  finalRisk: number | null;
  /** spectrum / curve kinds: F0 = σ² (irreducible risk) when known */
  F0: number | null;
}

/** One row of the runs table. */
export interface RunSummary {
  id: number;
  kind: RunKind;
  status: RunStatus;
  label: string;
  tags: string[];
  notes: string;
  /** the validated parameters as submitted (resolved values, e.g. gamma, are in result.summary.params) */
  params: Record<string, unknown>;
  /** base seed of the run, null for deterministic kinds */
  seed: number | null;
  /** package version + git commit when known, e.g. "0.1.0+16927ac" */
  codeVersion: string;
  createdAt: number;
  startedAt: number | null;
  finishedAt: number | null;
  durationMs: number | null;
  /** failure / interruption / cancellation reason */
  error: string | null;
  /** live progress while queued/running (null otherwise) */
  progress: LiveProgress | null;
  /** the run this one was re-run or imported from (null if none) */
  parentId: number | null;
  /** soft-deleted (restoreRun undoes) */
  deleted: boolean;
  /** keys of partial results saved so far (e.g. "tau=0/d=100"); complete runs list all parts */
  partialKeys: string[];
  headline: RunHeadline;
  /** deterministic-equivalent runs: version of the γ_max rule (summary.gammaLimit; null = before issue 11) */
  gammaLimit?: number | null;
  /** set when the run was imported from a file (importRun; migration 007), else null/absent */
  imported?: RunImport | null;
}

/** where an imported run came from: the file's name (null when the importer did not say), when, and its id there */
export interface RunImport {
  file: string | null;
  /** epoch ms of the import */
  at: number;
  /** the run's id in the store that exported it */
  sourceId: number | null;
}

/** What a curve (or any aligned set of columns) describes. */
export interface CurveMeta {
  /** 'risk' (r, risk [, q05…q95]), 'risk-draw' (one draw/run), 'frontier' (C, risk, dstar),
   *  'density' (lambda, density), 'component' (asymptotic part), or another kind-specific role */
  role: string;
  d?: number;
  /** c of τ = c/√d */
  tau?: number;
  seed?: number;
  draw?: number;
  batch?: number;
  method?: string;
  label?: string;
  [extra: string]: string | number | boolean | undefined;
}

/** Columns of equal length; column names are e.g. r, risk, q05, q95, C, lambda, density.
 *  Over JSON transports (HTTP, the in-process client) non-finite values arrive as null. */
export interface CurveData {
  /** unique within the run, e.g. "mean", "tau=0/d=100", "tau=1/frontier" */
  key: string;
  meta: CurveMeta;
  columns: Record<string, number[]>;
}

export interface RunResult {
  /** the command's JSON document of DESIGN §6 with its large arrays moved into `curves`
   *  (curve: {params, sigma2?, …}; spectrum: {F0, outlier, …}; study: {fits, delta_eta, theory, …}) */
  summary: Record<string, unknown>;
  curves: CurveData[];
}

export interface PartialResult {
  key: string;
  value: unknown;
  savedAt: number;
}

export interface RunDetail extends RunSummary {
  /** null until the run is done (failed / cancelled / interrupted runs keep their partials) */
  result: RunResult | null;
  partials: PartialResult[];
}

export interface RunPage {
  items: RunSummary[];
  /** number of runs matching the filter (all pages) */
  total: number;
  offset: number;
  limit: number;
}

export interface DuplicateDraft {
  sourceId: number;
  kind: RunKind;
  params: Record<string, unknown>;
  label: string;
  tags: string[];
  notes: string;
}

export interface ExportedFile {
  filename: string;
  mimeType: string;
  content: string;
}

/** a rendered figure (renderFigure): the bytes as base64 (JSON transports carry text) */
export interface FigureFile {
  filename: string;
  mimeType: 'application/pdf';
  base64: string;
  bytes: number;
}

export interface ParamComparison {
  name: string;
  /** one value per compared run, in the order of `ids` (undefined → null) */
  values: unknown[];
  differs: boolean;
}

export interface MetricComparison {
  name: string;
  values: (number | null)[];
}

export interface Comparison {
  runs: RunSummary[];
  params: ParamComparison[];
  metrics: MetricComparison[];
}

export interface Estimate {
  /** wall-clock seconds on this machine (rough, ±3×) */
  seconds: number;
  /** peak memory of the worker in bytes */
  bytes: number;
  /** human-readable basis of the estimate */
  detail: string;
  warnings: string[];
  /** the parameter that drives the memory estimate (named when the budget refuses it) */
  memoryParam?: string;
  /** what the memory is made of, e.g. "W̃: v·d = 1e9 doubles" */
  memoryDetail?: string;
  /** the parameter that drives the time estimate */
  timeParam?: string;
}

export interface ValidatedParams {
  kind: RunKind;
  /** params after schema defaults */
  params: Record<string, unknown>;
}

export interface TagCount {
  tag: string;
  count: number;
}

export interface KindInfo {
  kind: RunKind;
  title: string;
  description: string;
}

export interface DoctorInfo {
  version: string;
  codeVersion: string;
  node: string;
  platform: string;
  cores: number;
  /** max runs executing at once */
  concurrency: number;
  dbPath: string;
  schemaVersion: number;
  fts5: boolean;
  backend: Record<string, string | number | boolean>;
  queue: { running: number; queued: number };
  kinds: KindInfo[];
}

// ---- events (server → client) ----

export interface ProgressEvent {
  type: 'progress';
  runId: number;
  fraction: number;
  phase: string;
  etaSeconds: number | null;
  /** epoch ms when the worker reported it (latency = receive time − emittedAt) */
  emittedAt: number;
}

export interface StatusEvent {
  type: 'status';
  runId: number;
  status: RunStatus;
  error: string | null;
  emittedAt: number;
}

export interface PartialEvent {
  type: 'partial';
  runId: number;
  key: string;
  emittedAt: number;
}

/** the runs table changed (created, edited, deleted, restored, imported): refetch what is shown */
export interface RunsChangedEvent {
  type: 'runs-changed';
  runIds: number[];
  reason: 'created' | 'updated' | 'deleted' | 'restored' | 'imported';
  emittedAt: number;
}

export type ApiEvent = ProgressEvent | StatusEvent | PartialEvent | RunsChangedEvent;
