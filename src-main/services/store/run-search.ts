// The Runs search box's query syntax (issue 13: `beta=0.2` must match runs with β = 0.2 only —
// not β = 0.25, not α = 0.2, not a label containing "0.2"). A search text is split into
//   - parameter filters `key=value` (spaces around `=` allowed): the run's stored parameter
//     `key` equals `value`. Numbers compare exactly as numbers (0.2 = 0.20 = 2e-1, 200 = 200.0);
//     anything else compares as text, ignoring case. A list parameter (dgrid, tau) matches when
//     one of its entries equals the value, and a study that varies the key (`vary.KEY`) matches
//     when one of its values does. Keys: any parameter name (case-insensitive), Greek aliases
//     α β τ γ, `d` (the model size of a curve, or any size of a study's d grid), `kind` (the run
//     kind), `optimizer` (absent = sgd), `τ=1/√d` (the c of τ = c/√d). Filters are ANDed.
//   - the remaining words: the full-text search as before (FTS5 over label, tags, notes, params).
// The SQL (run-store.ts paramFilterSql) binds every value; the JSON path is built from a key
// checked against /^[A-Za-z_][A-Za-z0-9_]*$/ and bound too.

export interface ParamFilter {
  /** canonical parameter key ('kind' is the run's kind column) */
  key: string;
  /** the value as typed (trimmed) */
  value: string;
  /** the value as a number, when it is one */
  num: number | null;
}

export interface ParsedSearch {
  filters: ParamFilter[];
  /** the words left for the full-text search ('' when none) */
  text: string;
}

/** parameter keys as stored (study, curve, spectrum and optimizer schemas); matched case-insensitively */
const KNOWN_KEYS = [
  'alpha', 'beta', 'd', 'dgrid', 'v', 'vRatio', 'tau', 'batch', 'gamma', 'gammaFraction', 'method', 'draws', 'runs', 'seed',
  'rmax', 'rmaxFactor', 'checkpoints', 'bootstrap', 'level', 'perDecade', 'isoflopPoints', 'naive', 'optimizer', 'momentum',
  'lrSchedule', 'warmup', 'decayFraction', 'gammaPower', 'gammaT0', 'gammaFloor', 'kind',
];
const ALIASES: Record<string, string> = { 'α': 'alpha', 'β': 'beta', 'τ': 'tau', 'c': 'tau', 'γ': 'gamma', 'opt': 'optimizer' };
const BY_LOWER = new Map(KNOWN_KEYS.map((k) => [k.toLowerCase(), k]));
const IDENT = /^[A-Za-z_][A-Za-z0-9_]*$/;

function canonicalKey(raw: string): string | null {
  const k = raw === 'B' ? 'batch' : ALIASES[raw] ?? ALIASES[raw.toLowerCase()] ?? BY_LOWER.get(raw.toLowerCase()) ?? raw;
  return IDENT.test(k) ? k : null;
}

function numberOf(value: string): number | null {
  const v = value.replace(/\/√d$/, ''); // τ = c/√d written as the user reads it
  if (!/^[-+]?(\d+\.?\d*|\.\d+)([eE][-+]?\d+)?$/.test(v)) return null;
  const n = Number(v);
  return Number.isFinite(n) ? n : null;
}

/** split a search text into parameter filters and free words */
export function parseSearch(text: string): ParsedSearch {
  const filters: ParamFilter[] = [];
  const rest: string[] = [];
  const norm = text.replace(/\s*=\s*/g, '=');
  for (const tok of norm.split(/\s+/).filter(Boolean)) {
    const m = /^([^=]+)=(.+)$/.exec(tok);
    const key = m ? canonicalKey(m[1]!) : null;
    if (m && key) filters.push({ key, value: m[2]!, num: numberOf(m[2]!) });
    else rest.push(tok);
  }
  return { filters, text: rest.join(' ') };
}
