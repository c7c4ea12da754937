/* Rule set compilation: indexes every rule's query by the node kinds its
 * patterns are rooted at (with the callee and shape pre-filters), compiles
 * it for the matcher (rules/matcher.h) or, outside its subset, as a TSQuery
 * (a rule from a file is validated by tree-sitter first, so errors point
 * into the rule's file), parses text predicates, and indexes native checks
 * by the kinds they want. */
#include "rules/ruleset.h"

#include "base/alloc.h"
#include "base/array.h"
#include "base/strbuf.h"

#include <ctype.h>
#include <pthread.h>
#include <stdatomic.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

enum { HL_MAX_CHECK_SLOTS = 32 };

static int compare_rules(const void *a, const void *b) {
  const hl_rule *left = *(const hl_rule *const *)a;
  const hl_rule *right = *(const hl_rule *const *)b;
  return strcmp(left->info.code, right->info.code);
}

static const char *query_error_name(TSQueryError type) {
  switch (type) {
  case TSQueryErrorSyntax:
    return "syntax error";
  case TSQueryErrorNodeType:
    return "unknown node kind";
  case TSQueryErrorField:
    return "unknown field";
  case TSQueryErrorCapture:
    return "unknown capture";
  case TSQueryErrorStructure:
    return "impossible pattern structure";
  case TSQueryErrorLanguage:
    return "language mismatch";
  default:
    return "error";
  }
}

/* Reports a problem at byte `offset` of the rule's query, mapped back to a
 * line and column of the rule file. */
static void query_fail(const hl_rule *rule, uint32_t offset, const char *what,
                       hotlint_error *error) {
  uint32_t line = rule->query_line, column = 0;
  const char *query = rule->query;
  size_t length = strlen(query);
  if (offset > length)
    offset = (uint32_t)length;
  uint32_t line_start = 0;
  for (uint32_t i = 0; i < offset; i++) {
    if (query[i] == '\n') {
      line++;
      line_start = i + 1;
    }
  }
  column = offset - line_start + (rule->query_column ? rule->query_column : 1);
  uint32_t token_end = offset;
  while (token_end < length && token_end - offset < 32 &&
         !isspace((unsigned char)query[token_end]))
    token_end++;
  snprintf(error->message, sizeof error->message,
           "%s:%u:%u: invalid query: %s at offset %u%s%.*s%s",
           rule->info.origin, line, column, what, offset,
           token_end > offset ? " ('" : "", (int)(token_end - offset),
           query + offset, token_end > offset ? "')" : "");
}

/* ---- Splitting a query into top-level patterns ------------------------- */

typedef struct pattern_text {
  uint32_t start, end; /* byte range in the rule's query */
  char kind[64];       /* root node kind */
} pattern_text;

static uint32_t skip_space_and_comments(const char *q, uint32_t i,
                                        uint32_t length) {
  for (;;) {
    while (i < length && isspace((unsigned char)q[i]))
      i++;
    if (i < length && q[i] == ';') {
      while (i < length && q[i] != '\n')
        i++;
      continue;
    }
    return i;
  }
}

static bool is_identifier_char(char c) {
  return isalnum((unsigned char)c) || c == '_' || c == '-' || c == '.';
}

/* Mistakes in a query's text that tree-sitter 0.25.1's ts_query_new cannot
 * survive, found by fuzzing the rule loader: a field whose value is a
 * predicate (`function: (#eq? ...)`: it writes past its steps array) and
 * a pattern with two quantifiers (`(x)+*`: its alternatives form a cycle
 * and it never returns). Such a query must never reach it. Returns what is
 * wrong with *offset set, or NULL. Strings and comments are skipped. */
