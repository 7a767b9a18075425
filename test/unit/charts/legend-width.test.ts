// The below-the-plot legend's height is decided before ECharts lays the legend out
// (charts/layout.ts legendPlacement), from an estimate of each label's drawn width. Checked here
// against the real glyph advances of the fonts figures embed (DejaVu Sans and Serif, regular and
// italic runs, superscripts at 0.72 size), measured with fontkit: the estimate must not be short
// (a short estimate lets the legend wrap onto the axis title) and not be far over (an over-estimate
// leaves empty rows under the axis, as the 3.25 in PDF showed with the old 0.66 em per character).
import { createRequire } from 'node:module';
import { join, dirname } from 'node:path';
import { describe, expect, it } from 'vitest';
import { legendPlacement, legendTextWidth } from '../../../src-renderer/charts/layout';
import { typeset } from '../../../src-renderer/charts/typeset';

const require = createRequire(import.meta.url);
const fontkit = require('fontkit') as { openSync: (p: string) => { unitsPerEm: number; layout: (s: string) => { advanceWidth: number } } };
const dir = join(dirname(require.resolve('dejavu-fonts-ttf/package.json')), 'ttf');
const face = (f: string) => fontkit.openSync(join(dir, f));
const FACES = {
  sans: { regular: face('DejaVuSans.ttf'), italic: face('DejaVuSans-Oblique.ttf') },
  serif: { regular: face('DejaVuSerif.ttf'), italic: face('DejaVuSerif-Italic.ttf') },
};

/** drawn width of a typeset label: each rich run in its own face and size */
function measured(name: string, size: number, fam: keyof typeof FACES): number {
  let w = 0;
  const re = /\{(\w+)\|([^}]*)\}|([^{]+)/g;
  let m: RegExpExecArray | null;
  while ((m = re.exec(typeset(name)))) {
    const text = m[2] ?? m[3] ?? '';
    const f = m[1] === 'it' ? FACES[fam].italic : FACES[fam].regular;
    const s = m[1] === 'sup' || m[1] === 'sub' ? Math.round(size * 0.72) : size;
    w += (f.layout(text).advanceWidth / f.unitsPerEm) * s;
  }
  return w;
}

const LABELS = [
  'd = 50',
  'd = 1600',
  'frontier R*(C)',
  'fit R̂(C) = 6.67·C^(−0.456)',
  'fit R̂(C) = 5.93·C^(−0.716)',
  'τ = 1/√d',
  'deterministic equivalent τ = 0 (run 3)',
  'optimizer dana-decaying',
  'Σ components F_0 + F_pp + F_ac',
  'MOMENTUM WW',
];

describe('legend label width estimate', () => {
  for (const fam of ['sans', 'serif'] as const)
    for (const size of [8, 10, 12])
      it(`covers the drawn width within 25 %: DejaVu ${fam}, ${size} px`, () => {
        for (const l of LABELS) {
          const real = measured(l, size, fam);
          const est = legendTextWidth(l, size);
          expect(est, l).toBeGreaterThanOrEqual(real);
          expect(est, l).toBeLessThanOrEqual(1.25 * real);
        }
      });

  it('the old flat 0.66 em per character was far over (negative control)', () => {
    const l = 'fit R̂(C) = 6.67·C^(−0.456)';
    expect(l.length * 8 * 0.66).toBeGreaterThan(1.25 * measured(l, 8, 'serif'));
  });

  it('a 3.25 in figure at 8 pt: five entries take two rows below the plot, three at a narrower width', () => {
    const names = ['d = 50', 'd = 100', 'd = 200', 'frontier R*(C)', 'fit R̂(C) = 6.67·C^(−0.456)'];
    const box = { width: 234, height: 183, left: 42, right: 11, top: 20, bottom: 34 };
    const rows = (w: number) => (legendPlacement([], null, null, names, { ...box, width: w }, 8).extraBottom - 2 + 4) / 17;
    expect(rows(234)).toBe(2);
    expect(rows(170)).toBe(3);
  });
});
