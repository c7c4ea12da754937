/* HOT204 membership-in-list: `x in [a, b, c]` where the list display holds
 * three or more hashable literals (a set display of literals becomes one
 * frozenset constant), and `x in name` inside a loop where `name` is a
 * function local bound once to such a display and otherwise only used as
 * the right operand of `in` or as a `for` iterable.
 *
 * Deliberately not reported: displays with fewer than three elements (a
 * scan of one or two items costs about as much as a hash), displays with
 * any element that is not a literal (names, calls, f-strings: a set of them
 * may not hash, and a non-constant set display is rebuilt on every
 * evaluation), locals that are rebound, mutated, passed anywhere, returned
 * or used in a nested function or lambda. */
#include "checks/checks.h"

#include "rules/rule.h"

#include <string.h>

enum { MIN_ELEMENTS = 3 };

typedef struct membership_use {
  struct membership_use *next;
  TSNode comparison;
  uint32_t loop_start;
  TSSymbol loop_kind;
} membership_use;

typedef struct list_candidate {
  struct list_candidate *next;
  const char *name;
  uint32_t name_length;
  uint32_t name_start; /* the defining identifier */
  membership_use *uses;
  bool dropped;
} list_candidate;

static list_candidate **candidates_of(hl_check_context *context,
                                      hl_scope *scope) {
  return (list_candidate **)&scope->check_data[context->slot];
}

static bool is_plain_string(const hl_kinds *kind, TSNode string) {
  uint32_t count = ts_node_named_child_count(string);
  for (uint32_t i = 0; i < count; i++)
    if (ts_node_symbol(ts_node_named_child(string, i)) == kind->interpolation)
      return false; /* an f-string is not a constant */
  return true;
}

/* A literal whose value is a constant that hashes: str/bytes without
 * interpolation, numbers (signed too), True/False/None, `...`, and tuples
 * of those (one level). */
static bool is_hashable_literal(const hl_kinds *kind, TSNode node,
                                bool allow_tuple) {
  TSSymbol symbol = ts_node_symbol(node);
  if (symbol == kind->integer || symbol == kind->float_ ||
      symbol == kind->true_ || symbol == kind->false_ || symbol == kind->none ||
      symbol == kind->ellipsis)
    return true;
  if (symbol == kind->string)
    return is_plain_string(kind, node);
  if (symbol == kind->concatenated_string) {
    uint32_t count = ts_node_named_child_count(node);
    for (uint32_t i = 0; i < count; i++) {
      TSNode part = ts_node_named_child(node, i);
      if (ts_node_symbol(part) == kind->string && !is_plain_string(kind, part))
        return false;
    }
    return true;
  }
  if (symbol == kind->unary_operator) {
    TSNode operand = ts_node_named_child(node, 0);
    if (ts_node_is_null(operand))
      return false;
    TSSymbol inner = ts_node_symbol(operand);
    return inner == kind->integer || inner == kind->float_;
  }
  if (symbol == kind->tuple && allow_tuple) {
    uint32_t count = ts_node_named_child_count(node);
    for (uint32_t i = 0; i < count; i++) {
      TSNode element = ts_node_named_child(node, i);
      if (ts_node_symbol(element) != kind->comment &&
          !is_hashable_literal(kind, element, false))
        return false;
    }
    return true;
  }
  return false;
}

/* A list display of at least MIN_ELEMENTS hashable literals. */
static bool is_literal_list(const hl_kinds *kind, TSNode list) {
  if (ts_node_symbol(list) != kind->list)
    return false;
  uint32_t count = ts_node_named_child_count(list);
  if (count < MIN_ELEMENTS)
    return false;
  uint32_t elements = 0;
  for (uint32_t i = 0; i < count; i++) {
    TSNode element = ts_node_named_child(list, i);
    if (ts_node_symbol(element) == kind->comment)
      continue;
    if (!is_hashable_literal(kind, element, true))
      return false;
    elements++;
  }
  return elements >= MIN_ELEMENTS;
}

