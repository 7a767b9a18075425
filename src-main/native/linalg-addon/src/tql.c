/* Implicit QL iteration (EISPACK tql2, as in JAMA) for the symmetric tridiagonal eigenproblem,
 * with the Givens rotations applied to m row vectors z_r (z_r <- z_r G), stored z[r*n + i].
 * With z_r = Q^T x_r (A = Q T Q^T) the result is z_r[j] = u_j^T x_r: the spectral measure at
 * O(m n) per sweep, no eigenvector matrix. Same algorithm as src-shared/linalg/tql.ts.
 * d: diagonal (n), e: e[i] = T(i, i+1) for i < n-1 (overwritten). Eigenvalues unsorted in d.
 * Returns 0, or -1 when the iteration budget (30 n sweeps) is exhausted. */
#include <math.h>
#include <float.h>
#include "tql.h"

static double hyp(double x, double y) {
  double ax = fabs(x), ay = fabs(y);
  double big = ax > ay ? ax : ay, small = ax > ay ? ay : ax;
  if (big == 0) return 0;
  double r = small / big;
  return big * sqrt(1 + r * r);
}

int plrf_tql(int n, double *d, double *e, double *z, int m) {
  if (n <= 1) return 0;
  e[n - 1] = 0;
  const double eps = DBL_EPSILON;
  double f = 0, tst1 = 0;
  long iter = 0, maxiter = 30L * n;
  for (int l = 0; l < n; l++) {
    double t = fabs(d[l]) + fabs(e[l]);
    if (t > tst1) tst1 = t;
    int mm = l;
    while (mm < n - 1) {
      if (fabs(e[mm]) <= eps * tst1) break;
      mm++;
    }
    if (mm > l) {
      do {
        if (++iter > maxiter) return -1;
        double g = d[l];
        double p = (d[l + 1] - g) / (2 * e[l]);
        double r = hyp(p, 1);
        if (p < 0) r = -r;
        d[l] = e[l] / (p + r);
        d[l + 1] = e[l] * (p + r);
        double dl1 = d[l + 1];
        double h = g - d[l];
        for (int i = l + 2; i < n; i++) d[i] -= h;
        f += h;
        p = d[mm];
        double c = 1, c2 = 1, c3 = 1, el1 = e[l + 1], s = 0, s2 = 0;
        for (int i = mm - 1; i >= l; i--) {
          c3 = c2;
          c2 = c;
          s2 = s;
          g = c * e[i];
          h = c * p;
          r = hyp(p, e[i]);
          e[i + 1] = s * r;
          s = e[i] / r;
          c = p / r;
          p = c * d[i] - s * g;
          d[i + 1] = h + s * (c * g + s * d[i]);
          for (int k = 0; k < m; k++) {
            double *zz = z + (long)k * n + i;
            double zi = zz[0], zi1 = zz[1];
            zz[1] = s * zi + c * zi1;
            zz[0] = c * zi - s * zi1;
          }
        }
        p = -s * s2 * c3 * el1 * e[l] / dl1;
        e[l] = s * p;
        d[l] = c * p;
      } while (fabs(e[l]) > eps * tst1);
    }
    d[l] += f;
    e[l] = 0;
  }
  return 0;
}
