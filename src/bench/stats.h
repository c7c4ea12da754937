/* Benchmark statistics (issue 6, DESIGN.md "Micro-benchmarks"): medians,
 * the speed-up of the suggested form (median before ÷ median after), its
 * 95% bootstrap interval, and the verdict drawn from that interval —
 * confirmed when the whole interval is above 1.05, refuted when it is below
 * 0.95, else no effect. Pure functions over sample arrays; the random
 * numbers come from a seeded generator the caller owns, so a result can be
 * reproduced. Owns no memory beyond a call. */
#ifndef HOTLINT_BENCH_STATS_H
#define HOTLINT_BENCH_STATS_H

#include <stddef.h>
#include <stdint.h>

typedef enum hl_verdict {
  HL_VERDICT_NO_EFFECT,
  HL_VERDICT_CONFIRMED,
  HL_VERDICT_REFUTED,
} hl_verdict;

typedef struct hl_speedup {
  double before_median; /* same unit as the samples (ns per loop) */
  double after_median;
  double speedup; /* before_median / after_median */
  double ci_low;  /* 95% bootstrap interval of the speed-up */
  double ci_high;
  hl_verdict verdict;
} hl_speedup;

/* A small seeded generator (splitmix64): the same seed, the same numbers. */
typedef struct hl_random {
  uint64_t state;
} hl_random;

void hl_random_seed(hl_random *random, uint64_t seed);
uint64_t hl_random_next(hl_random *random);
/* Uniform in [0, bound), bound > 0, without modulo bias. */
uint64_t hl_random_below(hl_random *random, uint64_t bound);

/* The median of values[0..count) (count > 0); values is reordered. */
double hl_median(double *values, size_t count);

/* The verdict for an interval, with the thresholds above. */
hl_verdict hl_verdict_of(double ci_low, double ci_high);
const char *hl_verdict_name(hl_verdict verdict);

enum { HL_BOOTSTRAP_RESAMPLES = 2000 };

/* Speed-up of `after` over `before` (each count > 0, all samples > 0):
 * medians, ratio, and the 2.5th and 97.5th percentiles of the ratio of
 * medians over `resamples` resamplings (with replacement, each variant on
 * its own), then the verdict. Returns 0, or -1 when an input is empty or a
 * sample is not a positive number. */
int hl_speedup_estimate(const double *before, size_t before_count,
                        const double *after, size_t after_count,
                        unsigned resamples, hl_random *random, hl_speedup *out);

#endif
