/* The walk: one iterative pass over the tree; scope model updates and dispatch
 * by node kind. See walk.h. */
#include "rules/walk.h"

#include "base/clock.h"

#include <string.h>

void hl_walker_init(hl_walker *walker, const hl_ruleset *set) {
  memset(walker, 0, sizeof *walker);
  walker->set = set;
  walker->query_cursor = ts_query_cursor_new();
  hl_tree_walk_init(&walker->tree_walk);
  walker->shape_cursor_ready = false;
  walker->check_contexts = hl_calloc(set->rule_count ? set->rule_count : 1,
                                     sizeof(hl_check_context));
}

void hl_walker_release(hl_walker *walker) {
  ts_query_cursor_delete(walker->query_cursor);
  hl_tree_walk_release(&walker->tree_walk);
  if (walker->shape_cursor_ready)
    ts_tree_cursor_delete(&walker->shape_cursor);
  hl_matcher_scratch_release(&walker->matcher_scratch);
  hl_model_release(&walker->model);
  hl_array_free(&walker->frames);
  hl_array_free(&walker->active_check_rules);
  hl_free(walker->skip_leaf);
  hl_array_free(&walker->watch_leaf_symbols);
  hl_free(walker->check_contexts);
}

/* ---- Frames ------------------------------------------------------------- */

static void push_frame(hl_walker *walker, TSNode node, int kind) {
  hl_walk_frame frame;
  memset(&frame, 0, sizeof frame);
  frame.node_id = node.id;
  frame.kind = kind;
  hl_array_push(&walker->frames, frame);
}

static void push_loop(hl_walker *walker, TSNode node, TSNode loop) {
  hl_scope *scope = hl_model_scope(&walker->model);
  push_frame(walker, node, HL_FRAME_LOOP);
  hl_walk_frame *frame = &hl_array_last(&walker->frames);
  frame->saved_loop_start = scope->loop_start;
  frame->saved_loop_kind = scope->loop_kind;
  scope->loop_depth++;
  scope->loop_start = ts_node_start_byte(loop);
  scope->loop_kind = ts_node_symbol(loop);
}

static void leave_scope(hl_walker *walker) {
  hl_scope *scope = hl_model_scope(&walker->model);
  for (size_t i = 0; i < walker->active_check_rules.count; i++) {
    uint32_t rule = walker->active_check_rules.items[i];
    const hl_check *check = walker->set->rule_check[rule];
    if (check->on_scope_leave)
      check->on_scope_leave(&walker->check_contexts[rule], scope);
  }
  hl_model_pop_scope(&walker->model);
}

static void pop_frames(hl_walker *walker, TSNode node) {
  while (walker->frames.count &&
         hl_array_last(&walker->frames).node_id == node.id) {
    hl_walk_frame frame = hl_array_pop(&walker->frames);
    hl_model *model = &walker->model;
    switch (frame.kind) {
    case HL_FRAME_SCOPE:
      leave_scope(walker);
      break;
    case HL_FRAME_LOOP: {
      hl_scope *scope = hl_model_scope(model);
      scope->loop_depth--;
      scope->loop_start = frame.saved_loop_start;
      scope->loop_kind = frame.saved_loop_kind;
      break;
    }
    case HL_FRAME_TYPE_CHECKING:
      model->type_checking_depth--;
      break;
    case HL_FRAME_MAIN_GUARD:
      model->main_guard_depth--;
      break;
    }
  }
}

/* ---- Model updates ------------------------------------------------------ */

static void notify_bind(hl_walker *walker, TSNode name, TSNode statement,
                        bool rebinds_global) {
  for (size_t i = 0; i < walker->active_check_rules.count; i++) {
    uint32_t rule = walker->active_check_rules.items[i];
    const hl_check *check = walker->set->rule_check[rule];
    if (check->on_bind)
      check->on_bind(&walker->check_contexts[rule], name, statement,
                     rebinds_global);
  }
}

/* Binds one identifier node and tells the checks. */
static void bind_name(hl_walker *walker, TSNode name, TSNode statement) {
  uint32_t length;
  const char *text = hl_node_text(name, walker->model.source, &length);
  bool global = hl_model_bind(&walker->model, text, length);
  notify_bind(walker, name, statement, global);
}

static void bind_target_notify(hl_walker *walker, TSNode target,
                               TSNode statement) {
  /* Identifiers get bind notifications through a small explicit stack. */
  const hl_kinds *kind = &walker->set->syntax.kind;
  TSNode stack[64];
  size_t depth = 0;
  stack[depth++] = target;
  while (depth) {
    TSNode node = stack[--depth];
    TSSymbol symbol = ts_node_symbol(node);
    if (symbol == kind->identifier) {
      bind_name(walker, node, statement);
    } else if (symbol == kind->pattern_list || symbol == kind->tuple_pattern ||
               symbol == kind->list_pattern || symbol == kind->tuple ||
               symbol == kind->list || symbol == kind->expression_list ||
               symbol == kind->parenthesized_expression ||
               symbol == kind->list_splat_pattern ||
               symbol == kind->list_splat) {
      uint32_t count = ts_node_named_child_count(node);
      for (uint32_t i = count; i-- > 0 && depth < 64;)
        stack[depth++] = ts_node_named_child(node, i);
    }
  }
}

