// renderFigure (API; the UI's "Export figure → PDF" in Electron and in the web mode): an SVG
// laid out by the app at a paper size → the vector PDF of `plrf figure` (render.ts: PDFKit +
// SVG-to-PDFKit, the DejaVu TTFs embedded as subsets, 1 SVG unit = 1 pt, the page is exactly
// the figure). The SVG comes from a client, so it is checked first: ECharts writes plain shapes
// and text, never images, scripts, foreign objects, entities or references outside the document
// — any of these is refused (SVG-to-PDFKit would hand an <image href="/path"> to PDFKit, which
// reads local files).
import { ApiError } from '../../src-shared/api/errors';
import type { FigureStyle } from '../../src-renderer/charts/figure';
import { expandFontShorthand, svgToPdf } from './render';

const FORBIDDEN: [RegExp, string][] = [
  [/<!DOCTYPE|<!ENTITY/i, 'a DOCTYPE or ENTITY declaration'],
  [/<script[\s>]/i, 'a script'],
  [/<foreignObject[\s>]/i, 'a foreign object'],
  [/<image[\s>]/i, 'an image'],
  [/\bhref\s*=\s*["'](?!#)/i, 'a link outside the document'],
  [/url\(\s*["']?(?!#)/i, 'a url() outside the document'],
];

/** throws ApiError(bad_request, field svg) naming what a chart's SVG may not contain */
export function checkFigureSvg(svg: string): void {
  for (const [re, what] of FORBIDDEN) if (re.test(svg)) throw new ApiError('bad_request', `the figure's SVG contains ${what}; only charts drawn by the app can be exported`, 'svg');
}

export async function svgToPdfSafe(svg: string, style: FigureStyle, meta: { title?: string } = {}): Promise<Buffer> {
  checkFigureSvg(svg);
  return svgToPdf(expandFontShorthand(svg), style, meta);
}
