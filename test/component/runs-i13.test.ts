// Issue 13, Runs list affordances: a visible rename button, full labels as tooltips, a readable
// params tooltip in the user's words (no raw JSON, no vRatio), the fitted-η column names its variant.
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { mount, flushPromises } from '@vue/test-utils';
import RunsView from '../../src-renderer/views/RunsView.vue';
import { setApi } from '../../src-renderer/api/client';
import { paramsTooltip } from '../../src-renderer/data/runs-format';
import { fakeApi, settle } from './fake-api';

describe('Runs list (issue 13)', () => {
  let fake: ReturnType<typeof fakeApi>;
  beforeEach(() => {
    fake = fakeApi(3);
    fake.runs[0]!.label = 'a very long label that the column cuts off, so the tooltip must carry it';
    fake.runs[0]!.params = { alpha: 0.6000000000000001, beta: 0.2, dgrid: [50, 100, 200], vRatio: 2, tau: [0, 1] };
    setApi(fake.api);
  });
  afterEach(() => setApi(null));

  it('rename button, label tooltip, readable params tooltip, η column variant', async () => {
    const w = mount(RunsView, { attachTo: document.body });
    await settle();
    await flushPromises();
    const row = w.find('.tr[data-run-id="1"]');
    const label = row.findAll('span').find((s) => s.text().startsWith('a very long label'))!;
    expect(label.attributes('title')).toContain(fake.runs[0]!.label);
    const params = row.find('.td.mono');
    const tip = params.attributes('title')!;
    expect(tip).toBe(paramsTooltip(fake.runs[0]!));
    expect(tip).toContain('α (data exponent) = 0.6\n');
    expect(tip).toContain('v/d = 2');
    expect(tip).not.toMatch(/[{}"]|vRatio/);
    await row.find('[data-action="rename"]').trigger('click');
    expect(row.find('input.label-edit').exists()).toBe(true);
    expect(w.findAll('.th').some((h) => h.text().startsWith('fitted η (τ = 0)'))).toBe(true);
    w.unmount();
  });
});

describe('progress bar text (issue 13)', () => {
  it('the Run page shows the whole phase text on its own line; table cells keep it inside with a tooltip', async () => {
    const { default: ProgressBar } = await import('../../src-renderer/components/ProgressBar.vue');
    const long = 'τ=1/√d d=1600 draw 3/3 done — frontier, fits and bootstrap next';
    const a = mount(ProgressBar, { props: { fraction: 0.42, label: long, detail: true } });
    expect(a.find('[data-testid="progress-detail"]').text()).toBe(long);
    expect(a.find('.progress-text').text()).toBe('42%');
    const b = mount(ProgressBar, { props: { fraction: 0.42, label: long } });
    expect(b.find('[data-testid="progress-detail"]').exists()).toBe(false);
    expect(b.find('.progress').attributes('title')).toBe(long);
  });
});

describe('params text names the step-size schedule (issue 17)', () => {
  it('wsd, cosine, power schedules and warmup are shown; a constant step adds nothing', async () => {
    const { paramsText, lrScheduleText } = await import('../../src-renderer/data/runs-format');
    const base = { alpha: 1, beta: 0.6, d: 200, v: 400, method: 'exact' };
    expect(paramsText({ kind: 'sgd', params: base } as never)).toBe('α=1 β=0.6 d=200 v=400 exact');
    expect(paramsText({ kind: 'sgd', params: { ...base, lrSchedule: 'wsd', warmup: 100 } } as never)).toBe('α=1 β=0.6 d=200 v=400 exact wsd(warmup 100, decay 0.2)');
    expect(lrScheduleText({ lrSchedule: 'cosine', gammaFloor: 1e-4 })).toBe('cosine floor 0.0001');
    expect(lrScheduleText({ gammaPower: -0.5, gammaT0: 1000 })).toBe('γ·(1+t/1000)^-0.5');
    expect(lrScheduleText({ gammaPower: 0 })).toBe('');
  });
});
