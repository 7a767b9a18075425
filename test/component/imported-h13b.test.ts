// Issue 13 (h13b): an imported run is marked — a badge "imported" in the Runs list whose tooltip
// is the sentence "imported from <file> on <date> (run N there)", the same sentence on the Run
// page; the UI's import sends the file's name. Negative control: runs that were not imported
// have no badge and no line.
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { mount, flushPromises } from '@vue/test-utils';
import RunsView from '../../src-renderer/views/RunsView.vue';
import RunView from '../../src-renderer/views/RunView.vue';
import { setApi } from '../../src-renderer/api/client';
import { fakeApi, makeRun, settle } from './fake-api';

const AT = Date.UTC(2026, 11, 5, 1, 50);

describe('imported runs (issue 13)', () => {
  let fake: ReturnType<typeof fakeApi>;
  beforeEach(() => {
    fake = fakeApi(3);
    fake.runs[1]!.imported = { file: 'run12-study.json', at: AT, sourceId: 12 };
    setApi(fake.api);
  });
  afterEach(() => setApi(null));

  it('Runs: a badge with the sentence as tooltip on the imported run only', async () => {
    const w = mount(RunsView, { attachTo: document.body });
    await settle();
    await flushPromises();
    const badge = w.find('.tr[data-run-id="2"] [data-testid="imported-badge"]');
    expect(badge.exists()).toBe(true);
    expect(badge.text()).toBe('imported');
    expect(badge.attributes('title')).toBe('imported from run12-study.json on 2026-12-05 01:50 UTC (run 12 there)');
    expect(w.find('.tr[data-run-id="1"] [data-testid="imported-badge"]').exists()).toBe(false);
    expect(w.find('.tr[data-run-id="3"] [data-testid="imported-badge"]').exists()).toBe(false);
    w.unmount();
  });

  it('Runs: the import sends the file name along with its text', async () => {
    fake.api.importRun.mockImplementation(async () => makeRun(9));
    const w = mount(RunsView, { attachTo: document.body });
    await settle();
    const input = w.find('input[type="file"]');
    const file = new File(['{"format":"plrf-run"}'], 'from-colleague.json', { type: 'application/json' });
    Object.defineProperty(input.element, 'files', { value: [file] });
    await input.trigger('change');
    await settle();
    await flushPromises();
    expect(fake.api.importRun).toHaveBeenCalledWith({ content: '{"format":"plrf-run"}', filename: 'from-colleague.json' });
    w.unmount();
  });

  it('Run page: the sentence under the title; none for a run made here', async () => {
    const a = mount(RunView, { props: { id: 2 } });
    await settle();
    await flushPromises();
    expect(a.find('[data-testid="imported-note"]').text()).toBe('imported from run12-study.json on 2026-12-05 01:50 UTC (run 12 there)');
    a.unmount();
    const b = mount(RunView, { props: { id: 1 } });
    await settle();
    await flushPromises();
    expect(b.find('h2').exists()).toBe(true);
    expect(b.find('[data-testid="imported-note"]').exists()).toBe(false);
    b.unmount();
  });
});
