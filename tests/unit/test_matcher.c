/* Unit tests for the query matcher (rules/matcher.h): what is in its
 * subset and what is left to tree-sitter, and — the point — that it finds
 * exactly the matches tree-sitter's own query cursor finds, anchored at
 * every node of the examples, the rule fixtures and a source written to
 * stress anchors, comments, anonymous nodes and syntax errors, for every
 * built-in rule's query and for queries written to exercise each
 * construct. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>

#include <cmocka.h>

#include "base/array.h"
#include "base/strbuf.h"
#include "rules/builtin.h"
#include "rules/matcher.h"
#include "rules/rule.h"
#include "syntax/syntax.h"

#include <dirent.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

static bool compiles(const char *query) {
  hl_matcher_program program;
  uint32_t offset;
  const char *why;
  bool ok =
      hl_matcher_compile(hl_python_language(), query, (uint32_t)strlen(query),
                         &program, &offset, &why);
  if (ok)
    hl_matcher_program_release(&program);
  return ok;
}

static void test_subset(void **state) {
  (void)state;
  assert_true(compiles("(import_statement) @import"));
  assert_true(compiles("((call function: (identifier) @f) @call\n"
                       " (#eq? @f \"open\"))"));
  assert_true(compiles("(call arguments: (argument_list . (_) @a . _ .))"));
  assert_true(compiles("; a comment\n(list_comprehension \"[\" @o) @a @b"));
  assert_false(compiles("(call (#match? @x \"a\") function: (_) @x)"));
  /* outside the subset: left to tree-sitter */
  assert_false(compiles("(call function: (identifier)? @f)"));
  assert_false(compiles("(block (expression_statement)* @s)"));
  assert_false(compiles("(call function: [(identifier) (attribute)] @f)"));
  assert_false(compiles("(call !arguments)"));
  assert_false(compiles("(assignment left: (expression/identifier))"));
  assert_false(compiles("(call (ERROR))"));
  assert_false(compiles("((identifier) (identifier))"));
  assert_false(compiles("(argument_list _ . (integer))"));
  assert_false(compiles("(_) @any"));
  /* invalid: tree-sitter reports these */
  assert_false(compiles("(no_such_kind)"));
  assert_false(compiles("(call no_such_field: (identifier))"));
  assert_false(compiles("(call"));
  assert_false(compiles("((call) @c (#eq? @missing \"x\"))"));
  assert_false(compiles(""));
}

static void test_predicates_kept_like_tree_sitter(void **state) {
  (void)state;
  const char *query = "((call function: (identifier) @f) @call\n"
                      " (#any-of? @f \"a\\tb\" bare)\n"
                      " (#eq? @f @call))";
  hl_matcher_program program;
  uint32_t offset;
  const char *why;
  assert_true(hl_matcher_compile(hl_python_language(), query,
                                 (uint32_t)strlen(query), &program, &offset,
                                 &why));
  assert_int_equal(program.pattern_count, 1);
  assert_int_equal(program.capture_count, 2);
  assert_string_equal(program.capture_names[0], "f");
  assert_string_equal(program.capture_names[1], "call");
  const hl_matcher_pattern *pattern = &program.patterns[0];
  uint32_t step_count;
  TSQueryError error;
  TSQuery *reference = ts_query_new(hl_python_language(), query,
                                    (uint32_t)strlen(query), &offset, &error);
  assert_non_null(reference);
  const TSQueryPredicateStep *expected =
      ts_query_predicates_for_pattern(reference, 0, &step_count);
  assert_int_equal(pattern->predicate_step_count, step_count);
  for (uint32_t i = 0; i < step_count; i++) {
    const TSQueryPredicateStep *got =
        &program.predicate_steps[pattern->first_predicate_step + i];
    assert_int_equal(got->type, expected[i].type);
    if (got->type == TSQueryPredicateStepTypeString) {
      uint32_t length;
      assert_string_equal(program.strings[got->value_id],
                          ts_query_string_value_for_id(
                              reference, expected[i].value_id, &length));
    } else if (got->type == TSQueryPredicateStepTypeCapture) {
      uint32_t length;
      assert_string_equal(program.capture_names[got->value_id],
                          ts_query_capture_name_for_id(
                              reference, expected[i].value_id, &length));
    }
  }
  ts_query_delete(reference);
  hl_matcher_program_release(&program);
}

