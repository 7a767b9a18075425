// The "power-law spectrum vs an imported one" preset in the New-run form (issue 18 §5): the chip is
// listed with the other variant presets; applying it fills the compare section with
// "spectrum: power-law, digits", leaves α, β, v to the service (the data's fit and length: no
// "required" errors), does not run the shared validator on the unresolved name (the service
// resolves it), and starts the run with the names, which the service turns into the spectrum
// (service side: test/unit/study/spectrum-axis.test.ts, test/integration/spectrum-variants.test.ts).
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { mount, flushPromises } from '@vue/test-utils';
import NewRunView from '../../src-renderer/views/NewRunView.vue';
import { setApi } from '../../src-renderer/api/client';
import { ui } from '../../src-renderer/state';
import { fakeApi, settle } from './fake-api';

describe('New-run form: spectrum-digits preset', () => {
  let fake: ReturnType<typeof fakeApi>;
  beforeEach(() => {
    fake = fakeApi(0);
    setApi(fake.api);
    ui.draft = null;
    vi.useRealTimers();
  });
  afterEach(() => setApi(null));

  it('fills the compare section, defers the names to the service and starts the run', async () => {
    const w = mount(NewRunView);
    const vm = w.vm as unknown as { evaluated: { params: Record<string, unknown>; errors: Record<string, string> } };
    const chip = w.findAll('.presets .chip').find((x) => x.text().includes('Power-law spectrum vs an imported one'));
    expect(chip).toBeDefined();
    await chip!.trigger('click');
    await flushPromises();
    expect(vm.evaluated.params.vary).toEqual({ spectrum: ['power-law', 'digits'] });
    expect(vm.evaluated.params.alpha).toBeUndefined();
    expect(vm.evaluated.errors).toEqual({});
    expect(w.find('[data-testid="vary-editor"]').text()).toContain('2 variants');
    // α, β and v say where they come from instead of "required"
    expect(w.find('#f-alpha').attributes('placeholder')).toBe("the data's fit");
    expect(w.find('#f-beta').attributes('placeholder')).toBe("the data's fit");
    expect(w.find('label[for="f-alpha"] .req').exists()).toBe(false);
    await settle(300);
    await flushPromises();
    expect(fake.api.estimate).toHaveBeenCalled();
    await w.find('[data-action="start"]').trigger('click');
    await flushPromises();
    expect(fake.api.startRun).toHaveBeenCalledTimes(1);
    expect(fake.api.startRun.mock.calls[0]![0].params).toMatchObject({ dgrid: [4, 6, 8, 12, 16, 24, 32], vary: { spectrum: ['power-law', 'digits'] }, method: 'exact', draws: 3 });
    w.unmount();
  });
});
