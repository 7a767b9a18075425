// Issue 18 presets that vary the optimizer family of issue 17 (`sgd-dana`: optimizer sgd vs
// dana-decaying; `sgd-schedule`: step-size power 0 vs −0.5). Run small (d = 50…200, 2 draws):
// the SGD reference variant equals the single plain-SGD study on the same draws bit for bit (it
// takes today's closed form); the other variant differs (negative control of the sharing).
import { describe, expect, it } from 'vitest';
import { runStudy } from '../../../src-shared/compute/study-task';
import { validateStudySpec } from '../../../src-shared/params/study-params';
import { getPreset } from '../../../src-shared/study/presets';
import { portableBackend } from '../../../src-shared/linalg/portable';
import { silentContext } from '../../../src-shared/compute/task';

const small = { dgrid: [50, 100, 200], draws: 2, bootstrap: 50 };

describe('optimizer-family variant presets', () => {
  for (const name of ['sgd-dana', 'sgd-schedule']) {
    it(`${name}: the reference variant is the plain single study; Δη has an interval`, async () => {
      const preset = getPreset(name)!;
      expect(preset, name).toBeDefined();
      const spec = validateStudySpec({ ...preset.spec, ...small });
      expect(spec.variants.length).toBe(2);
      const res = await runStudy(spec, portableBackend, silentContext);
      const { vary, ...plain } = preset.spec as Record<string, unknown>;
      const key = Object.keys(vary as object)[0]!;
      const single = await runStudy(validateStudySpec({ ...plain, [key]: (vary as Record<string, unknown[]>)[key]![0], ...small, tau: [0] }), portableBackend, silentContext);
      expect(res.curves[0]!.risk).toEqual(single.curves[0]!.risk);
      expect(res.fits[0]!.eta).toBe(single.fits[0]!.eta);
      expect(res.curves.find((c) => c.variant === 1)!.risk).not.toEqual(res.curves[0]!.risk);
      expect(res.delta_eta[0]).toBe(0);
      expect(Number.isFinite(res.delta_eta[1]!)).toBe(true);
      const ci = res.delta_eta_ci[1]!;
      expect(ci[0]).toBeLessThanOrEqual(ci[1]);
    }, 120_000);
  }
});
