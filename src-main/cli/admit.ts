// The resource admission of a stored run (src-shared/compute/budget.ts), applied by the CLI
// commands that compute inline (curve, spectrum, study): validate with the kind's schema,
// estimate, refuse over the memory budget (naming the parameter) or over the time budget
// unless --yes — before any work, exit 2 like every invalid input.
import { getKind } from '../../src-shared/compute/registry';
import { admit } from '../../src-shared/compute/budget';
import { configureEstimateMachine, defaultBudget } from '../services/budget';

export const YES_OPT = { yes: { type: 'bool' as const, help: 'run even if the time estimate is over the time budget (PLRF_TIME_BUDGET)' } };

export function admitCli(kind: string, raw: Record<string, unknown>, yes: boolean): void {
  const clean = Object.fromEntries(Object.entries(raw).filter(([, v]) => v !== undefined));
  const spec = getKind(kind);
  configureEstimateMachine();
  admit(spec.estimate(spec.validate(clean)), defaultBudget(), yes);
}
