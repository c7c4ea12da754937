/* Unit tests for src/syntax/tree_walk.c: the direct subtree walk must yield
 * exactly what a TSTreeCursor walk yields — the same nodes (id, symbol,
 * alias, start/end byte and point) with the same fields and depths, in the
 * same order — on hand-picked syntax (aliases, extras, hidden nodes, syntax
 * errors, deep nesting) and on every Python fixture in the repository;
 * and the field cache must answer what ts_node_child_by_field_id does. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>

#include <cmocka.h>

#include "base/alloc.h"
#include "syntax/syntax.h"
#include "syntax/tree_walk.h"

#include <dirent.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

typedef struct visit {
  const void *id;
  TSSymbol symbol;
  TSFieldId field;
  uint32_t depth, start, end;
  TSPoint start_point, end_point;
  uint32_t kept; /* named or with children: kept when skipping leaves */
  uint32_t leaf; /* without children */
} visit;

static visit visit_of(TSNode node, TSFieldId field, uint32_t depth) {
  visit v;
  memset(&v, 0, sizeof v); /* padding too: visits are compared with memcmp */
  v.id = node.id;
  v.symbol = ts_node_symbol(node);
  v.field = field;
  v.depth = depth;
  v.start = ts_node_start_byte(node);
  v.end = ts_node_end_byte(node);
  v.start_point = ts_node_start_point(node);
  v.end_point = ts_node_end_point(node);
  v.kept = ts_node_is_named(node) || ts_node_child_count(node) > 0;
  v.leaf = ts_node_child_count(node) == 0;
  return v;
}

/* The reference: a cursor walk. Returns the number of visits written. */
static size_t cursor_visits(TSTree *tree, visit *out, size_t capacity) {
  size_t count = 0;
  uint32_t depth = 0;
  TSTreeCursor cursor = ts_tree_cursor_new(ts_tree_root_node(tree));
  for (;;) {
    if (count < capacity)
      out[count] = visit_of(ts_tree_cursor_current_node(&cursor),
                            ts_tree_cursor_current_field_id(&cursor), depth);
    count++;
    if (ts_tree_cursor_goto_first_child(&cursor)) {
      depth++;
      continue;
    }
    for (;;) {
      if (ts_tree_cursor_goto_next_sibling(&cursor))
        break;
      if (!ts_tree_cursor_goto_parent(&cursor))
        goto done;
      depth--;
    }
  }
done:
  ts_tree_cursor_delete(&cursor);
  return count;
}