static const char *query_text_problem(const char *q, uint32_t length,
                                      uint32_t *offset) {
  int quantifiers = -1; /* in a pattern's suffix: the quantifiers seen */
  for (uint32_t i = 0; i < length; i++) {
    char c = q[i];
    if (quantifiers >= 0) { /* quantifiers and captures may follow */
      if (isspace((unsigned char)c))
        continue;
      if (c == '*' || c == '+' || c == '?') {
        if (++quantifiers == 2) {
          *offset = i;
          return "a pattern takes one quantifier (`*`, `+` or `?`), not two";
        }
        continue;
      }
      if (c == '@') {
        while (i + 1 < length && is_identifier_char(q[i + 1]))
          i++;
        continue;
      }
      quantifiers = -1;
    }
    if (c == ';') {
      while (i < length && q[i] != '\n')
        i++;
    } else if (c == '"') {
      for (i++; i < length && q[i] != '"'; i++)
        if (q[i] == '\\' && i + 1 < length)
          i++;
      quantifiers = 0;
    } else if (c == ')' || c == ']' ||
               (c == '_' && (i == 0 || !is_identifier_char(q[i - 1])) &&
                (i + 1 == length || !is_identifier_char(q[i + 1])))) {
      quantifiers = 0;
    } else if (c == ':' && i > 0 && is_identifier_char(q[i - 1])) {
      uint32_t j = skip_space_and_comments(q, i + 1, length);
      if (j < length && q[j] == '(') {
        j = skip_space_and_comments(q, j + 1, length);
        if (j < length && q[j] == '#') {
          uint32_t start = i;
          while (start > 0 && is_identifier_char(q[start - 1]))
            start--;
          *offset = start;
          return "a field cannot hold a predicate: write `(#eq? @capture "
                 "...)` after the pattern it tests";
        }
      }
    }
  }
  return NULL;
}

/* Skips one balanced S-expression (or string) starting at q[i]. */
static uint32_t skip_balanced(const char *q, uint32_t i, uint32_t length) {
  int depth = 0;
  do {
    char c = q[i];
    if (c == '"') {
      i++;
      while (i < length && q[i] != '"') {
        if (q[i] == '\\' && i + 1 < length)
          i++;
        i++;
      }
    } else if (c == ';') {
      while (i < length && q[i] != '\n')
        i++;
      continue;
    } else if (c == '(' || c == '[') {
      depth++;
    } else if (c == ')' || c == ']') {
      depth--;
    }
    i++;
  } while (i < length && depth > 0);
  return i;
}

static bool root_kind(const char *q, uint32_t start, uint32_t length,
                      char *kind, size_t kind_size) {
  uint32_t i = start;
  while (i < length && q[i] == '(') {
    i = skip_space_and_comments(q, i + 1, length);
    if (i < length && q[i] != '(') {
      uint32_t word = i;
      while (i < length && (isalnum((unsigned char)q[i]) || q[i] == '_'))
        i++;
      if (i == word || i - word >= kind_size || q[word] == '_')
        return false;
      memcpy(kind, q + word, i - word);
      kind[i - word] = '\0';
      return true;
    }
  }
  return false;
}

static bool split_patterns(const hl_rule *rule, pattern_text **out,
                           size_t *count, hotlint_error *error) {
  const char *q = rule->query;
  uint32_t length = (uint32_t)strlen(q);
  HL_ARRAY(pattern_text) patterns = {0};
  uint32_t i = skip_space_and_comments(q, 0, length);
  while (i < length) {
    pattern_text pattern;
    memset(&pattern, 0, sizeof pattern);
    pattern.start = i;
    if (q[i] != '(' ||
        !root_kind(q, i, length, pattern.kind, sizeof pattern.kind)) {
      query_fail(rule, i,
                 "each pattern must be rooted at a named node kind, "
                 "like (call ...)",
                 error);
      hl_array_free(&patterns);
      return false;
    }
    i = skip_balanced(q, i, length);
    /* captures and quantifiers after the pattern belong to it */
    for (;;) {
      uint32_t next = skip_space_and_comments(q, i, length);
      if (next < length && q[next] == '@') {
        i = next + 1;
        while (i < length && (isalnum((unsigned char)q[i]) || q[i] == '_' ||
                              q[i] == '.' || q[i] == '-'))
          i++;
      } else if (next < length &&
                 (q[next] == '?' || q[next] == '*' || q[next] == '+')) {
        i = next + 1;
      } else {
        break;
      }
    }
    pattern.end = i;
    hl_array_push(&patterns, pattern);
    i = skip_space_and_comments(q, i, length);
  }
  *out = patterns.items;
  *count = patterns.count;
  return true;
}

/* ---- Shapes: necessary conditions read from a pattern's text ------------ */

/* Reads [A-Za-z0-9_]+ at q[*i] into out; false if there is none. */
static bool read_word(const char *q, uint32_t *i, uint32_t length, char *out,
                      size_t size) {
  uint32_t start = *i;
  while (*i < length && (isalnum((unsigned char)q[*i]) || q[*i] == '_'))
    (*i)++;
  if (*i == start || *i - start >= size)
    return false;
  memcpy(out, q + start, *i - start);
  out[*i - start] = '\0';
  return true;
}

