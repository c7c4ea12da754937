/* HOT105 invariant-dotted-call-in-loop (target < 3.11): `name.attr(...)`
 * inside a loop of a function, where `name` is a local or parameter of the
 * function (including `self`) or a module imported at module level, and
 * nothing in that loop rebinds `name` or assigns `name.attr`. Reported
 * once per loop and dotted callee, at its first call.
 *
 * Deliberately not reported: longer chains (`os.path.join`, `self.a.b()`),
 * receivers that are not plain names (`"".join`, `f().x()`), globals that
 * are not imports, closure variables, names declared `global`/`nonlocal`,
 * dunder attributes, comprehension variables, calls in nested functions
 * or lambdas, and anything when the target version is 3.11 or newer
 * (the rule's version range; HOT104 gives the opposite advice there). */
#include "checks/checks.h"

#include "rules/rule.h"

#include <string.h>

enum { MAX_UP = 256 };

typedef struct call_candidate {
  struct call_candidate *next;
  TSNode call;
  const char *receiver;
  uint32_t receiver_length;
  const char *callee; /* `name.attr` as written */
  uint32_t callee_length;
  uint32_t loop_start, loop_end;
  TSSymbol loop_kind;
  int32_t function; /* for the pending finding */
} call_candidate;

/* A binding of a name (or an assignment to `name.attr`) made in a loop. */
typedef struct loop_binding {
  struct loop_binding *next;
  const char *text;
  uint32_t length;
  uint32_t position;
} loop_binding;

typedef struct call_scope {
  call_candidate *candidates;
  loop_binding *bindings;
} call_scope;

static bool same(const char *a, uint32_t a_length, const char *b,
                 uint32_t b_length) {
  return a_length == b_length && !memcmp(a, b, a_length);
}

static call_scope *scope_state(hl_check_context *context, hl_scope *scope,
                               bool create) {
  call_scope **slot = (call_scope **)&scope->check_data[context->slot];
  if (!*slot && create)
    *slot = hl_arena_calloc(context->model->arena, 1, sizeof(call_scope));
  return *slot;
}

static void add_binding(hl_check_context *context, hl_scope *scope,
                        const char *text, uint32_t length, uint32_t position) {
  call_scope *state = scope_state(context, scope, true);
  loop_binding *binding =
      hl_arena_calloc(context->model->arena, 1, sizeof(loop_binding));
  binding->text = text;
  binding->length = length;
  binding->position = position;
  binding->next = state->bindings;
  state->bindings = binding;
}

/* True if a comprehension's `for` clauses bind `name`. */
static bool comprehension_binds(const hl_check_context *context,
                                TSNode comprehension, const char *name,
                                uint32_t length) {
  const hl_syntax *syntax = context->syntax;
  uint32_t count = ts_node_named_child_count(comprehension);
  for (uint32_t i = 0; i < count; i++) {
    TSNode clause = ts_node_named_child(comprehension, i);
    if (ts_node_symbol(clause) != syntax->kind.for_in_clause)
      continue;
    TSNode stack[16];
    uint32_t depth = 0;
    TSNode left = hl_model_field(context->model, clause, syntax->field.left);
    if (ts_node_is_null(left))
      return true; /* be safe */
    stack[depth++] = left;
    while (depth) {
      TSNode node = stack[--depth];
      if (ts_node_symbol(node) == syntax->kind.identifier) {
        uint32_t text_length;
        const char *text =
            hl_node_text(node, context->model->source, &text_length);
        if (same(text, text_length, name, length))
          return true;
        continue;
      }
      uint32_t children = ts_node_named_child_count(node);
      if (children && depth + children > 16)
        return true; /* too deep to tell: be safe */
      for (uint32_t k = 0; k < children; k++)
        stack[depth++] = ts_node_named_child(node, k);
    }
  }
  return false;
}

static bool is_dunder(const char *text, uint32_t length) {
  return length > 4 && text[0] == '_' && text[1] == '_' &&
         text[length - 1] == '_' && text[length - 2] == '_';
}

/* False when `child` runs only on some paths through `node`: a branch of
 * an `if`, an `except` handler, one arm of `x if c else y` or `a or b`. */
