/* The kernels' bodies, included once per instruction set by VectorKernels.c with KERNEL(name)
   giving each copy its own names and a `#pragma clang attribute` giving its target. Loops keep
   eight independent lanes (partial maxima, sums and counts) so that the compiler vectorises
   them without reassociating floating-point sums across lanes. */

static inline __attribute__((always_inline)) double KERNEL(exp_one)(double z) {
    const double log2e = 1.4426950408889634, shifter = 6755399441055744.0; /* 1.5 x 2^52 */
    const double ln2_high = 0.693145751953125, ln2_low = 1.4286068203094173e-06;
    double clamped = z < -708.0 ? -708.0 : (z > 709.0 ? 709.0 : z);
    double shifted = clamped * log2e + shifter;
    double k = shifted - shifter;
    double r = (clamped - k * ln2_high) - k * ln2_low;
    double p = 1.0 / 6227020800.0;
    p = p * r + 1.0 / 479001600.0;
    p = p * r + 1.0 / 39916800.0;
    p = p * r + 1.0 / 3628800.0;
    p = p * r + 1.0 / 362880.0;
    p = p * r + 1.0 / 40320.0;
    p = p * r + 1.0 / 5040.0;
    p = p * r + 1.0 / 720.0;
    p = p * r + 1.0 / 120.0;
    p = p * r + 1.0 / 24.0;
    p = p * r + 1.0 / 6.0;
    p = p * r + 0.5;
    p = p * r + 1.0;
    p = p * r + 1.0;
    uint64_t bits;
    memcpy(&bits, &shifted, sizeof bits);
    bits = (bits + 1023) << 52;
    double scale;
    memcpy(&scale, &bits, sizeof scale);
    double result = p * scale;
    result = z < -708.0 ? 0.0 : result;
    result = z > 709.0 ? (double)INFINITY : result;
    return z != z ? z : result;
}

static void KERNEL(exp)(double *restrict values, long count) {
    for (long i = 0; i < count; i++) values[i] = KERNEL(exp_one)(values[i]);
}

static void KERNEL(silu)(double *restrict values, long count) {
    for (long i = 0; i < count; i++) {
        double z = values[i];
        values[i] = z / (1.0 + KERNEL(exp_one)(-z));
    }
}

/* row[k] = e^(row[k] - largest), 0 below the floor; returns their sum, and their count in
   *survivors. `largest` is the row's largest entry (the fused empirical tiles find it on the way). */
static double KERNEL(softmax_weights)(double *restrict row, long count, double largest, double floor,
                                      long *survivors) {
    long lanes = count / 8 * 8, i;
    double sum8[8];
    long count8[8];
    for (int j = 0; j < 8; j++) { sum8[j] = 0; count8[j] = 0; }
    for (i = 0; i < lanes; i += 8) {
        /* A group of eight with no weight above the floor is left as zeros (each below e^floor of
           the largest): late in a solve most groups are, and their exponentials are skipped. */
        int any = 0;  /* NaN counts as a survivor, so it reaches the sum rather than vanish */
        for (int j = 0; j < 8; j++) any |= !(row[i + j] - largest < floor);
        if (!any) {
            for (int j = 0; j < 8; j++) row[i + j] = 0;
            continue;
        }
        for (int j = 0; j < 8; j++) {
            double z = row[i + j] - largest;
            count8[j] += z >= floor;
            /* One rule for the count, the sum and both weighted sums: below the floor, 0. */
            double weight = KERNEL(exp_one)(z);  /* computed in every lane, then selected: vectorised */
            weight = z < floor ? 0.0 : weight;
            row[i + j] = weight;
            sum8[j] += weight;
        }
    }
    for (; i < count; i++) {
        double z = row[i] - largest;
        count8[0] += z >= floor;
        double weight = KERNEL(exp_one)(z);
        row[i] = z < floor ? 0.0 : weight;
        sum8[0] += row[i];
    }
    double total = 0;
    long kept = 0;
    for (int j = 0; j < 8; j++) { total += sum8[j]; kept += count8[j]; }
    *survivors = kept;
    return total;
}

static double KERNEL(softmax_row)(double *restrict row, long count, const double *restrict shift, double shift_scale,
                                  double floor, long *survivors) {
    long lanes = count / 8 * 8, i;
    double largest8[8];
    for (int j = 0; j < 8; j++) largest8[j] = -(double)INFINITY;
    if (shift) {
        for (i = 0; i < lanes; i += 8)
            for (int j = 0; j < 8; j++) {
                double z = row[i + j] + shift_scale * shift[i + j];
                row[i + j] = z;
                largest8[j] = z > largest8[j] ? z : largest8[j];
            }
        for (; i < count; i++) {
            row[i] += shift_scale * shift[i];
            largest8[0] = row[i] > largest8[0] ? row[i] : largest8[0];
        }
    } else {
        for (i = 0; i < lanes; i += 8)
            for (int j = 0; j < 8; j++) largest8[j] = row[i + j] > largest8[j] ? row[i + j] : largest8[j];
        for (; i < count; i++) largest8[0] = row[i] > largest8[0] ? row[i] : largest8[0];
    }
    double largest = largest8[0];
    for (int j = 1; j < 8; j++) largest = largest8[j] > largest ? largest8[j] : largest;
    return KERNEL(softmax_weights)(row, count, largest, floor, survivors);
}

/* The survivors are gathered a chunk at a time (index and weight), then each tile of 32 columns
   is summed over them in registers: a sum kept in memory would be loaded and stored once per
   point. Each column still adds the points in increasing k, as a plain loop would. */
static void KERNEL(weighted_row_sum)(const double *restrict weights, long count, const double *restrict points,
                                     long dimension, double threshold, double *restrict sum) {
    enum { chunk = 256, tile = 32 };
    long index[chunk];
    double weight[chunk];
    for (long d = 0; d < dimension; d++) sum[d] = 0;
    long k = 0;
    while (k < count) {
        int found = 0;
        while (k < count && found <= chunk - 8) {
            if (k + 8 <= count) {
                int any = 0;
                for (int j = 0; j < 8; j++) any |= weights[k + j] > threshold;
                if (any)
                    for (int j = 0; j < 8; j++)
                        if (weights[k + j] > threshold) { index[found] = k + j; weight[found] = weights[k + j]; found++; }
                k += 8;
            } else {
                if (weights[k] > threshold) { index[found] = k; weight[found] = weights[k]; found++; }
                k++;
            }
        }
        long d0 = 0;
        for (; d0 + tile <= dimension; d0 += tile) {
            double partial[tile];
            for (int j = 0; j < tile; j++) partial[j] = sum[d0 + j];
            for (int s = 0; s < found; s++) {
                const double *point = points + index[s] * dimension + d0;
                for (int j = 0; j < tile; j++) partial[j] += weight[s] * point[j];
            }
            for (int j = 0; j < tile; j++) sum[d0 + j] = partial[j];
        }
        for (int s = 0; s < found; s++) {
            const double *point = points + index[s] * dimension;
            for (long d = d0; d < dimension; d++) sum[d] += weight[s] * point[d];
        }
    }
}
