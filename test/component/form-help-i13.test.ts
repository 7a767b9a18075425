// Issue 13, forms: help text in the user's words. Every field's help (the hint under the input
// and the label's tooltip) on every tab of New run, and every field of the three schemas the
// forms are generated from, is walked: no internal identifiers (camelCase keys such as vRatio,
// rmaxFactor, gammaFraction), no raw TeX (`diag(j^{-2α})`, `^{`, `_{`, backslashes), no source
// file names, no dangling "(see docs)". The method help names exactly the methods its select
// offers (the curve tab offers exact and sgd only). Negative control: the rules do reject the
// old texts.
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { mount } from '@vue/test-utils';
import NewRunView from '../../src-renderer/views/NewRunView.vue';
import { setApi } from '../../src-renderer/api/client';
import { ui } from '../../src-renderer/state';
import { fieldsFromSchema } from '../../src-renderer/forms/schema-form';
import { studySpecSchema } from '../../src-shared/params/study-params';
import { curveFieldRanges, curveParamsSchema, volterraFieldRanges, volterraParamsSchema } from '../../src-shared/params/model-params';
import { fakeApi, settle } from './fake-api';

/** the reasons a help text is not in the user's words ([] = fine) */
function problems(text: string): string[] {
  const out: string[] = [];
  const camel = text.match(/\b[a-z]+[A-Z][A-Za-z0-9]*\b/g)?.filter((w) => w !== 'arXiv'); // a proper name
  if (camel?.length) out.push(`identifier ${camel.join(', ')}`);
  if (/[\^_]\{|\\[a-zA-Z]|diag\(/.test(text)) out.push('raw TeX');
  if (/see docs|\.ts\b|\.md\b/.test(text)) out.push('pointer to files/docs');
  return out;
}

describe('form help text (issue 13)', () => {
  beforeEach(() => {
    setApi(fakeApi(0).api);
    ui.draft = null;
  });
  afterEach(() => setApi(null));

  it('negative control: the old texts are rejected', () => {
    expect(problems('data exponent α: D = diag(j^{-2α})')).toContain('raw TeX');
    expect(problems('r range per d: rmax_d = factor · d^{2α} · E tr K / B (see docs)')).toEqual(['raw TeX', 'pointer to files/docs']);
    expect(problems('fixed latent dimension v (> every d); alternative to vRatio')).toEqual(['identifier vRatio']);
    expect(problems('model size d (number of parameters), smaller than v')).toEqual([]);
  });

  it('every field of the study, curve and deterministic-equivalent schemas', () => {
    for (const schema of [studySpecSchema, curveParamsSchema, volterraParamsSchema])
      for (const f of fieldsFromSchema(schema)) expect({ key: f.key, problems: problems(`${f.label} ${f.range} ${f.description}`) }).toEqual({ key: f.key, problems: [] });
  });

  it('the ranges quoted in validation messages point to no source file or docs', () => {
    for (const [k, r] of Object.entries({ ...curveFieldRanges, ...volterraFieldRanges })) expect({ k, r: /see |\.ts\b|\.md\b/.test(r) }).toEqual({ k, r: false });
  });

  it('every hint and label tooltip on every New-run tab; method help matches its choices', async () => {
    const w = mount(NewRunView, { attachTo: document.body });
    await settle();
    const tabs = w.findAll('.kind-tabs button');
    expect(tabs.length).toBe(3);
    const seen: string[] = [];
    for (const tab of tabs) {
      await tab.trigger('click');
      await settle();
      const fields = w.findAll('.param-form [data-field]');
      expect(fields.length).toBeGreaterThan(5);
      for (const f of fields) {
        const key = f.attributes('data-field')!;
        const help = `${f.find('label').text()} ${f.find('label').attributes('title') ?? ''} ${f.find('.hint').text()}`;
        expect({ tab: tab.text(), key, problems: problems(help) }).toEqual({ tab: tab.text(), key, problems: [] });
        if (key === 'method') {
          const options = f.findAll('option').map((o) => o.text());
          const named = ['exact', 'sgd', 'de'].filter((m) => new RegExp(`\\b${m}:`).test(help));
          expect(named).toEqual(options);
          seen.push(`${tab.text()}: ${options.join(',')}`);
        }
      }
    }
    // the study offers three methods, the curve tab two (the DE tab has no method select)
    expect(seen).toEqual(['Compute-optimal study: exact,sgd,de', 'Risk curve (exact / SGD): exact,sgd']);
    w.unmount();
  });
});
