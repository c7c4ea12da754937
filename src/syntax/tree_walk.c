/* Tree walk over tree-sitter's subtrees. See tree_walk.h. */
#include "syntax/tree_walk.h"

#include "base/alloc.h"

/* tree-sitter's private headers (pinned runtime; see tree_walk.h) */
#include "language.h"
#include "subtree.h"
#include "tree.h"

#include <string.h>

/* The children of one subtree being iterated: a visible node's, or a hidden
 * node's whose children belong to the nearest visible ancestor. */
struct hl_tree_walk_frame {
  const Subtree *children;
  uint32_t child_count;
  uint32_t next_child;       /* index of the child to visit next */
  uint32_t structural_index; /* next child's index among non-extras */
  Length position;           /* where the next child starts */
  const TSSymbol *aliases;   /* the production's alias sequence, or NULL */
  const TSFieldMapEntry *fields;
  const TSFieldMapEntry *fields_end;
  TSFieldId inherited_field; /* a hidden node's own field, else 0 */
  uint32_t depth;            /* visible depth of the children */
};

void hl_tree_walk_init(hl_tree_walk *walk) {
  memset(walk, 0, sizeof *walk);
}

void hl_tree_walk_release(hl_tree_walk *walk) {
  hl_free(walk->frames);
  memset(walk, 0, sizeof *walk);
}

static void push_children(hl_tree_walk *walk, Subtree parent, Length position,
                          TSFieldId inherited_field, uint32_t depth) {
  if (walk->frame_count == walk->frame_capacity) {
    walk->frame_capacity = walk->frame_capacity ? walk->frame_capacity * 2 : 64;
    walk->frames =
        hl_realloc(walk->frames, walk->frame_capacity * sizeof *walk->frames);
  }
  const TSLanguage *language = walk->tree->language;
  hl_tree_walk_frame *frame = &walk->frames[walk->frame_count++];
  frame->children = ts_subtree_children(parent);
  frame->child_count = parent.ptr->child_count;
  frame->next_child = 0;
  frame->structural_index = 0;
  frame->position = position;
  frame->aliases =
      ts_language_alias_sequence(language, parent.ptr->production_id);
  ts_language_field_map(language, parent.ptr->production_id, &frame->fields,
                        &frame->fields_end);
  frame->inherited_field = inherited_field;
  frame->depth = depth;
  /* Subtrees live in separate heap blocks, so a walk of a large tree waits
   * on memory more than it computes: ask for the children's blocks (their
   * data, and the end of their own child arrays just before it) now, so
   * the loads overlap instead of stalling one after another. */
  for (uint32_t i = 0; i < frame->child_count; i++) {
    Subtree child = frame->children[i];
    if (!child.data.is_inline) {
      __builtin_prefetch(child.ptr);
      __builtin_prefetch((const char *)child.ptr - 64);
    }
  }
}

void hl_tree_walk_begin(hl_tree_walk *walk, const TSTree *tree,
                        bool skip_anonymous_leaves) {
  walk->tree = tree;
  walk->skip_anonymous_leaves = skip_anonymous_leaves;
  walk->skip_named_leaf = NULL;
  walk->skip_named_leaf_count = 0;
  walk->frame_count = 0;
  walk->root_pending = true;
}

void hl_tree_walk_skip_named_leaves(hl_tree_walk *walk, const uint8_t *table,
                                    uint32_t count) {
  walk->skip_named_leaf = table;
  walk->skip_named_leaf_count = table ? count : 0;
}

/* The field the child at `structural_index` fills, as the cursor computes
 * it: the parent production's own entry, else (inside a hidden node) the
 * field the hidden node fills. */
static TSFieldId field_of(const hl_tree_walk_frame *frame,
                          uint32_t structural_index) {
  for (const TSFieldMapEntry *entry = frame->fields; entry < frame->fields_end;
       entry++)
    if (!entry->inherited && entry->child_index == structural_index)
      return entry->field_id;
  return frame->inherited_field;
}

