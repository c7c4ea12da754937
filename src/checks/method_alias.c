/* HOT104 method-alias-in-function (target >= 3.11): `append = out.append`,
 * `sqrt = math.sqrt`, `_abs = abs` in a function, after which the alias is
 * only ever called. Candidates are collected per function and decided when
 * the function ends: any use that is not a call, any rebinding of the alias
 * or of the receiver drops the candidate. */
#include "checks/checks.h"

#include "rules/rule.h"

#include <string.h>

typedef struct alias_candidate {
  struct alias_candidate *next;
  const char *name;
  uint32_t name_length;
  uint32_t name_start;  /* the defining identifier */
  const char *receiver; /* root name of the target, or NULL for a builtin */
  uint32_t receiver_length;
  TSNode statement;
  TSNode target;
  uint32_t calls;
  bool dropped;
  uint32_t loop_start; /* the defining statement's loop, for hotness */
  TSSymbol loop_kind;
} alias_candidate;

static alias_candidate **candidates_of(hl_check_context *context,
                                       hl_scope *scope) {
  return (alias_candidate **)&scope->check_data[context->slot];
}

static bool same(const char *a, uint32_t a_length, const char *b,
                 uint32_t b_length) {
  return a_length == b_length && !memcmp(a, b, a_length);
}

/* The candidate for name in the innermost function scopes, or NULL. */
static alias_candidate *find_candidate(hl_check_context *context,
                                       const char *name, uint32_t length) {
  hl_model *model = context->model;
  for (size_t i = model->scopes.count; i-- > 0;) {
    hl_scope *scope = &model->scopes.items[i];
    if (scope->kind != HL_SCOPE_FUNCTION)
      continue;
    for (alias_candidate *c = *candidates_of(context, scope); c; c = c->next)
      if (!c->dropped && same(c->name, c->name_length, name, length))
        return c;
    if (hl_name_set_find(&scope->locals, name, length))
      return NULL; /* shadowed by a local of an inner function */
  }
  return NULL;
}

static bool is_dunder(const char *text, uint32_t length) {
  return length > 4 && text[0] == '_' && text[1] == '_' &&
         text[length - 1] == '_' && text[length - 2] == '_';
}

/* `m = obj.m` as a statement of a `try:` whose handler catches
 * AttributeError: a probe for the attribute (legacy APIs), not an alias made
 * for speed; calling directly would change what the handler catches. */
static bool is_attribute_probe(hl_check_context *context) {
  const hl_syntax *syntax = context->syntax;
  TSNode statement = hl_check_ancestor(context, 1);
  TSNode block = hl_check_ancestor(context, 2);
  TSNode try_statement = hl_check_ancestor(context, 3);
  if (ts_node_is_null(statement) || ts_node_is_null(block) ||
      ts_node_is_null(try_statement) ||
      ts_node_symbol(statement) != syntax->kind.expression_statement ||
      ts_node_symbol(block) != syntax->kind.block ||
      ts_node_symbol(try_statement) != syntax->kind.try_statement)
    return false;
  uint32_t count = ts_node_named_child_count(try_statement);
  for (uint32_t i = 0; i < count; i++) {
    TSNode clause = ts_node_named_child(try_statement, i);
    if (ts_node_symbol(clause) != syntax->kind.except_clause)
      continue;
    TSNode caught = ts_node_named_child(clause, 0);
    if (ts_node_is_null(caught) || ts_node_symbol(caught) == syntax->kind.block)
      continue;
    uint32_t length;
    const char *text = hl_node_text(caught, context->model->source, &length);
    for (uint32_t j = 0; j + 14 <= length; j++)
      if (!memcmp(text + j, "AttributeError", 14))
        return true;
  }
  return false;
}

static bool is_word_char(char c) {
  return c == '_' || (c >= '0' && c <= '9') ||
         ((c | 32) >= 'a' && (c | 32) <= 'z');
}

/* `timer = self.timer` where the class assigns `self.timer = ...`: an
 * instance attribute holding a function, not a method; the direct call gets
 * no method specialisation, so the alias is not slower. */
