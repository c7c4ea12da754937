/* Unit tests for src/bench/script.c: which captures may enter a benchmark
 * as written and the stand-ins for the others; and generated programs run
 * by the real python3 in the sandbox — samples for every size, a result
 * mismatch reported, and a capture that would create a file when run never
 * reaching the program. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>

#include <cmocka.h>

#include "bench/sandbox.h"
#include "bench/script.h"
#include "bench/stats.h"

#include <jansson.h>
#include <stdio.h>
#include <string.h>
#include <unistd.h>

static char python[4096];

static int find_python(void **state) {
  (void)state;
  hl_python found;
  hotlint_error error;
  if (!hl_python_identify(NULL, &found, &error))
    return -1;
  snprintf(python, sizeof python, "%s", found.executable);
  return 0;
}

static bool safe(const char *text) {
  return hl_bench_capture_is_safe(text, (uint32_t)strlen(text));
}

static void test_safe_captures(void **state) {
  (void)state;
  const char *yes[] = {
      "42",       "-1.5",   "'abc'", "b'x'", "(tuple, list)", "[1, 'a', None]",
      "{'a': 1}", "{1, 2}", "True",  "len",  "('a' 'b')",     "..."};
  for (size_t i = 0; i < sizeof yes / sizeof yes[0]; i++)
    if (!safe(yes[i]))
      fail_msg("'%s' should be safe", yes[i]);
  const char *no[] = {"open('x', 'w')",
                      "f'{x}'",
                      "os.system('x')",
                      "(a, b)",
                      "x",
                      "lambda: 0",
                      "[i for i in range(3)]",
                      "__import__('os')",
                      "1; import os",
                      "",
                      "1\nimport os",
                      "(1, print('x'))",
                      "len(x)",
                      "[*xs]"};
  for (size_t i = 0; i < sizeof no / sizeof no[0]; i++)
    if (safe(no[i]))
      fail_msg("'%s' should not be safe", no[i]);
}

static void assert_stand_in(const char *text, const char *expected) {
  hl_strbuf out = {0};
  hl_bench_stand_in(text, (uint32_t)strlen(text), &out);
  assert_string_equal(hl_strbuf_cstr(&out), expected);
  hl_strbuf_free(&out);
}

static void test_stand_ins_keep_the_shape(void **state) {
  (void)state;
  assert_stand_in("(a, b, c)", "(0, 1, 2)");
  assert_stand_in("(a,)", "(0,)");
  assert_stand_in("[a, f(b)]", "[0, 1]");
  assert_stand_in("{a: b}", "{0: 0}");
  assert_stand_in("{a, b}", "{0, 1}");
  assert_stand_in("f'{x}'", "'x'");
  assert_stand_in("open('x')", "0");
}

/* Runs a program for this benchmark; returns the JSON lines. */
static json_t *run_benchmark(const hl_rule_benchmark *benchmark,
                             const hl_bench_capture *captures, size_t count,
                             hl_strbuf *script) {
  hl_bench_script("HOT999", benchmark, captures, count, script);
  hl_sandbox_limits limits = hl_sandbox_default_limits();
  limits.timeout_ms = 60000;
  hl_sandbox_result result;
  hotlint_error error;
  if (!hl_sandbox_run(python, hl_strbuf_cstr(script), script->len, &limits,
                      &result, &error))
    fail_msg("%s", error.message);
  if (!result.exited || result.exit_status != 0)
    fail_msg("the program failed: %s\n%s", result.errors,
             hl_strbuf_cstr(script));
  json_t *lines = json_array();
  char *save = NULL;
  for (char *line = strtok_r(result.output, "\n", &save); line;
       line = strtok_r(NULL, "\n", &save)) {
    json_error_t json_error;
    json_t *value = json_loads(line, 0, &json_error);
    if (!value)
      fail_msg("not JSON: %s", line);
    json_array_append_new(lines, value);
  }
  hl_sandbox_result_free(&result);
  return lines;
}

