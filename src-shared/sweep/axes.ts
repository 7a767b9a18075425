// Sweep axes and their expansion into cells (pure; shared by the CLI, the API service and the UI).
//
// An axis is `NAME=V1,V2,…` (a list) or `NAME=START:STOP:STEP` (an inclusive arithmetic range:
// START, START+STEP, … ≤ STOP + STEP·1e-9; each value rounded to 12 significant digits so that
// 0.3:1.5:0.1 gives 0.3, 0.4, …, 1.5 and not 0.30000000000000004). NAME is any key of the run
// kind's parameter schema (camelCase or kebab-case: gammaFraction = gamma-fraction). A scalar
// value for a list field (e.g. a study's `tau`) becomes a one-element list: `tau=0,1` on a study
// gives one study per τ.
//
// Cells are the Cartesian product of the axes in the order given, the FIRST axis varying slowest
// (row-major): cell k ↔ mixed-radix digits of k. Every cell's params = base params overridden by
// the cell's coordinates, validated by the kind's own validate() (ParamError → a SweepError naming
// the axis and the cell) before anything is stored. More than CONFIRM_CELLS cells needs an
// explicit confirmation (`--yes`); more than MAX_CELLS is refused outright.
import { ParamError } from '../params/errors';

/** above this many cells the caller must confirm (`--yes`, `confirm: true`) */
export const CONFIRM_CELLS = 10_000;
/** hard limit on the cells of one sweep */
export const MAX_CELLS = 1_000_000;
/** at most this many values on one axis */
export const MAX_AXIS_VALUES = 100_000;

export type AxisValue = number | string | boolean;
export interface Axis {
  name: string;
  values: AxisValue[];
}

export type FieldType = 'number' | 'int' | 'string' | 'boolean' | 'numlist';

type AnyZod = { def: { type: string; innerType?: AnyZod; element?: AnyZod; options?: AnyZod[]; entries?: Record<string, string> }; isInt?: boolean };

function unwrap(t: AnyZod): AnyZod {
  while (t.def.type === 'default' || t.def.type === 'optional' || t.def.type === 'nullable') t = t.def.innerType!;
  return t;
}

/** the axis-able fields of a kind's zod object schema: key → how a value is typed */
export function fieldTypesOf(schema: { shape: Record<string, unknown> }): Record<string, FieldType> {
  const out: Record<string, FieldType> = {};
  for (const [key, raw] of Object.entries(schema.shape)) {
    const t = unwrap(raw as AnyZod);
    switch (t.def.type) {
      case 'number':
        out[key] = t.isInt ? 'int' : 'number';
        break;
      case 'boolean':
        out[key] = 'boolean';
        break;
      case 'array':
      case 'tuple':
        out[key] = 'numlist';
        break;
      case 'union': {
        const kinds = (t.def.options ?? []).map((o) => unwrap(o).def.type);
        out[key] = kinds.includes('array') ? 'numlist' : 'number';
        break;
      }
      default:
        out[key] = 'string';
    }
  }
  return out;
}

const camel = (s: string) => s.replace(/-([a-z])/g, (_m, c: string) => c.toUpperCase());
const round12 = (x: number) => Number(x.toPrecision(12));
const NUM = /^[+-]?(\d+\.?\d*|\.\d+)([eE][+-]?\d+)?$/;

function num(axis: string, s: string): number {
  const t = s.trim();
  if (!NUM.test(t)) throw new ParamError(`axis ${axis}`, `expected a number, got "${s}"`);
  const x = Number(t);
  if (!Number.isFinite(x)) throw new ParamError(`axis ${axis}`, `expected a finite number, got "${s}"`);
  return x;
}

/** values of START:STOP:STEP (inclusive; see the header). Throws on an empty or huge range. */
export function rangeValues(axis: string, start: number, stop: number, step: number): number[] {
  if (!(step > 0)) throw new ParamError(`axis ${axis}`, `STEP must be > 0 in START:STOP:STEP (got ${step})`);
  if (stop < start) throw new ParamError(`axis ${axis}`, `empty range ${start}:${stop}:${step} (STOP < START)`);
  const n = Math.floor((stop - start) / step + 1e-9) + 1;
  if (n > MAX_AXIS_VALUES) throw new ParamError(`axis ${axis}`, `range ${start}:${stop}:${step} has ${n} values (at most ${MAX_AXIS_VALUES})`);
  const out: number[] = [];
  for (let i = 0; i < n; i++) out.push(round12(start + i * step));
  return out;
}

/**
 * Parse one `NAME=…` axis against the kind's fields. Unknown names, empty lists/ranges and values
 * of the wrong type are ParamErrors naming the axis (and the allowed names).
 */