static bool is_instance_data(const hl_check_context *context,
                             const hl_scope *scope, TSNode right) {
  const hl_syntax *syntax = context->syntax;
  const char *source = context->model->source;
  if (!scope->self_name)
    return false;
  TSNode object = hl_model_field(context->model, right, syntax->field.object);
  TSNode attribute =
      hl_model_field(context->model, right, syntax->field.attribute);
  if (ts_node_is_null(object) || ts_node_is_null(attribute) ||
      ts_node_symbol(object) != syntax->kind.identifier)
    return false;
  uint32_t self_length;
  const char *self_text = hl_node_text(object, source, &self_length);
  if (self_length != scope->self_length ||
      memcmp(self_text, scope->self_name, self_length))
    return false;
  /* the class whose body holds the method's def */
  if (scope->class_index < 0)
    return false;
  TSNode owner = context->model->classes.items[scope->class_index].node;
  if (ts_node_is_null(owner) ||
      ts_node_symbol(owner) != syntax->kind.class_definition)
    return false;
  uint32_t name_length, length;
  const char *name = hl_node_text(attribute, source, &name_length);
  const char *text = hl_node_text(owner, source, &length);
  /* `self.NAME =` anywhere in the class. A method of a large class is scanned
   * once per assignment, so the scan jumps from dot to dot with memchr. */
  for (uint32_t dot = self_length + 1; dot + 1 + name_length < length; dot++) {
    const char *next = memchr(text + dot, '.', length - dot);
    if (!next)
      break;
    dot = (uint32_t)(next - text);
    if (dot + 1 + name_length >= length)
      break;
    uint32_t i = dot - self_length; /* where the receiver would start */
    if (is_word_char(text[i - 1]) || memcmp(text + i, self_text, self_length) ||
        memcmp(text + dot + 1, name, name_length))
      continue;
    uint32_t j = dot + 1 + name_length;
    if (j < length && is_word_char(text[j]))
      continue;
    while (j < length && text[j] == ' ')
      j++;
    if (j + 1 < length && text[j] == '=' && text[j + 1] != '=')
      return true;
  }
  return false;
}

static void consider_assignment(hl_check_context *context, TSNode node) {
  hl_model *model = context->model;
  const hl_syntax *syntax = context->syntax;
  hl_scope *scope = hl_model_scope(model);
  if (scope->kind != HL_SCOPE_FUNCTION)
    return;
  TSNode left = hl_model_field(context->model, node, syntax->field.left);
  TSNode right = hl_model_field(context->model, node, syntax->field.right);
  if (ts_node_is_null(left) || ts_node_is_null(right) ||
      ts_node_symbol(left) != syntax->kind.identifier)
    return;
  uint32_t length;
  const char *name = hl_node_text(left, model->source, &length);
  hl_name_entry *bound = hl_name_set_find(&scope->locals, name, length);
  if (!bound || bound->value != 1)
    return; /* bound more than once: not a plain alias */
  const char *receiver = NULL;
  uint32_t receiver_length = 0;
  TSSymbol symbol = ts_node_symbol(right);
  if (symbol == syntax->kind.attribute) {
    TSNode attribute =
        hl_model_field(context->model, right, syntax->field.attribute);
    if (ts_node_is_null(attribute))
      return;
    uint32_t attribute_length;
    const char *attribute_text =
        hl_node_text(attribute, model->source, &attribute_length);
    if (is_dunder(attribute_text, attribute_length))
      return;
    /* `Parameter = cls._parameter_cls`: a class bound to a CapWords name,
     * called to construct; no method call for the interpreter to specialise */
    if (name[0] >= 'A' && name[0] <= 'Z')
      return;
    if (is_attribute_probe(context) || is_instance_data(context, scope, right))
      return;
    TSNode root = right;
    for (int guard = 0;
         guard < 32 && ts_node_symbol(root) == syntax->kind.attribute; guard++)
      root = hl_model_field(context->model, root, syntax->field.object);
    if (ts_node_is_null(root) ||
        ts_node_symbol(root) != syntax->kind.identifier)
      return; /* f().x, a[0].x: not a stable receiver */
    receiver = hl_node_text(root, model->source, &receiver_length);
  } else if (symbol == syntax->kind.identifier) {
    uint32_t target_length;
    const char *target = hl_node_text(right, model->source, &target_length);
    if (!hl_is_builtin_name(target, target_length) ||
        hl_name_set_find(&scope->locals, target, target_length) ||
        hl_name_set_find(&model->module_bindings, target, target_length))
      return;
    /* only callables are aliased for speed; `x = True` is not an alias */
    if (target[0] >= 'A' && target[0] <= 'Z')
      return;
  } else {
    return;
  }
  alias_candidate *candidate =
      hl_arena_calloc(model->arena, 1, sizeof(alias_candidate));
  candidate->name = name;
  candidate->name_length = length;
  candidate->name_start = ts_node_start_byte(left);
  candidate->receiver = receiver;
  candidate->receiver_length = receiver_length;
  candidate->statement = node;
  candidate->target = right;
  candidate->loop_start = scope->loop_depth ? scope->loop_start : UINT32_MAX;
  candidate->loop_kind = scope->loop_kind;
  alias_candidate **list = candidates_of(context, scope);
  candidate->next = *list;
  *list = candidate;
  hl_check_watch(context); /* its uses are identifiers */
}

