// Forms generated from the shared zod schemas (src-shared/params): the fields, their labels,
// allowed ranges and defaults come from the schema (via its JSON Schema), so the form, the CLI
// and the API validate the same rules. Text inputs are parsed per field; messages are inline.
import { z } from 'zod';
import { numText } from '../../src-shared/params/number-text';

export type FieldKind = 'number' | 'integer' | 'enum' | 'boolean' | 'numberList' | 'numberOrList' | 'pair' | 'schedule';

export interface FieldSpec {
  key: string;
  kind: FieldKind;
  label: string;
  description: string;
  required: boolean;
  default?: unknown;
  options?: string[];
  /** human-readable allowed range, e.g. "> 0", "1 … 1000000", "integers ≥ 2" */
  range: string;
  advanced: boolean;
  /** the empty field's hint when neither a default nor "required"/"optional" says it (e.g. "the data's fit") */
  placeholder?: string;
}

type JS = {
  type?: string;
  enum?: string[];
  minimum?: number;
  maximum?: number;
  exclusiveMinimum?: number;
  exclusiveMaximum?: number;
  description?: string;
  default?: unknown;
  items?: JS | false;
  prefixItems?: JS[];
  anyOf?: JS[];
  minItems?: number;
  maxItems?: number;
  properties?: Record<string, JS>;
  required?: string[];
  const?: unknown;
};

export const LABELS: Record<string, string> = {
  alpha: 'α (data exponent)',
  beta: 'β (target exponent)',
  v: 'v (latent dimension)',
  vRatio: 'v/d',
  d: 'd (model size)',
  dgrid: 'd grid',
  tau: 'τ = c/√d: c',
  batch: 'B (batch)',
  gamma: 'γ (absolute step)',
  gammaFraction: 'γ/γ_max',
  rmax: 'r max',
  rmaxFactor: 'r-range factor',
  method: 'method',
  draws: 'draws of W̃',
  runs: 'SGD runs per draw',
  seed: 'seed',
  checkpoints: 'checkpoints',
  window: 'fit window [C_min, C_max]',
  bootstrap: 'bootstrap replicates',
  level: 'CI level',
  perDecade: 'frontier points / decade',
  isoflopPoints: 'IsoFLOP points',
  naive: 'naive O(B·v·d) simulator',
  optimizer: 'optimizer',
  momentum: 'μ (heavy-ball momentum)',
  g1: 'g1 schedule',
  g2: 'g2 schedule',
  g3: 'g3 schedule',
  delta: 'Δ schedule',
  gammaPower: 'γ schedule power p',
  gammaT0: 'γ schedule t0',
  gammaFloor: 'γ schedule floor',
  lrSchedule: 'γ schedule',
  warmup: 'warmup steps',
  decayFraction: 'wsd decay fraction',
};

/** the optimizer-family keys (params/optimizer-params.ts): shown in their own form section */
export const OPTIMIZER_SECTION = new Set(['optimizer', 'momentum', 'g1', 'g2', 'g3', 'delta', 'gammaPower', 'gammaT0', 'gammaFloor', 'lrSchedule', 'warmup', 'decayFraction']);

export const ADVANCED = new Set(['checkpoints', 'window', 'bootstrap', 'level', 'perDecade', 'isoflopPoints', 'naive', 'rmax', 'rmaxFactor', 'gamma']);

const MAXSAFE = Number.MAX_SAFE_INTEGER;

function fmt(n: number): string {
  return Math.abs(n) >= 1e5 && Number.isInteger(Math.log10(Math.abs(n))) ? `1e${Math.log10(Math.abs(n))}` : numText(n);
}

export function rangeText(s: JS): string {
  const lo = s.exclusiveMinimum !== undefined ? `> ${fmt(s.exclusiveMinimum)}` : s.minimum !== undefined ? `≥ ${fmt(s.minimum)}` : '';
  const hi = s.exclusiveMaximum !== undefined ? `< ${fmt(s.exclusiveMaximum)}` : s.maximum !== undefined && s.maximum < MAXSAFE ? `≤ ${fmt(s.maximum)}` : '';
  const base = [lo, hi].filter(Boolean).join(' and ');
  const int = s.type === 'integer' ? 'integer' : 'number';
  return base ? `${int} ${base}` : `any ${int}`;
}

function kindOf(s: JS): { kind: FieldKind; range: string; options?: string[] } {
  if (s.enum) return { kind: 'enum', range: `one of ${s.enum.join(', ')}`, options: s.enum };
  if (s.anyOf && s.anyOf.every((a) => a.const !== undefined)) {
    const opts = s.anyOf.map((a) => String(a.const));
    return { kind: 'enum', range: `one of ${opts.join(', ')}`, options: opts };
  }
  if (s.anyOf && s.anyOf.some((a) => a.type === 'object' && a.properties?.c)) return { kind: 'schedule', range: 'c, or c,p or c,p,t0 = c·(1 + t/t0)^p' };
  if (s.anyOf) return { kind: 'numberOrList', range: `${rangeText(s.anyOf[0]!)}, or a comma-separated list` };
  if (s.type === 'boolean') return { kind: 'boolean', range: 'on / off' };
  if (s.type === 'array' && s.prefixItems) return { kind: 'pair', range: `two numbers (${rangeText(s.prefixItems[0]!)})` };
  if (s.type === 'array') {
    const it = (s.items || {}) as JS;
    const n = s.minItems !== undefined ? `${s.minItems}${s.maxItems !== undefined ? `–${s.maxItems}` : '+'} values` : 'values';
    return { kind: 'numberList', range: `${n}, each ${rangeText(it).replace(/^integer/, 'an integer').replace(/^number/, 'a number')}` };
  }
  if (s.type === 'integer') return { kind: 'integer', range: rangeText(s) };
  return { kind: 'number', range: rangeText(s) };
}