bool hl_tree_walk_next(hl_tree_walk *walk, hl_tree_walk_step *step) {
  if (walk->root_pending) {
    walk->root_pending = false;
    const Subtree *root = &walk->tree->root;
    step->node = ts_tree_root_node(walk->tree);
    step->symbol = ts_node_symbol(step->node);
    step->named = ts_node_is_named(step->node);
    step->field = 0;
    step->depth = 0;
    if (ts_subtree_child_count(*root))
      push_children(walk, *root, ts_subtree_padding(*root), 0, 1);
    return true;
  }
  while (walk->frame_count) {
    hl_tree_walk_frame *frame = &walk->frames[walk->frame_count - 1];
    if (frame->next_child == frame->child_count) {
      walk->frame_count--;
      continue;
    }
    const Subtree *child = &frame->children[frame->next_child];
    /* one sibling ahead: its children's blocks (its own was asked for
     * when this frame was pushed, and has had time to arrive) */
    if (frame->next_child + 1 < frame->child_count) {
      Subtree next = child[1];
      if (!next.data.is_inline) {
        uint32_t count = next.ptr->child_count;
        const Subtree *grandchildren = ts_subtree_children(next);
        for (uint32_t i = 0; i < count; i++)
          if (!grandchildren[i].data.is_inline)
            __builtin_prefetch(grandchildren[i].ptr);
      }
    }
    Length position = frame->position;
    bool extra = ts_subtree_extra(*child);
    bool visible = ts_subtree_visible(*child);
    TSSymbol alias = 0;
    TSFieldId field = 0;
    if (!extra) {
      if (frame->aliases) {
        alias = frame->aliases[frame->structural_index];
        visible |= alias != 0;
      }
      field = field_of(frame, frame->structural_index);
      frame->structural_index++;
    }
    frame->position = length_add(frame->position, ts_subtree_size(*child));
    frame->next_child++;
    if (frame->next_child < frame->child_count)
      frame->position =
          length_add(frame->position,
                     ts_subtree_padding(frame->children[frame->next_child]));
    uint32_t depth = frame->depth;
    bool has_children = ts_subtree_child_count(*child) > 0;
    if (has_children)
      push_children(walk, *child, position, visible || extra ? 0 : field,
                    visible ? depth + 1 : depth);
    if (visible) {
      /* what ts_node_new, ts_node_symbol and ts_node_is_named compute,
       * without three calls per node (aliases are never the error
       * symbol; a subtree's own symbol may be) */
      const TSLanguage *language = walk->tree->language;
      bool named = alias ? language->symbol_metadata[alias].named
                         : ts_subtree_named(*child);
      if (!named && !has_children && walk->skip_anonymous_leaves)
        continue;
      TSSymbol symbol = alias ? alias : ts_subtree_symbol(*child);
      if (symbol != ts_builtin_sym_error)
        symbol = language->public_symbol_map[symbol];
      if (named && !has_children && symbol < walk->skip_named_leaf_count &&
          walk->skip_named_leaf[symbol])
        continue;
      step->node = (TSNode){
          {position.bytes, position.extent.row, position.extent.column, alias},
          child,
          walk->tree};
      step->symbol = symbol;
      step->named = named;
      step->field = field;
      step->depth = depth;
      return true;
    }
  }
  return false;
}

/* ---- Field lookup -------------------------------------------------------- */

/* ts_node_child(node, 0) for a node with children: its first visible
 * child, looking through hidden children. */
static TSNode first_visible_child(TSNode self) {
  const TSNode none = {{0, 0, 0, 0}, NULL, NULL};
  for (;;) {
    Subtree tree = *(const Subtree *)self.id;
    const Subtree *children = ts_subtree_children(tree);
    const TSSymbol *aliases = ts_language_alias_sequence(
        self.tree->language, tree.ptr->production_id);
    Length position = {self.context[0], {self.context[1], self.context[2]}};
    uint32_t structural_index = 0;
    TSNode descend = none;
    for (uint32_t i = 0; i < tree.ptr->child_count && !descend.id; i++) {
      const Subtree *child = &children[i];
      if (i > 0)
        position = length_add(position, ts_subtree_padding(*child));
      TSSymbol alias = 0;
      if (!ts_subtree_extra(*child)) {
        alias = aliases ? aliases[structural_index] : 0;
        structural_index++;
      }
      TSNode node = {
          {position.bytes, position.extent.row, position.extent.column, alias},
          child,
          self.tree};
      if (ts_subtree_visible(*child) || alias)
        return node;
      if (ts_subtree_child_count(*child) && child->ptr->visible_child_count)
        descend = node;
      position = length_add(position, ts_subtree_size(*child));
    }
    if (!descend.id)
      return none;
    self = descend;
  }
}

