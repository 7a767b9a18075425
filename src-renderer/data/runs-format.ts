// Compact text of a run's parameters and headline for the runs table. Pure.
import type { RunSummary } from '../../src-shared/api';
import { axisValueText } from '../../src-shared/params/spectrum-axis';

/** a number with at most 6 significant digits (0.6000000000000001 → 0.6) */
export function short(x: unknown): string {
  return typeof x === 'number' && Number.isFinite(x) ? String(Number(x.toPrecision(6))) : String(x);
}

function list(x: unknown): string {
  if (!Array.isArray(x)) return short(x);
  if (x.length > 4) return `${short(x[0])}…${short(x[x.length - 1])} (${x.length})`;
  return x.map(short).join(',');
}

export function paramsText(r: Pick<RunSummary, 'kind' | 'params'>): string {
  const p = r.params as Record<string, unknown>;
  const parts: string[] = [];
  const spec = p.spectrum as { name?: string } | undefined;
  if (spec && typeof spec === 'object') parts.push(`spectrum “${spec.name ?? '?'}” (fit α≈${short(Number((p.alpha as number)?.toPrecision(3)))}, β≈${short(Number((p.beta as number)?.toPrecision(3)))})`);
  else if (p.alpha !== undefined) parts.push(`α=${short(p.alpha)}`);
  if (!spec && p.beta !== undefined) parts.push(`β=${short(p.beta)}`);
  if (p.dgrid !== undefined) parts.push(`d=${list(p.dgrid)}`);
  else if (p.d !== undefined) parts.push(`d=${p.d}`);
  if (p.v !== undefined) parts.push(`v=${p.v}`);
  else if (p.vRatio !== undefined) parts.push(`v/d=${short(p.vRatio)}`);
  if (p.tau !== undefined) parts.push(`c=${list(p.tau)}`);
  if (p.batch !== undefined && p.batch !== 1) parts.push(`B=${p.batch}`);
  if (p.method !== undefined) parts.push(String(p.method));
  // study variants (issue 18): "vary batch=1,4 × tau=0,1"
  // (a spectrum axis holds spectrum objects: shown by name, "vary spectrum=power-law,digits")
  if (p.vary && typeof p.vary === 'object') parts.push(`vary ${Object.entries(p.vary as Record<string, unknown[]>).map(([k, v]) => `${k}=${Array.isArray(v) ? v.map(axisValueText).join(',') : String(v)}`).join(' × ')}`);
  if (p.optimizer !== undefined && p.optimizer !== 'sgd') parts.push(String(p.optimizer) + (p.momentum !== undefined ? ` μ=${short(p.momentum)}` : ''));
  const lr = lrScheduleText(p);
  if (lr) parts.push(lr);
  return parts.join(' ');
}

/** SGD's step-size schedule in short (params/optimizer-params.ts keys), '' for a constant step:
 *  "wsd(warmup 100, decay 0.2)", "cosine(warmup 100)", "γ·(1+t/1000)^-0.5", "… floor 1e-4" */
export function lrScheduleText(p: Record<string, unknown>): string {
  const warm = p.warmup !== undefined && p.warmup !== 0 ? `warmup ${short(p.warmup)}` : '';
  const floor = p.gammaFloor !== undefined && p.gammaFloor !== 0 ? ` floor ${short(p.gammaFloor)}` : '';
  if (p.lrSchedule === 'wsd') return `wsd(${[warm, `decay ${short(p.decayFraction ?? 0.2)}`].filter(Boolean).join(', ')})${floor}`;
  if (p.lrSchedule === 'cosine') return `cosine${warm ? `(${warm})` : ''}${floor}`;
  if (p.gammaPower !== undefined && p.gammaPower !== 0) return `γ·(1+t/${short(p.gammaT0 ?? 1)})^${short(p.gammaPower)}${warm ? ` ${warm}` : ''}${floor}`;
  return warm ? `${warm}${floor}` : '';
}

export function createdText(ms: number, now = Date.now()): string {
  const d = new Date(ms);
  const sameDay = new Date(now).toDateString() === d.toDateString();
  const pad = (n: number) => String(n).padStart(2, '0');
  const hm = `${pad(d.getHours())}:${pad(d.getMinutes())}`;
  return sameDay ? hm : `${d.getFullYear()}-${pad(d.getMonth() + 1)}-${pad(d.getDate())} ${hm}`;
}

/** the τ partner of a study for Compare: a run with the same params except tau */
export function samePartner(a: Record<string, unknown>, b: Record<string, unknown>): boolean {
  const strip = (p: Record<string, unknown>) => JSON.stringify(Object.fromEntries(Object.entries(p).filter(([k]) => k !== 'tau').sort()));
  return strip(a) === strip(b);
}

/** the user's words for stored parameter names (tooltips, Compare): no vRatio or rmaxFactor */
export const PARAM_WORDS: Record<string, string> = {
  alpha: 'α (data exponent)',
  beta: 'β (target exponent)',
  d: 'd (model size)',
  dgrid: 'd grid',
  v: 'v (latent dimension)',
  vRatio: 'v/d',
  tau: 'c of τ = c/√d',
  batch: 'B (batch)',
  gamma: 'γ (step)',
  gammaFraction: 'γ/γ_max',
  rmax: 'r max (steps)',
  rmaxFactor: 'r-range factor',
  method: 'method',
  draws: 'draws of W̃',
  runs: 'SGD runs per draw',
  seed: 'seed',
  checkpoints: 'checkpoints',
  bootstrap: 'bootstrap resamples',
  level: 'interval level',
  perDecade: 'frontier points per decade',
  isoflopPoints: 'IsoFLOP points',
  window: 'fit window [C]',
};

/** readable tooltip of a run's parameters: one "name = value" per line, in the user's words */
export function paramsTooltip(r: Pick<RunSummary, 'params'>): string {
  return Object.entries(r.params as Record<string, unknown>)
    .map(([k, v]) => `${PARAM_WORDS[k] ?? k} = ${Array.isArray(v) ? v.map(short).join(', ') : v !== null && typeof v === 'object' ? JSON.stringify(v) : short(v)}`)
    .join('\n');
}
