/* HOT202 append-loop-to-comprehension: `out = []` (or `list()`, `{}` /
 *   `dict()`, `set()`) immediately followed by a `for` loop whose whole body
 *   is `out.append(e)` / `d[k] = v` / `s.add(e)`, optionally under one `if`
 *   without `elif`/`else`. Not reported: attributes (`self.rows`), non-empty
 *   initial containers, any second statement in the body (`continue`, a
 *   call), a `for ... else:`, a body that reads `out` elsewhere (including
 *   the loop target and iterable), `yield` in the body, names that are not
 *   plain function locals (module level, `global`, `nonlocal`).
 *
 * Subtree scans use one tree cursor per candidate loop (after the cheap
 * filters), never per node, and no recursion. */
#include "checks/loop_shared.h"

#include <string.h>

enum { BUILD_LIST, BUILD_DICT, BUILD_SET };

/* Which empty container the value is, or -1. */
static int empty_container(hl_model *model, TSNode value) {
  const hl_kinds *kind = &model->syntax->kind;
  TSSymbol symbol = ts_node_symbol(value);
  if (symbol == kind->list && ts_node_named_child_count(value) == 0)
    return BUILD_LIST;
  if (symbol == kind->dictionary && ts_node_named_child_count(value) == 0)
    return BUILD_DICT;
  if (hl_loop_is_builtin_call(model, value, "list"))
    return BUILD_LIST;
  if (hl_loop_is_builtin_call(model, value, "dict"))
    return BUILD_DICT;
  if (hl_loop_is_builtin_call(model, value, "set"))
    return BUILD_SET;
  return -1;
}

/* `name.method(one positional argument)`: the receiver identifier. */
static bool is_method_call_on(const hl_syntax *syntax, const char *source,
                              TSNode call, const char *method, TSNode *receiver,
                              TSNode *argument) {
  TSNode function = ts_node_child_by_field_id(call, syntax->field.function);
  TSNode arguments = ts_node_child_by_field_id(call, syntax->field.arguments);
  if (ts_node_is_null(function) ||
      ts_node_symbol(function) != syntax->kind.attribute ||
      ts_node_is_null(arguments) ||
      ts_node_symbol(arguments) != syntax->kind.argument_list ||
      ts_node_named_child_count(arguments) != 1)
    return false;
  TSNode attribute =
      ts_node_child_by_field_id(function, syntax->field.attribute);
  TSNode object = ts_node_child_by_field_id(function, syntax->field.object);
  if (ts_node_is_null(attribute) || ts_node_is_null(object) ||
      ts_node_symbol(object) != syntax->kind.identifier ||
      !hl_node_text_is(attribute, source, method))
    return false;
  TSNode only = ts_node_named_child(arguments, 0);
  TSSymbol symbol = ts_node_symbol(only);
  if (symbol == syntax->kind.keyword_argument ||
      symbol == syntax->kind.list_splat ||
      symbol == syntax->kind.dictionary_splat || symbol == syntax->kind.comment)
    return false;
  *receiver = object;
  if (argument)
    *argument = only;
  return true;
}

static void append_loop_on_node(hl_check_context *context, TSNode loop) {
  hl_model *model = context->model;
  const hl_syntax *syntax = context->syntax;
  const char *source = model->source;
  TSNode body_statement = hl_loop_single_statement(context, loop);
  if (ts_node_is_null(body_statement))
    return;
  TSNode statement = body_statement;
  TSNode inner_block = hl_loop_plain_if_block(syntax, statement);
  if (!ts_node_is_null(inner_block)) {
    statement = hl_loop_only_statement(syntax, inner_block, NULL);
    if (ts_node_is_null(statement))
      return;
  }
  TSNode previous = hl_loop_previous_statement(syntax, loop);
  TSNode name, value;
  if (!hl_loop_simple_assignment(syntax, previous, &name, &value))
    return;
  int container = empty_container(model, value);
  if (container < 0)
    return;
  TSNode receiver = {0};
  TSNode call = hl_loop_statement_call(syntax, statement);
  if (container == BUILD_LIST) {
    if (ts_node_is_null(call) ||
        !is_method_call_on(syntax, source, call, "append", &receiver, NULL))
      return;
  } else if (container == BUILD_SET) {
    if (ts_node_is_null(call) ||
        !is_method_call_on(syntax, source, call, "add", &receiver, NULL))
      return;
  } else {
    TSNode assignment = hl_loop_statement_assignment(syntax, statement,
                                                     syntax->kind.assignment);
    if (ts_node_is_null(assignment))
      return;
    TSNode left =
        hl_model_field(context->model, assignment, syntax->field.left);
    TSNode right =
        hl_model_field(context->model, assignment, syntax->field.right);
    if (ts_node_is_null(left) || ts_node_is_null(right) ||
        ts_node_symbol(left) != syntax->kind.subscript ||
        ts_node_symbol(right) == syntax->kind.assignment ||
        ts_node_named_child_count(left) != 2 ||
        !ts_node_is_null(
            hl_model_field(context->model, assignment, syntax->field.type)))
      return;
    receiver = hl_model_field(context->model, left, syntax->field.value);
    if (ts_node_is_null(receiver) ||
        ts_node_symbol(receiver) != syntax->kind.identifier)
      return;
  }
  uint32_t length;
  const char *text = hl_node_text(name, source, &length);
  if (!hl_loop_same_text(receiver, source, text, length) ||
      !hl_loop_is_function_local(model, text, length))
    return;
  /* the receiver is the only read of the container in the whole loop */
  if (hl_loop_count_name(syntax, source, loop, text, length, 2) != 1)
    return;
  if (hl_loop_contains_kind(body_statement, syntax->kind.yield))
    return; /* yield is not allowed in a comprehension */
  static const char *const what[] = {"list comprehension", "dict comprehension",
                                     "set comprehension"};
  hl_loop_report_loop(context, loop, name, what[container]);
}

static const char *const for_kinds[] = {"for_statement", NULL};

const hl_check hl_check_append_loop = {
    .name = "append_loop",
    .kinds = for_kinds,
    .on_node = append_loop_on_node,
};
