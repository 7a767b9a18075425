// Issue 13: the phase-sweep preset asks before queueing its studies. The dialog states the number
// of studies (phaseSweepSpecs().length = 7) and the summed time estimate of the server (the fake
// estimate is 12 s per study → 1 min 24 s); Cancel queues nothing (negative control), Queue
// queues exactly that many studies with the preset's parameters.
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { mount } from '@vue/test-utils';
import NewRunView from '../../src-renderer/views/NewRunView.vue';
import { setApi } from '../../src-renderer/api/client';
import { ui } from '../../src-renderer/state';
import { phaseSweepSpecs } from '../../src-shared/study/presets';
import { formatDuration } from '../../src-renderer/charts/format';
import { fakeApi, settle } from './fake-api';

describe('phase-sweep preset (issue 13)', () => {
  let fake: ReturnType<typeof fakeApi>;
  beforeEach(() => {
    fake = fakeApi(0);
    setApi(fake.api);
    ui.draft = null;
  });
  afterEach(() => setApi(null));

  const open = async () => {
    const w = mount(NewRunView, { attachTo: document.body });
    await settle();
    const btn = w.findAll('.presets button').find((b) => b.text().startsWith('phase sweep'))!;
    expect(btn.text()).toBe(`phase sweep (${phaseSweepSpecs().length} studies)…`);
    await btn.trigger('click');
    await settle();
    return w;
  };

  it('states how many runs and the estimated time; Cancel queues nothing', async () => {
    const n = phaseSweepSpecs().length;
    expect(n).toBe(7);
    const w = await open();
    expect(fake.api.startRun).not.toHaveBeenCalled();
    const text = w.find('[data-testid="sweep-confirm-text"]').text();
    expect(text).toContain(`${n} studies`);
    expect(text).toContain('d = 100 … 12800');
    const asked = fake.api.estimate.mock.calls.map((c) => (c as unknown as [{ params: unknown }])[0].params);
    expect(asked.filter((p) => phaseSweepSpecs().some((s) => JSON.stringify(s.spec) === JSON.stringify(p))).length).toBe(n); // one estimate per study
    expect(text).toContain(`Estimated time: ${formatDuration(n * 12 * 1000)}`);
    await w.find('[data-action="sweep-cancel"]').trigger('click');
    await settle();
    expect(w.find('[data-testid="sweep-confirm"]').exists()).toBe(false);
    expect(fake.api.startRun).not.toHaveBeenCalled();
    w.unmount();
  });

  it('Queue starts exactly the preset studies', async () => {
    const w = await open();
    expect(w.find('[data-action="sweep-confirm"]').text()).toBe('Queue 7 studies');
    await w.find('[data-action="sweep-confirm"]').trigger('click');
    await settle();
    expect(fake.api.startRun).toHaveBeenCalledTimes(7);
    const sent = fake.api.startRun.mock.calls.map((c) => c[0].params);
    expect(sent).toEqual(phaseSweepSpecs().map((s) => s.spec));
    w.unmount();
  });
});