/* ts_node_child_by_field_id, read from the subtrees as the walk reads them:
 * the same answer (tests/unit/test_tree_walk.c asks both for every field
 * of every node), but positions are summed without making a TSNode for
 * each child passed over. Loops where tree-sitter tail-calls; recurses only
 * where it does, into a hidden child that may hold the field. */
static TSNode child_by_field(TSNode self, TSFieldId field_id) {
  const TSNode none = {{0, 0, 0, 0}, NULL, NULL};
  for (;;) {
    Subtree tree = *(const Subtree *)self.id;
    if (!field_id || !ts_subtree_child_count(tree) ||
        !tree.ptr->visible_child_count)
      return none;
    const TSLanguage *language = self.tree->language;
    const TSFieldMapEntry *map, *end;
    ts_language_field_map(language, tree.ptr->production_id, &map, &end);
    while (map < end && map->field_id < field_id)
      map++;
    while (map < end && end[-1].field_id > field_id)
      end--;
    if (map == end)
      return none;
    const Subtree *children = ts_subtree_children(tree);
    const TSSymbol *aliases =
        ts_language_alias_sequence(language, tree.ptr->production_id);
    Length position = {self.context[0], {self.context[1], self.context[2]}};
    uint32_t structural_index = 0;
    TSNode descend = none;
    for (uint32_t i = 0; i < tree.ptr->child_count; i++) {
      const Subtree *child = &children[i];
      if (i > 0)
        position = length_add(position, ts_subtree_padding(*child));
      Length child_position = position;
      position = length_add(position, ts_subtree_size(*child));
      if (ts_subtree_extra(*child))
        continue;
      TSSymbol alias = aliases ? aliases[structural_index] : 0;
      if (structural_index++ < map->child_index)
        continue;
      TSNode node = {{child_position.bytes, child_position.extent.row,
                      child_position.extent.column, alias},
                     child,
                     self.tree};
      if (map->inherited) { /* the field lies inside a hidden child */
        if (map + 1 == end) {
          descend = node; /* the last place it can be */
          break;
        }
        TSNode found = child_by_field(node, field_id);
        if (found.id)
          return found;
      } else if (ts_subtree_visible(*child) || alias) {
        return node;
      } else if (ts_subtree_child_count(*child) &&
                 child->ptr->visible_child_count) {
        return first_visible_child(node); /* a hidden node's first child */
      }
      if (++map == end)
        return none;
    }
    if (!descend.id)
      return none;
    self = descend;
  }
}

/* ---- Field cache -------------------------------------------------------- */

void hl_field_cache_clear(hl_field_cache *cache) {
  for (int i = 0; i < 2; i++) {
    cache->entries[i].node_id = NULL;
    cache->entries[i].known = 0;
  }
  cache->last = 0;
}

TSNode hl_field_cache_child(hl_field_cache *cache, TSNode node,
                            TSFieldId field) {
  if (field >= HL_FIELD_CACHE_FIELDS)
    return child_by_field(node, field);
  hl_field_cache_entry *entry = &cache->entries[cache->last];
  if (entry->node_id != node.id) {
    unsigned other = cache->last ^ 1u;
    entry = &cache->entries[other];
    if (entry->node_id != node.id) { /* replace the one used longer ago */
      entry->node_id = node.id;
      entry->known = 0;
    }
    cache->last = other;
  }
  uint64_t bit = UINT64_C(1) << field;
  if (!(entry->known & bit)) {
    entry->child[field] = child_by_field(node, field);
    entry->known |= bit;
  }
  return entry->child[field];
}
