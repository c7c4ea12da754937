/* HOT302 inconsistent-instance-shape: in a plain class (no bases but
 * `object`, no decorator, no `__slots__`, no `__getattr__` / `__setattr__` /
 * `__delattr__`, no `setattr(...)` / `vars(...)` / `__dict__` in its code),
 * an instance attribute that
 *   - is first assigned in a method other than `__init__` and the methods
 *     `__init__` reaches through `self.m()`, `Cls.m(self)` or a property
 *     setter run by `self.x = ...` (transitively), or
 *   - is assigned in `__init__` only on some paths: under an `if` whose
 *     branches do not all assign it (a branch ending in `raise`/`return`
 *     counts as covering; no `else` means not covered), in a loop body, an
 *     `except` handler or a `case`.
 * One finding per attribute, on its first offending assignment; the level
 * comes from where the class is instantiated (like HOT301). Decided when
 * the class scope closes.
 *
 * Not reported: attributes with a class-level default (a class-body name),
 * dunder attributes, attributes named in `hasattr(self, "x")` /
 * `getattr(self, "x", ...)` / `delattr(self, "x")` anywhere in the class,
 * assignments under an `if` that tests `hasattr`/`getattr` or in an
 * `except AttributeError` handler (lazy caches), assignments in methods that
 * set an object up outside `__init__` on purpose (`setUp`, `setUpClass`,
 * `asyncSetUp`, `__new__`, `__setstate__`, `__enter__`, `__aenter__`,
 * `__post_init__`, `__set_name__`, `__getattr__`, `__getattribute__`,
 * `__init_subclass__`, `__class_getitem__`, their helpers, classmethods and
 * staticmethods) and attributes those methods assign. Different assignment
 * orders on different paths and early `return`s in `__init__` are not
 * detected; helpers called from `__init__` are taken as always run. */
#include "checks/checks.h"

#include <string.h>

typedef struct shape_record {
  const char *name;
  uint32_t length;
  uint32_t start, end; /* the assignment statement */
  int32_t function;    /* method index */
  bool definite;       /* in __init__: assigned on every path */
  bool guarded;        /* in an `except AttributeError` handler */
} shape_record;

/* self.m() / Base.m(self) made by method `caller`; or, with caller -1, a
 * class-body `alias = property(callee, ...)`, which `self.alias = v`
 * reaches. */
typedef struct self_call {
  int32_t caller;
  const char *callee;
  uint32_t length;
  const char *alias;
  uint32_t alias_length;
} self_call;

typedef struct shape_facts {
  shape_record *records;
  uint32_t record_count, record_capacity;
  self_call *calls;
  uint32_t call_count, call_capacity;
  hl_name_set guarded_names; /* hasattr/getattr/delattr(self, "x") */
  bool dynamic;              /* vars(self), setattr(self), __dict__ */
} shape_facts;

typedef struct shape_state {
  hl_class_table classes; /* shape_facts per class */
} shape_state;

static shape_facts *facts_for(hl_check_context *context, int32_t index) {
  shape_state *state = context->state;
  return hl_class_table_get(&state->classes, context->model->arena, index,
                            sizeof(shape_facts));
}

static bool same(const char *a, uint32_t a_length, const char *b,
                 uint32_t b_length) {
  return a_length == b_length && !memcmp(a, b, a_length);
}

static bool name_is(const hl_function *function, const char *word) {
  return same(function->name, function->name_length, word,
              (uint32_t)strlen(word));
}

static bool is_init(const hl_function *function) {
  return name_is(function, "__init__");
}

/* Methods that set an object up outside __init__ on purpose. */
static bool is_exempt(const hl_function *function) {
  static const char *const names[] = {
      "setUp",           "setUpClass",        "asyncSetUp",
      "__new__",         "__setstate__",      "__enter__",
      "__aenter__",      "__post_init__",     "__set_name__",
      "__getattr__",     "__init_subclass__", "__class_getitem__",
      "__getattribute__"};
  for (size_t i = 0; i < sizeof names / sizeof names[0]; i++)
    if (name_is(function, names[i]))
      return true;
  return false;
}

