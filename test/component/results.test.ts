// Issue 13 (numbers on screen): the Run and Compare pages on real stored studies.
// Fixture test/component/fixtures/studies-i13.json: `plrf runs show ID --json` of three studies
// run with the CLI (draw curves other than τ = 0 draw 0 removed to keep it small):
//   run 1: α = 50, β = 100, d = 50,100,200, τ = 0,1, exact, 2 draws — risks underflow to 0,
//          s = "Infinity", ξ = "NaN" as stored (the input that blanked the page);
//   run 2: α = 0.5, β = 0.7, d = 50…400, τ = 0,1, exact, 3 draws;
//   run 3: α = 0.6, β = 0.2, same grid.
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { mount, flushPromises } from '@vue/test-utils';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import RunView from '../../src-renderer/views/RunView.vue';
import CompareView from '../../src-renderer/views/CompareView.vue';
import { setApi } from '../../src-renderer/api/client';
import { fakeApi, settle } from './fake-api';
import type { RunDetail } from '../../src-shared/api';

const FIX = JSON.parse(readFileSync(join(__dirname, 'fixtures/studies-i13.json'), 'utf8')) as RunDetail[];
const byId = (id: number) => FIX.find((r) => r.id === id)!;
type Fit = { tau: number; eta: number; eta_ci: [number, number] };
const fits = (id: number) => (byId(id).result!.summary as { fits: Fit[] }).fits;
const summary = (id: number) => byId(id).result!.summary as { delta_eta: number; delta_eta_ci: [number, number]; theory: { eta: number } };

function withFixtures() {
  const fake = fakeApi(0);
  fake.api.getRun.mockImplementation(async ({ id }: { id: number }) => structuredClone(byId(id)) as never);
  fake.api.compareRuns.mockImplementation(async () => ({ params: [] }) as never);
  setApi(fake.api);
  return fake;
}

async function mountSettled<T>(c: T, props: Record<string, unknown>) {
  const errors: unknown[] = [];
  const w = mount(c as never, { props: props as never, attachTo: document.body, global: { config: { errorHandler: (e: unknown) => void errors.push(e) } } });
  await settle();
  await flushPromises();
  await settle();
  return { w, errors };
}

describe('Run page: extreme inputs never blank the page', () => {
  beforeEach(() => void withFixtures());
  afterEach(() => setApi(null));

  it('α = 50, β = 100: fit table renders with "not estimable" states, warnings next to the numbers, and a machine-precision warning', async () => {
    expect((byId(1).result!.summary as { fits: { s: unknown; xi: unknown }[] }).fits[0]!.s).toBe('Infinity'); // as stored
    const { w, errors } = await mountSettled(RunView, { id: 1 });
    expect(errors).toEqual([]);
    const table = w.find('[data-testid="fit-table"]');
    expect(table.exists()).toBe(true);
    const row0 = table.find('[data-row="1-0"]');
    expect(row0.find('[data-col="xi"]').text()).toContain('not estimable: d* constant over the window');
    expect(row0.text()).toContain('not estimable: the fitted prefactor s overflows');
    expect(row0.text()).not.toMatch(/NaN|Infinity/);
    // the warnings of the analysis sit next to the number they qualify
    expect(row0.find('[data-col="eta"]').text()).toContain('left/right halves of the window differ by 162.646');
    expect(row0.find('[data-col="xi"]').text()).toContain('ξ: not estimable');
    expect(row0.find('[data-col="window"]').text()).toContain('the largest size d = 200 never wins');
    expect(w.find('[data-testid="precision-warning"]').text()).toContain('machine precision');
    w.unmount();
  });

  it('a normal study shows no precision warning, η with its [lo, hi] interval, Δη with its CI and the theoretical η', async () => {
    const { w, errors } = await mountSettled(RunView, { id: 2 });
    expect(errors).toEqual([]);
    expect(w.find('[data-testid="precision-warning"]').exists()).toBe(false);
    const f = fits(2);
    const row1 = w.find('[data-row="2-1"]');
    expect(row1.find('[data-col="eta"]').text()).toContain(`${f[1]!.eta.toFixed(3)} [${f[1]!.eta_ci[0].toFixed(3)}, ${f[1]!.eta_ci[1].toFixed(3)}]`);
    const s = summary(2);
    expect(row1.find('[data-col="deta"]').text()).toBe(`${s.delta_eta.toFixed(3)} [${s.delta_eta_ci[0].toFixed(3)}, ${s.delta_eta_ci[1].toFixed(3)}]`);
    expect(w.find('[data-row="2-0"] [data-col="eta-theory"]').text()).toBe(s.theory.eta.toFixed(3));
    expect(w.text()).not.toContain('±');
    w.unmount();
  });
});

describe('Compare: Δη pairs variants of one study; across studies the plain difference, labelled', () => {
  beforeEach(() => void withFixtures());
  afterEach(() => setApi(null));

  it('two different studies: each Δη is its own study’s, the cross-study column names its reference', async () => {
    const { w, errors } = await mountSettled(CompareView, { ids: [2, 3] });
    expect(errors).toEqual([]);
    const s2 = summary(2);
    const s3 = summary(3);
    const d2 = w.find('[data-row="2-1"] [data-col="deta"]').text();
    const d3 = w.find('[data-row="3-1"] [data-col="deta"]').text();
    expect(d2.startsWith(s2.delta_eta.toFixed(3))).toBe(true);
    expect(d3.startsWith(s3.delta_eta.toFixed(3))).toBe(true);
    // negative control: the old (wrong) value, run 3's τ = 1 against run 2's τ = 0, differs
    const wrong = fits(3)[1]!.eta - fits(2)[0]!.eta;
    expect(Math.abs(wrong - s3.delta_eta)).toBeGreaterThan(0.01);
    expect(d3.startsWith(wrong.toFixed(3))).toBe(false);
    // the cross-study column: η − η(τ = 0 · run 2), computed and labelled
    expect(w.find('[data-testid="ref-col"]').text()).toBe('η − η(τ = 0 · run 2)');
    expect(w.find('[data-row="3-0"] [data-col="deta-ref"]').text()).toBe((fits(3)[0]!.eta - fits(2)[0]!.eta).toFixed(3));
    expect(w.find('[data-row="3-1"] [data-col="deta-ref"]').text()).toBe((fits(3)[1]!.eta - fits(2)[0]!.eta).toFixed(3));
    // intervals as [lo, hi], never ±
    const f = fits(3)[1]!;
    expect(w.find('[data-row="3-1"] [data-col="eta"]').text()).toContain(`[${f.eta_ci[0].toFixed(3)}, ${f.eta_ci[1].toFixed(3)}]`);
    expect(w.find('[data-testid="compare-table"]').text()).not.toContain('±');
    w.unmount();
  });

  it('the extreme study in Compare: no Infinity, no NaN, "not estimable" instead', async () => {
    const { w, errors } = await mountSettled(CompareView, { ids: [1, 2] });
    expect(errors).toEqual([]);
    const t = w.find('[data-testid="compare-table"]').text();
    expect(t).not.toMatch(/NaN|Infinity|±/);
    expect(t).toContain('not estimable');
    w.unmount();
  });
});