/* A named, visible node kind (not a supertype, not `_`), or 0. */
static TSSymbol concrete_kind(const TSLanguage *language, const char *name) {
  if (!strcmp(name, "_"))
    return 0;
  TSSymbol symbol =
      ts_language_symbol_for_name(language, name, (uint32_t)strlen(name), true);
  if (!symbol ||
      ts_language_symbol_type(language, symbol) != TSSymbolTypeRegular)
    return 0;
  return symbol;
}

void hl_pattern_shape_read(const TSLanguage *language, const char *q,
                           uint32_t start, uint32_t end,
                           hl_pattern_shape *shape) {
  memset(shape, 0, sizeof *shape);
  uint32_t i = start;
  while (i < end && q[i] == '(') {
    i = skip_space_and_comments(q, i + 1, end);
    if (i < end && q[i] != '(')
      break;
  }
  char word[64];
  if (!read_word(q, &i, end, word, sizeof word))
    return;
  shape->root = concrete_kind(language, word);
  if (!shape->root)
    return;
  bool added_last = false; /* the item before added a step */
  for (;;) {
    i = skip_space_and_comments(q, i, end);
    if (i >= end)
      return; /* unbalanced: leave it unusable */
    char c = q[i];
    if (c == ')')
      break;
    bool added = false;
    if (c == '"' || c == '(' || c == '[') {
      i = skip_balanced(q, i, end);
    } else if (c == '.') {
      i++;
    } else if (c == '@' || c == '!') {
      i++;
      while (i < end && (isalnum((unsigned char)q[i]) || q[i] == '_' ||
                         q[i] == '.' || q[i] == '-'))
        i++;
    } else if (c == '?' || c == '*' || c == '+') {
      /* the item before is optional: drop its condition */
      if ((c == '?' || c == '*') && added_last)
        shape->step_count--;
      i++;
    } else if (isalpha((unsigned char)c) || c == '_') {
      if (!read_word(q, &i, end, word, sizeof word) || i >= end || q[i] != ':')
        return;
      TSFieldId field =
          ts_language_field_id_for_name(language, word, (uint32_t)strlen(word));
      i = skip_space_and_comments(q, i + 1, end);
      if (!field || i >= end)
        return;
      if (q[i] != '(') { /* a string or an alternation: no condition */
        i = skip_balanced(q, i, end);
        continue;
      }
      uint32_t child = i;
      uint32_t j = skip_space_and_comments(q, i + 1, end);
      TSSymbol kind = 0, first = 0;
      if (read_word(q, &j, end, word, sizeof word)) {
        kind = concrete_kind(language, word);
        j = skip_space_and_comments(q, j, end);
        if (j < end && q[j] == '.') {
          j = skip_space_and_comments(q, j + 1, end);
          if (j < end && q[j] == '(') {
            j = skip_space_and_comments(q, j + 1, end);
            if (read_word(q, &j, end, word, sizeof word) &&
                (j >= end || q[j] != ':'))
              first = concrete_kind(language, word);
          }
        }
      }
      i = skip_balanced(q, child, end);
      if (kind && shape->step_count < HL_SHAPE_STEPS) {
        hl_shape_step *step = &shape->steps[shape->step_count++];
        step->field = field;
        step->kind = kind;
        step->first_named = first;
        added = true;
      }
    } else {
      return;
    }
    added_last = added;
  }
  shape->usable = true;
}

/* ---- Predicates --------------------------------------------------------- */

/* The string with id `id` of a TSQuery or of a matcher program. */
typedef const char *(*string_lookup)(const void *source, uint32_t id);

static const char *tsquery_string(const void *source, uint32_t id) {
  uint32_t length;
  return ts_query_string_value_for_id(source, id, &length);
}

static const char *matcher_string(const void *source, uint32_t id) {
  return ((const hl_matcher_program *)source)->strings[id];
}

/* Reads one pattern's predicate steps (as tree-sitter presents them; the
 * matcher keeps the same form) into info->predicates. */
