/* Query matcher: compiles the rules' subset of tree-sitter's query language
 * and matches it anchored at one node. See matcher.h. */
#include "rules/matcher.h"

#include "base/alloc.h"
#include "base/array.h"

#include <ctype.h>
#include <string.h>

/* ---- Compiling ---------------------------------------------------------- */

typedef struct parser {
  const TSLanguage *language;
  const char *q;
  uint32_t i, length;
  HL_ARRAY(hl_matcher_step) steps;
  HL_ARRAY(hl_matcher_pattern) patterns;
  HL_ARRAY(TSQueryPredicateStep) predicate_steps;
  HL_ARRAY(char *) capture_names;
  HL_ARRAY(char *) strings;
  uint32_t pattern_first_step; /* of the pattern being read */
  bool failed;
  uint32_t fail_offset;
  const char *why;
} parser;

static bool fail(parser *p, const char *why) {
  if (!p->failed) {
    p->failed = true;
    p->fail_offset = p->i;
    p->why = why;
  }
  return false;
}

static char peek(const parser *p) {
  return p->i < p->length ? p->q[p->i] : '\0';
}

static void skip_blank(parser *p) {
  for (;;) {
    while (p->i < p->length && isspace((unsigned char)p->q[p->i]))
      p->i++;
    if (p->i < p->length && p->q[p->i] == ';') {
      while (p->i < p->length && p->q[p->i] != '\n')
        p->i++;
      continue;
    }
    return;
  }
}

/* tree-sitter's identifier characters */
static bool is_name_char(char c) {
  return isalnum((unsigned char)c) || c == '_' || c == '-' || c == '.' ||
         c == '?' || c == '!';
}

/* Reads a name at p->i: its start and length (0 when there is none). */
static uint32_t read_name(parser *p, const char **start) {
  *start = p->q + p->i;
  uint32_t begin = p->i;
  while (p->i < p->length && is_name_char(p->q[p->i]))
    p->i++;
  return p->i - begin;
}

static uint32_t find_or_add(char ***items, size_t *count, size_t *capacity,
                            const char *text, size_t length) {
  for (size_t k = 0; k < *count; k++)
    if (strlen((*items)[k]) == length && !memcmp((*items)[k], text, length))
      return (uint32_t)k;
  if (*count == *capacity) {
    *capacity = *capacity ? *capacity * 2 : 8;
    *items = hl_realloc(*items, *capacity * sizeof(char *));
  }
  (*items)[*count] = hl_strndup(text, length);
  return (uint32_t)(*count)++;
}

static uint32_t add_string(parser *p, const char *text, size_t length) {
  return find_or_add(&p->strings.items, &p->strings.count, &p->strings.capacity,
                     text, length);
}

/* Reads a "string" at p->i with tree-sitter's escapes into a new buffer
 * (*out, freed by the caller). */
static bool read_string(parser *p, char **out, size_t *out_length) {
  p->i++; /* the opening quote */
  HL_ARRAY(char) text = {0};
  for (;;) {
    if (p->i >= p->length || p->q[p->i] == '\n') {
      hl_array_free(&text);
      return fail(p, "unterminated string");
    }
    char c = p->q[p->i++];
    if (c == '"')
      break;
    if (c == '\\') {
      if (p->i >= p->length) {
        hl_array_free(&text);
        return fail(p, "unterminated string");
      }
      char e = p->q[p->i++];
      if (e == '0') { /* a NUL would end the C string early */
        hl_array_free(&text);
        return fail(p, "NUL in a string");
      }
      c = e == 'n' ? '\n' : e == 'r' ? '\r' : e == 't' ? '\t' : e;
    }
    hl_array_push(&text, c);
  }
  hl_array_push(&text, '\0');
  *out = text.items;
  *out_length = text.count - 1;
  return true;
}

static int push_step(parser *p, hl_matcher_step step) {
  if (p->steps.count - p->pattern_first_step >= HL_MATCHER_MAX_STEPS)
    return fail(p, "pattern too large"), -1;
  hl_array_push(&p->steps, step);
  return (int)(p->steps.count - 1 - p->pattern_first_step);
}

static hl_matcher_step *step_at(parser *p, int index) {
  return &p->steps.items[p->pattern_first_step + (uint32_t)index];
}

