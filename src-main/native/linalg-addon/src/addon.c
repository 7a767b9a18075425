/* plrf-linalg-native: Node-API addon over LAPACK/BLAS (OpenBLAS on Linux, Accelerate on macOS).
 * Contract of src-shared/linalg/backend.ts: dense matrices are row-major Float64Array; a
 * row-major symmetric matrix read from its LOWER triangle is the same memory as a column-major
 * matrix read from its UPPER triangle, so LAPACK is called with uplo = 'U' and no copy-transpose.
 *
 *   gram(W, D, v, d)              K = W^T diag(D) W (d x d, both triangles): dsyrk on row chunks
 *                                 scaled by sqrt(D) when D >= 0, else dgemm (then symmetrised)
 *   eigh(A, n)                    dsyevd ('V', 'U'): {values ascending, vectors row-major}
 *   spectralMeasure(A, n, xs)     dsytrd + dormtr (Q^T x) + QL with rotations on the vectors
 *                                 only (tql.c): {values, weights[r][j] = (u_j^T x_r)^2,
 *                                 projections[r][j] = u_j^T x_r}
 *   setThreads(k)                 openblas_set_num_threads (looked up at run time), returns count
 *   info()                        {blas, blasThreads, routines}
 * Arguments are validated by the TypeScript wrapper (src-main/linalg/native.ts); the checks here
 * only guard memory safety and throw TypeError/RangeError. */
#define _GNU_SOURCE
#include <node_api.h>
#include <dlfcn.h>
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include "tql.h"

typedef int lapack_int;

extern void dsyrk_(const char *uplo, const char *trans, const lapack_int *n, const lapack_int *k, const double *alpha,
                   const double *a, const lapack_int *lda, const double *beta, double *c, const lapack_int *ldc);
extern void dgemm_(const char *ta, const char *tb, const lapack_int *m, const lapack_int *n, const lapack_int *k,
                   const double *alpha, const double *a, const lapack_int *lda, const double *b, const lapack_int *ldb,
                   const double *beta, double *c, const lapack_int *ldc);
extern void dsyevd_(const char *jobz, const char *uplo, const lapack_int *n, double *a, const lapack_int *lda, double *w,
                    double *work, const lapack_int *lwork, lapack_int *iwork, const lapack_int *liwork, lapack_int *info);
extern void dsytrd_(const char *uplo, const lapack_int *n, double *a, const lapack_int *lda, double *d, double *e,
                    double *tau, double *work, const lapack_int *lwork, lapack_int *info);
extern void dormtr_(const char *side, const char *uplo, const char *trans, const lapack_int *m, const lapack_int *n,
                    const double *a, const lapack_int *lda, const double *tau, double *c, const lapack_int *ldc,
                    double *work, const lapack_int *lwork, lapack_int *info);

#define CHECK(env, call)                                                    \
  do {                                                                      \
    if ((call) != napi_ok) {                                                \
      napi_throw_error((env), NULL, "plrf-linalg-native: N-API call failed"); \
      return NULL;                                                          \
    }                                                                       \
  } while (0)

/* ---------- helpers ---------- */

static int get_f64(napi_env env, napi_value v, double **data, size_t *len, const char *name) {
  bool is_ta = false;
  napi_is_typedarray(env, v, &is_ta);
  if (!is_ta) {
    char msg[128];
    snprintf(msg, sizeof msg, "%s must be a Float64Array", name);
    napi_throw_type_error(env, NULL, msg);
    return 0;
  }
  napi_typedarray_type type;
  napi_value ab;
  size_t off;
  void *p;
  if (napi_get_typedarray_info(env, v, &type, len, &p, &ab, &off) != napi_ok || type != napi_float64_array) {
    char msg[128];
    snprintf(msg, sizeof msg, "%s must be a Float64Array", name);
    napi_throw_type_error(env, NULL, msg);
    return 0;
  }
  *data = (double *)p;
  return 1;
}

static int get_dim(napi_env env, napi_value v, int *out, const char *name) {
  double x;
  if (napi_get_value_double(env, v, &x) != napi_ok || !(x >= 1) || x > 2147483647.0 || floor(x) != x) {
    char msg[128];
    snprintf(msg, sizeof msg, "%s must be a positive integer", name);
    napi_throw_range_error(env, NULL, msg);
    return 0;
  }
  *out = (int)x;
  return 1;
}

