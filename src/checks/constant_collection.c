/* HOT102 per-call-constant-collection: a tuple/list/set/dict display in a
 * function that is rebuilt on every call although nothing in it depends on
 * the call, and whose value is only read. Silent where CPython already
 * folds the display into one constant (a tuple of literals; a list or set
 * of literals used with `in` or as a `for` iterable), for empty displays,
 * and for default values (evaluated once, outside the function scope).
 *
 * Names inside the display are decided late: "not a local" when the
 * function ends (its locals are known then), "builtin, imported module or
 * module-level name bound once and never rebound" when the file ends. */
#include "checks/checks.h"

#include <string.h>

enum { MAX_DEPENDENCIES = 24 };

typedef enum dependency_kind {
  DEPENDS_ON_NAME,   /* a bare name: builtin or module-level constant */
  DEPENDS_ON_MODULE, /* root of an attribute chain: an imported module */
} dependency_kind;

typedef struct dependency {
  const char *name;
  uint32_t length;
  dependency_kind kind;
  bool local_import; /* resolved at function end: bound only by an import */
} dependency;

typedef struct display_candidate {
  struct display_candidate *next;
  TSNode display;
  const char *kind_name;
  int32_t function;
  uint32_t loop_start; /* the display's own context, for hotness */
  TSSymbol loop_kind;
  unsigned context;
  /* when assigned to a local that must then only be read */
  const char *local;
  uint32_t local_length;
  uint32_t local_start;
  /* fix: the assignment statement, alone on its line(s) directly in the
   * function body, and the module-level statement that holds the function
   * (null nodes when the assignment cannot be moved) */
  TSNode statement;
  TSNode top_level;
  bool dropped;
  uint32_t dependency_count;
  dependency dependencies[MAX_DEPENDENCIES];
} display_candidate;

typedef struct constant_state {
  display_candidate *resolved; /* survived their function; wait for file end */
} constant_state;

static display_candidate **open_candidates(hl_check_context *context,
                                           hl_scope *scope) {
  return (display_candidate **)&scope->check_data[context->slot];
}

static bool text_is(const hl_check_context *context, TSNode node,
                    const char *word) {
  return hl_node_text_is(node, context->model->source, word);
}

/* ---- Element classification -------------------------------------------- */

typedef enum element_class {
  ELEMENT_VARIABLE, /* depends on the call: stop */
  ELEMENT_LITERAL,  /* folded by CPython inside a tuple */
  ELEMENT_CONSTANT, /* constant but not a literal (names, attributes) */
} element_class;

static bool is_plain_string(const hl_check_context *context, TSNode node) {
  uint32_t count = ts_node_named_child_count(node);
  for (uint32_t i = 0; i < count; i++)
    if (ts_node_symbol(ts_node_named_child(node, i)) ==
        context->syntax->kind.interpolation)
      return false;
  return true;
}

static bool add_dependency(display_candidate *candidate, TSNode name,
                           const char *source, dependency_kind kind) {
  if (candidate->dependency_count >= MAX_DEPENDENCIES)
    return false;
  dependency *dep = &candidate->dependencies[candidate->dependency_count++];
  dep->name = hl_node_text(name, source, &dep->length);
  dep->kind = kind;
  dep->local_import = false;
  return true;
}

/* Classifies every element of `display` (nested tuples included) with an
 * explicit stack; returns the weakest class found. */
