/* HOT501 unbounded-cache: a decorator that caches without bound:
 * `@cache` / `@functools.cache`, `@lru_cache(None)`,
 * `@lru_cache(maxsize=None)` (also spelled `functools.lru_cache`); and, on a
 * method (first parameter `self`), any `@cache` / `@lru_cache`, which keeps
 * every instance alive through the cache keys. The finding is on the
 * decorator's line. The bare names `cache` / `lru_cache` count only when a
 * module-level import binds them (a home-made `cache` decorator is left
 * alone). Not reported: `@lru_cache` / `@lru_cache(maxsize=N)` on functions,
 * `@cached_property`, `maxsize` given through a variable or `**options`. */
#include "checks/checks.h"

#include <stdio.h>
#include <string.h>

enum { NOT_CACHE, CACHE_UNBOUNDED, CACHE_BOUNDED };

static bool is_none(TSNode node, const hl_syntax *syntax) {
  return !ts_node_is_null(node) && ts_node_symbol(node) == syntax->kind.none;
}

/* Which cache decorator `name` is: `cache`, `functools.cache`, `lru_cache`,
 * `functools.lru_cache`; returns 1 for cache, 2 for lru_cache, 0 otherwise. */
static int cache_name(const hl_check_context *context, TSNode name) {
  const hl_syntax *syntax = context->syntax;
  const hl_model *model = context->model;
  const char *source = model->source;
  uint32_t length;
  const char *text = hl_node_text(name, source, &length);
  TSSymbol symbol = ts_node_symbol(name);
  if (symbol == syntax->kind.identifier) {
    if (length != 5 && length != 9)
      return 0;
    int kind = length == 5 && !memcmp(text, "cache", 5)       ? 1
               : length == 9 && !memcmp(text, "lru_cache", 9) ? 2
                                                              : 0;
    if (kind && !hl_name_set_find(&model->module_imports, text, length))
      return 0; /* a decorator of this module that happens to be called so */
    return kind;
  }
  if (symbol != syntax->kind.attribute || (length != 15 && length != 19))
    return 0;
  if (length == 15 && !memcmp(text, "functools.cache", 15))
    return 1;
  if (length == 19 && !memcmp(text, "functools.lru_cache", 19))
    return 2;
  return 0;
}

/* NOT_CACHE, CACHE_UNBOUNDED or CACHE_BOUNDED for the decorator's
 * expression. */
static int classify(const hl_check_context *context, TSNode expression) {
  const hl_syntax *syntax = context->syntax;
  const char *source = context->model->source;
  if (ts_node_symbol(expression) != syntax->kind.call) {
    int kind = cache_name(context, expression);
    return kind == 1 ? CACHE_UNBOUNDED : kind == 2 ? CACHE_BOUNDED : NOT_CACHE;
  }
  TSNode function =
      hl_model_field(context->model, expression, syntax->field.function);
  if (ts_node_is_null(function) || cache_name(context, function) != 2)
    return NOT_CACHE; /* cache(...) is not a decorator factory */
  TSNode arguments =
      hl_model_field(context->model, expression, syntax->field.arguments);
  if (ts_node_is_null(arguments))
    return CACHE_BOUNDED;
  uint32_t count = ts_node_named_child_count(arguments);
  for (uint32_t i = 0; i < count; i++) {
    TSNode argument = ts_node_named_child(arguments, i);
    TSSymbol symbol = ts_node_symbol(argument);
    if (i == 0 && symbol != syntax->kind.keyword_argument &&
        symbol != syntax->kind.list_splat &&
        symbol != syntax->kind.dictionary_splat)
      return is_none(argument, syntax) ? CACHE_UNBOUNDED : CACHE_BOUNDED;
    if (symbol == syntax->kind.keyword_argument) {
      TSNode name =
          hl_model_field(context->model, argument, syntax->field.name);
      if (!ts_node_is_null(name) && hl_node_text_is(name, source, "maxsize"))
        return is_none(hl_model_field(context->model, argument,
                                      syntax->field.value),
                       syntax)
                   ? CACHE_UNBOUNDED
                   : CACHE_BOUNDED;
    }
  }
  return CACHE_BOUNDED; /* default maxsize=128, or unknown through splats */
}

/* True if the decorated definition is a def whose first parameter is
 * `self`. */
