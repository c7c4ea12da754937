/* Tree walk: visits every visible node of a tree in document order, with
 * the field it fills in its parent and its depth among visible nodes —
 * what a TSTreeCursor walk with ts_tree_cursor_current_field_id yields,
 * in the same order, but read straight from tree-sitter's subtrees.
 *
 * Why not the cursor: on the stdlib a cursor walk costs +0.16 of the parse
 * time and this one +0.06 (the cursor recomputes visibility and field maps
 * through its whole entry stack at each step). The price is coupling to
 * tree-sitter's private headers; the runtime is pinned by version and hash
 * (DESIGN.md), and tests/unit/test_tree_walk.c compares both walks node by
 * node so a change in those internals fails a test, not a user.
 *
 * Owns its frame stack (grows with depth, amortised; never recursion). Does
 * not own the tree. One walk per thread. */
#ifndef HOTLINT_SYNTAX_TREE_WALK_H
#define HOTLINT_SYNTAX_TREE_WALK_H

#include <tree_sitter/api.h>

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

typedef struct hl_tree_walk_frame hl_tree_walk_frame;

typedef struct hl_tree_walk {
  const TSTree *tree;
  hl_tree_walk_frame *frames;
  size_t frame_count;
  size_t frame_capacity;
  bool root_pending;
  bool skip_anonymous_leaves; /* see hl_tree_walk_begin */
  /* Named leaves to skip as well: entry s nonzero skips leaves of public
   * symbol s (below skip_named_leaf_count). The caller owns the table and
   * may change it between steps; NULL skips none. */
  const uint8_t *skip_named_leaf;
  uint32_t skip_named_leaf_count;
} hl_tree_walk;

/* One visible node. `depth` is the number of visible ancestors (the root
 * has 0), so a caller keeping its own path pops it down to `depth` before
 * pushing `node`. */
typedef struct hl_tree_walk_step {
  TSNode node;
  TSSymbol symbol; /* ts_node_symbol(node), read without the call */
  bool named;      /* ts_node_is_named(node) */
  TSFieldId field; /* 0 when the node fills no field */
  uint32_t depth;
} hl_tree_walk_step;

void hl_tree_walk_init(hl_tree_walk *walk);
void hl_tree_walk_release(hl_tree_walk *walk);

/* Starts a walk over the whole of `tree` (borrowed until the walk ends).
 * With skip_anonymous_leaves, anonymous nodes without children (the
 * punctuation and keywords: about half of all nodes) are not returned:
 * callers that act only on named nodes save their per-node work. */
void hl_tree_walk_begin(hl_tree_walk *walk, const TSTree *tree,
                        bool skip_anonymous_leaves);
/* Skips the named leaves whose public symbol s has table[s] nonzero
 * (s < count) from now on; table NULL: none. */
void hl_tree_walk_skip_named_leaves(hl_tree_walk *walk, const uint8_t *table,
                                    uint32_t count);

/* Moves to the next visible node in document order; false when done. */
bool hl_tree_walk_next(hl_tree_walk *walk, hl_tree_walk_step *step);

/* Field cache: ts_node_child_by_field_id remembered for the last two nodes
 * asked about. The walk and several checks ask for the same fields of the
 * node being visited (`left` and `right` of an assignment, `function` of a
 * call), often with a look at one child's fields in between (the callee's
 * `object`), and each call scans the node's children again. Keyed by node
 * identity, so clear it when the tree is deleted. Owns nothing else. */
enum { HL_FIELD_CACHE_FIELDS = 64 };
typedef struct hl_field_cache_entry {
  const void *node_id; /* the node whose fields are held, or NULL */
  uint64_t known;      /* bit f: child[f] has been looked up */
  TSNode child[HL_FIELD_CACHE_FIELDS];
} hl_field_cache_entry;

typedef struct hl_field_cache {
  hl_field_cache_entry entries[2];
  unsigned last; /* the entry used last */
} hl_field_cache;

/* Forgets the nodes held; a zeroed cache is an empty one. */
void hl_field_cache_clear(hl_field_cache *cache);

/* ts_node_child_by_field_id(node, field), remembered. */
TSNode hl_field_cache_child(hl_field_cache *cache, TSNode node,
                            TSFieldId field);

#endif
