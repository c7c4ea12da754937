/* HOT203 manual-reduction-loop: an accumulator initialised by the statement
 *   immediately before a `for` loop whose whole body is `acc += e` (init 0 or
 *   0.0: sum), `if cond: acc += e` (init 0: sum of a filtered generator),
 *   `if x > acc: acc = x` (max/min; init a number or `xs[0]`),
 *   `if cond: found = True [; break]` (init False: any) or
 *   `if cond: ok = False [; break]` (init True: all). Not reported: `while`
 *   loops, strings or lists (`+=` is only a sum after a number literal 0),
 *   an accumulator read anywhere else in the loop, a `for ... else:`.
 *
 * Subtree scans use one tree cursor per candidate loop (after the cheap
 * filters), never per node, and no recursion. */
#include "checks/loop_shared.h"

#include <string.h>

static bool is_zero(const hl_syntax *syntax, const char *source, TSNode node) {
  TSSymbol symbol = ts_node_symbol(node);
  if (symbol == syntax->kind.integer)
    return hl_node_text_is(node, source, "0");
  if (symbol == syntax->kind.float_)
    return hl_node_text_is(node, source, "0.0") ||
           hl_node_text_is(node, source, "0.");
  return false;
}

/* A number, `-number`, or `xs[0]`: a start value for max/min. */
static bool is_extreme_start(const hl_syntax *syntax, const char *source,
                             TSNode node) {
  TSSymbol symbol = ts_node_symbol(node);
  if (symbol == syntax->kind.unary_operator) {
    node = ts_node_named_child(node, 0);
    if (ts_node_is_null(node))
      return false;
    symbol = ts_node_symbol(node);
  }
  if (symbol == syntax->kind.integer || symbol == syntax->kind.float_)
    return true;
  if (symbol == syntax->kind.subscript && ts_node_named_child_count(node) == 2)
    return hl_node_text_is(ts_node_named_child(node, 1), source, "0");
  return false;
}

/* `name += e` (1) or `name = name + e` (2) on the given accumulator: how
 * often the step itself names it; 0 when it is not a sum step. */
static uint32_t is_sum_step(const hl_syntax *syntax, const char *source,
                            TSNode statement, const char *name,
                            uint32_t length) {
  TSNode step = hl_loop_statement_assignment(syntax, statement,
                                             syntax->kind.augmented_assignment);
  if (!ts_node_is_null(step)) {
    TSNode left = ts_node_child_by_field_id(step, syntax->field.left);
    TSNode op = ts_node_child_by_field_id(step, syntax->field.operator);
    return !ts_node_is_null(left) && !ts_node_is_null(op) &&
                   ts_node_symbol(left) == syntax->kind.identifier &&
                   hl_loop_same_text(left, source, name, length) &&
                   hl_node_text_is(op, source, "+=")
               ? 1
               : 0;
  }
  step =
      hl_loop_statement_assignment(syntax, statement, syntax->kind.assignment);
  if (ts_node_is_null(step))
    return 0;
  TSNode left = ts_node_child_by_field_id(step, syntax->field.left);
  TSNode right = ts_node_child_by_field_id(step, syntax->field.right);
  if (ts_node_is_null(left) || ts_node_is_null(right) ||
      ts_node_symbol(left) != syntax->kind.identifier ||
      !hl_loop_same_text(left, source, name, length) ||
      ts_node_symbol(right) != syntax->kind.binary_operator)
    return 0;
  TSNode operand = ts_node_child_by_field_id(right, syntax->field.left);
  TSNode op = ts_node_child_by_field_id(right, syntax->field.operator);
  return !ts_node_is_null(operand) && !ts_node_is_null(op) &&
                 ts_node_symbol(operand) == syntax->kind.identifier &&
                 hl_loop_same_text(operand, source, name, length) &&
                 hl_node_text_is(op, source, "+")
             ? 2
             : 0;
}

/* `name = <value>`: the value, or null. */
static TSNode assigned_value(const hl_syntax *syntax, const char *source,
                             TSNode statement, const char *name,
                             uint32_t length) {
  TSNode target, value;
  if (!hl_loop_simple_assignment(syntax, statement, &target, &value) ||
      !hl_loop_same_text(target, source, name, length))
    return (TSNode){0};
  TSNode assignment = ts_node_named_child(statement, 0);
  if (!ts_node_is_null(
          ts_node_child_by_field_id(assignment, syntax->field.type)))
    return (TSNode){0};
  return value;
}

