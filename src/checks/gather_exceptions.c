/* HOT403 gather-without-return-exceptions: `await asyncio.gather(...)` whose
 * argument list has no `return_exceptions=` keyword. The keyword is looked
 * for among the call's own arguments only (never inside nested calls or
 * strings), which is why this is a check and not a text match on the
 * argument list. Not reported: any explicit `return_exceptions=` (True or
 * False: the choice was made), a `**options` argument (it may carry the
 * keyword), a gather that is not awaited right there (stored as a future,
 * passed on, wrapped in `asyncio.wait_for`), and `gather` imported by name. */
#include "checks/checks.h"

static void on_node(hl_check_context *context, TSNode node) {
  const hl_syntax *syntax = context->syntax;
  const char *source = context->model->source;
  TSNode call = ts_node_named_child(node, 0);
  if (ts_node_is_null(call) || ts_node_symbol(call) != syntax->kind.call)
    return;
  TSNode function =
      hl_model_field(context->model, call, syntax->field.function);
  if (ts_node_is_null(function) ||
      ts_node_symbol(function) != syntax->kind.attribute ||
      ts_node_end_byte(function) - ts_node_start_byte(function) != 14 ||
      !hl_node_text_is(function, source, "asyncio.gather"))
    return;
  TSNode arguments =
      hl_model_field(context->model, call, syntax->field.arguments);
  if (ts_node_is_null(arguments) ||
      ts_node_symbol(arguments) != syntax->kind.argument_list)
    return;
  uint32_t count = ts_node_named_child_count(arguments);
  for (uint32_t i = 0; i < count; i++) {
    TSNode argument = ts_node_named_child(arguments, i);
    TSSymbol symbol = ts_node_symbol(argument);
    if (symbol == syntax->kind.dictionary_splat)
      return; /* **options may hold return_exceptions */
    if (symbol != syntax->kind.keyword_argument)
      continue;
    TSNode name = hl_model_field(context->model, argument, syntax->field.name);
    if (!ts_node_is_null(name) &&
        hl_node_text_is(name, source, "return_exceptions"))
      return;
  }
  hl_pending *pending =
      hl_model_report(context->model, context->rule, ts_node_start_byte(node),
                      ts_node_end_byte(node));
  uint32_t length;
  const char *text = hl_node_text(function, source, &length);
  hl_pending_capture(pending, "call", text, length);
}

static const char *const kinds[] = {"await", NULL};

const hl_check hl_check_gather_exceptions = {
    .name = "gather_exceptions",
    .kinds = kinds,
    .on_node = on_node,
};
