/* Native checks: rules a tree-sitter query cannot express, one C file each
 * in src/checks/. A check names the node kinds it wants; the walk calls it
 * at those nodes only, and tells it about bindings and scope ends. Its
 * per-file state lives in the model's arena. Checks never print. */
#ifndef HOTLINT_CHECKS_CHECKS_H
#define HOTLINT_CHECKS_CHECKS_H

#include "model/model.h"

#include <stdbool.h>

typedef struct hl_check_context {
  hl_model *model;
  const hl_syntax *syntax;
  uint32_t rule; /* the rule this check reports as */
  uint32_t slot; /* index into hl_scope.check_data for this check */
  int target_minor;
  void *state; /* state_size zeroed bytes, per file */
  /* While nonzero, the check's watch_kinds are dispatched to it too. The
   * check counts what it watches for with hl_check_watch/unwatch (0 at the
   * file's start). */
  uint32_t watching;
  uint32_t *watchers; /* the walk's total of all checks' watching */
} hl_check_context;

typedef struct hl_check {
  const char *name; /* as written in a rule's `check:` */
  /* Node kinds dispatched to on_node, NULL-terminated. */
  const char *const *kinds;
  /* More kinds, dispatched only while context->watching is nonzero: a
   * frequent kind (identifiers) that matters only while the check has
   * something open to watch. May be NULL. */
  const char *const *watch_kinds;
  size_t state_size;
  void (*on_node)(hl_check_context *context, TSNode node);
  /* A name was bound in the current scope by `statement`; rebinds_global
   * when it rebinds a module global through `global`. May be NULL. */
  void (*on_bind)(hl_check_context *context, TSNode name, TSNode statement,
                  bool rebinds_global);
  /* The current scope is about to be popped. May be NULL. */
  void (*on_scope_leave)(hl_check_context *context, hl_scope *scope);
  /* The walk is over; module-wide facts are final. May be NULL. */
  void (*on_file_end)(hl_check_context *context);
} hl_check;

/* Something to watch for opens, or closes: the check's watch_kinds are
 * dispatched to it while anything is open. */
static inline void hl_check_watch(hl_check_context *context) {
  context->watching++;
  (*context->watchers)++;
}
static inline void hl_check_unwatch(hl_check_context *context) {
  context->watching--;
  (*context->watchers)--;
}

/* Returns the check with this name, or NULL. */
const hl_check *hl_check_find(const char *name);
/* The registry, for listing. */
extern const hl_check *const hl_checks[];
extern const size_t hl_check_count;

/* Helpers shared by checks. */

/* Per-class state of a check: entry i belongs to model->classes.items[i].
 * Lives in the file's arena like all check state. */
typedef struct hl_class_table {
  void **entries;
  size_t capacity;
} hl_class_table;

/* Returns the entry of class `index`, made of `size` zeroed bytes on first
 * use (the table grows in `arena`). */
void *hl_class_table_get(hl_class_table *table, hl_arena *arena, int32_t index,
                         size_t size);
/* Returns the entry of class `index`, or NULL if none was made. */
void *hl_class_table_find(const hl_class_table *table, size_t index);

/* The node `levels` steps up the walk's path (1 = parent), or a null node. */
TSNode hl_check_ancestor(const hl_check_context *context, uint32_t levels);
/* The field id under which the node `levels` up sits in its parent. */
TSFieldId hl_check_ancestor_field(const hl_check_context *context,
                                  uint32_t levels);

#endif
