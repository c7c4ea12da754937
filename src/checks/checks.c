/* Native check registry and the helpers checks share. */
#include "checks/checks.h"

#include <string.h>

extern const hl_check hl_check_constant_collection;
extern const hl_check hl_check_global_rebinding;
extern const hl_check hl_check_method_alias;
extern const hl_check hl_check_string_concat;
extern const hl_check hl_check_missing_slots;
extern const hl_check hl_check_gather_exceptions, hl_check_unbounded_cache,
    hl_check_class_mutation, hl_check_instance_shape;
extern const hl_check hl_check_append_loop, hl_check_manual_reduction,
    hl_check_write_in_loop, hl_check_char_loop;
extern const hl_check hl_check_invariant_call, hl_check_repeated_subscript,
    hl_check_membership_list;

const hl_check *const hl_checks[] = {
    &hl_check_constant_collection, &hl_check_global_rebinding,
    &hl_check_method_alias,        &hl_check_string_concat,
    &hl_check_missing_slots,       &hl_check_gather_exceptions,
    &hl_check_unbounded_cache,     &hl_check_class_mutation,
    &hl_check_instance_shape,      &hl_check_append_loop,
    &hl_check_manual_reduction,    &hl_check_write_in_loop,
    &hl_check_char_loop,           &hl_check_invariant_call,
    &hl_check_repeated_subscript,  &hl_check_membership_list,
};
const size_t hl_check_count = sizeof hl_checks / sizeof hl_checks[0];

const hl_check *hl_check_find(const char *name) {
  for (size_t i = 0; i < hl_check_count; i++)
    if (!strcmp(hl_checks[i]->name, name))
      return hl_checks[i];
  return NULL;
}

TSNode hl_check_ancestor(const hl_check_context *context, uint32_t levels) {
  const hl_model *model = context->model;
  if (levels >= model->path.count)
    return (TSNode){0};
  return model->path.items[model->path.count - 1 - levels].node;
}

TSFieldId hl_check_ancestor_field(const hl_check_context *context,
                                  uint32_t levels) {
  const hl_model *model = context->model;
  if (levels >= model->path.count)
    return 0;
  return model->path.items[model->path.count - 1 - levels].field;
}

void *hl_class_table_get(hl_class_table *table, hl_arena *arena, int32_t index,
                         size_t size) {
  if ((size_t)index >= table->capacity) {
    size_t grown = table->capacity ? table->capacity * 2 : 16;
    while (grown <= (size_t)index)
      grown *= 2;
    void **entries = hl_arena_calloc(arena, grown, sizeof(void *));
    if (table->capacity)
      memcpy(entries, table->entries, table->capacity * sizeof(void *));
    table->entries = entries;
    table->capacity = grown;
  }
  if (!table->entries[index])
    table->entries[index] = hl_arena_calloc(arena, 1, size);
  return table->entries[index];
}

void *hl_class_table_find(const hl_class_table *table, size_t index) {
  return index < table->capacity ? table->entries[index] : NULL;
}