static bool on_every_iteration(const hl_syntax *syntax, TSNode node,
                               TSNode child) {
  const hl_kinds *kind = &syntax->kind;
  TSSymbol symbol = ts_node_symbol(node);
  if (symbol == kind->if_statement) {
    TSNode condition = ts_node_child_by_field_id(node, syntax->field.condition);
    return !ts_node_is_null(condition) &&
           ts_node_start_byte(condition) == ts_node_start_byte(child);
  }
  if (symbol == kind->conditional_expression) {
    TSNode condition = ts_node_named_child(node, 1);
    return !ts_node_is_null(condition) &&
           ts_node_start_byte(condition) == ts_node_start_byte(child);
  }
  if (symbol == kind->boolean_operator) {
    TSNode left = ts_node_named_child(node, 0);
    return !ts_node_is_null(left) &&
           ts_node_start_byte(left) == ts_node_start_byte(child);
  }
  return symbol != kind->elif_clause && symbol != kind->else_clause &&
         symbol != kind->except_clause && symbol != kind->case_clause &&
         symbol != kind->match_statement;
}

static void on_call(hl_check_context *context, TSNode call) {
  hl_model *model = context->model;
  hl_scope *scope = hl_model_scope(model);
  if (scope->kind != HL_SCOPE_FUNCTION || !scope->loop_depth)
    return;
  const hl_syntax *syntax = context->syntax;
  TSNode function =
      hl_model_field(context->model, call, syntax->field.function);
  if (ts_node_is_null(function) ||
      ts_node_symbol(function) != syntax->kind.attribute)
    return;
  TSNode object =
      hl_model_field(context->model, function, syntax->field.object);
  TSNode attribute =
      hl_model_field(context->model, function, syntax->field.attribute);
  if (ts_node_is_null(object) || ts_node_is_null(attribute) ||
      ts_node_symbol(object) != syntax->kind.identifier)
    return;
  const char *source = model->source;
  uint32_t attribute_length;
  const char *attribute_text =
      hl_node_text(attribute, source, &attribute_length);
  if (is_dunder(attribute_text, attribute_length))
    return;
  uint32_t receiver_length;
  const char *receiver = hl_node_text(object, source, &receiver_length);
  if (hl_name_set_find(&scope->globals, receiver, receiver_length) ||
      hl_name_set_find(&scope->nonlocals, receiver, receiver_length))
    return;
  /* the innermost loop of this scope; comprehension variables on the way */
  TSNode loop = {0};
  TSNode child = call;
  for (uint32_t level = 1; level < MAX_UP; level++) {
    TSNode node = hl_check_ancestor(context, level);
    if (ts_node_is_null(node))
      return;
    TSSymbol symbol = ts_node_symbol(node);
    if (hl_is_comprehension(syntax, symbol) &&
        comprehension_binds(context, node, receiver, receiver_length))
      return;
    if ((symbol == syntax->kind.for_statement ||
         symbol == syntax->kind.while_statement ||
         hl_is_comprehension(syntax, symbol)) &&
        ts_node_start_byte(node) == scope->loop_start) {
      loop = node;
      break;
    }
    if (symbol == syntax->kind.function_definition ||
        symbol == syntax->kind.lambda)
      return;
    if (!on_every_iteration(syntax, node, child))
      return;
    child = node;
  }
  if (ts_node_is_null(loop))
    return;
  uint32_t callee_length;
  const char *callee = hl_node_text(function, source, &callee_length);
  call_scope *state = scope_state(context, scope, true);
  for (call_candidate *c = state->candidates; c; c = c->next)
    if (c->loop_start == scope->loop_start &&
        same(c->callee, c->callee_length, callee, callee_length))
      return; /* one finding per loop and callee */
  call_candidate *candidate =
      hl_arena_calloc(model->arena, 1, sizeof(call_candidate));
  candidate->call = call;
  candidate->receiver = receiver;
  candidate->receiver_length = receiver_length;
  candidate->callee = callee;
  candidate->callee_length = callee_length;
  candidate->loop_start = scope->loop_start;
  candidate->loop_end = ts_node_end_byte(loop);
  candidate->loop_kind = scope->loop_kind;
  candidate->function = scope->function;
  candidate->next = state->candidates;
  state->candidates = candidate;
}

