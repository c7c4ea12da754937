/* HOT206 char-by-char-loop: `for ch in s` where `s` is a str literal, a
 *   `.read()` / `.read_text()` call, a name last bound from one of those or
 *   annotated `str` (assignment or parameter), and the body compares `ch`
 *   (`==`, `in`, `<`...), uses it as a subscript index (`table[ch]`) or
 *   passes it to `ord()`. Not reported: loops whose body only collects or
 *   forwards the characters, iterables of unknown type.
 *
 * Subtree scans use one tree cursor per candidate loop (after the cheap
 * filters), never per node, and no recursion. */
#include "checks/loop_shared.h"

#include <string.h>

/* A str literal (not bytes), or a `.read()` / `.read_text()` call. */
static bool is_text_source(const hl_syntax *syntax, const char *source,
                           TSNode node) {
  TSSymbol symbol = ts_node_symbol(node);
  if (symbol == syntax->kind.string) {
    TSNode start = ts_node_child(node, 0);
    if (ts_node_is_null(start) ||
        ts_node_symbol(start) != syntax->kind.string_start)
      return false;
    uint32_t length;
    const char *text = hl_node_text(start, source, &length);
    for (uint32_t i = 0; i < length && text[i] != '"' && text[i] != '\''; i++)
      if (text[i] == 'b' || text[i] == 'B')
        return false;
    return true;
  }
  if (symbol != syntax->kind.call)
    return false;
  TSNode function = ts_node_child_by_field_id(node, syntax->field.function);
  TSNode arguments = ts_node_child_by_field_id(node, syntax->field.arguments);
  if (ts_node_is_null(function) ||
      ts_node_symbol(function) != syntax->kind.attribute ||
      ts_node_is_null(arguments) ||
      ts_node_symbol(arguments) != syntax->kind.argument_list)
    return false;
  TSNode attribute =
      ts_node_child_by_field_id(function, syntax->field.attribute);
  if (ts_node_is_null(attribute))
    return false;
  if (hl_node_text_is(attribute, source, "read_text"))
    return true;
  /* f.read() reads everything; f.read(n) is a bounded chunk */
  return hl_node_text_is(attribute, source, "read") &&
         ts_node_named_child_count(arguments) == 0;
}

static hl_name_set *texts_of(hl_check_context *context, hl_scope *scope) {
  hl_name_set **set = (hl_name_set **)&scope->check_data[context->slot];
  if (!*set)
    *set = hl_arena_calloc(context->model->arena, 1, sizeof(hl_name_set));
  return *set;
}

static void char_on_bind(hl_check_context *context, TSNode name,
                         TSNode statement, bool rebinds_global) {
  (void)rebinds_global;
  hl_model *model = context->model;
  const hl_syntax *syntax = context->syntax;
  hl_scope *scope = hl_model_scope(model);
  if (scope->kind != HL_SCOPE_FUNCTION && scope->kind != HL_SCOPE_MODULE)
    return;
  uint32_t length;
  const char *text = hl_node_text(name, model->source, &length);
  uint32_t value = 0; /* 1: known text, 0: bound to something else */
  if (ts_node_symbol(statement) == syntax->kind.assignment &&
      ts_node_eq(hl_model_field(context->model, statement, syntax->field.left),
                 name)) {
    TSNode type = hl_model_field(context->model, statement, syntax->field.type);
    TSNode right =
        hl_model_field(context->model, statement, syntax->field.right);
    if (!ts_node_is_null(type))
      value = hl_node_text_is(type, model->source, "str");
    else if (!ts_node_is_null(right))
      value = is_text_source(syntax, model->source, right);
  }
  hl_name_set_add(texts_of(context, scope), model->arena, text, length)->value =
      value;
}

