/* Fixes end to end: every built-in fix is applied to a buffer, the result
 * must parse (no ERROR nodes) and re-checking it must no longer report the
 * finding; safe/unsafe selection, overlapping fixes, a fix that would not
 * parse, the unified diff, and the rule file's `fix:` field and its
 * errors. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>

#include <cmocka.h>

#include "hotlint/hotlint.h"
#include "report/fix.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

typedef struct fixture {
  hotlint_engine *engine;
  hotlint_checker *checker;
} fixture;

/* A query rule whose fix does not parse: `print(x)` -> `print(x`. */
static const char broken_rule[] =
    "id: HOT991\nname: broken-fix\nsummary: s\nmessage: m\n"
    "match:\n  query: \"(call function: (identifier) @fn (#eq? @fn "
    "\\\"print\\\")) @call\"\n"
    "fix:\n  message: break it\n  applicability: safe\n"
    "  replace: \"{fn}(\"\n";

static int setup(void **state) {
  fixture *f = calloc(1, sizeof *f);
  hotlint_error error;
  f->engine = hotlint_engine_new();
  if (!hotlint_engine_load_builtin_rules(f->engine, &error) ||
      !hotlint_engine_load_rule_text(f->engine, "t.yaml", broken_rule,
                                     strlen(broken_rule), &error) ||
      !hotlint_engine_compile(f->engine, &error)) {
    fprintf(stderr, "%s\n", error.message);
    return -1;
  }
  f->checker = hotlint_checker_new(f->engine);
  *state = f;
  return 0;
}

static int teardown(void **state) {
  fixture *f = *state;
  hotlint_checker_delete(f->checker);
  hotlint_engine_delete(f->engine);
  free(f);
  return 0;
}

static size_t count_code(const hotlint_result *result, const char *code) {
  size_t n = 0;
  for (size_t i = 0; i < hotlint_result_count(result); i++)
    n += !strcmp(hotlint_result_finding(result, i)->code, code);
  return n;
}

/* Checks `source`, expects a fixable `code` finding, applies the fixes
 * (unsafe ones too) and checks the result parses, no longer has the
 * finding, and equals `expected`. */
static void expect_fix(fixture *f, const char *code, const char *source,
                       const char *expected,
                       hotlint_applicability applicability) {
  hotlint_result *result =
      hotlint_check(f->checker, "t.py", source, strlen(source), NULL);
  assert_int_equal(count_code(result, code), 1);
  const hotlint_finding *finding = NULL;
  for (size_t i = 0; i < hotlint_result_count(result); i++)
    if (!strcmp(hotlint_result_finding(result, i)->code, code))
      finding = hotlint_result_finding(result, i);
  assert_non_null(finding->fix);
  assert_int_equal(finding->fix->applicability, applicability);
  assert_non_null(finding->fix->message);
  hl_strbuf out = {0};
  hl_fix_dropped dropped = {0};
  assert_true(hl_fix_apply(f->checker, source, strlen(source), result, true,
                           true, &out, &dropped) >= 1);
  assert_int_equal(dropped.count, 0);
  assert_string_equal(hl_strbuf_cstr(&out), expected);
  assert_int_equal(hotlint_parse_only(f->checker, out.data, out.len), 0);
  hotlint_result *again =
      hotlint_check(f->checker, "t.py", out.data, out.len, NULL);
  assert_int_equal(count_code(again, code), 0);
  assert_int_equal(hotlint_result_problem_count(again), 0);
  hotlint_result_delete(again);
  hotlint_result_delete(result);
  hl_strbuf_free(&out);
}

static void test_hot102_hoists_local(void **state) {
  expect_fix(*state, "HOT102",
             "import os\n\n\n"
             "@staticmethod\n"
             "def colour(name):\n"
             "    PALETTE = {\"red\": 1, \"green\": 2}\n"
             "    return PALETTE.get(name)\n",
             "import os\n\n\n"
             "PALETTE = {\"red\": 1, \"green\": 2}\n\n\n"
             "@staticmethod\n"
             "def colour(name):\n"
             "    return PALETTE.get(name)\n",
             HOTLINT_FIX_UNSAFE);
}

static void test_hot102_method_goes_before_class(void **state) {
  expect_fix(*state, "HOT102",
             "class A:\n"
             "    def f(self, x):\n"
             "        UNITS = [\"b\", \"kb\", len]\n"
             "        return UNITS.index(x)\n",
             "UNITS = [\"b\", \"kb\", len]\n\n\n"
             "class A:\n"
             "    def f(self, x):\n"
             "        return UNITS.index(x)\n",
             HOTLINT_FIX_UNSAFE);
}