/* ---- Differential: the matcher against tree-sitter's cursor ------------- */

typedef HL_ARRAY(char *) string_list;

static int compare_strings(const void *a, const void *b) {
  return strcmp(*(char *const *)a, *(char *const *)b);
}

/* One match as text: "pattern|name=start-end,..." with the captures in
 * name order, so both sides print a match the same way. */
static char *describe(uint32_t pattern, const TSQueryCapture *captures,
                      uint32_t count,
                      const char *(*name_of)(const void *, uint32_t),
                      const void *names) {
  string_list parts = {0};
  for (uint32_t i = 0; i < count; i++) {
    char part[160];
    snprintf(part, sizeof part, "%s=%u-%u", name_of(names, captures[i].index),
             ts_node_start_byte(captures[i].node),
             ts_node_end_byte(captures[i].node));
    hl_array_push(&parts, hl_strdup(part));
  }
  if (parts.count > 1)
    qsort(parts.items, parts.count, sizeof(char *), compare_strings);
  hl_strbuf text = {0};
  hl_strbuf_printf(&text, "%u|", pattern);
  for (size_t i = 0; i < parts.count; i++) {
    hl_strbuf_printf(&text, "%s,", parts.items[i]);
    hl_free(parts.items[i]);
  }
  hl_array_free(&parts);
  return text.data;
}

static const char *tsquery_name(const void *query, uint32_t id) {
  uint32_t length;
  return ts_query_capture_name_for_id(query, id, &length);
}

static const char *program_name(const void *program, uint32_t id) {
  return ((const hl_matcher_program *)program)->capture_names[id];
}

static void on_match(void *context, uint32_t pattern,
                     const TSQueryCapture *captures, uint32_t count) {
  void **pair = context;
  string_list *list = pair[0];
  hl_array_push(list,
                describe(pattern, captures, count, program_name, pair[1]));
}

static void free_list(string_list *list) {
  for (size_t i = 0; i < list->count; i++)
    hl_free(list->items[i]);
  list->count = 0;
}

typedef struct totals {
  size_t nodes, matches;
} totals;

/* Compares both matchers at every node of `source` for `query`. */
static void compare_on_source(const char *query, const TSQuery *reference,
                              const hl_matcher_program *program,
                              const char *source, const char *where,
                              totals *sums) {
  const TSLanguage *language = hl_python_language();
  TSParser *parser = ts_parser_new();
  ts_parser_set_language(parser, language);
  TSTree *tree =
      ts_parser_parse_string(parser, NULL, source, (uint32_t)strlen(source));
  TSQueryCursor *cursor = ts_query_cursor_new();
  ts_query_cursor_set_max_start_depth(cursor, 0);
  hl_matcher_scratch scratch;
  memset(&scratch, 0, sizeof scratch);
  string_list expected = {0}, got = {0};
  void *pair[2] = {&got, (void *)program};

  TSTreeCursor walk = ts_tree_cursor_new(ts_tree_root_node(tree));
  for (;;) {
    TSNode node = ts_tree_cursor_current_node(&walk);
    sums->nodes++;
    ts_query_cursor_exec(cursor, reference, node);
    TSQueryMatch match;
    while (ts_query_cursor_next_match(cursor, &match))
      hl_array_push(&expected,
                    describe(match.pattern_index, match.captures,
                             match.capture_count, tsquery_name, reference));
    hl_matcher_run(program, node, &scratch, on_match, pair);
    if (expected.count > 1)
      qsort(expected.items, expected.count, sizeof(char *), compare_strings);
    if (got.count > 1)
      qsort(got.items, got.count, sizeof(char *), compare_strings);
    bool same = expected.count == got.count;
    for (size_t i = 0; same && i < got.count; i++)
      same = !strcmp(expected.items[i], got.items[i]);
    if (!same) {
      fprintf(stderr, "%s: node %s at %u, query:\n%s\n", where,
              ts_node_type(node), ts_node_start_byte(node), query);
      for (size_t i = 0; i < expected.count; i++)
        fprintf(stderr, "  tree-sitter: %s\n", expected.items[i]);
      for (size_t i = 0; i < got.count; i++)
        fprintf(stderr, "  matcher:     %s\n", got.items[i]);
      fail();
    }
    sums->matches += got.count;
    free_list(&expected);
    free_list(&got);
    if (ts_tree_cursor_goto_first_child(&walk))
      continue;
    bool more = false;
    do {
      if (ts_tree_cursor_goto_next_sibling(&walk)) {
        more = true;
        break;
      }
    } while (ts_tree_cursor_goto_parent(&walk));
    if (!more)
      break;
  }
  ts_tree_cursor_delete(&walk);
  hl_array_free(&expected);
  hl_array_free(&got);
  hl_matcher_scratch_release(&scratch);
  ts_query_cursor_delete(cursor);
  ts_tree_delete(tree);
  ts_parser_delete(parser);
}