/* new Float64Array(len); *data receives its storage */
static napi_value new_f64(napi_env env, size_t len, double **data) {
  napi_value ab, ta;
  void *p = NULL;
  *data = NULL;
  if (napi_create_arraybuffer(env, len * sizeof(double), &p, &ab) != napi_ok ||
      napi_create_typedarray(env, napi_float64_array, len, ab, 0, &ta) != napi_ok) {
    napi_throw_error(env, NULL, "plrf-linalg-native: cannot allocate the result");
    return NULL;
  }
  *data = (double *)p;
  return ta;
}

static void *xmalloc(napi_env env, size_t bytes) {
  void *p = malloc(bytes ? bytes : 1);
  if (!p) napi_throw_error(env, NULL, "plrf-linalg-native: out of memory");
  return p;
}

/* ascending order of d (indices), insertion-free: qsort on an index array */
static const double *g_sort_keys;
static int cmp_idx(const void *a, const void *b) {
  int i = *(const int *)a, j = *(const int *)b;
  double x = g_sort_keys[i], y = g_sort_keys[j];
  if (x < y) return -1;
  if (x > y) return 1;
  return (i > j) - (i < j);
}
static void ascending(const double *d, int n, int *idx) {
  for (int i = 0; i < n; i++) idx[i] = i;
  g_sort_keys = d;
  qsort(idx, (size_t)n, sizeof(int), cmp_idx);
}

/* ---------- BLAS threads (OpenBLAS API looked up at run time) ---------- */

typedef void (*set_threads_fn)(int);
typedef int (*get_threads_fn)(void);
typedef char *(*get_config_fn)(void);

static int blas_threads(void) {
  get_threads_fn g = (get_threads_fn)dlsym(RTLD_DEFAULT, "openblas_get_num_threads");
  return g ? g() : -1;
}

static napi_value SetThreads(napi_env env, napi_callback_info info) {
  size_t argc = 1;
  napi_value argv[1];
  CHECK(env, napi_get_cb_info(env, info, &argc, argv, NULL, NULL));
  int k;
  if (argc < 1 || !get_dim(env, argv[0], &k, "threads")) return NULL;
  set_threads_fn s = (set_threads_fn)dlsym(RTLD_DEFAULT, "openblas_set_num_threads");
  if (s) s(k);
  napi_value out;
  CHECK(env, napi_create_int32(env, blas_threads(), &out));
  return out;
}

static napi_value Info(napi_env env, napi_callback_info info) {
  napi_value obj, v;
  CHECK(env, napi_create_object(env, &obj));
  const char *blas = "unknown";
#ifdef PLRF_ACCELERATE
  blas = "Apple Accelerate";
#endif
  get_config_fn gc = (get_config_fn)dlsym(RTLD_DEFAULT, "openblas_get_config");
  char buf[256];
  if (gc) {
    snprintf(buf, sizeof buf, "%s", gc());
    blas = buf;
  }
  Dl_info dli;
  const char *lib = "";
  if (dladdr((void *)&dsyrk_, &dli) && dli.dli_fname) lib = dli.dli_fname;
  CHECK(env, napi_create_string_utf8(env, blas, NAPI_AUTO_LENGTH, &v));
  CHECK(env, napi_set_named_property(env, obj, "blas", v));
  CHECK(env, napi_create_string_utf8(env, lib, NAPI_AUTO_LENGTH, &v));
  CHECK(env, napi_set_named_property(env, obj, "blasLibrary", v));
  CHECK(env, napi_create_int32(env, blas_threads(), &v));
  CHECK(env, napi_set_named_property(env, obj, "blasThreads", v));
  CHECK(env, napi_create_string_utf8(env, "gram: dsyrk|dgemm; eigh: dsyevd; spectralMeasure: dsytrd+dormtr+QL", NAPI_AUTO_LENGTH, &v));
  CHECK(env, napi_set_named_property(env, obj, "routines", v));
  CHECK(env, napi_create_string_utf8(env, "node-api", NAPI_AUTO_LENGTH, &v));
  CHECK(env, napi_set_named_property(env, obj, "abi", v));
  return obj;
}