static void record_import(hl_walker *walker, TSNode statement, bool from) {
  hl_model *model = &walker->model;
  const hl_syntax *syntax = &walker->set->syntax;
  uint32_t count = ts_node_named_child_count(statement);
  for (uint32_t i = 0; i < count; i++) {
    TSNode child = ts_node_named_child(statement, i);
    if (from && i == 0)
      continue; /* the module name of `from X import ...` */
    TSSymbol symbol = ts_node_symbol(child);
    TSNode bound = {0};
    if (symbol == syntax->kind.aliased_import) {
      bound = hl_model_field(&walker->model, child, syntax->field.alias);
    } else if (symbol == syntax->kind.dotted_name) {
      uint32_t parts = ts_node_named_child_count(child);
      if (!parts)
        continue;
      /* `import a.b` binds a; `from m import a` binds a */
      bound = ts_node_named_child(child, 0);
    } else {
      continue;
    }
    if (ts_node_is_null(bound))
      continue;
    uint32_t length;
    const char *text = hl_node_text(bound, model->source, &length);
    hl_scope *scope = hl_model_scope(model);
    if (scope->kind == HL_SCOPE_MODULE)
      hl_name_set_add(&model->module_imports, model->arena, text, length)
          ->value++;
    else if (scope->kind == HL_SCOPE_FUNCTION)
      hl_name_set_add(&scope->imports, model->arena, text, length)->value++;
    bind_name(walker, bound, statement);
  }
}

static void declare_names(hl_walker *walker, TSNode statement, bool global) {
  hl_model *model = &walker->model;
  hl_scope *scope = hl_model_scope(model);
  if (scope->kind != HL_SCOPE_FUNCTION)
    return;
  uint32_t count = ts_node_named_child_count(statement);
  for (uint32_t i = 0; i < count; i++) {
    TSNode child = ts_node_named_child(statement, i);
    if (ts_node_symbol(child) != walker->set->syntax.kind.identifier)
      continue;
    uint32_t length;
    const char *text = hl_node_text(child, model->source, &length);
    hl_name_entry *entry =
        hl_name_set_add(global ? &scope->globals : &scope->nonlocals,
                        model->arena, text, length);
    if (!entry->value) /* remember where it was declared, plus one */
      entry->value = ts_node_start_byte(statement) + 1;
  }
}

static bool is_dunder_hot(const char *name, uint32_t length) {
  static const char *const names[] = {
      "__call__",         "__contains__", "__eq__",  "__ge__",   "__getattr__",
      "__getattribute__", "__getitem__",  "__gt__",  "__hash__", "__init__",
      "__iter__",         "__le__",       "__len__", "__lt__",   "__ne__",
      "__next__",         "__setitem__",
  };
  for (size_t i = 0; i < sizeof names / sizeof names[0]; i++)
    if (strlen(names[i]) == length && !memcmp(names[i], name, length))
      return true;
  return false;
}

static void enter_function_definition(hl_walker *walker, TSNode node) {
  hl_model *model = &walker->model;
  const hl_syntax *syntax = &walker->set->syntax;
  TSNode name = hl_model_field(&walker->model, node, syntax->field.name);
  hl_scope *scope = hl_model_scope(model);
  hl_scope *enclosing_function = hl_model_function_scope(model);
  hl_function function;
  memset(&function, 0, sizeof function);
  function.class_index =
      scope->kind == HL_SCOPE_CLASS ? scope->class_index : -1;
  function.parent_function = enclosing_function && scope->kind != HL_SCOPE_CLASS
                                 ? enclosing_function->function
                                 : -1;
  function.start_byte = ts_node_start_byte(node);
  function.end_byte = ts_node_end_byte(node);
  /* the `def` keyword (after `async`) */
  uint32_t child_count = ts_node_child_count(node);
  for (uint32_t i = 0; i < child_count; i++) {
    TSNode child = ts_node_child(node, i);
    if (!ts_node_is_named(child) &&
        hl_node_text_is(child, model->source, "async"))
      function.is_async = true;
    if (!ts_node_is_named(child) &&
        hl_node_text_is(child, model->source, "def")) {
      function.def_line = ts_node_start_point(child).row;
      break;
    }
  }
  if (!ts_node_is_null(name)) {
    function.name = hl_node_text(name, model->source, &function.name_length);
    function.is_dunder_hot = function.class_index >= 0 &&
                             is_dunder_hot(function.name, function.name_length);
    bind_name(walker, name, node);
  } else {
    function.name = "";
  }
  hl_array_push(&model->functions, function);
}