/* The method scope we are directly in (not a nested def or lambda), or
 * NULL. */
static hl_scope *method_scope(hl_check_context *context) {
  hl_model *model = context->model;
  hl_scope *scope = hl_model_scope(model);
  if (scope->kind != HL_SCOPE_FUNCTION || scope->class_index < 0 ||
      !scope->self_name || scope->function < 0)
    return NULL;
  const hl_function *function = &model->functions.items[scope->function];
  if (function->class_index != scope->class_index ||
      model->classes.items[scope->class_index].parent_function !=
          function->parent_function)
    return NULL; /* a def nested in a method */
  return scope->is_classmethod ? NULL : scope;
}

static bool is_self(hl_model *model, hl_scope *scope, TSNode node) {
  uint32_t length;
  const char *text = hl_node_text(node, model->source, &length);
  return same(text, length, scope->self_name, scope->self_length);
}

static bool is_type(TSNode node, const char *type) {
  return !strcmp(ts_node_type(node), type);
}

/* True if `block` (a branch body) ends in `raise` or `return`. */
static bool ends_abruptly(TSNode block) {
  uint32_t count = ts_node_named_child_count(block);
  while (count && is_type(ts_node_named_child(block, count - 1), "comment"))
    count--; /* a trailing comment is a named child too */
  if (!count)
    return false;
  TSNode last = ts_node_named_child(block, count - 1);
  return is_type(last, "raise_statement") || is_type(last, "return_statement");
}

/* True if `subtree` contains an assignment to `self.name`. Iterative. */
static bool assigns(hl_check_context *context, hl_scope *scope, TSNode subtree,
                    const char *name, uint32_t length) {
  hl_model *model = context->model;
  const hl_syntax *syntax = context->syntax;
  TSTreeCursor cursor = ts_tree_cursor_new(subtree);
  bool found = false;
  for (uint32_t steps = 0; !found && steps < 100000; steps++) {
    TSNode node = ts_tree_cursor_current_node(&cursor);
    TSSymbol symbol = ts_node_symbol(node);
    if (symbol == syntax->kind.assignment) {
      TSNode left = hl_model_field(context->model, node, syntax->field.left);
      if (!ts_node_is_null(left) &&
          ts_node_symbol(left) == syntax->kind.attribute) {
        TSNode object =
            hl_model_field(context->model, left, syntax->field.object);
        TSNode attribute =
            hl_model_field(context->model, left, syntax->field.attribute);
        uint32_t attribute_length;
        const char *text =
            ts_node_is_null(attribute)
                ? NULL
                : hl_node_text(attribute, model->source, &attribute_length);
        found = text && !ts_node_is_null(object) &&
                is_self(model, scope, object) &&
                same(text, attribute_length, name, length);
      }
    }
    bool descend = symbol != syntax->kind.function_definition &&
                   symbol != syntax->kind.class_definition &&
                   symbol != syntax->kind.lambda && ts_node_is_named(node);
    if (descend && ts_tree_cursor_goto_first_child(&cursor))
      continue;
    if (!hl_cursor_skip_subtree(&cursor))
      break;
  }
  ts_tree_cursor_delete(&cursor);
  return found;
}

/* True if every branch of the if statement assigns self.name (or leaves the
 * function). */
