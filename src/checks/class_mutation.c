/* HOT303 class-mutation-at-runtime: an attribute of a class object set or
 * deleted after the class statement: `Cls.attr = ...`, `Cls.attr += ...`,
 * `del Cls.attr` and `setattr(Cls, ...)` where Cls is a class of this module
 * bound once at module level and not shadowed by a local; `type(x).attr =
 * ...` and `x.__class__.attr = ...`; `cls.attr = ...` in a `@classmethod`
 * whose first parameter is `cls`'s name. The anchor is the statement (the
 * call for setattr).
 *
 * Not reported: assignments in the class body itself (that is the class's
 * definition), `self.attr = ...` (an instance attribute), classes defined
 * inside functions or later in the file than the mutation, classes of other
 * modules (`mod.Cls.attr = ...`: the name is not known as a class), the
 * implicit classmethods `__init_subclass__` / `__class_getitem__` (a
 * class being set up right after creation), and metaclass methods, and
 * anything in test code, where monkey-patching is the point: files under a
 * `tests/` directory, `test_*.py` and `conftest.py`. */
#include "checks/checks.h"

#include <string.h>

typedef struct class_mutation_state {
  int test_file; /* 0 not decided yet, 1 test code, 2 not */
} class_mutation_state;

/* True for the paths RULES.md treats as tests: a `tests/` directory,
 * `test_*.py`, `conftest.py`. */
static bool is_test_path(const char *path) {
  if (!path)
    return false;
  const char *base = strrchr(path, '/');
  base = base ? base + 1 : path;
  size_t length = strlen(base);
  if (!strcmp(base, "conftest.py") ||
      (!strncmp(base, "test_", 5) && length > 8 &&
       !strcmp(base + length - 3, ".py")))
    return true;
  for (const char *p = path; (p = strstr(p, "tests/")); p++)
    if (p == path || p[-1] == '/')
      return true;
  return false;
}

static bool same(const char *a, uint32_t a_length, const char *b,
                 uint32_t b_length) {
  return a_length == b_length && !memcmp(a, b, a_length);
}

/* True if `name` is a local of an enclosing function (a parameter or a
 * variable that shadows the module's class). */
static bool is_local(hl_model *model, const char *name, uint32_t length) {
  for (size_t i = model->scopes.count; i-- > 0;) {
    hl_scope *scope = &model->scopes.items[i];
    if (scope->kind == HL_SCOPE_MODULE)
      break;
    if ((scope->kind == HL_SCOPE_FUNCTION || scope->kind == HL_SCOPE_LAMBDA) &&
        hl_name_set_find(&scope->locals, name, length) &&
        !hl_name_set_find(&scope->globals, name, length))
      return true;
  }
  return false;
}

/* True if the current function is decorated `@classmethod` and `name` is its
 * first parameter. */
static bool is_classmethod_cls(hl_check_context *context, const char *name,
                               uint32_t length) {
  hl_scope *scope = hl_model_scope(context->model);
  return scope->kind == HL_SCOPE_FUNCTION && scope->is_classmethod &&
         scope->self_name &&
         same(scope->self_name, scope->self_length, name, length);
}

/* True if `object` (the X of `X.attr = ...` or `setattr(X, ...)`) is a
 * class object. */
static bool is_class_object(hl_check_context *context, TSNode object) {
  hl_model *model = context->model;
  const hl_syntax *syntax = context->syntax;
  TSSymbol symbol = ts_node_symbol(object);
  if (symbol == syntax->kind.identifier) {
    uint32_t length;
    const char *name = hl_node_text(object, model->source, &length);
    if (is_classmethod_cls(context, name, length))
      return true;
    hl_name_entry *cls = hl_name_set_find(&model->module_classes, name, length);
    if (!cls)
      return false;
    hl_name_entry *bindings =
        hl_name_set_find(&model->module_bindings, name, length);
    if (!bindings || bindings->value != 1 ||
        hl_name_set_find(&model->module_rebound, name, length))
      return false;
    return !is_local(model, name, length);
  }
  if (symbol == syntax->kind.call) {
    /* type(x) */
    TSNode function =
        hl_model_field(context->model, object, syntax->field.function);
    TSNode arguments =
        hl_model_field(context->model, object, syntax->field.arguments);
    return !ts_node_is_null(function) && !ts_node_is_null(arguments) &&
           hl_node_text_is(function, model->source, "type") &&
           ts_node_named_child_count(arguments) == 1 &&
           !is_local(model, "type", 4);
  }
  if (symbol == syntax->kind.attribute) {
    /* x.__class__ */
    TSNode attribute =
        hl_model_field(context->model, object, syntax->field.attribute);
    return !ts_node_is_null(attribute) &&
           hl_node_text_is(attribute, model->source, "__class__");
  }
  return false;
}

static void report(hl_check_context *context, TSNode anchor, TSNode target) {
  hl_pending *pending =
      hl_model_report(context->model, context->rule, ts_node_start_byte(anchor),
                      ts_node_end_byte(anchor));
  uint32_t length;
  const char *text = hl_node_text(target, context->model->source, &length);
  hl_pending_capture(pending, "target", text, length);
}

