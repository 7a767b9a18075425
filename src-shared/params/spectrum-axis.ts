// The data spectrum as a variant axis (issue 18 §5: "power-law spectrum vs an imported one").
// `vary.spectrum` holds, per variant, either the string "power-law" (the built-in model
// D_j = j^{-2α}, b_j = j^{-β}: no spectrum object) or a resolved data spectrum object
// (spectrum/source.ts, the same object `spectrum` holds in a single study). Names such as a data
// set ("digits") or "file:PATH" are resolved to objects at the edges (src-main/services/
// spectrum-axis.ts: CLI and API) before validation; here they are refused, naming the key and the
// value. The variant's value (JSON `fits[].variant.spectrum`, labels, `reference`) is the
// spectrum's name ("power-law" for the built-in model), so the names on one axis must be distinct.
//
// Settings of the variants (so that they differ in the spectrum only):
// - v is fixed and the same for every variant: the given `v` (≤ every data spectrum's length) or
//   by default the shortest data spectrum's length; `vRatio` is refused.
// - A data variant's α, β are the power-law fit of its spectrum (spectrum/resolve.ts, as for a
//   single study); the power-law variant's α, β are the given ones or, when not given, the fit of
//   the first data spectrum on the axis (the preset "power law at the data's fitted exponents").
// Pure (no Node): the objects arrive resolved.
import { ParamError } from './errors';
import { validateDataSpectrum, type DataSpectrum } from '../spectrum/source';
import { spectrumFitOf } from '../spectrum/resolve';

/** the variant value of the built-in power law on a spectrum axis */
export const POWER_LAW = 'power-law';

/** a value of the spectrum axis as the user names it: a stored spectrum object by its name, else the text */
export function axisValueText(x: unknown): string {
  return x && typeof x === 'object' && typeof (x as { name?: unknown }).name === 'string' ? (x as { name: string }).name : String(x);
}

export interface SpectrumAxis {
  /** variant values: "power-law" or the spectrum's name, in axis order */
  names: string[];
  /** name → data spectrum (absent for "power-law") */
  byName: Map<string, DataSpectrum>;
  /** v for every variant when the axis has a data spectrum */
  v?: number;
  /** α, β of the power-law variant when not given (the first data spectrum's fit) */
  powerLaw?: { alpha: number; beta: number };
}

/** check the raw values of `vary.spectrum` and the base fields they interact with (see header) */
export function spectrumAxis(values: unknown[], input: Record<string, unknown>): SpectrumAxis {
  const names: string[] = [];
  const byName = new Map<string, DataSpectrum>();
  if (input.spectrum !== undefined) throw new ParamError('vary.spectrum', 'give the spectrum either as spectrum or in vary, not both');
  values.forEach((raw, i) => {
    let name: string;
    if (raw === POWER_LAW) name = POWER_LAW;
    else if (typeof raw === 'string' || typeof raw === 'number')
      throw new ParamError('vary.spectrum', `spectrum=${raw}: not a spectrum — "power-law", a data set name (digits) or file:PATH, resolved by the CLI or the app before the study is validated`);
    else {
      let s: DataSpectrum;
      try {
        s = validateDataSpectrum(raw, `vary.spectrum.${i + 1}`);
      } catch (e) {
        if (!(e instanceof ParamError)) throw e;
        throw new ParamError('vary.spectrum', `value ${i + 1}: ${e.message}`);
      }
      name = s.name;
      if (name === POWER_LAW) throw new ParamError('vary.spectrum', `value ${i + 1}: a data spectrum cannot be named "${POWER_LAW}"`);
      byName.set(name, s);
    }
    if (names.includes(name)) throw new ParamError('vary.spectrum', `values must be distinct (${name} repeated)`);
    names.push(name);
  });
  const data = [...byName.values()];
  if (!data.length) return { names, byName };
  if (input.vRatio !== undefined) throw new ParamError('vRatio', 'with a data spectrum on the spectrum axis v is fixed for every variant (default the shortest spectrum\'s length); give v, not vRatio');
  const vmin = Math.min(...data.map((s) => s.lambda.length));
  const v = input.v === undefined ? vmin : (input.v as number);
  if (typeof v === 'number' && v > vmin) {
    const s = data.find((x) => x.lambda.length < v)!;
    throw new ParamError('v', `must be ≤ the length ${s.lambda.length} of every spectrum on the axis ("${s.name}"), got ${v}`);
  }
  const fit = spectrumFitOf(data[0]!);
  return { names, byName, v, powerLaw: { alpha: fit.alpha, beta: fit.beta } };
}

/** the base fields a spectrum axis implies when not given: v (the shortest spectrum) and the power-law
 *  variant's α, β (the first data spectrum's fit); `raw` unchanged without a data spectrum on the axis */
export function withSpectrumAxisDefaults<T extends Record<string, unknown>>(raw: T): T {
  const vary = raw.vary;
  if (!vary || typeof vary !== 'object' || Array.isArray(vary)) return raw;
  const values = (vary as Record<string, unknown>).spectrum;
  if (!Array.isArray(values)) return raw;
  const axis = spectrumAxis(values, raw);
  if (!axis.powerLaw) return raw;
  const out: Record<string, unknown> = { ...raw };
  if (out.v === undefined) out.v = axis.v;
  if (out.alpha === undefined) out.alpha = axis.powerLaw.alpha;
  if (out.beta === undefined) out.beta = axis.powerLaw.beta;
  return out as T;
}

/** one variant's raw setting for a spectrum-axis value (then resolve.ts and the study schema validate it) */
export function applySpectrumValue(vin: Record<string, unknown>, name: string, axis: SpectrumAxis): void {
  const s = axis.byName.get(name);
  if (!s) {
    delete vin.spectrum;
    return;
  }
  // a data variant: α, β are its fitted exponents (resolve.ts sets them)
  delete vin.alpha;
  delete vin.beta;
  vin.spectrum = s;
}