/* ---------- gram ---------- */

#define GRAM_CHUNK 1024

static napi_value Gram(napi_env env, napi_callback_info info) {
  size_t argc = 4;
  napi_value argv[4];
  CHECK(env, napi_get_cb_info(env, info, &argc, argv, NULL, NULL));
  if (argc < 4) {
    napi_throw_type_error(env, NULL, "gram(W, D, v, d)");
    return NULL;
  }
  double *W, *D;
  size_t lw, ld;
  int v, d;
  if (!get_f64(env, argv[0], &W, &lw, "W") || !get_f64(env, argv[1], &D, &ld, "D")) return NULL;
  if (!get_dim(env, argv[2], &v, "v") || !get_dim(env, argv[3], &d, "d")) return NULL;
  if (lw != (size_t)v * (size_t)d || ld != (size_t)v) {
    napi_throw_range_error(env, NULL, "gram: W must have length v*d and D length v");
    return NULL;
  }
  double *K = NULL;
  napi_value out = new_f64(env, (size_t)d * d, &K);
  if (!out) return NULL;
  int nonneg = 1;
  for (int i = 0; i < v; i++)
    if (!(D[i] >= 0)) nonneg = 0;
  int chunk = v < GRAM_CHUNK ? v : GRAM_CHUNK;
  /* row-major W (v x d) is column-major W^T (d x v, ld = d); a chunk of rows is a block of columns */
  double *Y = xmalloc(env, sizeof(double) * (size_t)chunk * d);
  if (!Y) return NULL;
  const double one = 1.0;
  for (int i0 = 0; i0 < v; i0 += chunk) {
    int k = v - i0 < chunk ? v - i0 : chunk;
    const double *Wc = W + (size_t)i0 * d;
    double beta = i0 == 0 ? 0.0 : 1.0;
    if (nonneg) {
      for (int t = 0; t < k; t++) {
        double s = sqrt(D[i0 + t]);
        const double *src = Wc + (size_t)t * d;
        double *dst = Y + (size_t)t * d;
        for (int a = 0; a < d; a++) dst[a] = s * src[a];
      }
      dsyrk_("U", "N", &d, &k, &one, Y, &d, &beta, K, &d);
    } else {
      for (int t = 0; t < k; t++) {
        double s = D[i0 + t];
        const double *src = Wc + (size_t)t * d;
        double *dst = Y + (size_t)t * d;
        for (int a = 0; a < d; a++) dst[a] = s * src[a];
      }
      dgemm_("N", "T", &d, &d, &k, &one, Y, &d, Wc, &d, &beta, K, &d);
    }
  }
  free(Y);
  /* column-major upper (i <= j at K[i + j d]) -> full symmetric */
  for (int j = 0; j < d; j++)
    for (int i = 0; i < j; i++) {
      if (nonneg) {
        K[j + (size_t)i * d] = K[i + (size_t)j * d];
      } else {
        double x = 0.5 * (K[i + (size_t)j * d] + K[j + (size_t)i * d]);
        K[i + (size_t)j * d] = x;
        K[j + (size_t)i * d] = x;
      }
    }
  return out;
}

/* ---------- eigh ---------- */