static bool if_covers(hl_check_context *context, hl_scope *scope, TSNode node,
                      const char *name, uint32_t length) {
  const hl_syntax *syntax = context->syntax;
  TSNode consequence =
      hl_model_field(context->model, node, syntax->field.consequence);
  if (ts_node_is_null(consequence) ||
      !(ends_abruptly(consequence) ||
        assigns(context, scope, consequence, name, length)))
    return false;
  bool has_else = false;
  uint32_t count = ts_node_named_child_count(node);
  for (uint32_t i = 0; i < count; i++) {
    TSNode clause = ts_node_named_child(node, i);
    TSSymbol symbol = ts_node_symbol(clause);
    if (symbol != syntax->kind.elif_clause &&
        symbol != syntax->kind.else_clause)
      continue;
    has_else |= symbol == syntax->kind.else_clause;
    TSNode body = hl_model_field(context->model, clause,
                                 symbol == syntax->kind.elif_clause
                                     ? syntax->field.consequence
                                     : syntax->field.body);
    if (ts_node_is_null(body) ||
        !(ends_abruptly(body) || assigns(context, scope, body, name, length)))
      return false;
  }
  return has_else;
}

/* For an assignment in __init__: is it reached on every path through the
 * method? Walks the path from the statement up to the def. */
static bool definite(hl_check_context *context, hl_scope *scope,
                     const char *name, uint32_t length) {
  const hl_syntax *syntax = context->syntax;
  for (uint32_t level = 1; level < 256; level++) {
    TSNode ancestor = hl_check_ancestor(context, level);
    if (ts_node_is_null(ancestor))
      return false;
    TSSymbol symbol = ts_node_symbol(ancestor);
    if (symbol == syntax->kind.function_definition)
      return true;
    if (symbol == syntax->kind.if_statement) {
      if (!if_covers(context, scope, ancestor, name, length))
        return false;
      continue;
    }
    if (symbol == syntax->kind.for_statement ||
        symbol == syntax->kind.while_statement ||
        symbol == syntax->kind.except_clause ||
        symbol == syntax->kind.case_clause)
      return false;
  }
  return false;
}

static void add_record(hl_check_context *context, shape_facts *facts,
                       shape_record record) {
  if (facts->record_count == facts->record_capacity) {
    uint32_t grown = facts->record_capacity ? facts->record_capacity * 2 : 8;
    shape_record *records =
        hl_arena_calloc(context->model->arena, grown, sizeof(shape_record));
    if (facts->record_count)
      memcpy(records, facts->records,
             facts->record_count * sizeof(shape_record));
    facts->records = records;
    facts->record_capacity = grown;
  }
  facts->records[facts->record_count++] = record;
}

static bool contains(const char *text, uint32_t length, const char *word) {
  size_t word_length = strlen(word);
  for (uint32_t i = 0; i + word_length <= length; i++)
    if (!memcmp(text + i, word, word_length))
      return true;
  return false;
}

/* A non-init assignment guarded as a lazy cache: in an `except
 * AttributeError` handler (the try/except idiom) or under an `if` whose
 * condition asks `hasattr(...)` / `getattr(...)`. */
static bool lazily_guarded(hl_check_context *context) {
  const hl_syntax *syntax = context->syntax;
  const char *source = context->model->source;
  for (uint32_t level = 1; level < 256; level++) {
    TSNode ancestor = hl_check_ancestor(context, level);
    if (ts_node_is_null(ancestor) ||
        ts_node_symbol(ancestor) == syntax->kind.function_definition)
      return false;
    TSSymbol symbol = ts_node_symbol(ancestor);
    if (symbol == syntax->kind.if_statement ||
        symbol == syntax->kind.elif_clause) {
      TSNode condition =
          hl_model_field(context->model, ancestor, syntax->field.condition);
      if (ts_node_is_null(condition))
        continue;
      uint32_t length;
      const char *text = hl_node_text(condition, source, &length);
      if (contains(text, length, "hasattr(") ||
          contains(text, length, "getattr("))
        return true;
      continue;
    }
    if (symbol == syntax->kind.except_clause) {
      TSNode type = ts_node_named_child(ancestor, 0);
      if (ts_node_is_null(type))
        return false;
      uint32_t length;
      const char *text = hl_node_text(type, source, &length);
      return contains(text, length, "AttributeError");
    }
  }
  return false;
}