/* `@name` ... after a pattern item; quantifiers are outside the subset. */
static bool read_captures(parser *p, int step) {
  for (;;) {
    skip_blank(p);
    char c = peek(p);
    if (c == '?' || c == '*' || c == '+')
      return fail(p, "quantifiers are not in the subset");
    if (c != '@')
      return true;
    p->i++;
    const char *name;
    uint32_t length = read_name(p, &name);
    if (!length)
      return fail(p, "empty capture name");
    hl_matcher_step *s = step_at(p, step);
    if (s->capture_count == HL_MATCHER_STEP_CAPTURES)
      return fail(p, "too many captures on one node");
    s->captures[s->capture_count++] =
        (uint16_t)find_or_add(&p->capture_names.items, &p->capture_names.count,
                              &p->capture_names.capacity, name, length);
  }
}

/* `(#name? @capture "value" word ...)` at p->i (on its parenthesis). */
static bool read_predicate(parser *p) {
  p->i++;
  skip_blank(p);
  p->i++; /* '#' */
  const char *name;
  uint32_t length = read_name(p, &name);
  if (!length)
    return fail(p, "predicate without a name");
  TSQueryPredicateStep step = {TSQueryPredicateStepTypeString,
                               add_string(p, name, length)};
  hl_array_push(&p->predicate_steps, step);
  for (;;) {
    skip_blank(p);
    char c = peek(p);
    if (c == ')') {
      p->i++;
      break;
    }
    if (c == '@') {
      p->i++;
      length = read_name(p, &name);
      uint32_t id = UINT32_MAX;
      for (size_t k = 0; k < p->capture_names.count; k++)
        if (strlen(p->capture_names.items[k]) == length &&
            !memcmp(p->capture_names.items[k], name, length))
          id = (uint32_t)k;
      if (id == UINT32_MAX)
        return fail(p, "predicate on an unknown capture");
      step.type = TSQueryPredicateStepTypeCapture;
      step.value_id = id;
    } else if (c == '"') {
      char *text;
      size_t text_length;
      if (!read_string(p, &text, &text_length))
        return false;
      step.type = TSQueryPredicateStepTypeString;
      step.value_id = add_string(p, text, text_length);
      hl_free(text);
    } else if (is_name_char(c)) {
      length = read_name(p, &name);
      step.type = TSQueryPredicateStepTypeString;
      step.value_id = add_string(p, name, length);
    } else {
      return fail(p, "unexpected character in a predicate");
    }
    hl_array_push(&p->predicate_steps, step);
  }
  step.type = TSQueryPredicateStepTypeDone;
  step.value_id = 0;
  hl_array_push(&p->predicate_steps, step);
  return true;
}

/* Whether p->i is on `(` followed by `#`. */
static bool at_predicate(parser *p) {
  if (peek(p) != '(')
    return false;
  uint32_t saved = p->i;
  p->i++;
  skip_blank(p);
  bool yes = peek(p) == '#';
  p->i = saved;
  return yes;
}

static int read_item(parser *p, int parent, bool immediate, int previous);

/* `(kind child ...)` or `(_ child ...)` at p->i; `step` is its step
 * (field, parent, previous, immediate already set). Returns its index. */
static int read_node(parser *p, hl_matcher_step step) {
  p->i++;
  skip_blank(p);
  if (peek(p) == '(' || peek(p) == '#' || peek(p) == '[')
    return fail(p, "groups and alternations are not in the subset"), -1;
  const char *name;
  uint32_t length = read_name(p, &name);
  if (!length)
    return fail(p, "expected a node kind"), -1;
  if (peek(p) == '/')
    return fail(p, "supertype paths are not in the subset"), -1;
  if (length == 1 && name[0] == '_') {
    step.wildcard = true;
    step.named = true;
  } else {
    if ((length == 5 && !memcmp(name, "ERROR", 5)) ||
        (length == 7 && !memcmp(name, "MISSING", 7)))
      return fail(p, "ERROR and MISSING are not in the subset"), -1;
    TSSymbol symbol =
        ts_language_symbol_for_name(p->language, name, length, true);
    if (!symbol ||
        ts_language_symbol_type(p->language, symbol) != TSSymbolTypeRegular)
      return fail(p, "not a concrete named node kind"), -1;
    step.symbol = symbol;
    step.named = true;
  }
  int index = push_step(p, step);
  if (index < 0)
    return -1;
  bool anchor = false;
  int last_child = -1;
  for (;;) {
    skip_blank(p);
    char c = peek(p);
    if (c == '\0')
      return fail(p, "unbalanced parentheses"), -1;
    if (c == ')') {
      p->i++;
      break;
    }
    if (c == '.') {
      if (anchor)
        return fail(p, "two anchors in a row"), -1;
      anchor = true;
      p->i++;
      continue;
    }
    if (at_predicate(p)) {
      if (anchor)
        return fail(p, "an anchor before a predicate"), -1;
      if (!read_predicate(p))
        return -1;
      continue;
    }
    if (anchor && last_child >= 0 && step_at(p, last_child)->wildcard &&
        !step_at(p, last_child)->named)
      return fail(p, "an anchor after `_` is not in the subset"), -1;
    int child = read_item(p, index, anchor, last_child);
    if (child < 0)
      return -1;
    anchor = false;
    last_child = child;
    step_at(p, index)->has_children = true;
  }
  if (anchor) {
    if (last_child < 0)
      return fail(p, "an anchor in a node without children"), -1;
    step_at(p, last_child)->last = true;
  }
  return index;
}