static bool parse_predicates(const TSQueryPredicateStep *steps,
                             uint32_t step_count, string_lookup string_at,
                             const void *strings, const hl_rule *rule,
                             hl_pattern_info *info, hotlint_error *error) {
  HL_ARRAY(hl_predicate) predicates = {0};
  uint32_t i = 0;
  bool ok = true;
  while (i < step_count && ok) {
    uint32_t end = i;
    while (end < step_count && steps[end].type != TSQueryPredicateStepTypeDone)
      end++;
    const char *name = steps[i].type == TSQueryPredicateStepTypeString
                           ? string_at(strings, steps[i].value_id)
                           : "";
    hl_predicate predicate;
    memset(&predicate, 0, sizeof predicate);
    predicate.other_capture = UINT32_MAX;
    bool negated = !strncmp(name, "not-", 4);
    const char *base = negated ? name + 4 : name;
    predicate.negated = negated;
    if (!strcmp(base, "eq?"))
      predicate.kind = HL_PRED_EQ;
    else if (!strcmp(base, "any-of?"))
      predicate.kind = HL_PRED_ANY_OF;
    else if (!strcmp(base, "match?"))
      predicate.kind = HL_PRED_MATCH;
    else {
      snprintf(error->message, sizeof error->message,
               "%s:%u: unsupported query predicate '#%s' (hotlint supports "
               "#eq?, #not-eq?, #any-of?, #not-any-of?, #match?, #not-match?)",
               rule->info.origin, rule->query_line, name);
      ok = false;
      break;
    }
    if (end - i < 3 || steps[i + 1].type != TSQueryPredicateStepTypeCapture) {
      snprintf(error->message, sizeof error->message,
               "%s:%u: predicate '#%s' needs a capture and a value",
               rule->info.origin, rule->query_line, name);
      ok = false;
      break;
    }
    predicate.capture = steps[i + 1].value_id;
    if (predicate.kind == HL_PRED_EQ &&
        steps[i + 2].type == TSQueryPredicateStepTypeCapture) {
      predicate.other_capture = steps[i + 2].value_id;
    } else {
      predicate.value_count = end - (i + 2);
      predicate.values = hl_calloc(predicate.value_count, sizeof(char *));
      for (uint32_t k = 0; k < predicate.value_count; k++)
        predicate.values[k] = string_at(strings, steps[i + 2 + k].value_id);
      if (predicate.kind == HL_PRED_MATCH) {
        if (regcomp(&predicate.regex, predicate.values[0],
                    REG_EXTENDED | REG_NOSUB) != 0) {
          snprintf(error->message, sizeof error->message,
                   "%s:%u: invalid regular expression '%s' in '#%s'",
                   rule->info.origin, rule->query_line, predicate.values[0],
                   name);
          hl_free(predicate.values);
          ok = false;
          break;
        }
      }
    }
    hl_array_push(&predicates, predicate);
    i = end + 1;
  }
  info->predicates = predicates.items;
  info->predicate_count = (uint32_t)predicates.count;
  return ok;
}

static void free_predicates(hl_pattern_info *info) {
  for (uint32_t i = 0; i < info->predicate_count; i++) {
    if (info->predicates[i].kind == HL_PRED_MATCH)
      regfree(&info->predicates[i].regex);
    hl_free(info->predicates[i].values);
  }
  hl_free(info->predicates);
}

/* ---- Compile ------------------------------------------------------------ */

/* Compiles rule query `q` (its TSQuery and per-pattern predicates). */
static bool compile_rule_query(const hl_ruleset *set, hl_rule_query *q,
                               hotlint_error *error) {
  const hl_rule *rule = set->rules[q->rule];
  uint32_t offset;
  TSQueryError type;
  TSQuery *query = ts_query_new(set->syntax.language, rule->query,
                                (uint32_t)strlen(rule->query), &offset, &type);
  if (!query) {
    query_fail(rule, offset, query_error_name(type), error);
    return false;
  }
  uint32_t count = ts_query_pattern_count(query);
  hl_pattern_info *patterns = hl_calloc(count ? count : 1, sizeof *patterns);
  bool ok = true;
  for (uint32_t p = 0; p < count && ok; p++) {
    patterns[p].rule = q->rule;
    uint32_t step_count;
    const TSQueryPredicateStep *steps =
        ts_query_predicates_for_pattern(query, p, &step_count);
    ok = parse_predicates(steps, step_count, tsquery_string, query, rule,
                          &patterns[p], error);
  }
  if (!ok) {
    for (uint32_t p = 0; p < count; p++)
      free_predicates(&patterns[p]);
    hl_free(patterns);
    ts_query_delete(query);
    return false;
  }
  q->patterns = patterns;
  q->pattern_count = count;
  q->query = query;
  return true;
}

