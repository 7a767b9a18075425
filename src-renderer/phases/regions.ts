// Geometry of the (α, β) phase plane of PPXP24 (DESIGN §3, seed 004), for drawing only:
// the seven regions as convex polygons clipped to a plotting box, the boundary segments,
// and the infeasible half-plane 2α + 2β ≤ 1. Regions (2α + 2β > 1 throughout):
//   Ia: β < ½, α > ½ · Ib: β < ½, α < ½ · Ic: β > ½, α < ¼ · IVb: β > ½, ¼ < α < 1 − 1/√2 ·
//   IVa: β > ½, 1 − 1/√2 < α < ½ · II: α > ½, β > ½, β < α · III: α > ½, β > ½, β > α.
// The η and ξ of a point come from src-shared/theory/phases.ts (phaseOf), not from here.
export type PhaseName = 'Ia' | 'Ib' | 'Ic' | 'II' | 'III' | 'IVa' | 'IVb';
export type Pt = [number, number];

/** half-plane a·α + b·β ≤ c */
export interface HalfPlane {
  a: number;
  b: number;
  c: number;
}

export const ALPHA_IVA_IVB = 1 - 1 / Math.SQRT2;

const lt = (a: number, b: number, c: number): HalfPlane => ({ a, b, c });
// α < x  ⇔ α ≤ x ;  α > x ⇔ −α ≤ −x ; feasibility: 2α + 2β > 1 ⇔ −α − β ≤ −½
const FEAS = lt(-1, -1, -0.5);
export const REGION_CONSTRAINTS: Record<PhaseName, HalfPlane[]> = {
  Ia: [lt(0, 1, 0.5), lt(-1, 0, -0.5), FEAS],
  Ib: [lt(0, 1, 0.5), lt(1, 0, 0.5), FEAS],
  Ic: [lt(0, -1, -0.5), lt(1, 0, 0.25), FEAS],
  IVb: [lt(0, -1, -0.5), lt(-1, 0, -0.25), lt(1, 0, ALPHA_IVA_IVB)],
  IVa: [lt(0, -1, -0.5), lt(-1, 0, -ALPHA_IVA_IVB), lt(1, 0, 0.5)],
  II: [lt(-1, 0, -0.5), lt(0, -1, -0.5), lt(-1, 1, 0)],
  III: [lt(-1, 0, -0.5), lt(0, -1, -0.5), lt(1, -1, 0)],
};

export const PHASES: PhaseName[] = ['Ia', 'Ib', 'Ic', 'II', 'III', 'IVa', 'IVb'];

export interface Box {
  alpha: [number, number];
  beta: [number, number];
}

export const DEFAULT_BOX: Box = { alpha: [0, 1.5], beta: [-0.5, 1.5] };

/** Sutherland–Hodgman: clip a convex polygon by a half-plane */
export function clip(poly: Pt[], h: HalfPlane): Pt[] {
  const f = (p: Pt) => h.a * p[0] + h.b * p[1] - h.c;
  const out: Pt[] = [];
  for (let i = 0; i < poly.length; i++) {
    const p = poly[i]!;
    const q = poly[(i + 1) % poly.length]!;
    const fp = f(p);
    const fq = f(q);
    if (fp <= 0) out.push(p);
    if ((fp < 0 && fq > 0) || (fp > 0 && fq < 0)) {
      const s = fp / (fp - fq);
      out.push([p[0] + s * (q[0] - p[0]), p[1] + s * (q[1] - p[1])]);
    }
  }
  return out;
}

export function boxPolygon(box: Box): Pt[] {
  const [a0, a1] = box.alpha;
  const [b0, b1] = box.beta;
  return [
    [a0, b0],
    [a1, b0],
    [a1, b1],
    [a0, b1],
  ];
}

export function regionPolygon(name: PhaseName, box: Box = DEFAULT_BOX): Pt[] {
  return REGION_CONSTRAINTS[name].reduce(clip, boxPolygon(box));
}

/** the infeasible part of the box (2α + 2β ≤ 1) */
export function infeasiblePolygon(box: Box = DEFAULT_BOX): Pt[] {
  return clip(boxPolygon(box), lt(1, 1, 0.5));
}

export function polygonArea(p: Pt[]): number {
  let s = 0;
  for (let i = 0; i < p.length; i++) {
    const a = p[i]!;
    const b = p[(i + 1) % p.length]!;
    s += a[0] * b[1] - b[0] * a[1];
  }
  return Math.abs(s) / 2;
}

export function centroid(p: Pt[]): Pt {
  let cx = 0;
  let cy = 0;
  let a = 0;
  for (let i = 0; i < p.length; i++) {
    const u = p[i]!;
    const v = p[(i + 1) % p.length]!;
    const w = u[0] * v[1] - v[0] * u[1];
    a += w;
    cx += (u[0] + v[0]) * w;
    cy += (u[1] + v[1]) * w;
  }
  return [cx / (3 * a), cy / (3 * a)];
}

/** classification by the same inequalities (null outside the feasible set or on a boundary) */
export function regionOf(alpha: number, beta: number): PhaseName | null {
  for (const n of PHASES) {
    if (REGION_CONSTRAINTS[n].every((h) => h.a * alpha + h.b * beta < h.c)) return n;
  }
  return null;
}

/** boundary segments inside the box (for drawing): each a polyline of 2 points */
export function boundarySegments(box: Box = DEFAULT_BOX): { name: string; pts: Pt[] }[] {
  const [a0, a1] = box.alpha;
  const [b0, b1] = box.beta;
  const segs: { name: string; pts: Pt[] }[] = [];
  // 2α + 2β = 1
  segs.push({ name: '2α + 2β = 1', pts: [[Math.max(a0, 0.5 - b1), 0.5 - Math.max(a0, 0.5 - b1)], [Math.min(a1, 0.5 - b0), 0.5 - Math.min(a1, 0.5 - b0)]] });
  // β = ½ across the box (right of the feasibility line)
  segs.push({ name: '2β = 1', pts: [[Math.max(a0, 0), 0.5], [a1, 0.5]] });
  // α = ½ (from the feasibility line up)
  segs.push({ name: '2α = 1', pts: [[0.5, Math.max(b0, 0)], [0.5, b1]] });
  segs.push({ name: 'α = ¼', pts: [[0.25, 0.5], [0.25, b1]] });
  segs.push({ name: 'α = 1 − 1/√2', pts: [[ALPHA_IVA_IVB, 0.5], [ALPHA_IVA_IVB, b1]] });
  segs.push({ name: 'β = α', pts: [[0.5, 0.5], [Math.min(a1, b1), Math.min(a1, b1)]] });
  return segs;
}
