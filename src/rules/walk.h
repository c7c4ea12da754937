/* The walk: ONE iterative pass over a file's tree (syntax/tree_walk.h). At each
 * node it updates the scope model (scopes, loops, bindings, calls,
 * comments) and dispatches by node kind to the rules rooted at that kind:
 * their queries matched anchored at the node, and native checks. It
 * never recurses on tree depth and never allocates per node (the model's
 * arena and arrays grow amortised). Per-thread state; not shared. */
#ifndef HOTLINT_RULES_WALK_H
#define HOTLINT_RULES_WALK_H

#include "checks/checks.h"
#include "model/model.h"
#include "rules/ruleset.h"
#include "syntax/tree_walk.h"

typedef struct hl_walk_frame {
  const void *node_id; /* popped when the walk leaves this node */
  enum {
    HL_FRAME_SCOPE,
    HL_FRAME_LOOP,
    HL_FRAME_TYPE_CHECKING,
    HL_FRAME_MAIN_GUARD,
  } kind;
  uint32_t saved_loop_start;
  TSSymbol saved_loop_kind;
} hl_walk_frame;

typedef struct hl_walker {
  const hl_ruleset *set;
  TSQueryCursor *query_cursor;
  hl_tree_walk tree_walk;
  TSTreeCursor shape_cursor; /* for query pre-checks; reset per use */
  bool shape_cursor_ready;
  hl_matcher_scratch matcher_scratch;
  hl_model model;
  HL_ARRAY(hl_walk_frame) frames;
  const bool *active; /* per rule: enabled and in version range */
  int target_minor;
  hl_check_context *check_contexts; /* per rule with a native check */
  HL_ARRAY(uint32_t) active_check_rules;
  /* first syntax error */
  bool has_syntax_error;
  uint32_t syntax_error_byte;
  bool syntax_error_missing;
  TSSymbol syntax_error_symbol;
  /* the per-file time limit: the thread's CPU time (hl_thread_cpu_ns) at
   * which the walk stops, 0: never; timed_out says it did, leaving the
   * findings incomplete */
  uint64_t deadline_ns;
  bool timed_out;
  uint32_t query_progress_calls; /* the clock is read on every 16th */
  /* named leaves the walk skips (per public symbol): kinds nothing records
   * or is dispatched, and watch kinds while no check watches */
  uint8_t *skip_leaf;
  HL_ARRAY(TSSymbol) watch_leaf_symbols; /* skippable while watchers == 0 */
  uint32_t watchers;                     /* sum of the checks' watching */
} hl_walker;

void hl_walker_init(hl_walker *walker, const hl_ruleset *set);
void hl_walker_release(hl_walker *walker);

/* Walks `tree` (parsed from source) and leaves the facts and pending
 * findings in walker->model. `active` has one entry per rule. The arena
 * must be fresh for this file. Stops early, with walker->timed_out set,
 * when walker->deadline_ns (set by the caller) passes. */
void hl_walker_run(hl_walker *walker, TSTree *tree, const char *file_path,
                   const char *source, uint32_t length, hl_arena *arena,
                   const bool *active, int target_minor);

#endif