static void bind_parameters(hl_walker *walker, TSNode parameters,
                            hl_scope *scope, bool method) {
  hl_model *model = &walker->model;
  const hl_syntax *syntax = &walker->set->syntax;
  uint32_t count = ts_node_named_child_count(parameters);
  for (uint32_t i = 0; i < count; i++) {
    TSNode parameter = ts_node_named_child(parameters, i);
    TSSymbol symbol = ts_node_symbol(parameter);
    TSNode name = parameter;
    if (symbol == syntax->kind.default_parameter ||
        symbol == syntax->kind.typed_default_parameter) {
      name = hl_model_field(&walker->model, parameter, syntax->field.name);
    } else if (symbol != syntax->kind.identifier) {
      /* typed_parameter, *args, **kwargs: the first identifier inside */
      name = ts_node_named_child(parameter, 0);
      if (!ts_node_is_null(name) &&
          ts_node_symbol(name) != syntax->kind.identifier)
        name = ts_node_named_child(name, 0);
    }
    if (ts_node_is_null(name) ||
        ts_node_symbol(name) != syntax->kind.identifier)
      continue;
    uint32_t length;
    const char *text = hl_node_text(name, model->source, &length);
    if (method && i == 0 && symbol != syntax->kind.list_splat_pattern &&
        symbol != syntax->kind.dictionary_splat_pattern) {
      scope->self_name = text;
      scope->self_length = length;
    }
    hl_name_set_add(&scope->locals, model->arena, text, length)->value++;
  }
}

/* Reads @classmethod / @staticmethod from the decorated_definition around
 * a def (the only decorators the checks ask about). */
static void read_method_decorators(hl_walker *walker, TSNode decorated,
                                   hl_scope *scope) {
  const hl_kinds *kind = &walker->set->syntax.kind;
  uint32_t count = ts_node_named_child_count(decorated);
  for (uint32_t i = 0; i < count; i++) {
    TSNode decorator = ts_node_named_child(decorated, i);
    if (ts_node_symbol(decorator) != kind->decorator)
      continue;
    TSNode expression = ts_node_named_child(decorator, 0);
    if (ts_node_is_null(expression))
      continue;
    if (hl_node_text_is(expression, walker->model.source, "classmethod"))
      scope->is_classmethod = true;
    else if (hl_node_text_is(expression, walker->model.source, "staticmethod"))
      scope->is_staticmethod = true;
  }
}

static void enter_function_body(hl_walker *walker, TSNode body,
                                TSNode function_node) {
  hl_model *model = &walker->model;
  int32_t index = (int32_t)model->functions.count - 1;
  hl_function *function = &model->functions.items[index];
  hl_scope *scope =
      hl_model_push_scope(model, HL_SCOPE_FUNCTION, function_node);
  scope->function = index;
  /* path: ... [decorated_definition] function_definition body */
  if (model->path.count >= 3 &&
      model->path.items[model->path.count - 3].symbol ==
          walker->set->syntax.kind.decorated_definition)
    read_method_decorators(
        walker, model->path.items[model->path.count - 3].node, scope);
  scope->class_index = function->class_index;
  scope->is_async = function->is_async;
  push_frame(walker, body, HL_FRAME_SCOPE);
  TSNode parameters = hl_model_field(&walker->model, function_node,
                                     walker->set->syntax.field.parameters);
  if (!ts_node_is_null(parameters))
    bind_parameters(walker, parameters, scope,
                    function->class_index >= 0 && !scope->is_staticmethod);
}

static void enter_class_definition(hl_walker *walker, TSNode node) {
  hl_model *model = &walker->model;
  const hl_syntax *syntax = &walker->set->syntax;
  TSNode name = hl_model_field(&walker->model, node, syntax->field.name);
  hl_class cls;
  memset(&cls, 0, sizeof cls);
  hl_scope *function = hl_model_function_scope(model);
  cls.parent_function = function ? function->function : -1;
  cls.start_byte = ts_node_start_byte(node);
  cls.end_byte = ts_node_end_byte(node);
  cls.class_keyword_byte = cls.start_byte;
  cls.node = node;
  cls.init_function = -1;
  cls.first_function = (uint32_t)model->functions.count;
  if (model->path.count >= 2) {
    TSNode parent = model->path.items[model->path.count - 2].node;
    if (ts_node_symbol(parent) == syntax->kind.decorated_definition)
      cls.decorated = parent;
  }
  if (!ts_node_is_null(name)) {
    cls.name = hl_node_text(name, model->source, &cls.name_length);
    if (hl_model_scope(model)->kind == HL_SCOPE_MODULE)
      hl_name_set_add(&model->module_classes, model->arena, cls.name,
                      cls.name_length)
          ->value = (uint32_t)model->classes.count + 1;
    hl_array_push(&model->classes, cls);
    bind_name(walker, name, node);
  } else {
    cls.name = "";
    hl_array_push(&model->classes, cls);
  }
}

