/* The public API end to end on buffers: selection, target version, noqa,
 * positions (code points, BOM, CRLF), problems (syntax error, invalid
 * UTF-8, NUL), hotness and severity, query predicates, parse-only. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>

#include <cmocka.h>

#include "hotlint/hotlint.h"

#include "base/strbuf.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

typedef struct fixture {
  hotlint_engine *engine;
  hotlint_checker *checker;
  bool *enabled;
  size_t rule_count;
} fixture;

static int setup(void **state) {
  fixture *f = calloc(1, sizeof *f);
  hotlint_error error;
  f->engine = hotlint_engine_new();
  /* a query rule with predicates, next to the built-in rules */
  const char *rule =
      "id: HOT990\nname: print-call\nsummary: s\nmessage: \"{fn} in "
      "{function}\"\nseverity: info\nmatch:\n  query: |\n"
      "    (call function: (identifier) @fn (#any-of? @fn \"print\" "
      "\"pprint\"))\n"
      "    (call function: (attribute attribute: (identifier) @fn) "
      "(#match? @fn \"^log_[a-z]+$\"))\n";
  if (!hotlint_engine_load_builtin_rules(f->engine, &error) ||
      !hotlint_engine_load_rule_text(f->engine, "t.yaml", rule, strlen(rule),
                                     &error) ||
      !hotlint_engine_compile(f->engine, &error)) {
    fprintf(stderr, "%s\n", error.message);
    return -1;
  }
  f->checker = hotlint_checker_new(f->engine);
  f->rule_count = hotlint_engine_rule_count(f->engine);
  f->enabled = calloc(f->rule_count, sizeof(bool));
  *state = f;
  return 0;
}

static int teardown(void **state) {
  fixture *f = *state;
  hotlint_checker_delete(f->checker);
  hotlint_engine_delete(f->engine);
  free(f->enabled);
  free(f);
  return 0;
}

static hotlint_result *check(fixture *f, const char *source, size_t length,
                             const char *select, int target) {
  const char *selectors[] = {select};
  hotlint_error error;
  assert_true(hotlint_select_rules(f->engine, select ? selectors : NULL,
                                   select ? 1 : 0, NULL, 0, NULL, 0, f->enabled,
                                   &error));
  hotlint_check_options options = {target, f->enabled};
  return hotlint_check(f->checker, "t.py", source, length, &options);
}

static hotlint_result *check_text(fixture *f, const char *source,
                                  const char *select) {
  return check(f, source, strlen(source), select, 0);
}

static void selects_by_code_name_prefix_and_all(void **state) {
  fixture *f = *state;
  hotlint_error error;
  const char *by_name[] = {"import-in-function"};
  assert_true(hotlint_select_rules(f->engine, by_name, 1, NULL, 0, NULL, 0,
                                   f->enabled, &error));
  assert_true(f->enabled[hotlint_engine_find_rule(f->engine, "HOT101")]);
  assert_false(f->enabled[hotlint_engine_find_rule(f->engine, "HOT102")]);
  const char *prefix[] = {"HOT1"};
  const char *ignore[] = {"HOT104"};
  const char *extend[] = {"HOT201"};
  assert_true(hotlint_select_rules(f->engine, prefix, 1, extend, 1, ignore, 1,
                                   f->enabled, &error));
  assert_true(f->enabled[hotlint_engine_find_rule(f->engine, "HOT103")]);
  assert_false(f->enabled[hotlint_engine_find_rule(f->engine, "HOT104")]);
  assert_true(f->enabled[hotlint_engine_find_rule(f->engine, "HOT201")]);
  assert_false(f->enabled[hotlint_engine_find_rule(f->engine, "HOT301")]);
  const char *all[] = {"ALL"};
  assert_true(hotlint_select_rules(f->engine, all, 1, NULL, 0, NULL, 0,
                                   f->enabled, &error));
  for (size_t i = 0; i < f->rule_count; i++)
    assert_true(f->enabled[i]);
  const char *unknown[] = {"HOT7"};
  assert_false(hotlint_select_rules(f->engine, unknown, 1, NULL, 0, NULL, 0,
                                    f->enabled, &error));
  assert_non_null(strstr(error.message, "unknown rule selector 'HOT7'"));
}

