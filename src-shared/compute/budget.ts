// Admission of a run against a resource budget, before any work (issue 12, "memory and work
// limits"). Every kind's estimate (registry.ts) gives its peak memory and time together with
// the parameter that drives each (`memoryParam`, `timeParam`: v, d, draws, checkpoints, runs,
// batch, rmax, dgrid …). A run whose memory estimate exceeds the budget is refused, naming that
// parameter; one whose time estimate exceeds the time budget is refused unless the user
// confirms (API `confirm: true`, CLI `--yes`). The budget itself comes from the Node side
// (src-main/services/budget.ts: a fraction of the machine's memory, configurable).
import { ParamError } from '../params/errors';
import type { Estimate } from '../api/types';

export interface ResourceBudget {
  /** peak memory one run may use (bytes) */
  memoryBytes: number;
  /** estimated wall-clock seconds above which a run needs confirmation */
  seconds: number;
}

export function formatBytes(b: number): string {
  if (b >= 1024 ** 4) return `${(b / 1024 ** 4).toPrecision(3)} TiB`;
  if (b >= 1024 ** 3) return `${(b / 1024 ** 3).toPrecision(3)} GiB`;
  return `${(b / 1024 ** 2).toPrecision(3)} MiB`;
}

export function formatSeconds(s: number): string {
  if (s >= 365 * 86400) return `${(s / (365 * 86400)).toPrecision(3)} years`;
  if (s >= 86400) return `${(s / 86400).toPrecision(3)} days`;
  if (s >= 3600) return `${(s / 3600).toPrecision(3)} h`;
  if (s >= 60) return `${(s / 60).toPrecision(3)} min`;
  return `${s.toPrecision(3)} s`;
}

/** problems of an estimate against a budget (empty: admissible) */
export function budgetProblems(est: Estimate, budget: ResourceBudget, confirm = false): ParamError[] {
  const out: ParamError[] = [];
  if (!(est.bytes <= budget.memoryBytes))
    out.push(
      new ParamError(
        est.memoryParam ?? 'params',
        `too large: needs about ${formatBytes(est.bytes)} of memory (${est.memoryDetail ?? est.detail}), over the memory budget of ${formatBytes(budget.memoryBytes)} (PLRF_MEMORY_BUDGET); lower ${est.memoryParam ?? 'the sizes'}`,
      ),
    );
  if (!confirm && !(est.seconds <= budget.seconds))
    out.push(
      new ParamError(
        est.timeParam ?? 'params',
        `too long: estimated ${formatSeconds(est.seconds)} (${est.detail}), over the time budget of ${formatSeconds(budget.seconds)} (PLRF_TIME_BUDGET); lower ${est.timeParam ?? 'the work'} or confirm (--yes / confirm: true)`,
      ),
    );
  return out;
}

/** throw the first problem (memory first: it cannot be confirmed away) */
export function admit(est: Estimate, budget: ResourceBudget, confirm = false): void {
  const p = budgetProblems(est, budget, confirm);
  if (p.length) throw p[0]!;
}
