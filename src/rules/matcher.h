/* Query matcher: tree-sitter's query language, for the patterns rules
 * write, matched without a TSQuery. ts_query_new analyses the whole
 * grammar's parse table for every query (about 2 ms even for a childless
 * pattern, 8–10 ms for HOT207's or HOT208's), which alone would break a
 * one-file run's latency budget; this matcher compiles a query in
 * microseconds and matches it anchored at one node, with the semantics of
 * tree-sitter's query cursor: a child pattern matches a later child than
 * its previous sibling pattern, `field:` requires the field, `.` anchors
 * count named nodes only (comments included), `(_)` matches named nodes
 * but not ERROR, `_` any node but ERROR, and the matches are every
 * distinct set of captures.
 *
 * The subset: node kinds, `(_)`, `_`, anonymous "strings", fields,
 * captures, anchors, and text predicates (`(#name? @capture "value" ...)`)
 * inside a pattern or in a one-pattern group. Anything else — quantifiers,
 * alternations, negated fields, supertypes, ERROR/MISSING, groups of
 * sibling patterns, or any error — makes hl_matcher_compile return false,
 * and the caller uses tree-sitter's TSQuery for that query instead (which
 * also reports errors properly). tests/unit/test_matcher.c checks the two
 * agree, match for match.
 *
 * Owns: the compiled program and the per-thread scratch. Not: the
 * predicates' meaning (ruleset.c parses them, walk.c evaluates them). */
#ifndef HOTLINT_RULES_MATCHER_H
#define HOTLINT_RULES_MATCHER_H

#include <stdbool.h>
#include <stdint.h>
#include <tree_sitter/api.h>

enum {
  HL_MATCHER_MAX_STEPS = 64,   /* per pattern: bounds the backtracking depth */
  HL_MATCHER_STEP_CAPTURES = 4 /* captures on one node: `(x) @a @b` */
};

typedef struct hl_matcher_step {
  TSSymbol symbol; /* node kind; unused for a wildcard */
  TSFieldId field; /* the field the node must be in, or 0 */
  bool wildcard;   /* `_` or `(_)` */
  bool named;      /* `(_)`, a kind: named nodes only */
  bool immediate;  /* `.` before it: no named node between it and the
                      previous sibling step (or the parent's start) */
  bool last;       /* `.` after it: no named node after it */
  bool has_children;
  int8_t parent;   /* step index within the pattern, -1 for the root */
  int8_t previous; /* the previous step with the same parent, or -1 */
  uint8_t capture_count;
  uint16_t captures[HL_MATCHER_STEP_CAPTURES]; /* capture ids */
} hl_matcher_step;

typedef struct hl_matcher_pattern {
  uint32_t first_step, step_count; /* in program->steps, preorder */
  uint32_t first_predicate_step, predicate_step_count;
  uint32_t capture_total; /* captures over all steps */
} hl_matcher_pattern;

/* A compiled query. Predicates are kept as tree-sitter presents them
 * (TSQueryPredicateStep: capture ids and string ids, Done between
 * predicates), so one parser reads either. */
typedef struct hl_matcher_program {
  hl_matcher_step *steps;
  hl_matcher_pattern *patterns;
  uint32_t pattern_count;
  TSQueryPredicateStep *predicate_steps;
  char **capture_names; /* by capture id */
  uint32_t capture_count;
  char **strings; /* predicate string values, by id */
  uint32_t string_count;
} hl_matcher_program;

/* Compiles `query` (length bytes) into *program. Returns false when the
 * query is outside the subset or invalid, with *offset and *why saying
 * where and what (the program is then empty); the caller falls back to
 * ts_query_new. */
bool hl_matcher_compile(const TSLanguage *language, const char *query,
                        uint32_t length, hl_matcher_program *program,
                        uint32_t *offset, const char **why);
void hl_matcher_program_release(hl_matcher_program *program);

/* Per-thread working memory of hl_matcher_run, reused across runs. */
typedef struct hl_matcher_scratch {
  TSTreeCursor cursor;
  bool cursor_ready;
  TSNode *children; /* a stack of child lists, one per bound parent step */
  TSFieldId *fields;
  bool *named;
  uint32_t child_count, child_capacity;
  TSQueryCapture *found; /* captures of the matches found so far for the
                            current pattern, for deduplication */
  uint32_t found_count, found_capacity;
} hl_matcher_scratch;

void hl_matcher_scratch_release(hl_matcher_scratch *scratch);

/* Called once per match; captures (tree-sitter's struct: node and capture
 * id, an index of program->capture_names) are in step order. */
typedef void (*hl_matcher_found)(void *context, uint32_t pattern,
                                 const TSQueryCapture *captures,
                                 uint32_t capture_count);

/* Runs every pattern of `program` whose root kind is node's, anchored at
 * `node`, calling `found` for each distinct match. Recursion is bounded by
 * the pattern's size (HL_MATCHER_MAX_STEPS), never by the tree's depth. */
void hl_matcher_run(const hl_matcher_program *program, TSNode node,
                    hl_matcher_scratch *scratch, hl_matcher_found found,
                    void *context);

#endif