static void record_call(hl_walker *walker, TSNode call) {
  hl_model *model = &walker->model;
  const hl_syntax *syntax = &walker->set->syntax;
  hl_scope *scope = hl_model_scope(model);
  hl_scope *function = hl_model_function_scope(model);
  bool in_loop = scope->loop_depth > 0;
  TSNode callee = hl_model_field(&walker->model, call, syntax->field.function);
  if (ts_node_is_null(callee))
    return;
  hl_call_site site;
  memset(&site, 0, sizeof site);
  TSSymbol symbol = ts_node_symbol(callee);
  if (symbol == syntax->kind.identifier) {
    site.form = HL_CALL_NAME;
    site.callee = hl_node_text(callee, model->source, &site.callee_length);
    /* outside loops only class instantiations matter (hot callers) */
    if (!in_loop && (!function || site.callee_length == 0 ||
                     !(site.callee[0] >= 'A' && site.callee[0] <= 'Z')))
      return;
  } else if (symbol == syntax->kind.attribute && in_loop) {
    TSNode object =
        hl_model_field(&walker->model, callee, syntax->field.object);
    TSNode attribute =
        hl_model_field(&walker->model, callee, syntax->field.attribute);
    if (ts_node_is_null(object) || ts_node_is_null(attribute) ||
        ts_node_symbol(object) != syntax->kind.identifier)
      return;
    site.receiver = hl_node_text(object, model->source, &site.receiver_length);
    site.callee = hl_node_text(attribute, model->source, &site.callee_length);
    site.form = HL_CALL_DOTTED;
    if (function && function->self_name &&
        function->self_length == site.receiver_length &&
        !memcmp(function->self_name, site.receiver, site.receiver_length))
      site.form = HL_CALL_SELF;
  } else {
    return;
  }
  site.in_loop = in_loop;
  site.caller_function = function ? function->function : -1;
  site.caller_class = function ? function->class_index : -1;
  site.line = ts_node_start_point(call).row;
  hl_array_push(&model->calls, site);
}

static bool is_type_checking_condition(hl_walker *walker, TSNode condition) {
  const hl_syntax *syntax = &walker->set->syntax;
  TSSymbol symbol = ts_node_symbol(condition);
  if (symbol == syntax->kind.identifier)
    return hl_node_text_is(condition, walker->model.source, "TYPE_CHECKING");
  if (symbol == syntax->kind.attribute) {
    TSNode attribute =
        hl_model_field(&walker->model, condition, syntax->field.attribute);
    return !ts_node_is_null(attribute) &&
           hl_node_text_is(attribute, walker->model.source, "TYPE_CHECKING");
  }
  return false;
}

static bool is_main_guard_condition(hl_walker *walker, TSNode condition) {
  const hl_syntax *syntax = &walker->set->syntax;
  if (ts_node_symbol(condition) != syntax->kind.comparison_operator ||
      ts_node_named_child_count(condition) != 2)
    return false;
  TSNode left = ts_node_named_child(condition, 0);
  TSNode right = ts_node_named_child(condition, 1);
  if (ts_node_symbol(left) != syntax->kind.identifier)
    return false;
  if (!hl_node_text_is(left, walker->model.source, "__name__"))
    return false;
  return hl_node_text_is(right, walker->model.source, "\"__main__\"") ||
         hl_node_text_is(right, walker->model.source, "'__main__'");
}

/* Records the first ERROR or MISSING node in document order. Only nodes
 * with an error below them are entered, so this costs the depth of the
 * tree times the siblings on the way, not a walk of every token (a MISSING
 * node is often an anonymous leaf, which the walk skips). */
static void record_syntax_error(hl_walker *walker, TSNode root) {
  TSNode node = root;
  while (!ts_node_is_error(node) && !ts_node_is_missing(node)) {
    TSNode next = {0};
    uint32_t count = ts_node_child_count(node);
    for (uint32_t i = 0; i < count && ts_node_is_null(next); i++) {
      TSNode child = ts_node_child(node, i);
      if (ts_node_has_error(child))
        next = child;
    }
    if (ts_node_is_null(next))
      return; /* not reached: has_error says an error lies below */
    node = next;
  }
  walker->has_syntax_error = true;
  walker->syntax_error_byte = ts_node_start_byte(node);
  walker->syntax_error_missing = ts_node_is_missing(node);
  walker->syntax_error_symbol = ts_node_symbol(node);
}

/* Context frames opened by entering `node` as the `field` child of
 * `parent`, then the model's bookkeeping for the node itself. */
