/* The exact empirical denoiser's evaluation, fused per tile of rows, for AVX-512 only: included
   by VectorKernels.c inside its AVX-512 section, after KernelBodies.h (whose softmax row and
   sparse weighted sums it calls). Eight-lane vectors of doubles are clang vector types, so the
   register tiles below are 24 zmm accumulators; at narrower levels they would spill, and those
   levels keep OpenBLAS's two products instead.

   Why fuse: the scores of a tile (T rows x K) stay in L2 between the two products, the points
   are packed once (at the distribution's creation) instead of at every product, and nothing
   zeroes the scores first. Per tile of T rows:
     1. scores[r][k] = score_scale x_r.mu_k + shift_scale |mu_k|^2/2, by 8-row x 24-point
        register tiles over the packed points (each point panel, 24 x D, 12 KB at D = 64, is read
        by every row of the tile while it is in L1), and each row's largest score on the way;
     2. the softmax's weights from that largest (unnormalised, 0 below the floor, their sum and
        count), while the row is in L2;
     3. the weighted sums sum_k w_rk mu_k, by 6-row x 32-column register tiles over blocks of 64
        points (64 x D, 32 KB at D = 64, in L1), or the sparse sums when few weights survive;
     4. eps_r = noise_scale (x_r - mean_scale sums_r / total_r).
   Each score adds its D products in order of d, each weighted sum its points in order of k. */

typedef double KERNEL(v8d) __attribute__((vector_size(64), aligned(8)));
#define V8D KERNEL(v8d)

static inline __attribute__((always_inline)) V8D KERNEL(splat)(double value) {
    return (V8D){value, value, value, value, value, value, value, value};
}

static inline __attribute__((always_inline)) V8D KERNEL(load)(const double *p) { return *(const V8D *)p; }

static inline __attribute__((always_inline)) void KERNEL(store)(double *p, V8D value) { *(V8D *)p = value; }

/* Scores of `R` rows (R <= 8) against one panel of 24 points; `largest` holds each row's
   lane-wise maxima so far. */
static inline __attribute__((always_inline)) void KERNEL(score_tile)(int R, const double *restrict x, long dimension,
                                                                      const double *restrict panel,
                                                                      const double *restrict shift, double score_scale,
                                                                      double *restrict scores, long stride,
                                                                      V8D *restrict largest) {
    V8D sum[8][3];
    for (int r = 0; r < R; r++)
        for (int j = 0; j < 3; j++) sum[r][j] = KERNEL(splat)(0);
    for (long d = 0; d < dimension; d++) {
        const double *column = panel + d * VECTOR_KERNELS_POINT_PANEL;
        V8D point0 = KERNEL(load)(column), point1 = KERNEL(load)(column + 8), point2 = KERNEL(load)(column + 16);
        for (int r = 0; r < R; r++) {
            V8D value = KERNEL(splat)(x[r * dimension + d]);
            sum[r][0] = __builtin_elementwise_fma(value, point0, sum[r][0]);
            sum[r][1] = __builtin_elementwise_fma(value, point1, sum[r][1]);
            sum[r][2] = __builtin_elementwise_fma(value, point2, sum[r][2]);
        }
    }
    V8D shift0 = KERNEL(load)(shift), shift1 = KERNEL(load)(shift + 8), shift2 = KERNEL(load)(shift + 16);
    V8D scale = KERNEL(splat)(score_scale);
    for (int r = 0; r < R; r++) {
        V8D z0 = __builtin_elementwise_fma(scale, sum[r][0], shift0);
        V8D z1 = __builtin_elementwise_fma(scale, sum[r][1], shift1);
        V8D z2 = __builtin_elementwise_fma(scale, sum[r][2], shift2);
        KERNEL(store)(scores + r * stride, z0);
        KERNEL(store)(scores + r * stride + 8, z1);
        KERNEL(store)(scores + r * stride + 16, z2);
        largest[r] = __builtin_elementwise_max(largest[r], __builtin_elementwise_max(z0, __builtin_elementwise_max(z1, z2)));
    }
}

/* sums[r][0 .. 8 C) += sum over k in [first, last) of weights[r][k] points[k][0 .. 8 C), for
   R <= 6 rows and C <= 4 groups of eight columns. */
static inline __attribute__((always_inline)) void KERNEL(sum_tile)(int R, int C, const double *restrict weights,
                                                                    long stride, const double *restrict points,
                                                                    long dimension, long first, long last,
                                                                    double *restrict sums) {
    V8D sum[6][4];
    for (int r = 0; r < R; r++)
        for (int j = 0; j < C; j++) sum[r][j] = KERNEL(load)(sums + r * dimension + 8 * j);
    for (long k = first; k < last; k++) {
        V8D point[4];
        for (int j = 0; j < C; j++) point[j] = KERNEL(load)(points + k * dimension + 8 * j);
        for (int r = 0; r < R; r++) {
            V8D weight = KERNEL(splat)(weights[r * stride + k]);
            for (int j = 0; j < C; j++) sum[r][j] = __builtin_elementwise_fma(weight, point[j], sum[r][j]);
        }
    }
    for (int r = 0; r < R; r++)
        for (int j = 0; j < C; j++) KERNEL(store)(sums + r * dimension + 8 * j, sum[r][j]);
}