/* A parameter of the enclosing function annotated `str`. */
static bool is_str_parameter(const hl_syntax *syntax, const char *source,
                             hl_scope *scope, const char *name,
                             uint32_t length) {
  if (scope->kind != HL_SCOPE_FUNCTION)
    return false;
  TSNode parameters =
      ts_node_child_by_field_id(scope->node, syntax->field.parameters);
  if (ts_node_is_null(parameters))
    return false;
  uint32_t count = ts_node_named_child_count(parameters);
  for (uint32_t i = 0; i < count; i++) {
    TSNode parameter = ts_node_named_child(parameters, i);
    TSSymbol symbol = ts_node_symbol(parameter);
    TSNode identifier;
    if (symbol == syntax->kind.typed_parameter)
      identifier = ts_node_named_child(parameter, 0);
    else if (symbol == syntax->kind.typed_default_parameter)
      identifier = ts_node_child_by_field_id(parameter, syntax->field.name);
    else
      continue;
    if (ts_node_is_null(identifier) ||
        ts_node_symbol(identifier) != syntax->kind.identifier ||
        !hl_loop_same_text(identifier, source, name, length))
      continue;
    TSNode type = ts_node_child_by_field_id(parameter, syntax->field.type);
    return !ts_node_is_null(type) && hl_node_text_is(type, source, "str");
  }
  return false;
}

/* True if the loop body compares the character, indexes with it or passes
 * it to ord(). */
static bool does_char_work(const hl_syntax *syntax, const char *source,
                           TSNode body, const char *name, uint32_t length) {
  bool work = false;
  TSTreeCursor cursor = ts_tree_cursor_new(body);
  for (;;) {
    TSNode node = ts_tree_cursor_current_node(&cursor);
    TSSymbol symbol = ts_node_symbol(node);
    if (symbol == syntax->kind.identifier) {
      TSFieldId field = ts_tree_cursor_current_field_id(&cursor);
      if (field != syntax->field.attribute &&
          hl_loop_same_text(node, source, name, length)) {
        TSNode parent = ts_node_parent(node);
        TSSymbol parent_symbol = ts_node_symbol(parent);
        if (parent_symbol == syntax->kind.comparison_operator ||
            (parent_symbol == syntax->kind.subscript &&
             field != syntax->field.value)) {
          work = true;
        } else if (parent_symbol == syntax->kind.argument_list) {
          TSNode call = ts_node_parent(parent);
          TSNode function =
              ts_node_is_null(call)
                  ? call
                  : ts_node_child_by_field_id(call, syntax->field.function);
          work = !ts_node_is_null(function) &&
                 hl_node_text_is(function, source, "ord");
        }
        if (work)
          break;
      }
    } else if (symbol != syntax->kind.function_definition &&
               symbol != syntax->kind.class_definition &&
               symbol != syntax->kind.lambda &&
               ts_tree_cursor_goto_first_child(&cursor)) {
      continue;
    }
    if (!hl_cursor_skip_subtree(&cursor))
      break;
  }
  ts_tree_cursor_delete(&cursor);
  return work;
}

static void char_on_node(hl_check_context *context, TSNode loop) {
  hl_model *model = context->model;
  const hl_syntax *syntax = context->syntax;
  const char *source = model->source;
  hl_scope *scope = hl_model_scope(model);
  if (scope->kind != HL_SCOPE_FUNCTION && scope->kind != HL_SCOPE_MODULE)
    return;
  TSNode left = hl_model_field(context->model, loop, syntax->field.left);
  TSNode right = hl_model_field(context->model, loop, syntax->field.right);
  TSNode body = hl_model_field(context->model, loop, syntax->field.body);
  if (ts_node_is_null(left) || ts_node_is_null(right) ||
      ts_node_is_null(body) || ts_node_symbol(left) != syntax->kind.identifier)
    return;
  if (ts_node_symbol(right) == syntax->kind.identifier) {
    uint32_t length;
    const char *text = hl_node_text(right, source, &length);
    hl_name_set *texts = scope->check_data[context->slot];
    hl_name_entry *entry = texts ? hl_name_set_find(texts, text, length) : NULL;
    if (entry ? !entry->value
              : !is_str_parameter(syntax, source, scope, text, length))
      return;
  } else if (!is_text_source(syntax, source, right)) {
    return;
  }
  uint32_t length;
  const char *name = hl_node_text(left, source, &length);
  if (!does_char_work(syntax, source, body, name, length))
    return;
  hl_pending *pending = hl_model_report(
      model, context->rule, ts_node_start_byte(loop), ts_node_end_byte(loop));
  hl_pending_capture(pending, "char", name, length);
  uint32_t right_length;
  const char *right_text = hl_node_text(right, source, &right_length);
  hl_pending_capture(pending, "text", right_text, right_length);
}

static const char *const for_kinds[] = {"for_statement", NULL};

const hl_check hl_check_char_loop = {
    .name = "char_loop",
    .kinds = for_kinds,
    .on_node = char_on_node,
    .on_bind = char_on_bind,
};