static void assert_same_walks(const char *source, size_t length,
                              const char *what) {
  TSParser *parser = ts_parser_new();
  ts_parser_set_language(parser, hl_python_language());
  TSTree *tree = ts_parser_parse_string(parser, NULL, source, (uint32_t)length);
  assert_non_null(tree);
  size_t expected_count = cursor_visits(tree, NULL, 0);
  visit *expected = hl_calloc(expected_count, sizeof *expected);
  cursor_visits(tree, expected, expected_count);

  hl_tree_walk walk;
  hl_tree_walk_init(&walk);
  hl_tree_walk_begin(&walk, tree, false);
  hl_tree_walk_step step;
  size_t count = 0;
  while (hl_tree_walk_next(&walk, &step)) {
    if (count >= expected_count)
      fail_msg("%s: the walk yields more than %zu nodes", what, expected_count);
    visit got = visit_of(step.node, step.field, step.depth);
    if (step.symbol != got.symbol || step.named != ts_node_is_named(step.node))
      fail_msg("%s: node %zu: the step's symbol or named flag is not the "
               "node's",
               what, count);
    if (memcmp(&got, &expected[count], sizeof got) != 0)
      fail_msg(
          "%s: node %zu differs: %s field %u depth %u at %u, cursor "
          "has %s field %u depth %u at %u",
          what, count, ts_node_type(step.node), got.field, got.depth, got.start,
          ts_language_symbol_name(hl_python_language(), expected[count].symbol),
          expected[count].field, expected[count].depth, expected[count].start);
    count++;
  }
  assert_int_equal(count, expected_count);
  /* a finished walk stays finished */
  assert_false(hl_tree_walk_next(&walk, &step));

  /* skipping anonymous leaves yields the same visits minus those */
  hl_tree_walk_begin(&walk, tree, true);
  size_t next = 0;
  count = 0;
  while (hl_tree_walk_next(&walk, &step)) {
    while (next < expected_count && !expected[next].kept)
      next++;
    if (next >= expected_count)
      fail_msg("%s: skipping leaves, the walk yields too many nodes", what);
    visit got = visit_of(step.node, step.field, step.depth);
    if (memcmp(&got, &expected[next], sizeof got) != 0)
      fail_msg(
          "%s: skipping leaves, node %zu differs: %s at %u, cursor has "
          "%s at %u",
          what, count, ts_node_type(step.node), got.start,
          ts_language_symbol_name(hl_python_language(), expected[next].symbol),
          expected[next].start);
    next++;
    count++;
  }
  while (next < expected_count && !expected[next].kept)
    next++;
  assert_int_equal(next, expected_count);

  /* skipping named leaves of a kind (identifiers here) as well yields the
   * same visits minus those */
  TSSymbol identifier =
      ts_language_symbol_for_name(hl_python_language(), "identifier", 10, true);
  uint8_t skip[1024] = {0};
  assert_true(identifier < sizeof skip);
  skip[identifier] = 1;
  hl_tree_walk_begin(&walk, tree, true);
  hl_tree_walk_skip_named_leaves(&walk, skip, sizeof skip);
  next = 0;
  while (hl_tree_walk_next(&walk, &step)) {
    while (next < expected_count &&
           (!expected[next].kept ||
            (expected[next].symbol == identifier && expected[next].leaf)))
      next++;
    if (next >= expected_count)
      fail_msg("%s: skipping identifiers, the walk yields too many nodes",
               what);
    visit got = visit_of(step.node, step.field, step.depth);
    if (memcmp(&got, &expected[next], sizeof got) != 0)
      fail_msg("%s: skipping identifiers, a node differs at %u", what,
               got.start);
    next++;
  }
  while (next < expected_count &&
         (!expected[next].kept ||
          (expected[next].symbol == identifier && expected[next].leaf)))
    next++;
  assert_int_equal(next, expected_count);

  /* the field cache answers ts_node_child_by_field_id for every field of
   * every node, each asked twice */
  hl_field_cache cache = {0};
  uint32_t field_count = ts_language_field_count(hl_python_language());
  hl_tree_walk_begin(&walk, tree, false);
  count = 0;
  TSNode previous = {{0}, NULL, NULL};
  while (hl_tree_walk_next(&walk, &step)) {
    /* each field of this node, then of the previous node and of this one
     * again, in turns: two nodes in use, and a third pushing one out */
    for (TSFieldId f = 0; f <= 3 * (field_count + 1); f++) {
      TSFieldId field = f % (field_count + 1);
      TSNode asked = step.node;
      if (f % 3 == 1 && previous.id)
        asked = previous;
      else if (f % 7 == 2)
        asked = ts_tree_root_node(tree);
      TSNode want = ts_node_child_by_field_id(asked, field);
      TSNode got = hl_field_cache_child(&cache, asked, field);
      if (want.id != got.id ||
          (want.id && ts_node_start_byte(want) != ts_node_start_byte(got)))
        fail_msg("%s: node %zu (%s) field %s: cache has %s, "
                 "ts_node_child_by_field_id %s",
                 what, count, ts_node_type(step.node),
                 ts_language_field_name_for_id(hl_python_language(), field),
                 got.id ? ts_node_type(got) : "none",
                 want.id ? ts_node_type(want) : "none");
    }
    previous = step.node;
    count++;
  }
  hl_tree_walk_release(&walk);
  hl_free(expected);
  ts_tree_delete(tree);
  ts_parser_delete(parser);
}

#define ASSERT_SAME(literal)                                                   \
  assert_same_walks(literal, sizeof(literal) - 1, literal)

static void test_empty_and_trivial(void **state) {
  (void)state;
  ASSERT_SAME("");
  ASSERT_SAME("\n\n   \n");
  ASSERT_SAME("# only a comment\n");
  ASSERT_SAME("x");
}