/* Builds q->patterns from the matcher program's predicates. */
static bool compile_native_predicates(const hl_ruleset *set, hl_rule_query *q,
                                      hotlint_error *error) {
  const hl_rule *rule = set->rules[q->rule];
  const hl_matcher_program *program = &q->matcher;
  uint32_t count = program->pattern_count;
  hl_pattern_info *patterns = hl_calloc(count ? count : 1, sizeof *patterns);
  bool ok = true;
  for (uint32_t p = 0; p < count && ok; p++) {
    const hl_matcher_pattern *pattern = &program->patterns[p];
    patterns[p].rule = q->rule;
    /* no predicate steps at all: the array is NULL, and NULL + 0 is
       undefined */
    const TSQueryPredicateStep *steps =
        program->predicate_steps
            ? program->predicate_steps + pattern->first_predicate_step
            : NULL;
    ok = parse_predicates(steps, pattern->predicate_step_count, matcher_string,
                          program, rule, &patterns[p], error);
  }
  if (!ok) {
    for (uint32_t p = 0; p < count; p++)
      free_predicates(&patterns[p]);
    hl_free(patterns);
    return false;
  }
  q->patterns = patterns;
  q->pattern_count = count;
  return true;
}

static void release_patterns(hl_rule_query *q) {
  for (uint32_t p = 0; p < q->pattern_count; p++)
    free_predicates(&q->patterns[p]);
  hl_free(q->patterns);
  q->patterns = NULL;
  q->pattern_count = 0;
}

const char *hl_rule_query_capture_name(const hl_rule_query *q, uint32_t id,
                                       uint32_t *length) {
  if (q->native) {
    const char *name = q->matcher.capture_names[id];
    *length = (uint32_t)strlen(name);
    return name;
  }
  return ts_query_capture_name_for_id(q->query, id, length);
}

const hl_rule_query *hl_ruleset_rule_query(const hl_ruleset *set,
                                           uint32_t index) {
  hl_rule_query *q = &set->queries[index];
  if (!atomic_load_explicit(&q->ready, memory_order_acquire)) {
    pthread_mutex_lock(&q->lock);
    if (!atomic_load_explicit(&q->ready, memory_order_relaxed)) {
      if (!compile_rule_query(set, q, &q->error))
        q->failed = true;
      atomic_store_explicit(&q->ready, true, memory_order_release);
    }
    pthread_mutex_unlock(&q->lock);
  }
  return q->query ? q : NULL;
}

const char *hl_ruleset_query_error(const hl_ruleset *set) {
  for (size_t i = 0; i < set->query_count; i++)
    if (atomic_load(&set->queries[i].ready) && set->queries[i].failed)
      return set->queries[i].error.message;
  return NULL;
}

/* Indexes every query rule by the kinds its patterns are rooted at, with
 * its callee pre-filter. Built-in queries are known good (the rule tests
 * compile them), so each compiles when a file first needs it — a node of
 * its kind that passes its pre-filters — and a run that needs none (every
 * result from the cache, or no such node) never pays tree-sitter's query
 * analysis, a few milliseconds per query. A rule from a file compiles now,
 * so its errors come at load time with the file and line. */
