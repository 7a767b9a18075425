// The shape check of run parameters shared by every request schema (schemas.ts, sweep-schemas.ts):
// a plain JSON object of bounded size whose keys, at every level, are neither prototype keys nor
// over-long (z.record would drop "__proto__" silently). Ranges are the kind's own schema's.
import { z } from 'zod';

export const MAX_PARAMS_JSON = 64 * 1024;

function jsonSize(x: unknown): number {
  try {
    return JSON.stringify(x)?.length ?? 0;
  } catch {
    return Infinity;
  }
}

/** keys that would reach an object's prototype chain: refused everywhere, never dropped */
export const FORBIDDEN_KEYS = ['__proto__', 'constructor', 'prototype'] as const;
export const MAX_KEY = 100;

function isPlainObject(x: unknown): x is Record<string, unknown> {
  if (typeof x !== 'object' || x === null || Array.isArray(x)) return false;
  const proto = Object.getPrototypeOf(x);
  return proto === Object.prototype || proto === null;
}

/**
 * A JSON object of bounded size (ranges are checked by the kind's own schema). Its own keys are
 * checked here because z.record silently drops "__proto__": a forbidden or over-long key is a
 * `bad_request` naming it (params.__proto__), like any unknown field.
 */
export const runParams = z
  .custom<Record<string, unknown>>(isPlainObject, { message: 'must be a JSON object' })
  .superRefine((p, ctx) => {
    // every level (vary, reference, spectrum … are objects too): z.record drops "__proto__" silently
    const walk = (o: unknown, path: string[], depth: number): void => {
      if (depth > 8 || typeof o !== 'object' || o === null) return;
      if (Array.isArray(o)) return o.forEach((x, i) => walk(x, [...path, String(i)], depth + 1));
      for (const k of Object.keys(o)) {
        if ((FORBIDDEN_KEYS as readonly string[]).includes(k)) ctx.addIssue({ code: 'custom', path: [...path, k], message: `unknown field "${k}" is not allowed` });
        else if (k.length > MAX_KEY) ctx.addIssue({ code: 'custom', path: [...path, k.slice(0, 40) + '…'], message: `field names are at most ${MAX_KEY} characters` });
        else walk((o as Record<string, unknown>)[k], [...path, k], depth + 1);
      }
    };
    walk(p, [], 0);
    if (jsonSize(p) > MAX_PARAMS_JSON) ctx.addIssue({ code: 'custom', message: `params must be at most ${MAX_PARAMS_JSON} bytes of JSON` });
  });

