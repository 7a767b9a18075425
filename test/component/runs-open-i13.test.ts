// Issue 13, Runs list: a double-click on a row opens its Run page (the id, status or parameters
// cell); a double-click on the label cell renames instead (negative control: no navigation).
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { mount, flushPromises } from '@vue/test-utils';
import RunsView from '../../src-renderer/views/RunsView.vue';
import { setApi } from '../../src-renderer/api/client';
import { navigate, ui } from '../../src-renderer/state';
import { fakeApi, settle } from './fake-api';

describe('Runs list double-click (issue 13)', () => {
  beforeEach(() => {
    setApi(fakeApi(3).api);
    navigate({ name: 'runs' });
  });
  afterEach(() => setApi(null));

  it('opens the run; the label cell renames instead', async () => {
    const w = mount(RunsView, { attachTo: document.body });
    await settle();
    await flushPromises();
    const row = w.find('.tr[data-run-id="2"]');
    const labelCell = row.findAll('.td').find((td) => td.find('[data-action="rename"]').exists())!;
    await labelCell.trigger('dblclick');
    expect(row.find('input.label-edit').exists()).toBe(true);
    expect(ui.route.name).toBe('runs');
    await row.find('input.label-edit').trigger('keydown', { key: 'Escape' });
    await row.find('.td.mono').trigger('dblclick'); // the parameters cell
    expect(ui.route).toMatchObject({ name: 'run', id: 2 });
    navigate({ name: 'runs' });
    await w.find('.tr[data-run-id="3"] .td.num').trigger('dblclick');
    expect(ui.route).toMatchObject({ name: 'run', id: 3 });
    w.unmount();
  });
});
