// Issue 13 (h13b): the export dialog offers PDF; saving sends the SVG laid out at the chosen
// paper size (the preview itself, byte for byte) with its size in points and the font family
// to the API's renderFigure, and saves the returned bytes as <name>.pdf. A server error is shown
// in the dialog as a sentence (the dialog stays open).
import { afterEach, describe, expect, it, vi } from 'vitest';
import { flushPromises, mount } from '@vue/test-utils';

const saved: { name: string; blob: Blob }[] = [];
vi.mock('../../src-renderer/util/download', async (orig) => ({
  ...(await orig<typeof import('../../src-renderer/util/download')>()),
  downloadBlob: (name: string, blob: Blob) => void saved.push({ name, blob }),
}));
import FigureExport from '../../src-renderer/components/FigureExport.vue';
import { riskChartOption, type ChartStyle } from '../../src-renderer/charts/risk';
import { LIGHT } from '../../src-renderer/charts/theme';
import { setApi } from '../../src-renderer/api/client';
import { ApiError, type PlrfClient } from '../../src-shared/api';

const input = { theme: LIGHT, xMode: 'compute' as const, curves: [{ d: 50, x: [10, 100, 1000, 1e4], mean: [1, 0.5, 0.2, 0.15] }] };

afterEach(() => setApi(null));

describe('figure export dialog: PDF (issue 13)', () => {
  it('sends the preview SVG at 3.25 in with the font to renderFigure and saves run2-tau0-frontier.pdf', async () => {
    const renderFigure = vi.fn(async () => ({ filename: 'x.pdf', mimeType: 'application/pdf' as const, base64: btoa('%PDF-1.7 test'), bytes: 13 }));
    setApi({ renderFigure } as unknown as PlrfClient);
    const w = mount(FigureExport, { props: { name: 'run2-tau0-frontier', option: riskChartOption(input), figure: (st: ChartStyle) => riskChartOption({ ...input, style: st, interactive: false }) } });
    await w.find('[data-field="fe-format"]').setValue('pdf');
    expect(w.find('[data-testid="figure-filename"]').text()).toBe('run2-tau0-frontier.pdf');
    await w.find('select:not([data-field])').setValue('sans');
    const src = w.find('[data-testid="figure-preview"]').attributes('src')!;
    const previewSvg = decodeURIComponent(src.slice(src.indexOf(',') + 1));
    await w.find('[data-action="figure-save"]').trigger('click');
    await flushPromises();
    expect(renderFigure).toHaveBeenCalledTimes(1);
    const req = (renderFigure.mock.calls[0] as unknown as [Record<string, unknown>])[0];
    expect(req).toMatchObject({ format: 'pdf', widthPt: 234, heightPt: 183, font: 'sans', name: 'run2-tau0-frontier' });
    expect(req.svg).toBe(previewSvg);
    expect(req.svg).toMatch(/<svg[^>]*width="234"/);
    expect(saved.at(-1)!.name).toBe('run2-tau0-frontier.pdf');
    expect(saved.at(-1)!.blob.type).toBe('application/pdf');
    expect(await saved.at(-1)!.blob.text()).toBe('%PDF-1.7 test');
    expect(w.emitted('close')).toBeTruthy();
  });

  it('a refusal from the server is shown in the dialog', async () => {
    setApi({ renderFigure: vi.fn(async () => { throw new ApiError('unavailable', 'the server is shutting down', null); }) } as unknown as PlrfClient);
    const w = mount(FigureExport, { props: { name: 'spectrum', option: riskChartOption(input) } });
    await w.find('[data-field="fe-format"]').setValue('pdf');
    await w.find('[data-action="figure-save"]').trigger('click');
    await flushPromises();
    expect(w.find('[data-testid="figure-error"]').text()).toBe('PDF: the server is shutting down');
    expect(w.emitted('close')).toBeFalsy();
  });
});
