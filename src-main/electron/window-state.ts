// Remembered window geometry: bounds and maximised flag in <userData>/window-state.json.
// Restored bounds are clamped onto a visible display so a window never opens off-screen.
import { readFileSync, writeFileSync, mkdirSync } from 'node:fs';
import { dirname } from 'node:path';

export interface Rect {
  x: number;
  y: number;
  width: number;
  height: number;
}

export interface WindowState {
  bounds: Rect;
  maximized: boolean;
}

export const DEFAULT_STATE: WindowState = { bounds: { x: 80, y: 60, width: 1400, height: 900 }, maximized: false };
const MIN_W = 800;
const MIN_H = 560;

function isRect(r: unknown): r is Rect {
  const o = r as Record<string, unknown>;
  return !!o && ['x', 'y', 'width', 'height'].every((k) => typeof o[k] === 'number' && Number.isFinite(o[k]));
}

export function loadWindowState(file: string): WindowState {
  try {
    const raw = JSON.parse(readFileSync(file, 'utf8')) as Partial<WindowState>;
    if (isRect(raw.bounds)) return { bounds: raw.bounds, maximized: raw.maximized === true };
  } catch {
    /* missing or corrupt: defaults */
  }
  return { bounds: { ...DEFAULT_STATE.bounds }, maximized: false };
}

export function saveWindowState(file: string, state: WindowState): void {
  mkdirSync(dirname(file), { recursive: true });
  writeFileSync(file, JSON.stringify(state));
}

/** fit `b` onto the work area that overlaps it most; centre it on the first one when none does */
export function clampToDisplays(b: Rect, workAreas: Rect[]): Rect {
  if (workAreas.length === 0) return b;
  let best = workAreas[0]!;
  let bestOverlap = -1;
  for (const w of workAreas) {
    const ox = Math.max(0, Math.min(b.x + b.width, w.x + w.width) - Math.max(b.x, w.x));
    const oy = Math.max(0, Math.min(b.y + b.height, w.y + w.height) - Math.max(b.y, w.y));
    if (ox * oy > bestOverlap) {
      bestOverlap = ox * oy;
      best = w;
    }
  }
  const width = Math.max(Math.min(b.width, best.width), Math.min(MIN_W, best.width));
  const height = Math.max(Math.min(b.height, best.height), Math.min(MIN_H, best.height));
  if (bestOverlap <= 0) {
    return { x: best.x + Math.round((best.width - width) / 2), y: best.y + Math.round((best.height - height) / 2), width, height };
  }
  const x = Math.min(Math.max(b.x, best.x), best.x + best.width - width);
  const y = Math.min(Math.max(b.y, best.y), best.y + best.height - height);
  return { x, y, width, height };
}