export function fieldsFromSchema(schema: z.ZodType, order?: string[]): FieldSpec[] {
  const js = z.toJSONSchema(schema, { io: 'input', unrepresentable: 'any' }) as JS;
  const props = js.properties ?? {};
  const req = new Set(js.required ?? []);
  // object-valued fields (a data spectrum) have their own editor, not a text field
  const keys = Object.keys(props).filter((k) => props[k]!.type !== 'object');
  if (order) keys.sort((a, b) => (order.indexOf(a) + 1 || 1e9) - (order.indexOf(b) + 1 || 1e9));
  return keys.map((key) => {
    const s = props[key]!;
    const k = kindOf(s);
    return {
      key,
      kind: k.kind,
      label: LABELS[key] ?? key,
      description: s.description ?? '',
      required: req.has(key),
      ...(s.default !== undefined ? { default: s.default } : {}),
      ...(k.options ? { options: k.options } : {}),
      range: k.range,
      advanced: ADVANCED.has(key),
    };
  });
}

function parseNum(t: string): number | null {
  const s = t.trim().replace(/\s+/g, '');
  if (!s) return null;
  if (!/^[-+]?(\d+\.?\d*|\.\d+)([eE][-+]?\d+)?$/.test(s)) return NaN;
  return Number(s);
}

/** text → value ({} when empty, meaning "not given"); error text when it does not parse */
export function parseField(f: FieldSpec, text: string): { value?: unknown; error?: string } {
  const t = text.trim();
  if (f.kind === 'boolean') return { value: t === 'true' };
  if (f.kind === 'enum') {
    if (!t) return {};
    const opt = f.options!.find((o) => o === t);
    if (opt === undefined) return { error: `must be ${f.range}` };
    return { value: /^\d+$/.test(opt) && f.options!.every((o) => /^\d+$/.test(o)) ? Number(opt) : opt };
  }
  if (!t) return {};
  if (f.kind === 'number' || f.kind === 'integer') {
    const n = parseNum(t);
    if (n === null || Number.isNaN(n)) return { error: `"${t}" is not a number` };
    if (!Number.isFinite(n)) return { error: `"${t}" is beyond the double-precision range (|x| < 1.8×10³⁰⁸); ${f.range}` };
    if (f.kind === 'integer' && !Number.isInteger(n)) return { error: `must be an integer (${f.range})` };
    return { value: n };
  }
  const parts = t.split(/[,;\s]+/).filter(Boolean);
  const nums = parts.map(parseNum);
  if (f.kind === 'schedule') {
    const badS = parts.find((_, i) => nums[i] === null || Number.isNaN(nums[i]!));
    if (badS !== undefined) return { error: `"${badS}" is not a number` };
    if (nums.length > 3) return { error: `must be ${f.range}` };
    if (nums.length === 1) return { value: nums[0] };
    return { value: { c: nums[0]!, p: nums[1]!, ...(nums.length === 3 ? { t0: nums[2]! } : {}) } };
  }
  const bad = parts.find((_, i) => nums[i] === null || Number.isNaN(nums[i]!));
  if (bad !== undefined) return { error: `"${bad}" is not a number` };
  const huge = parts.find((_, i) => !Number.isFinite(nums[i]!));
  if (huge !== undefined) return { error: `"${huge}" is beyond the double-precision range (|x| < 1.8×10³⁰⁸)` };
  if (f.kind === 'numberOrList' && nums.length === 1) return { value: nums[0] };
  if (f.kind === 'pair' && nums.length !== 2) return { error: 'give two numbers: C_min, C_max' };
  return { value: nums };
}

export function formatField(_f: FieldSpec, v: unknown): string {
  if (v === undefined || v === null) return '';
  if (typeof v === 'object' && !Array.isArray(v) && 'c' in (v as object)) {
    const o = v as { c: number; p?: number; t0?: number };
    return [o.c, o.p ?? 0, ...(o.t0 !== undefined ? [o.t0] : [])].join(', ');
  }
  if (Array.isArray(v)) return v.join(', ');
  return String(v);
}

/** text state for a params object (defaults shown as placeholders, not values) */
export function textsFromParams(fields: FieldSpec[], params: Record<string, unknown>): Record<string, string> {
  const out: Record<string, string> = {};
  for (const f of fields) out[f.key] = formatField(f, params[f.key]);
  return out;
}

/**
 * Parse all texts and check them against the schema. Returns the params (fields left empty are
 * omitted so schema defaults apply) and one message per field: parse errors first, then the
 * schema's issues stated with the field's allowed range.
 */
export function evaluateForm(schema: z.ZodType, fields: FieldSpec[], texts: Record<string, string>): { params: Record<string, unknown>; errors: Record<string, string> } {
  const params: Record<string, unknown> = {};
  const errors: Record<string, string> = {};
  for (const f of fields) {
    const r = parseField(f, texts[f.key] ?? '');
    if (r.error) errors[f.key] = r.error;
    else if (r.value !== undefined) params[f.key] = r.value;
  }
  const res = schema.safeParse(params);
  if (!res.success) {
    for (const issue of res.error.issues) {
      const key = String(issue.path[0] ?? '');
      const f = fields.find((x) => x.key === key);
      if (!f || errors[key]) continue;
      if (issue.code === 'invalid_type' && params[key] === undefined) errors[key] = 'required';
      else errors[key] = `must be ${f.range}${issue.path.length > 1 ? ` (entry ${Number(issue.path[1]) + 1})` : ''}`;
    }
  }
  return { params, errors };
}