/* Anchors next to comments and anonymous tokens, repeated children,
 * nesting, and a syntax error. */
static const char stress_source[] =
    "import os, sys as system\n"
    "from a.b import (c, d)\n"
    "def f(xs, *args, key=None, **kw):\n"
    "    xs.pop(0)\n"
    "    xs.pop(  # why\n"
    "        0)\n"
    "    xs.pop(0  # trailing\n"
    "    )\n"
    "    xs.insert(0, 1)\n"
    "    sys.path.insert(0, 'x')\n"
    "    total = sum([x for x in xs], start=0)\n"
    "    m = max([x for x in xs if x], default=0, key=abs)\n"
    "    g = min((x for x in xs))\n"
    "    s = set([1, 2, 3])\n"
    "    t = tuple([y for y in xs][::2])\n"
    "    for line in open('f').readlines():\n"
    "        print(line, end='')\n"
    "    [a for a in open('f').read().split('\\n')]\n"
    "    f(g(h(1), 2), [3, [4, 5]], {'k': (6, 7)})\n"
    "    return f\"{xs!r}\" + 'a' 'b'\n"
    "async def g():\n"
    "    time.sleep(1)\n"
    "    await asyncio.sleep(1)\n"
    "    requests.get(url, timeout=3)\n"
    "    open(name)\n"
    "class C(Base, metaclass=M):\n"
    "    x: int = 0\n"
    "    def m(self): import json; return json\n"
    "def broken(:\n"
    "    pass\n"
    "y = call(1, 2\n";

/* Queries exercising each construct of the subset. */
static const char *const construct_queries[] = {
    "(call arguments: (argument_list . (_) @first))",
    "(call arguments: (argument_list (_) @last .))",
    "(call arguments: (argument_list (_) @any))",
    "(argument_list (_) @a . (_) @b)",
    "(argument_list (_) @a (_) @b)",
    "(argument_list . _ @first_token)",
    "(argument_list \"(\" @open (_) @x \")\" @close)",
    "(argument_list \"(\" . (_) @x)",
    "(argument_list (integer) (_) @after_integer)",
    "(call function: (attribute object: (_) @o attribute: (identifier) @m) "
    "arguments: (argument_list . (integer) @i .)) @call",
    "(call function: _ @callee)",
    "(call (argument_list) @args)",
    "(call (identifier) @callee)",
    "(block (expression_statement) (expression_statement) @second)",
    "(block . (expression_statement (call) @c))",
    "(function_definition name: (identifier) @n parameters: (parameters (_) "
    "@p .) body: (block (_) @s .))",
    "(list_comprehension \"[\" @o (_) @body (for_in_clause) @for \"]\" @c)",
    "(for_statement left: (_) @target right: (call function: (attribute "
    "attribute: (identifier) @method)) @iter)",
    "(import_statement name: (_) @n)",
    "(import_from_statement module_name: (dotted_name) @m name: "
    "(dotted_name) @n)",
    "(class_definition superclasses: (argument_list (keyword_argument) @k))",
    "(string (string_content) @content)",
    "(binary_operator left: (_) @l right: (_) @r) @op",
    "(module (comment) @c)",
    "(dictionary (pair key: (string) @k value: (tuple . (integer) @first)))",
    "(call) @a @b",
    "(ERROR (identifier) @i)",
};

static void add_files(string_list *paths, const char *dir) {
  DIR *d = opendir(dir);
  if (!d)
    fail_msg("cannot open %s", dir);
  struct dirent *entry;
  while ((entry = readdir(d))) {
    size_t length = strlen(entry->d_name);
    if (length > 3 && !strcmp(entry->d_name + length - 3, ".py")) {
      char path[1024];
      snprintf(path, sizeof path, "%s/%s", dir, entry->d_name);
      hl_array_push(paths, hl_strdup(path));
    }
  }
  closedir(d);
}