/* One child item: `field: item`, `(node ...)`, `"string"` or `_`, with
 * its captures. */
static int read_item(parser *p, int parent, bool immediate, int previous) {
  hl_matcher_step step;
  memset(&step, 0, sizeof step);
  step.parent = (int8_t)parent;
  step.previous = (int8_t)previous;
  step.immediate = immediate;
  skip_blank(p);
  char c = peek(p);
  if (isalpha((unsigned char)c) ||
      (c == '_' && p->i + 1 < p->length && is_name_char(p->q[p->i + 1]))) {
    const char *name;
    uint32_t length = read_name(p, &name);
    skip_blank(p);
    if (peek(p) != ':')
      return fail(p, "expected a field name and ':'"), -1;
    p->i++;
    step.field = ts_language_field_id_for_name(p->language, name, length);
    if (!step.field)
      return fail(p, "unknown field"), -1;
    skip_blank(p);
    c = peek(p);
  }
  if (c == '!' || c == '[')
    return fail(p, "negated fields and alternations are not in the subset"), -1;
  int index;
  if (c == '(') {
    index = read_node(p, step);
  } else if (c == '"') {
    char *text;
    size_t length;
    if (!read_string(p, &text, &length))
      return -1;
    TSSymbol symbol =
        ts_language_symbol_for_name(p->language, text, (uint32_t)length, false);
    hl_free(text);
    if (!symbol ||
        ts_language_symbol_type(p->language, symbol) != TSSymbolTypeAnonymous)
      return fail(p, "unknown anonymous node"), -1;
    step.symbol = symbol;
    index = push_step(p, step);
  } else if (c == '_') {
    p->i++;
    step.wildcard = true;
    index = push_step(p, step);
  } else {
    return fail(p, "unexpected character"), -1;
  }
  if (index < 0 || !read_captures(p, index))
    return -1;
  return index;
}

/* One top-level pattern: `(kind ...) @captures` or a group
 * `((kind ...) @captures (#predicate ...) ...)`. */
static bool read_pattern(parser *p) {
  p->pattern_first_step = (uint32_t)p->steps.count;
  hl_matcher_pattern pattern;
  memset(&pattern, 0, sizeof pattern);
  pattern.first_step = p->pattern_first_step;
  pattern.first_predicate_step = (uint32_t)p->predicate_steps.count;
  if (peek(p) != '(')
    return fail(p, "a pattern must be rooted at a node kind");
  uint32_t open = p->i;
  p->i++;
  skip_blank(p);
  bool group = peek(p) == '(';
  if (!group)
    p->i = open;
  hl_matcher_step root;
  memset(&root, 0, sizeof root);
  root.parent = -1;
  root.previous = -1;
  skip_blank(p);
  if (peek(p) != '(' || at_predicate(p))
    return fail(p, "a pattern must be rooted at a node kind");
  if (read_node(p, root) < 0 || !read_captures(p, 0))
    return false;
  if (step_at(p, 0)->wildcard)
    return fail(p, "a pattern must be rooted at a node kind");
  if (group) {
    for (;;) {
      skip_blank(p);
      if (peek(p) == ')') {
        p->i++;
        break;
      }
      if (!at_predicate(p))
        return fail(p, "groups of sibling patterns are not in the subset");
      if (!read_predicate(p))
        return false;
    }
    skip_blank(p);
    char c = peek(p);
    if (c == '@' || c == '?' || c == '*' || c == '+')
      return fail(p, "captures or quantifiers on a group");
  }
  pattern.step_count = (uint32_t)p->steps.count - pattern.first_step;
  pattern.predicate_step_count =
      (uint32_t)p->predicate_steps.count - pattern.first_predicate_step;
  for (uint32_t s = 0; s < pattern.step_count; s++)
    pattern.capture_total +=
        p->steps.items[pattern.first_step + s].capture_count;
  hl_array_push(&p->patterns, pattern);
  return true;
}

