// zod request schemas of the typed API: one per method, all strict (unknown fields are a
// `bad_request`), with bounded sizes so a malformed or hostile request is refused before it
// reaches the store. Run parameters are only checked for shape here (a JSON object of bounded
// size); their ranges are checked by the kind's schema in src-shared/compute/registry.ts.
import { z } from 'zod';
import { RUN_KINDS, RUN_STATUSES, SORT_FIELDS } from './types';
import { sweepRequestSchemas } from './sweep-schemas';

export const MAX_LABEL = 200;
export const MAX_NOTES = 20_000;
export const MAX_TAGS = 32;
export const MAX_TAG = 64;
export const MAX_IMPORT_CHARS = 64 * 1024 * 1024;
export const MAX_PAGE = 1000;
export const MAX_COMPARE = 12;

export const runId = z.number().int().positive().max(Number.MAX_SAFE_INTEGER);
export const runKind = z.enum(RUN_KINDS);
export const runStatus = z.enum(RUN_STATUSES);

/** labels and notes: any text except control characters (tab and newline allowed in notes) */
const noControl = (allowNewline: boolean) => (s: string) =>
  // eslint-disable-next-line no-control-regex
  !(allowNewline ? /[\u0000-\u0008\u000b\u000c\u000e-\u001f\u007f]/ : /[\u0000-\u001f\u007f]/).test(s);

export const label = z.string().max(MAX_LABEL).refine(noControl(false), 'control characters are not allowed');
export const notes = z.string().max(MAX_NOTES).refine(noControl(true), 'control characters are not allowed');
/** tags: letters, digits, space and _ . : + - = / (1–64 chars), trimmed */
export const tag = z
  .string()
  .min(1)
  .max(MAX_TAG)
  .regex(/^[\p{L}\p{N}_.:+\-=/ ]+$/u, 'tags may contain letters, digits, spaces and _ . : + - = /')
  .refine((s) => s.trim() === s, 'no leading or trailing spaces');
export const tags = z.array(tag).max(MAX_TAGS);

export { FORBIDDEN_KEYS, MAX_KEY, runParams } from './params-schema';
import { MAX_PARAMS_JSON, runParams } from './params-schema';
export { MAX_PARAMS_JSON };

export const epochMs = z.number().int().min(0).max(8.64e15);

export const runFilter = z.strictObject({
  kinds: z.array(runKind).max(RUN_KINDS.length).optional(),
  statuses: z.array(runStatus).max(RUN_STATUSES.length).optional(),
  /** search: `key=value` parameter filters (exact, numbers as numbers; store/run-search.ts) and full-text words over label, tags, notes and params (prefix match on the last one) */
  text: z.string().max(200).refine(noControl(false), 'control characters are not allowed').optional(),
  /** runs carrying all of these tags */
  tags: z.array(tag).max(MAX_TAGS).optional(),
  createdFrom: epochMs.optional(),
  createdTo: epochMs.optional(),
  /** 'exclude' (default) hides soft-deleted runs, 'only' shows the trash */
  deleted: z.enum(['exclude', 'include', 'only']).optional(),
});

export const runSort = z.strictObject({
  by: z.enum(SORT_FIELDS),
  dir: z.enum(['asc', 'desc']).optional(),
});

export const listRunsRequest = z.strictObject({
  filter: runFilter.optional(),
  sort: runSort.optional(),
  offset: z.number().int().min(0).max(1e9).optional(),
  limit: z.number().int().min(1).max(MAX_PAGE).optional(),
});

export const getRunRequest = z.strictObject({
  id: runId,
  /** include curves (default true); false returns summary + partial keys only */
  curves: z.boolean().optional(),
});

export const startRunRequest = z.strictObject({
  kind: runKind,
  params: runParams,
  label: label.optional(),
  tags: tags.optional(),
  notes: notes.optional(),
  /** run even if the time estimate is over the time budget (memory is never confirmable) */
  confirm: z.boolean().optional(),
});

export const idRequest = z.strictObject({ id: runId });

export const updateRunRequest = z.strictObject({
  id: runId,
  label: label.optional(),
  tags: tags.optional(),
  notes: notes.optional(),
});

export const exportRunRequest = z.strictObject({
  id: runId,
  format: z.enum(['csv', 'json']),
});

export const importRunRequest = z.strictObject({
  /** the text of a file written by exportRun(format json) */
  content: z.string().min(2).max(MAX_IMPORT_CHARS),
  /** the name of the file it was read from (shown as "imported from <file>"; no directories) */
  filename: z.string().min(1).max(255).refine(noControl(false), 'control characters are not allowed').optional(),
});

export const compareRunsRequest = z.strictObject({
  ids: z.array(runId).min(2).max(MAX_COMPARE),
});

export const kindParamsRequest = z.strictObject({
  kind: runKind,
  params: runParams,
});

/** largest SVG accepted by renderFigure (a chart with every curve of a 12-panel compare fits) */
export const MAX_FIGURE_SVG = 8 * 1024 * 1024;

/**
 * renderFigure: the SVG of a chart laid out by the app at a paper size (charts/figure.ts; the
 * same option builders as the app) → vector PDF with the DejaVu fonts embedded (the same
 * renderer as `plrf figure`, src-main/figure/render.ts). Sizes in points, as the CLI's presets.
 */
export const renderFigureRequest = z.strictObject({
  svg: z
    .string()
    .min(20)
    .max(MAX_FIGURE_SVG)
    .refine((s) => /^\s*(<\?xml[^>]*>\s*)?<svg[\s>]/.test(s), 'must be an SVG document (<svg …>)'),
  format: z.enum(['pdf']),
  widthPt: z.number().min(54).max(1440),
  heightPt: z.number().min(54).max(1440),
  font: z.enum(['serif', 'sans']),
  /** the file stem (run12-tau0-frontier); the document title of the PDF */
  name: z.string().min(1).max(120).regex(/^[\w.\-]+$/, 'letters, digits, _ . - only').optional(),
});

export const emptyRequest = z.strictObject({}).optional();

/** method name → request schema. The keys are exactly the methods of `PlrfApi`. */
export const requestSchemas = {
  listRuns: listRunsRequest,
  getRun: getRunRequest,
  startRun: startRunRequest,
  cancelRun: idRequest,
  rerun: idRequest,
  duplicateRun: idRequest,
  updateRun: updateRunRequest,
  deleteRun: idRequest,
  restoreRun: idRequest,
  exportRun: exportRunRequest,
  importRun: importRunRequest,
  compareRuns: compareRunsRequest,
  estimate: kindParamsRequest,
  validateParams: kindParamsRequest,
  listTags: emptyRequest,
  doctor: emptyRequest,
  renderFigure: renderFigureRequest,
  ...sweepRequestSchemas,
} as const;

export type ListRunsRequest = z.input<typeof listRunsRequest>;
export type RunFilter = z.input<typeof runFilter>;
export type RunSort = z.input<typeof runSort>;
export type GetRunRequest = z.input<typeof getRunRequest>;
export type StartRunRequest = z.input<typeof startRunRequest>;
export type IdRequest = z.input<typeof idRequest>;
export type UpdateRunRequest = z.input<typeof updateRunRequest>;
export type ExportRunRequest = z.input<typeof exportRunRequest>;
export type ImportRunRequest = z.input<typeof importRunRequest>;
export type CompareRunsRequest = z.input<typeof compareRunsRequest>;
export type KindParamsRequest = z.input<typeof kindParamsRequest>;
export type RenderFigureRequest = z.input<typeof renderFigureRequest>;
