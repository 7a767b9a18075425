// `plrf figure RUN_ID [--panel frontier|curves|spectrum|compare|phases] [--tau C]
//   --format pdf|svg|png [--width 3.25in|6.75in|LEN] [--height LEN] [--font-size PT]
//   [--font serif|sans] [--theme light|dark] [--dpi N] [--out FILE] [--db PATH] [--json]`
// A stored run's chart as a figure for a paper: the same chart options as the app
// (src-renderer/charts/figure.ts), rendered server-side (src-main/figure/render.ts) to vector
// PDF with embedded fonts, SVG, or PNG at a DPI. Lengths: in, cm, mm or pt (a bare number is
// inches). Without --out the files are named from the run (run12-tau0-frontier.pdf) in the
// current directory; --out names the file when there is exactly one figure (one τ or --tau).
// Prints the written paths (or {files:[…]} with --json).
import { writeFileSync } from 'node:fs';
import type { Command } from '../command';
import { helpText, parseArgs, type OptSpecs } from '../args';
import { ParamError } from '../../../src-shared/params/errors';
import { FORMATS, PANELS, defaultHeightPt, figureSpecs, panelsFor, parseLength, type FigureFormat, type FigureStyle, type Panel } from '../../../src-renderer/charts/figure';
import { renderFigure } from '../../figure/render';
import { asCliError, openCliService } from './run';
import { DB_OPTS } from '../db-option';

const specs: OptSpecs = {
  panel: { type: 'string', help: `${PANELS.join('|')} (default: frontier for a study, curves for a curve run, spectrum for a spectrum run)` },
  tau: { type: 'number', help: 'study: only the panel of τ = c/√d with this c (default: one file per τ)' },
  format: { type: 'string', help: 'pdf (vector, fonts embedded) | svg | png', default: 'pdf' },
  width: { type: 'string', help: '3.25in (one column) | 6.75in (two columns) | any length in in, cm, mm, pt', default: '3.25in' },
  height: { type: 'string', help: 'length (default 0.78 × width for one column, 0.5 × width for wider figures)' },
  'font-size': { type: 'number', help: 'base font size in pt', default: 8 },
  font: { type: 'string', help: 'serif | sans', default: 'serif' },
  theme: { type: 'string', help: 'light | dark', default: 'light' },
  dpi: { type: 'int', help: 'png: dots per inch', default: 300 },
  out: { type: 'string', help: 'output file (one figure only; default: named from the run in the current directory)' },
  ...DB_OPTS,
  json: { type: 'bool', help: 'print {"files": […]} as JSON' },
  help: { type: 'bool', help: 'show this help' },
};

const USAGE = 'usage: plrf figure RUN_ID [--panel frontier|curves|spectrum|compare|phases] --format pdf|svg|png [--width 3.25in|6.75in|LEN] [--height LEN] [--font-size PT] [--font serif|sans] [--dpi N] [--out FILE]';

/** validated figure options (exit 2 naming the flag before any work) */
export function figureOptions(opts: Record<string, unknown>): { format: FigureFormat; style: FigureStyle; dpi: number } {
  const format = String(opts.format) as FigureFormat;
  if (!FORMATS.includes(format)) throw new ParamError('--format', `must be one of ${FORMATS.join(', ')}, got "${opts.format}"`);
  const widthPt = parseLength(String(opts.width));
  if (widthPt === null || widthPt < 72 || widthPt > 72 * 20) throw new ParamError('--width', `must be a length between 1in and 20in (e.g. 3.25in, 8.5cm), got "${opts.width}"`);
  let heightPt = defaultHeightPt(widthPt);
  if (opts.height !== undefined) {
    const h = parseLength(String(opts.height));
    if (h === null || h < 54 || h > 72 * 20) throw new ParamError('--height', `must be a length between 0.75in and 20in, got "${opts.height}"`);
    heightPt = h;
  }
  const fs = Number(opts['font-size']);
  if (!(fs >= 4 && fs <= 24)) throw new ParamError('--font-size', `must be between 4 and 24 pt, got ${opts['font-size']}`);
  const font = String(opts.font);
  if (font !== 'serif' && font !== 'sans') throw new ParamError('--font', `must be serif or sans, got "${font}"`);
  const theme = String(opts.theme);
  if (theme !== 'light' && theme !== 'dark') throw new ParamError('--theme', `must be light or dark, got "${theme}"`);
  const dpi = Number(opts.dpi);
  if (!(Number.isInteger(dpi) && dpi >= 50 && dpi <= 1200)) throw new ParamError('--dpi', `must be an integer between 50 and 1200, got ${opts.dpi}`);
  return { format, style: { widthPt, heightPt, fontSizePt: fs, font, theme }, dpi };
}

export const figureCommand: Command = {
  name: 'figure',
  summary: "a stored run's chart as a paper figure: vector PDF (fonts embedded), SVG or PNG",
  async run(argv, io) {
    const { opts, positionals } = parseArgs(argv, specs);
    if (opts.help) {
      io.stdout(helpText(USAGE, specs));
      return 0;
    }
    const idText = positionals[0];
    if (idText === undefined) throw new ParamError('RUN_ID', 'missing run id (plrf figure RUN_ID …; plrf runs list shows the ids)');
    if (!/^\d{1,15}$/.test(idText) || Number(idText) < 1) throw new ParamError('RUN_ID', `must be a positive integer run id, got "${idText}"`);
    if (positionals.length > 1) throw new ParamError('RUN_ID', `one run id expected, got ${positionals.join(' ')}`);
    if (opts.panel !== undefined && !PANELS.includes(opts.panel as Panel)) throw new ParamError('--panel', `must be one of ${PANELS.join(', ')}, got "${opts.panel}"`);
    const { format, style, dpi } = figureOptions(opts);
    const { svc, api } = openCliService(opts, { readonly: true });
    try {
      const run = await api.getRun({ id: Number(idText) }).catch((e: unknown) => {
        throw asCliError(e);
      });
      const panel = (opts.panel as Panel | undefined) ?? panelsFor(run)[0]!;
      let figs;
      try {
        figs = figureSpecs(run, panel, style, opts.tau as number | undefined);
      } catch (e) {
        throw new ParamError(opts.tau !== undefined && /τ/.test(String((e as Error).message)) ? '--tau' : '--panel', (e as Error).message);
      }
      if (opts.out !== undefined && figs.length > 1) throw new ParamError('--out', `names one file, but run ${run.id} gives ${figs.length} figures (one per τ): add --tau C, or leave --out out to name them from the run`);
      const files: string[] = [];
      for (const f of figs) {
        const file = (opts.out as string | undefined) ?? `${f.stem}.${format}`;
        writeFileSync(file, await renderFigure(f.option, style, format, dpi, { title: f.stem }));
        files.push(file);
      }
      io.stdout(opts.json ? JSON.stringify({ files }) + '\n' : files.join('\n') + '\n');
      return 0;
    } finally {
      await svc.close();
    }
  },
};
