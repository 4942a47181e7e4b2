#include "CVectorKernels.h"

#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <stdint.h>
#include <string.h>

#define KERNEL(name) baseline_##name
#include "KernelBodies.h"
#undef KERNEL

#if defined(__x86_64__) && defined(__clang__)
#define HAS_X86_LEVELS 1

#pragma clang attribute push(__attribute__((target("avx2,fma"))), apply_to = function)
#define KERNEL(name) avx2_##name
#include "KernelBodies.h"
#undef KERNEL
#pragma clang attribute pop

#pragma clang attribute push(__attribute__((target("avx512f,avx2,fma"))), apply_to = function)
#define KERNEL(name) avx512_##name
#include "KernelBodies.h"
#include "EmpiricalTiles.h"
#undef KERNEL
#pragma clang attribute pop
#endif

int vector_kernels_supports(int level) {
    switch (level) {
    case VECTOR_KERNELS_BASELINE: return 1;
#ifdef HAS_X86_LEVELS
    case VECTOR_KERNELS_AVX2:
        __builtin_cpu_init();
        return __builtin_cpu_supports("avx2") && __builtin_cpu_supports("fma");
    case VECTOR_KERNELS_AVX512:
        __builtin_cpu_init();
        return __builtin_cpu_supports("avx512f") && __builtin_cpu_supports("avx2") && __builtin_cpu_supports("fma");
#endif
    default: return 0;
    }
}

/* DIFFUSIONODE_VECTOR_KERNELS=baseline|avx2|avx512 caps the level (to compare levels, or to
   reproduce on one machine what another without AVX-512 computes); unset, the best runs. */
static int requested_level(void) {
    const char *name = getenv("DIFFUSIONODE_VECTOR_KERNELS");
    if (!name) return VECTOR_KERNELS_AVX512;
    if (strcmp(name, "baseline") == 0) return VECTOR_KERNELS_BASELINE;
    if (strcmp(name, "avx2") == 0) return VECTOR_KERNELS_AVX2;
    if (strcmp(name, "avx512") == 0) return VECTOR_KERNELS_AVX512;
    /* A misspelt cap would silently run another level than the one asked for. */
    fprintf(stderr, "warning: DIFFUSIONODE_VECTOR_KERNELS=%s is not baseline, avx2 or avx512; using baseline\n", name);
    return VECTOR_KERNELS_BASELINE;
}

int vector_kernels_level(void) {
    static int chosen = -1;  /* a benign race: every thread computes the same value */
    int level = __atomic_load_n(&chosen, __ATOMIC_RELAXED);
    if (level < 0) {
        level = requested_level();
        while (level > VECTOR_KERNELS_BASELINE && !vector_kernels_supports(level)) level--;
        __atomic_store_n(&chosen, level, __ATOMIC_RELAXED);
    }
    return level;
}

/* A level the CPU cannot run falls back to the baseline rather than faulting. The levels nest
   (AVX-512's check includes AVX2 and FMA), so one at or below the chosen level needs no check. */
static int runnable(int level) {
    return level <= vector_kernels_level() || vector_kernels_supports(level) ? level : VECTOR_KERNELS_BASELINE;
}

#ifdef HAS_X86_LEVELS
#define DISPATCH(level, name, ...)                                                            \
    switch (level) {                                                                          \
    case VECTOR_KERNELS_AVX512: return avx512_##name(__VA_ARGS__);                            \
    case VECTOR_KERNELS_AVX2: return avx2_##name(__VA_ARGS__);                                \
    default: return baseline_##name(__VA_ARGS__);                                             \
    }
#else
#define DISPATCH(level, name, ...) return baseline_##name(__VA_ARGS__);
#endif

/* Each kernel at `level` (one the CPU cannot run falls back to the baseline); the plain
   entries run it at the CPU's chosen level. */
void vector_kernels_exp_at(int level, double *values, long count) { DISPATCH(runnable(level), exp, values, count) }

