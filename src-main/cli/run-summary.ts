// `plrf runs show ID` in words: the run's identity, its parameters one per line, and for a
// finished study the fits as a table (η, ξ with their intervals as [lo, hi], "not estimable: …"
// where a value is missing — src-renderer/data/estimates.ts, the same wording as the app),
// Δη with its interval, the theory, and each fit warning under its τ. "partial results" only
// while a run is not finished. (`--json` prints the full RunDetail instead.)
import { importedNote } from '../../src-shared/export/imported-note';
import type { RunDetail } from '../../src-shared/api';
import { isFinalStatus } from '../../src-shared/api';
import { estimate, num, pair, sciOr, interval, fixedClean } from '../../src-renderer/data/estimates';

function value(v: unknown): string {
  if (Array.isArray(v)) return v.map((x) => value(x)).join(', ');
  if (typeof v === 'number') return String(Number(v.toPrecision(12)));
  if (v && typeof v === 'object') return JSON.stringify(v);
  return String(v);
}

export function readableRun(d: RunDetail, when: (ms: number | null) => string): string {
  const lines = [
    `run ${d.id}  ${d.kind}  ${d.status}${d.deleted ? ' (deleted)' : ''}`,
    `label: ${d.label || '—'}`,
    ...(d.tags.length ? [`tags: ${d.tags.join(', ')}`] : []),
    `created ${when(d.createdAt)}  started ${when(d.startedAt)}  finished ${when(d.finishedAt)}`,
    `code ${d.codeVersion}  seed ${d.seed ?? '-'}`,
    ...(d.imported ? [importedNote(d.imported)!] : []),
    ...(d.error ? [`error: ${d.error}`] : []),
    'parameters:',
    ...Object.entries(d.params).map(([k, v]) => `  ${k.padEnd(14)} ${value(v)}`),
  ];
  if (!isFinalStatus(d.status) && d.partials.length) lines.push(`partial results so far: ${d.partials.map((p) => p.key).join(', ')}`);
  const s = (d.result?.summary ?? {}) as Record<string, unknown>;
  const fits = Array.isArray(s.fits) ? (s.fits as Record<string, unknown>[]) : [];
  if (fits.length) {
    lines.push('fits (R̂(C) = s·C^(−η) on the frontier; intervals as [lo, hi]):');
    for (const f of fits) {
      const tau = num(f.tau);
      const sOk = Number.isFinite(num(f.s));
      const eta = estimate(sOk ? f.eta : NaN, f.eta_ci, sOk ? 'too few frontier points' : 'the prefactor s overflows (risk at machine precision)');
      const xi = estimate(f.xi, f.xi_ci, 'd* constant over the window');
      const w = pair(f.window);
      lines.push(`  τ = ${tau === 0 ? '0' : `${fixedClean(tau, 3).replace(/\.?0+$/, '')}/√d`}:  s = ${sciOr(f.s, 'overflows')}  η = ${eta.text}  ξ = ${xi.text}  window C ∈ [${sciOr(w[0], '?')}, ${sciOr(w[1], '?')}]`);
      for (const wn of Array.isArray(f.warnings) ? f.warnings : []) lines.push(`      ⚠ ${wn}`);
    }
    const de = fits.every((f) => Number.isFinite(num(f.s))) ? num(s.delta_eta) : NaN;
    const ci = pair(s.delta_eta_ci);
    if (fits.length >= 2) lines.push(`Δη (last τ − first τ, same study): ${Number.isFinite(de) ? `${fixedClean(de)}${ci.every(Number.isFinite) ? ` ${interval(ci[0], ci[1])}` : ''}` : 'not estimable: η missing'}`);
    const th = s.theory as { phase?: string; eta?: number; xi?: number; boundary?: string[] } | undefined;
    if (th?.phase) lines.push(`theory (τ = 0): phase ${th.phase}${th.boundary?.length ? ` (boundary ${th.boundary.join('/')})` : ''}, η = ${fixedClean(num(th.eta))}, ξ = ${fixedClean(num(th.xi))}`);
  } else if (d.result) {
    const h = d.headline;
    const parts = [h.finalRisk !== null ? `final risk ${sciOr(h.finalRisk, '—')}` : '', h.F0 !== null ? `F₀ ${sciOr(h.F0, '—')}` : '', typeof s.gamma === 'number' ? `γ ${sciOr(s.gamma, '—')}` : ''].filter(Boolean);
    if (parts.length) lines.push(`result: ${parts.join('  ')}`);
  }
  if (d.result) {
    const roles = new Map<string, number>();
    for (const c of d.result.curves) roles.set(String(c.meta.role ?? 'curve'), (roles.get(String(c.meta.role ?? 'curve')) ?? 0) + 1);
    lines.push(`curves: ${[...roles].map(([r, n]) => `${n} ${r}`).join(', ')} (plrf runs export ${d.id} --format csv)`);
  }
  if (d.notes) lines.push('notes:', d.notes);
  return lines.join('\n') + '\n';
}
