/* Unit tests for the query pre-checks read from a pattern's text
 * (hl_pattern_shape_read): which conditions are taken — a field's child
 * kind, an anchored first named child — and which are not, because the
 * query would match without them (optional steps, wildcards, supertypes,
 * alternations, strings); text it does not understand gives no pre-check. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>

#include <cmocka.h>

#include "rules/ruleset.h"
#include "syntax/syntax.h"

#include <string.h>

static hl_pattern_shape read(const char *pattern) {
  hl_pattern_shape shape;
  hl_pattern_shape_read(hl_python_language(), pattern, 0,
                        (uint32_t)strlen(pattern), &shape);
  return shape;
}

static TSSymbol kind(const char *name) {
  return ts_language_symbol_for_name(hl_python_language(), name,
                                     (uint32_t)strlen(name), true);
}

static TSFieldId field(const char *name) {
  return ts_language_field_id_for_name(hl_python_language(), name,
                                       (uint32_t)strlen(name));
}

static void test_fields_and_anchored_first_child(void **state) {
  (void)state;
  hl_pattern_shape shape =
      read("((call\n   function: (identifier) @function\n"
           "   arguments: (argument_list\n"
           "     . (list_comprehension \"[\" @open \"]\" @close) @list .))\n"
           " (#any-of? @function \"sum\" \"max\"))");
  assert_true(shape.usable);
  assert_int_equal(shape.root, kind("call"));
  assert_int_equal(shape.step_count, 2);
  assert_int_equal(shape.steps[0].field, field("function"));
  assert_int_equal(shape.steps[0].kind, kind("identifier"));
  assert_int_equal(shape.steps[0].first_named, 0);
  assert_int_equal(shape.steps[1].field, field("arguments"));
  assert_int_equal(shape.steps[1].kind, kind("argument_list"));
  assert_int_equal(shape.steps[1].first_named, kind("list_comprehension"));
}

static void test_what_gives_no_condition(void **state) {
  (void)state;
  /* optional, wildcard, supertype, alternation, string, negated field */
  hl_pattern_shape shape =
      read("(call function: (identifier)? arguments: (_))");
  assert_true(shape.usable);
  assert_int_equal(shape.step_count, 0);
  shape = read("(assignment left: (expression) right: (call) @value)");
  assert_true(shape.usable);
  assert_int_equal(shape.step_count, 1);
  assert_int_equal(shape.steps[0].field, field("right"));
  shape = read("(call function: [(identifier) (attribute)] @f)");
  assert_true(shape.usable);
  assert_int_equal(shape.step_count, 0);
  shape = read("(for_statement right: (call) @it !alternative)");
  assert_true(shape.usable);
  assert_int_equal(shape.step_count, 1);
  /* an anchored first child that is a string or a field gives none */
  shape = read("(call arguments: (argument_list . \"(\" (integer)))");
  assert_int_equal(shape.step_count, 1);
  assert_int_equal(shape.steps[0].first_named, 0);
  /* an optional item that is not a field does not drop the field before */
  shape = read("(call function: (identifier) (comment)?)");
  assert_int_equal(shape.step_count, 1);
  /* a child step with a quantifier: `*` drops it, `+` keeps it */
  shape =
      read("(if_statement alternative: (else_clause)* consequence: (block))");
  assert_true(shape.usable);
  assert_int_equal(shape.step_count, 1);
  assert_int_equal(shape.steps[0].field, field("consequence"));
  shape = read("(call arguments: (argument_list)+)");
  assert_true(shape.usable);
  assert_int_equal(shape.step_count, 1);
}

static void test_unreadable_gives_no_pre_check(void **state) {
  (void)state;
  assert_false(read("(call function: )").usable); /* field without a node */
  assert_false(read("(call #weird)").usable);
  assert_false(read("(call function: (identifier)").usable); /* unbalanced */
  assert_false(read("(no_such_kind)").usable);
  assert_false(read("(_ function: (identifier))").usable);
  assert_false(read("(call no_such_field: (identifier))").usable);
}

int main(void) {
  const struct CMUnitTest tests[] = {
      cmocka_unit_test(test_fields_and_anchored_first_child),
      cmocka_unit_test(test_what_gives_no_condition),
      cmocka_unit_test(test_unreadable_gives_no_pre_check),
  };
  return cmocka_run_group_tests(tests, NULL, NULL);
}