static element_class classify_elements(hl_check_context *context,
                                       TSNode display,
                                       display_candidate *candidate) {
  const hl_syntax *syntax = context->syntax;
  const hl_kinds *kind = &syntax->kind;
  const char *source = context->model->source;
  element_class result = ELEMENT_LITERAL;
  TSNode stack[64];
  size_t depth = 0;
  uint32_t count = ts_node_named_child_count(display);
  for (uint32_t i = count; i-- > 0;) {
    if (depth == 64)
      return ELEMENT_VARIABLE;
    stack[depth++] = ts_node_named_child(display, i);
  }
  while (depth) {
    TSNode node = stack[--depth];
    TSSymbol symbol = ts_node_symbol(node);
    if (symbol == kind->comment)
      continue;
    if (symbol == kind->integer || symbol == kind->float_ ||
        symbol == kind->true_ || symbol == kind->false_ ||
        symbol == kind->none || symbol == kind->ellipsis)
      continue;
    if (symbol == kind->string) {
      if (!is_plain_string(context, node))
        return ELEMENT_VARIABLE;
      continue;
    }
    if (symbol == kind->concatenated_string) {
      uint32_t parts = ts_node_named_child_count(node);
      for (uint32_t p = 0; p < parts; p++)
        if (!is_plain_string(context, ts_node_named_child(node, p)))
          return ELEMENT_VARIABLE;
      continue;
    }
    if (symbol == kind->unary_operator) {
      TSNode operand = ts_node_named_child(node, 0);
      if (ts_node_is_null(operand) ||
          (ts_node_symbol(operand) != kind->integer &&
           ts_node_symbol(operand) != kind->float_))
        return ELEMENT_VARIABLE;
      continue;
    }
    if (symbol == kind->pair) {
      TSNode key = hl_model_field(
          context->model, node,
          ts_language_field_id_for_name(syntax->language, "key", 3));
      TSNode value = hl_model_field(context->model, node, syntax->field.value);
      if (ts_node_is_null(key) || ts_node_is_null(value) || depth + 2 > 64)
        return ELEMENT_VARIABLE;
      stack[depth++] = value;
      stack[depth++] = key;
      continue;
    }
    if (symbol == kind->tuple || symbol == kind->parenthesized_expression) {
      uint32_t children = ts_node_named_child_count(node);
      if (depth + children > 64)
        return ELEMENT_VARIABLE;
      for (uint32_t c = children; c-- > 0;)
        stack[depth++] = ts_node_named_child(node, c);
      continue;
    }
    /* not a literal: a constant name, an attribute of a module, type(None) */
    result = ELEMENT_CONSTANT;
    if (symbol == kind->identifier) {
      if (!add_dependency(candidate, node, source, DEPENDS_ON_NAME))
        return ELEMENT_VARIABLE;
      continue;
    }
    if (symbol == kind->attribute) {
      TSNode root = node;
      for (int guard = 0; guard < 32 && ts_node_symbol(root) == kind->attribute;
           guard++)
        root = hl_model_field(context->model, root, syntax->field.object);
      if (ts_node_is_null(root) || ts_node_symbol(root) != kind->identifier ||
          !add_dependency(candidate, root, source, DEPENDS_ON_MODULE))
        return ELEMENT_VARIABLE;
      continue;
    }
    if (symbol == kind->call) {
      TSNode function =
          hl_model_field(context->model, node, syntax->field.function);
      TSNode arguments =
          hl_model_field(context->model, node, syntax->field.arguments);
      if (!ts_node_is_null(function) && text_is(context, function, "type") &&
          !ts_node_is_null(arguments) &&
          ts_node_named_child_count(arguments) == 1 &&
          ts_node_symbol(ts_node_named_child(arguments, 0)) == kind->none &&
          add_dependency(candidate, function, source, DEPENDS_ON_NAME))
        continue;
    }
    return ELEMENT_VARIABLE;
  }
  return result;
}

/* ---- How the value is used --------------------------------------------- */

typedef enum use_kind {
  USE_NONE,       /* escapes, is stored or mutated, or unknown */
  USE_MEMBERSHIP, /* right operand of in / not in */
  USE_ITERABLE,   /* iterable of a for statement or comprehension */
  USE_READ,       /* isinstance second argument, read-only call, subscript */
  USE_ASSIGNED,   /* bound to a local: its uses decide */
} use_kind;

