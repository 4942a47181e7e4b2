#ifndef DIFFUSIONODE_CVECTORKERNELS_H
#define DIFFUSIONODE_CVECTORKERNELS_H

/* The models' inner loops (softmax rows, SiLU, the exact denoiser's fused tiles), compiled once per x86 instruction
   set (AVX-512, AVX2 with FMA, and the baseline) and chosen at run time from the CPU: the
   package itself builds for baseline x86-64, whose SSE2 lanes hold two doubles. On other
   architectures only the baseline exists, vectorised by the compiler for that target.

   The exponential: z = k ln 2 + r with k = round(z / ln 2) (the 1.5 x 2^52 shifter, which also
   leaves k in the low bits) and |r| <= ln 2 / 2, ln 2 split in two so k ln 2 is exact; e^r by
   its Taylor series to r^13/13! (truncation below 5e-18 relative), by Horner; then 2^k from its
   exponent bits. Within 2 ulp of the C library's exp on [-708, 709] at every level
   (VectorKernelsTests); below -708 exactly 0 (e^-708 = 3e-308 is below anything a softmax
   weight or SiLU can use), above 709 +infinity, NaN kept. */

/* The instruction sets compiled in, in the order of preference. */
enum {
    VECTOR_KERNELS_BASELINE = 0,
    VECTOR_KERNELS_AVX2 = 1,   /* AVX2 with FMA: four lanes */
    VECTOR_KERNELS_AVX512 = 2  /* AVX-512F: eight lanes */
};

/* The best level this CPU runs (chosen once), capped by the environment variable
   DIFFUSIONODE_VECTOR_KERNELS=baseline|avx2|avx512 when it is set. */
int vector_kernels_level(void);

/* Whether this CPU can run `level` (for tests, which check every level the CPU has). */
int vector_kernels_supports(int level);

/* values[i] = e^values[i] for i < count, at the CPU's best level or at `level`. */
void vector_kernels_exp(double *values, long count);
void vector_kernels_exp_at(int level, double *values, long count);

/* values[i] = z / (1 + e^-z) (SiLU), z = values[i]. */
void vector_kernels_silu(double *values, long count);
void vector_kernels_silu_at(int level, double *values, long count);

/* One row of a softmax in place, with a shift: z_k = row[k] + shift_scale * shift[k], then
   row[k] = e^(z_k - max_j z_j), unnormalised (the largest weight is exactly 1), and exactly 0
   where z_k - max is below `floor` (negligible weights; groups of eight all below it skip their
   exponentials, which late in a solve is most of them). Returns the sum of the weights and
   writes to *survivors how many are not below the floor. shift may be NULL (no shift). */
double vector_kernels_softmax_row(double *row, long count, const double *shift, double shift_scale, double floor,
                                  long *survivors);
double vector_kernels_softmax_row_at(int level, double *row, long count, const double *shift, double shift_scale,
                                     double floor, long *survivors);

/* sum[d] = sum over k of weights[k] points[k * dimension + d], over the weights > threshold
   only (the sparse weighted sums of a softmax row whose weights are mostly 0). */
void vector_kernels_weighted_row_sum(const double *weights, long count, const double *points, long dimension,
                                     double threshold, double *sum);
void vector_kernels_weighted_row_sum_at(int level, const double *weights, long count, const double *points,
                                        long dimension, double threshold, double *sum);

/* The exact empirical denoiser (EmpiricalDistribution), fused per tile of rows: scores against
   the points packed in panels of 24, the softmax's weights and the weighted sums while the tile's
   scores are in L2 (EmpiricalTiles.h says how). AVX-512 only, for dimensions that are multiples of
   8 up to 128; elsewhere the model runs OpenBLAS's two products. Above D = 128 a panel (24 x D)
   and a block of 64 points outgrow L1 and the fused tiles lose to OpenBLAS (2.6x slower at
   D = 784, K = 10000; even at D = 128, K = 10000; 1.15-1.3x faster at D = 96-128, K <= 4000). */
enum {
    VECTOR_KERNELS_POINT_PANEL = 24,              /* points per packed panel */
    VECTOR_KERNELS_EMPIRICAL_TILE_ROWS = 64,      /* rows per tile at most */
    VECTOR_KERNELS_EMPIRICAL_MAX_DIMENSION = 128  /* the largest D the fused tiles take */
};

/* Whether the fused evaluation runs at `level` for points of this dimension. */
int vector_kernels_empirical_supports(int level, long dimension);

/* count rounded up to whole panels (one panel for count < 1). */
long vector_kernels_padded_point_count(long count);

/* The rows per tile for `count` points: 64 while a tile's scores fit in 1 MB (K <= 2040), then
   fewer, down to 8 (whose scores outgrow L2 beyond K = 16000). */
long vector_kernels_empirical_tile_rows(long count);

/* The doubles of scratch one call needs (one tile's scores and sums, the shifts). */
long vector_kernels_empirical_scratch_count(long count, long dimension);

/* packed[(p D + d) 24 + j] = points[(24 p + j) D + d], 0 for the padding points: padded x D values. */
void vector_kernels_pack_points(const double *points, long count, long dimension, double *packed);

/* eps[r] = noise_scale (x_r - mean_scale sum_k w_rk mu_k / sum_k w_rk), with
   w_rk = e^(z_rk - max_j z_rj), z_rk = score_scale x_r.mu_k + shift_scale half_squared_norms[k],
   and weights below e^floor of the largest exactly 0; a tile where at most one weight in
   sparse_share survives sums only the survivors. Returns 0 (and does nothing) when the fused
   evaluation does not run at `level` (vector_kernels_empirical_supports), else 1. */
int vector_kernels_empirical_noise_at(int level, const double *x, long rows, long dimension, const double *points,
                                      const double *packed_points, const double *half_squared_norms, long count,
                                      double score_scale, double shift_scale, double mean_scale, double noise_scale,
                                      double floor, long sparse_share, double *scratch, double *eps);

#endif