static void target_version_gates_rules(void **state) {
  fixture *f = *state;
  const char *source = "def f(out, xs):\n"
                       "    append = out.append\n"
                       "    for x in xs:\n"
                       "        append(x)\n";
  hotlint_result *result = check(f, source, strlen(source), "HOT104", 11);
  assert_int_equal(hotlint_result_count(result), 1);
  hotlint_result_delete(result);
  result = check(f, source, strlen(source), "HOT104", 10);
  assert_int_equal(hotlint_result_count(result), 0);
  hotlint_result_delete(result);
}

static void hot_only_can_be_overridden(void **state) {
  fixture *f = *state;
  const char *source = "def once():\n"
                       "    import os\n";
  hotlint_result *result = check_text(f, source, "HOT101");
  assert_int_equal(hotlint_result_count(result), 0); /* warm: hot-only */
  hotlint_result_delete(result);
  signed char *hot_only = malloc(f->rule_count);
  memset(hot_only, -1, f->rule_count);
  hot_only[hotlint_engine_find_rule(f->engine, "HOT101")] = 0;
  hotlint_check_options options = {0, f->enabled, NULL, 0, hot_only};
  result = hotlint_check(f->checker, "t.py", source, strlen(source), &options);
  assert_int_equal(hotlint_result_count(result), 1);
  assert_int_equal(hotlint_result_finding(result, 0)->hotness, HOTLINT_WARM);
  hotlint_result_delete(result);
  free(hot_only);
}

static void noqa_suppresses(void **state) {
  fixture *f = *state;
  const char *source = "def f(xs):\n"
                       "    for x in xs:\n"
                       "        import os  # noqa\n"
                       "        import re  # noqa: HOT101\n"
                       "        import io  # noqa: HOT201\n"
                       "        import json\n";
  hotlint_result *result = check_text(f, source, "HOT101");
  assert_int_equal(hotlint_result_count(result), 2);
  assert_int_equal(hotlint_result_finding(result, 0)->start.line, 5);
  assert_int_equal(hotlint_result_finding(result, 1)->start.line, 6);
  assert_int_equal(hotlint_result_suppressed_count(result), 2);
  hotlint_result_delete(result);

  const char *file_level = "# hotlint: noqa\n"
                           "def f(xs):\n"
                           "    for x in xs:\n"
                           "        import os\n";
  result = check_text(f, file_level, "HOT101");
  assert_int_equal(hotlint_result_count(result), 0);
  hotlint_result_delete(result);
  /* not alone on its line: not a file-level directive */
  const char *trailing = "x = 1  # hotlint: noqa\n"
                         "def f(xs):\n"
                         "    for x in xs:\n"
                         "        import os\n";
  result = check_text(f, trailing, "HOT101");
  assert_int_equal(hotlint_result_count(result), 1);
  hotlint_result_delete(result);
}

static void positions_count_code_points(void **state) {
  fixture *f = *state;
  /* BOM, then accents, CJK and an emoji before the finding on its line */
  const char *source = "\xEF\xBB\xBF"
                       "def f(xs):\r\n"
                       "    for x in xs:\r\n"
                       "        s = \"\xC3\xA9\xE6\xBC\xA2\xF0\x9F\x98\x80\"; "
                       "print(s)\r\n";
  hotlint_result *result = check_text(f, source, "HOT990");
  assert_int_equal(hotlint_result_problem_count(result), 0);
  assert_int_equal(hotlint_result_count(result), 1);
  const hotlint_finding *finding = hotlint_result_finding(result, 0);
  assert_int_equal(finding->start.line, 3);
  /* `        s = "é漢😀"; ` is 19 code points: print starts at column 20 */
  assert_int_equal(finding->start.column, 20);
  assert_int_equal(finding->start.line_byte, 25);
  assert_int_equal(finding->end.column, 28);
  assert_string_equal(finding->message, "print in f");
  hotlint_result_delete(result);
}

static void predicates_filter_matches(void **state) {
  fixture *f = *state;
  const char *source = "def g():\n"
                       "    print(1)\n"
                       "    pprint(2)\n"
                       "    echo(3)\n"
                       "    self.log_info(4)\n"
                       "    self.log_Info(5)\n";
  hotlint_result *result = check_text(f, source, "HOT990");
  assert_int_equal(hotlint_result_count(result), 3);
  assert_int_equal(hotlint_result_finding(result, 0)->start.line, 2);
  assert_int_equal(hotlint_result_finding(result, 1)->start.line, 3);
  assert_int_equal(hotlint_result_finding(result, 2)->start.line, 5);
  hotlint_result_delete(result);
}

