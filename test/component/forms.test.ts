// Forms generated from the shared zod schemas: fields and ranges come from the schema; the
// form's verdict agrees with the schema itself (independent path: schema.safeParse) on random
// inputs; the New-run view shows inline messages where they happen and starts runs.
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { mount, flushPromises } from '@vue/test-utils';
import { studySpecSchema } from '../../src-shared/params/study-params';
import { curveParamsSchema } from '../../src-shared/params/model-params';
import { evaluateForm, fieldsFromSchema, parseField } from '../../src-renderer/forms/schema-form';
import { approxGammaMax } from '../../src-renderer/forms/hints';
import { gammaMax } from '../../src-shared/dynamics/stability';
import NewRunView from '../../src-renderer/views/NewRunView.vue';
import { setApi } from '../../src-renderer/api/client';
import { ui } from '../../src-renderer/state';
import { fakeApi, settle } from './fake-api';

describe('schema → fields', () => {
  it('derives kinds, ranges, defaults and required flags from the study schema', () => {
    const f = Object.fromEntries(fieldsFromSchema(studySpecSchema).map((x) => [x.key, x]));
    expect(f.alpha).toMatchObject({ kind: 'number', required: true, range: 'number > 0' });
    expect(f.beta).toMatchObject({ kind: 'number', required: true });
    expect(f.dgrid).toMatchObject({ kind: 'numberList', required: true });
    expect(f.dgrid!.range).toContain('3–40 values');
    expect(f.tau).toMatchObject({ kind: 'numberList', required: false, default: [0, 1] });
    expect(f.method).toMatchObject({ kind: 'enum', options: ['exact', 'sgd', 'de'], default: 'exact' });
    expect(f.batch).toMatchObject({ kind: 'integer', range: 'integer ≥ 1 and ≤ 1e6' });
    expect(f.gammaFraction).toMatchObject({ range: 'number > 0 and < 1' });
    expect(f.window).toMatchObject({ kind: 'pair', advanced: true });
    expect(f.isoflopPoints).toMatchObject({ kind: 'enum', options: ['3', '5'] });
    expect(f.rmax!.kind).toBe('numberOrList');
    const c = Object.fromEntries(fieldsFromSchema(curveParamsSchema).map((x) => [x.key, x]));
    expect(c.naive).toMatchObject({ kind: 'boolean', default: false });
    expect(c.d).toMatchObject({ kind: 'integer', required: true });
  });

  it('parses text per field kind', () => {
    const f = Object.fromEntries(fieldsFromSchema(studySpecSchema).map((x) => [x.key, x]));
    expect(parseField(f.alpha!, ' 0.5 ')).toEqual({ value: 0.5 });
    expect(parseField(f.alpha!, '1e-3')).toEqual({ value: 0.001 });
    expect(parseField(f.alpha!, 'abc').error).toMatch(/not a number/);
    expect(parseField(f.batch!, '2.5').error).toMatch(/integer/);
    expect(parseField(f.dgrid!, '50, 100;200 400')).toEqual({ value: [50, 100, 200, 400] });
    expect(parseField(f.dgrid!, '50, x').error).toMatch(/"x" is not a number/);
    expect(parseField(f.rmax!, '1000')).toEqual({ value: 1000 });
    expect(parseField(f.rmax!, '1000, 2000')).toEqual({ value: [1000, 2000] });
    expect(parseField(f.window!, '1e3').error).toMatch(/two numbers/);
    expect(parseField(f.isoflopPoints!, '5')).toEqual({ value: 5 });
    expect(parseField(f.alpha!, '')).toEqual({});
  });

  it('agrees with schema.safeParse on random inputs (independent path)', () => {
    const fields = fieldsFromSchema(studySpecSchema);
    let seed = 7;
    const rnd = () => ((seed = (seed * 16807) % 2147483647) / 2147483647);
    const pick = <T,>(xs: T[]) => xs[Math.floor(rnd() * xs.length)]!;
    let accepted = 0;
    for (let k = 0; k < 400; k++) {
      const texts: Record<string, string> = {
        alpha: pick(['0.5', '-1', '0', '2', '']),
        beta: pick(['0.7', '-3', '0.2']),
        dgrid: pick(['50,100,200', '50,100', '1,2,3', '50,100,200,400', '50.5,100,200']),
        batch: pick(['', '1', '0', '1000001', '4']),
        gammaFraction: pick(['', '0.5', '1', '0']),
        method: pick(['exact', 'de', 'sgd']),
        draws: pick(['', '3', '0', '1001']),
      };
      const { params, errors } = evaluateForm(studySpecSchema, fields, texts);
      const direct = studySpecSchema.safeParse(params);
      expect(Object.keys(errors).length === 0).toBe(direct.success);
      if (direct.success) accepted++;
      else for (const issue of direct.error.issues) expect(errors[String(issue.path[0])]).toBeTruthy();
    }
    expect(accepted).toBeGreaterThan(5);
  });

  it('γ_max preview is the engine limit of the scaled spectrum', () => {
    // independent: build the same approximate spectrum by hand and call gammaMax; also the
    // analytic bound γ_max < 2/((B+1)λ_max) and q(γ_max) = 1 via a direct sum
    const alpha = 0.6, beta = 0.2, d = 200, v = 400, B = 2;
    const g = approxGammaMax(alpha, beta, d, v, 1, B)!;
    let trace = 0;
    for (let j = 1; j <= v; j++) trace += j ** (-2 * alpha) + j ** (-2 * alpha - 2 * beta);
    const lam = Array.from({ length: d }, (_, j) => (j + 1) ** (-2 * alpha));
    const s = lam.reduce((a, b) => a + b, 0);
    const scaled = lam.map((l) => (l * trace) / s);
    expect(g).toBeCloseTo(gammaMax(scaled, B), 12);
    const q = scaled.reduce((acc, l) => acc + (g * l) / (2 - g * (B + 1) * l), 0);
    expect(q).toBeCloseTo(1, 6);
    expect(g).toBeLessThan(2 / ((B + 1) * scaled[0]!));
    expect(approxGammaMax(-1, 0, 10, 20, 0, 1)).toBeNull();
  });
});

