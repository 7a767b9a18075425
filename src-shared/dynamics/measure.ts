// The discrete spectral data every risk curve is computed from (DESIGN.md §2–3).
//
// Exact problem (one draw of W̃): eigenvalues λ_j of K = W̃ᵀDW̃, m0_j = (Uᵀ(θ₀ − θ*))_j²
// = (Uᵀθ*)_j² for θ₀ = 0, and σ² = min_θ R(θ).
export interface SpectralProblem {
  lambda: Float64Array;
  m0: Float64Array;
  sigma2: number;
}

// Volterra form, shared by the exact problem and the deterministic equivalent:
//   F(t) = F0 + Σ_i forcing_i ρ_i^t,   K(t) = γ²B Σ_i kernel_i ρ_i^t,
//   R(t) = F(t) + Σ_{s<t} K(t−1−s) R(s),  ρ_i = 1 − 2γBλ_i + γ²B(B+1)λ_i².
// For the exact problem forcing_i = λ_i m0_i, kernel_i = λ_i², F0 = σ²; for the
// deterministic equivalent they are the discretised measures μ_F, μ_K.
export interface DiscreteMeasure {
  lambda: Float64Array;
  forcing: Float64Array;
  kernel: Float64Array;
  F0: number;
}

export function measureFromProblem(p: SpectralProblem): DiscreteMeasure {
  const n = p.lambda.length;
  const forcing = new Float64Array(n);
  const kernel = new Float64Array(n);
  for (let i = 0; i < n; i++) {
    const l = p.lambda[i]!;
    forcing[i] = l * p.m0[i]!;
    kernel[i] = l * l;
  }
  return { lambda: p.lambda, forcing, kernel, F0: p.sigma2 };
}
