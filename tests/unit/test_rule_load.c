/* Rule loading and rule-set compilation: the YAML fields, and errors that
 * name the file, line and column (libyaml marks, query offsets). */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>

#include <cmocka.h>

#include "hotlint/hotlint.h"
#include "rules/rule.h"

#include <stdio.h>
#include <string.h>

static const char minimal[] = "id: HOT900\n"
                              "name: test-rule\n"
                              "summary: A test.\n"
                              "message: \"found {call}\"\n"
                              "severity: error\n"
                              "python: \">=3.9,<3.12\"\n"
                              "hot-only: true\n"
                              "match:\n"
                              "  query: |\n"
                              "    (call) @call\n"
                              "  inside: [function, loop]\n"
                              "  not-inside: type-checking\n"
                              "tests:\n"
                              "  valid: [\"x = 1\\n\"]\n"
                              "  invalid:\n"
                              "    - |\n"
                              "      f()\n";

static void loads_every_field(void **state) {
  (void)state;
  hotlint_error error;
  hl_rule *rule = hl_rule_parse("t.yaml", minimal, strlen(minimal), &error);
  assert_non_null(rule);
  assert_string_equal(rule->info.code, "HOT900");
  assert_string_equal(rule->info.name, "test-rule");
  assert_int_equal(rule->info.severity, HOTLINT_SEVERITY_ERROR);
  assert_int_equal(rule->info.python_min, 9);
  assert_int_equal(rule->info.python_max, 12);
  assert_true(rule->info.hot_only);
  assert_string_equal(rule->query, "(call) @call\n");
  assert_int_equal(rule->query_line, 10);
  assert_int_equal(rule->inside, HL_CONTEXT_FUNCTION | HL_CONTEXT_LOOP);
  assert_int_equal(rule->not_inside, HL_CONTEXT_TYPE_CHECKING);
  assert_int_equal(rule->valid.count, 1);
  assert_string_equal(rule->valid.items[0], "x = 1\n");
  assert_int_equal(rule->invalid.count, 1);
  assert_string_equal(rule->invalid.items[0], "f()\n");
  hl_rule_delete(rule);
}

static void expect_error(const char *text, const char *expected) {
  hotlint_error error;
  hl_rule *rule = hl_rule_parse("rules/bad.yaml", text, strlen(text), &error);
  assert_null(rule);
  if (!strstr(error.message, expected))
    fail_msg("error '%s' lacks '%s'", error.message, expected);
}

static void reports_file_line_and_column(void **state) {
  (void)state;
  expect_error("id: HOT900\nname: x\nqurey: 1\n",
               "rules/bad.yaml:3:1: unknown field 'qurey'");
  expect_error("id: HOT900\nname: [unclosed\n", "rules/bad.yaml:3:1:");
  expect_error("id: HOT9\n", "rules/bad.yaml:1:5: bad id 'HOT9'");
  expect_error("id: HOT900\nname: Not_Kebab\n", "2:7: bad name 'Not_Kebab'");
  expect_error("id: HOT900\nseverity: loud\n", "2:11: bad severity");
  expect_error("id: HOT900\npython: \"3.11\"\n", "2:9: bad python range");
  expect_error("id: HOT900\nname: a\nmatch:\n  inside: orbit\n  query: x\n",
               "4:11: unknown context 'orbit'");
  expect_error("id: HOT900\nname: a\nsummary: s\nmessage: m\n",
               "a rule needs 'match.query' or 'check'");
  expect_error("name: a\nsummary: s\nmessage: m\ncheck: c\n",
               "missing field 'id'");
  expect_error("id: HOT900\nbenchmark: {}\n",
               "2:12: 'benchmark' needs 'before' and 'after'");
  expect_error("id: HOT900\nbenchmark: [1]\n",
               "2:12: 'benchmark' must be a mapping");
  expect_error("id: HOT900\nbenchmark:\n  before: x\n  after: y\n  loops: 3\n",
               "5:3: unknown field 'benchmark.loops'");
  expect_error("id: HOT900\nbenchmark:\n  before: x\n  after: y\n"
               "  sizes: [10, 0]\n",
               "5:15: a benchmark size must be a whole number");
  expect_error("id: HOT900\nbenchmark:\n  before: x\n  after: y\n"
               "  sizes: [1, 2, 3, 4, 5, 6, 7]\n",
               "5:29: at most 6 benchmark sizes");
  expect_error("- just\n- a list\n", "1:1: a rule file must be a mapping");
  expect_error("", "empty rule file");
}

