// Issue 13 (h13b): renderFigure — the API method behind the UI's PDF export — turns a chart's
// SVG laid out at 3.25 in into a one-page vector PDF of exactly that size with the DejaVu fonts
// embedded (FontFile2 streams, subset names "XXXXXX+DejaVu…"), through the shared dispatcher
// (schema validation like every method). Independent checks: the PDF's own MediaBox and font
// dictionaries are read from the bytes (and with poppler's pdffonts/pdfinfo when installed);
// negative controls: an SVG with an <image> pointing at a local file, a non-SVG and an unknown
// field are refused with a sentence naming the field.
import { describe, expect, it } from 'vitest';
import { execFileSync } from 'node:child_process';
import { existsSync, mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { createApiDispatcher, type PlrfApi } from '../../../src-shared/api';
import { svgToPdfSafe } from '../../../src-main/figure/svg-pdf';
import { renderSvg } from '../../../src-renderer/charts/ssr';
import { riskChartOption } from '../../../src-renderer/charts/risk';
import { LIGHT } from '../../../src-renderer/charts/theme';

const input = { theme: LIGHT, xMode: 'compute' as const, curves: [{ d: 50, x: [10, 100, 1000, 1e4], mean: [1, 0.5, 0.2, 0.15] }, { d: 100, x: [20, 200, 2000, 2e4], mean: [1, 0.4, 0.12, 0.07] }] };
const svg = renderSvg(riskChartOption({ ...input, interactive: false, style: { width: 234, height: 183, fontSize: 8, fontFamily: 'DejaVu Serif' } }), 234, 183);

// a dispatcher over an implementation whose renderFigure is the service's (the other methods are not called)
const dispatch = createApiDispatcher({
  async renderFigure(req: Parameters<PlrfApi['renderFigure']>[0]) {
    const pdf = await svgToPdfSafe(req.svg, { widthPt: req.widthPt, heightPt: req.heightPt, font: req.font, fontSizePt: 8 }, { title: req.name });
    return { filename: `${req.name}.pdf`, mimeType: 'application/pdf', base64: pdf.toString('base64'), bytes: pdf.length };
  },
} as unknown as PlrfApi);

describe('renderFigure (issue 13)', () => {
  it('3.25 in chart → one-page PDF 234 × 183 pt with DejaVu Serif embedded', async () => {
    const res = await dispatch('renderFigure', { svg, format: 'pdf', widthPt: 234, heightPt: 183, font: 'serif', name: 'run2-tau0-frontier' });
    expect(res.ok).toBe(true);
    const r = (res as { result: { base64: string; bytes: number; filename: string } }).result;
    const pdf = Buffer.from(r.base64, 'base64');
    expect(pdf.length).toBe(r.bytes);
    expect(r.filename).toBe('run2-tau0-frontier.pdf');
    const text = pdf.toString('latin1');
    expect(text.startsWith('%PDF-1.7')).toBe(true);
    expect(text.trimEnd().endsWith('%%EOF')).toBe(true);
    expect(text).toMatch(/\/MediaBox \[0 0 234 183\]/);
    expect((text.match(/\/Type \/Page\b/g) ?? []).length).toBe(1);
    expect(text).toMatch(/\/FontFile2 /);
    expect(text).toMatch(/\/BaseFont \/[A-Z]{6}\+DejaVuSerif/);
    // no standard-14 font (text would not be in the chosen face)
    expect(text).not.toMatch(/\/BaseFont \/(Helvetica|Times)/);
    if (existsSync('/usr/bin/pdffonts')) {
      const f = join(mkdtempSync(join(tmpdir(), 'plrf-pdf-')), 'fig.pdf');
      writeFileSync(f, pdf);
      const fonts = execFileSync('pdffonts', [f], { encoding: 'utf8' }).split('\n').slice(2).filter(Boolean);
      expect(fonts.length).toBeGreaterThan(0);
      // columns: name type encoding emb sub uni object ID — every font embedded
      for (const line of fonts) expect(line).toMatch(/DejaVuSerif\S*\s+CID TrueType\s+Identity-H\s+yes\s+yes/);
      expect(execFileSync('pdfinfo', [f], { encoding: 'utf8' })).toMatch(/Page size:\s+234 x 183 pts/);
    }
  });

  it('refuses images, non-SVG content and unknown fields with a sentence naming the field', async () => {
    const evil = svg.replace('</svg>', '<image href="/etc/hostname" width="10" height="10"/></svg>');
    const a = await dispatch('renderFigure', { svg: evil, format: 'pdf', widthPt: 234, heightPt: 183, font: 'serif' });
    expect(a).toEqual({ ok: false, error: { code: 'bad_request', field: 'svg', message: "the figure's SVG contains an image; only charts drawn by the app can be exported" } });
    const b = await dispatch('renderFigure', { svg: '{"not":"an svg document at all"}', format: 'pdf', widthPt: 234, heightPt: 183, font: 'serif' });
    expect(b).toMatchObject({ ok: false, error: { code: 'bad_request', field: 'svg', message: 'must be an SVG document (<svg …>)' } });
    const c = await dispatch('renderFigure', { svg, format: 'pdf', widthPt: 10, heightPt: 183, font: 'serif' });
    expect(c).toMatchObject({ ok: false, error: { field: 'widthPt' } });
    const d = await dispatch('renderFigure', { svg, format: 'pdf', widthPt: 234, heightPt: 183, font: 'serif', path: '/tmp' });
    expect(d).toMatchObject({ ok: false, error: { field: 'path' } });
  });
});