static void free_names(char **names, size_t count) {
  for (size_t k = 0; k < count; k++)
    hl_free(names[k]);
  hl_free(names);
}

bool hl_matcher_compile(const TSLanguage *language, const char *query,
                        uint32_t length, hl_matcher_program *program,
                        uint32_t *offset, const char **why) {
  memset(program, 0, sizeof *program);
  parser p;
  memset(&p, 0, sizeof p);
  p.language = language;
  p.q = query;
  p.length = length;
  for (;;) {
    skip_blank(&p);
    if (p.i >= p.length)
      break;
    if (!read_pattern(&p))
      break;
  }
  if (!p.failed && p.patterns.count == 0)
    fail(&p, "no patterns");
  if (p.failed) {
    *offset = p.fail_offset;
    *why = p.why;
    hl_array_free(&p.steps);
    hl_array_free(&p.patterns);
    hl_array_free(&p.predicate_steps);
    free_names(p.capture_names.items, p.capture_names.count);
    free_names(p.strings.items, p.strings.count);
    return false;
  }
  program->steps = p.steps.items;
  program->patterns = p.patterns.items;
  program->pattern_count = (uint32_t)p.patterns.count;
  program->predicate_steps = p.predicate_steps.items;
  program->capture_names = p.capture_names.items;
  program->capture_count = (uint32_t)p.capture_names.count;
  program->strings = p.strings.items;
  program->string_count = (uint32_t)p.strings.count;
  return true;
}

void hl_matcher_program_release(hl_matcher_program *program) {
  hl_free(program->steps);
  hl_free(program->patterns);
  hl_free(program->predicate_steps);
  free_names(program->capture_names, program->capture_count);
  free_names(program->strings, program->string_count);
  memset(program, 0, sizeof *program);
}

/* ---- Matching ----------------------------------------------------------- */

typedef struct run_state {
  const hl_matcher_program *program;
  uint32_t pattern_index;
  const hl_matcher_pattern *pattern;
  const hl_matcher_step *steps;
  hl_matcher_scratch *scratch;
  hl_matcher_found found;
  void *context;
  TSNode bound[HL_MATCHER_MAX_STEPS];
  uint32_t position[HL_MATCHER_MAX_STEPS]; /* in its parent's child list */
  uint32_t list_start[HL_MATCHER_MAX_STEPS], list_count[HL_MATCHER_MAX_STEPS];
  uint32_t first_found; /* scratch->found index of this run's matches */
} run_state;

/* Pushes node's visible children (hidden nodes flattened, as the query
 * cursor sees them) on the scratch stack. */
static void push_children(hl_matcher_scratch *scratch, TSNode node,
                          uint32_t *start, uint32_t *count) {
  *start = scratch->child_count;
  if (!scratch->cursor_ready) {
    scratch->cursor = ts_tree_cursor_new(node);
    scratch->cursor_ready = true;
  } else {
    ts_tree_cursor_reset(&scratch->cursor, node);
  }
  if (ts_tree_cursor_goto_first_child(&scratch->cursor)) {
    do {
      if (scratch->child_count == scratch->child_capacity) {
        uint32_t grown =
            scratch->child_capacity ? scratch->child_capacity * 2 : 64;
        scratch->children =
            hl_realloc(scratch->children, grown * sizeof(TSNode));
        scratch->fields =
            hl_realloc(scratch->fields, grown * sizeof(TSFieldId));
        scratch->named = hl_realloc(scratch->named, grown * sizeof(bool));
        scratch->child_capacity = grown;
      }
      TSNode child = ts_tree_cursor_current_node(&scratch->cursor);
      scratch->children[scratch->child_count] = child;
      scratch->fields[scratch->child_count] =
          ts_tree_cursor_current_field_id(&scratch->cursor);
      scratch->named[scratch->child_count] = ts_node_is_named(child);
      scratch->child_count++;
    } while (ts_tree_cursor_goto_next_sibling(&scratch->cursor));
  }
  *count = scratch->child_count - *start;
}

static bool same_node(TSNode a, TSNode b) {
  return a.id == b.id && a.context[0] == b.context[0];
}