static bool index_queries(hl_ruleset *set, hotlint_error *error) {
  const TSLanguage *language = set->syntax.language;
  set->queries =
      hl_calloc(set->rule_count ? set->rule_count : 1, sizeof(hl_rule_query));
  bool ok = true;
  for (size_t r = 0; r < set->rule_count && ok; r++) {
    const hl_rule *rule = set->rules[r];
    if (!rule->query)
      continue;
    uint32_t problem_offset;
    const char *problem = query_text_problem(
        rule->query, (uint32_t)strlen(rule->query), &problem_offset);
    if (problem) {
      query_fail(rule, problem_offset, problem, error);
      ok = false;
      break;
    }
    pattern_text *patterns;
    size_t pattern_count;
    if (!split_patterns(rule, &patterns, &pattern_count, error)) {
      /* a malformed query: prefer tree-sitter's own account of it */
      uint32_t offset;
      TSQueryError type;
      TSQuery *alone = ts_query_new(
          language, rule->query, (uint32_t)strlen(rule->query), &offset, &type);
      if (alone)
        ts_query_delete(alone);
      else
        query_fail(rule, offset, query_error_name(type), error);
      ok = false;
      break;
    }
    uint32_t index = (uint32_t)set->query_count++;
    hl_rule_query *q = &set->queries[index];
    q->rule = (uint32_t)r;
    pthread_mutex_init(&q->lock, NULL);
    atomic_init(&q->ready, false);
    for (size_t p = 0; p < pattern_count && ok; p++) {
      if (rule->callee.count && strcmp(patterns[p].kind, "call") != 0 &&
          strcmp(patterns[p].kind, "for_statement") != 0 &&
          strcmp(patterns[p].kind, "for_in_clause") != 0) {
        query_fail(rule, patterns[p].start,
                   "match.callee needs every pattern rooted at (call ...), "
                   "(for_statement ...) or (for_in_clause ...)",
                   error);
        ok = false;
        break;
      }
      TSSymbol symbol = ts_language_symbol_for_name(
          language, patterns[p].kind, (uint32_t)strlen(patterns[p].kind), true);
      if (!symbol) {
        query_fail(rule, patterns[p].start, "unknown node kind", error);
        ok = false;
        break;
      }
      /* (ERROR ...) is tree-sitter's own symbol, 65535, past the grammar's
       * table: found by fuzzing (it read far outside by_symbol) */
      if (symbol >= set->syntax.symbol_count) {
        query_fail(rule, patterns[p].start,
                   "a pattern cannot start at an ERROR node (hotlint does "
                   "not dispatch on syntax errors)",
                   error);
        ok = false;
        break;
      }
      hl_kind_dispatch *dispatch = &set->by_symbol[symbol];
      if (dispatch->query_rule_count &&
          dispatch->query_rules[dispatch->query_rule_count - 1] == index)
        continue; /* another pattern of the same rule and kind */
      dispatch->query_rules =
          hl_realloc(dispatch->query_rules,
                     sizeof(uint32_t) * (dispatch->query_rule_count + 1));
      dispatch->query_rules[dispatch->query_rule_count++] = index;
      set->symbol_flags[symbol] |= HL_SYMBOL_QUERY;
    }
    if (ok && rule->callee.count) {
      hl_name_set *filter =
          hl_arena_calloc(&set->arena, 1, sizeof(hl_name_set));
      for (size_t n = 0; n < rule->callee.count; n++)
        hl_name_set_add(filter, &set->arena, rule->callee.items[n],
                        (uint32_t)strlen(rule->callee.items[n]));
      q->callee_filter = filter;
    }
    if (ok && !rule->builtin) {
      /* tree-sitter validates a rule from a file now, also rejecting
         patterns the grammar cannot produce */
      ok = compile_rule_query(set, q, error);
      atomic_store(&q->ready, true);
    }
    uint32_t offset;
    const char *why;
    if (ok &&
        hl_matcher_compile(language, rule->query, (uint32_t)strlen(rule->query),
                           &q->matcher, &offset, &why)) {
      if (q->query) { /* validated: the matcher takes over */
        release_patterns(q);
        ts_query_delete(q->query);
        q->query = NULL;
      }
      ok = compile_native_predicates(set, q, error);
      q->native = ok;
      atomic_store(&q->ready, true);
      if (!ok)
        hl_matcher_program_release(&q->matcher);
    }
    if (ok && !q->native) {
      /* the shape pre-checks spare a TSQuery run; the matcher needs none */
      q->shapes = hl_calloc(pattern_count ? pattern_count : 1,
                            sizeof(hl_pattern_shape));
      q->shape_count = (uint32_t)pattern_count;
      for (size_t p = 0; p < pattern_count; p++)
        hl_pattern_shape_read(language, rule->query, patterns[p].start,
                              patterns[p].end, &q->shapes[p]);
    }
    hl_free(patterns);
  }
  return ok;
}