static void update_model(hl_walker *walker, TSNode node, TSSymbol symbol,
                         TSFieldId field, TSNode parent,
                         TSSymbol parent_symbol) {
  hl_model *model = &walker->model;
  const hl_syntax *syntax = &walker->set->syntax;
  const hl_kinds *kind = &syntax->kind;

  if (field == syntax->field.body && !ts_node_is_null(parent)) {
    if (parent_symbol == kind->function_definition) {
      enter_function_body(walker, node, parent);
    } else if (parent_symbol == kind->class_definition) {
      hl_scope *scope = hl_model_push_scope(model, HL_SCOPE_CLASS, parent);
      scope->class_index = (int32_t)model->classes.count - 1;
      push_frame(walker, node, HL_FRAME_SCOPE);
    } else if (parent_symbol == kind->lambda) {
      hl_model_push_scope(model, HL_SCOPE_LAMBDA, parent);
      push_frame(walker, node, HL_FRAME_SCOPE);
    } else if (parent_symbol == kind->for_statement ||
               parent_symbol == kind->while_statement ||
               hl_is_comprehension(syntax, parent_symbol)) {
      push_loop(walker, node, parent);
    }
  } else if (symbol == kind->if_clause &&
             hl_is_comprehension(syntax, parent_symbol)) {
    push_loop(walker, node, parent);
  } else if (field == syntax->field.consequence &&
             parent_symbol == kind->if_statement) {
    TSNode condition =
        hl_model_field(&walker->model, parent, syntax->field.condition);
    if (!ts_node_is_null(condition)) {
      if (is_type_checking_condition(walker, condition)) {
        push_frame(walker, node, HL_FRAME_TYPE_CHECKING);
        model->type_checking_depth++;
      } else if (hl_model_scope(model)->kind == HL_SCOPE_MODULE &&
                 is_main_guard_condition(walker, condition)) {
        push_frame(walker, node, HL_FRAME_MAIN_GUARD);
        model->main_guard_depth++;
      }
    }
  }

  if (symbol == kind->identifier || symbol == kind->attribute)
    return; /* the most frequent kinds: nothing to record */
  if (symbol == kind->call) {
    record_call(walker, node);
  } else if (symbol == kind->assignment) {
    TSNode right = hl_model_field(&walker->model, node, syntax->field.right);
    TSNode left = hl_model_field(&walker->model, node, syntax->field.left);
    if (!ts_node_is_null(right) && !ts_node_is_null(left))
      bind_target_notify(walker, left, node);
  } else if (symbol == kind->augmented_assignment ||
             symbol == kind->for_statement) {
    TSNode left = hl_model_field(&walker->model, node, syntax->field.left);
    if (!ts_node_is_null(left))
      bind_target_notify(walker, left, node);
  } else if (symbol == kind->named_expression) {
    TSNode name = hl_model_field(&walker->model, node, syntax->field.name);
    if (!ts_node_is_null(name))
      bind_target_notify(walker, name, node);
  } else if (symbol == kind->as_pattern || symbol == kind->except_clause) {
    TSNode alias = hl_model_field(&walker->model, node, syntax->field.alias);
    if (!ts_node_is_null(alias)) {
      if (ts_node_symbol(alias) != kind->identifier &&
          ts_node_named_child_count(alias) == 1)
        alias = ts_node_named_child(alias, 0);
      bind_target_notify(walker, alias, node);
    }
  } else if (symbol == kind->delete_statement) {
    uint32_t count = ts_node_named_child_count(node);
    for (uint32_t i = 0; i < count; i++)
      bind_target_notify(walker, ts_node_named_child(node, i), node);
  } else if (symbol == kind->import_statement) {
    record_import(walker, node, false);
  } else if (symbol == kind->import_from_statement) {
    record_import(walker, node, true);
  } else if (symbol == kind->global_statement) {
    declare_names(walker, node, true);
  } else if (symbol == kind->nonlocal_statement) {
    declare_names(walker, node, false);
  } else if (symbol == kind->function_definition) {
    enter_function_definition(walker, node);
  } else if (symbol == kind->class_definition) {
    enter_class_definition(walker, node);
  } else if (symbol == kind->comment) {
    hl_byte_range range = {ts_node_start_byte(node), ts_node_end_byte(node)};
    hl_array_push(&model->comments, range);
  }
}

/* ---- Rule dispatch ------------------------------------------------------ */

static bool capture_text_equals(const char *source, TSNode node,
                                const char *value) {
  uint32_t length;
  const char *text = hl_node_text(node, source, &length);
  return strlen(value) == length && memcmp(text, value, length) == 0;
}

/* One match of a rule's query at a node: its pattern and captures. */
typedef struct query_match {
  uint32_t pattern;
  const TSQueryCapture *captures;
  uint32_t capture_count;
} query_match;

static bool find_capture(const query_match *match, uint32_t id, TSNode *out) {
  for (uint32_t i = 0; i < match->capture_count; i++) {
    if (match->captures[i].index == id) {
      *out = match->captures[i].node;
      return true;
    }
  }
  return false;
}