static bool is_readonly_call(hl_check_context *context, TSNode call,
                             uint32_t argument_index) {
  const hl_syntax *syntax = context->syntax;
  TSNode function =
      hl_model_field(context->model, call, syntax->field.function);
  if (ts_node_is_null(function))
    return false;
  if (ts_node_symbol(function) == syntax->kind.identifier) {
    if (text_is(context, function, "isinstance") ||
        text_is(context, function, "issubclass"))
      return argument_index == 1;
    static const char *const readers[] = {
        "all", "any",    "dict", "enumerate", "frozenset", "iter",
        "len", "list",   "max",  "min",       "print",     "reversed",
        "set", "sorted", "sum",  "tuple",     "zip",
    };
    for (size_t i = 0; i < sizeof readers / sizeof readers[0]; i++)
      if (text_is(context, function, readers[i]))
        return true;
    return false;
  }
  if (ts_node_symbol(function) == syntax->kind.attribute) {
    TSNode attribute =
        hl_model_field(context->model, function, syntax->field.attribute);
    return !ts_node_is_null(attribute) &&
           (text_is(context, attribute, "join") ||
            text_is(context, attribute, "startswith") ||
            text_is(context, attribute, "endswith"));
  }
  return false;
}

/* What the node at path depth `levels` (0 = current) is used for. */
static use_kind use_of(hl_check_context *context, uint32_t levels,
                       TSNode node) {
  const hl_syntax *syntax = context->syntax;
  const hl_kinds *kind = &syntax->kind;
  TSNode parent = hl_check_ancestor(context, levels + 1);
  TSFieldId field = hl_check_ancestor_field(context, levels);
  if (ts_node_is_null(parent))
    return USE_NONE;
  TSSymbol parent_symbol = ts_node_symbol(parent);
  if (parent_symbol == kind->comparison_operator) {
    TSNode previous = ts_node_prev_sibling(node);
    if (ts_node_is_null(previous) || ts_node_is_named(previous))
      return USE_NONE;
    uint32_t length;
    const char *text = hl_node_text(previous, context->model->source, &length);
    return length >= 2 && !memcmp(text + length - 2, "in", 2) ? USE_MEMBERSHIP
                                                              : USE_NONE;
  }
  if ((parent_symbol == kind->for_statement ||
       parent_symbol == kind->for_in_clause) &&
      field == syntax->field.right)
    return USE_ITERABLE;
  if (parent_symbol == kind->argument_list) {
    TSNode call = hl_check_ancestor(context, levels + 2);
    if (ts_node_is_null(call) || ts_node_symbol(call) != kind->call)
      return USE_NONE;
    uint32_t index = 0;
    uint32_t count = ts_node_named_child_count(parent);
    for (; index < count; index++)
      if (ts_node_eq(ts_node_named_child(parent, index), node))
        break;
    return is_readonly_call(context, call, index) ? USE_READ : USE_NONE;
  }
  if (parent_symbol == kind->subscript && field == syntax->field.value) {
    TSNode above = hl_check_ancestor(context, levels + 2);
    TSFieldId subscript_field = hl_check_ancestor_field(context, levels + 1);
    if (!ts_node_is_null(above) &&
        ((ts_node_symbol(above) == kind->assignment ||
          ts_node_symbol(above) == kind->augmented_assignment) &&
         subscript_field == syntax->field.left))
      return USE_NONE;
    if (!ts_node_is_null(above) &&
        ts_node_symbol(above) == kind->delete_statement)
      return USE_NONE;
    return USE_READ;
  }
  if (parent_symbol == kind->attribute && field == syntax->field.object) {
    TSNode attribute =
        hl_model_field(context->model, parent, syntax->field.attribute);
    TSNode call = hl_check_ancestor(context, levels + 2);
    static const char *const readers[] = {"get",   "keys",  "values",
                                          "items", "index", "count"};
    if (ts_node_is_null(attribute) || ts_node_is_null(call) ||
        ts_node_symbol(call) != kind->call)
      return USE_NONE;
    for (size_t i = 0; i < sizeof readers / sizeof readers[0]; i++)
      if (text_is(context, attribute, readers[i]))
        return USE_READ;
    return USE_NONE;
  }
  if (parent_symbol == kind->assignment && field == syntax->field.right) {
    TSNode left = hl_model_field(context->model, parent, syntax->field.left);
    if (!ts_node_is_null(left) && ts_node_symbol(left) == kind->identifier)
      return USE_ASSIGNED;
  }
  return USE_NONE;
}

