/* Helpers shared by the loop-idiom checks; see loop_shared.h. */
#include "checks/loop_shared.h"

#include <string.h>

bool hl_loop_same_text(TSNode node, const char *source, const char *name,
                       uint32_t length) {
  uint32_t node_length;
  const char *text = hl_node_text(node, source, &node_length);
  return node_length == length && !memcmp(text, name, length);
}

/* The only statement of a block (comments ignored), or a null node. */
TSNode hl_loop_only_statement(const hl_syntax *syntax, TSNode block,
                              uint32_t *count_out) {
  TSNode found = {0};
  uint32_t count = 0;
  uint32_t children = ts_node_named_child_count(block);
  for (uint32_t i = 0; i < children; i++) {
    TSNode child = ts_node_named_child(block, i);
    if (ts_node_symbol(child) == syntax->kind.comment)
      continue;
    if (!count)
      found = child;
    count++;
  }
  if (count_out)
    *count_out = count;
  return count == 1 ? found : (TSNode){0};
}

/* The i-th non-comment statement of a block. */
TSNode hl_loop_statement_at(const hl_syntax *syntax, TSNode block, uint32_t n) {
  uint32_t children = ts_node_named_child_count(block);
  for (uint32_t i = 0; i < children; i++) {
    TSNode child = ts_node_named_child(block, i);
    if (ts_node_symbol(child) == syntax->kind.comment)
      continue;
    if (!n--)
      return child;
  }
  return (TSNode){0};
}

/* The statement right before `node` in its block, comments skipped. */
TSNode hl_loop_previous_statement(const hl_syntax *syntax, TSNode node) {
  TSNode previous = ts_node_prev_named_sibling(node);
  for (int guard = 0; guard < 256 && !ts_node_is_null(previous) &&
                      ts_node_symbol(previous) == syntax->kind.comment;
       guard++)
    previous = ts_node_prev_named_sibling(previous);
  return previous;
}

/* The assignment inside an expression statement, or a null node. */
TSNode hl_loop_statement_assignment(const hl_syntax *syntax, TSNode statement,
                                    TSSymbol kind) {
  if (ts_node_is_null(statement) ||
      ts_node_symbol(statement) != syntax->kind.expression_statement ||
      ts_node_named_child_count(statement) != 1)
    return (TSNode){0};
  TSNode inner = ts_node_named_child(statement, 0);
  return ts_node_symbol(inner) == kind ? inner : (TSNode){0};
}

/* The call inside an expression statement, or a null node. */
TSNode hl_loop_statement_call(const hl_syntax *syntax, TSNode statement) {
  return hl_loop_statement_assignment(syntax, statement, syntax->kind.call);
}

/* `name = value` (optionally annotated): the identifier and value. */
bool hl_loop_simple_assignment(const hl_syntax *syntax, TSNode statement,
                               TSNode *name, TSNode *value) {
  TSNode assignment =
      hl_loop_statement_assignment(syntax, statement, syntax->kind.assignment);
  if (ts_node_is_null(assignment))
    return false;
  *name = ts_node_child_by_field_id(assignment, syntax->field.left);
  *value = ts_node_child_by_field_id(assignment, syntax->field.right);
  return !ts_node_is_null(*name) && !ts_node_is_null(*value) &&
         ts_node_symbol(*name) == syntax->kind.identifier &&
         ts_node_symbol(*value) != syntax->kind.assignment;
}

/* A plain local of the current function (not global/nonlocal). */
bool hl_loop_is_function_local(hl_model *model, const char *name,
                               uint32_t length) {
  hl_scope *scope = hl_model_scope(model);
  return scope->kind == HL_SCOPE_FUNCTION &&
         !hl_name_set_find(&scope->globals, name, length) &&
         !hl_name_set_find(&scope->nonlocals, name, length);
}