static void add_call(hl_check_context *context, shape_facts *facts,
                     int32_t caller, const char *callee, uint32_t length) {
  if (facts->call_count == facts->call_capacity) {
    uint32_t grown = facts->call_capacity ? facts->call_capacity * 2 : 8;
    self_call *calls =
        hl_arena_calloc(context->model->arena, grown, sizeof(self_call));
    if (facts->call_count)
      memcpy(calls, facts->calls, facts->call_count * sizeof(self_call));
    facts->calls = calls;
    facts->call_capacity = grown;
  }
  self_call *call = &facts->calls[facts->call_count++];
  call->caller = caller;
  call->callee = callee;
  call->length = length;
}

static void record_target(hl_check_context *context, hl_scope *scope,
                          TSNode statement, TSNode target) {
  hl_model *model = context->model;
  const hl_syntax *syntax = context->syntax;
  TSNode object = hl_model_field(context->model, target, syntax->field.object);
  TSNode attribute =
      hl_model_field(context->model, target, syntax->field.attribute);
  if (ts_node_is_null(object) || ts_node_is_null(attribute) ||
      !is_self(model, scope, object))
    return;
  shape_record record;
  memset(&record, 0, sizeof record);
  record.name = hl_node_text(attribute, model->source, &record.length);
  record.start = ts_node_start_byte(statement);
  record.end = ts_node_end_byte(statement);
  record.function = scope->function;
  const hl_function *function = &model->functions.items[scope->function];
  if (is_init(function))
    record.definite = definite(context, scope, record.name, record.length);
  else
    record.guarded = lazily_guarded(context);
  shape_facts *facts = facts_for(context, scope->class_index);
  add_record(context, facts, record);
  /* `self.x = v` runs a property setter named x, if the class has one:
   * recorded like a call so the setter's assignments join its caller's */
  add_call(context, facts, scope->function, record.name, record.length);
}

/* `name = property(getter, setter, ...)` in a class body. */
static void on_class_assignment(hl_check_context *context, TSNode node) {
  hl_model *model = context->model;
  const hl_syntax *syntax = context->syntax;
  TSNode left = hl_model_field(context->model, node, syntax->field.left);
  TSNode right = hl_model_field(context->model, node, syntax->field.right);
  if (ts_node_is_null(left) || ts_node_is_null(right) ||
      ts_node_symbol(left) != syntax->kind.identifier ||
      ts_node_symbol(right) != syntax->kind.call)
    return;
  TSNode function =
      hl_model_field(context->model, right, syntax->field.function);
  TSNode arguments =
      hl_model_field(context->model, right, syntax->field.arguments);
  if (ts_node_is_null(function) || ts_node_is_null(arguments) ||
      !hl_node_text_is(function, model->source, "property"))
    return;
  shape_facts *facts = facts_for(context, hl_model_scope(model)->class_index);
  uint32_t alias_length;
  const char *alias = hl_node_text(left, model->source, &alias_length);
  uint32_t count = ts_node_named_child_count(arguments);
  for (uint32_t i = 0; i < count && i < 4; i++) {
    TSNode argument = ts_node_named_child(arguments, i);
    if (ts_node_symbol(argument) == syntax->kind.keyword_argument)
      argument = hl_model_field(context->model, argument, syntax->field.value);
    if (ts_node_is_null(argument) ||
        ts_node_symbol(argument) != syntax->kind.identifier)
      continue;
    uint32_t length;
    const char *target = hl_node_text(argument, model->source, &length);
    add_call(context, facts, -1, target, length);
    facts->calls[facts->call_count - 1].alias = alias;
    facts->calls[facts->call_count - 1].alias_length = alias_length;
  }
}