static char *read_file(const char *path) {
  FILE *file = fopen(path, "rb");
  if (!file)
    fail_msg("cannot read %s", path);
  hl_strbuf text = {0};
  char buffer[4096];
  size_t n;
  while ((n = fread(buffer, 1, sizeof buffer, file)) > 0)
    hl_strbuf_append(&text, buffer, n);
  fclose(file);
  return text.data ? text.data : hl_strdup("");
}

static void compare_everywhere(const char *query, const string_list *paths,
                               totals *sums) {
  const TSLanguage *language = hl_python_language();
  uint32_t offset;
  TSQueryError error;
  TSQuery *reference =
      ts_query_new(language, query, (uint32_t)strlen(query), &offset, &error);
  if (!reference)
    fail_msg("tree-sitter rejects the query at %u: %s", offset, query);
  hl_matcher_program program;
  const char *why;
  if (!hl_matcher_compile(language, query, (uint32_t)strlen(query), &program,
                          &offset, &why))
    fail_msg("matcher rejects the query at %u (%s): %s", offset, why, query);
  assert_int_equal(program.pattern_count, ts_query_pattern_count(reference));
  compare_on_source(query, reference, &program, stress_source, "stress source",
                    sums);
  for (size_t i = 0; i < paths->count; i++) {
    char *source = read_file(paths->items[i]);
    compare_on_source(query, reference, &program, source, paths->items[i],
                      sums);
    hl_free(source);
  }
  hl_matcher_program_release(&program);
  ts_query_delete(reference);
}

static void corpus(string_list *paths) {
  const char *root = getenv("HOTLINT_SOURCE_DIR");
  assert_non_null(root);
  char dir[1024];
  snprintf(dir, sizeof dir, "%s/examples", root);
  add_files(paths, dir);
  snprintf(dir, sizeof dir, "%s/tests/fixtures/rules", root);
  add_files(paths, dir);
  assert_true(paths->count >= 20);
}

static void test_builtin_queries_match_like_tree_sitter(void **state) {
  (void)state;
  string_list paths = {0};
  corpus(&paths);
  totals sums = {0, 0};
  size_t query_rules = 0;
  for (size_t i = 0; i < hl_builtin_rule_count; i++) {
    hotlint_error error;
    hl_rule *rule =
        hl_rule_parse(hl_builtin_rules[i].origin, hl_builtin_rules[i].text,
                      hl_builtin_rules[i].length, &error);
    assert_non_null(rule);
    if (rule->query) {
      /* every built-in query is in the subset: none pays ts_query_new */
      query_rules++;
      compare_everywhere(rule->query, &paths, &sums);
    }
    hl_rule_delete(rule);
  }
  assert_true(query_rules >= 5);
  assert_true(sums.matches >= 50); /* the comparison saw real matches */
  for (size_t i = 0; i < paths.count; i++)
    hl_free(paths.items[i]);
  hl_array_free(&paths);
}

static void test_constructs_match_like_tree_sitter(void **state) {
  (void)state;
  string_list paths = {0};
  corpus(&paths);
  for (size_t q = 0; q < sizeof construct_queries / sizeof *construct_queries;
       q++) {
    totals sums = {0, 0};
    if (!strncmp(construct_queries[q], "(ERROR", 6)) {
      /* outside the subset: only check it is refused */
      assert_false(compiles(construct_queries[q]));
      continue;
    }
    compare_everywhere(construct_queries[q], &paths, &sums);
    if (sums.matches == 0)
      fail_msg("no node matched, the comparison proves nothing: %s",
               construct_queries[q]);
  }
  for (size_t i = 0; i < paths.count; i++)
    hl_free(paths.items[i]);
  hl_array_free(&paths);
}

int main(void) {
  const struct CMUnitTest tests[] = {
      cmocka_unit_test(test_subset),
      cmocka_unit_test(test_predicates_kept_like_tree_sitter),
      cmocka_unit_test(test_builtin_queries_match_like_tree_sitter),
      cmocka_unit_test(test_constructs_match_like_tree_sitter),
  };
  return cmocka_run_group_tests(tests, NULL, NULL);
}