static bool decorates_method(const hl_check_context *context) {
  const hl_syntax *syntax = context->syntax;
  TSNode decorated = hl_check_ancestor(context, 1);
  if (ts_node_is_null(decorated) ||
      ts_node_symbol(decorated) != syntax->kind.decorated_definition)
    return false;
  TSNode definition =
      hl_model_field(context->model, decorated, syntax->field.definition);
  if (ts_node_is_null(definition) ||
      ts_node_symbol(definition) != syntax->kind.function_definition)
    return false;
  TSNode parameters =
      hl_model_field(context->model, definition, syntax->field.parameters);
  TSNode first = ts_node_is_null(parameters)
                     ? parameters
                     : ts_node_named_child(parameters, 0);
  if (ts_node_is_null(first))
    return false;
  if (ts_node_symbol(first) == syntax->kind.typed_parameter ||
      ts_node_symbol(first) == syntax->kind.default_parameter ||
      ts_node_symbol(first) == syntax->kind.typed_default_parameter)
    first = ts_node_named_child(first, 0);
  return !ts_node_is_null(first) &&
         ts_node_symbol(first) == syntax->kind.identifier &&
         hl_node_text_is(first, context->model->source, "self");
}

/* The fix for an unbounded cache: `maxsize=None` / `None` becomes 128;
 * `@cache` becomes `@lru_cache(maxsize=128)` (when `lru_cache` is imported
 * at module level) and `@functools.cache` `@functools.lru_cache(...)`. */
static void propose_bound(hl_check_context *context, hl_pending *pending,
                          TSNode expression) {
  const hl_syntax *syntax = context->syntax;
  hl_model *model = context->model;
  static const char bound[] = "maxsize=128";
  if (ts_node_symbol(expression) == syntax->kind.call) {
    TSNode arguments =
        hl_model_field(context->model, expression, syntax->field.arguments);
    uint32_t count =
        ts_node_is_null(arguments) ? 0 : ts_node_named_child_count(arguments);
    for (uint32_t i = 0; i < count; i++) {
      TSNode argument = ts_node_named_child(arguments, i);
      TSNode value = argument;
      if (ts_node_symbol(argument) == syntax->kind.keyword_argument)
        value = hl_model_field(context->model, argument, syntax->field.value);
      else if (i > 0)
        continue;
      if (is_none(value, syntax)) {
        hl_pending_add_edit(model, pending, ts_node_start_byte(value),
                            ts_node_end_byte(value), "128", 3);
        return;
      }
    }
    return;
  }
  uint32_t length;
  const char *text = hl_node_text(expression, model->source, &length);
  if (length == 15 && !memcmp(text, "functools.cache", 15)) {
    static const char replacement[] = "functools.lru_cache(maxsize=128)";
    hl_pending_add_edit(model, pending, ts_node_start_byte(expression),
                        ts_node_end_byte(expression), replacement,
                        (uint32_t)strlen(replacement));
    return;
  }
  const char *name = NULL;
  if (hl_name_set_find(&model->module_imports, "lru_cache", 9))
    name = "lru_cache(";
  else if (hl_name_set_find(&model->module_imports, "functools", 9))
    name = "functools.lru_cache(";
  if (!name)
    return; /* nothing bounded is imported: leave it to the user */
  char replacement[64];
  int written = snprintf(replacement, sizeof replacement, "%s%s)", name, bound);
  hl_pending_add_edit(model, pending, ts_node_start_byte(expression),
                      ts_node_end_byte(expression), replacement,
                      (uint32_t)written);
}

static void on_node(hl_check_context *context, TSNode node) {
  TSNode expression = ts_node_named_child(node, 0);
  if (ts_node_is_null(expression))
    return;
  int kind = classify(context, expression);
  if (kind == NOT_CACHE)
    return;
  bool method = decorates_method(context);
  if (kind == CACHE_BOUNDED && !method)
    return;
  hl_pending *pending =
      hl_model_report(context->model, context->rule, ts_node_start_byte(node),
                      ts_node_end_byte(node));
  uint32_t length;
  const char *text = hl_node_text(node, context->model->source, &length);
  hl_pending_capture(pending, "decorator", text, length);
  static const char unbounded[] = "caches without a size limit";
  static const char on_method[] = "on a method keeps every `self` alive";
  const char *reason = method ? on_method : unbounded;
  hl_pending_capture(pending, "reason", reason, (uint32_t)strlen(reason));
  if (!method) /* a bound does not stop a method's cache keeping `self` */
    propose_bound(context, pending, expression);
}

static const char *const kinds[] = {"decorator", NULL};

const hl_check hl_check_unbounded_cache = {
    .name = "unbounded_cache",
    .kinds = kinds,
    .on_node = on_node,
};
