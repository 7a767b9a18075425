// Render a chart option to a file for a paper (Node): the SVG of ECharts' server-side renderer
// (src-renderer/charts/ssr.ts, the same as the app's SVG export), then
//   pdf — vector PDF through PDFKit + SVG-to-PDFKit (both MIT), the DejaVu TTFs of the npm
//         package dejavu-fonts-ttf (Bitstream Vera licence: free to embed and redistribute)
//         embedded as subsets; 1 SVG unit = 1 pt, the page is exactly the figure;
//   png — resvg (@resvg/resvg-js, MPL-2.0) with the same TTFs, at the chosen DPI;
//   svg — the SVG itself (text stays text; the font family is named, not embedded).
import { createRequire } from 'node:module';
import { dirname, join } from 'node:path';
import * as echarts from 'echarts';
import { renderSvg } from '../../src-renderer/charts/ssr';
import type { FigureFormat, FigureStyle } from '../../src-renderer/charts/figure';

// not named `require`: bundlers (the Electron main build) declare their own in the same ESM chunk
const nodeRequire = createRequire(import.meta.url);

function fontDir(): string {
  return join(dirname(nodeRequire.resolve('dejavu-fonts-ttf/package.json')), 'ttf');
}

/** the TTF of a family/style (DejaVu Sans or Serif; italic = Oblique / Italic) */
export function fontFile(family: string, bold: boolean, italic: boolean): string {
  const serif = /serif/i.test(family) && !/sans/i.test(family);
  const name = serif
    ? `DejaVuSerif${bold && italic ? '-BoldItalic' : bold ? '-Bold' : italic ? '-Italic' : ''}.ttf`
    : `DejaVuSans${bold && italic ? '-BoldOblique' : bold ? '-Bold' : italic ? '-Oblique' : ''}.ttf`;
  return join(fontDir(), name);
}

type FkFont = { unitsPerEm: number; layout: (s: string) => { advanceWidth: number } };
const fonts = new Map<string, FkFont>();
function loadFont(file: string): FkFont {
  let f = fonts.get(file);
  if (!f) {
    const fontkit = nodeRequire('fontkit') as { openSync: (p: string) => FkFont };
    fonts.set(file, (f = fontkit.openSync(file)));
  }
  return f;
}

/**
 * ECharts lays out text (rich-text runs, legends, label overlap) with its own width estimate when
 * there is no canvas; figures measure with the real glyph advances of the embedded TTF
 * (fontkit), so the runs of a typeset label sit exactly where the PDF/PNG draws them.
 */
export function useFontMetrics(): void {
  echarts.setPlatformAPI({
    measureText(text: string, font?: string) {
      const f = font ?? '12px sans-serif';
      const size = Number(/(\d+(?:\.\d+)?)px/.exec(f)?.[1] ?? 12);
      const file = fontFile(/serif/i.test(f.replace(/sans-serif/gi, '')) && !/DejaVu Sans/i.test(f) ? 'DejaVu Serif' : 'DejaVu Sans', /bold|[6-9]00/.test(f), /italic|oblique/.test(f));
      const fk = loadFont(file);
      return { width: (fk.layout(text).advanceWidth / fk.unitsPerEm) * size };
    },
  });
}

/**
 * ECharts writes some text styles as the CSS shorthand `font: italic 600 8px 'DejaVu Serif'`,
 * which resvg ignores (it falls back to its default size); spell it out as font-style,
 * font-weight, font-size and font-family properties.
 */
