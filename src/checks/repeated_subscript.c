/* HOT106 repeated-subscript-in-loop: the same `name[index]` read two or
 * more times in one iteration of a loop of a function, where the index is a
 * name or a literal, the container is a local of the function, and neither
 * is written between the two reads.
 *
 * A read is remembered with the region in which a later read is certain to
 * follow it: the innermost block holding it, or the branch of a conditional
 * expression / the right operand of `and`/`or` it sits in. Anything that may
 * change the container or the index forgets the remembered reads: a binding
 * of either name, a store or `del` through `container[...]` or
 * `container.attr`, a method call on the container, passing either name to
 * a call, `yield` and `await`. A store made by a statement takes effect
 * when the statement ends, so reads inside it still pair up (the seed's
 * `z[i] = z[i] * z[i] + q[i]`), but not with reads after it.
 *
 * Deliberately not reported: attribute containers (`self.a[i]`: any call
 * could change them), computed indexes (`a[i + 1]`, `a[f(i)]`), slices,
 * globals and closure variables, reads in different branches of an `if`,
 * reads in different loops, and stores (`a[i] += 1` reads once). Aliasing
 * (`b = a; b[i] = 0`) is not tracked. */
#include "checks/checks.h"

#include <string.h>

enum { MAX_RECORDS = 48, MAX_DEFERRED = 16, MAX_UP = 256 };

typedef struct read_record {
  const char *text; /* the subscript expression */
  uint32_t length;
  const char *container;
  uint32_t container_length;
  const char *index; /* NULL for a literal index */
  uint32_t index_length;
  uint32_t loop_start;
  uint32_t region_start, region_end; /* a repeat must lie inside */
  uint32_t expire;                   /* dead from this byte on */
  bool reported;
} read_record;

/* A write that takes effect at `end` (length 0: any name). */
typedef struct deferred_write {
  const char *name;
  uint32_t length;
  uint32_t end;
} deferred_write;

typedef struct subscript_scope {
  struct subscript_scope *next_free; /* on the file's free list */
  read_record records[MAX_RECORDS];
  uint32_t count;
  deferred_write deferred[MAX_DEFERRED];
  uint32_t deferred_count;
  uint32_t store_start, store_end; /* targets of the current statement */
} subscript_scope;

static bool same(const char *a, uint32_t a_length, const char *b,
                 uint32_t b_length) {
  return a_length == b_length && !memcmp(a, b, a_length);
}

/* Per file: the scope states given back when their function ended, reused
 * by the next function (a module of many functions needs as many states as
 * functions nest, not as it has functions). */
typedef struct subscript_file {
  subscript_scope *free_list;
} subscript_file;

/* The state of the current scope when it is a function, else NULL. With
 * create, takes one (cleared) on first use. */
static subscript_scope *state_of(hl_check_context *context, bool create) {
  hl_scope *scope = hl_model_scope(context->model);
  if (scope->kind != HL_SCOPE_FUNCTION)
    return NULL;
  subscript_scope **slot =
      (subscript_scope **)&scope->check_data[context->slot];
  if (!*slot && create) {
    subscript_file *file = context->state;
    subscript_scope *state = file->free_list;
    if (state) {
      file->free_list = state->next_free;
      memset(state, 0, sizeof *state);
    } else {
      state = hl_arena_calloc(context->model->arena, 1, sizeof *state);
    }
    *slot = state;
  }
  return *slot;
}

static void on_scope_leave(hl_check_context *context, hl_scope *scope) {
  subscript_scope **slot =
      (subscript_scope **)&scope->check_data[context->slot];
  if (scope->kind != HL_SCOPE_FUNCTION || !*slot)
    return;
  subscript_file *file = context->state;
  (*slot)->next_free = file->free_list;
  file->free_list = *slot;
  *slot = NULL;
}

static void drop_record(subscript_scope *state, uint32_t i) {
  state->records[i] = state->records[--state->count];
}

/* Forgets the reads that involve `name` (every read when length is 0); a
 * write at `end` (nonzero) also kills reads made before it takes effect. */