/* The tiles with a row count known at compile time (so the accumulators stay in registers). */
static void KERNEL(score_rows)(int R, const double *x, long dimension, const double *panel, const double *shift,
                               double score_scale, double *scores, long stride, V8D *largest) {
    switch (R) {
#define SCORE_ROWS(n) \
    case n: KERNEL(score_tile)(n, x, dimension, panel, shift, score_scale, scores, stride, largest); break;
        SCORE_ROWS(1) SCORE_ROWS(2) SCORE_ROWS(3) SCORE_ROWS(4) SCORE_ROWS(5) SCORE_ROWS(6) SCORE_ROWS(7) SCORE_ROWS(8)
#undef SCORE_ROWS
    }
}

static void KERNEL(sum_rows)(int R, int C, const double *weights, long stride, const double *points, long dimension,
                             long first, long last, double *sums) {
    switch (R * 8 + C) {
#define SUM_ROWS(r, c) \
    case r * 8 + c: KERNEL(sum_tile)(r, c, weights, stride, points, dimension, first, last, sums); break;
#define SUM_ROWS_ALL_COLUMNS(r) SUM_ROWS(r, 1) SUM_ROWS(r, 2) SUM_ROWS(r, 3) SUM_ROWS(r, 4)
        SUM_ROWS_ALL_COLUMNS(1) SUM_ROWS_ALL_COLUMNS(2) SUM_ROWS_ALL_COLUMNS(3)
        SUM_ROWS_ALL_COLUMNS(4) SUM_ROWS_ALL_COLUMNS(5) SUM_ROWS_ALL_COLUMNS(6)
#undef SUM_ROWS_ALL_COLUMNS
#undef SUM_ROWS
    }
}

static void KERNEL(empirical_noise)(const double *restrict x, long rows, long dimension, const double *restrict points,
                                    const double *restrict packed_points, const double *restrict half_squared_norms,
                                    long count, double score_scale, double shift_scale, double mean_scale,
                                    double noise_scale, double floor, long sparse_share, double *restrict scratch,
                                    double *restrict eps) {
    long padded = vector_kernels_padded_point_count(count), tile_rows = vector_kernels_empirical_tile_rows(count);
    double *shift = scratch, *scores = shift + padded, *sums = scores + tile_rows * padded;
    /* Padding points score -infinity: weight 0, and never the largest. */
    for (long k = 0; k < padded; k++) shift[k] = k < count ? shift_scale * half_squared_norms[k] : -(double)INFINITY;
    for (long start = 0; start < rows; start += tile_rows) {
        long tile = rows - start < tile_rows ? rows - start : tile_rows;
        const double *tile_x = x + start * dimension;
        V8D largest[VECTOR_KERNELS_EMPIRICAL_TILE_ROWS];
        for (long r = 0; r < tile; r++) largest[r] = KERNEL(splat)(-(double)INFINITY);
        for (long panel = 0; panel < padded / VECTOR_KERNELS_POINT_PANEL; panel++)
            for (long r = 0; r < tile; r += 8)
                KERNEL(score_rows)((int)(tile - r < 8 ? tile - r : 8), tile_x + r * dimension, dimension,
                                   packed_points + panel * VECTOR_KERNELS_POINT_PANEL * dimension,
                                   shift + panel * VECTOR_KERNELS_POINT_PANEL, score_scale,
                                   scores + r * padded + panel * VECTOR_KERNELS_POINT_PANEL, padded, largest + r);
        double total[VECTOR_KERNELS_EMPIRICAL_TILE_ROWS];
        long survivors = 0;
        for (long r = 0; r < tile; r++) {
            double row_largest = largest[r][0];
            for (int j = 1; j < 8; j++) row_largest = __builtin_fmax(row_largest, largest[r][j]);
            long kept = 0;
            total[r] = KERNEL(softmax_weights)(scores + r * padded, padded, row_largest, floor, &kept);
            survivors += kept;
        }
        if (survivors * sparse_share <= tile * count) {
            for (long r = 0; r < tile; r++)
                KERNEL(weighted_row_sum)(scores + r * padded, count, points, dimension, 0, sums + r * dimension);
        } else {
            for (long i = 0; i < tile * dimension; i++) sums[i] = 0;
            for (long first = 0; first < count; first += 64) {
                long last = count - first < 64 ? count : first + 64;
                for (long r = 0; r < tile; r += 6)
                    for (long column = 0; column < dimension; column += 32)
                        KERNEL(sum_rows)((int)(tile - r < 6 ? tile - r : 6),
                                         (int)((dimension - column) / 8 < 4 ? (dimension - column) / 8 : 4),
                                         scores + r * padded, padded, points + column, dimension, first, last,
                                         sums + r * dimension + column);
            }
        }
        for (long r = 0; r < tile; r++) {
            double scale = mean_scale / total[r];
            for (long d = 0; d < dimension; d++) {
                long i = (start + r) * dimension + d;
                eps[i] = noise_scale * (x[i] - scale * sums[r * dimension + d]);
            }
        }
    }
}

#undef V8D
