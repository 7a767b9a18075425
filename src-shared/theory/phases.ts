// Phases of compute-optimal scaling of the plain PLRF model (τ = 0), PPXP24 "4+3 phases" /
// seed 000 table, with the region boundaries of DESIGN.md §3 (assuming 2α + 2β > 1):
//   Ia: 2β < 1, 2α > 1        Ib: 2β < 1, 2α < 1        Ic: 2β > 1, α < 1/4
//   II: 2α > 1, 2β > 1, β < α  III: 2α > 1, 2β > 1, β > α
//   IVa: 2β > 1, 1 − 1/√2 < α < 1/2                    IVb: 2β > 1, 1/4 < α < 1 − 1/√2
// Compute-optimal exponents R* ≍ C^{−η}, d* ≍ C^{ξ} (C = B·d·r):
//   Ia:  η = (2α+2β−1)/(2α+1),  ξ = 1/(2α+1)           (F_pp = F₀)
//   Ib:  η = α+β−1/2,           ξ = 1/2                (F_pp = F₀)
//   Ic:  η = −α(2α+2β−1)/(α(2β−3)−2β+1),  ξ = (1−2α−2β)/(2(α(2β−3)−2β+1))   (F_pp = F₀)
//   II:  η = (2α+2β−1)/(2(α+β)), ξ = β/(α+β)          (F_pp = F_ac)
//   III: η = 1 − 1/(4α),        ξ = 1/2                (K_pp/(γB) = F_ac)
//   IVa: η = α,                 ξ = 1/2                (K_pp/(γB) = F₀)
//   IVb: η = (1−2α)(2α+2β−1)/(2(2β−2αβ−α)),  ξ = (α−β)/(2αβ+α−2β)   (K_pp/(γB) = F_pp)
// η is continuous across every boundary; ξ jumps only across IVa/IVb (checked in the tests).
// A point within 1e-12 of a boundary lies on it: `boundary` lists every region whose closure
// contains the point and `phase` is the first of them in the order Ia, Ib, Ic, II, III, IVa, IVb.
import { ParamError } from '../params/errors';

export type PhaseName = 'Ia' | 'Ib' | 'Ic' | 'II' | 'III' | 'IVa' | 'IVb';
export const PHASES: PhaseName[] = ['Ia', 'Ib', 'Ic', 'II', 'III', 'IVa', 'IVb'];

export interface PhaseInfo {
  phase: PhaseName;
  /** regions whose boundary the point lies on (empty in the interior of a region) */
  boundary: PhaseName[];
  /** R* ≍ C^{−eta} */
  eta: number;
  /** d* ≍ C^{xi} */
  xi: number;
  /** asymptotic terms of R(r) in this phase */
  dominant: string[];
  /** the two terms balanced at the compute-optimal d */
  tradeoff: string;
}

const ALPHA_IV = 1 - 1 / Math.SQRT2;
const TOL = 1e-12;

const DOMINANT: Record<PhaseName, { dominant: string[]; tradeoff: string }> = {
  Ia: { dominant: ['F_pp', 'F_0'], tradeoff: 'F_pp = F_0' },
  Ib: { dominant: ['F_pp', 'F_0'], tradeoff: 'F_pp = F_0' },
  Ic: { dominant: ['F_pp', 'F_0'], tradeoff: 'F_pp = F_0' },
  II: { dominant: ['F_pp', 'F_ac', 'F_0'], tradeoff: 'F_pp = F_ac' },
  III: { dominant: ['F_ac', 'F_0', 'K_pp/(γB)'], tradeoff: 'K_pp/(γB) = F_ac' },
  IVa: { dominant: ['F_pp', 'F_0', 'K_pp/(γB)'], tradeoff: 'K_pp/(γB) = F_0' },
  IVb: { dominant: ['F_pp', 'F_0', 'K_pp/(γB)'], tradeoff: 'K_pp/(γB) = F_pp' },
};

/** η, ξ of a phase by its formula (valid on the closure of the region) */
export function phaseExponents(phase: PhaseName, alpha: number, beta: number): { eta: number; xi: number } {
  const a = alpha,
    b = beta;
  switch (phase) {
    case 'Ia':
      return { eta: (2 * a + 2 * b - 1) / (2 * a + 1), xi: 1 / (2 * a + 1) };
    case 'Ib':
      return { eta: a + b - 0.5, xi: 0.5 };
    case 'Ic': {
      const den = a * (2 * b - 3) - 2 * b + 1;
      return { eta: (-a * (2 * a + 2 * b - 1)) / den, xi: (1 - 2 * a - 2 * b) / (2 * den) };
    }
    case 'II':
      return { eta: (2 * a + 2 * b - 1) / (2 * (a + b)), xi: b / (a + b) };
    case 'III':
      return { eta: 1 - 1 / (4 * a), xi: 0.5 };
    case 'IVa':
      return { eta: a, xi: 0.5 };
    case 'IVb':
      return { eta: ((1 - 2 * a) * (2 * a + 2 * b - 1)) / (2 * (2 * b - 2 * a * b - a)), xi: (a - b) / (2 * a * b + a - 2 * b) };
  }
}

/** signed distances (> 0 inside) of the defining inequalities of each region */
function constraints(phase: PhaseName, a: number, b: number): number[] {
  switch (phase) {
    case 'Ia':
      return [1 - 2 * b, 2 * a - 1];
    case 'Ib':
      return [1 - 2 * b, 1 - 2 * a];
    case 'Ic':
      return [2 * b - 1, 0.25 - a];
    case 'II':
      return [2 * a - 1, 2 * b - 1, a - b];
    case 'III':
      return [2 * a - 1, 2 * b - 1, b - a];
    case 'IVa':
      return [2 * b - 1, a - ALPHA_IV, 0.5 - a];
    case 'IVb':
      return [2 * b - 1, a - 0.25, ALPHA_IV - a];
  }
}

export function phaseOf(alpha: number, beta: number): PhaseInfo {
  if (!(Number.isFinite(alpha) && alpha > 0)) throw new ParamError('alpha', `must be a number > 0, got ${alpha}`);
  if (!Number.isFinite(beta)) throw new ParamError('beta', `must be a finite number, got ${beta}`);
  if (!(2 * alpha + 2 * beta > 1 + TOL)) throw new ParamError('beta', `need 2α + 2β > 1 (got α=${alpha}, β=${beta})`);
  const inside: PhaseName[] = [];
  const closure: PhaseName[] = [];
  for (const ph of PHASES) {
    const c = constraints(ph, alpha, beta);
    if (c.every((x) => x > TOL)) inside.push(ph);
    if (c.every((x) => x >= -TOL)) closure.push(ph);
  }
  // the regions tile the half plane 2α+2β > 1, so a point is in exactly one interior or on a boundary
  const phase = inside[0] ?? closure[0];
  if (!phase) throw new Error(`phaseOf: (${alpha}, ${beta}) lies in no region`);
  const boundary = inside.length === 1 ? [] : closure;
  const { eta, xi } = phaseExponents(phase, alpha, beta);
  return { phase, boundary, eta, xi, ...DOMINANT[phase] };
}