static void problems_do_not_stop_the_analysis(void **state) {
  fixture *f = *state;
  const char *broken = "def f(:\n"
                       "    pass\n"
                       "def g(xs):\n"
                       "    for x in xs:\n"
                       "        import os\n";
  hotlint_result *result = check_text(f, broken, "HOT101");
  assert_int_equal(hotlint_result_problem_count(result), 1);
  const hotlint_problem *problem = hotlint_result_problem(result, 0);
  assert_non_null(strstr(problem->message, "syntax error"));
  assert_int_equal(problem->start.line, 1);
  assert_int_equal(hotlint_result_count(result), 1);
  assert_int_equal(hotlint_result_finding(result, 0)->start.line, 5);
  hotlint_result_delete(result);

  const char bad_utf8[] = "x = '\xFF'\n";
  result = check(f, bad_utf8, sizeof bad_utf8 - 1, NULL, 0);
  assert_int_equal(hotlint_result_problem_count(result), 1);
  assert_string_equal(hotlint_result_problem(result, 0)->message,
                      "invalid UTF-8 (byte 0xFF)");
  assert_int_equal(hotlint_result_problem(result, 0)->start.column, 6);
  hotlint_result_delete(result);

  const char nul[] = "x = 1\n\0y = 2\n";
  result = check(f, nul, sizeof nul - 1, NULL, 0);
  assert_true(hotlint_result_problem_count(result) >= 1);
  assert_non_null(strstr(hotlint_result_problem(result, 0)->message, "NUL"));
  assert_int_equal(hotlint_result_problem(result, 0)->start.line, 2);
  hotlint_result_delete(result);

  result = check(f, "", 0, NULL, 0);
  assert_int_equal(hotlint_result_count(result), 0);
  assert_int_equal(hotlint_result_problem_count(result), 0);
  hotlint_result_delete(result);
}

/* LF, CRLF and lone CR line endings give the same findings at the same
 * lines and columns (Python accepts all three; tree-sitter-python parses
 * lone CRs only because the engine shows it LFs there). */
static void line_endings_give_the_same_findings(void **state) {
  fixture *f = *state;
  const char *const texts[] = {
      "def load(items):\n    for item in items:\n        import json\n",
      "def load(items):\r\n    for item in items:\r\n        import json\r\n",
      "def load(items):\r    for item in items:\r        import json\r",
      "\xEF\xBB\xBF" /* a BOM before the code: columns unchanged */
      "def load(items):\n    for item in items:\n        import json\n",
  };
  for (size_t i = 0; i < sizeof texts / sizeof texts[0]; i++) {
    hotlint_result *result = check_text(f, texts[i], "HOT101");
    assert_int_equal(hotlint_result_problem_count(result), 0);
    assert_int_equal(hotlint_result_count(result), 1);
    const hotlint_finding *finding = hotlint_result_finding(result, 0);
    assert_int_equal(finding->start.line, 3);
    assert_int_equal(finding->start.column, 9);
    assert_int_equal(finding->end.line, 3);
    assert_int_equal(finding->end.column, 20);
    hotlint_result_delete(result);
  }
  /* a BOM alone is an empty module */
  hotlint_result *result = check_text(f, "\xEF\xBB\xBF", NULL);
  assert_int_equal(hotlint_result_count(result), 0);
  assert_int_equal(hotlint_result_problem_count(result), 0);
  hotlint_result_delete(result);
}

/* time_limit_ms stops a check that takes longer: a problem says so, there
 * are no findings, and the checker works normally afterwards (a cancelled
 * parse must not be resumed by the next one). */
static void time_limit_stops_a_slow_check(void **state) {
  fixture *f = *state;
  hl_strbuf big = {0};
  hl_strbuf_printf(&big, "def f(xs):\n    for x in xs:\n        import os\n");
  for (int i = 0; i < 200000; i++)
    hl_strbuf_printf(&big, "v%d = [w for w in range(%d)]\n", i, i);
  hotlint_check_options options = {0};
  options.time_limit_ms = 1;
  hotlint_result *result =
      hotlint_check(f->checker, "big.py", big.data, big.len, &options);
  assert_true(hotlint_result_timed_out(result));
  assert_int_equal(hotlint_result_count(result), 0);
  assert_int_equal(hotlint_result_problem_count(result), 1);
  assert_non_null(strstr(hotlint_result_problem(result, 0)->message,
                         "stopped at the time limit of 1 ms per file"));
  hotlint_result_delete(result);
  hl_strbuf_free(&big);

  result = check_text(f, "def g(xs):\n    for x in xs:\n        import os\n",
                      "HOT101");
  assert_false(hotlint_result_timed_out(result));
  assert_int_equal(hotlint_result_problem_count(result), 0);
  assert_int_equal(hotlint_result_count(result), 1);
  hotlint_result_delete(result);
}

