// Issue 17: the Run page of a study run with an optimizer shows the schedules chart (one colour per
// variant) next to its risk panels; a plain-SGD study shows none. The runs are real stored studies: the
// study kind's output (compute/registry.ts) as the store keeps it, served by the fake API.
import { afterEach, describe, expect, it } from 'vitest';
import { mount, flushPromises } from '@vue/test-utils';
import RunView from '../../src-renderer/views/RunView.vue';
import { setApi } from '../../src-renderer/api/client';
import { fakeApi, settle } from './fake-api';
import type { RunDetail } from '../../src-shared/api';
import { getKind } from '../../src-shared/compute/registry';
import { portableBackend } from '../../src-shared/linalg/portable';

async function storedStudy(id: number, raw: Record<string, unknown>): Promise<RunDetail> {
  const kind = getKind('study');
  const params = kind.validate(raw) as Record<string, unknown>;
  const out = (await kind.run(params, { backend: portableBackend } as never, { progress: () => {}, cancelled: () => false } as never)) as unknown as {
    summary: Record<string, unknown>;
    curves: { key: string; meta: Record<string, unknown>; columns: Record<string, ArrayLike<number>> }[];
  };
  return {
    id,
    kind: 'study',
    status: 'done',
    label: '',
    tags: [],
    notes: '',
    params,
    seed: 0,
    codeVersion: 'test',
    createdAt: 0,
    startedAt: 0,
    finishedAt: 1,
    durationMs: 1,
    error: null,
    progress: null,
    parentId: null,
    deleted: false,
    partialKeys: [],
    headline: {},
    result: { summary: JSON.parse(JSON.stringify(out.summary)), curves: out.curves.map((c) => ({ key: c.key, meta: c.meta, columns: Object.fromEntries(Object.entries(c.columns).map(([k, v]) => [k, Array.from(v)])) })) },
    partials: [],
  } as unknown as RunDetail;
}

async function mountRun(run: RunDetail) {
  const fake = fakeApi(0);
  fake.api.getRun.mockImplementation(async () => structuredClone(run) as never);
  setApi(fake.api);
  const errors: unknown[] = [];
  const w = mount(RunView as never, { props: { id: run.id } as never, attachTo: document.body, global: { config: { errorHandler: (e: unknown) => void errors.push(e) } } });
  await settle();
  await flushPromises();
  await settle();
  return { w, errors };
}

describe('Run page: schedules of a study', () => {
  afterEach(() => setApi(null));

  it('SGD vs DANA-decaying: the schedules chart sits under the risk panels', async () => {
    const run = await storedStudy(11, { alpha: 1, beta: 0.7, dgrid: [50, 100, 200], vRatio: 2, tau: [0], vary: { optimizer: ['sgd', 'dana-decaying'] }, draws: 1, bootstrap: 0, checkpoints: 30 });
    const { w, errors } = await mountRun(run);
    expect(errors).toEqual([]);
    const chart = w.find('[data-testid="schedule-chart"]');
    expect(chart.exists()).toBe(true);
    // after the risk panels (the chart is read against them)
    const html = w.html();
    expect(html.indexOf('data-testid="schedule-chart"')).toBeGreaterThan(html.indexOf('class="panels'));
    // the comparison button names what the study compares (not τ here)
    expect(w.find('[data-action="compare-tau"]').text()).toBe('Compare variants');
    w.unmount();
  });

  it('a plain-SGD τ study: no schedules chart', async () => {
    const run = await storedStudy(12, { alpha: 0.6, beta: 0.2, dgrid: [16, 32, 64], draws: 1, bootstrap: 0, checkpoints: 20 });
    const { w, errors } = await mountRun(run);
    expect(errors).toEqual([]);
    expect(w.find('[data-testid="schedule-chart"]').exists()).toBe(false);
    expect(w.find('.panels').exists()).toBe(true);
    expect(w.find('[data-action="compare-tau"]').text()).toBe('Compare τ');
    w.unmount();
  });
});
