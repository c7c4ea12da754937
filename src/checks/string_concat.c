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
      TSNode function =
          hl_model_field(context->model, node, syntax->field.function);
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
            hl_model_field(context->model, function, syntax->field.attribute);
        TSNode object =
            hl_model_field(context->model, function, syntax->field.object);
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
      TSNode left = hl_model_field(context->model, node, syntax->field.left);
      TSNode op = hl_model_field(context->model, node, syntax->field.operator);
      if (ts_node_is_null(left) || ts_node_is_null(op))
        return 0;
      if (hl_node_text_is(op, source, "%") ||
          hl_node_text_is(op, source, "+")) {
        int left_kind = classify(context, left);
        if (left_kind)
          return left_kind;
        if (hl_node_text_is(op, source, "+")) {
          TSNode right =
              hl_model_field(context->model, node, syntax->field.right);
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

/* True if `name` occurs in `node`'s text as a whole word. */
static bool mentions(const char *source, TSNode node, const char *name,
                     uint32_t length) {
  uint32_t text_length;
  const char *text = hl_node_text(node, source, &text_length);
  for (uint32_t i = 0; i + length <= text_length; i++) {
    if (memcmp(text + i, name, length))
      continue;
    char before = i ? text[i - 1] : ' ';
    char after = i + length < text_length ? text[i + length] : ' ';
    bool word_before = before == '_' || (before >= '0' && before <= '9') ||
                       ((before | 32) >= 'a' && (before | 32) <= 'z');
    bool word_after = after == '_' || (after >= '0' && after <= '9') ||
                      ((after | 32) >= 'a' && (after | 32) <= 'z');
    if (!word_before && !word_after)
      return true;
  }
  return false;
}

/* `name = value` as a statement, with value not mentioning name: a fresh
 * string, not a grown one. */
static bool is_fresh_binding(const hl_check_context *context, TSNode statement,
                             const char *name, uint32_t length) {
  const hl_syntax *syntax = context->syntax;
  const char *source = context->model->source;
  if (ts_node_symbol(statement) != syntax->kind.expression_statement)
    return false;
  TSNode assignment = ts_node_named_child(statement, 0);
  if (ts_node_is_null(assignment) ||
      ts_node_symbol(assignment) != syntax->kind.assignment)
    return false;
  TSNode left = hl_model_field(context->model, assignment, syntax->field.left);
  TSNode right =
      hl_model_field(context->model, assignment, syntax->field.right);
  if (ts_node_is_null(left) || ts_node_is_null(right) ||
      ts_node_symbol(left) != syntax->kind.identifier)
    return false;
  uint32_t left_length;
  const char *left_text = hl_node_text(left, source, &left_length);
  return left_length == length && !memcmp(left_text, name, length) &&
         !mentions(source, right, name, length);
}

/* True when the concatenation cannot grow `name` across iterations of the
 * innermost loop: `name` is bound afresh earlier in the same iteration
 * (`p = "$Port"; ...; p = p + x`), or the statement's block leaves the loop
 * right after it (`s += x; break` in the only loop, `return`, `raise`). */
static bool once_per_iteration(const hl_check_context *context,
                               const hl_scope *scope, const char *name,
                               uint32_t length) {
  const hl_syntax *syntax = context->syntax;
  TSNode child = hl_check_ancestor(context, 1); /* the expression_statement */
  if (ts_node_is_null(child) ||
      ts_node_symbol(child) != syntax->kind.expression_statement)
    return false;
  for (uint32_t level = 2;; level++) {
    TSNode parent = hl_check_ancestor(context, level);
    if (ts_node_is_null(parent))
      return false;
    TSSymbol symbol = ts_node_symbol(parent);
    if (symbol == syntax->kind.for_statement ||
        symbol == syntax->kind.while_statement ||
        symbol == syntax->kind.function_definition ||
        symbol == syntax->kind.class_definition)
      return false;
    if (symbol == syntax->kind.block) {
      for (TSNode s = ts_node_prev_named_sibling(child); !ts_node_is_null(s);
           s = ts_node_prev_named_sibling(s))
        if (is_fresh_binding(context, s, name, length))
          return true;
      if (level == 2) /* the statement's own block */
        for (TSNode s = ts_node_next_named_sibling(child); !ts_node_is_null(s);
             s = ts_node_next_named_sibling(s)) {
          const char *type = ts_node_type(s);
          if (!strcmp(type, "return_statement") ||
              !strcmp(type, "raise_statement") ||
              (!strcmp(type, "break_statement") && scope->loop_depth == 1))
            return true;
        }
      TSNode owner = hl_check_ancestor(context, level + 1);
      if (!ts_node_is_null(owner) &&
          (ts_node_symbol(owner) == syntax->kind.for_statement ||
           ts_node_symbol(owner) == syntax->kind.while_statement))
        return false; /* reached the innermost loop's body */
    }
    child = parent;
  }
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
    if ((target_kind == KNOWN_STR || value_kind == KNOWN_STR) &&
        !once_per_iteration(context, scope, name, length))
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
  TSNode left = hl_model_field(context->model, node, syntax->field.left);
  TSNode right = hl_model_field(context->model, node, syntax->field.right);
  if (ts_node_is_null(left) || ts_node_is_null(right))
    return;
  const char *source = model->source;
  if (ts_node_symbol(node) == syntax->kind.augmented_assignment) {
    TSNode op = hl_model_field(context->model, node, syntax->field.operator);
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
    TSNode operand = hl_model_field(context->model, right, syntax->field.left);
    TSNode op = hl_model_field(context->model, right, syntax->field.operator);
    TSNode added = hl_model_field(context->model, right, syntax->field.right);
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