static void loads_a_benchmark(void **state) {
  (void)state;
  static const char text[] = "id: HOT900\n"
                             "name: b\n"
                             "summary: s\n"
                             "message: m\n"
                             "check: c\n"
                             "benchmark:\n"
                             "  setup: xs = list(range(n))\n"
                             "  before: return sum([x for x in xs])\n"
                             "  after: return sum(x for x in xs)\n"
                             "  sizes: [10, 1000]\n";
  hotlint_error error;
  hl_rule *rule = hl_rule_parse("t.yaml", text, strlen(text), &error);
  assert_non_null(rule);
  assert_true(rule->benchmark.present);
  assert_string_equal(rule->benchmark.setup, "xs = list(range(n))");
  assert_string_equal(rule->benchmark.before, "return sum([x for x in xs])");
  assert_string_equal(rule->benchmark.after, "return sum(x for x in xs)");
  assert_int_equal(rule->benchmark.size_count, 2);
  assert_int_equal(rule->benchmark.sizes[1], 1000);
  hl_rule_delete(rule);
  /* setup and sizes are optional */
  static const char bare[] = "id: HOT900\nname: b\nsummary: s\nmessage: m\n"
                             "check: c\nbenchmark: {before: return 1, after: "
                             "return 1}\n";
  rule = hl_rule_parse("t.yaml", bare, strlen(bare), &error);
  assert_non_null(rule);
  assert_string_equal(rule->benchmark.setup, "");
  assert_int_equal(rule->benchmark.size_count, 1);
  assert_int_equal(rule->benchmark.sizes[0], 1000);
  hl_rule_delete(rule);
}

static void parses_version_ranges(void **state) {
  (void)state;
  int low, high;
  assert_true(hl_parse_python_range(">=3.11", &low, &high));
  assert_int_equal(low, 11);
  assert_int_equal(high, 0);
  assert_true(hl_parse_python_range("<3.11", &low, &high));
  assert_int_equal(low, 0);
  assert_int_equal(high, 11);
  assert_true(hl_parse_python_range(">=3.8, <3.11", &low, &high));
  assert_int_equal(low, 8);
  assert_int_equal(high, 11);
  assert_true(hl_parse_python_range("==3.10", &low, &high));
  assert_int_equal(low, 10);
  assert_int_equal(high, 11);
  assert_false(hl_parse_python_range("3.11", &low, &high));
  assert_false(hl_parse_python_range(">=2.7", &low, &high));
  assert_false(hl_parse_python_range(">=3.", &low, &high));
  assert_int_equal(hl_parse_target_version("py311"), 11);
  assert_int_equal(hl_parse_target_version("py38"), 8);
  assert_int_equal(hl_parse_target_version("py314"), 14);
  assert_int_equal(hl_parse_target_version("py37"), -1);
  assert_int_equal(hl_parse_target_version("py311x"), -1);
  assert_int_equal(hl_parse_target_version("3.11"), -1);
}

/* Compiles one rule with the given query and returns the error. */
static bool compile_query(const char *query, hotlint_error *error) {
  char text[1024];
  snprintf(text, sizeof text,
           "id: HOT901\nname: q\nsummary: s\nmessage: m\nmatch:\n"
           "  query: |\n%s",
           query);
  hotlint_engine *engine = hotlint_engine_new();
  bool ok = hotlint_engine_load_rule_text(engine, "rules/q.yaml", text,
                                          strlen(text), error) &&
            hotlint_engine_compile(engine, error);
  hotlint_engine_delete(engine);
  return ok;
}

static void reports_query_errors_with_offsets(void **state) {
  (void)state;
  hotlint_error error;
  assert_true(compile_query("    (call function: (identifier) @f)\n", &error));
  assert_false(compile_query("    (call (nosuchkind))\n", &error));
  /* the query starts on line 7, column 5 of the file; the bad kind at
   * offset 7 of the query */
  assert_non_null(strstr(error.message, "rules/q.yaml:7:12: invalid query: "
                                        "unknown node kind at offset 7"));
  assert_false(
      compile_query("    (call\n      nofield: (identifier))\n", &error));
  assert_non_null(strstr(error.message, "rules/q.yaml:8:"));
  assert_non_null(strstr(error.message, "unknown field"));
  assert_false(compile_query("    (call (identifier)\n", &error));
  assert_non_null(strstr(error.message, "invalid query"));
  assert_false(
      compile_query("    ((identifier) @x (#frob? @x \"a\"))\n", &error));
  assert_non_null(
      strstr(error.message, "unsupported query predicate '#frob?'"));
  assert_false(compile_query("    [(call) (identifier)]\n", &error));
  assert_non_null(strstr(error.message, "rooted at a named node kind"));
  /* found by fuzzing: ERROR's symbol lies outside the grammar's table */
  assert_false(compile_query("    (ERROR) @e\n", &error));
  assert_non_null(
      strstr(error.message, "a pattern cannot start at an ERROR node"));
  /* found by fuzzing: tree-sitter 0.25.1's query parser overflows its steps
   * array on a field holding a predicate; it must never see one, also
   * across a comment, nor mistake one inside a string */
  assert_false(
      compile_query("    (call function: (#eq? @f \"a\")) @c\n", &error));
  assert_non_null(strstr(error.message, "rules/q.yaml:7:11: invalid query: a "
                                        "field cannot hold a predicate"));
  assert_false(compile_query(
      "    (call\n      arguments: ; note\n        ( #match? @a \"x\")) @c\n",
      &error));
  assert_non_null(strstr(error.message, "a field cannot hold a predicate"));
  assert_true(
      compile_query("    ((string) @s (#eq? @s \"key: (#x\"))\n", &error));
  /* found by fuzzing: two quantifiers on one pattern make a cycle in
   * tree-sitter 0.25.1's query parser, which then never returns */
  assert_false(compile_query("    (call (identifier)+ @i *) @c\n", &error));
  assert_non_null(strstr(error.message, "rules/q.yaml:7:28: invalid query: a "
                                        "pattern takes one quantifier"));
  assert_false(compile_query("    (call (_)?? @a) @c\n", &error));
  assert_non_null(strstr(error.message, "a pattern takes one quantifier"));
  assert_true(compile_query(
      "    (call (_)? @a (argument_list (_)* @b) @l) @c\n", &error));
  assert_true(
      compile_query("    ((identifier) @x (#match? @x \"^a?b*$\"))\n", &error));
}

