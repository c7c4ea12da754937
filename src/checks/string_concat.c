/* HOT201 string-concat-in-loop: `s += x` / `s = s + x` in a loop where s is
 * known to be a str (bound from a str literal, f-string, str(...), join or
 * format earlier in the same scope) or x is one; and `self.attr += "..."`.
 * Numbers, lists and bytes are left alone: when the type is not known to
 * be str, nothing is reported. */
#include "checks/checks.h"

#include <string.h>

enum { KNOWN_STR = 1, KNOWN_OTHER = 2 };

static bool is_bytes_literal(const hl_check_context *context, TSNode string) {
  const hl_syntax *syntax = context->syntax;
  TSNode start = ts_node_child(string, 0);
  if (ts_node_is_null(start) ||
      ts_node_symbol(start) != syntax->kind.string_start)
    return false;
  uint32_t length;
  const char *text = hl_node_text(start, context->model->source, &length);
  for (uint32_t i = 0; i < length && text[i] != '"' && text[i] != '\''; i++)
    if (text[i] == 'b' || text[i] == 'B')
      return true;
  return false;
}

/* KNOWN_STR, KNOWN_OTHER, or 0 when the type of the expression is unknown. */
static int classify(const hl_check_context *context, TSNode node) {
  const hl_syntax *syntax = context->syntax;
  const hl_kinds *kind = &syntax->kind;
  const char *source = context->model->source;
  for (int guard = 0; guard < 64; guard++) {
    TSSymbol symbol = ts_node_symbol(node);
    if (symbol == kind->string)
      return is_bytes_literal(context, node) ? KNOWN_OTHER : KNOWN_STR;
    if (symbol == kind->concatenated_string) {
      TSNode first = ts_node_named_child(node, 0);
      return !ts_node_is_null(first) && is_bytes_literal(context, first)
                 ? KNOWN_OTHER
                 : KNOWN_STR;
    }
    if (symbol == kind->integer || symbol == kind->float_ ||
        symbol == kind->list || symbol == kind->dictionary ||
        symbol == kind->set || symbol == kind->tuple ||
        symbol == kind->list_comprehension || symbol == kind->true_ ||
        symbol == kind->false_ || symbol == kind->none)
      return KNOWN_OTHER;
    if (symbol == kind->parenthesized_expression) {
      node = ts_node_named_child(node, 0);
      if (ts_node_is_null(node))
        return 0;
      continue;
    }
    if (symbol == kind->call) {
      TSNode function = ts_node_child_by_field_id(node, syntax->field.function);
      if (ts_node_is_null(function))
        return 0;
      if (ts_node_symbol(function) == kind->identifier) {
        if (hl_node_text_is(function, source, "str"))
          return KNOWN_STR;
        if (hl_node_text_is(function, source, "bytes") ||
            hl_node_text_is(function, source, "bytearray") ||
            hl_node_text_is(function, source, "list") ||
            hl_node_text_is(function, source, "int") ||
            hl_node_text_is(function, source, "float") ||
            hl_node_text_is(function, source, "len"))
          return KNOWN_OTHER;
        return 0;
      }
      if (ts_node_symbol(function) == kind->attribute) {
        TSNode attribute =
            ts_node_child_by_field_id(function, syntax->field.attribute);
        TSNode object =
            ts_node_child_by_field_id(function, syntax->field.object);
        if (ts_node_is_null(attribute))
          return 0;
        if (hl_node_text_is(attribute, source, "join") ||
            hl_node_text_is(attribute, source, "format")) {
          /* b"".join(...) is bytes */
          if (!ts_node_is_null(object) &&
              ts_node_symbol(object) == kind->string &&
              is_bytes_literal(context, object))
            return KNOWN_OTHER;
          return KNOWN_STR;
        }
      }
      return 0;
    }
    if (symbol == kind->binary_operator) {
      TSNode left = ts_node_child_by_field_id(node, syntax->field.left);
      TSNode op = ts_node_child_by_field_id(node, syntax->field.operator);
      if (ts_node_is_null(left) || ts_node_is_null(op))
        return 0;
      if (hl_node_text_is(op, source, "%") ||
          hl_node_text_is(op, source, "+")) {
        int left_kind = classify(context, left);
        if (left_kind)
          return left_kind;
        if (hl_node_text_is(op, source, "+")) {
          TSNode right = ts_node_child_by_field_id(node, syntax->field.right);
          return ts_node_is_null(right) ? 0 : classify(context, right);
        }
      }
      return 0;
    }
    return 0;
  }
  return 0;
}

