// Runs table: virtual scrolling over server-side pages (10 000 runs render only the visible
// rows and fetch only the pages in view), sorting and search go to the server, multi-select,
// delete with undo, rename, live progress events, cancel.
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { mount, flushPromises } from '@vue/test-utils';
import RunsView from '../../src-renderer/views/RunsView.vue';
import App from '../../src-renderer/App.vue';
import { setApi } from '../../src-renderer/api/client';
import { navigate, ui } from '../../src-renderer/state';
import { fakeApi, makeRun, settle } from './fake-api';

describe('Runs view', () => {
  let fake: ReturnType<typeof fakeApi>;
  beforeEach(() => {
    fake = fakeApi(10_000);
    setApi(fake.api);
    ui.toasts.splice(0);
  });
  afterEach(() => setApi(null));

  it('renders 10 000 runs as a window of rows, fetching only visible pages', async () => {
    const w = mount(RunsView, { attachTo: document.body });
    await settle();
    await flushPromises();
    expect(w.find('[data-testid="runs-total"]').text()).toBe((10_000).toLocaleString());
    const rows = w.findAll('.tr[data-run-id]');
    expect(rows.length).toBeGreaterThan(10);
    expect(rows.length).toBeLessThan(100);
    expect(rows[0]!.attributes('data-run-id')).toBe('10000'); // newest first
    const offsets = fake.api.listRuns.mock.calls.map((c) => c[0]?.offset ?? 0);
    expect(Math.max(...offsets)).toBeLessThan(400);
    // scroll to the middle: the rows there are fetched (one page), still a small window
    const body = w.find('.tbody');
    (body.element as HTMLElement).scrollTop = 34 * 5000;
    await body.trigger('scroll');
    await settle();
    await flushPromises();
    const ids = w.findAll('.tr[data-run-id]').map((r) => Number(r.attributes('data-run-id')));
    expect(ids.length).toBeLessThan(100);
    expect(ids).toContain(5000);
    expect(fake.api.listRuns.mock.calls.length).toBeLessThan(8);
    w.unmount();
  });

  it('sorts and searches on the server', async () => {
    const w = mount(RunsView);
    await settle();
    await flushPromises();
    await w.findAll('.th.sortable').find((h) => h.text().startsWith('fitted η'))!.trigger('click');
    await settle(200);
    await flushPromises();
    const last = fake.api.listRuns.mock.calls.at(-1)![0]!;
    expect(last.sort).toEqual({ by: 'eta', dir: 'desc' });
    await w.find('input.search').setValue('run 123');
    await settle(200);
    await flushPromises();
    const q = fake.api.listRuns.mock.calls.at(-1)![0]!;
    expect(q.filter?.text).toBe('run 123');
    // "run 123", "run 1230".."run 1239"
    expect(w.find('[data-testid="runs-total"]').text()).toBe('11');
    w.unmount();
  });

  it('multi-selects, deletes with undo, renames and tags', async () => {
    const small = fakeApi(5);
    setApi(small.api);
    const w = mount(RunsView);
    await settle();
    await flushPromises();
    const row = (id: number) => w.find(`.tr[data-run-id="${id}"]`);
    await row(5).trigger('click');
    await row(3).trigger('click', { ctrlKey: true });
    expect(w.find('.toolbar').text()).toContain('2 selected');
    await w.find('[data-action="delete"]').trigger('click');
    await settle(200);
    await flushPromises();
    expect(small.api.deleteRun).toHaveBeenCalledTimes(2);
    expect(w.find('[data-testid="runs-total"]').text()).toBe('3');
    const t = ui.toasts.at(-1)!;
    expect(t.text).toBe('Deleted 2 runs');
    await t.action!.run();
    await settle(200);
    await flushPromises();
    expect(small.api.restoreRun).toHaveBeenCalledTimes(2);
    expect(w.find('[data-testid="runs-total"]').text()).toBe('5');
    // rename: double-click the label cell, type, Enter
    await row(2).findAll('.td')[5]!.trigger('dblclick');
    const edit = w.find('input.label-edit');
    await edit.setValue('renamed');
    await edit.trigger('keydown', { key: 'Enter' });
    await flushPromises();
    expect(small.api.updateRun).toHaveBeenCalledWith({ id: 2, label: 'renamed' });
    // tag the selection
    await row(1).trigger('click');
    await w.find('input.tag-input').setValue('keep');
    await w.find('input.tag-input').trigger('keydown', { key: 'Enter' });
    await flushPromises();
    expect(small.api.updateRun).toHaveBeenCalledWith({ id: 1, tags: ['keep'] });
    w.unmount();
  });

  it('shows live progress and cancels', async () => {
    const live = fakeApi(0);
    live.runs.push(makeRun(1, { status: 'running', progress: { fraction: 0.1, phase: 'd=50', etaSeconds: null, updatedAt: 0 } }));
    setApi(live.api);
    const w = mount(RunsView);
    await settle();
    await flushPromises();
    expect(w.find('[role="progressbar"]').attributes('aria-valuenow')).toBe('10');
    live.emit({ type: 'progress', runId: 1, fraction: 0.62, phase: 'τ=1 d=200', etaSeconds: 3, emittedAt: 1 });
    await flushPromises();
    expect(w.find('[role="progressbar"]').attributes('aria-valuenow')).toBe('62');
    expect(w.find('[role="progressbar"]').text()).toContain('τ=1 d=200');
    await w.find('[data-action="cancel"]').trigger('click');
    await flushPromises();
    expect(live.api.cancelRun).toHaveBeenCalledWith({ id: 1 });
    w.unmount();
  });

  it('says what to do when there are no runs', async () => {
    setApi(fakeApi(0).api);
    const w = mount(RunsView);
    await settle();
    await flushPromises();
    expect(w.text()).toContain('No runs yet');
    expect(w.text()).toContain('New run');
    w.unmount();
  });
});

describe('shell', () => {
  it('navigates with keyboard shortcuts and switches theme', async () => {
    setApi(fakeApi(3).api);
    const w = mount(App, { attachTo: document.body });
    navigate({ name: 'runs' });
    await flushPromises();
    window.dispatchEvent(new KeyboardEvent('keydown', { key: 'n', ctrlKey: true }));
    await flushPromises();
    expect(ui.route.name).toBe('new');
    window.dispatchEvent(new KeyboardEvent('keydown', { key: '4', ctrlKey: true }));
    await flushPromises();
    expect(ui.route.name).toBe('phases');
    const before = ui.theme;
    await w.find('[data-action="theme"]').trigger('click');
    expect(ui.theme).not.toBe(before);
    w.unmount();
    setApi(null);
  });
});
