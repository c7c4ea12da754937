/* Unit tests for running benchmarks (bench/run.h): reading a script's
 * output into verdicts (the headline is the largest measured size; a size
 * that failed, a mismatch, garbage), the in-memory and on-disk caches (a
 * second measurement of the same script runs nothing; another runner over
 * the same cache directory reads it), failures that are not cached
 * (timeouts), and the text formats' sentence. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>

#include <cmocka.h>

#include "bench/run.h"
#include "report/emit_internal.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

static const char two_sizes[] =
    "{\"size\": 10, \"loops\": 1000, \"before_ns\": [210, 200, 205, 199, 201, "
    "202, 204, 198, 200, 203, 200], \"after_ns\": [100, 101, 99, 100, 102, 98, "
    "100, 101, 100, 99, 100]}\n"
    "{\"size\": 1000, \"loops\": 55, \"before_ns\": [1000, 1010, 990, 1005, "
    "995, 1000, 1002, 998, 1001, 999, 1000], \"after_ns\": [1300, 1310, 1290, "
    "1305, 1295, 1300, 1302, 1298, 1301, 1299, 1300]}\n";

static void test_parse_headline_is_largest_size(void **state) {
  (void)state;
  hl_arena arena = {0};
  hotlint_benchmark *b = hl_bench_result_parse(two_sizes, strlen(two_sizes),
                                               "CPython 3.11.2", 7, &arena);
  assert_int_equal(b->size_count, 2);
  assert_int_equal(b->sizes[0].verdict, HOTLINT_VERDICT_CONFIRMED);
  assert_true(b->sizes[0].speedup > 1.9 && b->sizes[0].speedup < 2.1);
  assert_int_equal(b->sizes[0].sample_count, 11);
  assert_int_equal(b->sizes[0].loops, 1000);
  /* the headline: size 1000, where the suggested form is slower */
  assert_int_equal(b->size, 1000);
  assert_int_equal(b->verdict, HOTLINT_VERDICT_REFUTED);
  assert_true(b->ci_high < 0.95);
  assert_true(b->ci_low <= b->speedup && b->speedup <= b->ci_high);
  assert_true(b->before_ns > 999 && b->before_ns < 1001);
  assert_true(b->after_ns > 1299 && b->after_ns < 1301);
  assert_string_equal(b->python, "CPython 3.11.2");
  assert_null(b->error);

  char sentence[300];
  hl_emit_benchmark_sentence(sentence, sizeof sentence, b);
  assert_non_null(strstr(sentence, "refuted on CPython 3.11.2: the suggested "
                                   "form is 1.30\u00d7 slower"));
  /* the medians, before and after, are in the sentence too */
  assert_non_null(strstr(sentence, "1.00 \u00b5s \u2192 1.30 \u00b5s per "
                                   "call at size 1000"));
  /* the same seed, the same interval */
  hl_arena other = {0};
  hotlint_benchmark *again = hl_bench_result_parse(two_sizes, strlen(two_sizes),
                                                   "CPython 3.11.2", 7, &other);
  assert_true(again->ci_low == b->ci_low && again->ci_high == b->ci_high);
  hl_arena_free(&other);
  hl_arena_free(&arena);
}

static void test_parse_failures(void **state) {
  (void)state;
  hl_arena arena = {0};
  const char *mismatch = "{\"size\": 10, \"error\": \"before and after return "
                         "different results\"}\n";
  hotlint_benchmark *b = hl_bench_result_parse(mismatch, strlen(mismatch),
                                               "CPython 3.11.2", 1, &arena);
  assert_int_equal(b->verdict, HOTLINT_VERDICT_ERROR);
  assert_string_equal(b->error, "before and after return different results");
  char sentence[300];
  hl_emit_benchmark_sentence(sentence, sizeof sentence, b);
  assert_string_equal(sentence, "benchmark failed on CPython 3.11.2: before "
                                "and after return different results");

  /* one size failed, the other measured: the measured one is the headline */
  char mixed[2048];
  snprintf(mixed, sizeof mixed, "%.*s{\"size\": 100000, \"error\": \"x\"}\n",
           (int)(strchr(two_sizes, '\n') - two_sizes + 1), two_sizes);
  b = hl_bench_result_parse(mixed, strlen(mixed), "CPython 3.11.2", 1, &arena);
  assert_int_equal(b->size_count, 2);
  assert_int_equal(b->size, 10);
  assert_int_equal(b->verdict, HOTLINT_VERDICT_CONFIRMED);
  assert_int_equal(b->sizes[1].verdict, HOTLINT_VERDICT_ERROR);

  const char *garbage[] = {
      "",
      "not json\n",
      "{\"size\": 10}\n",
      "{\"size\": 10, \"loops\": 5, \"before_ns\": [1, 2], \"after_ns\": "
      "[1]}\n",
      "{\"size\": 10, \"loops\": 5, \"before_ns\": [0, 1], \"after_ns\": [1, "
      "1]}\n",
      "{\"size\": -1, \"loops\": 5, \"before_ns\": [1], \"after_ns\": [1]}\n",
      "[1, 2]\n",
  };
  for (size_t i = 0; i < sizeof garbage / sizeof *garbage; i++) {
    b = hl_bench_result_parse(garbage[i], strlen(garbage[i]), "CPython 3.11.2",
                              1, &arena);
    assert_int_equal(b->verdict, HOTLINT_VERDICT_ERROR);
    assert_string_equal(b->error, "the benchmark printed no result");
  }
  hl_arena_free(&arena);
}

