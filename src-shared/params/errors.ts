// Validation errors shared by the CLI, the API, the store and the UI.
// A ParamError names the parameter (a dotted path in the parameter object, e.g. "alpha"
// or "dgrid.3") and states the allowed range; it is raised before any work starts. Numbers in
// the message are written without floating-point noise (number-text.ts cleanNumbers).
import { cleanNumbers } from './number-text';

export class ParamError extends Error {
  readonly param: string;
  constructor(param: string, message: string) {
    super(`${param}: ${cleanNumbers(message)}`);
    this.name = 'ParamError';
    this.param = param;
  }
}

export function isParamError(e: unknown): e is ParamError {
  return e instanceof Error && (e as { name?: string }).name === 'ParamError' && typeof (e as ParamError).param === 'string';
}

/**
 * The issue to report from a failed zod parse: an unknown key first (every entrance refuses
 * unknown keys the same way, before range errors of the known ones), else the first issue.
 */
export function primaryIssue<I extends { code: string }>(issues: readonly I[]): I {
  return issues.find((i) => i.code === 'unrecognized_keys') ?? issues[0]!;
}