static void test_fields_through_hidden_nodes(void **state) {
  (void)state;
  /* fields inherited through hidden rules (_simple_statements,
   * _compound_statement, parameters, patterns), aliases (as_pattern_target,
   * keywords), extras between children (comments, line continuations) */
  ASSERT_SAME("async def f(a, /, b: int = 1, *args, c=2, **kw) -> int:\n"
              "    \"\"\"doc\"\"\"\n"
              "    x = y = a.b[c](d, *e, **g)  # trailing\n"
              "    for i, (j, k) in enumerate(z):  # comment\n"
              "        # between\n"
              "        yield i if j else \\\n"
              "            k\n"
              "    with open(p) as fh, lock:\n"
              "        pass\n"
              "    return [v for v in w if v async for u in v]\n");
  ASSERT_SAME("@decorator(1)\nclass C(Base, metaclass=M):\n"
              "    __slots__ = ('a',)\n"
              "    def m(self): return f'{self.a!r:>{w}}'\n");
  ASSERT_SAME("match p:\n"
              "    case [1, *rest] | {'k': v, **kw} if v:\n"
              "        pass\n"
              "    case Point(x=0) as q:\n"
              "        pass\n");
  ASSERT_SAME("try:\n    import a.b as c\n"
              "except* (E, F) as e:\n    del e\n"
              "finally:\n    global g; nonlocal n\n"
              "from . import (x as y, z)\nfrom m import *\n"
              "type T[U] = list[U]\nprint >> sys.stderr, 'x'\nexec 'c'\n");
}

static void test_syntax_errors(void **state) {
  (void)state;
  ASSERT_SAME("def f(:\n    return\n");
  ASSERT_SAME("x = (1, 2\ny = ]\n");
  ASSERT_SAME("class :\n  def\n\tpass\n");
  ASSERT_SAME("if x\n    y = 1 +\nelse:\n");
  ASSERT_SAME("\xff\xfe bytes that are not UTF-8 \x80 = 1\n");
  ASSERT_SAME("a = 1\0b = 2\n");
}

static void test_deep_nesting(void **state) {
  (void)state;
  enum { DEPTH = 3000 };
  char *source = hl_malloc(2 * DEPTH + 8);
  size_t length = 0;
  source[length++] = 'x';
  source[length++] = '=';
  for (int i = 0; i < DEPTH; i++)
    source[length++] = '[';
  for (int i = 0; i < DEPTH; i++)
    source[length++] = ']';
  source[length++] = '\n';
  assert_same_walks(source, length, "3000 nested lists");
  hl_free(source);
}

static char *read_whole(const char *path, size_t *length) {
  FILE *file = fopen(path, "rb");
  if (!file)
    return NULL;
  fseek(file, 0, SEEK_END);
  long size = ftell(file);
  fseek(file, 0, SEEK_SET);
  char *data = hl_malloc((size_t)size + 1);
  *length = fread(data, 1, (size_t)size, file);
  fclose(file);
  return data;
}

static void test_every_fixture(void **state) {
  (void)state;
  const char *root = getenv("HOTLINT_SOURCE_DIR");
  assert_non_null(root);
  const char *folders[] = {"tests/fixtures/rules", "examples"};
  size_t files = 0;
  for (size_t f = 0; f < sizeof folders / sizeof folders[0]; f++) {
    char folder[4096];
    snprintf(folder, sizeof folder, "%s/%s", root, folders[f]);
    DIR *dir = opendir(folder);
    assert_non_null(dir);
    struct dirent *entry;
    while ((entry = readdir(dir))) {
      size_t name_length = strlen(entry->d_name);
      if (name_length < 3 || strcmp(entry->d_name + name_length - 3, ".py"))
        continue;
      char path[8192];
      snprintf(path, sizeof path, "%s/%s", folder, entry->d_name);
      size_t length = 0;
      char *source = read_whole(path, &length);
      assert_non_null(source);
      assert_same_walks(source, length, path);
      hl_free(source);
      files++;
    }
    closedir(dir);
  }
  assert_true(files >= 20);
}

int main(void) {
  const struct CMUnitTest tests[] = {
      cmocka_unit_test(test_empty_and_trivial),
      cmocka_unit_test(test_fields_through_hidden_nodes),
      cmocka_unit_test(test_syntax_errors),
      cmocka_unit_test(test_deep_nesting),
      cmocka_unit_test(test_every_fixture),
  };
  return cmocka_run_group_tests(tests, NULL, NULL);
}