/* True if the anonymous token just before `operand` is `in` / `not in`. */
static bool follows_in(const char *source, TSNode operand) {
  TSNode op = ts_node_prev_sibling(operand);
  if (ts_node_is_null(op) || ts_node_is_named(op))
    return false;
  return hl_node_text_is(op, source, "in") ||
         hl_node_text_is(op, source, "not in");
}

static void report_list(hl_check_context *context, TSNode comparison,
                        TSNode list) {
  hl_pending *pending = hl_model_report(context->model, context->rule,
                                        ts_node_start_byte(comparison),
                                        ts_node_end_byte(comparison));
  uint32_t length;
  const char *text = hl_node_text(list, context->model->source, &length);
  hl_pending_capture(pending, "container", text, length);
  /* fix: the list display becomes a set display (every element is a
   * hashable literal, so it becomes one frozenset constant) */
  uint32_t children = ts_node_child_count(list);
  TSNode open = ts_node_child(list, 0);
  TSNode close = ts_node_child(list, children - 1);
  if (children >= 2 && hl_node_text_is(open, context->model->source, "[") &&
      hl_node_text_is(close, context->model->source, "]")) {
    hl_pending_add_edit(context->model, pending, ts_node_start_byte(open),
                        ts_node_end_byte(open), "{", 1);
    hl_pending_add_edit(context->model, pending, ts_node_start_byte(close),
                        ts_node_end_byte(close), "}", 1);
  }
}

static void on_comparison(hl_check_context *context, TSNode node) {
  const hl_kinds *kind = &context->syntax->kind;
  uint32_t count = ts_node_named_child_count(node);
  for (uint32_t i = 1; i < count; i++) {
    TSNode operand = ts_node_named_child(node, i);
    if (ts_node_symbol(operand) == kind->list &&
        follows_in(context->model->source, operand) &&
        is_literal_list(kind, operand))
      report_list(context, node, operand);
  }
}

static void on_assignment(hl_check_context *context, TSNode node) {
  hl_model *model = context->model;
  const hl_syntax *syntax = context->syntax;
  hl_scope *scope = hl_model_scope(model);
  if (scope->kind != HL_SCOPE_FUNCTION)
    return;
  TSNode left = hl_model_field(context->model, node, syntax->field.left);
  TSNode right = hl_model_field(context->model, node, syntax->field.right);
  if (ts_node_is_null(left) || ts_node_is_null(right) ||
      ts_node_symbol(left) != syntax->kind.identifier ||
      ts_node_symbol(right) != syntax->kind.list ||
      !is_literal_list(&syntax->kind, right))
    return;
  uint32_t length;
  const char *name = hl_node_text(left, model->source, &length);
  if (hl_name_set_find(&scope->globals, name, length) ||
      hl_name_set_find(&scope->nonlocals, name, length))
    return;
  list_candidate *candidate =
      hl_arena_calloc(model->arena, 1, sizeof(list_candidate));
  candidate->name = name;
  candidate->name_length = length;
  candidate->name_start = ts_node_start_byte(left);
  list_candidate **list = candidates_of(context, scope);
  candidate->next = *list;
  *list = candidate;
  hl_check_watch(context); /* its uses are identifiers */
}

/* The candidate named by the identifier, in the innermost function scope
 * that binds the name, or NULL. Sets *nested when the use is in a scope
 * inside that function (a nested def or lambda). */
static list_candidate *find_candidate(hl_check_context *context,
                                      const char *name, uint32_t length,
                                      bool *nested) {
  hl_model *model = context->model;
  *nested = false;
  for (size_t i = model->scopes.count; i-- > 0;) {
    hl_scope *scope = &model->scopes.items[i];
    if (scope->kind == HL_SCOPE_FUNCTION) {
      for (list_candidate *c = *candidates_of(context, scope); c; c = c->next)
        if (c->name_length == length && !memcmp(c->name, name, length))
          return c;
      if (hl_name_set_find(&scope->locals, name, length))
        return NULL; /* a local of an inner function */
    }
    if (scope->kind == HL_SCOPE_MODULE || scope->kind == HL_SCOPE_CLASS)
      return NULL;
    *nested = true;
  }
  return NULL;
}