/* A script that only prints fixed samples: what the runner does with it,
 * not what Python measures. */
static const char fixed_script[] =
    "import sys\n"
    "sys.stdout.write('{\"size\": 10, \"loops\": 3, \"before_ns\": [300, 301, "
    "299, 300, 302, 298, 300, 301, 299, 300, 300], \"after_ns\": [100, 101, "
    "99, 100, 102, 98, 100, 101, 99, 100, 100]}\\n')\n";

static void test_runner_caches(void **state) {
  (void)state;
  char dir[] = "/tmp/hotlint-bench-run-XXXXXX";
  assert_non_null(mkdtemp(dir));
  hl_cache cache;
  hotlint_error error;
  assert_true(hl_cache_open(&cache, dir, &error));

  hl_bench_runner runner;
  if (!hl_bench_runner_init(&runner, NULL, &cache, &error))
    fail_msg("%s", error.message);
  assert_false(
      hl_bench_runner_known(&runner, fixed_script, strlen(fixed_script)));
  const hotlint_benchmark *first =
      hl_bench_runner_measure(&runner, fixed_script, strlen(fixed_script));
  assert_int_equal(first->verdict, HOTLINT_VERDICT_CONFIRMED);
  assert_true(first->speedup > 2.9 && first->speedup < 3.1);
  assert_int_equal(runner.runs, 1);
  /* the same script again: from memory */
  const hotlint_benchmark *second =
      hl_bench_runner_measure(&runner, fixed_script, strlen(fixed_script));
  assert_ptr_equal(first, second);
  assert_int_equal(runner.runs, 1);
  double speedup = first->speedup, ci_low = first->ci_low;
  hl_bench_runner_release(&runner);

  /* another runner over the same directory: from the cache, same figures */
  assert_true(hl_bench_runner_init(&runner, NULL, &cache, &error));
  assert_true(
      hl_bench_runner_known(&runner, fixed_script, strlen(fixed_script)));
  const hotlint_benchmark *cached =
      hl_bench_runner_measure(&runner, fixed_script, strlen(fixed_script));
  assert_int_equal(runner.runs, 0);
  assert_int_equal(runner.cache_hits, 1);
  assert_true(cached->speedup == speedup && cached->ci_low == ci_low);
  hl_bench_runner_release(&runner);

  /* a timeout is a result, never cached */
  const char *slow = "import time\ntime.sleep(30)\n";
  assert_true(hl_bench_runner_init(&runner, NULL, &cache, &error));
  runner.limits.timeout_ms = 300;
  const hotlint_benchmark *timed_out =
      hl_bench_runner_measure(&runner, slow, strlen(slow));
  assert_int_equal(timed_out->verdict, HOTLINT_VERDICT_ERROR);
  assert_non_null(strstr(timed_out->error, "timed out"));
  hl_bench_runner_release(&runner);
  assert_true(hl_bench_runner_init(&runner, NULL, &cache, &error));
  assert_false(hl_bench_runner_known(&runner, slow, strlen(slow)));
  /* a script that fails says how */
  const char *raises = "raise ValueError('no luck')\n";
  const hotlint_benchmark *raised =
      hl_bench_runner_measure(&runner, raises, strlen(raises));
  assert_int_equal(raised->verdict, HOTLINT_VERDICT_ERROR);
  assert_non_null(strstr(raised->error, "ValueError: no luck"));
  hl_bench_runner_release(&runner);

  /* without a cache: measured every time a runner starts */
  assert_true(hl_bench_runner_init(&runner, NULL, NULL, &error));
  assert_false(
      hl_bench_runner_known(&runner, fixed_script, strlen(fixed_script)));
  hl_bench_runner_release(&runner);

  hl_cache_close(&cache);
  char command[256];
  snprintf(command, sizeof command, "rm -rf '%s'", dir);
  assert_int_equal(system(command), 0);
}

static void test_runner_refuses_bad_interpreters(void **state) {
  (void)state;
  hl_bench_runner runner;
  hotlint_error error;
  assert_false(
      hl_bench_runner_init(&runner, "/nonexistent/python", NULL, &error));
  assert_non_null(strstr(error.message, "no Python interpreter"));
  assert_false(hl_bench_runner_init(&runner, "/bin/true", NULL, &error));
  assert_non_null(strstr(error.message, "not a Python 3 interpreter"));
}

int main(void) {
  const struct CMUnitTest tests[] = {
      cmocka_unit_test(test_parse_headline_is_largest_size),
      cmocka_unit_test(test_parse_failures),
      cmocka_unit_test(test_runner_caches),
      cmocka_unit_test(test_runner_refuses_bad_interpreters),
  };
  return cmocka_run_group_tests(tests, NULL, NULL);
}