static void hotness_moves_severity(void **state) {
  fixture *f = *state;
  const char *source = "print(0)\n"
                       "def warm():\n"
                       "    print(1)\n"
                       "class C:\n"
                       "    def __eq__(self, other):\n"
                       "        print(2)\n"
                       "def marked():  # hotlint: hot\n"
                       "    print(3)\n"
                       "def callee():\n"
                       "    print(4)\n"
                       "def caller(xs):\n"
                       "    for x in xs:\n"
                       "        callee()\n";
  hotlint_result *result = check_text(f, source, "HOT990");
  assert_int_equal(hotlint_result_count(result), 5);
  const hotlint_finding *cold = hotlint_result_finding(result, 0);
  assert_int_equal(cold->hotness, HOTLINT_COLD);
  assert_int_equal(cold->severity, HOTLINT_SEVERITY_HINT);
  const hotlint_finding *warm = hotlint_result_finding(result, 1);
  assert_int_equal(warm->hotness, HOTLINT_WARM);
  assert_int_equal(warm->severity, HOTLINT_SEVERITY_INFO);
  const hotlint_finding *dunder = hotlint_result_finding(result, 2);
  assert_int_equal(dunder->hotness, HOTLINT_HOT);
  assert_int_equal(dunder->severity, HOTLINT_SEVERITY_WARNING);
  assert_non_null(strstr(dunder->reasons[0], "`__eq__` is called implicitly"));
  const hotlint_finding *marked = hotlint_result_finding(result, 3);
  assert_int_equal(marked->hotness, HOTLINT_HOT);
  assert_string_equal(marked->reasons[0], "marked `# hotlint: hot`");
  const hotlint_finding *called = hotlint_result_finding(result, 4);
  assert_int_equal(called->hotness, HOTLINT_HOT);
  assert_string_equal(called->reasons[0],
                      "called in a loop at line 13 (`callee(...)`)");
  hotlint_result_delete(result);
}

static void user_hot_functions_match_name_class_and_path(void **state) {
  fixture *f = *state;
  const char *source = "def parse():\n"
                       "    print(1)\n"
                       "class Store:\n"
                       "    def load(self):\n"
                       "        print(2)\n"
                       "def load():\n"
                       "    print(3)\n";
  const hotlint_hot_function hot[] = {
      {"parse", "/srv/project/pkg/t.py", "from the profile"},
      {"Store.load", NULL, "listed in hot-functions"},
      {"load", "other.py", "elsewhere"},
  };
  const char *selectors[] = {"HOT990"};
  hotlint_error error;
  assert_true(hotlint_select_rules(f->engine, selectors, 1, NULL, 0, NULL, 0,
                                   f->enabled, &error));
  hotlint_check_options options = {0, f->enabled, hot, 3};
  hotlint_result *result =
      hotlint_check(f->checker, "pkg/t.py", source, strlen(source), &options);
  assert_int_equal(hotlint_result_count(result), 3);
  const hotlint_finding *parse = hotlint_result_finding(result, 0);
  assert_int_equal(parse->hotness, HOTLINT_HOT);
  assert_string_equal(parse->reasons[0], "from the profile");
  const hotlint_finding *method = hotlint_result_finding(result, 1);
  assert_int_equal(method->hotness, HOTLINT_HOT);
  assert_string_equal(method->reasons[0], "listed in hot-functions");
  /* `load` at module level is not Store.load, and other.py is not t.py */
  assert_int_equal(hotlint_result_finding(result, 2)->hotness, HOTLINT_WARM);
  hotlint_result_delete(result);
}