/* A builtin name not rebound in this file's module or function. */
bool hl_loop_is_builtin_call(hl_model *model, TSNode node,
                             const char *builtin) {
  const hl_syntax *syntax = model->syntax;
  if (ts_node_symbol(node) != syntax->kind.call)
    return false;
  TSNode function = ts_node_child_by_field_id(node, syntax->field.function);
  TSNode arguments = ts_node_child_by_field_id(node, syntax->field.arguments);
  if (ts_node_is_null(function) ||
      ts_node_symbol(function) != syntax->kind.identifier ||
      !hl_node_text_is(function, model->source, builtin) ||
      ts_node_is_null(arguments) ||
      ts_node_symbol(arguments) != syntax->kind.argument_list ||
      ts_node_named_child_count(arguments) != 0)
    return false;
  uint32_t length = (uint32_t)strlen(builtin);
  hl_scope *scope = hl_model_scope(model);
  return !hl_name_set_find(&model->module_bindings, builtin, length) &&
         !hl_name_set_find(&scope->locals, builtin, length);
}

/* Counts identifiers spelled `name` in the subtree of root (attribute names
 * `x.name` excluded); stops counting at `limit`. */
uint32_t hl_loop_count_name(const hl_syntax *syntax, const char *source,
                            TSNode root, const char *name, uint32_t length,
                            uint32_t limit) {
  uint32_t count = 0;
  TSTreeCursor cursor = ts_tree_cursor_new(root);
  for (;;) {
    TSNode node = ts_tree_cursor_current_node(&cursor);
    if (ts_node_symbol(node) == syntax->kind.identifier) {
      if (hl_loop_same_text(node, source, name, length) &&
          ts_tree_cursor_current_field_id(&cursor) != syntax->field.attribute &&
          ++count >= limit)
        break;
    } else if (ts_tree_cursor_goto_first_child(&cursor)) {
      continue;
    }
    if (!hl_cursor_skip_subtree(&cursor))
      break;
  }
  ts_tree_cursor_delete(&cursor);
  return count;
}

/* True if the subtree holds a node of this kind. */
bool hl_loop_contains_kind(TSNode root, TSSymbol kind) {
  bool found = false;
  TSTreeCursor cursor = ts_tree_cursor_new(root);
  for (;;) {
    if (ts_node_symbol(ts_tree_cursor_current_node(&cursor)) == kind) {
      found = true;
      break;
    }
    if (ts_tree_cursor_goto_first_child(&cursor))
      continue;
    if (!hl_cursor_skip_subtree(&cursor))
      break;
  }
  ts_tree_cursor_delete(&cursor);
  return found;
}

/* The for loop's body if it has no `else:`; null otherwise. */
TSNode hl_loop_plain_for_body(const hl_syntax *syntax, TSNode loop) {
  if (!ts_node_is_null(
          ts_node_child_by_field_id(loop, syntax->field.alternative)))
    return (TSNode){0};
  return ts_node_child_by_field_id(loop, syntax->field.body);
}

TSNode hl_loop_single_statement(hl_check_context *context, TSNode loop) {
  if (hl_model_scope(context->model)->kind != HL_SCOPE_FUNCTION)
    return (TSNode){0};
  TSNode body = hl_loop_plain_for_body(context->syntax, loop);
  if (ts_node_is_null(body))
    return body;
  return hl_loop_only_statement(context->syntax, body, NULL);
}

/* `if cond:` with a block and no elif/else: the consequence, else null. */
TSNode hl_loop_plain_if_block(const hl_syntax *syntax, TSNode statement) {
  if (ts_node_symbol(statement) != syntax->kind.if_statement ||
      !ts_node_is_null(
          ts_node_child_by_field_id(statement, syntax->field.alternative)))
    return (TSNode){0};
  return ts_node_child_by_field_id(statement, syntax->field.consequence);
}

void hl_loop_report_loop(hl_check_context *context, TSNode loop, TSNode name,
                         const char *what) {
  hl_pending *pending =
      hl_model_report(context->model, context->rule, ts_node_start_byte(loop),
                      ts_node_end_byte(loop));
  uint32_t length;
  const char *text = hl_node_text(name, context->model->source, &length);
  hl_pending_capture(pending, "target", text, length);
  hl_pending_capture(pending, "builtin", what, (uint32_t)strlen(what));
}
