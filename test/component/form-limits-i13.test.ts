// Issue 13, New-run form: the exact/SGD limit the form states is the one the validators enforce
// (both read MAX_D_EXACT): the hint names it, d = MAX_D_EXACT is accepted, one more is refused
// with the same number, on the study and the curve tab. An unsorted d grid with a repeated size
// is accepted with a visible note of what the study will use; fewer than 3 different sizes is
// refused under the field.
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { mount } from '@vue/test-utils';
import NewRunView from '../../src-renderer/views/NewRunView.vue';
import { setApi } from '../../src-renderer/api/client';
import { ui } from '../../src-renderer/state';
import { MAX_D_EXACT } from '../../src-shared/params/model-params';
import { fakeApi, settle } from './fake-api';

const input = (w: ReturnType<typeof mount>, key: string) => w.find(`[data-field="${key}"] input, [data-field="${key}"] select`);
const hint = (w: ReturnType<typeof mount>, key: string) => w.find(`[data-field="${key}"] .hint`).text();

describe('New-run limits and d grid (issue 13)', () => {
  beforeEach(() => {
    setApi(fakeApi(0).api);
    ui.draft = null;
  });
  afterEach(() => setApi(null));

  it('study: the stated d limit is the enforced one', async () => {
    const w = mount(NewRunView);
    await settle();
    expect(hint(w, 'dgrid')).toContain(`d ≤ ${MAX_D_EXACT} for methods exact and sgd`);
    await input(w, 'dgrid').setValue(`50, 100, ${MAX_D_EXACT}`);
    await input(w, 'draws').setValue('1');
    await settle();
    expect(w.find('[data-field="dgrid"]').classes()).not.toContain('invalid');
    await input(w, 'dgrid').setValue(`50, 100, ${MAX_D_EXACT + 1}`);
    await settle();
    expect(w.find('[data-field="dgrid"]').classes()).toContain('invalid');
    expect(hint(w, 'dgrid')).toContain(`d ≤ ${MAX_D_EXACT} for method exact`);
    w.unmount();
  });

  it('curve: the same limit on d', async () => {
    const w = mount(NewRunView);
    await w.findAll('.kind-tabs button')[1]!.trigger('click');
    await settle();
    expect(hint(w, 'd')).toContain(`at most ${MAX_D_EXACT} for methods exact and sgd`);
    await input(w, 'd').setValue(String(MAX_D_EXACT));
    await input(w, 'v').setValue(String(2 * MAX_D_EXACT));
    await input(w, 'draws').setValue('1');
    await settle();
    expect(w.find('[data-field="d"]').classes()).not.toContain('invalid');
    await input(w, 'd').setValue(String(MAX_D_EXACT + 1));
    await settle();
    expect(hint(w, 'd')).toContain(`must be ≤ ${MAX_D_EXACT} for method exact`);
    w.unmount();
  });

  it('an unsorted d grid with a repeat is accepted with a note; two different sizes are refused', async () => {
    const w = mount(NewRunView);
    await settle();
    expect(w.find('[data-testid="note-dgrid"]').exists()).toBe(false);
    await input(w, 'dgrid').setValue('200, 50, 100, 100');
    await settle();
    expect(w.find('[data-field="dgrid"]').classes()).not.toContain('invalid');
    expect(w.find('[data-testid="note-dgrid"]').text()).toBe('Note: sorted, 1 repeated size dropped: the study uses d = 50, 100, 200');
    expect(w.find('[data-action="start"]').attributes('disabled')).toBeUndefined();
    await input(w, 'dgrid').setValue('100, 50, 100');
    await settle();
    expect(hint(w, 'dgrid')).toBe('need at least 3 different sizes, got 2 (50, 100)');
    expect(w.find('[data-action="start"]').attributes('disabled')).toBeDefined();
    w.unmount();
  });
});