static void invalidate(subscript_scope *state, const char *name,
                       uint32_t length, uint32_t end) {
  if (!state)
    return;
  for (uint32_t i = state->count; i-- > 0;) {
    read_record *r = &state->records[i];
    if (!length || same(r->container, r->container_length, name, length) ||
        (r->index && same(r->index, r->index_length, name, length)))
      drop_record(state, i);
  }
  if (end && state->deferred_count < MAX_DEFERRED) {
    deferred_write *d = &state->deferred[state->deferred_count++];
    d->name = name;
    d->length = length;
    d->end = end;
  } else if (end) {
    /* no room: be safe and forget everything from here on */
    state->deferred[MAX_DEFERRED - 1].length = 0;
    if (state->deferred[MAX_DEFERRED - 1].end < end)
      state->deferred[MAX_DEFERRED - 1].end = end;
  }
}

/* The identifier at the root of `x`, `x.a`, `x[i]`, or a null node. */
static TSNode root_name(const hl_syntax *syntax, TSNode node) {
  for (int guard = 0; guard < 16; guard++) {
    TSSymbol symbol = ts_node_symbol(node);
    if (symbol == syntax->kind.identifier)
      return node;
    if (symbol == syntax->kind.attribute)
      node = ts_node_child_by_field_id(node, syntax->field.object);
    else if (symbol == syntax->kind.subscript)
      node = ts_node_child_by_field_id(node, syntax->field.value);
    else
      break;
    if (ts_node_is_null(node))
      break;
  }
  return (TSNode){0};
}

/* A store target: `a[i]`, `a.x` (or a tuple of them) changes `a` when the
 * statement ends. Plain names are handled through on_bind. */
static void note_target(hl_check_context *context, subscript_scope *state,
                        TSNode target, uint32_t end) {
  const hl_syntax *syntax = context->syntax;
  TSNode stack[16];
  uint32_t depth = 0;
  stack[depth++] = target;
  while (depth) {
    TSNode node = stack[--depth];
    TSSymbol symbol = ts_node_symbol(node);
    if (symbol == syntax->kind.subscript || symbol == syntax->kind.attribute) {
      TSNode root = root_name(syntax, node);
      if (!ts_node_is_null(root)) {
        uint32_t length;
        const char *name = hl_node_text(root, context->model->source, &length);
        invalidate(state, name, length, end);
      }
    } else if (symbol == syntax->kind.pattern_list ||
               symbol == syntax->kind.tuple_pattern ||
               symbol == syntax->kind.list_pattern ||
               symbol == syntax->kind.tuple || symbol == syntax->kind.list ||
               symbol == syntax->kind.expression_list ||
               symbol == syntax->kind.parenthesized_expression ||
               symbol == syntax->kind.list_splat_pattern ||
               symbol == syntax->kind.list_splat) {
      uint32_t count = ts_node_named_child_count(node);
      for (uint32_t i = 0; i < count && depth < 16; i++)
        stack[depth++] = ts_node_named_child(node, i);
    }
  }
}

static void on_store_statement(hl_check_context *context, TSNode node,
                               TSNode targets) {
  /* the targets must be known before they are visited as subscripts */
  subscript_scope *state =
      state_of(context, hl_model_scope(context->model)->loop_depth > 0);
  if (!state)
    return;
  state->store_start = ts_node_start_byte(targets);
  state->store_end = ts_node_end_byte(targets);
  note_target(context, state, targets, ts_node_end_byte(node));
}

static void note_argument(hl_check_context *context, subscript_scope *state,
                          TSNode argument, uint32_t end) {
  const hl_syntax *syntax = context->syntax;
  TSSymbol symbol = ts_node_symbol(argument);
  if (symbol == syntax->kind.keyword_argument)
    argument = hl_model_field(context->model, argument, syntax->field.value);
  else if (symbol == syntax->kind.list_splat ||
           symbol == syntax->kind.dictionary_splat)
    argument = ts_node_named_child(argument, 0);
  if (ts_node_is_null(argument) ||
      ts_node_symbol(argument) != syntax->kind.identifier)
    return;
  uint32_t length;
  const char *name = hl_node_text(argument, context->model->source, &length);
  invalidate(state, name, length, end);
}