export function expandFontShorthand(svg: string): string {
  return svg.replace(/font:\s*(normal|italic|oblique)\s+(normal|bold|\d{3})\s+([\d.]+)px\s+([^;"]+)/g, (_m, st: string, wt: string, size: string, fam: string) => `font-style:${st};font-weight:${wt};font-size:${size}px;font-family:${fam.trim()}`);
}

export function figureSvg(option: Record<string, unknown>, style: FigureStyle): string {
  useFontMetrics();
  return expandFontShorthand(renderSvg({ ...option, tooltip: undefined }, Math.round(style.widthPt), Math.round(style.heightPt)));
}

export async function svgToPdf(svg: string, style: FigureStyle, meta: { title?: string } = {}): Promise<Buffer> {
  type Enc = (t: string, f?: unknown) => [string[], { yOffset: number; advanceWidth: number }[]];
  type Doc = { on(ev: string, f: (x: Buffer) => void): void; registerFont(name: string, file: string): void; font(name: string): Doc; _font: { encode: Enc; plrfFixed?: boolean }; end(): void };
  const PDFDocument = nodeRequire('pdfkit') as new (opts: Record<string, unknown>) => Doc;
  const SVGtoPDF = nodeRequire('svg-to-pdfkit') as (doc: unknown, svg: string, x: number, y: number, opts: Record<string, unknown>) => void;
  const doc = new PDFDocument({ size: [style.widthPt, style.heightPt], margin: 0, autoFirstPage: true, info: { Title: meta.title ?? 'figure', Creator: 'PLRF Workbench' }, pdfVersion: '1.7' });
  const chunks: Buffer[] = [];
  doc.on('data', (c: Buffer) => chunks.push(c));
  const done = new Promise<void>((res, rej) => {
    doc.on('end', () => res());
    doc.on('error', rej);
  });
  const registered = new Set<string>();
  SVGtoPDF(doc, svg, 0, 0, {
    width: style.widthPt,
    height: style.heightPt,
    assumePt: true,
    // every text is set in an embedded TTF (never a standard-14 font)
    fontCallback: (family: string, bold: boolean, italic: boolean) => {
      const file = fontFile(family, bold, italic);
      if (!registered.has(file)) {
        doc.registerFont(file, file);
        registered.add(file);
        // SVG-to-PDFKit adds the shaper's yOffset (font units, up) to an SVG y (down), which
        // buries combining marks (the hat of R̂) inside their base glyph, and skips glyphs of
        // zero advance width (all combining marks): flip the sign, give marks a nominal width
        // (the pen still moves by xAdvance = 0)
        const font = doc.font(file)._font;
        if (!font.plrfFixed) {
          const encode = font.encode.bind(font);
          font.encode = (t, f) => {
            const [glyphs, pos] = encode(t, f);
            return [glyphs, pos.map((q) => ({ ...q, yOffset: -q.yOffset, advanceWidth: q.advanceWidth || 1e-3 }))];
          };
          font.plrfFixed = true;
        }
      }
      return file;
    },
  });
  doc.end();
  await done;
  return Buffer.concat(chunks);
}

export function svgToPng(svg: string, style: FigureStyle, dpi: number): Buffer {
  const { Resvg } = nodeRequire('@resvg/resvg-js') as typeof import('@resvg/resvg-js');
  const fam = style.font === 'serif' ? 'DejaVu Serif' : 'DejaVu Sans';
  const files = [false, true].flatMap((b) => [false, true].map((i) => fontFile(fam, b, i)));
  const r = new Resvg(svg, {
    fitTo: { mode: 'width', value: Math.round((style.widthPt / 72) * dpi) },
    font: { loadSystemFonts: false, fontFiles: files, defaultFontFamily: fam, sansSerifFamily: 'DejaVu Sans', serifFamily: 'DejaVu Serif' },
    background: undefined,
  });
  return r.render().asPng();
}

export async function renderFigure(option: Record<string, unknown>, style: FigureStyle, format: FigureFormat, dpi = 300, meta: { title?: string } = {}): Promise<Buffer> {
  const svg = figureSvg(option, style);
  if (format === 'svg') return Buffer.from(svg, 'utf8');
  if (format === 'png') return svgToPng(svg, style, dpi);
  return svgToPdf(svg, style, meta);
}
