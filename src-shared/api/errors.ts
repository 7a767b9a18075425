// Structured errors of the typed API (src-shared/api). Every failure that crosses a
// transport (Electron IPC, HTTP, in-process) is one `ApiErrorInfo {code, field, message}`;
// clients rethrow it as `ApiError`. Codes map to HTTP statuses in the web server
// (`httpStatusOf`). A ParamError (bad run parameter) becomes code `invalid_param` with
// `field` = "params.<its dotted path>" so forms can put the message next to the input.
import { isParamError } from '../params/errors';

export type ApiErrorCode =
  | 'bad_request' // the request does not match the method's schema (wrong type, unknown field, size)
  | 'invalid_param' // a run parameter is out of its allowed range (ParamError)
  | 'unknown_method'
  | 'not_found'
  | 'conflict' // e.g. cancel a finished run, restore a run that is not deleted
  | 'unauthorized' // web mode: missing / wrong token
  | 'unavailable' // service shutting down
  | 'internal';

export interface ApiErrorInfo {
  code: ApiErrorCode;
  /** dotted path of the offending field in the request ("params.alpha", "filter.kinds.0"), or null */
  field: string | null;
  message: string;
}

export class ApiError extends Error {
  readonly code: ApiErrorCode;
  readonly field: string | null;
  constructor(code: ApiErrorCode, message: string, field: string | null = null) {
    super(message);
    this.name = 'ApiError';
    this.code = code;
    this.field = field;
  }
  toInfo(): ApiErrorInfo {
    return { code: this.code, field: this.field, message: this.message };
  }
}

export function isApiError(e: unknown): e is ApiError {
  return e instanceof Error && (e as { name?: string }).name === 'ApiError' && typeof (e as ApiError).code === 'string';
}

/** Convert anything thrown by a service into the wire form. Internal errors keep only their message. */
export function toApiErrorInfo(e: unknown): ApiErrorInfo {
  if (isApiError(e)) return { code: e.code, field: e.field, message: e.message };
  if (isParamError(e)) {
    const field = e.param.startsWith('params.') || e.param === 'kind' || e.param === 'params' ? e.param : `params.${e.param}`;
    return { code: 'invalid_param', field, message: e.message };
  }
  return { code: 'internal', field: null, message: e instanceof Error ? e.message : String(e) };
}

const STATUS: Record<ApiErrorCode, number> = {
  bad_request: 400,
  invalid_param: 422,
  unknown_method: 404,
  not_found: 404,
  conflict: 409,
  unauthorized: 401,
  unavailable: 503,
  internal: 500,
};

export function httpStatusOf(code: ApiErrorCode): number {
  return STATUS[code] ?? 500;
}
