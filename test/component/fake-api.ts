// A fake PlrfClient for component tests: an in-memory run table (server-side filter, sort and
// paging like the real store), spies on every call, and an event emitter.
import { vi } from 'vitest';
import { ApiError, type ApiEvent, type PlrfClient, type RunSummary, type ListRunsRequest } from '../../src-shared/api';

export function makeRun(id: number, over: Partial<RunSummary> = {}): RunSummary {
  return {
    id,
    kind: id % 3 === 0 ? 'sgd' : 'study',
    status: 'done',
    label: `run ${id}`,
    tags: id % 10 === 0 ? ['ten'] : [],
    notes: '',
    params: { alpha: 0.5 + (id % 5) / 10, beta: 0.7, dgrid: [50, 100, 200], tau: [0, 1] },
    seed: 0,
    codeVersion: 'test',
    createdAt: 1_700_000_000_000 + id * 1000,
    startedAt: null,
    finishedAt: null,
    durationMs: id * 10,
    error: null,
    progress: null,
    parentId: null,
    deleted: false,
    partialKeys: [],
    headline: { eta: 0.3 + (id % 7) / 100, deltaEta: null, finalRisk: null, F0: null },
    ...over,
  };
}

export function fakeApi(n = 0) {
  const runs: RunSummary[] = Array.from({ length: n }, (_, i) => makeRun(i + 1));
  const listeners = new Set<(e: ApiEvent) => void>();
  const listRuns = vi.fn(async (req: ListRunsRequest = {}) => {
    const f = req.filter ?? {};
    let items = runs.filter((r) => (f.deleted === 'only' ? r.deleted : !r.deleted));
    if (f.text) items = items.filter((r) => `${r.label} ${r.tags.join(' ')} ${JSON.stringify(r.params)}`.includes(f.text!));
    if (f.kinds) items = items.filter((r) => f.kinds!.includes(r.kind));
    if (f.tags) items = items.filter((r) => f.tags!.every((t) => r.tags.includes(t)));
    const by = req.sort?.by ?? 'id';
    const dir = req.sort?.dir === 'asc' ? 1 : -1;
    const key = (r: RunSummary) => (by === 'eta' ? (r.headline.eta ?? 0) : by === 'createdAt' ? r.createdAt : by === 'label' ? r.label : r.id);
    items = [...items].sort((a, b) => (key(a) < key(b) ? -dir : key(a) > key(b) ? dir : 0));
    const offset = req.offset ?? 0;
    const limit = req.limit ?? 100;
    return { items: items.slice(offset, offset + limit), total: items.length, offset, limit };
  });
  const api = {
    listRuns,
    getRun: vi.fn(async ({ id }: { id: number }) => ({ ...runs.find((r) => r.id === id)!, result: null, partials: [] })),
    startRun: vi.fn(async (req: { kind: string; params: Record<string, unknown>; label?: string }) => {
      if (req.params.d === 7777) throw new ApiError('invalid_param', 'params.d: must be an integer with 1 ≤ d < v (model size), got 7777', 'params.d');
      const r = makeRun(runs.length + 1, { kind: req.kind as RunSummary['kind'], params: req.params, status: 'queued', label: req.label ?? '' });
      runs.push(r);
      return r;
    }),
    estimate: vi.fn(async () => ({ seconds: 12, bytes: 3 * 1024 ** 2, detail: 'test estimate', warnings: [] })),
    validateParams: vi.fn(async (req: { kind: string; params: Record<string, unknown> }) => ({ kind: req.kind, params: req.params })),
    deleteRun: vi.fn(async ({ id }: { id: number }) => {
      const r = runs.find((x) => x.id === id)!;
      r.deleted = true;
      return r;
    }),
    restoreRun: vi.fn(async ({ id }: { id: number }) => {
      const r = runs.find((x) => x.id === id)!;
      r.deleted = false;
      return r;
    }),
    updateRun: vi.fn(async (req: { id: number; label?: string; tags?: string[] }) => {
      const r = runs.find((x) => x.id === req.id)!;
      if (req.label !== undefined) r.label = req.label;
      if (req.tags !== undefined) r.tags = req.tags;
      return r;
    }),
    cancelRun: vi.fn(async ({ id }: { id: number }) => ({ ...runs.find((x) => x.id === id)!, status: 'cancelled' })),
    rerun: vi.fn(),
    duplicateRun: vi.fn(),
    exportRun: vi.fn(),
    importRun: vi.fn(),
    compareRuns: vi.fn(),
    listTags: vi.fn(async () => []),
    doctor: vi.fn(),
    onEvent: (l: (e: ApiEvent) => void) => {
      listeners.add(l);
      return () => listeners.delete(l);
    },
  };
  return { api: api as unknown as PlrfClient & typeof api, runs, emit: (e: ApiEvent) => listeners.forEach((l) => l(e)) };
}

export async function settle(ms = 0): Promise<void> {
  for (let i = 0; i < 5; i++) await new Promise((r) => setTimeout(r, ms));
}