static void test_hot102_no_fix_when_name_is_global(void **state) {
  fixture *f = *state;
  const char *source = "PALETTE = None\n\n\ndef colour(name):\n"
                       "    PALETTE = {\"red\": 1}\n"
                       "    return PALETTE.get(name)\n";
  hotlint_result *result =
      hotlint_check(f->checker, "t.py", source, strlen(source), NULL);
  assert_int_equal(count_code(result, "HOT102"), 1);
  assert_null(hotlint_result_finding(result, 0)->fix);
  hotlint_result_delete(result);
}

static void test_hot204_set_display(void **state) {
  expect_fix(
      *state, "HOT204", "def kind(x):\n    return x in [\"a\", \"b\", -1]\n",
      "def kind(x):\n    return x in {\"a\", \"b\", -1}\n", HOTLINT_FIX_UNSAFE);
}

static void test_hot208_drops_brackets(void **state) {
  expect_fix(*state, "HOT208",
             "def f(values):\n    return any([v < 0 for v in values])\n",
             "def f(values):\n    return any(v < 0 for v in values)\n",
             HOTLINT_FIX_SAFE);
  expect_fix(*state, "HOT208",
             "def f(w):\n    return max([len(x) for x in w], default=0)\n",
             "def f(w):\n    return max((len(x) for x in w), default=0)\n",
             HOTLINT_FIX_SAFE);
}

static void test_hot501_bounds_cache(void **state) {
  expect_fix(*state, "HOT501",
             "from functools import lru_cache\n\n\n"
             "@lru_cache(maxsize=None)\ndef f(n):\n    return n\n",
             "from functools import lru_cache\n\n\n"
             "@lru_cache(maxsize=128)\ndef f(n):\n    return n\n",
             HOTLINT_FIX_UNSAFE);
  expect_fix(*state, "HOT501",
             "import functools\n\n\n@functools.cache\ndef f(n):\n"
             "    return n\n",
             "import functools\n\n\n@functools.lru_cache(maxsize=128)\n"
             "def f(n):\n    return n\n",
             HOTLINT_FIX_UNSAFE);
  expect_fix(*state, "HOT501",
             "from functools import cache, lru_cache\n\n\n@cache\ndef f(n):\n"
             "    return n\n",
             "from functools import cache, lru_cache\n\n\n"
             "@lru_cache(maxsize=128)\ndef f(n):\n    return n\n",
             HOTLINT_FIX_UNSAFE);
}

static void test_unsafe_needs_opt_in(void **state) {
  fixture *f = *state;
  const char *source = "import functools\n\n\n@functools.cache\ndef f(n):\n"
                       "    return n\n";
  hotlint_result *result =
      hotlint_check(f->checker, "t.py", source, strlen(source), NULL);
  hl_strbuf out = {0};
  hl_fix_dropped dropped = {0};
  assert_int_equal(hl_fix_apply(f->checker, source, strlen(source), result,
                                false, true, &out, &dropped),
                   0);
  assert_int_equal(out.len, 0);
  hotlint_result_delete(result);
  hl_strbuf_free(&out);
}

static void test_unparsable_fix_is_dropped(void **state) {
  fixture *f = *state;
  const char *source = "print(1)\n";
  hotlint_result *result =
      hotlint_check(f->checker, "t.py", source, strlen(source), NULL);
  assert_int_equal(count_code(result, "HOT991"), 1);
  hl_strbuf out = {0};
  hl_fix_dropped dropped = {0};
  assert_int_equal(hl_fix_apply(f->checker, source, strlen(source), result,
                                true, true, &out, &dropped),
                   0);
  assert_int_equal(dropped.count, 1);
  assert_string_equal(dropped.codes[0], "HOT991");
  hl_fix_dropped_free(&dropped);
  hotlint_result_delete(result);
  hl_strbuf_free(&out);
}