static bool predicates_hold(const hl_walker *walker,
                            const hl_pattern_info *info,
                            const query_match *match) {
  const char *source = walker->model.source;
  for (uint32_t i = 0; i < info->predicate_count; i++) {
    const hl_predicate *predicate = &info->predicates[i];
    TSNode node;
    if (!find_capture(match, predicate->capture, &node))
      continue; /* optional capture absent: nothing to test */
    bool holds = false;
    switch (predicate->kind) {
    case HL_PRED_EQ:
      if (predicate->other_capture != UINT32_MAX) {
        TSNode other;
        if (find_capture(match, predicate->other_capture, &other)) {
          uint32_t a_length, b_length;
          const char *a = hl_node_text(node, source, &a_length);
          const char *b = hl_node_text(other, source, &b_length);
          holds = a_length == b_length && !memcmp(a, b, a_length);
        }
      } else {
        holds = capture_text_equals(source, node, predicate->values[0]);
      }
      break;
    case HL_PRED_ANY_OF:
      for (uint32_t k = 0; k < predicate->value_count && !holds; k++)
        holds = capture_text_equals(source, node, predicate->values[k]);
      break;
    case HL_PRED_MATCH: {
      uint32_t length;
      const char *text = hl_node_text(node, source, &length);
      char small[256];
      char *copy = length < sizeof small ? small : hl_malloc(length + 1);
      memcpy(copy, text, length);
      copy[length] = '\0';
      holds = regexec(&predicate->regex, copy, 0, NULL, 0) == 0;
      if (copy != small)
        hl_free(copy);
      break;
    }
    }
    if (holds == predicate->negated)
      return false;
  }
  return true;
}

/* For the match.callee pre-filters: the callee's name (`f` of `f(...)`, `m`
 * of `x.m(...)`) of the node if it is a call, else of the call a `for`
 * iterates over; false when there is none. */
static bool callee_name(hl_walker *walker, TSNode node, const char **name,
                        uint32_t *length) {
  const hl_syntax *syntax = &walker->set->syntax;
  TSNode call = node;
  if (ts_node_symbol(node) != syntax->kind.call) {
    call = hl_model_field(&walker->model, node, syntax->field.right);
    if (ts_node_is_null(call) || ts_node_symbol(call) != syntax->kind.call)
      return false;
  }
  TSNode callee =
      call.id == node.id
          ? hl_model_field(&walker->model, call, syntax->field.function)
          : ts_node_child_by_field_id(call, syntax->field.function);
  if (ts_node_is_null(callee))
    return false;
  if (ts_node_symbol(callee) == syntax->kind.attribute)
    callee = ts_node_child_by_field_id(callee, syntax->field.attribute);
  if (ts_node_is_null(callee) ||
      ts_node_symbol(callee) != syntax->kind.identifier)
    return false;
  *name = hl_node_text(callee, walker->model.source, length);
  return true;
}

/* Reports `match` of rule query q at node if its predicates hold. */
static void report_match(hl_walker *walker, TSNode node, const hl_rule_query *q,
                         const query_match *match) {
  const hl_pattern_info *info = &q->patterns[match->pattern];
  if (!predicates_hold(walker, info, match))
    return;
  hl_pending *pending =
      hl_model_report(&walker->model, info->rule, ts_node_start_byte(node),
                      ts_node_end_byte(node));
  for (uint32_t i = 0; i < match->capture_count; i++) {
    uint32_t name_length;
    const char *name =
        hl_rule_query_capture_name(q, match->captures[i].index, &name_length);
    uint32_t length;
    TSNode captured = match->captures[i].node;
    const char *text = hl_node_text(captured, walker->model.source, &length);
    hl_pending_capture_span(pending, name, text, length,
                            ts_node_start_byte(captured),
                            ts_node_end_byte(captured));
  }
}

typedef struct native_run {
  hl_walker *walker;
  TSNode node;
  const hl_rule_query *q;
} native_run;

static void on_native_match(void *context, uint32_t pattern,
                            const TSQueryCapture *captures,
                            uint32_t capture_count) {
  native_run *run = context;
  query_match match = {pattern, captures, capture_count};
  report_match(run->walker, run->node, run->q, &match);
}

/* tree-sitter's progress callback for a query run: true cancels it. */
static bool query_progress(TSQueryCursorState *state) {
  hl_walker *walker = state->payload;
  /* called every 100 query steps; the clock is read on every 16th */
  if (hl_cpu_deadline_reached(walker->deadline_ns,
                              &walker->query_progress_calls, 16))
    walker->timed_out = true;
  return walker->timed_out;
}

static void run_query(hl_walker *walker, TSNode node, const hl_rule_query *q) {
  if (q->native) {
    native_run run = {walker, node, q};
    hl_matcher_run(&q->matcher, node, &walker->matcher_scratch, on_native_match,
                   &run);
    return;
  }
  TSQueryCursor *cursor = walker->query_cursor;
  ts_query_cursor_set_max_start_depth(cursor, 0);
  if (walker->deadline_ns) {
    TSQueryCursorOptions options = {walker, query_progress};
    ts_query_cursor_exec_with_options(cursor, q->query, node, &options);
  } else {
    ts_query_cursor_exec(cursor, q->query, node);
  }
  TSQueryMatch found;
  while (ts_query_cursor_next_match(cursor, &found)) {
    query_match match = {found.pattern_index, found.captures,
                         found.capture_count};
    report_match(walker, node, q, &match);
  }
}

/* Whether `node` has a child in step->field of step->kind (any of them,
 * when the field repeats), whose first named child that is not an extra is
 * of step->first_named when that is set. */
