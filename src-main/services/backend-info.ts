// Linear-algebra backend description for doctor() (src-main/linalg/select.ts), never throwing.
import { backendInfo } from '../linalg/select';

export function linalgInfo(): Record<string, string | number | boolean> {
  try {
    const out: Record<string, string | number | boolean> = {};
    for (const [k, v] of Object.entries(backendInfo())) out[k] = v === null ? 'n/a' : v;
    return out;
  } catch (e) {
    return { error: e instanceof Error ? e.message : String(e) };
  }
}