/* ---- Displays ----------------------------------------------------------- */

/* ---- Fix: hoist `NAME = display` to module level ---------------------- */

static bool blank_between(const char *source, uint32_t from, uint32_t to) {
  for (uint32_t i = from; i < to; i++)
    if (source[i] != ' ' && source[i] != '\t')
      return false;
  return true;
}

/* Remembers where `NAME = display` could move from and to: only a plain
 * assignment statement directly in the function body, alone on its lines. */
static void find_hoist_place(hl_check_context *context, TSNode assignment,
                             display_candidate *candidate) {
  const hl_kinds *kind = &context->syntax->kind;
  hl_model *model = context->model;
  TSNode statement = hl_check_ancestor(context, 2);
  TSNode block = hl_check_ancestor(context, 3);
  TSNode function = hl_check_ancestor(context, 4);
  if (ts_node_is_null(function) ||
      ts_node_symbol(function) != kind->function_definition ||
      ts_node_symbol(block) != kind->block ||
      ts_node_symbol(statement) != kind->expression_statement ||
      ts_node_named_child_count(statement) != 1 ||
      !ts_node_is_null(ts_node_child_by_field_name(assignment, "type", 4)) ||
      model->path.count < 2)
    return;
  uint32_t start = ts_node_start_byte(statement);
  uint32_t end = ts_node_end_byte(statement);
  uint32_t line_start = start;
  while (line_start > 0 && model->source[line_start - 1] != '\n')
    line_start--;
  uint32_t line_end = end;
  while (line_end < model->length && model->source[line_end] != '\n')
    line_end++;
  if (!blank_between(model->source, line_start, start) ||
      !blank_between(model->source, end,
                     line_end > end && model->source[line_end - 1] == '\r'
                         ? line_end - 1
                         : line_end))
    return;
  candidate->statement = statement;
  candidate->top_level = model->path.items[1].node;
}

/* Adds the hoisting edits to the finding: insert `NAME = display` before
 * the module-level statement that holds the function, delete the local
 * assignment with its line. Only when the display depends on nothing of the
 * module (a module constant defined later would not exist yet) and NAME is
 * neither bound at module level nor a builtin. */
static void propose_hoist(hl_model *model, hl_pending *pending,
                          const display_candidate *c, hl_name_set *hoisted) {
  if (ts_node_is_null(c->statement) ||
      hl_name_set_find(&model->module_bindings, c->local, c->local_length) ||
      hl_is_builtin_name(c->local, c->local_length) ||
      hl_name_set_find(hoisted, c->local, c->local_length))
    return;
  for (uint32_t i = 0; i < c->dependency_count; i++) {
    const dependency *dep = &c->dependencies[i];
    if (dep->kind != DEPENDS_ON_NAME || dep->local_import ||
        hl_name_set_find(&model->module_bindings, dep->name, dep->length))
      return;
  }
  hl_name_set_add(hoisted, model->arena, c->local, c->local_length);
  uint32_t length;
  const char *display = hl_node_text(c->display, model->source, &length);
  uint32_t insert_length = c->local_length + 3 + length + 3;
  char *insert = hl_arena_alloc(model->arena, insert_length);
  memcpy(insert, c->local, c->local_length);
  memcpy(insert + c->local_length, " = ", 3);
  memcpy(insert + c->local_length + 3, display, length);
  memcpy(insert + c->local_length + 3 + length, "\n\n\n", 3);
  uint32_t at = ts_node_start_byte(c->top_level);
  hl_pending_add_edit(model, pending, at, at, insert, insert_length);
  uint32_t start = ts_node_start_byte(c->statement);
  while (start > 0 && model->source[start - 1] != '\n')
    start--;
  uint32_t end = ts_node_end_byte(c->statement);
  while (end < model->length && model->source[end] != '\n')
    end++;
  if (end < model->length)
    end++;
  hl_pending_add_edit(model, pending, start, end, "", 0);
}