static void callee_prefilter_needs_call_patterns(void **state) {
  (void)state;
  hotlint_error error;
  const char *good = "id: HOT904\nname: c\nsummary: s\nmessage: m\n"
                     "match:\n  query: \"(call) @c\"\n  callee: [pop]\n";
  const char *bad = "id: HOT905\nname: d\nsummary: s\nmessage: m\n"
                    "match:\n  query: \"(attribute) @a\"\n  callee: [pop]\n";
  hotlint_engine *engine = hotlint_engine_new();
  assert_true(hotlint_engine_load_rule_text(engine, "c.yaml", good,
                                            strlen(good), &error));
  assert_true(hotlint_engine_compile(engine, &error));
  hotlint_engine_delete(engine);
  engine = hotlint_engine_new();
  assert_true(hotlint_engine_load_rule_text(engine, "d.yaml", bad, strlen(bad),
                                            &error));
  assert_false(hotlint_engine_compile(engine, &error));
  assert_non_null(
      strstr(error.message, "match.callee needs every pattern rooted at"));
  hotlint_engine_delete(engine);
}

static void overrides_by_code_and_rejects_clashes(void **state) {
  (void)state;
  hotlint_error error;
  hotlint_engine *engine = hotlint_engine_new();
  const char *first = "id: HOT902\nname: one\nsummary: s\nmessage: m\n"
                      "match: {query: \"(call) @c\"}\n";
  const char *second = "id: HOT902\nname: two\nsummary: s\nmessage: m\n"
                       "match: {query: \"(call) @c\"}\n";
  const char *clash = "id: HOT903\nname: two\nsummary: s\nmessage: m\n"
                      "match: {query: \"(call) @c\"}\n";
  assert_true(hotlint_engine_load_rule_text(engine, "a.yaml", first,
                                            strlen(first), &error));
  assert_true(hotlint_engine_load_rule_text(engine, "b.yaml", second,
                                            strlen(second), &error));
  assert_int_equal(hotlint_engine_rule_count(engine), 1);
  assert_string_equal(hotlint_engine_rule(engine, 0)->name, "two");
  assert_true(hotlint_engine_load_rule_text(engine, "c.yaml", clash,
                                            strlen(clash), &error));
  assert_false(hotlint_engine_compile(engine, &error));
  assert_non_null(strstr(error.message, "clashes"));
  hotlint_engine_delete(engine);
}

static void builtin_rules_compile(void **state) {
  (void)state;
  hotlint_error error;
  hotlint_engine *engine = hotlint_engine_new();
  assert_true(hotlint_engine_load_builtin_rules(engine, &error));
  assert_true(hotlint_engine_compile(engine, &error));
  assert_true(hotlint_engine_rule_count(engine) >= 6);
  assert_int_equal(hotlint_engine_find_rule(engine, "HOT101"), 0);
  assert_true(hotlint_engine_find_rule(engine, "missing-slots") > 0);
  assert_int_equal(hotlint_engine_find_rule(engine, "HOT999"), -1);
  /* compiled engines take no more rules */
  assert_false(
      hotlint_engine_load_rule_text(engine, "x.yaml", "id: HOT1", 8, &error));
  hotlint_engine_delete(engine);
}

int main(void) {
  const struct CMUnitTest tests[] = {
      cmocka_unit_test(loads_every_field),
      cmocka_unit_test(reports_file_line_and_column),
      cmocka_unit_test(loads_a_benchmark),
      cmocka_unit_test(parses_version_ranges),
      cmocka_unit_test(reports_query_errors_with_offsets),
      cmocka_unit_test(callee_prefilter_needs_call_patterns),
      cmocka_unit_test(overrides_by_code_and_rejects_clashes),
      cmocka_unit_test(builtin_rules_compile),
  };
  return cmocka_run_group_tests(tests, NULL, NULL);
}
