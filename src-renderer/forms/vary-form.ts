// The "compare" section of the New-run form (issue 18): rows of (key, values) and a reference,
// turned into the study's `tau` (τ alone: stored as before variants) or `vary` + `reference`
// (params/study-variants.ts), and back for presets and "duplicate & edit". Values are parsed as
// numbers where they are numbers, else kept as text (e.g. optimizer names). Pure.
import { studySpecSchema } from '../../src-shared/params/study-params';
import { STUDY_FIXED_KEYS } from '../../src-shared/params/study-variants';
import { axisValueText } from '../../src-shared/params/spectrum-axis';

export interface VaryRow {
  key: string;
  text: string;
}

export interface CompareState {
  rows: VaryRow[];
  /** "KEY=V[, KEY=V]" or empty (the first variant) */
  reference: string;
  /** the stored spectrum objects of a duplicated run, by the name the spectrum row shows them under:
   *  a name typed back unchanged resubmits the stored spectrum itself (a spectrum read from a file by
   *  the CLI has no name the app could resolve); other names go to the service as data-set names */
  spectra: Record<string, unknown>;
}

/** keys a study can vary (every study key except those that define the comparison) */
export const VARIABLE_KEYS: string[] = Object.keys(studySpecSchema.shape).filter((k) => !(STUDY_FIXED_KEYS as readonly string[]).includes(k));

const num = (s: string): number | string => (/^[+-]?(\d+\.?\d*|\.\d+)([eE][+-]?\d+)?$/.test(s) ? Number(s) : s);

function parseValues(text: string): (number | string)[] {
  return text
    .split(/[,;]+/)
    .map((x) => x.trim())
    .filter(Boolean)
    .map(num);
}

/** apply the section to the form's params; an error message when a row does not parse */
export function applyCompare(params: Record<string, unknown>, c: CompareState): { params: Record<string, unknown>; error?: string } {
  const out = { ...params };
  delete out.tau;
  delete out.vary;
  delete out.reference;
  const rows = c.rows.filter((r) => r.key && r.text.trim());
  const vary: Record<string, unknown[]> = {};
  for (const r of rows) {
    if (r.key in vary) return { params: out, error: `${r.key} is given twice` };
    vary[r.key] = parseValues(r.text);
  }
  const stored = c.spectra ?? {};
  // JSON copy: the form's state is reactive, and a proxy cannot cross the Electron IPC boundary
  if (vary.spectrum) vary.spectrum = vary.spectrum.map((x) => (typeof x === 'string' && Object.prototype.hasOwnProperty.call(stored, x) ? (JSON.parse(JSON.stringify(stored[x])) as unknown) : x));
  const keys = Object.keys(vary);
  if (keys.length === 1 && keys[0] === 'tau') {
    const t = vary.tau!;
    const bad = t.find((x) => typeof x !== 'number');
    if (bad !== undefined) return { params: out, error: `τ: "${bad}" is not a number` };
    out.tau = t;
  } else if (keys.length) out.vary = vary;
  const ref = c.reference.trim();
  if (ref) {
    const r: Record<string, number | string> = {};
    for (const part of ref.split(/[,;]\s*(?=[^,;=]+=)/)) {
      const eq = part.indexOf('=');
      if (eq <= 0) return { params: out, error: `reference: expected KEY=V, got "${part}"` };
      r[part.slice(0, eq).trim()] = num(part.slice(eq + 1).trim());
    }
    out.reference = r;
  }
  return { params: out };
}

/** the section's state for stored or preset params */
export function compareFromParams(p: Record<string, unknown>): CompareState {
  const rows: VaryRow[] = [];
  const vary = p.vary && typeof p.vary === 'object' ? (p.vary as Record<string, unknown[]>) : null;
  // a stored spectrum axis holds spectrum objects: shown (and resubmitted) by name, e.g. "power-law, digits"
  const spectra: Record<string, unknown> = {};
  if (vary) {
    for (const [k, v] of Object.entries(vary)) rows.push({ key: k, text: (Array.isArray(v) ? v : []).map(axisValueText).join(', ') });
    if (Array.isArray(vary.spectrum)) for (const x of vary.spectrum) if (x && typeof x === 'object') spectra[axisValueText(x)] = x;
  }
  if (Array.isArray(p.tau)) rows.push({ key: 'tau', text: (p.tau as number[]).join(', ') });
  if (!rows.length) rows.push({ key: 'tau', text: '0, 1' });
  const ref = p.reference && typeof p.reference === 'object' ? Object.entries(p.reference as Record<string, unknown>).map(([k, v]) => `${k}=${String(v)}`) : [];
  return { rows, reference: ref.join(', '), spectra };
}

/** number of variants the rows give */
export function variantCount(c: CompareState): number {
  return c.rows.filter((r) => r.key && r.text.trim()).reduce((n, r) => n * Math.max(1, parseValues(r.text).length), 1);
}
