/* Unit tests for src/bench/stats.c: the seeded generator (splitmix64's
 * published first output), medians, the verdict thresholds, the bootstrap
 * interval on known samples (a clear speed-up, none, a slow-down; the same
 * seed gives the same interval), and bad samples refused. (The calibration
 * along Fibonacci numbers is in the generated program: test_script.) */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>

#include <cmocka.h>

#include "bench/stats.h"

#include <math.h>
#include <string.h>

static void test_generator(void **state) {
  (void)state;
  hl_random random;
  hl_random_seed(&random, 0);
  assert_true(hl_random_next(&random) == UINT64_C(0xe220a8397b1dcdaf));
  hl_random_seed(&random, 42);
  uint64_t first = hl_random_next(&random);
  hl_random_seed(&random, 42);
  assert_true(hl_random_next(&random) == first);
  unsigned seen[7] = {0};
  for (int i = 0; i < 7000; i++) {
    uint64_t value = hl_random_below(&random, 7);
    assert_true(value < 7);
    seen[value]++;
  }
  for (int i = 0; i < 7; i++) /* roughly uniform: 1000 each */
    assert_in_range(seen[i], 850, 1150);
}

static void test_median(void **state) {
  (void)state;
  double odd[] = {5, 1, 4, 2, 3};
  assert_true(hl_median(odd, 5) == 3);
  double even[] = {10, 2, 8, 4};
  assert_true(hl_median(even, 4) == 6);
  double one[] = {7.5};
  assert_true(hl_median(one, 1) == 7.5);
}

static void test_verdict_thresholds(void **state) {
  (void)state;
  assert_int_equal(hl_verdict_of(1.06, 1.30), HL_VERDICT_CONFIRMED);
  assert_int_equal(hl_verdict_of(1.05, 1.30), HL_VERDICT_NO_EFFECT);
  assert_int_equal(hl_verdict_of(0.60, 0.94), HL_VERDICT_REFUTED);
  assert_int_equal(hl_verdict_of(0.60, 0.95), HL_VERDICT_NO_EFFECT);
  assert_int_equal(hl_verdict_of(0.90, 1.10), HL_VERDICT_NO_EFFECT);
  assert_string_equal(hl_verdict_name(HL_VERDICT_CONFIRMED), "confirmed");
  assert_string_equal(hl_verdict_name(HL_VERDICT_REFUTED), "refuted");
  assert_string_equal(hl_verdict_name(HL_VERDICT_NO_EFFECT), "no-effect");
}

/* 11 samples spread evenly ±5% around `center`, in a scrambled order. */
static void samples_around(double center, double *out) {
  static const int order[11] = {3, 9, 0, 6, 10, 1, 7, 4, 8, 2, 5};
  for (int i = 0; i < 11; i++)
    out[i] = center * (0.95 + 0.01 * order[i]);
}

static void test_bootstrap_known_samples(void **state) {
  (void)state;
  double before[11], after[11];
  hl_random random;
  hl_speedup result;

  /* twice as fast */
  samples_around(200, before);
  samples_around(100, after);
  hl_random_seed(&random, 1);
  assert_int_equal(hl_speedup_estimate(before, 11, after, 11,
                                       HL_BOOTSTRAP_RESAMPLES, &random,
                                       &result),
                   0);
  assert_true(fabs(result.before_median - 200) < 1e-9);
  assert_true(fabs(result.after_median - 100) < 1e-9);
  assert_true(fabs(result.speedup - 2) < 1e-9);
  assert_true(result.ci_low <= 2 && result.ci_high >= 2);
  assert_true(result.ci_low > 1.8 && result.ci_high < 2.2);
  assert_int_equal(result.verdict, HL_VERDICT_CONFIRMED);

  /* the same seed, the same interval */
  hl_speedup again;
  hl_random_seed(&random, 1);
  hl_speedup_estimate(before, 11, after, 11, HL_BOOTSTRAP_RESAMPLES, &random,
                      &again);
  assert_true(again.ci_low == result.ci_low && again.ci_high == result.ci_high);

  /* the same distribution: no effect */
  samples_around(100, before);
  hl_speedup_estimate(before, 11, after, 11, HL_BOOTSTRAP_RESAMPLES, &random,
                      &result);
  assert_true(fabs(result.speedup - 1) < 1e-9);
  assert_true(result.ci_low < 1 && result.ci_high > 1);
  assert_int_equal(result.verdict, HL_VERDICT_NO_EFFECT);

  /* the suggested form 30% slower: refuted */
  samples_around(130, after);
  hl_speedup_estimate(before, 11, after, 11, HL_BOOTSTRAP_RESAMPLES, &random,
                      &result);
  assert_true(result.speedup < 0.8 && result.ci_high < 0.95);
  assert_int_equal(result.verdict, HL_VERDICT_REFUTED);

  /* noisy samples around a 3% gain: the interval straddles 1.05 */
  double noisy_before[11], noisy_after[11];
  for (int i = 0; i < 11; i++) {
    noisy_before[i] = 103 * (0.7 + 0.06 * ((i * 7) % 11));
    noisy_after[i] = 100 * (0.7 + 0.06 * ((i * 5) % 11));
  }
  hl_speedup_estimate(noisy_before, 11, noisy_after, 11, HL_BOOTSTRAP_RESAMPLES,
                      &random, &result);
  assert_true(result.ci_low < 1.05 && result.ci_high > 0.95);
  assert_int_equal(result.verdict, HL_VERDICT_NO_EFFECT);
}

static void test_bad_samples(void **state) {
  (void)state;
  double good[3] = {1, 2, 3};
  double zero[3] = {1, 0, 3};
  double nan_sample[3] = {1, NAN, 3};
  hl_random random;
  hl_random_seed(&random, 1);
  hl_speedup result;
  assert_int_equal(hl_speedup_estimate(good, 0, good, 3, 100, &random, &result),
                   -1);
  assert_int_equal(hl_speedup_estimate(good, 3, zero, 3, 100, &random, &result),
                   -1);
  assert_int_equal(
      hl_speedup_estimate(nan_sample, 3, good, 3, 100, &random, &result), -1);
  assert_int_equal(hl_speedup_estimate(good, 3, good, 3, 0, &random, &result),
                   -1);
  assert_int_equal(hl_speedup_estimate(good, 1, good, 1, 100, &random, &result),
                   0);
  assert_true(result.ci_low == 1 && result.ci_high == 1);
}

int main(void) {
  const struct CMUnitTest tests[] = {
      cmocka_unit_test(test_generator),
      cmocka_unit_test(test_median),
      cmocka_unit_test(test_verdict_thresholds),
      cmocka_unit_test(test_bootstrap_known_samples),
      cmocka_unit_test(test_bad_samples),
  };
  return cmocka_run_group_tests(tests, NULL, NULL);
}