/* Reports `statement` once if one of its targets is an attribute of a class
 * object; `targets` is an attribute or a pattern/expression list. */
static void check_targets(hl_check_context *context, TSNode statement,
                          TSNode targets) {
  const hl_syntax *syntax = context->syntax;
  TSSymbol symbol = ts_node_symbol(targets);
  uint32_t count = 1;
  bool list = symbol == syntax->kind.pattern_list ||
              symbol == syntax->kind.tuple_pattern ||
              symbol == syntax->kind.list_pattern ||
              symbol == syntax->kind.expression_list ||
              symbol == syntax->kind.tuple;
  if (list)
    count = ts_node_named_child_count(targets);
  for (uint32_t i = 0; i < count && i < 64; i++) {
    TSNode target = list ? ts_node_named_child(targets, i) : targets;
    if (ts_node_symbol(target) != syntax->kind.attribute)
      continue;
    TSNode object =
        hl_model_field(context->model, target, syntax->field.object);
    if (!ts_node_is_null(object) && is_class_object(context, object)) {
      report(context, statement, target);
      return;
    }
  }
}

static void on_node(hl_check_context *context, TSNode node) {
  class_mutation_state *state = context->state;
  if (!state->test_file)
    state->test_file = is_test_path(context->model->file_path) ? 1 : 2;
  if (state->test_file == 1)
    return;
  hl_model *model = context->model;
  const hl_syntax *syntax = context->syntax;
  TSSymbol symbol = ts_node_symbol(node);
  if (symbol == syntax->kind.call) {
    /* cheap pre-filter on the text before any child lookup */
    uint32_t start = ts_node_start_byte(node);
    if (ts_node_end_byte(node) - start < 8 ||
        memcmp(model->source + start, "setattr", 7) != 0)
      return;
    TSNode function =
        hl_model_field(context->model, node, syntax->field.function);
    if (ts_node_is_null(function) ||
        ts_node_symbol(function) != syntax->kind.identifier ||
        !hl_node_text_is(function, model->source, "setattr"))
      return;
    TSNode arguments =
        hl_model_field(context->model, node, syntax->field.arguments);
    TSNode first = ts_node_is_null(arguments)
                       ? arguments
                       : ts_node_named_child(arguments, 0);
    if (!ts_node_is_null(first) && is_class_object(context, first))
      report(context, node, first);
    return;
  }
  if (symbol == syntax->kind.delete_statement) {
    TSNode targets = ts_node_named_child(node, 0);
    if (!ts_node_is_null(targets))
      check_targets(context, node, targets);
    return;
  }
  if (symbol != syntax->kind.assignment &&
      symbol != syntax->kind.augmented_assignment) {
    /* type_alias_statement: tree-sitter-python 0.25 parses
     * `type(x).attr = value` as `type (x).attr = value`, a type alias whose
     * left side is the attribute `(x).attr` */
    TSNode left = hl_model_field(context->model, node, syntax->field.left);
    TSNode attribute =
        ts_node_is_null(left) ? left : ts_node_named_child(left, 0);
    if (ts_node_is_null(attribute) ||
        ts_node_symbol(attribute) != syntax->kind.attribute)
      return;
    TSNode object =
        hl_model_field(context->model, attribute, syntax->field.object);
    if (ts_node_is_null(object) ||
        ts_node_symbol(object) != syntax->kind.parenthesized_expression ||
        is_local(model, "type", 4))
      return;
    hl_pending *pending = hl_model_report(
        model, context->rule, ts_node_start_byte(node), ts_node_end_byte(node));
    hl_pending_capture(pending, "target",
                       model->source + ts_node_start_byte(node),
                       ts_node_end_byte(attribute) - ts_node_start_byte(node));
    return;
  }
  /* assignment / augmented_assignment; `a = b = c` nests the second
   * assignment as the right side of the first: decide the whole chain at
   * the outer one, so that a statement is reported once */
  TSNode parent = hl_check_ancestor(context, 1);
  if (!ts_node_is_null(parent) &&
      ts_node_symbol(parent) == syntax->kind.assignment &&
      hl_check_ancestor_field(context, 0) == syntax->field.right)
    return;
  size_t before = model->pending.count;
  TSNode link = node;
  for (int guard = 0; guard < 64 && model->pending.count == before; guard++) {
    TSNode left = hl_model_field(context->model, link, syntax->field.left);
    if (!ts_node_is_null(left))
      check_targets(context, node, left);
    link = hl_model_field(context->model, link, syntax->field.right);
    if (ts_node_is_null(link) ||
        ts_node_symbol(link) != syntax->kind.assignment)
      break;
  }
}

static const char *const kinds[] = {
    "assignment", "augmented_assignment", "delete_statement",
    "call",       "type_alias_statement", NULL};

const hl_check hl_check_class_mutation = {
    .name = "class_mutation",
    .kinds = kinds,
    .state_size = sizeof(class_mutation_state),
    .on_node = on_node,
};
