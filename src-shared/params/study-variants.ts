// Variants of a study (issue 18): "does X change the scaling law?" as one study over a grid of
// variants of a base setting. `vary` maps setting keys to value lists; the variants are the
// Cartesian product, the first key outermost (`{optimizer: [a, b], tau: [0, 1]}` → (a,0), (a,1),
// (b,0), (b,1)). τ is one key among others: the legacy `tau` list is the τ axis (appended last
// when `vary` does not name tau), so the default study τ ∈ {0, 1} is the two variants
// {tau: 0}, {tau: 1}. Every variant is validated as a complete single setting by the study schema
// (params/study-params.ts), so a bad value is named by its key and value before any work.
// This module holds the pure parts: key spelling, variability, grid expansion, labels, the
// reference lookup; the resolution of each variant's setting is validateStudySpec's.
import { ParamError } from './errors';

export type VariantValue = number | string;
export type VariantValues = Record<string, VariantValue>;

/** keys that define the comparison itself (paired draws, the analysis), never varied */
export const STUDY_FIXED_KEYS = ['dgrid', 'draws', 'seed', 'bootstrap', 'level', 'perDecade', 'isoflopPoints', 'window', 'vary', 'reference'] as const;

/** CLI spellings of schema keys (both are accepted in `vary` and `reference`; besides these, every
 *  kebab-case spelling of a key is accepted: lr-schedule, gamma-power, decay-fraction, gamma-t0 …) */
export const VARY_KEY_ALIASES: Record<string, string> = {
  'gamma-fraction': 'gammaFraction',
  'v-ratio': 'vRatio',
  'rmax-factor': 'rmaxFactor',
  B: 'batch',
};

/** most variants in one study */
export const MAX_VARIANTS = 16;

/** the schema key for a user-given key, or a ParamError naming it with the allowed keys */
export function normalizeVaryKey(key: string, schemaKeys: readonly string[], where: string): string {
  const k = VARY_KEY_ALIASES[key] ?? (key.includes('-') ? key.replace(/-([a-z0-9])/g, (_, c: string) => c.toUpperCase()) : key);
  const allowed = schemaKeys.filter((x) => !(STUDY_FIXED_KEYS as readonly string[]).includes(x));
  if ((STUDY_FIXED_KEYS as readonly string[]).includes(k))
    throw new ParamError(`${where}.${key}`, `"${key}" cannot be varied: it defines the comparison (the same ${k} for every variant); variable keys: ${allowed.join(', ')}`);
  if (!allowed.includes(k)) throw new ParamError(`${where}.${key}`, `unknown key "${key}" (variable keys: ${allowed.join(', ')})`);
  return k;
}

export interface VaryAxis {
  key: string;
  values: VariantValue[];
}

/** all combinations of the axes' values, first axis outermost */
export function expandGrid(axes: VaryAxis[]): VariantValues[] {
  let out: VariantValues[] = [{}];
  for (const a of axes) {
    const next: VariantValues[] = [];
    for (const o of out) for (const v of a.values) next.push({ ...o, [a.key]: v });
    out = next;
  }
  return out;
}

/** "τ = 0", "τ = 1/√d", "τ = 0.5/√d" */
export function tauLabel(c: number): string {
  return c === 0 ? 'τ = 0' : c === 1 ? 'τ = 1/√d' : `τ = ${c}/√d`;
}

const KEY_NAMES: Record<string, string> = { batch: 'B', gammaFraction: 'γ/γ_max', vRatio: 'v/d', rmaxFactor: 'r-range factor', alpha: 'α', beta: 'β' };

export function valueLabel(key: string, value: VariantValue): string {
  if (key === 'tau' && typeof value === 'number') return tauLabel(value);
  if (key === 'spectrum') return value === 'power-law' ? 'power law' : `spectrum ${value}`;
  if (typeof value === 'string') return `${KEY_NAMES[key] ?? key} ${value}`;
  return `${KEY_NAMES[key] ?? key} = ${value}`;
}

/** the label of a variant: what differs between the variants (the axes with ≥ 2 values) */
export function variantLabel(values: VariantValues, axes: VaryAxis[]): string {
  const parts = axes.filter((a) => a.values.length >= 2).map((a) => valueLabel(a.key, values[a.key]!));
  return parts.length ? parts.join(', ') : valueLabel('tau', values.tau ?? 0);
}

/** a key for curves and partial results: "tau=1" for τ-only studies (as before variants), else "batch=8,tau=0" */
export function variantKey(values: VariantValues): string {
  return Object.entries(values)
    .map(([k, v]) => `${k}=${v}`)
    .join(',');
}

const same = (a: VariantValue, b: VariantValue) => a === b || String(a) === String(b);

/** index of the variant matching every key of `ref` (keys already normalised) */
export function findReference(variants: VariantValues[], ref: VariantValues | undefined): number {
  if (!ref || Object.keys(ref).length === 0) return 0;
  const i = variants.findIndex((v) => Object.entries(ref).every(([k, x]) => v[k] !== undefined && same(v[k]!, x)));
  if (i < 0) {
    const want = Object.entries(ref)
      .map(([k, v]) => `${k}=${v}`)
      .join(', ');
    throw new ParamError('reference', `no variant has ${want} (variants: ${variants.map(variantKey).join('; ')})`);
  }
  return i;
}