static void test_overlapping_fixes_wait(void **state) {
  fixture *f = *state;
  /* HOT208 around a HOT204 list: both fixes apply (HOT204's is unsafe),
   * they do not overlap */
  const char *source = "def f(xs):\n"
                       "    return any([x in [1, 2, 3] for x in xs])\n";
  hotlint_result *result =
      hotlint_check(f->checker, "t.py", source, strlen(source), NULL);
  hl_strbuf out = {0};
  hl_fix_dropped dropped = {0};
  assert_int_equal(hl_fix_apply(f->checker, source, strlen(source), result,
                                true, true, &out, &dropped),
                   2);
  assert_string_equal(hl_strbuf_cstr(&out),
                      "def f(xs):\n"
                      "    return any(x in {1, 2, 3} for x in xs)\n");
  hotlint_result_delete(result);
  hl_strbuf_free(&out);
}

static void test_diff(void **state) {
  (void)state;
  const char *before = "a\nb\nc\nd\ne\nf\ng\nh\ni\nj\nk\nl\nm\n";
  const char *after = "a\nB\nc\nd\ne\nf\ng\nh\ni\nj\nk\nl\nM\nn";
  hl_strbuf out = {0};
  hl_fix_diff(&out, "x.py", before, strlen(before), after, strlen(after));
  assert_string_equal(hl_strbuf_cstr(&out),
                      "--- a/x.py\n+++ b/x.py\n"
                      "@@ -1,5 +1,5 @@\n"
                      " a\n-b\n+B\n c\n d\n e\n"
                      "@@ -10,4 +10,5 @@\n"
                      " j\n k\n l\n-m\n+M\n"
                      "+n\n\\ No newline at end of file\n");
  hl_strbuf_clear(&out);
  hl_fix_diff(&out, "x.py", before, strlen(before), before, strlen(before));
  assert_int_equal(out.len, 0);
  hl_fix_diff(&out, "x.py", "x\n", 2, "y\nx\n", 4);
  assert_string_equal(hl_strbuf_cstr(&out),
                      "--- a/x.py\n+++ b/x.py\n@@ -1 +1,2 @@\n+y\n x\n");
  hl_strbuf_free(&out);
}

static void expect_rule_error(const char *text, const char *message) {
  hotlint_engine *engine = hotlint_engine_new();
  hotlint_error error = {{0}};
  assert_false(hotlint_engine_load_rule_text(engine, "r.yaml", text,
                                             strlen(text), &error));
  assert_non_null(strstr(error.message, message));
  hotlint_engine_delete(engine);
}

static void test_rule_fix_errors(void **state) {
  (void)state;
  const char *head = "id: HOT990\nname: x\nsummary: s\nmessage: m\n"
                     "match:\n  query: \"(call) @c\"\n";
  char text[512];
  snprintf(text, sizeof text,
           "%sfix:\n  message: m\n  applicability: safe\n  replac: x\n", head);
  expect_rule_error(text, "r.yaml:10:3: unknown field 'fix.replac'");
  snprintf(text, sizeof text,
           "%sfix:\n  message: m\n  applicability: maybe\n  replace: x\n",
           head);
  expect_rule_error(text, "r.yaml:9:18: bad applicability 'maybe'");
  snprintf(text, sizeof text,
           "%sfix:\n  message: m\n  applicability: safe\n  replace: x\n"
           "  target: nope\n",
           head);
  expect_rule_error(text, "targets 'nope', which the query does not capture");
  snprintf(text, sizeof text, "%sfix:\n  message: m\n  applicability: safe\n",
           head);
  expect_rule_error(text, "needs 'replace' or 'edits'");
  expect_rule_error("id: HOT990\nname: x\nsummary: s\nmessage: m\n"
                    "check: string_concat\nfix:\n  message: m\n"
                    "  applicability: safe\n  replace: x\n",
                    "the native check 'string_concat' makes its own edits");
}

int main(void) {
  const struct CMUnitTest tests[] = {
      cmocka_unit_test(test_hot102_hoists_local),
      cmocka_unit_test(test_hot102_method_goes_before_class),
      cmocka_unit_test(test_hot102_no_fix_when_name_is_global),
      cmocka_unit_test(test_hot204_set_display),
      cmocka_unit_test(test_hot208_drops_brackets),
      cmocka_unit_test(test_hot501_bounds_cache),
      cmocka_unit_test(test_unsafe_needs_opt_in),
      cmocka_unit_test(test_unparsable_fix_is_dropped),
      cmocka_unit_test(test_overlapping_fixes_wait),
      cmocka_unit_test(test_diff),
      cmocka_unit_test(test_rule_fix_errors),
  };
  return cmocka_run_group_tests(tests, setup, teardown);
}