static napi_value Eigh(napi_env env, napi_callback_info info) {
  size_t argc = 2;
  napi_value argv[2];
  CHECK(env, napi_get_cb_info(env, info, &argc, argv, NULL, NULL));
  if (argc < 2) {
    napi_throw_type_error(env, NULL, "eigh(A, n)");
    return NULL;
  }
  double *A;
  size_t la;
  int n;
  if (!get_f64(env, argv[0], &A, &la, "A") || !get_dim(env, argv[1], &n, "n")) return NULL;
  if (la != (size_t)n * n) {
    napi_throw_range_error(env, NULL, "eigh: A must have length n*n");
    return NULL;
  }
  double *a = xmalloc(env, sizeof(double) * (size_t)n * n);
  if (!a) return NULL;
  memcpy(a, A, sizeof(double) * (size_t)n * n);
  double *w = NULL;
  napi_value values = new_f64(env, (size_t)n, &w);
  if (!values) {
    free(a);
    return NULL;
  }
  lapack_int lwork = -1, liwork = -1, info_ = 0, iwq = 0;
  double wq = 0;
  dsyevd_("V", "U", &n, a, &n, w, &wq, &lwork, &iwq, &liwork, &info_);
  lwork = (lapack_int)wq;
  liwork = iwq;
  double *work = xmalloc(env, sizeof(double) * (size_t)lwork);
  lapack_int *iwork = xmalloc(env, sizeof(lapack_int) * (size_t)liwork);
  if (!work || !iwork) {
    free(a);
    free(work);
    free(iwork);
    return NULL;
  }
  dsyevd_("V", "U", &n, a, &n, w, work, &lwork, iwork, &liwork, &info_);
  free(work);
  free(iwork);
  if (info_ != 0) {
    free(a);
    char msg[96];
    snprintf(msg, sizeof msg, "dsyevd failed (info = %d)", info_);
    napi_throw_error(env, NULL, msg);
    return NULL;
  }
  /* column j of the column-major result is eigenvector j; row-major output wants U[i][j] at i n + j */
  double *U = NULL;
  napi_value vectors = new_f64(env, (size_t)n * n, &U);
  if (!vectors) {
    free(a);
    return NULL;
  }
  const int B = 32;
  for (int j0 = 0; j0 < n; j0 += B)
    for (int i0 = 0; i0 < n; i0 += B)
      for (int j = j0; j < j0 + B && j < n; j++)
        for (int i = i0; i < i0 + B && i < n; i++) U[(size_t)i * n + j] = a[i + (size_t)j * n];
  free(a);
  napi_value obj;
  CHECK(env, napi_create_object(env, &obj));
  CHECK(env, napi_set_named_property(env, obj, "values", values));
  CHECK(env, napi_set_named_property(env, obj, "vectors", vectors));
  return obj;
}

/* ---------- spectral measure ---------- */