static void reduction_on_node(hl_check_context *context, TSNode loop) {
  hl_model *model = context->model;
  const hl_syntax *syntax = context->syntax;
  const char *source = model->source;
  TSNode statement = hl_loop_single_statement(context, loop);
  if (ts_node_is_null(statement))
    return;
  TSNode name, init;
  if (!hl_loop_simple_assignment(
          syntax, hl_loop_previous_statement(syntax, loop), &name, &init))
    return;
  uint32_t length;
  const char *text = hl_node_text(name, source, &length);
  if (!hl_loop_is_function_local(model, text, length))
    return;
  const char *what = NULL;
  uint32_t allowed_reads = 1; /* the accumulator's own target */
  TSNode inner = hl_loop_plain_if_block(syntax, statement);
  if (ts_node_is_null(inner)) {
    allowed_reads = is_sum_step(syntax, source, statement, text, length);
    if (!allowed_reads || !is_zero(syntax, source, init))
      return;
    what = "sum()";
  } else {
    TSNode condition =
        hl_model_field(context->model, statement, syntax->field.condition);
    if (ts_node_is_null(condition))
      return;
    uint32_t count = 0;
    TSNode first = hl_loop_statement_at(syntax, inner, 0);
    hl_loop_only_statement(syntax, inner, &count);
    if (count == 2) {
      TSNode second = hl_loop_statement_at(syntax, inner, 1);
      if (!hl_node_text_is(second, source, "break"))
        return;
    } else if (count != 1) {
      return;
    }
    TSNode value = assigned_value(syntax, source, first, text, length);
    TSSymbol init_symbol = ts_node_symbol(init);
    uint32_t step_reads =
        count == 1 ? is_sum_step(syntax, source, first, text, length) : 0;
    if (step_reads && is_zero(syntax, source, init)) {
      what = "sum()";
      allowed_reads = step_reads;
    } else if (ts_node_is_null(value)) {
      return;
    } else if (count == 1 &&
               (init_symbol == syntax->kind.false_ ||
                init_symbol == syntax->kind.true_) &&
               hl_loop_contains_kind(condition, syntax->kind.call)) {
      return; /* without break, any()/all() would skip the later calls */
    } else if (init_symbol == syntax->kind.false_ &&
               ts_node_symbol(value) == syntax->kind.true_) {
      what = "any()";
    } else if (init_symbol == syntax->kind.true_ &&
               ts_node_symbol(value) == syntax->kind.false_) {
      what = "all()";
    } else if (count == 1 && is_extreme_start(syntax, source, init) &&
               ts_node_symbol(condition) == syntax->kind.comparison_operator &&
               ts_node_named_child_count(condition) == 2 &&
               ts_node_child_count(condition) == 3) {
      TSNode a = ts_node_named_child(condition, 0);
      TSNode b = ts_node_named_child(condition, 1);
      TSNode op = ts_node_child(condition, 1);
      uint32_t value_length;
      const char *value_text = hl_node_text(value, source, &value_length);
      bool acc_left = ts_node_symbol(a) == syntax->kind.identifier &&
                      hl_loop_same_text(a, source, text, length) &&
                      hl_loop_same_text(b, source, value_text, value_length);
      bool acc_right = ts_node_symbol(b) == syntax->kind.identifier &&
                       hl_loop_same_text(b, source, text, length) &&
                       hl_loop_same_text(a, source, value_text, value_length);
      if (!acc_left && !acc_right)
        return;
      bool greater =
          hl_node_text_is(op, source, ">") || hl_node_text_is(op, source, ">=");
      bool less =
          hl_node_text_is(op, source, "<") || hl_node_text_is(op, source, "<=");
      if (!greater && !less)
        return;
      /* `x > acc` keeps the largest; `acc > x` the smallest */
      what = (greater == acc_right) ? "max()" : "min()";
      allowed_reads = 2; /* the comparison reads it once */
    } else {
      return;
    }
  }
  if (hl_loop_count_name(syntax, source, loop, text, length,
                         allowed_reads + 1) != allowed_reads)
    return;
  hl_loop_report_loop(context, loop, name, what);
}

static const char *const for_kinds[] = {"for_statement", NULL};

const hl_check hl_check_manual_reduction = {
    .name = "manual_reduction",
    .kinds = for_kinds,
    .on_node = reduction_on_node,
};
