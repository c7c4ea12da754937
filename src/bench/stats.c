/* Benchmark statistics (bench/stats.h). */
#include "bench/stats.h"

#include "base/alloc.h"

#include <math.h>
#include <stdlib.h>
#include <string.h>

void hl_random_seed(hl_random *random, uint64_t seed) {
  random->state = seed;
}

uint64_t hl_random_next(hl_random *random) {
  /* splitmix64 (Steele, Lea, Flood 2014) */
  uint64_t z = (random->state += UINT64_C(0x9e3779b97f4a7c15));
  z = (z ^ (z >> 30)) * UINT64_C(0xbf58476d1ce4e5b9);
  z = (z ^ (z >> 27)) * UINT64_C(0x94d049bb133111eb);
  return z ^ (z >> 31);
}

uint64_t hl_random_below(hl_random *random, uint64_t bound) {
  /* reject the top partial range so every value is equally likely */
  uint64_t limit = UINT64_MAX - UINT64_MAX % bound;
  for (;;) {
    uint64_t value = hl_random_next(random);
    if (value < limit)
      return value % bound;
  }
}

static int compare_doubles(const void *a, const void *b) {
  double x = *(const double *)a, y = *(const double *)b;
  return x < y ? -1 : x > y;
}

double hl_median(double *values, size_t count) {
  qsort(values, count, sizeof *values, compare_doubles);
  if (count % 2)
    return values[count / 2];
  return (values[count / 2 - 1] + values[count / 2]) / 2;
}

hl_verdict hl_verdict_of(double ci_low, double ci_high) {
  if (ci_low > 1.05)
    return HL_VERDICT_CONFIRMED;
  if (ci_high < 0.95)
    return HL_VERDICT_REFUTED;
  return HL_VERDICT_NO_EFFECT;
}

const char *hl_verdict_name(hl_verdict verdict) {
  switch (verdict) {
  case HL_VERDICT_CONFIRMED:
    return "confirmed";
  case HL_VERDICT_REFUTED:
    return "refuted";
  case HL_VERDICT_NO_EFFECT:
    break;
  }
  return "no-effect";
}

static int valid_samples(const double *samples, size_t count) {
  if (!count)
    return 0;
  for (size_t i = 0; i < count; i++)
    if (!(samples[i] > 0) || !isfinite(samples[i]))
      return 0;
  return 1;
}

/* The median of `count` draws, with replacement, from samples. */
static double resampled_median(const double *samples, size_t count,
                               double *scratch, hl_random *random) {
  for (size_t i = 0; i < count; i++)
    scratch[i] = samples[hl_random_below(random, count)];
  return hl_median(scratch, count);
}

/* The q-quantile (0..1) of sorted[0..count), interpolated linearly. */
static double quantile(const double *sorted, size_t count, double q) {
  double position = q * (double)(count - 1);
  size_t below = (size_t)position;
  if (below + 1 >= count)
    return sorted[count - 1];
  double fraction = position - (double)below;
  return sorted[below] + (sorted[below + 1] - sorted[below]) * fraction;
}

int hl_speedup_estimate(const double *before, size_t before_count,
                        const double *after, size_t after_count,
                        unsigned resamples, hl_random *random,
                        hl_speedup *out) {
  if (!valid_samples(before, before_count) ||
      !valid_samples(after, after_count) || resamples == 0)
    return -1;
  size_t largest = before_count > after_count ? before_count : after_count;
  double *scratch = hl_malloc(largest * sizeof *scratch);
  double *ratios = hl_malloc(resamples * sizeof *ratios);
  memcpy(scratch, before, before_count * sizeof *scratch);
  out->before_median = hl_median(scratch, before_count);
  memcpy(scratch, after, after_count * sizeof *scratch);
  out->after_median = hl_median(scratch, after_count);
  out->speedup = out->before_median / out->after_median;
  for (unsigned r = 0; r < resamples; r++) {
    double b = resampled_median(before, before_count, scratch, random);
    double a = resampled_median(after, after_count, scratch, random);
    ratios[r] = b / a;
  }
  qsort(ratios, resamples, sizeof *ratios, compare_doubles);
  out->ci_low = quantile(ratios, resamples, 0.025);
  out->ci_high = quantile(ratios, resamples, 0.975);
  out->verdict = hl_verdict_of(out->ci_low, out->ci_high);
  hl_free(scratch);
  hl_free(ratios);
  return 0;
}
