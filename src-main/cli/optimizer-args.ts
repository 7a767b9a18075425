// CLI options of the optimizer family (issue 17), shared by `plrf curve` and `plrf study`: the flags,
// their help (from the one zod schema, src-shared/params/optimizer-params.ts) and the mapping onto the
// plain parameter keys. `--gamma G` is today's absolute step; `--gamma C,P[,T0]` is the SGD schedule
// γ_t = C·(1 + t/T0)^P (gamma, gammaPower, gammaT0). Schedules S = c | c,p | c,p,t0.
import type { OptSpecs } from './args';
import { ParamError } from '../../src-shared/params/errors';
import { LR_SCHEDULES, OPTIMIZERS, optimizerFields, parseScheduleArg } from '../../src-shared/params/optimizer-params';

const dsc = (k: keyof typeof optimizerFields): string => optimizerFields[k].description ?? '';

export const optimizerSpecs: OptSpecs = {
  optimizer: { type: 'string', help: `${OPTIMIZERS.join('|')}: ${dsc('optimizer')}` },
  momentum: { type: 'number', help: dsc('momentum') },
  g1: { type: 'string', help: dsc('g1') + ' (S = c | c,p | c,p,t0)' },
  g2: { type: 'string', help: dsc('g2') },
  g3: { type: 'string', help: dsc('g3') },
  delta: { type: 'string', help: dsc('delta') },
  'gamma-power': { type: 'number', help: dsc('gammaPower') },
  'gamma-t0': { type: 'number', help: dsc('gammaT0') },
  'gamma-floor': { type: 'number', help: dsc('gammaFloor') },
  'lr-schedule': { type: 'string', help: `${LR_SCHEDULES.join('|')}: ${dsc('lrSchedule')}` },
  warmup: { type: 'int', help: dsc('warmup') },
  'decay-fraction': { type: 'number', help: dsc('decayFraction') },
};

export const optimizerHelp = [
  'Optimizers (one update rule): y ← (1 − Δ)y + g1·grad, θ ← θ − g2·grad − g3·y (grad = batch sum).',
  '  sgd (default): g2 = γ_t; --gamma C,P[,T0] gives γ_t = C·(1 + t/T0)^P, --lr-schedule wsd|cosine presets.',
  '  momentum: heavy ball Δ = 1 − μ (--momentum, default 0.9), g1 = 1, g2 = 0, g3 = γ (γ_max of the heavy ball).',
  '  dana: --g1 --g2 --g3 --delta schedules c,p,t0 = c·(1 + t/t0)^p; dana-constant / dana-decaying: presets of',
  '  arXiv 2505.16098 from (α, β, v, d, B) (any of --g1..--delta overrides). Resolved values: params.optimizerResolved.',
].join('\n');

/** parse `--gamma` (a number, or C,P[,T0]) into the plain keys */
export function parseGammaArg(s: string): Record<string, number> {
  const sch = parseScheduleArg('--gamma', s);
  if (typeof sch === 'number') return { gamma: sch };
  return { gamma: sch.c, gammaPower: sch.p ?? 0, ...(sch.t0 !== undefined ? { gammaT0: sch.t0 } : {}) };
}

/** spec key → CLI flag, for error messages */
export const optimizerFlags: Record<string, string> = {
  optimizer: '--optimizer',
  momentum: '--momentum',
  g1: '--g1',
  g2: '--g2',
  g3: '--g3',
  delta: '--delta',
  gammaPower: '--gamma-power',
  gammaT0: '--gamma-t0',
  gammaFloor: '--gamma-floor',
  lrSchedule: '--lr-schedule',
  warmup: '--warmup',
  decayFraction: '--decay-fraction',
};

/** move the optimizer flags of parsed CLI options into raw parameter keys (deletes them from opts) */
export function takeOptimizerArgs(opts: Record<string, unknown>): Record<string, unknown> {
  const out: Record<string, unknown> = {};
  if (opts.gamma !== undefined) {
    if (typeof opts.gamma !== 'string') throw new ParamError('--gamma', 'expected a number or C,P[,T0]');
    Object.assign(out, parseGammaArg(opts.gamma));
    delete opts.gamma;
  }
  const map: Record<string, string> = { 'gamma-power': 'gammaPower', 'gamma-t0': 'gammaT0', 'gamma-floor': 'gammaFloor', 'lr-schedule': 'lrSchedule', 'decay-fraction': 'decayFraction' };
  for (const k of Object.keys(optimizerSpecs)) {
    if (opts[k] === undefined) continue;
    const v = opts[k];
    out[map[k] ?? k] = ['g1', 'g2', 'g3', 'delta'].includes(k) ? parseScheduleArg(`--${k}`, String(v)) : v;
    delete opts[k];
  }
  return out;
}