/* `name.attr = ...` in a loop: the callee itself may change. */
static void on_assignment(hl_check_context *context, TSNode node) {
  hl_model *model = context->model;
  hl_scope *scope = hl_model_scope(model);
  if (scope->kind != HL_SCOPE_FUNCTION || !scope->loop_depth)
    return;
  TSNode left =
      hl_model_field(context->model, node, context->syntax->field.left);
  if (ts_node_is_null(left) ||
      ts_node_symbol(left) != context->syntax->kind.attribute)
    return;
  uint32_t length;
  const char *text = hl_node_text(left, model->source, &length);
  add_binding(context, scope, text, length, ts_node_start_byte(left));
}

static void on_node(hl_check_context *context, TSNode node) {
  if (ts_node_symbol(node) == context->syntax->kind.call)
    on_call(context, node);
  else
    on_assignment(context, node);
}

static void on_bind(hl_check_context *context, TSNode name, TSNode statement,
                    bool rebinds_global) {
  (void)rebinds_global;
  hl_model *model = context->model;
  hl_scope *scope = hl_model_scope(model);
  if (scope->kind != HL_SCOPE_FUNCTION)
    return;
  /* only bindings that can fall inside a loop: the loop's own target is
   * bound when the `for` is entered, before its body counts as a loop */
  if (!scope->loop_depth &&
      ts_node_symbol(statement) != context->syntax->kind.for_statement)
    return;
  uint32_t length;
  const char *text = hl_node_text(name, model->source, &length);
  add_binding(context, scope, text, length, ts_node_start_byte(name));
}

static bool rebound_in_loop(const call_scope *state,
                            const call_candidate *candidate) {
  for (const loop_binding *b = state->bindings; b; b = b->next) {
    if (b->position < candidate->loop_start ||
        b->position >= candidate->loop_end)
      continue;
    if (same(b->text, b->length, candidate->receiver,
             candidate->receiver_length) ||
        same(b->text, b->length, candidate->callee, candidate->callee_length))
      return true;
  }
  return false;
}

static void report(hl_check_context *context, const call_candidate *c) {
  hl_pending *pending =
      hl_model_report(context->model, context->rule,
                      ts_node_start_byte(c->call), ts_node_end_byte(c->call));
  pending->function = c->function;
  pending->scope_kind = HL_SCOPE_FUNCTION;
  pending->loop_start = c->loop_start;
  pending->loop_kind = c->loop_kind;
  pending->context |= HL_CONTEXT_FUNCTION | HL_CONTEXT_LOOP;
  hl_pending_capture(pending, "callee", c->callee, c->callee_length);
}

/* A module imported once at module level and not rebound (so far: imports
 * come first in practice, and rebinding a module name later is rare). */
static bool is_module_import(const hl_model *model, const char *name,
                             uint32_t length) {
  hl_name_entry *imported =
      hl_name_set_find(&model->module_imports, name, length);
  hl_name_entry *bound =
      hl_name_set_find(&model->module_bindings, name, length);
  return imported && imported->value == 1 && bound && bound->value == 1 &&
         !hl_name_set_find(&model->module_rebound, name, length);
}

static void on_scope_leave(hl_check_context *context, hl_scope *scope) {
  if (scope->kind != HL_SCOPE_FUNCTION)
    return;
  call_scope *state = scope_state(context, scope, false);
  if (!state)
    return;
  for (call_candidate *c = state->candidates; c; c = c->next) {
    if (rebound_in_loop(state, c))
      continue;
    if (hl_name_set_find(&scope->locals, c->receiver, c->receiver_length) ||
        is_module_import(context->model, c->receiver, c->receiver_length))
      report(context, c);
  }
}

static const char *const kinds[] = {"call", "assignment", NULL};

const hl_check hl_check_invariant_call = {
    .name = "invariant_call",
    .kinds = kinds,
    .on_node = on_node,
    .on_bind = on_bind,
    .on_scope_leave = on_scope_leave,
};