export function parseAxis(spec: string, fields: Record<string, FieldType>): Axis {
  const eq = spec.indexOf('=');
  if (eq <= 0) throw new ParamError('axis', `expected NAME=V1,V2,… or NAME=START:STOP:STEP, got "${spec.slice(0, 80)}"`);
  const rawName = spec.slice(0, eq).trim();
  const name = camel(rawName);
  const type = fields[name];
  if (!type) throw new ParamError(`axis ${rawName}`, `unknown parameter (allowed: ${Object.keys(fields).join(', ')})`);
  const body = spec.slice(eq + 1).trim();
  if (body === '') throw new ParamError(`axis ${rawName}`, 'no values');
  let values: AxisValue[];
  if (body.includes(':') && type !== 'string') {
    const parts = body.split(':');
    if (parts.length !== 3) throw new ParamError(`axis ${rawName}`, `expected START:STOP:STEP, got "${body.slice(0, 80)}"`);
    const [a, b, c] = parts.map((s) => num(rawName, s)) as [number, number, number];
    values = rangeValues(rawName, a, b, c);
  } else {
    const parts = body.split(',').map((s) => s.trim());
    if (parts.some((p) => p === '')) throw new ParamError(`axis ${rawName}`, `empty value in "${body.slice(0, 80)}"`);
    if (parts.length > MAX_AXIS_VALUES) throw new ParamError(`axis ${rawName}`, `at most ${MAX_AXIS_VALUES} values`);
    values = parts.map((p) => {
      if (type === 'string') return p;
      if (type === 'boolean') {
        if (p !== 'true' && p !== 'false') throw new ParamError(`axis ${rawName}`, `expected true or false, got "${p}"`);
        return p === 'true';
      }
      return num(rawName, p);
    });
  }
  if (values.length === 0) throw new ParamError(`axis ${rawName}`, 'no values');
  if (new Set(values.map(String)).size !== values.length) throw new ParamError(`axis ${rawName}`, 'repeated value');
  return { name, values };
}

/** parse several axes; a parameter may appear on one axis only */
export function parseAxes(specs: string[], fields: Record<string, FieldType>): Axis[] {
  if (specs.length === 0) throw new ParamError('axis', 'a sweep needs at least one --axis NAME=…');
  const axes = specs.map((s) => parseAxis(s, fields));
  const seen = new Set<string>();
  for (const a of axes) {
    if (seen.has(a.name)) throw new ParamError(`axis ${a.name}`, 'given twice');
    seen.add(a.name);
  }
  return axes;
}

export function cellCount(axes: Axis[]): number {
  return axes.reduce((n, a) => n * a.values.length, 1);
}

/** coordinates of cell k (first axis slowest) */
export function cellCoords(axes: Axis[], k: number): Record<string, AxisValue> {
  const out: Record<string, AxisValue> = {};
  for (let i = axes.length - 1; i >= 0; i--) {
    const a = axes[i]!;
    out[a.name] = a.values[k % a.values.length]!;
    k = Math.floor(k / a.values.length);
  }
  // keep the axis order in the object
  return Object.fromEntries(axes.map((a) => [a.name, out[a.name]!]));
}

/** the raw (unvalidated) params of a cell: base overridden by its coordinates */
export function cellParams(base: Record<string, unknown>, coords: Record<string, AxisValue>, fields: Record<string, FieldType>): Record<string, unknown> {
  const p: Record<string, unknown> = { ...base };
  for (const [k, v] of Object.entries(coords)) p[k] = fields[k] === 'numlist' && typeof v === 'number' ? [v] : v;
  return p;
}

export interface ExpandedCell {
  idx: number;
  coords: Record<string, AxisValue>;
  /** validated params (kind defaults applied) */
  params: Record<string, unknown>;
}

export interface ExpandOptions {
  /** the kind's validate(): applies defaults, throws ParamError on bad input */
  validate: (raw: unknown) => Record<string, unknown>;
  fields: Record<string, FieldType>;
  /** allow more than CONFIRM_CELLS cells */
  confirm?: boolean;
}

/** the size guard alone (before expanding anything) */
export function checkCellCount(axes: Axis[], confirm: boolean): number {
  const n = cellCount(axes);
  if (n > MAX_CELLS) throw new ParamError('axis', `${n} cells is more than the limit of ${MAX_CELLS} per sweep; split it`);
  if (n > CONFIRM_CELLS && !confirm)
    throw new ParamError('yes', `${n} cells (more than ${CONFIRM_CELLS}): confirm with --yes (API: confirm: true) — nothing was created`);
  return n;
}

/**
 * Expand and validate every cell. Throws (ParamError naming the axis, its value and the cell)
 * before the caller stores anything.
 */
export function expandSweep(base: Record<string, unknown>, axes: Axis[], o: ExpandOptions): ExpandedCell[] {
  const n = checkCellCount(axes, o.confirm ?? false);
  const axisNames = new Set(axes.map((a) => a.name));
  const cells: ExpandedCell[] = [];
  for (let k = 0; k < n; k++) {
    const coords = cellCoords(axes, k);
    let params: Record<string, unknown>;
    try {
      params = o.validate(cellParams(base, coords, o.fields));
    } catch (e) {
      if (e instanceof ParamError) {
        const key = e.param.replace(/^params\./, '').split('.')[0]!;
        const where = Object.entries(coords).map(([a, v]) => `${a}=${String(v)}`).join(', ');
        const msg = e.message.startsWith(e.param + ': ') ? e.message.slice(e.param.length + 2) : e.message;
        throw new ParamError(axisNames.has(key) ? `axis ${key}` : e.param, `cell ${k} (${where}): ${msg}`);
      }
      throw e;
    }
    cells.push({ idx: k, coords, params });
  }
  return cells;
}

/** canonical JSON (keys sorted at every level): the identity of a cell's params in shards */
export function canonicalJson(x: unknown): string {
  return JSON.stringify(sortKeys(x));
}

function sortKeys(x: unknown): unknown {
  if (Array.isArray(x)) return x.map(sortKeys);
  if (x && typeof x === 'object') {
    const o = x as Record<string, unknown>;
    return Object.fromEntries(Object.keys(o).sort().map((k) => [k, sortKeys(o[k])]));
  }
  return x;
}

/** "alpha=0.5, tau=1" */
export function coordsLabel(coords: Record<string, AxisValue>): string {
  return Object.entries(coords).map(([k, v]) => `${k}=${String(v)}`).join(', ');
}