static void consider_identifier(hl_check_context *context, TSNode node) {
  hl_model *model = context->model;
  const hl_syntax *syntax = context->syntax;
  uint32_t length;
  const char *name = hl_node_text(node, model->source, &length);
  alias_candidate *candidate = find_candidate(context, name, length);
  if (!candidate || candidate->name_start == ts_node_start_byte(node))
    return;
  TSFieldId field = hl_check_ancestor_field(context, 0);
  TSNode parent = hl_check_ancestor(context, 1);
  if (field == syntax->field.attribute)
    return; /* x.append is not a use of `append` */
  if (!ts_node_is_null(parent) &&
      ts_node_symbol(parent) == syntax->kind.keyword_argument &&
      field == syntax->field.name)
    return;
  if (!ts_node_is_null(parent) && ts_node_symbol(parent) == syntax->kind.call &&
      field == syntax->field.function) {
    candidate->calls++;
    return;
  }
  candidate->dropped = true;
}

static void on_node(hl_check_context *context, TSNode node) {
  if (ts_node_symbol(node) == context->syntax->kind.identifier)
    consider_identifier(context, node);
  else
    consider_assignment(context, node);
}

static void on_bind(hl_check_context *context, TSNode name, TSNode statement,
                    bool rebinds_global) {
  (void)statement;
  (void)rebinds_global;
  if (!context->watching)
    return; /* no alias anywhere open */
  hl_model *model = context->model;
  hl_scope *scope = hl_model_function_scope(model);
  if (!scope)
    return;
  uint32_t length;
  const char *text = hl_node_text(name, model->source, &length);
  for (alias_candidate *c = *candidates_of(context, scope); c; c = c->next) {
    if (c->name_start == ts_node_start_byte(name))
      continue;
    if (same(c->name, c->name_length, text, length) ||
        (c->receiver && same(c->receiver, c->receiver_length, text, length)))
      c->dropped = true;
  }
}

static void on_scope_leave(hl_check_context *context, hl_scope *scope) {
  if (scope->kind != HL_SCOPE_FUNCTION)
    return;
  hl_model *model = context->model;
  for (alias_candidate *c = *candidates_of(context, scope); c; c = c->next) {
    hl_check_unwatch(context);
    if (c->dropped || !c->calls)
      continue;
    hl_pending *pending =
        hl_model_report(model, context->rule, ts_node_start_byte(c->statement),
                        ts_node_end_byte(c->statement));
    pending->loop_start = c->loop_start;
    pending->loop_kind = c->loop_kind;
    if (c->loop_start != UINT32_MAX)
      pending->context |= HL_CONTEXT_LOOP;
    hl_pending_capture(pending, "alias", c->name, c->name_length);
    uint32_t length;
    const char *target = hl_node_text(c->target, model->source, &length);
    hl_pending_capture(pending, "target", target, length);
  }
}

static const char *const kinds[] = {"assignment", NULL};
/* uses of an alias, while one is open */
static const char *const watch_kinds[] = {"identifier", NULL};

const hl_check hl_check_method_alias = {
    .name = "method_alias",
    .kinds = kinds,
    .watch_kinds = watch_kinds,
    .on_node = on_node,
    .on_bind = on_bind,
    .on_scope_leave = on_scope_leave,
};
