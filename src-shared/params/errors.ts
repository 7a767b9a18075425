// Validation errors shared by the CLI, the API, the store and the UI.
// A ParamError names the parameter (a dotted path in the parameter object, e.g. "alpha"
// or "dgrid.3") and states the allowed range; it is raised before any work starts.
export class ParamError extends Error {
  readonly param: string;
  constructor(param: string, message: string) {
    super(`${param}: ${message}`);
    this.name = 'ParamError';
    this.param = param;
  }
}

export function isParamError(e: unknown): e is ParamError {
  return e instanceof Error && (e as { name?: string }).name === 'ParamError' && typeof (e as ParamError).param === 'string';
}