static bool step_holds(hl_walker *walker, TSNode node,
                       const hl_shape_step *step) {
  TSTreeCursor *cursor = &walker->shape_cursor;
  if (!walker->shape_cursor_ready) {
    walker->shape_cursor = ts_tree_cursor_new(node);
    walker->shape_cursor_ready = true;
  } else {
    ts_tree_cursor_reset(cursor, node);
  }
  if (!ts_tree_cursor_goto_first_child(cursor))
    return false;
  do {
    if (ts_tree_cursor_current_field_id(cursor) != step->field)
      continue;
    TSNode child = ts_tree_cursor_current_node(cursor);
    if (ts_node_symbol(child) != step->kind)
      continue;
    if (!step->first_named)
      return true;
    uint32_t count = ts_node_named_child_count(child);
    for (uint32_t i = 0; i < count; i++) {
      TSNode first = ts_node_named_child(child, i);
      if (ts_node_is_extra(first))
        continue;
      if (ts_node_symbol(first) == step->first_named)
        return true;
      break;
    }
  } while (ts_tree_cursor_goto_next_sibling(cursor));
  return false;
}

/* Whether some pattern of q rooted at this kind may match `node`. */
static bool shape_allows(hl_walker *walker, TSNode node, TSSymbol symbol,
                         const hl_rule_query *q) {
  for (uint32_t p = 0; p < q->shape_count; p++) {
    const hl_pattern_shape *shape = &q->shapes[p];
    if (!shape->usable)
      return true;
    if (shape->root != symbol)
      continue;
    bool holds = true;
    for (uint32_t s = 0; s < shape->step_count && holds; s++)
      holds = step_holds(walker, node, &shape->steps[s]);
    if (holds)
      return true;
  }
  return false;
}

/* The queries rooted at this node's kind, each behind its pre-filters:
 * enabled, in its `inside`/`not-inside` context, a callee it names. Only a
 * query that passes them is compiled (on first use) and run. */
static void run_queries(hl_walker *walker, TSNode node, TSSymbol symbol,
                        const hl_kind_dispatch *dispatch) {
  const hl_ruleset *set = walker->set;
  bool have_context = false, have_callee = false, callee = false;
  unsigned context = 0;
  const char *name = NULL;
  uint32_t name_length = 0;
  for (uint32_t i = 0; i < dispatch->query_rule_count; i++) {
    uint32_t index = dispatch->query_rules[i];
    const hl_rule_query *q = &set->queries[index];
    if (!walker->active[q->rule])
      continue;
    const hl_rule *rule = set->rules[q->rule];
    if (rule->inside | rule->not_inside) {
      if (!have_context) {
        context = hl_model_context(&walker->model);
        have_context = true;
      }
      if ((context & rule->inside) != rule->inside ||
          (context & rule->not_inside))
        continue;
    }
    if (q->callee_filter) {
      if (!have_callee) {
        callee = callee_name(walker, node, &name, &name_length);
        have_callee = true;
      }
      if (!callee || !hl_name_set_find(q->callee_filter, name, name_length))
        continue;
    }
    if (q->native) { /* the matcher is as cheap as the shape pre-check */
      run_query(walker, node, q);
      continue;
    }
    if (!shape_allows(walker, node, symbol, q))
      continue;
    const hl_rule_query *compiled = hl_ruleset_rule_query(set, index);
    if (compiled)
      run_query(walker, node, compiled);
  }
}

static void dispatch_node(hl_walker *walker, TSNode node, TSSymbol symbol) {
  if (symbol >= walker->set->syntax.symbol_count)
    return; /* ERROR nodes carry a symbol outside the language's table */
  uint8_t flags = walker->set->symbol_flags[symbol];
  if (!(flags & (HL_SYMBOL_QUERY | HL_SYMBOL_CHECK)))
    return;
  const hl_kind_dispatch *dispatch = &walker->set->by_symbol[symbol];
  if (flags & HL_SYMBOL_QUERY)
    run_queries(walker, node, symbol, dispatch);
  if (flags & HL_SYMBOL_CHECK) {
    for (uint32_t i = 0; i < dispatch->check_rule_count; i++) {
      uint32_t entry = dispatch->check_rules[i];
      uint32_t rule = entry & ~HL_DISPATCH_WATCH;
      hl_check_context *context = &walker->check_contexts[rule];
      if (walker->active[rule] &&
          (!(entry & HL_DISPATCH_WATCH) || context->watching))
        walker->set->rule_check[rule]->on_node(context, node);
    }
  }
}

/* ---- The walk ----------------------------------------------------------- */

/* Fills walker->skip_leaf for this file's active rules. Named leaves of
 * these kinds carry nothing the model records (it returns early on an
 * identifier and never looks at the others); they are skipped unless a
 * query is rooted at the kind or an active check wants it, and a check's
 * watch kind only while nothing is watched. Leaves are never ancestors, so
 * no other node's path changes. */
