// Issue 13 (h13b): one name per kind everywhere. The stored kind ids are the API's (RUN_KINDS:
// sgd, volterra, spectrum, study — also what the CLI stores: `run curve --method de` → volterra);
// each has ONE title (KIND_TITLES) used by the New-run tabs, the kind registry (doctor) and the
// Runs list's kind filter/tooltip. Negative control: the old DE tab title that did not name the
// kind is gone.
import { afterEach, describe, expect, it } from 'vitest';
import { flushPromises, mount } from '@vue/test-utils';
import NewRunView from '../../src-renderer/views/NewRunView.vue';
import RunsView from '../../src-renderer/views/RunsView.vue';
import { setApi } from '../../src-renderer/api/client';
import { KIND_TITLES, RUN_KINDS } from '../../src-shared/api';
import { listKinds } from '../../src-shared/compute/registry';
import { fakeApi, settle } from './fake-api';

afterEach(() => setApi(null));

describe('one name per kind (issue 13)', () => {
  it('titles: one per stored kind, the same in the registry', () => {
    expect(Object.keys(KIND_TITLES).sort()).toEqual([...RUN_KINDS].sort());
    for (const k of listKinds().filter((x) => (RUN_KINDS as readonly string[]).includes(x.kind))) expect(k.title).toBe(KIND_TITLES[k.kind as keyof typeof KIND_TITLES]);
    expect(KIND_TITLES.volterra).toMatch(/^Volterra curve/);
  });

  it('New run: the tabs are the kinds’ titles; Runs: the kind filter names id and title', async () => {
    const fake = fakeApi(2);
    setApi(fake.api);
    const w = mount(NewRunView);
    await settle();
    const tabs = w.findAll('[role="tab"]').map((b) => b.text());
    expect(tabs).toEqual([KIND_TITLES.study, KIND_TITLES.sgd, KIND_TITLES.volterra]);
    expect(tabs).not.toContain('Risk curve (deterministic equivalent)');
    w.unmount();
    const r = mount(RunsView, { attachTo: document.body });
    await settle();
    await flushPromises();
    const opts = r.findAll('select[aria-label="kind"] option').map((o) => o.text());
    expect(opts).toContain('volterra — Volterra curve (deterministic equivalent)');
    expect(r.find('.tr[data-run-id="1"] .td[title="Compute-optimal study"]').exists()).toBe(true);
    r.unmount();
  });
});