static napi_value SpectralMeasure(napi_env env, napi_callback_info info) {
  size_t argc = 3;
  napi_value argv[3];
  CHECK(env, napi_get_cb_info(env, info, &argc, argv, NULL, NULL));
  if (argc < 3) {
    napi_throw_type_error(env, NULL, "spectralMeasure(A, n, xs)");
    return NULL;
  }
  double *A;
  size_t la;
  int n;
  if (!get_f64(env, argv[0], &A, &la, "A") || !get_dim(env, argv[1], &n, "n")) return NULL;
  if (la != (size_t)n * n) {
    napi_throw_range_error(env, NULL, "spectralMeasure: A must have length n*n");
    return NULL;
  }
  bool isarr = false;
  napi_is_array(env, argv[2], &isarr);
  if (!isarr) {
    napi_throw_type_error(env, NULL, "xs must be an array of Float64Array");
    return NULL;
  }
  uint32_t m;
  CHECK(env, napi_get_array_length(env, argv[2], &m));
  /* Z: m rows of length n (row r = x_r); column-major this is the n x m matrix C = [x_0 … x_{m-1}] */
  double *Z = xmalloc(env, sizeof(double) * ((size_t)m * n + 1));
  if (!Z) return NULL;
  for (uint32_t r = 0; r < m; r++) {
    napi_value el;
    double *x;
    size_t lx;
    if (napi_get_element(env, argv[2], r, &el) != napi_ok || !get_f64(env, el, &x, &lx, "xs[r]")) {
      free(Z);
      return NULL;
    }
    if (lx != (size_t)n) {
      free(Z);
      napi_throw_range_error(env, NULL, "spectralMeasure: every xs[r] must have length n");
      return NULL;
    }
    memcpy(Z + (size_t)r * n, x, sizeof(double) * n);
  }
  double *a = xmalloc(env, sizeof(double) * (size_t)n * n);
  double *dd = xmalloc(env, sizeof(double) * n);
  double *e = xmalloc(env, sizeof(double) * n);
  double *tau = xmalloc(env, sizeof(double) * n);
  int *idx = xmalloc(env, sizeof(int) * n);
  if (!a || !dd || !e || !tau || !idx) {
    free(Z), free(a), free(dd), free(e), free(tau), free(idx);
    return NULL;
  }
  memcpy(a, A, sizeof(double) * (size_t)n * n);
  lapack_int info_ = 0, lwork = -1;
  double wq = 0;
  dsytrd_("U", &n, a, &n, dd, e, tau, &wq, &lwork, &info_);
  lapack_int mm = (lapack_int)m;
  if (m > 0) {
    double wq2 = 0;
    dormtr_("L", "U", "T", &n, &mm, a, &n, tau, Z, &n, &wq2, &lwork, &info_);
    if (wq2 > wq) wq = wq2;
  }
  lwork = (lapack_int)wq;
  if (lwork < 1) lwork = 1;
  double *work = xmalloc(env, sizeof(double) * (size_t)lwork);
  if (!work) {
    free(Z), free(a), free(dd), free(e), free(tau), free(idx);
    return NULL;
  }
  dsytrd_("U", &n, a, &n, dd, e, tau, work, &lwork, &info_);
  if (info_ == 0 && m > 0) dormtr_("L", "U", "T", &n, &mm, a, &n, tau, Z, &n, work, &lwork, &info_);
  free(work);
  free(a);
  free(tau);
  int rc = info_ == 0 ? plrf_tql(n, dd, e, Z, (int)m) : -2;
  free(e);
  if (rc != 0) {
    free(Z), free(dd), free(idx);
    napi_throw_error(env, NULL, rc == -1 ? "spectralMeasure: QL iteration did not converge" : "spectralMeasure: dsytrd/dormtr failed");
    return NULL;
  }
  ascending(dd, n, idx);
  double *w = NULL;
  napi_value values = new_f64(env, (size_t)n, &w);
  if (!values) {
    free(Z), free(dd), free(idx);
    return NULL;
  }
  for (int j = 0; j < n; j++) w[j] = dd[idx[j]];
  napi_value weights, projections;
  CHECK(env, napi_create_array_with_length(env, m, &weights));
  CHECK(env, napi_create_array_with_length(env, m, &projections));
  for (uint32_t r = 0; r < m; r++) {
    double *wr = NULL;
    napi_value ta = new_f64(env, (size_t)n, &wr);
    if (!ta) {
      free(Z), free(dd), free(idx);
      return NULL;
    }
    double *pr = NULL;
    napi_value tp = new_f64(env, (size_t)n, &pr);
    if (!tp) {
      free(Z), free(dd), free(idx);
      return NULL;
    }
    const double *zr = Z + (size_t)r * n;
    for (int j = 0; j < n; j++) {
      double y = zr[idx[j]];
      pr[j] = y;
      wr[j] = y * y;
    }
    napi_set_element(env, weights, r, ta);
    napi_set_element(env, projections, r, tp);
  }
  free(Z);
  free(dd);
  free(idx);
  napi_value obj;
  CHECK(env, napi_create_object(env, &obj));
  CHECK(env, napi_set_named_property(env, obj, "values", values));
  CHECK(env, napi_set_named_property(env, obj, "weights", weights));
  CHECK(env, napi_set_named_property(env, obj, "projections", projections));
  return obj;
}

/* ---------- module ---------- */

static napi_value Init(napi_env env, napi_value exports) {
  napi_property_descriptor props[] = {
      {"gram", NULL, Gram, NULL, NULL, NULL, napi_enumerable, NULL},
      {"eigh", NULL, Eigh, NULL, NULL, NULL, napi_enumerable, NULL},
      {"spectralMeasure", NULL, SpectralMeasure, NULL, NULL, NULL, napi_enumerable, NULL},
      {"setThreads", NULL, SetThreads, NULL, NULL, NULL, napi_enumerable, NULL},
      {"info", NULL, Info, NULL, NULL, NULL, napi_enumerable, NULL},
  };
  if (napi_define_properties(env, exports, sizeof props / sizeof props[0], props) != napi_ok) return NULL;
  return exports;
}

NAPI_MODULE(NODE_GYP_MODULE_NAME, Init)
