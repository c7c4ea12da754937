/* Rule set: the compiled, immutable form of the loaded rules. Rule queries
 * and native checks are indexed by the node kinds they are rooted at or
 * want. Built once by hl_ruleset_compile and then only read, by any number
 * of threads (a TSQuery outside the matcher's subset compiles on first
 * use, under its lock). */
#ifndef HOTLINT_RULES_RULESET_H
#define HOTLINT_RULES_RULESET_H

#include "checks/checks.h"
#include "rules/matcher.h"
#include "rules/rule.h"
#include "syntax/syntax.h"

#include <pthread.h>
#include <regex.h>
#include <stdatomic.h>

/* A text predicate of a query pattern (#eq?, #not-eq?, #any-of?, #match?,
 * #not-match?), checked by the walk after a match. */
typedef struct hl_predicate {
  enum { HL_PRED_EQ, HL_PRED_ANY_OF, HL_PRED_MATCH } kind;
  bool negated;
  uint32_t capture;       /* capture id */
  uint32_t other_capture; /* #eq? @a @b, else UINT32_MAX */
  const char **values;    /* literal strings (one for eq, n for any-of) */
  uint32_t value_count;
  regex_t regex; /* for match */
} hl_predicate;

typedef struct hl_pattern_info {
  uint32_t rule;
  hl_predicate *predicates;
  uint32_t predicate_count;
} hl_pattern_info;

/* What a node must have for one pattern to match it, read from the
 * pattern's text (hl_pattern_shape_read): conditions only ever
 * necessary, never sufficient, so checking them can skip a query run (and
 * its first compile) but never lose a match. */
enum { HL_SHAPE_STEPS = 4 };
typedef struct hl_shape_step {
  TSFieldId field;      /* a child in this field ... */
  TSSymbol kind;        /* ... of this kind ... */
  TSSymbol first_named; /* ... whose first named child is this, or 0 */
} hl_shape_step;

typedef struct hl_pattern_shape {
  bool usable; /* false: the reader gave up; the rule's query always runs */
  TSSymbol root;
  hl_shape_step steps[HL_SHAPE_STEPS];
  uint32_t step_count;
} hl_pattern_shape;

/* Reads, from the pattern q[start..end), the conditions a node must meet
 * for the pattern to match it, limited to what is cheap and certain: for
 * each `field: (kind ...)` child of the root that is not optional, a child
 * in that field of that kind (supertypes and `_` give no condition), and
 * when that child's pattern starts with an anchored `. (kind2 ...)`, its
 * first named child's kind. Anything the reader does not understand makes
 * the shape unusable (no pre-check). */
void hl_pattern_shape_read(const TSLanguage *language, const char *q,
                           uint32_t start, uint32_t end,
                           hl_pattern_shape *shape);

/* One rule's query. When the query is in the matcher's subset (every
 * built-in rule's is; test_matcher checks it) it is matched by
 * rules/matcher.h, compiled at load time in microseconds. Otherwise it is
 * a TSQuery, compiled at load time (a rule from a file, so its errors come
 * with the file and line) or on first use (hl_ruleset_rule_query). */
typedef struct hl_rule_query {
  uint32_t rule;
  const hl_name_set *callee_filter; /* match.callee, or NULL */
  hl_pattern_shape *shapes;         /* per pattern, in query order */
  uint32_t shape_count;
  bool native;                /* matched by `matcher`, not by `query` */
  hl_matcher_program matcher; /* when native */
  pthread_mutex_t lock;       /* held while compiling */
  atomic_bool ready;          /* compiled, or failed */
  bool failed;
  hotlint_error error;       /* when failed */
  TSQuery *query;            /* NULL until compiled, or when it failed */
  hl_pattern_info *patterns; /* per pattern of the matcher or the query */
  uint32_t pattern_count;
} hl_rule_query;

/* The name of capture `id` of q's matches. */
const char *hl_rule_query_capture_name(const hl_rule_query *q, uint32_t id,
                                       uint32_t *length);

typedef struct hl_kind_dispatch {
  uint32_t *query_rules; /* set->queries with a pattern rooted here */
  uint32_t query_rule_count;
  /* rules with a native check wanting it, HL_DISPATCH_WATCH set where it
   * is one of the check's watch_kinds */
  uint32_t *check_rules;
  uint32_t check_rule_count;
} hl_kind_dispatch;

#define HL_DISPATCH_WATCH UINT32_C(0x80000000)

enum {
  HL_SYMBOL_QUERY = 1, /* a query is rooted at this kind */
  HL_SYMBOL_CHECK = 2, /* a native check wants this kind */
};

typedef struct hl_ruleset {
  hl_syntax syntax;
  hl_rule **rules; /* ordered by code; owned */
  size_t rule_count;
  const hl_check **rule_check; /* per rule: native check or NULL */
  uint32_t *rule_check_slot;   /* per rule: index of its check's state */
  size_t check_slot_count;
  hl_kind_dispatch *by_symbol; /* symbol_count entries */
  uint8_t *symbol_flags;       /* symbol_count entries, HL_SYMBOL_* */
  hl_rule_query *queries;      /* one per rule with a query */
  size_t query_count;
  hl_arena arena; /* the callee filters */
} hl_ruleset;

/* Takes ownership of `rules` (any order) and compiles them. Returns NULL and
 * fills error ("ORIGIN:LINE:COLUMN: ...") on a bad query or unknown check;
 * the rules are freed either way. */
hl_ruleset *hl_ruleset_compile(hl_rule **rules, size_t rule_count,
                               hotlint_error *error);
void hl_ruleset_delete(hl_ruleset *ruleset);

/* Query `index` of set->queries, compiled now if this is its first use
 * (any thread; the others wait). NULL when it failed to compile (then
 * hl_ruleset_query_error says why). */
const hl_rule_query *hl_ruleset_rule_query(const hl_ruleset *set,
                                           uint32_t index);
/* The first compile error of a lazily compiled query, or NULL. */
const char *hl_ruleset_query_error(const hl_ruleset *set);

#endif
