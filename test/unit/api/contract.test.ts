// The typed contract: client ↔ dispatcher over a transport, structured errors, events.
import { describe, expect, it } from 'vitest';
import {
  API_METHODS,
  ApiError,
  EventHub,
  createApiClient,
  createApiDispatcher,
  createLocalTransport,
  httpStatusOf,
  isApiError,
  requestSchemas,
  type ApiEvent,
  type PlrfApi,
  type PlrfService,
} from '../../../src-shared/api';
import { ParamError } from '../../../src-shared/params/errors';

/** an implementation that records calls; every method answers with its name and request */
function recorder(): { impl: PlrfService; calls: [string, unknown][]; hub: EventHub<ApiEvent> } {
  const calls: [string, unknown][] = [];
  const hub = new EventHub<ApiEvent>();
  const impl = { onEvent: (l: (e: ApiEvent) => void) => hub.on(l) } as unknown as Record<string, unknown>;
  for (const m of API_METHODS) {
    impl[m] = async (req: unknown) => {
      calls.push([m, req]);
      if (m === 'getRun' && (req as { id: number }).id === 404) throw new ApiError('not_found', 'run 404 does not exist', 'id');
      if (m === 'startRun' && (req as { params: { alpha?: number } }).params.alpha === -1) throw new ParamError('alpha', 'must be a number > 0, got -1');
      if (m === 'estimate') throw new Error('kaboom');
      return { method: m, req };
    };
  }
  return { impl: impl as unknown as PlrfService, calls, hub };
}

describe('createApiDispatcher / createApiClient', () => {
  it('exposes exactly the methods of the schema table, each callable through a transport', async () => {
    const { impl, calls } = recorder();
    const client = createApiClient(createLocalTransport(impl));
    expect(API_METHODS.sort()).toEqual(Object.keys(requestSchemas).sort());
    const res = (await client.listRuns({ limit: 5, sort: { by: 'eta', dir: 'asc' } })) as unknown as { method: string; req: unknown };
    expect(res).toEqual({ method: 'listRuns', req: { limit: 5, sort: { by: 'eta', dir: 'asc' } } });
    await client.doctor();
    await client.listTags();
    expect(calls.map((c) => c[0])).toEqual(['listRuns', 'doctor', 'listTags']);
  });

  it('maps failures to structured errors with code, field and message', async () => {
    const { impl, calls } = recorder();
    const client = createApiClient(createLocalTransport(impl));
    const err = async (p: Promise<unknown>) => {
      try {
        await p;
      } catch (e) {
        expect(isApiError(e)).toBe(true);
        return { code: (e as ApiError).code, field: (e as ApiError).field, message: (e as ApiError).message };
      }
      throw new Error('expected a failure');
    };
    expect(await err(client.getRun({ id: 404 }))).toEqual({ code: 'not_found', field: 'id', message: 'run 404 does not exist' });
    expect(await err(client.getRun({ id: -3 }))).toMatchObject({ code: 'bad_request', field: 'id' });
    expect(await err(client.getRun({ id: 1, extra: true } as never))).toMatchObject({ code: 'bad_request', message: expect.stringMatching(/unknown field.*extra/) });
    expect(await err(client.startRun({ kind: 'sgd', params: { alpha: -1 } }))).toMatchObject({ code: 'invalid_param', field: 'params.alpha', message: expect.stringMatching(/> 0/) });
    expect(await err(client.startRun({ kind: 'nope' as never, params: {} }))).toMatchObject({ code: 'bad_request', field: 'kind' });
    expect(await err(client.estimate({ kind: 'sgd', params: {} }))).toEqual({ code: 'internal', field: null, message: 'kaboom' });
    // rejected requests never reach the implementation
    expect(calls.map((c) => c[0])).toEqual(['getRun', 'startRun', 'estimate']);
    const dispatch = createApiDispatcher(impl as PlrfApi);
    for (const m of ['nope', '__proto__', 'constructor', 'toString', 'onEvent']) {
      expect(await dispatch(m, {})).toMatchObject({ ok: false, error: { code: 'unknown_method' } });
    }
  });

  it('delivers events to every subscriber until it unsubscribes; a throwing listener does not break others', () => {
    const { impl, hub } = recorder();
    const client = createApiClient(createLocalTransport(impl));
    const got: ApiEvent[] = [];
    const off = client.onEvent((e) => got.push(e));
    client.onEvent(() => {
      throw new Error('broken listener');
    });
    const ev: ApiEvent = { type: 'progress', runId: 1, fraction: 0.5, phase: 'x', etaSeconds: 3, emittedAt: 1 };
    hub.emit(ev);
    off();
    hub.emit(ev);
    expect(got).toEqual([ev]);
  });

  it('maps error codes to HTTP statuses (4xx for the caller’s mistakes)', () => {
    expect(httpStatusOf('bad_request')).toBe(400);
    expect(httpStatusOf('invalid_param')).toBe(422);
    expect(httpStatusOf('unauthorized')).toBe(401);
    expect(httpStatusOf('not_found')).toBe(404);
    expect(httpStatusOf('conflict')).toBe(409);
    expect(httpStatusOf('internal')).toBe(500);
  });
});
