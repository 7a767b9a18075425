// Issue 13 (h13b): the Spectrum view's chips follow the store live — a queued spectrum run shows
// as a pending chip, and when a status event says it finished the chip becomes selectable
// without leaving the view. Negative control: without an event nothing is refetched (the list
// is not polled), so the refresh is the event's doing.
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { mount, flushPromises } from '@vue/test-utils';
import SpectrumView from '../../src-renderer/views/SpectrumView.vue';
import { setApi } from '../../src-renderer/api/client';
import type { ListRunsRequest, RunSummary } from '../../src-shared/api';
import { fakeApi, makeRun, settle } from './fake-api';

describe('Spectrum chips (issue 13)', () => {
  let fake: ReturnType<typeof fakeApi>;
  let spectra: RunSummary[];
  beforeEach(() => {
    fake = fakeApi(0);
    spectra = [makeRun(7, { kind: 'spectrum', status: 'running', params: { alpha: 0.6, beta: 0.2, v: 1000, d: 500, tau: 0, method: 'de' } })];
    fake.api.listRuns.mockImplementation(async (req: ListRunsRequest = {}) => {
      const st = req.filter?.statuses;
      const items = spectra.filter((r) => !st || st.includes(r.status));
      return { items, total: items.length, offset: 0, limit: 200 };
    });
    setApi(fake.api);
  });
  afterEach(() => setApi(null));

  it('a running spectrum run is a pending chip, then a selectable chip after its status event', async () => {
    const w = mount(SpectrumView, { props: { ids: [] }, attachTo: document.body });
    await settle();
    await flushPromises();
    const chip = () => w.find('[data-testid="spectrum-chips"] [data-run-id="7"]');
    expect(chip().exists()).toBe(true);
    expect(chip().classes()).toContain('pending');
    expect(chip().attributes('disabled')).toBeDefined();
    const calls = fake.api.listRuns.mock.calls.length;
    // negative control: the run finishes in the store but no event arrives → nothing changes
    spectra[0]!.status = 'done';
    await settle(20);
    expect(fake.api.listRuns.mock.calls.length).toBe(calls);
    expect(chip().classes()).toContain('pending');
    // the status event → refetch (debounced 150 ms) → a selectable chip
    fake.emit({ type: 'status', runId: 7, status: 'done', error: null } as never);
    await new Promise((r) => setTimeout(r, 250));
    await flushPromises();
    expect(fake.api.listRuns.mock.calls.length).toBeGreaterThan(calls);
    expect(chip().classes()).not.toContain('pending');
    expect(chip().attributes('disabled')).toBeUndefined();
    w.unmount();
  });
});