static void on_call(hl_check_context *context, TSNode call) {
  subscript_scope *state = state_of(context, false);
  if (!state || !state->count)
    return;
  const hl_syntax *syntax = context->syntax;
  uint32_t end = ts_node_end_byte(call);
  TSNode function =
      hl_model_field(context->model, call, syntax->field.function);
  if (!ts_node_is_null(function) &&
      ts_node_symbol(function) == syntax->kind.attribute) {
    TSNode object =
        hl_model_field(context->model, function, syntax->field.object);
    if (!ts_node_is_null(object) &&
        ts_node_symbol(object) == syntax->kind.identifier) {
      uint32_t length;
      const char *name = hl_node_text(object, context->model->source, &length);
      invalidate(state, name, length, end);
    }
  }
  TSNode arguments =
      hl_model_field(context->model, call, syntax->field.arguments);
  if (ts_node_is_null(arguments) ||
      ts_node_symbol(arguments) != syntax->kind.argument_list)
    return;
  uint32_t count = ts_node_named_child_count(arguments);
  for (uint32_t i = 0; i < count; i++)
    note_argument(context, state, ts_node_named_child(arguments, i), end);
}

/* Where a later read must lie to be certain to follow the read at the
 * current node: fills region and returns the innermost loop's node, or a
 * null node when the read is not in a loop body of this scope. */
static TSNode read_region(hl_check_context *context, uint32_t loop_start,
                          uint32_t *region_start, uint32_t *region_end) {
  const hl_syntax *syntax = context->syntax;
  const hl_kinds *kind = &syntax->kind;
  bool have_region = false;
  TSNode child = hl_check_ancestor(context, 0);
  for (uint32_t level = 1; level < MAX_UP; level++) {
    TSNode node = hl_check_ancestor(context, level);
    if (ts_node_is_null(node))
      break;
    TSSymbol symbol = ts_node_symbol(node);
    uint32_t start = ts_node_start_byte(node);
    if ((symbol == kind->for_statement || symbol == kind->while_statement ||
         hl_is_comprehension(syntax, symbol)) &&
        start == loop_start) {
      if (!have_region) {
        *region_start = ts_node_start_byte(child);
        *region_end = ts_node_end_byte(child);
      }
      return node;
    }
    if (symbol == kind->function_definition || symbol == kind->lambda ||
        symbol == kind->class_definition)
      break;
    if (symbol == kind->while_statement) {
      /* the condition of an inner `while` runs again and again with
       * values its body changes: neither a first read nor a repeat */
      TSNode condition =
          hl_model_field(context->model, node, syntax->field.condition);
      if (!ts_node_is_null(condition) &&
          ts_node_start_byte(condition) == ts_node_start_byte(child))
        break;
    }
    if (!have_region) {
      bool branch = false;
      if (symbol == kind->conditional_expression) {
        TSNode condition = ts_node_named_child(node, 1);
        branch = ts_node_is_null(condition) ||
                 ts_node_start_byte(condition) != ts_node_start_byte(child);
      } else if (symbol == kind->boolean_operator) {
        TSNode left = ts_node_named_child(node, 0);
        branch = ts_node_is_null(left) ||
                 ts_node_start_byte(left) != ts_node_start_byte(child);
      } else if (symbol == kind->block || symbol == kind->elif_clause ||
                 symbol == kind->else_clause || symbol == kind->if_clause ||
                 symbol == kind->case_clause || symbol == kind->except_clause) {
        /* a statement list, or a clause that runs only on some paths */
        *region_start = start;
        *region_end = ts_node_end_byte(node);
        have_region = true;
      }
      if (branch) {
        *region_start = ts_node_start_byte(child);
        *region_end = ts_node_end_byte(child);
        have_region = true;
      }
    }
    child = node;
  }
  return (TSNode){0};
}

static bool is_literal_index(const hl_kinds *kind, TSNode index) {
  TSSymbol symbol = ts_node_symbol(index);
  if (symbol == kind->integer || symbol == kind->string)
    return true;
  if (symbol == kind->unary_operator) {
    TSNode operand = ts_node_named_child(index, 0);
    return !ts_node_is_null(operand) &&
           ts_node_symbol(operand) == kind->integer;
  }
  return false;
}

