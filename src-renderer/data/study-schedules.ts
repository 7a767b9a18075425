// A stored study's optimizer schedules (summary.schedules, written by study/schedules.ts) as the lines of
// the Run page's schedule chart: each variant's label and colour are those of its panel in the view
// (charts/variant-colors.ts), so the schedules read against the risk panels. null when the study has
// none (every variant plain constant-step SGD, or a run stored before schedules were kept).
import type { RunDetail } from '../../src-shared/api';
import type { ResolvedOptimizer } from '../../src-shared/params/optimizer-params';
import type { ScheduleLine } from '../charts/schedule';
import type { ChartTheme } from '../charts/theme';
import { variantColor } from '../charts/variant-colors';
import type { StudyView } from './adapt';

interface StoredSchedule {
  variant: number;
  label?: string;
  d: number;
  draw: number;
  rmax: number;
  optimizer: ResolvedOptimizer;
}

function isStored(x: unknown): x is StoredSchedule {
  const s = x as StoredSchedule;
  return !!s && typeof s === 'object' && typeof s.variant === 'number' && typeof s.d === 'number' && typeof s.rmax === 'number' && !!s.optimizer && typeof s.optimizer === 'object' && !!s.optimizer.g2;
}

export function studyScheduleLines(run: RunDetail, view: StudyView, theme: ChartTheme): { lines: ScheduleLine[]; subtitle: string } | null {
  const raw = (run.result?.summary as { schedules?: unknown } | undefined)?.schedules;
  if (!Array.isArray(raw)) return null;
  const stored = raw.filter(isStored);
  if (!stored.length) return null;
  const n = view.panels.length;
  const lines = stored.map((s) => {
    const i = view.panels.findIndex((p) => p.variant === s.variant);
    const panel = i >= 0 ? view.panels[i] : undefined;
    return { label: panel?.label ?? s.label ?? `variant ${s.variant}`, color: variantColor(i >= 0 ? i : s.variant, Math.max(n, 1), theme), optimizer: s.optimizer, rmax: s.rmax };
  });
  const ds = [...new Set(stored.map((s) => s.d))];
  const subtitle = ds.length === 1 ? `largest size d = ${ds[0]}, draw ${stored[0]!.draw}` : 'each variant’s largest size';
  return { lines, subtitle };
}
