/* Every built-in rule's benchmark, generated and run by the real python3 in
 * the sandbox at its smallest size: the program compiles, both variants
 * return the same result, and samples come back. (How fast each variant is
 * is for `--bench` and docs/benchmarks.md, never for a test.) */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>

#include <cmocka.h>

#include "bench/sandbox.h"
#include "bench/script.h"
#include "rules/builtin.h"
#include "rules/rule.h"

#include <string.h>

static void test_every_benchmark_runs(void **state) {
  (void)state;
  hl_python found;
  hotlint_error error;
  if (!hl_python_identify(NULL, &found, &error))
    fail_msg("%s", error.message);
  const char *python = found.executable;
  size_t benchmarks = 0;
  for (size_t i = 0; i < hl_builtin_rule_count; i++) {
    hl_rule *rule =
        hl_rule_parse(hl_builtin_rules[i].origin, hl_builtin_rules[i].text,
                      hl_builtin_rules[i].length, &error);
    assert_non_null(rule);
    if (!rule->benchmark.present) {
      hl_rule_delete(rule);
      continue;
    }
    benchmarks++;
    hl_rule_benchmark smallest = rule->benchmark;
    smallest.size_count = 1;
    hl_strbuf script = {0};
    hl_bench_script(rule->info.code, &smallest, NULL, 0, &script);
    hl_sandbox_limits limits = hl_sandbox_default_limits();
    limits.timeout_ms = 60000;
    hl_sandbox_result result;
    if (!hl_sandbox_run(python, hl_strbuf_cstr(&script), script.len, &limits,
                        &result, &error))
      fail_msg("%s: %s", rule->info.code, error.message);
    if (!result.exited || result.exit_status != 0 ||
        strstr(result.output, "\"error\"") ||
        !strstr(result.output, "\"before_ns\""))
      fail_msg("%s: %s%s", rule->info.code, result.output, result.errors);
    hl_sandbox_result_free(&result);
    hl_strbuf_free(&script);
    hl_rule_delete(rule);
  }
  assert_true(benchmarks >= 5);
}

int main(void) {
  const struct CMUnitTest tests[] = {
      cmocka_unit_test(test_every_benchmark_runs),
  };
  return cmocka_run_group_tests(tests, NULL, NULL);
}