static void on_identifier(hl_check_context *context, TSNode node) {
  hl_model *model = context->model;
  const hl_syntax *syntax = context->syntax;
  uint32_t length;
  const char *name = hl_node_text(node, model->source, &length);
  bool nested;
  list_candidate *candidate = find_candidate(context, name, length, &nested);
  if (!candidate || candidate->dropped ||
      candidate->name_start == ts_node_start_byte(node))
    return;
  TSFieldId field = hl_check_ancestor_field(context, 0);
  TSNode parent = hl_check_ancestor(context, 1);
  if (field == syntax->field.attribute)
    return; /* obj.name is not a use of the local */
  if (ts_node_is_null(parent) || nested) {
    candidate->dropped = true;
    return;
  }
  TSSymbol parent_symbol = ts_node_symbol(parent);
  if (parent_symbol == syntax->kind.keyword_argument &&
      field == syntax->field.name)
    return; /* f(name=...) */
  if ((parent_symbol == syntax->kind.for_statement ||
       parent_symbol == syntax->kind.for_in_clause) &&
      field == syntax->field.right)
    return; /* iterated: only read */
  if (parent_symbol == syntax->kind.comparison_operator &&
      ts_node_start_byte(node) != ts_node_start_byte(parent) &&
      follows_in(model->source, node)) {
    hl_scope *scope = hl_model_scope(model);
    if (!scope->loop_depth)
      return;
    membership_use *use =
        hl_arena_calloc(model->arena, 1, sizeof(membership_use));
    use->comparison = parent;
    use->loop_start = scope->loop_start;
    use->loop_kind = scope->loop_kind;
    use->next = candidate->uses;
    candidate->uses = use;
    return;
  }
  candidate->dropped = true; /* anything else may mutate or keep it */
}

static void on_node(hl_check_context *context, TSNode node) {
  TSSymbol symbol = ts_node_symbol(node);
  const hl_kinds *kind = &context->syntax->kind;
  if (symbol == kind->identifier)
    on_identifier(context, node);
  else if (symbol == kind->comparison_operator)
    on_comparison(context, node);
  else
    on_assignment(context, node);
}

static void on_scope_leave(hl_check_context *context, hl_scope *scope) {
  if (scope->kind != HL_SCOPE_FUNCTION)
    return;
  hl_model *model = context->model;
  for (list_candidate *c = *candidates_of(context, scope); c; c = c->next) {
    hl_check_unwatch(context);
    if (c->dropped || !c->uses)
      continue;
    hl_name_entry *bound =
        hl_name_set_find(&scope->locals, c->name, c->name_length);
    if (!bound || bound->value != 1)
      continue; /* rebound (or a parameter given a new value) */
    for (membership_use *use = c->uses; use; use = use->next) {
      hl_pending *pending = hl_model_report(model, context->rule,
                                            ts_node_start_byte(use->comparison),
                                            ts_node_end_byte(use->comparison));
      pending->loop_start = use->loop_start;
      pending->loop_kind = use->loop_kind;
      pending->context |= HL_CONTEXT_LOOP;
      hl_pending_capture(pending, "container", c->name, c->name_length);
    }
  }
}

static const char *const kinds[] = {"comparison_operator", "assignment", NULL};
/* uses of a candidate, while one is open */
static const char *const watch_kinds[] = {"identifier", NULL};

const hl_check hl_check_membership_list = {
    .name = "membership_list",
    .kinds = kinds,
    .watch_kinds = watch_kinds,
    .on_node = on_node,
    .on_scope_leave = on_scope_leave,
};