static hl_rule_benchmark benchmark_of(const char *setup, const char *before,
                                      const char *after) {
  hl_rule_benchmark benchmark = {0};
  benchmark.present = true;
  benchmark.setup = (char *)setup;
  benchmark.before = (char *)before;
  benchmark.after = (char *)after;
  benchmark.sizes[0] = 10;
  benchmark.sizes[1] = 100;
  benchmark.size_count = 2;
  return benchmark;
}

static void test_program_measures_each_size(void **state) {
  (void)state;
  hl_rule_benchmark benchmark =
      benchmark_of("xs = list(range(n))\nlimit = ${limit}\n",
                   "return sum([x for x in xs if x < limit])",
                   "return sum(x for x in xs if x < limit)");
  hl_bench_capture captures[] = {{"limit", "50", 2}};
  hl_strbuf script = {0};
  json_t *lines = run_benchmark(&benchmark, captures, 1, &script);
  assert_int_equal(json_array_size(lines), 2);
  for (size_t i = 0; i < 2; i++) {
    json_t *line = json_array_get(lines, i);
    assert_int_equal(json_integer_value(json_object_get(line, "size")),
                     i ? 100 : 10);
    assert_true(json_integer_value(json_object_get(line, "loops")) >= 1);
    json_t *before = json_object_get(line, "before_ns");
    json_t *after = json_object_get(line, "after_ns");
    assert_int_equal(json_array_size(before), HL_BENCH_SAMPLES);
    assert_int_equal(json_array_size(after), HL_BENCH_SAMPLES);
    double b[HL_BENCH_SAMPLES], a[HL_BENCH_SAMPLES];
    for (size_t s = 0; s < HL_BENCH_SAMPLES; s++) {
      b[s] = json_number_value(json_array_get(before, s));
      a[s] = json_number_value(json_array_get(after, s));
    }
    hl_random random;
    hl_random_seed(&random, 7);
    hl_speedup speedup;
    assert_int_equal(hl_speedup_estimate(b, HL_BENCH_SAMPLES, a,
                                         HL_BENCH_SAMPLES, 500, &random,
                                         &speedup),
                     0);
  }
  json_decref(lines);
  hl_strbuf_free(&script);
}

static void test_mismatch_is_reported(void **state) {
  (void)state;
  hl_rule_benchmark benchmark = benchmark_of("", "return 1", "return 2");
  hl_strbuf script = {0};
  json_t *lines = run_benchmark(&benchmark, NULL, 0, &script);
  assert_int_equal(json_array_size(lines), 2);
  const char *message =
      json_string_value(json_object_get(json_array_get(lines, 0), "error"));
  assert_non_null(message);
  assert_non_null(strstr(message, "different results"));
  json_decref(lines);
  hl_strbuf_free(&script);
}

static void test_unsafe_capture_never_enters(void **state) {
  (void)state;
  /* what the finding captured would write a file if it ever ran */
  const char *payload = "open('/tmp/hotlint-canary-script', 'w').write('x')";
  unlink("/tmp/hotlint-canary-script");
  hl_rule_benchmark benchmark =
      benchmark_of("value = ${value}\n", "return value", "return value");
  hl_bench_capture captures[] = {{"value", payload, (uint32_t)strlen(payload)}};
  hl_strbuf script = {0};
  json_t *lines = run_benchmark(&benchmark, captures, 1, &script);
  assert_null(strstr(hl_strbuf_cstr(&script), "canary"));
  assert_null(strstr(hl_strbuf_cstr(&script), "open("));
  assert_int_not_equal(access("/tmp/hotlint-canary-script", F_OK), 0);
  assert_int_equal(json_array_size(lines), 2);
  json_decref(lines);
  hl_strbuf_free(&script);
}

int main(void) {
  const struct CMUnitTest tests[] = {
      cmocka_unit_test(test_safe_captures),
      cmocka_unit_test(test_stand_ins_keep_the_shape),
      cmocka_unit_test(test_program_measures_each_size),
      cmocka_unit_test(test_mismatch_is_reported),
      cmocka_unit_test(test_unsafe_capture_never_enters),
  };
  return cmocka_run_group_tests(tests, find_python, NULL);
}
