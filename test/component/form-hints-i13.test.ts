// Issue 13: the New-run form flags regimes where the risk reaches machine precision before the
// run (α = 50, β = 100 hint; a moderate study gets none), and shows γ/γ_max = 0.999 as 0.999.
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { mount, flushPromises } from '@vue/test-utils';
import NewRunView from '../../src-renderer/views/NewRunView.vue';
import { setApi } from '../../src-renderer/api/client';
import { ui } from '../../src-renderer/state';
import { precisionHint, ratioText } from '../../src-renderer/data/estimates';
import { fakeApi, settle } from './fake-api';

const input = (w: ReturnType<typeof mount>, key: string) => w.find(`[data-field="${key}"] input, [data-field="${key}"] select`);

describe('New-run hints (issue 13)', () => {
  beforeEach(() => {
    setApi(fakeApi(0).api);
    ui.draft = null;
  });
  afterEach(() => setApi(null));

  it('flags machine precision before the run for α = 50, β = 100, and not for (0.6, 0.2)', async () => {
    const w = mount(NewRunView);
    await input(w, 'alpha').setValue('0.6');
    await input(w, 'beta').setValue('0.2');
    await input(w, 'dgrid').setValue('50,100,200,400,800,1600');
    await settle();
    expect(w.find('[data-testid="precision-hint"]').exists()).toBe(false);
    await input(w, 'alpha').setValue('50');
    await input(w, 'beta').setValue('100');
    await input(w, 'dgrid').setValue('50,100,200');
    await settle();
    await flushPromises();
    const h = w.find('[data-testid="precision-hint"]').text();
    expect(h).toContain('below double precision');
    expect(h).toContain('d = 200');
    w.unmount();
  });

  it('precisionHint: threshold at F₀ ≍ d^(−2α + max(0, 1 − 2β)) = 1e-15 (both sides)', () => {
    // α = 3.75, β = 1, d = 100: exponent −7.5·2 = −15 → on the edge, not flagged; d = 101 is
    expect(precisionHint(3.75, 1, 100)).toBeNull();
    expect(precisionHint(3.75, 1, 101)).not.toBeNull();
    // β < 1/2 raises F₀ by d^(1−2β): α = 4, β = 0.25, d = 100: −8 + 0.5 → −15 exactly
    expect(precisionHint(4, 0.25, 100)).toBeNull();
    expect(precisionHint(4, 0.25, 102)).not.toBeNull();
  });

  it('γ/γ_max ratios keep the digits that matter', () => {
    expect(ratioText(0.999)).toBe('0.999');
    expect(ratioText(0.5)).toBe('0.5');
    expect(ratioText(0.19999999999999996)).toBe('0.2');
    expect(ratioText(0.99999)).toBe('0.99999');
  });

  it('1e400 gets a real message naming the range, in a single field and in a list', async () => {
    const w = mount(NewRunView);
    await input(w, 'alpha').setValue('1e400');
    await settle();
    expect(w.find('[data-field="alpha"] .hint').text()).toContain('beyond the double-precision range');
    await input(w, 'dgrid').setValue('50, 1e400');
    await settle();
    expect(w.find('[data-field="dgrid"] .hint').text()).toContain('"1e400" is beyond the double-precision range');
    w.unmount();
  });
});

describe('keyboard alternatives in the web mode (issue 13)', () => {
  it('Alt+Shift+R/C/N/S/P navigate and Alt+Shift+T cycles the theme; hints show them', async () => {
    const { default: App } = await import('../../src-renderer/App.vue');
    const { navigate } = await import('../../src-renderer/state');
    setApi(fakeApi(3).api);
    navigate({ name: 'phases' });
    const w = mount(App, { attachTo: document.body });
    await settle();
    const press = async (code: string) => {
      window.dispatchEvent(new KeyboardEvent('keydown', { code, key: code.slice(-1), altKey: true, shiftKey: true }));
      await settle();
    };
    await press('KeyR');
    expect(ui.route.name).toBe('runs');
    await press('KeyN');
    expect(ui.route.name).toBe('new');
    await press('KeyP');
    expect(ui.route.name).toBe('phases');
    const before = ui.theme;
    await press('KeyT');
    expect(ui.theme).not.toBe(before);
    expect(w.find('[data-nav="runs"] kbd').text()).toBe('⌥⇧R');
    w.unmount();
  });
});