void vector_kernels_exp(double *values, long count) { vector_kernels_exp_at(vector_kernels_level(), values, count); }

void vector_kernels_silu_at(int level, double *values, long count) { DISPATCH(runnable(level), silu, values, count) }

void vector_kernels_silu(double *values, long count) { vector_kernels_silu_at(vector_kernels_level(), values, count); }

double vector_kernels_softmax_row_at(int level, double *row, long count, const double *shift, double shift_scale,
                                     double floor, long *survivors) {
    DISPATCH(runnable(level), softmax_row, row, count, shift, shift_scale, floor, survivors)
}

double vector_kernels_softmax_row(double *row, long count, const double *shift, double shift_scale, double floor,
                                  long *survivors) {
    return vector_kernels_softmax_row_at(vector_kernels_level(), row, count, shift, shift_scale, floor, survivors);
}

void vector_kernels_weighted_row_sum_at(int level, const double *weights, long count, const double *points,
                                        long dimension, double threshold, double *sum) {
    DISPATCH(runnable(level), weighted_row_sum, weights, count, points, dimension, threshold, sum)
}

void vector_kernels_weighted_row_sum(const double *weights, long count, const double *points, long dimension,
                                     double threshold, double *sum) {
    vector_kernels_weighted_row_sum_at(vector_kernels_level(), weights, count, points, dimension, threshold, sum);
}

long vector_kernels_padded_point_count(long count) {
    if (count < 1) return VECTOR_KERNELS_POINT_PANEL;  /* never 0: the tile rows divide by it */
    return (count + VECTOR_KERNELS_POINT_PANEL - 1) / VECTOR_KERNELS_POINT_PANEL * VECTOR_KERNELS_POINT_PANEL;
}

long vector_kernels_empirical_tile_rows(long count) {
    long rows = (1L << 17) / vector_kernels_padded_point_count(count) / 8 * 8;
    return rows < 8 ? 8 : (rows > VECTOR_KERNELS_EMPIRICAL_TILE_ROWS ? VECTOR_KERNELS_EMPIRICAL_TILE_ROWS : rows);
}

long vector_kernels_empirical_scratch_count(long count, long dimension) {
    long padded = vector_kernels_padded_point_count(count);
    return padded + vector_kernels_empirical_tile_rows(count) * (padded + dimension);
}

void vector_kernels_pack_points(const double *points, long count, long dimension, double *packed) {
    long padded = vector_kernels_padded_point_count(count);
    for (long panel = 0; panel < padded / VECTOR_KERNELS_POINT_PANEL; panel++)
        for (long d = 0; d < dimension; d++)
            for (long j = 0; j < VECTOR_KERNELS_POINT_PANEL; j++) {
                long k = panel * VECTOR_KERNELS_POINT_PANEL + j;
                packed[(panel * dimension + d) * VECTOR_KERNELS_POINT_PANEL + j] = k < count ? points[k * dimension + d] : 0;
            }
}

int vector_kernels_empirical_supports(int level, long dimension) {
#ifdef HAS_X86_LEVELS
    return level == VECTOR_KERNELS_AVX512 && vector_kernels_supports(level) && dimension > 0 && dimension % 8 == 0 &&
           dimension <= VECTOR_KERNELS_EMPIRICAL_MAX_DIMENSION;
#else
    (void)level, (void)dimension;
    return 0;
#endif
}

int vector_kernels_empirical_noise_at(int level, const double *x, long rows, long dimension, const double *points,
                                      const double *packed_points, const double *half_squared_norms, long count,
                                      double score_scale, double shift_scale, double mean_scale, double noise_scale,
                                      double floor, long sparse_share, double *scratch, double *eps) {
    if (!vector_kernels_empirical_supports(level, dimension)) return 0;
#ifdef HAS_X86_LEVELS
    avx512_empirical_noise(x, rows, dimension, points, packed_points, half_squared_norms, count, score_scale,
                           shift_scale, mean_scale, noise_scale, floor, sparse_share, scratch, eps);
#endif
    return 1;
}
