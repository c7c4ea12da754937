/* Rules: one rule as loaded from its YAML file, and the loader that turns
 * YAML text into it (libyaml). A rule owns its strings. The compiled,
 * immutable form of many rules is the rule set (ruleset.h). */
#ifndef HOTLINT_RULES_RULE_H
#define HOTLINT_RULES_RULE_H

#include "base/hash.h"
#include "hotlint/hotlint.h"

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

/* Context conditions of `match.inside` / `match.not-inside`. */
enum {
  HL_CONTEXT_FUNCTION = 1 << 0, /* in a def body (lambdas excluded) */
  HL_CONTEXT_LOOP = 1 << 1,     /* in a loop body of its own scope */
  HL_CONTEXT_ASYNC_FUNCTION = 1 << 2,
  HL_CONTEXT_CLASS_BODY = 1 << 3,
  HL_CONTEXT_MODULE = 1 << 4,        /* module-level code */
  HL_CONTEXT_TYPE_CHECKING = 1 << 5, /* under `if TYPE_CHECKING:` */
  HL_CONTEXT_MAIN_GUARD = 1 << 6,    /* under `if __name__ == "__main__":` */
};

typedef struct hl_string_list {
  char **items;
  size_t count;
} hl_string_list;

/* One edit of a query rule's fix: replace the span of capture `target`
 * (NULL: the finding's span) with `replace`, `{capture}` substituted. */
typedef struct hl_fix_template {
  char *target;
  char *replace;
} hl_fix_template;

/* `benchmark:` — a micro-benchmark of the rule's advice: `setup` runs once
 * per size with `n` bound (its names become the globals of the two
 * variants), `before` and `after` are the bodies of two functions that
 * compute the same result the slow way and the suggested way. {capture}
 * placeholders are filled from the finding (bench/script.h). */
enum { HL_MAX_BENCH_SIZES = 6 };
typedef struct hl_rule_benchmark {
  bool present;
  char *setup; /* may be "" */
  char *before;
  char *after;
  uint32_t sizes[HL_MAX_BENCH_SIZES];
  size_t size_count;
} hl_rule_benchmark;

typedef struct hl_rule {
  hotlint_rule_info info; /* strings below are owned by the rule */
  char *message;          /* template with {capture} */
  char *query;            /* match.query, or NULL */
  bool builtin;           /* compiled into hotlint (rules/ at build time) */
  hl_hash128 source_hash; /* of its origin and text (engine fingerprint) */
  uint32_t query_line;    /* 1-based line of the query's first line */
  uint32_t query_column;
  unsigned inside;     /* HL_CONTEXT_* all required */
  unsigned not_inside; /* HL_CONTEXT_* none allowed */
  char *check;         /* native check name, or NULL */
  hl_string_list seeds;
  hl_string_list valid;   /* tests: snippets that must not be reported */
  hl_string_list invalid; /* tests: snippets that must be reported */
  hl_string_list callee;  /* match.callee: the names a matched call's callee
                             can have (pre-filter), empty = any */
  int tests_target_minor; /* tests.target-version, 0 = default */
  /* `fix:` (has_fix false: no fix, even if the check proposes edits) */
  bool has_fix;
  char *fix_message;
  hotlint_applicability fix_applicability;
  hl_fix_template *fix_edits; /* query rules; native checks make their own */
  size_t fix_edit_count;
  hl_rule_benchmark benchmark;
} hl_rule;

/* Parses one rule file. Returns a new rule (free with hl_rule_delete) or
 * NULL with error = "ORIGIN:LINE:COLUMN: what is wrong". */
hl_rule *hl_rule_parse(const char *origin, const char *text, size_t length,
                       hotlint_error *error);
void hl_rule_delete(hl_rule *rule);

/* Parses "py311" into 11; returns -1 if it is not py3X with X in 8..14. */
int hl_parse_target_version(const char *text);

/* Parses a version range such as ">=3.11", "<3.11", ">=3.8,<3.11" into
 * minor bounds (min inclusive, max exclusive, 0 = unbounded). */
bool hl_parse_python_range(const char *text, int *min_minor, int *max_minor);

#endif