static void on_display(hl_check_context *context, TSNode display) {
  hl_model *model = context->model;
  const hl_kinds *kind = &context->syntax->kind;
  hl_scope *scope = hl_model_scope(model);
  if (scope->kind != HL_SCOPE_FUNCTION || !ts_node_named_child_count(display))
    return;
  TSSymbol symbol = ts_node_symbol(display);
  TSNode parent = hl_check_ancestor(context, 1);
  if (!ts_node_is_null(parent)) {
    TSSymbol parent_symbol = ts_node_symbol(parent);
    if (parent_symbol == kind->tuple || parent_symbol == kind->list ||
        parent_symbol == kind->set || parent_symbol == kind->pair ||
        parent_symbol == kind->dictionary ||
        parent_symbol == kind->parenthesized_expression)
      return; /* part of a larger display: that one is judged */
  }
  use_kind use = use_of(context, 0, display);
  if (use == USE_NONE)
    return;
  display_candidate candidate;
  memset(&candidate, 0, sizeof candidate);
  element_class elements = classify_elements(context, display, &candidate);
  if (elements == ELEMENT_VARIABLE)
    return;
  if (elements == ELEMENT_LITERAL) {
    if (symbol == kind->tuple)
      return; /* CPython stores it as one constant */
    if ((symbol == kind->list || symbol == kind->set) &&
        (use == USE_MEMBERSHIP || use == USE_ITERABLE))
      return; /* folded into a tuple / frozenset constant */
  }
  display_candidate *stored =
      hl_arena_alloc(model->arena, sizeof(display_candidate));
  *stored = candidate;
  stored->display = display;
  stored->function = scope->function;
  stored->loop_start = scope->loop_depth ? scope->loop_start : UINT32_MAX;
  stored->loop_kind = scope->loop_kind;
  stored->context = hl_model_context(model);
  stored->kind_name = symbol == kind->tuple  ? "tuple"
                      : symbol == kind->list ? "list"
                      : symbol == kind->set  ? "set"
                                             : "dict";
  if (use == USE_ASSIGNED) {
    TSNode left =
        hl_model_field(context->model, parent, context->syntax->field.left);
    stored->local = hl_node_text(left, model->source, &stored->local_length);
    stored->local_start = ts_node_start_byte(left);
    hl_check_watch(context); /* reads of the local are identifiers */
    find_hoist_place(context, parent, stored);
  }
  display_candidate **list = open_candidates(context, scope);
  stored->next = *list;
  *list = stored;
}

/* A use of a local that holds a candidate display. */
static void on_identifier(hl_check_context *context, TSNode node) {
  hl_model *model = context->model;
  hl_scope *scope = hl_model_function_scope(model);
  if (!scope)
    return;
  uint32_t length;
  const char *name = hl_node_text(node, model->source, &length);
  for (display_candidate *c = *open_candidates(context, scope); c;
       c = c->next) {
    if (!c->local || c->dropped || c->local_length != length ||
        memcmp(c->local, name, length) != 0 ||
        c->local_start == ts_node_start_byte(node))
      continue;
    TSFieldId field = hl_check_ancestor_field(context, 0);
    if (field == context->syntax->field.attribute)
      continue;
    use_kind use = use_of(context, 0, node);
    if (use != USE_MEMBERSHIP && use != USE_ITERABLE && use != USE_READ)
      c->dropped = true;
  }
}

static void on_node(hl_check_context *context, TSNode node) {
  if (ts_node_symbol(node) == context->syntax->kind.identifier)
    on_identifier(context, node);
  else
    on_display(context, node);
}