static void on_subscript(hl_check_context *context, TSNode node) {
  hl_model *model = context->model;
  hl_scope *scope = hl_model_scope(model);
  if (scope->kind != HL_SCOPE_FUNCTION || !scope->loop_depth)
    return;
  const hl_syntax *syntax = context->syntax;
  const hl_kinds *kind = &syntax->kind;
  if (ts_node_named_child_count(node) != 2)
    return; /* a[i, j] */
  TSNode value = ts_node_named_child(node, 0);
  TSNode index = ts_node_named_child(node, 1);
  if (ts_node_symbol(value) != kind->identifier)
    return;
  bool named_index = ts_node_symbol(index) == kind->identifier;
  if (!named_index && !is_literal_index(kind, index))
    return;
  uint32_t start = ts_node_start_byte(node);
  subscript_scope *state = state_of(context, true);
  if (start >= state->store_start && start < state->store_end)
    return; /* a store target, or inside one */
  const char *source = model->source;
  uint32_t container_length;
  const char *container = hl_node_text(value, source, &container_length);
  if (!hl_name_set_find(&scope->locals, container, container_length) ||
      hl_name_set_find(&scope->globals, container, container_length) ||
      hl_name_set_find(&scope->nonlocals, container, container_length))
    return;
  read_record record;
  memset(&record, 0, sizeof record);
  record.expire = UINT32_MAX;
  if (ts_node_is_null(read_region(context, scope->loop_start,
                                  &record.region_start, &record.region_end)))
    return;
  uint32_t length;
  const char *text = hl_node_text(node, source, &length);
  for (uint32_t i = state->count; i-- > 0;) {
    read_record *r = &state->records[i];
    if (start >= r->expire || start >= r->region_end) {
      drop_record(state, i);
      continue;
    }
    if (r->loop_start != scope->loop_start ||
        !same(r->text, r->length, text, length))
      continue;
    if (start < r->region_start || ts_node_end_byte(node) > r->region_end)
      continue;
    if (!r->reported) {
      r->reported = true;
      hl_pending *pending =
          hl_model_report(model, context->rule, start, ts_node_end_byte(node));
      hl_pending_capture(pending, "subscript", text, length);
    }
    return;
  }
  record.text = text;
  record.length = length;
  record.container = container;
  record.container_length = container_length;
  if (named_index)
    record.index = hl_node_text(index, source, &record.index_length);
  record.loop_start = scope->loop_start;
  /* writes made by enclosing statements land when those end */
  uint32_t kept = 0;
  for (uint32_t i = 0; i < state->deferred_count; i++) {
    deferred_write *d = &state->deferred[i];
    if (d->end <= start)
      continue;
    state->deferred[kept++] = *d;
    if ((!d->length || same(d->name, d->length, container, container_length) ||
         (record.index &&
          same(d->name, d->length, record.index, record.index_length))) &&
        d->end < record.expire)
      record.expire = d->end;
  }
  state->deferred_count = kept;
  if (state->count < MAX_RECORDS)
    state->records[state->count++] = record;
}

static void on_node(hl_check_context *context, TSNode node) {
  const hl_syntax *syntax = context->syntax;
  const hl_kinds *kind = &syntax->kind;
  TSSymbol symbol = ts_node_symbol(node);
  if (symbol == kind->subscript) {
    on_subscript(context, node);
  } else if (symbol == kind->call) {
    on_call(context, node);
  } else if (symbol == kind->assignment ||
             symbol == kind->augmented_assignment) {
    TSNode left = hl_model_field(context->model, node, syntax->field.left);
    if (!ts_node_is_null(left))
      on_store_statement(context, node, left);
  } else if (symbol == kind->delete_statement) {
    on_store_statement(context, node, node);
  } else if (symbol == kind->yield || symbol == kind->await) {
    subscript_scope *state = state_of(context, false);
    invalidate(state, "", 0, ts_node_end_byte(node));
  }
}

static void on_bind(hl_check_context *context, TSNode name, TSNode statement,
                    bool rebinds_global) {
  (void)rebinds_global;
  subscript_scope *state = state_of(context, false);
  if (!state)
    return;
  const hl_kinds *kind = &context->syntax->kind;
  TSSymbol symbol = ts_node_symbol(statement);
  uint32_t end = symbol == kind->assignment ||
                         symbol == kind->augmented_assignment ||
                         symbol == kind->named_expression
                     ? ts_node_end_byte(statement)
                     : 0;
  uint32_t length;
  const char *text = hl_node_text(name, context->model->source, &length);
  invalidate(state, text, length, end);
}

static const char *const kinds[] = {
    "subscript",        "call",  "assignment", "augmented_assignment",
    "delete_statement", "yield", "await",      NULL};

const hl_check hl_check_repeated_subscript = {
    .name = "repeated_subscript",
    .kinds = kinds,
    .state_size = sizeof(subscript_file),
    .on_node = on_node,
    .on_bind = on_bind,
    .on_scope_leave = on_scope_leave,
};
