/* Unit tests for src/bench/sandbox.c with the real python3: the script runs
 * isolated in a fresh directory that is gone afterwards, with an empty
 * environment (a variable set here does not reach it), files it writes stay
 * in that directory, a timeout kills it, a flood of output is capped, the
 * memory limit holds, and the interpreter check refuses what is missing or
 * not Python 3. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>

#include <cmocka.h>

#include "bench/sandbox.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

static char python[4096];

static int find_python(void **state) {
  (void)state;
  hl_python found;
  hotlint_error error;
  if (!hl_python_identify(NULL, &found, &error)) {
    fprintf(stderr, "%s\n", error.message);
    return -1;
  }
  snprintf(python, sizeof python, "%s", found.executable);
  /* the build names the compiler: "3.11.2 (main, ...) [GCC 12.2.0]" */
  if (!strchr(found.build, '[') || strncmp(found.build, "3.", 2) != 0)
    return -1;
  return strncmp(found.version, "CPython 3.", 10) == 0 ? 0 : -1;
}

static hl_sandbox_result run(const char *script, unsigned timeout_ms,
                             size_t output_bytes) {
  hl_sandbox_limits limits = hl_sandbox_default_limits();
  limits.timeout_ms = timeout_ms;
  limits.output_bytes = output_bytes;
  hl_sandbox_result result;
  hotlint_error error;
  if (!hl_sandbox_run(python, script, strlen(script), &limits, &result, &error))
    fail_msg("%s", error.message);
  return result;
}

static void test_isolated_run(void **state) {
  (void)state;
  setenv("HOTLINT_TEST_SECRET", "leaked", 1);
  hl_sandbox_result result =
      run("import os, sys\n"
          "print(sorted(k for k in os.environ if k != 'LC_CTYPE'))\n"
          "print(sys.flags.isolated, sys.flags.no_user_site)\n"
          "print(os.listdir('.'))\n"
          "print(os.getcwd())\n",
          20000, 1 << 20);
  assert_true(result.exited);
  assert_int_equal(result.exit_status, 0);
  char cwd[4096];
  int parsed = sscanf(result.output, "[]\n1 1\n['bench.py']\n%4095s", cwd);
  if (parsed != 1)
    fail_msg("unexpected output: %s / %s", result.output, result.errors);
  assert_non_null(strstr(cwd, "hotlint-bench-"));
  struct stat info;
  assert_int_not_equal(stat(cwd, &info), 0); /* removed afterwards */
  hl_sandbox_result_free(&result);
}

static void test_files_stay_inside(void **state) {
  (void)state;
  char here[4096];
  assert_non_null(getcwd(here, sizeof here));
  hl_sandbox_result result = run("import os\n"
                                 "open('canary.txt', 'w').write('x')\n"
                                 "os.makedirs('a/b/c')\n"
                                 "open('a/b/c/d.txt', 'w').write('y')\n"
                                 "print(os.getcwd())\n",
                                 20000, 1 << 20);
  assert_true(result.exited && result.exit_status == 0);
  assert_int_not_equal(access("canary.txt", F_OK), 0);
  char dir[4096];
  assert_int_equal(sscanf(result.output, "%4095s", dir), 1);
  assert_int_not_equal(access(dir, F_OK), 0);
  hl_sandbox_result_free(&result);
}

static void test_timeout_kills(void **state) {
  (void)state;
  hl_sandbox_result result = run("while True:\n    pass\n", 300, 1 << 20);
  assert_true(result.timed_out);
  assert_false(result.exited);
  assert_int_equal(result.signal, 9);
  hl_sandbox_result_free(&result);
}

static void test_output_is_capped(void **state) {
  (void)state;
  hl_sandbox_result result =
      run("import sys\nwhile True:\n    sys.stdout.write('x' * 65536)\n", 20000,
          100000);
  assert_true(result.output_truncated);
  assert_false(result.timed_out);
  assert_int_equal(result.output_length, 100000);
  assert_int_equal(strlen(result.output), 100000);
  hl_sandbox_result_free(&result);
}

static void test_memory_limit(void **state) {
  (void)state;
  hl_sandbox_limits limits = hl_sandbox_default_limits();
  limits.memory_bytes = (uint64_t)512 << 20;
  const char *script = "b = bytearray(1 << 30)\nprint('allocated')\n";
  hl_sandbox_result result;
  hotlint_error error;
  assert_true(
      hl_sandbox_run(python, script, strlen(script), &limits, &result, &error));
  assert_true(result.exited);
  assert_int_not_equal(result.exit_status, 0);
  assert_null(strstr(result.output, "allocated"));
  assert_non_null(strstr(result.errors, "MemoryError"));
  hl_sandbox_result_free(&result);
}

static void test_interpreter_checks(void **state) {
  (void)state;
  hl_python found;
  hotlint_error error;
  assert_false(hl_python_identify("/nonexistent/python3", &found, &error));
  assert_non_null(strstr(error.message, "no Python interpreter"));
  assert_false(hl_python_identify("no-such-python-here", &found, &error));
  assert_non_null(strstr(error.message, "on PATH"));
  assert_false(hl_python_identify("/bin/echo", &found, &error));
  assert_non_null(strstr(error.message, "is not a Python 3 interpreter"));
  hl_sandbox_result result;
  hl_sandbox_limits limits = hl_sandbox_default_limits();
  assert_false(hl_sandbox_run("python3", "pass", 4, &limits, &result, &error));
  assert_non_null(strstr(error.message, "not an absolute path"));
}

int main(void) {
  const struct CMUnitTest tests[] = {
      cmocka_unit_test(test_isolated_run),
      cmocka_unit_test(test_files_stay_inside),
      cmocka_unit_test(test_timeout_kills),
      cmocka_unit_test(test_output_is_capped),
      cmocka_unit_test(test_memory_limit),
      cmocka_unit_test(test_interpreter_checks),
  };
  return cmocka_run_group_tests(tests, find_python, NULL);
}