/* At the end of a function its locals are known: names bound in it are not
 * constants, except modules bound only by an import. */
static void on_scope_leave(hl_check_context *context, hl_scope *scope) {
  if (scope->kind != HL_SCOPE_FUNCTION)
    return;
  constant_state *state = context->state;
  display_candidate *c = *open_candidates(context, scope);
  while (c) {
    display_candidate *next = c->next;
    if (c->local) {
      hl_check_unwatch(context);
      hl_name_entry *bound =
          hl_name_set_find(&scope->locals, c->local, c->local_length);
      if (!bound || bound->value != 1)
        c->dropped = true; /* rebound: it does not hold one value */
    }
    for (uint32_t i = 0; i < c->dependency_count && !c->dropped; i++) {
      dependency *dep = &c->dependencies[i];
      hl_name_entry *local =
          hl_name_set_find(&scope->locals, dep->name, dep->length);
      if (!local)
        continue;
      hl_name_entry *imported =
          hl_name_set_find(&scope->imports, dep->name, dep->length);
      if (dep->kind == DEPENDS_ON_MODULE && imported &&
          imported->value == local->value)
        dep->local_import = true;
      else
        c->dropped = true;
    }
    if (!c->dropped) {
      c->next = state->resolved;
      state->resolved = c;
    }
    c = next;
  }
}

static bool module_constant(hl_model *model, const dependency *dep) {
  if (dep->local_import)
    return true;
  hl_name_entry *bound =
      hl_name_set_find(&model->module_bindings, dep->name, dep->length);
  bool rebound =
      hl_name_set_find(&model->module_rebound, dep->name, dep->length) != NULL;
  if (dep->kind == DEPENDS_ON_MODULE) {
    hl_name_entry *imported =
        hl_name_set_find(&model->module_imports, dep->name, dep->length);
    return imported && bound && bound->value == imported->value && !rebound;
  }
  if (!bound)
    return hl_is_builtin_name(dep->name, dep->length) && !rebound;
  return bound->value == 1 && !rebound;
}

static void on_file_end(hl_check_context *context) {
  hl_model *model = context->model;
  constant_state *state = context->state;
  /* report in source order: the list was built in reverse */
  display_candidate *ordered = NULL;
  for (display_candidate *c = state->resolved; c;) {
    display_candidate *next = c->next;
    c->next = ordered;
    ordered = c;
    c = next;
  }
  hl_name_set hoisted = {0}; /* one hoist per name and pass */
  for (display_candidate *c = ordered; c; c = c->next) {
    bool constant = true;
    for (uint32_t i = 0; i < c->dependency_count && constant; i++)
      constant = module_constant(model, &c->dependencies[i]);
    if (!constant)
      continue;
    hl_pending *pending =
        hl_model_report(model, context->rule, ts_node_start_byte(c->display),
                        ts_node_end_byte(c->display));
    /* reported after the walk: restore the display's own context */
    pending->function = c->function;
    pending->scope_kind = HL_SCOPE_FUNCTION;
    pending->context = c->context;
    pending->loop_start = c->loop_start;
    pending->loop_kind = c->loop_kind;
    hl_pending_capture(pending, "kind", c->kind_name,
                       (uint32_t)strlen(c->kind_name));
    uint32_t length;
    const char *text = hl_node_text(c->display, model->source, &length);
    hl_pending_capture(pending, "display", text, length);
    if (c->local)
      propose_hoist(model, pending, c, &hoisted);
  }
}

static const char *const kinds[] = {"tuple", "list", "set", "dictionary", NULL};
/* reads of a local holding a candidate, while one is open */
static const char *const watch_kinds[] = {"identifier", NULL};

const hl_check hl_check_constant_collection = {
    .name = "constant_collection",
    .kinds = kinds,
    .watch_kinds = watch_kinds,
    .state_size = sizeof(constant_state),
    .on_node = on_node,
    .on_scope_leave = on_scope_leave,
    .on_file_end = on_file_end,
};
