// One colour per variant of a study (issue 18), fixed across every chart and table of a view:
// the frontier line and the title of a variant's panel, its frontier in overlays, its swatch in
// the Δη table. Two variants keep the τ comparison's pair (theme.tau); more take the Okabe–Ito
// categorical palette (distinguishable with the common colour-vision deficiencies; Wong, Nature
// Methods 8:441, 2011) without its yellow, which is unreadable on white.
import type { ChartTheme } from './theme';

const OKABE_ITO = ['#0072B2', '#D55E00', '#000000', '#CC79A7', '#009E73', '#E69F00', '#56B4E9'];
const OKABE_ITO_DARK = ['#56B4E9', '#E69F00', '#F4F4F4', '#CC79A7', '#009E73', '#D55E00', '#0072B2'];

/** colour of variant i of n (i in view order) */
export function variantColor(i: number, n: number, theme: ChartTheme): string {
  if (n <= 2) return theme.tau[i % 2]!;
  const pal = theme.name === 'dark' ? OKABE_ITO_DARK : OKABE_ITO;
  return pal[i % pal.length]!;
}