static void on_assignment(hl_check_context *context, TSNode node) {
  const hl_syntax *syntax = context->syntax;
  hl_scope *current = hl_model_scope(context->model);
  if (current->kind == HL_SCOPE_CLASS && current->class_index >= 0) {
    on_class_assignment(context, node);
    return;
  }
  hl_scope *scope = method_scope(context);
  if (!scope)
    return;
  TSNode left = hl_model_field(context->model, node, syntax->field.left);
  if (ts_node_is_null(left))
    return;
  TSSymbol symbol = ts_node_symbol(left);
  if (symbol == syntax->kind.attribute) {
    record_target(context, scope, node, left);
  } else if (symbol == syntax->kind.pattern_list ||
             symbol == syntax->kind.tuple_pattern ||
             symbol == syntax->kind.list_pattern) {
    uint32_t count = ts_node_named_child_count(left);
    for (uint32_t i = 0; i < count && i < 64; i++) {
      TSNode target = ts_node_named_child(left, i);
      if (ts_node_symbol(target) == syntax->kind.attribute)
        record_target(context, scope, node, target);
    }
  }
}

static void on_call(hl_check_context *context, TSNode node) {
  hl_model *model = context->model;
  const hl_syntax *syntax = context->syntax;
  TSNode function =
      hl_model_field(context->model, node, syntax->field.function);
  if (ts_node_is_null(function))
    return;
  TSSymbol symbol = ts_node_symbol(function);
  if (symbol == syntax->kind.attribute) {
    /* self.m(...) or Base.m(self, ...) from a method: a possible __init__
     * helper */
    hl_scope *scope = method_scope(context);
    if (!scope)
      return;
    TSNode object =
        hl_model_field(context->model, function, syntax->field.object);
    TSNode attribute =
        hl_model_field(context->model, function, syntax->field.attribute);
    if (ts_node_is_null(object) || ts_node_is_null(attribute))
      return;
    if (!is_self(model, scope, object)) {
      TSNode arguments =
          hl_model_field(context->model, node, syntax->field.arguments);
      TSNode first = ts_node_is_null(arguments)
                         ? arguments
                         : ts_node_named_child(arguments, 0);
      if (ts_node_is_null(first) ||
          ts_node_symbol(first) != syntax->kind.identifier ||
          !is_self(model, scope, first))
        return;
    }
    uint32_t length;
    const char *callee = hl_node_text(attribute, model->source, &length);
    add_call(context, facts_for(context, scope->class_index), scope->function,
             callee, length);
    return;
  }
  if (symbol != syntax->kind.identifier)
    return;
  uint32_t length;
  const char *name = hl_node_text(function, model->source, &length);
  bool lookup = same(name, length, "hasattr", 7) ||
                same(name, length, "getattr", 7) ||
                same(name, length, "delattr", 7);
  bool dynamic =
      same(name, length, "setattr", 7) || same(name, length, "vars", 4);
  if (!lookup && !dynamic)
    return;
  int32_t cls = hl_model_current_class(model);
  if (cls < 0)
    return;
  shape_facts *facts = facts_for(context, cls);
  if (dynamic) {
    facts->dynamic = true;
    return;
  }
  TSNode arguments =
      hl_model_field(context->model, node, syntax->field.arguments);
  TSNode attribute = ts_node_is_null(arguments)
                         ? arguments
                         : ts_node_named_child(arguments, 1);
  if (ts_node_is_null(attribute) ||
      ts_node_symbol(attribute) != syntax->kind.string)
    return;
  uint32_t text_length;
  const char *text = hl_node_text(attribute, model->source, &text_length);
  if (text_length < 3 || (text[0] != '"' && text[0] != '\''))
    return; /* prefixed strings are not attribute names */
  hl_name_set_add(&facts->guarded_names, model->arena, text + 1,
                  text_length - 2);
}

static void on_attribute(hl_check_context *context, TSNode node) {
  /* cheap pre-filter: an attribute's text ends with its name */
  uint32_t end = ts_node_end_byte(node);
  if (end - ts_node_start_byte(node) < 10 ||
      memcmp(context->model->source + end - 8, "__dict__", 8) != 0)
    return;
  TSNode attribute =
      hl_model_field(context->model, node, context->syntax->field.attribute);
  if (ts_node_is_null(attribute) ||
      ts_node_end_byte(attribute) - ts_node_start_byte(attribute) != 8 ||
      !hl_node_text_is(attribute, context->model->source, "__dict__"))
    return;
  int32_t cls = hl_model_current_class(context->model);
  if (cls >= 0)
    facts_for(context, cls)->dynamic = true;
}