static bool index_checks(hl_ruleset *set, hotlint_error *error) {
  const TSLanguage *language = set->syntax.language;
  for (size_t r = 0; r < set->rule_count; r++) {
    const hl_rule *rule = set->rules[r];
    if (!rule->check)
      continue;
    const hl_check *check = hl_check_find(rule->check);
    if (!check) {
      snprintf(error->message, sizeof error->message,
               "%s: unknown native check '%s'", rule->info.origin, rule->check);
      return false;
    }
    if (set->check_slot_count >= HL_MAX_CHECK_SLOTS) {
      snprintf(error->message, sizeof error->message,
               "%s: too many native-check rules (at most %d)",
               rule->info.origin, HL_MAX_CHECK_SLOTS);
      return false;
    }
    set->rule_check[r] = check;
    set->rule_check_slot[r] = (uint32_t)set->check_slot_count++;
    for (int watch = 0; watch < 2; watch++) {
      const char *const *kinds = watch ? check->watch_kinds : check->kinds;
      for (const char *const *kind = kinds; kind && *kind; kind++) {
        TSSymbol symbol = ts_language_symbol_for_name(
            language, *kind, (uint32_t)strlen(*kind), true);
        if (!symbol) {
          snprintf(error->message, sizeof error->message,
                   "native check '%s' wants unknown node kind '%s'",
                   check->name, *kind);
          return false;
        }
        hl_kind_dispatch *dispatch = &set->by_symbol[symbol];
        dispatch->check_rules =
            hl_realloc(dispatch->check_rules,
                       sizeof(uint32_t) * (dispatch->check_rule_count + 1));
        dispatch->check_rules[dispatch->check_rule_count++] =
            (uint32_t)r | (watch ? HL_DISPATCH_WATCH : 0);
        set->symbol_flags[symbol] |= HL_SYMBOL_CHECK;
      }
    }
  }
  return true;
}

hl_ruleset *hl_ruleset_compile(hl_rule **rules, size_t rule_count,
                               hotlint_error *error) {
  hl_ruleset *set = hl_calloc(1, sizeof *set);
  hl_syntax_init(&set->syntax);
  set->rules = hl_calloc(rule_count, sizeof(hl_rule *));
  if (rule_count) { /* an engine without rules is valid (parse-only) */
    memcpy(set->rules, rules, rule_count * sizeof(hl_rule *));
    qsort(set->rules, rule_count, sizeof(hl_rule *), compare_rules);
  }
  set->rule_count = rule_count;
  set->rule_check = hl_calloc(rule_count, sizeof(hl_check *));
  set->rule_check_slot = hl_calloc(rule_count, sizeof(uint32_t));
  set->by_symbol =
      hl_calloc(set->syntax.symbol_count, sizeof(hl_kind_dispatch));
  set->symbol_flags = hl_calloc(set->syntax.symbol_count, 1);
  for (size_t r = 1; r < rule_count; r++) {
    if (!strcmp(set->rules[r]->info.name, set->rules[r - 1]->info.name) ||
        !strcmp(set->rules[r]->info.code, set->rules[r - 1]->info.code)) {
      snprintf(error->message, sizeof error->message,
               "%s: rule %s '%s' clashes with %s", set->rules[r]->info.origin,
               set->rules[r]->info.code, set->rules[r]->info.name,
               set->rules[r - 1]->info.origin);
      hl_ruleset_delete(set);
      return NULL;
    }
  }
  if (!index_checks(set, error) || !index_queries(set, error)) {
    hl_ruleset_delete(set);
    return NULL;
  }
  return set;
}

void hl_ruleset_delete(hl_ruleset *set) {
  if (!set)
    return;
  for (size_t i = 0; i < set->query_count; i++) {
    hl_rule_query *q = &set->queries[i];
    release_patterns(q);
    if (q->query)
      ts_query_delete(q->query);
    if (q->native)
      hl_matcher_program_release(&q->matcher);
    hl_free(q->shapes);
    pthread_mutex_destroy(&q->lock);
  }
  hl_free(set->queries);
  for (uint32_t s = 0; s < set->syntax.symbol_count; s++) {
    hl_free(set->by_symbol[s].check_rules);
    hl_free(set->by_symbol[s].query_rules);
  }
  for (size_t r = 0; r < set->rule_count; r++)
    hl_rule_delete(set->rules[r]);
  hl_free(set->rules);
  hl_free(set->rule_check);
  hl_free(set->rule_check_slot);
  hl_free(set->by_symbol);
  hl_free(set->symbol_flags);
  hl_arena_free(&set->arena);
  hl_free(set);
}