static void plan_leaf_skipping(hl_walker *walker) {
  const hl_ruleset *set = walker->set;
  const hl_kinds *kind = &set->syntax.kind;
  const TSSymbol leaves[] = {
      kind->identifier, kind->string_start,    kind->string_content,
      kind->string_end, kind->escape_sequence, kind->integer,
      kind->float_,     kind->true_,           kind->false_,
      kind->none,       kind->ellipsis,
  };
  uint32_t count = set->syntax.symbol_count;
  if (!walker->skip_leaf)
    walker->skip_leaf = hl_calloc(count ? count : 1, 1);
  memset(walker->skip_leaf, 0, count);
  hl_array_clear(&walker->watch_leaf_symbols);
  for (size_t i = 0; i < sizeof leaves / sizeof leaves[0]; i++) {
    TSSymbol symbol = leaves[i];
    if (!symbol || symbol >= count ||
        (set->symbol_flags[symbol] & HL_SYMBOL_QUERY))
      continue;
    const hl_kind_dispatch *dispatch = &set->by_symbol[symbol];
    bool wanted = false, watched = false;
    for (uint32_t c = 0; c < dispatch->check_rule_count; c++) {
      uint32_t entry = dispatch->check_rules[c];
      if (!walker->active[entry & ~HL_DISPATCH_WATCH])
        continue;
      if (entry & HL_DISPATCH_WATCH)
        watched = true;
      else
        wanted = true;
    }
    if (wanted)
      continue;
    walker->skip_leaf[symbol] = 1;
    if (watched)
      hl_array_push(&walker->watch_leaf_symbols, symbol);
  }
}

void hl_walker_run(hl_walker *walker, TSTree *tree, const char *file_path,
                   const char *source, uint32_t length, hl_arena *arena,
                   const bool *active, int target_minor) {
  const hl_ruleset *set = walker->set;
  hl_model *model = &walker->model;
  hl_model_begin(model, &set->syntax, arena, file_path, source, length);
  hl_array_clear(&walker->frames);
  hl_array_clear(&walker->active_check_rules);
  walker->active = active;
  walker->target_minor = target_minor;
  walker->has_syntax_error = false;

  TSNode root = ts_tree_root_node(tree);
  hl_model_push_scope(model, HL_SCOPE_MODULE, root);

  for (uint32_t rule = 0; rule < set->rule_count; rule++) {
    const hl_check *check = set->rule_check[rule];
    if (!check || !active[rule])
      continue;
    hl_check_context *context = &walker->check_contexts[rule];
    context->model = model;
    context->syntax = &set->syntax;
    context->rule = rule;
    context->slot = set->rule_check_slot[rule];
    context->target_minor = target_minor;
    context->watching = 0;
    context->watchers = &walker->watchers;
    context->state =
        check->state_size ? hl_arena_calloc(arena, 1, check->state_size) : NULL;
    hl_array_push(&walker->active_check_rules, rule);
  }

  if (ts_node_has_error(root))
    record_syntax_error(walker, root);
  hl_tree_walk *tree_walk = &walker->tree_walk;
  /* the named nodes and those with children: the rest are punctuation */
  hl_tree_walk_begin(tree_walk, tree, true);
  walker->watchers = 0;
  plan_leaf_skipping(walker);
  hl_tree_walk_skip_named_leaves(tree_walk, walker->skip_leaf,
                                 set->syntax.symbol_count);
  bool skipping_watched = true;
  hl_tree_walk_step step;
  walker->timed_out = false;
  uint32_t steps = 0;
  for (;;) {
    /* watch kinds are walked while some check watches */
    if (skipping_watched != (walker->watchers == 0)) {
      skipping_watched = !skipping_watched;
      for (size_t i = 0; i < walker->watch_leaf_symbols.count; i++)
        walker->skip_leaf[walker->watch_leaf_symbols.items[i]] =
            skipping_watched;
    }
    if (!hl_tree_walk_next(tree_walk, &step))
      break;
    /* the clock is read every 4096 nodes: ~0.1 ms of walking */
    if (hl_cpu_deadline_reached(walker->deadline_ns, &steps, 4096))
      walker->timed_out = true;
    if (walker->timed_out)
      break;
    while (model->path.count > step.depth) {
      TSNode leaving = hl_array_pop(&model->path).node;
      if (walker->frames.count &&
          hl_array_last(&walker->frames).node_id == leaving.id)
        pop_frames(walker, leaving);
    }
    TSNode node = step.node;
    TSSymbol symbol = step.symbol;
    hl_path_entry parent = {0};
    if (model->path.count)
      parent = hl_array_last(&model->path);
    hl_path_entry entry = {node, symbol, step.field};
    hl_array_push(&model->path, entry);
    if (step.named) {
      update_model(walker, node, symbol, step.field, parent.node,
                   parent.symbol);
      dispatch_node(walker, node, symbol);
    }
  }
  while (model->path.count)
    pop_frames(walker, hl_array_pop(&model->path).node);
  /* the module scope */
  while (model->scopes.count > 1)
    leave_scope(walker);
  leave_scope(walker);
  for (size_t i = 0; i < walker->active_check_rules.count; i++) {
    uint32_t rule = walker->active_check_rules.items[i];
    const hl_check *check = set->rule_check[rule];
    if (check->on_file_end)
      check->on_file_end(&walker->check_contexts[rule]);
  }
}