static void on_node(hl_check_context *context, TSNode node) {
  TSSymbol symbol = ts_node_symbol(node);
  const hl_kinds *kind = &context->syntax->kind;
  if (symbol == kind->assignment)
    on_assignment(context, node);
  else if (symbol == kind->call)
    on_call(context, node);
  else
    on_attribute(context, node);
}

/* True if the class is one this rule can judge: no bases but `object`, no
 * decorators, no __slots__, no attribute hooks. */
static bool eligible(hl_check_context *context, int32_t index,
                     const shape_facts *facts) {
  hl_model *model = context->model;
  const hl_syntax *syntax = context->syntax;
  const hl_class *cls = &model->classes.items[index];
  if (facts->dynamic || !ts_node_is_null(cls->decorated) ||
      hl_name_set_find(&cls->body_names, "__slots__", 9))
    return false;
  TSNode bases =
      hl_model_field(context->model, cls->node, syntax->field.superclasses);
  if (!ts_node_is_null(bases)) {
    uint32_t count = ts_node_named_child_count(bases);
    for (uint32_t i = 0; i < count; i++)
      if (!hl_node_text_is(ts_node_named_child(bases, i), model->source,
                           "object"))
        return false;
  }
  for (size_t i = cls->first_function;
       i < model->functions.count &&
       model->functions.items[i].start_byte < cls->end_byte;
       i++) {
    const hl_function *function = &model->functions.items[i];
    if (function->class_index == index &&
        (name_is(function, "__setattr__") || name_is(function, "__delattr__") ||
         name_is(function, "__getattr__")))
      return false;
  }
  return true;
}

/* One flag per function of a class: the functions defined since the class
 * began (its methods and what nests in them), so a module of many classes
 * costs linear time, not classes x functions. */
typedef struct method_flags {
  uint32_t first; /* index of the first function covered */
  uint32_t count;
  bool *flags;
} method_flags;

static method_flags method_flags_new(hl_model *model, const hl_class *cls) {
  method_flags m;
  m.first = cls->first_function;
  m.count = (uint32_t)model->functions.count - m.first;
  m.flags = hl_arena_calloc(model->arena, m.count + 1, 1);
  return m;
}

static bool method_flag(const method_flags *m, int32_t function) {
  return function >= (int32_t)m->first &&
         (uint32_t)function - m->first < m->count &&
         m->flags[(uint32_t)function - m->first];
}

/* Marks in `in_set` every method reachable through self.m() calls from the
 * methods already marked. */
static void close_over_calls(hl_model *model, int32_t index,
                             const shape_facts *facts, method_flags *in_set) {
  for (uint32_t round = 0; round < 32; round++) {
    bool changed = false;
    for (uint32_t c = 0; c < facts->call_count; c++) {
      const self_call *call = &facts->calls[c];
      if (call->caller < 0 || !method_flag(in_set, call->caller))
        continue;
      /* the callee itself, then the property accessors it names */
      for (uint32_t a = 0; a <= facts->call_count; a++) {
        const char *name = call->callee;
        uint32_t length = call->length;
        if (a < facts->call_count) {
          const self_call *alias = &facts->calls[a];
          if (alias->caller >= 0 || !same(alias->alias, alias->alias_length,
                                          call->callee, call->length))
            continue;
          name = alias->callee;
          length = alias->length;
        }
        for (uint32_t i = 0; i < in_set->count; i++) {
          const hl_function *function =
              &model->functions.items[in_set->first + i];
          if (function->class_index == index && !in_set->flags[i] &&
              same(function->name, function->name_length, name, length)) {
            in_set->flags[i] = true;
            changed = true;
          }
        }
      }
    }
    if (!changed)
      break;
  }
}