static hl_name_set *known_types(hl_check_context *context, hl_scope *scope) {
  hl_name_set **set = (hl_name_set **)&scope->check_data[context->slot];
  if (!*set)
    *set = hl_arena_calloc(context->model->arena, 1, sizeof(hl_name_set));
  return *set;
}

static void report(hl_check_context *context, TSNode statement, TSNode target) {
  hl_pending *pending = hl_model_report(context->model, context->rule,
                                        ts_node_start_byte(statement),
                                        ts_node_end_byte(statement));
  uint32_t length;
  const char *text = hl_node_text(target, context->model->source, &length);
  hl_pending_capture(pending, "target", text, length);
}

/* Decides for `target += value` / `target = target + value` in a loop. */
static void check_concat(hl_check_context *context, hl_scope *scope,
                         TSNode statement, TSNode target, TSNode value) {
  const hl_kinds *kind = &context->syntax->kind;
  int value_kind = classify(context, value);
  TSSymbol symbol = ts_node_symbol(target);
  if (symbol == kind->identifier) {
    uint32_t length;
    const char *name = hl_node_text(target, context->model->source, &length);
    hl_name_entry *known =
        hl_name_set_find(known_types(context, scope), name, length);
    int target_kind = known ? (int)known->value : 0;
    if (target_kind == KNOWN_OTHER || value_kind == KNOWN_OTHER)
      return;
    if (target_kind == KNOWN_STR || value_kind == KNOWN_STR)
      report(context, statement, target);
  } else if (symbol == kind->attribute) {
    if (value_kind == KNOWN_STR)
      report(context, statement, target);
  }
}

static void on_node(hl_check_context *context, TSNode node) {
  hl_model *model = context->model;
  const hl_syntax *syntax = context->syntax;
  hl_scope *scope = hl_model_scope(model);
  if (scope->kind == HL_SCOPE_CLASS || scope->kind == HL_SCOPE_LAMBDA)
    return;
  TSNode left = ts_node_child_by_field_id(node, syntax->field.left);
  TSNode right = ts_node_child_by_field_id(node, syntax->field.right);
  if (ts_node_is_null(left) || ts_node_is_null(right))
    return;
  const char *source = model->source;
  if (ts_node_symbol(node) == syntax->kind.augmented_assignment) {
    TSNode op = ts_node_child_by_field_id(node, syntax->field.operator);
    if (ts_node_is_null(op) || !hl_node_text_is(op, source, "+="))
      return;
    if (scope->loop_depth)
      check_concat(context, scope, node, left, right);
    return;
  }
  /* assignment: `s = s + x` in a loop, or a binding that tells s's type */
  if (ts_node_symbol(left) != syntax->kind.identifier &&
      ts_node_symbol(left) != syntax->kind.attribute)
    return;
  if (ts_node_symbol(right) == syntax->kind.binary_operator) {
    TSNode operand = ts_node_child_by_field_id(right, syntax->field.left);
    TSNode op = ts_node_child_by_field_id(right, syntax->field.operator);
    TSNode added = ts_node_child_by_field_id(right, syntax->field.right);
    uint32_t a_length, b_length;
    if (!ts_node_is_null(operand) && !ts_node_is_null(op) &&
        !ts_node_is_null(added) && hl_node_text_is(op, source, "+")) {
      const char *a = hl_node_text(left, source, &a_length);
      const char *b = hl_node_text(operand, source, &b_length);
      if (a_length == b_length && !memcmp(a, b, a_length)) {
        if (scope->loop_depth)
          check_concat(context, scope, node, left, added);
        return; /* s = s + x keeps s's type */
      }
    }
  }
  if (ts_node_symbol(left) == syntax->kind.identifier) {
    uint32_t length;
    const char *name = hl_node_text(left, source, &length);
    int value_kind = classify(context, right);
    hl_name_entry *entry = hl_name_set_add(known_types(context, scope),
                                           model->arena, name, length);
    entry->value = value_kind ? (uint32_t)value_kind : KNOWN_OTHER;
    if (!value_kind)
      entry->value = 0; /* unknown again */
  }
}

static const char *const kinds[] = {"assignment", "augmented_assignment", NULL};

const hl_check hl_check_string_concat = {
    .name = "string_concat",
    .kinds = kinds,
    .on_node = on_node,
};