describe('New-run view', () => {
  let fake: ReturnType<typeof fakeApi>;
  beforeEach(() => {
    fake = fakeApi(0);
    setApi(fake.api);
    ui.draft = null;
    vi.useRealTimers();
  });
  afterEach(() => setApi(null));

  const input = (w: ReturnType<typeof mount>, key: string) => w.find(`[data-field="${key}"] input, [data-field="${key}"] select`);
  const hint = (w: ReturnType<typeof mount>, key: string) => w.find(`[data-field="${key}"] .hint`).text();

  it('shows inline validation where it happens and blocks start', async () => {
    const w = mount(NewRunView);
    await input(w, 'alpha').setValue('-1');
    expect(w.find('[data-field="alpha"]').classes()).toContain('invalid');
    expect(hint(w, 'alpha')).toBe('must be number > 0');
    expect(w.find('[data-action="start"]').attributes('disabled')).toBeDefined();
    await input(w, 'alpha').setValue('abc');
    expect(hint(w, 'alpha')).toBe('"abc" is not a number');
    // cross-field rule of the shared validator lands on β
    await input(w, 'alpha').setValue('0.2');
    await input(w, 'beta').setValue('0.1');
    expect(hint(w, 'beta')).toMatch(/2α \+ 2β > 1/);
    await input(w, 'beta').setValue('0.7');
    expect(w.find('[data-field="beta"]').classes()).not.toContain('invalid');
    await input(w, 'dgrid').setValue('50, 100');
    expect(hint(w, 'dgrid')).toMatch(/must be 3–40 values/);
    await input(w, 'dgrid').setValue('50, 100, 100');
    expect(hint(w, 'dgrid')).toMatch(/at least 3 different sizes/) // issue 13: repeats are dropped, then 2 sizes remain;
    await input(w, 'dgrid').setValue('50, 100, 200');
    expect(w.find('[data-action="start"]').attributes('disabled')).toBeUndefined();
    w.unmount();
  });

  it('shows the phase, γ_max preview and the server estimate, then starts the run', async () => {
    const w = mount(NewRunView);
    await input(w, 'dgrid').setValue('50, 100, 200');
    await settle(300);
    await flushPromises();
    expect(fake.api.estimate).toHaveBeenCalled();
    expect(w.find('[data-testid="estimate"]').text()).toMatch(/time ≈ 12\.0 s, memory ≈ 3\.0 MiB/);
    expect(w.find('[data-testid="gamma"]').text()).toMatch(/γ_max ≈/);
    await w.find('#f-label').setValue('my study');
    await w.find('#f-tags').setValue('a, b');
    await w.find('[data-action="start"]').trigger('click');
    await flushPromises();
    expect(fake.api.startRun).toHaveBeenCalledTimes(1);
    const req = fake.api.startRun.mock.calls[0]![0];
    expect(req).toMatchObject({ kind: 'study', label: 'my study', tags: ['a', 'b'] });
    expect(req.params).toMatchObject({ alpha: 0.5, beta: 0.7, dgrid: [50, 100, 200], vRatio: 2, tau: [0, 1], method: 'exact', draws: 3 });
    expect(ui.route.name).toBe('runs');
    w.unmount();
  });

  it('puts a server-side ParamError next to its field', async () => {
    const w = mount(NewRunView);
    await w.findAll('.kind-tabs button')[1]!.trigger('click');
    await input(w, 'd').setValue('7777');
    await input(w, 'v').setValue('9000');
    await w.find('[data-action="start"]').trigger('click');
    await flushPromises();
    expect(hint(w, 'd')).toMatch(/1 ≤ d < v .*7777/);
    w.unmount();
  });

  it('presets fill the form with seed 000 cases', async () => {
    const w = mount(NewRunView);
    const b = w.findAll('.presets .chip').find((x) => x.text().includes('(0.6, 0.2)'))!;
    await b.trigger('click');
    expect((input(w, 'alpha').element as HTMLInputElement).value).toBe('0.6');
    expect((input(w, 'beta').element as HTMLInputElement).value).toBe('0.2');
    expect((input(w, 'dgrid').element as HTMLInputElement).value).toBe('50, 100, 200, 400, 800, 1600');
    // τ lives in the compare section (issue 18), pre-filled
    expect((w.find('[data-testid="vary-editor"] [data-values="0"]').element as HTMLInputElement).value).toBe('0, 1');
    expect((w.find('[data-testid="vary-editor"] [data-key="0"]').element as HTMLSelectElement).value).toBe('tau');
    w.unmount();
  });

  it('the compare section: τ alone is stored as tau, another key makes a grid of variants, a bad value is named', async () => {
    const w = mount(NewRunView);
    const vm = w.vm as unknown as { evaluated: { params: Record<string, unknown>; errors: Record<string, string> } };
    expect(vm.evaluated.params.tau).toEqual([0, 1]);
    expect(vm.evaluated.params.vary).toBeUndefined();
    await w.find('[data-action="add-vary"]').trigger('click');
    await w.find('[data-key="1"]').setValue('batch');
    await w.find('[data-values="1"]').setValue('1, 8');
    await flushPromises();
    expect(vm.evaluated.params.tau).toBeUndefined();
    expect(vm.evaluated.params.vary).toEqual({ tau: [0, 1], batch: [1, 8] });
    expect(w.find('[data-testid="vary-editor"]').text()).toContain('4 variants');
    await w.find('#f-reference').setValue('batch=8');
    await flushPromises();
    expect(vm.evaluated.params.reference).toEqual({ batch: 8 });
    expect(vm.evaluated.errors._compare).toBeUndefined();
    await w.find('[data-values="1"]').setValue('1, 0');
    await flushPromises();
    expect(w.find('[data-testid="vary-error"]').text()).toMatch(/vary\.batch.*batch=0/);
    expect(w.find('[data-action="start"]').attributes('disabled')).toBeDefined();
    w.unmount();
  });

  it('opens a duplicate-and-edit draft', async () => {
    ui.draft = { kind: 'sgd', params: { alpha: 0.9, beta: 0.6, d: 64, v: 128, method: 'sgd' }, label: 'copy' };
    const w = mount(NewRunView);
    await flushPromises();
    expect(w.find('.kind-tabs button.active').text()).toMatch(/exact \/ SGD/);
    expect((input(w, 'd').element as HTMLInputElement).value).toBe('64');
    expect((w.find('#f-label').element as HTMLInputElement).value).toBe('copy');
    w.unmount();
  });
});