static void report(hl_check_context *context, int32_t index,
                   const shape_record *record, const char *reason) {
  hl_pending *pending = hl_model_report(context->model, context->rule,
                                        record->start, record->end);
  pending->class_index = index;
  pending->class_hotness = true;
  hl_pending_capture(pending, "attribute", record->name, record->length);
  hl_pending_capture(pending, "reason", reason, (uint32_t)strlen(reason));
}

static void on_scope_leave(hl_check_context *context, hl_scope *scope) {
  if (scope->kind != HL_SCOPE_CLASS || scope->class_index < 0)
    return;
  hl_model *model = context->model;
  int32_t index = scope->class_index;
  shape_state *state = context->state;
  shape_facts *facts = hl_class_table_find(&state->classes, (size_t)index);
  if (!facts)
    return;
  if (!facts->record_count || !eligible(context, index, facts))
    return;
  const hl_class *cls = &model->classes.items[index];
  /* which methods count as __init__ (itself and its helpers), and which are
   * exempt (setUp, __setstate__, ... and their helpers) */
  method_flags init = method_flags_new(model, cls);
  method_flags exempt = method_flags_new(model, cls);
  bool has_init = false;
  for (uint32_t i = 0; i < init.count; i++) {
    const hl_function *function = &model->functions.items[init.first + i];
    if (function->class_index != index)
      continue;
    if (is_init(function)) {
      init.flags[i] = true;
      has_init = true;
    } else if (is_exempt(function)) {
      exempt.flags[i] = true;
    }
  }
  if (!has_init)
    return; /* no __init__: every attribute is set elsewhere by design */
  close_over_calls(model, index, facts, &init);
  close_over_calls(model, index, facts, &exempt);
  hl_name_set assigned_in_init = {0}; /* value: 1 some path, 2 every path */
  hl_name_set assigned_in_exempt = {0};
  for (uint32_t r = 0; r < facts->record_count; r++) {
    const shape_record *record = &facts->records[r];
    if (method_flag(&exempt, record->function))
      hl_name_set_add(&assigned_in_exempt, model->arena, record->name,
                      record->length);
    if (!method_flag(&init, record->function))
      continue;
    const hl_function *function = &model->functions.items[record->function];
    hl_name_entry *entry = hl_name_set_add(&assigned_in_init, model->arena,
                                           record->name, record->length);
    /* helpers called from __init__ are taken as run on every path */
    if (record->definite || !is_init(function))
      entry->value = 2;
    else if (!entry->value)
      entry->value = 1;
  }
  hl_name_set reported = {0};
  for (uint32_t r = 0; r < facts->record_count; r++) {
    const shape_record *record = &facts->records[r];
    bool dunder = record->length > 4 && record->name[0] == '_' &&
                  record->name[1] == '_' &&
                  record->name[record->length - 1] == '_' &&
                  record->name[record->length - 2] == '_';
    if (method_flag(&exempt, record->function) || record->guarded || dunder ||
        hl_name_set_find(&assigned_in_exempt, record->name, record->length) ||
        hl_name_set_find(&cls->body_names, record->name, record->length) ||
        hl_name_set_find(&facts->guarded_names, record->name, record->length) ||
        hl_name_set_find(&reported, record->name, record->length))
      continue;
    hl_name_entry *entry =
        hl_name_set_find(&assigned_in_init, record->name, record->length);
    if (method_flag(&init, record->function)) {
      if (entry && entry->value == 1) {
        hl_name_set_add(&reported, model->arena, record->name, record->length);
        report(context, index, record,
               "is assigned only on some paths of __init__");
      }
      continue;
    }
    if (!entry) {
      hl_name_set_add(&reported, model->arena, record->name, record->length);
      report(context, index, record, "is first assigned outside __init__");
    }
  }
}

static const char *const kinds[] = {"assignment", "call", "attribute", NULL};

const hl_check hl_check_instance_shape = {
    .name = "instance_shape",
    .kinds = kinds,
    .state_size = sizeof(shape_state),
    .on_node = on_node,
    .on_scope_leave = on_scope_leave,
};
