// Issue 13, figures for a paper: `plrf figure` renders the SAME chart options as the app
// (charts/figure.ts → risk/spectrum/phases option builders) to vector PDF with embedded fonts,
// SVG, or PNG at a DPI; file names come from the run and never collide. The PDF is rasterised
// with poppler's pdftoppm (when installed) and must show ink; a blank PDF is the negative control.
import { describe, expect, it } from 'vitest';
import { execFileSync } from 'node:child_process';
import { existsSync, mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { FORMATS, PANELS, figureSpecs, parseLength, tauToken, type FigureStyle } from '../../../src-renderer/charts/figure';
import { riskChartOption } from '../../../src-renderer/charts/risk';
import { LIGHT } from '../../../src-renderer/charts/theme';
import { fitLine, studyView } from '../../../src-renderer/data/adapt';
import { renderFigure, expandFontShorthand } from '../../../src-main/figure/render';
import { figureOptions } from '../../../src-main/cli/commands/figure';
import { main } from '../../../src-main/cli/main';
import type { RunDetail } from '../../../src-shared/api';

const FIX = JSON.parse(readFileSync(join(__dirname, '../../component/fixtures/studies-i13.json'), 'utf8')) as RunDetail[];
const run2 = FIX.find((r) => r.id === 2)!;
const ONE_COLUMN: FigureStyle = { widthPt: 3.25 * 72, heightPt: 182, fontSizePt: 8, font: 'serif' };
const havePdftoppm = (() => {
  try {
    execFileSync('pdftoppm', ['-v'], { stdio: 'ignore' });
    return true;
  } catch {
    return false;
  }
})();

/** fraction of dark pixels of page 1 rendered by pdftoppm (grey PGM at 40 dpi) */
function inkFraction(pdf: Buffer): number {
  const dir = mkdtempSync(join(tmpdir(), 'plrf-fig-'));
  writeFileSync(join(dir, 'f.pdf'), pdf);
  execFileSync('pdftoppm', ['-gray', '-r', '40', '-f', '1', '-l', '1', join(dir, 'f.pdf'), join(dir, 'p')]);
  const file = ['p-1.pgm', 'p-01.pgm', 'p-001.pgm'].map((f) => join(dir, f)).find(existsSync)!;
  const b = readFileSync(file);
  // P5\n<w> <h>\n255\n<data>
  const header = b.subarray(0, 40).toString('latin1').split(/\s+/);
  const w = Number(header[1]);
  const h = Number(header[2]);
  const data = b.subarray(b.length - w * h);
  let dark = 0;
  for (const v of data) if (v < 128) dark++;
  return dark / (w * h);
}

describe('figure specs (shared with the app)', () => {
  it('frontier panel: one figure per τ, named from the run, with the app’s series', () => {
    const figs = figureSpecs(run2, 'frontier', ONE_COLUMN);
    expect(figs.map((f) => f.stem)).toEqual(['run2-tau0-frontier', 'run2-tau1-frontier']);
    // the same option builder as the Run page: identical series data for the τ = 0 panel
    const v = studyView(run2, 'compute');
    const p = v.panels[0]!;
    const app = riskChartOption({ theme: LIGHT, xMode: 'compute', curves: p.curves, dGrid: v.dGrid, frontier: p.frontier, fit: fitLine(p.fit), showBands: true }) as { series: { name: string; data: unknown }[] };
    const fig = figs[0]!.option as typeof app;
    expect(fig.series.map((s) => s.name)).toEqual(app.series.map((s) => s.name));
    expect(fig.series.filter((s) => Array.isArray(s.data) && s.data.length > 1).map((s) => s.data)).toEqual(app.series.filter((s) => Array.isArray(s.data) && s.data.length > 1).map((s) => s.data));
    expect(figureSpecs(run2, 'frontier', ONE_COLUMN, 1).map((f) => f.stem)).toEqual(['run2-tau1-frontier']);
  });

  it('file names never collide across panels and τ, and are never mangled', () => {
    // spectrum is not a study panel; every other panel and τ gives its own stem
    const stems = PANELS.filter((p) => p !== 'spectrum').flatMap((panel) => figureSpecs(run2, panel, ONE_COLUMN).map((f) => f.stem));
    const distinct = new Set(stems);
    expect(stems.length).toBe(6); // frontier ×2 τ, curves ×2 τ, compare, phases
    expect(distinct.size).toBe(stems.length);
    for (const s of distinct) expect(s).toMatch(/^run2-[a-z0-9-]+$/);
    expect(tauToken(0)).toBe('tau0');
    expect(tauToken(0.5)).toBe('tau0p5');
    expect(() => figureSpecs(run2, 'spectrum', ONE_COLUMN)).toThrow(/needs a spectrum run/);
  });

  it('lengths: presets and units', () => {
    expect(parseLength('3.25in')).toBeCloseTo(234, 9);
    expect(parseLength('6.75in')).toBeCloseTo(486, 9);
    expect(parseLength('8.5cm')).toBeCloseTo((8.5 / 2.54) * 72, 9);
    expect(parseLength('84mm')).toBeCloseTo((84 / 25.4) * 72, 9);
    expect(parseLength('3,25in')).toBeNull();
  });
});

describe('rendering', () => {
  it('PDF at 3.25 in: page size exact, fonts embedded (TrueType subsets, no standard-14 font), ink on the page', async () => {
    const [fig] = figureSpecs(run2, 'frontier', ONE_COLUMN, 0);
    const pdf = await renderFigure(fig!.option, ONE_COLUMN, 'pdf');
    const text = pdf.toString('latin1');
    expect(text.startsWith('%PDF-')).toBe(true);
    expect(text).toMatch(/\/MediaBox \[0 0 234 182\]/);
    expect(text).toContain('/FontFile2');
    expect(text).toMatch(/\/BaseFont \/[A-Z]{6}\+DejaVuSerif/);
    expect(text).toMatch(/DejaVuSerif-Italic/); // the italic variables
    expect(text).not.toMatch(/\/BaseFont \/(Helvetica|Times-Roman)/);
    if (havePdftoppm) {
      const ink = inkFraction(pdf);
      expect(ink).toBeGreaterThan(0.01);
      // negative control: an empty chart of the same size has (almost) no ink
      const blank = await renderFigure({ backgroundColor: '#fff', series: [] }, ONE_COLUMN, 'pdf');
      expect(inkFraction(blank)).toBeLessThan(0.001);
      // the legend's formula keeps its hat: "fit R̂(C) = …" (combining U+0302 drawn, not dropped)
      const dir = mkdtempSync(join(tmpdir(), 'plrf-fig-'));
      writeFileSync(join(dir, 'f.pdf'), pdf);
      const txt = execFileSync('pdftotext', [join(dir, 'f.pdf'), '-'], { encoding: 'utf8' });
      expect(txt).toContain('fit R\u0302(C)');
    }
  });

  it('PNG at a chosen DPI has the physical width in pixels; SVG keeps text as text with explicit font properties', async () => {
    const [fig] = figureSpecs(run2, 'compare', ONE_COLUMN);
    const png = await renderFigure(fig!.option, ONE_COLUMN, 'png', 150);
    expect(png.subarray(1, 4).toString()).toBe('PNG');
    expect(png.readUInt32BE(16)).toBe(Math.round(3.25 * 150));
    const svg = (await renderFigure(fig!.option, ONE_COLUMN, 'svg')).toString('utf8');
    expect(svg).toContain('<text');
    expect(svg).not.toMatch(/font:\s*(normal|italic)/);
    expect(expandFontShorthand(`style="font: italic 600 8px 'DejaVu Serif'"`)).toBe(`style="font-style:italic;font-weight:600;font-size:8px;font-family:'DejaVu Serif'"`);
  });
});

describe('plrf figure options', () => {
  it('validates every option with one line naming the flag (exit 2)', async () => {
    const base = { format: 'pdf', width: '3.25in', 'font-size': 8, font: 'serif', theme: 'light', dpi: 300 };
    expect(figureOptions(base).style.widthPt).toBeCloseTo(234, 9);
    expect(() => figureOptions({ ...base, format: 'eps' })).toThrow(/--format/);
    expect(() => figureOptions({ ...base, width: '3.25 furlongs' })).toThrow(/--width/);
    expect(() => figureOptions({ ...base, font: 'comic' })).toThrow(/--font/);
    expect(() => figureOptions({ ...base, dpi: 10 })).toThrow(/--dpi/);
    expect(FORMATS).toEqual(['pdf', 'svg', 'png']);
    const err: string[] = [];
    const io = { stdout: () => {}, stderr: (s: string) => void err.push(s), tty: false };
    expect(await main(['figure'], io)).toBe(2);
    expect(err.join('')).toMatch(/^plrf figure: invalid RUN_ID: missing run id/);
    expect(await main(['figure', '1', '--format', 'gif'], io)).toBe(2);
    expect(err.join('')).toContain('invalid --format');
  });
});
