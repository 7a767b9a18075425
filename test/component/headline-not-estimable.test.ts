// Issue 13: a study whose fit is not estimable (stored headline: eta null, etaNotEstimable) shows
// "not estimable" in the Runs list and in the Phases table — never a number; a run without an η
// (a curve) keeps "—", and an estimable study its η (negative controls).
import { afterEach, describe, expect, it } from 'vitest';
import { mount, flushPromises } from '@vue/test-utils';
import RunsView from '../../src-renderer/views/RunsView.vue';
import PhasesView from '../../src-renderer/views/PhasesView.vue';
import { setApi } from '../../src-renderer/api/client';
import { fakeApi, settle } from './fake-api';

function setup() {
  const fake = fakeApi(3);
  for (const r of fake.runs) {
    r.kind = 'study';
    r.status = 'done';
    r.params = { alpha: 0.5, beta: 0.7, dgrid: [50, 100, 200], vRatio: 2, tau: [0, 1] };
  }
  fake.runs[0]!.params = { ...fake.runs[0]!.params, alpha: 50, beta: 100 };
  fake.runs[0]!.headline = { eta: null, deltaEta: null, finalRisk: null, F0: null, etaNotEstimable: true };
  fake.runs[1]!.headline = { eta: 0.406, deltaEta: null, finalRisk: null, F0: null };
  fake.runs[2]!.kind = 'sgd';
  fake.runs[2]!.headline = { eta: null, deltaEta: null, finalRisk: 0.05, F0: null };
  setApi(fake.api);
  return fake;
}

describe('not-estimable headline η (issue 13)', () => {
  afterEach(() => setApi(null));

  it('Runs list: "not estimable", the number, or —', async () => {
    const fake = setup();
    const w = mount(RunsView, { attachTo: document.body });
    await settle();
    await flushPromises();
    const etaCell = (id: number) => w.find(`.tr[data-run-id="${id}"]`).findAll('.td.num').at(-1)!.text();
    expect(etaCell(fake.runs[0]!.id)).toBe('not estimable');
    expect(etaCell(fake.runs[1]!.id)).toBe('0.406');
    expect(etaCell(fake.runs[2]!.id)).toBe('—');
    w.unmount();
  });

  it('Phases table lists the study as not estimable', async () => {
    setup();
    const w = mount(PhasesView, { attachTo: document.body, global: { stubs: { ChartPanel: true } } });
    await settle();
    await flushPromises();
    const rows = w.findAll('[data-testid="phase-readout"] tbody tr').map((r) => r.findAll('td').map((c) => c.text()));
    expect(rows.find((r) => r[1] === '50')?.[3]).toBe('not estimable');
    expect(rows.find((r) => r[1] === '0.5')?.[3]).toBe('0.406');
    w.unmount();
  });
});