static void emit(run_state *run) {
  hl_matcher_scratch *scratch = run->scratch;
  uint32_t total = run->pattern->capture_total;
  if (scratch->found_count + total > scratch->found_capacity) {
    uint32_t grown = scratch->found_capacity ? scratch->found_capacity * 2 : 64;
    while (grown < scratch->found_count + total)
      grown *= 2;
    scratch->found = hl_realloc(scratch->found, grown * sizeof(TSQueryCapture));
    scratch->found_capacity = grown;
  }
  TSQueryCapture *captures = scratch->found + scratch->found_count;
  uint32_t n = 0;
  for (uint32_t s = 0; s < run->pattern->step_count; s++)
    for (uint8_t c = 0; c < run->steps[s].capture_count; c++)
      captures[n++] =
          (TSQueryCapture){run->bound[s], run->steps[s].captures[c]};
  /* The same captures reached through another assignment of uncaptured
   * steps are one match, as tree-sitter merges such states. */
  for (uint32_t m = run->first_found; m < scratch->found_count; m += total) {
    bool same = true;
    for (uint32_t k = 0; k < total && same; k++)
      same = scratch->found[m + k].index == captures[k].index &&
             same_node(scratch->found[m + k].node, captures[k].node);
    if (same)
      return;
  }
  scratch->found_count += total;
  run->found(run->context, run->pattern_index, captures, total);
}

static bool step_accepts(const hl_matcher_step *step, TSNode node,
                         TSFieldId field, bool named) {
  if (step->field && field != step->field)
    return false;
  if (step->wildcard)
    return (named || !step->named) &&
           ts_node_symbol(node) != (TSSymbol)-1; /* ERROR */
  return ts_node_symbol(node) == step->symbol;
}

/* Binds step i and the ones after it, in every way they can be. */
static void place(run_state *run, uint32_t i) {
  if (i == run->pattern->step_count) {
    emit(run);
    return;
  }
  const hl_matcher_step *step = &run->steps[i];
  hl_matcher_scratch *scratch = run->scratch;
  uint32_t base = run->list_start[step->parent];
  uint32_t count = run->list_count[step->parent];
  uint32_t k = step->previous >= 0 ? run->position[step->previous] + 1 : 0;
  for (; k < count; k++) {
    /* the stack may have moved: read through scratch each time */
    TSNode child = scratch->children[base + k];
    bool named = scratch->named[base + k];
    if (step_accepts(step, child, scratch->fields[base + k], named)) {
      bool later_named = false;
      if (step->last)
        for (uint32_t j = k + 1; j < count && !later_named; j++)
          later_named = scratch->named[base + j];
      if (!later_named) {
        run->bound[i] = child;
        run->position[i] = k;
        uint32_t saved = scratch->child_count;
        if (step->has_children)
          push_children(scratch, child, &run->list_start[i],
                        &run->list_count[i]);
        place(run, i + 1);
        scratch->child_count = saved;
      }
    }
    if (step->immediate && named)
      break; /* a named node in between: later ones are not adjacent */
  }
}

void hl_matcher_run(const hl_matcher_program *program, TSNode node,
                    hl_matcher_scratch *scratch, hl_matcher_found found,
                    void *context) {
  TSSymbol symbol = ts_node_symbol(node);
  run_state run;
  run.program = program;
  run.scratch = scratch;
  run.found = found;
  run.context = context;
  for (uint32_t p = 0; p < program->pattern_count; p++) {
    const hl_matcher_pattern *pattern = &program->patterns[p];
    const hl_matcher_step *steps = program->steps + pattern->first_step;
    if (steps[0].symbol != symbol)
      continue;
    run.pattern_index = p;
    run.pattern = pattern;
    run.steps = steps;
    run.bound[0] = node;
    run.position[0] = 0;
    scratch->child_count = 0;
    scratch->found_count = 0;
    run.first_found = 0;
    if (steps[0].has_children)
      push_children(scratch, node, &run.list_start[0], &run.list_count[0]);
    place(&run, 1);
  }
}

void hl_matcher_scratch_release(hl_matcher_scratch *scratch) {
  if (scratch->cursor_ready)
    ts_tree_cursor_delete(&scratch->cursor);
  hl_free(scratch->children);
  hl_free(scratch->fields);
  hl_free(scratch->named);
  hl_free(scratch->found);
  memset(scratch, 0, sizeof *scratch);
}
