/* HOT103 global-rebinding: a function rebinds a module global through a
 * `global` declaration. Reported once per name and function, at the first
 * rebinding, with the `global` statement as the related place. Reads and
 * mutations (X.append, X[k] = v) are not bindings and never reach here. */
#include "checks/checks.h"

static void on_bind(hl_check_context *context, TSNode name, TSNode statement,
                    bool rebinds_global) {
  (void)statement;
  if (!rebinds_global)
    return;
  hl_model *model = context->model;
  hl_scope *scope = hl_model_function_scope(model);
  if (!scope)
    return;
  hl_name_set **reported = (hl_name_set **)&scope->check_data[context->slot];
  if (!*reported)
    *reported = hl_arena_calloc(model->arena, 1, sizeof(hl_name_set));
  uint32_t length;
  const char *text = hl_node_text(name, model->source, &length);
  hl_name_entry *entry = hl_name_set_add(*reported, model->arena, text, length);
  if (entry->value++)
    return;
  hl_pending *pending = hl_model_report(
      model, context->rule, ts_node_start_byte(name), ts_node_end_byte(name));
  hl_pending_capture(pending, "name", text, length);
  hl_name_entry *declared = hl_name_set_find(&scope->globals, text, length);
  if (declared && declared->value) {
    uint32_t start = declared->value - 1;
    uint32_t end = start;
    while (end < model->length && model->source[end] != '\n' &&
           model->source[end] != '\r')
      end++;
    pending->has_related = true;
    pending->related_start = start;
    pending->related_end = end;
    pending->related_message = "declared global here";
  }
}

const hl_check hl_check_global_rebinding = {
    .name = "global_rebinding",
    .kinds = NULL,
    .on_bind = on_bind,
};