static void global_rebinding_points_at_the_declaration(void **state) {
  fixture *f = *state;
  const char *source = "COUNT = 0\n"
                       "def bump():\n"
                       "    global COUNT\n"
                       "    COUNT += 1\n";
  hotlint_result *result = check_text(f, source, "HOT103");
  assert_int_equal(hotlint_result_count(result), 1);
  const hotlint_finding *finding = hotlint_result_finding(result, 0);
  assert_int_equal(finding->start.line, 4);
  assert_int_equal(finding->related_count, 1);
  assert_int_equal(finding->related[0].start.line, 3);
  assert_int_equal(finding->related[0].start.column, 5);
  hotlint_result_delete(result);
}

static void deep_nesting_does_not_overflow(void **state) {
  fixture *f = *state;
  enum { DEPTH = 5000 };
  char *source = malloc(DEPTH * 2 + 16);
  size_t n = 0;
  memcpy(source + n, "x = ", 4), n += 4;
  for (int i = 0; i < DEPTH; i++)
    source[n++] = '(';
  source[n++] = '1';
  for (int i = 0; i < DEPTH; i++)
    source[n++] = ')';
  source[n++] = '\n';
  hotlint_result *result = check(f, source, n, NULL, 0);
  assert_non_null(result);
  hotlint_result_delete(result);
  assert_true(hotlint_parse_only(f->checker, source, n) >= 0);
  free(source);
}

/* The walk skips the named leaves nothing looks at (identifiers, string
 * parts, numbers): a query rooted at one of those kinds must still see
 * every one of them, with the built-in rules active beside it. */
static void queries_rooted_at_leaves_see_every_leaf(void **state) {
  (void)state;
  const char *kinds[] = {"identifier", "integer", "string_content",
                         "escape_sequence", "true"};
  const char *source = "def f(a):\n"
                       "    seen = [1, 2]\n"
                       "    for x in a:\n"
                       "        if x in seen and True:\n"
                       "            print('a\\n', x + 3)\n";
  const size_t expected[] = {9, 3, 1, 1, 1};
  for (size_t k = 0; k < sizeof kinds / sizeof kinds[0]; k++) {
    char rule[256];
    snprintf(rule, sizeof rule,
             "id: HOT991\nname: leaf\nsummary: s\nmessage: m\n"
             "severity: info\nmatch:\n  query: \"(%s) @leaf\"\n",
             kinds[k]);
    hotlint_engine *engine = hotlint_engine_new();
    hotlint_error error;
    assert_true(hotlint_engine_load_builtin_rules(engine, &error));
    assert_true(hotlint_engine_load_rule_text(engine, "l.yaml", rule,
                                              strlen(rule), &error));
    assert_true(hotlint_engine_compile(engine, &error));
    hotlint_checker *checker = hotlint_checker_new(engine);
    size_t count = hotlint_engine_rule_count(engine);
    bool *enabled = calloc(count, sizeof(bool));
    for (size_t i = 0; i < count; i++)
      enabled[i] = true;
    hotlint_check_options options = {0, enabled};
    hotlint_result *result =
        hotlint_check(checker, "t.py", source, strlen(source), &options);
    size_t leaves = 0;
    for (size_t i = 0; i < hotlint_result_count(result); i++)
      if (!strcmp(hotlint_result_finding(result, i)->code, "HOT991"))
        leaves++;
    if (leaves != expected[k])
      fail_msg("(%s): %zu findings, expected %zu", kinds[k], leaves,
               expected[k]);
    hotlint_result_delete(result);
    free(enabled);
    hotlint_checker_delete(checker);
    hotlint_engine_delete(engine);
  }
}

int main(void) {
  const struct CMUnitTest tests[] = {
      cmocka_unit_test(selects_by_code_name_prefix_and_all),
      cmocka_unit_test(target_version_gates_rules),
      cmocka_unit_test(hot_only_can_be_overridden),
      cmocka_unit_test(noqa_suppresses),
      cmocka_unit_test(positions_count_code_points),
      cmocka_unit_test(predicates_filter_matches),
      cmocka_unit_test(problems_do_not_stop_the_analysis),
      cmocka_unit_test(line_endings_give_the_same_findings),
      cmocka_unit_test(time_limit_stops_a_slow_check),
      cmocka_unit_test(hotness_moves_severity),
      cmocka_unit_test(user_hot_functions_match_name_class_and_path),
      cmocka_unit_test(global_rebinding_points_at_the_declaration),
      cmocka_unit_test(deep_nesting_does_not_overflow),
      cmocka_unit_test(queries_rooted_at_leaves_see_every_leaf),
  };
  return cmocka_run_group_tests(tests, setup, teardown);
}
