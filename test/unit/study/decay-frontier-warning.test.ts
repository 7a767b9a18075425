// The wsd/cosine study warning (compute/study-task.ts decayFrontierWarning): the share of frontier points
// in the fit window that lie in a size's decay, counted from C = B·d·r against each size's decay start;
// no warning for other schedules. A hand-made frontier gives a known share; a real small study gives the
// warning on its wsd variant only.
import { describe, expect, it } from 'vitest';
import { decayFrontierWarning, runStudy } from '../../../src-shared/compute/study-task';
import { silentContext } from '../../../src-shared/compute/task';
import { portableBackend } from '../../../src-shared/linalg/portable';
import type { Frontier } from '../../../src-shared/study/frontier';
import type { StudySetting } from '../../../src-shared/params/study-params';

const setting = (lrSchedule?: string) => ({ dgrid: [10, 20], rmaxgrid: [1000, 4000], batch: 1, lrSchedule, warmup: 0, decayFraction: 0.2 }) as unknown as StudySetting;
// d = 10 wins at C = 1e3…1e4 (r = 100…1000: decay from r = 800, i.e. C ≥ 8000), d = 20 at C = 2e4…8e4 (decay from r = 3200, C ≥ 64000)
const C = [1000, 4000, 8000, 9000, 10000, 20000, 40000, 64000, 70000, 80000];
const winner = [0, 0, 0, 0, 0, 1, 1, 1, 1, 1];
const frontier = { dgrid: [10, 20], C: Float64Array.from(C), winner: Int32Array.from(winner) } as unknown as Frontier;

describe('decayFrontierWarning', () => {
  it('counts the window points that lie in a decay', () => {
    expect(decayFrontierWarning(setting('wsd'), frontier, [1000, 80000])).toMatch(/^wsd: 60 % of the frontier points/);
    expect(decayFrontierWarning(setting('wsd'), frontier, [1000, 40000])).toMatch(/^wsd: 43 % /);
    // cosine: the decay counted from rmax/2 (d = 10: C ≥ 5000; d = 20: C ≥ 40000)
    expect(decayFrontierWarning(setting('cosine'), frontier, [1000, 80000])).toMatch(/^cosine: 70 % /);
  });
  it('no warning for power schedules or plain SGD, nor for an empty window', () => {
    expect(decayFrontierWarning(setting('power'), frontier, [1000, 80000])).toBeNull();
    expect(decayFrontierWarning(setting(), frontier, [1000, 80000])).toBeNull();
    expect(decayFrontierWarning(setting('wsd'), frontier, [1, 10])).toBeNull();
  });
  it('a small study: the wsd variant carries the warning, the constant-step one does not', async () => {
    const res = await runStudy({ alpha: 1, beta: 0.6, dgrid: [50, 100, 200], vRatio: 2, tau: [0], vary: { lrSchedule: ['power', 'wsd'] }, draws: 1, bootstrap: 0, checkpoints: 60 }, portableBackend, silentContext);
    expect(res.fits[0]!.warnings.some((w) => w.includes('frontier points in the window lie in a decay'))).toBe(false);
    expect(res.fits[1]!.warnings.some((w) => /^wsd: \d+ % of the frontier points in the window lie in a decay/.test(w))).toBe(true);
  });
});
