#ifndef DIFFUSIONODE_COPENBLAS_SHIM_H
#define DIFFUSIONODE_COPENBLAS_SHIM_H

/* GSL links its own reference CBLAS (libgslcblas), which also exports cblas_dgemm; which of
   the two a process calls depends on load order. OpenBLAS's Fortran entry point dgemm_ exists
   only in OpenBLAS, so the library calls that and is sure of its BLAS. */
void dgemm_(const char *transa, const char *transb, const int *m, const int *n, const int *k,
            const double *alpha, const double *a, const int *lda, const double *b, const int *ldb,
            const double *beta, double *c, const int *ldc);

char *openblas_get_corename(void);
int openblas_get_num_threads(void);
void openblas_set_num_threads(int threads);

/* Row-major C (m x n) = alpha A B^T + beta C, with A (m x k) and B (n x k) row-major: in
   column-major terms C^T = alpha B A^T + beta C^T, one dgemm_ with B transposed back. */
static inline void copenblas_gemm_abt(int m, int n, int k, double alpha, const double *a, int lda,
                                      const double *b, int ldb, double beta, double *c, int ldc) {
    const char transpose = 'T', keep = 'N';
    dgemm_(&transpose, &keep, &n, &m, &k, &alpha, b, &ldb, a, &lda, &beta, c, &ldc);
}

/* Row-major C (m x n) = alpha A B + beta C, with A (m x k) and B (k x n) row-major: C^T = B^T A^T. */
static inline void copenblas_gemm_ab(int m, int n, int k, double alpha, const double *a, int lda,
                                     const double *b, int ldb, double beta, double *c, int ldc) {
    const char keep = 'N';
    dgemm_(&keep, &keep, &n, &m, &k, &alpha, b, &ldb, a, &lda, &beta, c, &ldc);
}

#endif
