/* The public API (include/hotlint/hotlint.h): the engine that loads and
 * compiles rules, the per-thread checker, and the per-buffer pipeline:
 * parse -> walk -> resolve (hotness, module facts) -> noqa -> sort. */
#include "hotlint/hotlint.h"

#include "base/alloc.h"
#include "base/arena.h"
#include "base/array.h"
#include "base/clock.h"
#include "base/hash.h"
#include "base/strbuf.h"
#include "bench/script.h"
#include "report/noqa.h"
#include "rules/builtin.h"
#include "rules/result.h"
#include "rules/ruleset.h"
#include "rules/walk.h"
#include "source/read.h"
#include "source/text.h"

#include <dirent.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

struct hotlint_engine {
  HL_ARRAY(hl_rule *) loaded;         /* until compiled */
  HL_ARRAY(hl_hash128) loaded_hashes; /* per loaded rule: origin + text */
  hl_hash128 fingerprint;             /* after compile */
  bool loading_builtin; /* the rules being loaded are the built-in ones */
  char *docs_url;       /* base of the rule pages, or NULL */
  hl_ruleset *set;      /* after compile */
};

struct hotlint_checker {
  const hotlint_engine *engine;
  TSParser *parser;
  hl_arena arena;
  hl_walker walker;
  bool *active;
};

const char *hotlint_severity_name(hotlint_severity severity) {
  static const char *const names[] = {"hint", "info", "warning", "error"};
  return (unsigned)severity < 4 ? names[severity] : "warning";
}

const char *hotlint_applicability_name(hotlint_applicability applicability) {
  return applicability == HOTLINT_FIX_SAFE ? "safe" : "unsafe";
}

const char *hotlint_hotness_name(hotlint_hotness hotness) {
  static const char *const names[] = {"cold", "warm", "hot"};
  return (unsigned)hotness < 3 ? names[hotness] : "warm";
}

/* ---- Engine ------------------------------------------------------------- */

hotlint_engine *hotlint_engine_new(void) {
  return hl_calloc(1, sizeof(hotlint_engine));
}

void hotlint_engine_delete(hotlint_engine *engine) {
  if (!engine)
    return;
  for (size_t i = 0; i < engine->loaded.count; i++)
    hl_rule_delete(engine->loaded.items[i]);
  hl_array_free(&engine->loaded);
  hl_ruleset_delete(engine->set);
  hl_free(engine->docs_url);
  hl_free(engine);
}

static bool not_compiled(const hotlint_engine *engine, hotlint_error *error) {
  if (engine->set) {
    snprintf(error->message, sizeof error->message,
             "the rule set is already compiled; load rules before compiling");
    return false;
  }
  return true;
}

static bool load_rule(hotlint_engine *engine, const char *origin,
                      const char *text, size_t length, bool builtin,
                      hotlint_error *error) {
  if (!not_compiled(engine, error))
    return false;
  hl_rule *rule = hl_rule_parse(origin, text, length, error);
  if (!rule)
    return false;
  rule->builtin = builtin;
  hl_hasher hasher;
  hl_hasher_init(&hasher, 0);
  hl_hasher_feed_string(&hasher, origin);
  hl_hasher_feed_u64(&hasher, length);
  hl_hasher_feed(&hasher, text, length);
  rule->source_hash = hl_hasher_finish(&hasher);
  for (size_t i = 0; i < engine->loaded.count; i++) {
    hl_rule *old = engine->loaded.items[i];
    if (!strcmp(old->info.code, rule->info.code)) {
      hl_rule_delete(old);
      engine->loaded.items[i] = rule;
      return true;
    }
  }
  hl_array_push(&engine->loaded, rule);
  return true;
}

bool hotlint_engine_load_rule_text(hotlint_engine *engine, const char *origin,
                                   const char *text, size_t length,
                                   hotlint_error *error) {
  return load_rule(engine, origin, text, length, false, error);
}

bool hotlint_engine_load_builtin_rules(hotlint_engine *engine,
                                       hotlint_error *error) {
  for (size_t i = 0; i < hl_builtin_rule_count; i++)
    if (!load_rule(engine, hl_builtin_rules[i].origin, hl_builtin_rules[i].text,
                   hl_builtin_rules[i].length, true, error))
      return false;
  return true;
}

static int compare_strings(const void *a, const void *b) {
  return strcmp(*(char *const *)a, *(char *const *)b);
}

bool hotlint_engine_load_rules_dir(hotlint_engine *engine, const char *dir,
                                   hotlint_error *error) {
  DIR *handle = opendir(dir);
  if (!handle) {
    snprintf(error->message, sizeof error->message,
             "cannot read rules directory '%s'", dir);
    return false;
  }
  HL_ARRAY(char *) names = {0};
  struct dirent *entry;
  while ((entry = readdir(handle))) {
    size_t length = strlen(entry->d_name);
    if (length > 5 && !strcmp(entry->d_name + length - 5, ".yaml"))
      hl_array_push(&names, hl_strdup(entry->d_name));
  }
  closedir(handle);
  qsort(names.items, names.count, sizeof(char *), compare_strings);
  bool ok = true;
  for (size_t i = 0; i < names.count && ok; i++) {
    hl_strbuf path = {0};
    hl_strbuf_printf(&path, "%s/%s", dir, names.items[i]);
    hl_file_contents contents;
    ok = hl_read_file(hl_strbuf_cstr(&path), &contents, error);
    if (ok) {
      ok = hotlint_engine_load_rule_text(engine, hl_strbuf_cstr(&path),
                                         contents.data, contents.length, error);
      hl_file_contents_free(&contents);
    }
    hl_strbuf_free(&path);
  }
  for (size_t i = 0; i < names.count; i++)
    hl_free(names.items[i]);
  hl_array_free(&names);
  return ok;
}

bool hotlint_engine_set_docs_url(hotlint_engine *engine, const char *base,
                                 hotlint_error *error) {
  if (!not_compiled(engine, error))
    return false;
  hl_free(engine->docs_url);
  engine->docs_url = NULL;
  if (base && *base) {
    size_t length = strlen(base);
    while (length > 1 && base[length - 1] == '/')
      length--;
    engine->docs_url = hl_strndup(base, length);
  }
  return true;
}

static int compare_rule_codes(const void *a, const void *b) {
  return strcmp((*(hl_rule *const *)a)->info.code,
                (*(hl_rule *const *)b)->info.code);
}

/* What identifies the rule set: hotlint's version, the docs base, and each
 * rule's source, in code order (load order does not matter). */
static hl_hash128 engine_fingerprint(hotlint_engine *engine) {
  size_t count = engine->loaded.count;
  if (count)
    qsort(engine->loaded.items, count, sizeof(hl_rule *), compare_rule_codes);
  hl_hasher hasher;
  hl_hasher_init(&hasher, 0);
  hl_hasher_feed_string(&hasher, HOTLINT_VERSION);
  hl_hasher_feed_string(&hasher, engine->docs_url);
  hl_hasher_feed_u64(&hasher, count);
  for (size_t i = 0; i < count; i++) {
    hl_hasher_feed_u64(&hasher, engine->loaded.items[i]->source_hash.low);
    hl_hasher_feed_u64(&hasher, engine->loaded.items[i]->source_hash.high);
  }
  return hl_hasher_finish(&hasher);
}

bool hotlint_engine_compile(hotlint_engine *engine, hotlint_error *error) {
  if (!not_compiled(engine, error))
    return false;
  engine->fingerprint = engine_fingerprint(engine);
  for (size_t i = 0; i < engine->loaded.count && engine->docs_url; i++) {
    hl_rule *rule = engine->loaded.items[i];
    hl_strbuf url = {0};
    hl_strbuf_printf(&url, "%s/%s.md", engine->docs_url, rule->info.code);
    hl_free((char *)rule->info.url);
    rule->info.url = hl_strbuf_detach(&url);
  }
  hl_ruleset *set =
      hl_ruleset_compile(engine->loaded.items, engine->loaded.count, error);
  /* the rule set took the rules, compiled or not */
  hl_array_free(&engine->loaded);
  if (!set)
    return false;
  engine->set = set;
  return true;
}

void hotlint_engine_fingerprint(const hotlint_engine *engine,
                                unsigned char out[16]) {
  for (int i = 0; i < 8; i++) {
    out[i] = (unsigned char)(engine->fingerprint.low >> (8 * i));
    out[8 + i] = (unsigned char)(engine->fingerprint.high >> (8 * i));
  }
}

size_t hotlint_engine_rule_count(const hotlint_engine *engine) {
  return engine->set ? engine->set->rule_count : engine->loaded.count;
}

const hotlint_rule_info *hotlint_engine_rule(const hotlint_engine *engine,
                                             size_t index) {
  hl_rule *const *rules =
      engine->set ? engine->set->rules : engine->loaded.items;
  return index < hotlint_engine_rule_count(engine) ? &rules[index]->info : NULL;
}

long hotlint_engine_find_rule(const hotlint_engine *engine, const char *key) {
  size_t count = hotlint_engine_rule_count(engine);
  for (size_t i = 0; i < count; i++) {
    const hotlint_rule_info *info = hotlint_engine_rule(engine, i);
    if (!strcasecmp(info->code, key) || !strcmp(info->name, key))
      return (long)i;
  }
  return -1;
}

/* ---- Selection ---------------------------------------------------------- */

static bool apply_selectors(const hotlint_engine *engine,
                            const char *const *selectors, size_t count,
                            bool value, bool *enabled, hotlint_error *error) {
  size_t rule_count = hotlint_engine_rule_count(engine);
  for (size_t s = 0; s < count; s++) {
    const char *selector = selectors[s];
    bool matched = false;
    for (size_t i = 0; i < rule_count; i++) {
      const hotlint_rule_info *info = hotlint_engine_rule(engine, i);
      if (!strcmp(selector, "ALL") || !strcmp(selector, info->name) ||
          (selector[0] && !strncmp(selector, info->code, strlen(selector)))) {
        enabled[i] = value;
        matched = true;
      }
    }
    if (!matched) {
      snprintf(error->message, sizeof error->message,
               "unknown rule selector '%s' (use a code like HOT101, a prefix "
               "like HOT1, a name like import-in-function, or ALL)",
               selector);
      return false;
    }
  }
  return true;
}

bool hotlint_select_rules(const hotlint_engine *engine,
                          const char *const *select, size_t select_count,
                          const char *const *extend_select,
                          size_t extend_select_count, const char *const *ignore,
                          size_t ignore_count, bool *enabled,
                          hotlint_error *error) {
  size_t rule_count = hotlint_engine_rule_count(engine);
  for (size_t i = 0; i < rule_count; i++)
    enabled[i] = select == NULL;
  return apply_selectors(engine, select, select ? select_count : 0, true,
                         enabled, error) &&
         apply_selectors(engine, extend_select, extend_select_count, true,
                         enabled, error) &&
         apply_selectors(engine, ignore, ignore_count, false, enabled, error);
}

/* ---- Checker ------------------------------------------------------------ */

hotlint_checker *hotlint_checker_new(const hotlint_engine *engine) {
  if (!engine->set)
    return NULL;
  hotlint_checker *checker = hl_calloc(1, sizeof *checker);
  checker->engine = engine;
  checker->parser = ts_parser_new();
  ts_parser_set_language(checker->parser, engine->set->syntax.language);
  hl_walker_init(&checker->walker, engine->set);
  checker->active = hl_calloc(engine->set->rule_count + 1, sizeof(bool));
  return checker;
}

void hotlint_checker_delete(hotlint_checker *checker) {
  if (!checker)
    return;
  ts_parser_delete(checker->parser);
  hl_walker_release(&checker->walker);
  hl_arena_free(&checker->arena);
  hl_free(checker->active);
  hl_free(checker);
}

/* The source as tree-sitter's input, with the per-file deadline. */
typedef struct parse_input {
  const char *source;
  uint32_t length;
  uint64_t deadline_ns;    /* thread CPU time; 0: none */
  bool timed_out;          /* the parse was cancelled at the deadline */
  uint32_t progress_calls; /* the clock is read on every 16th */
  bool lone_cr;            /* it holds a CR not followed by an LF */
} parse_input;

/* tree-sitter's read callback. Python ends lines at LF, CRLF and a lone
 * CR, and so does the line index, but tree-sitter-python knows only the
 * first two: a file with old Mac line endings would be one long syntax
 * error. So a chunk stops before each lone CR, which is read as an LF of
 * its own: no copy of the source, and every offset and position holds. */
static const char *read_source(void *payload, uint32_t byte, TSPoint point,
                               uint32_t *bytes_read) {
  (void)point;
  const parse_input *input = payload;
  if (byte >= input->length) {
    *bytes_read = 0;
    return "";
  }
  const char *at = input->source + byte, *end = input->source + input->length;
  for (const char *p = at; input->lone_cr && p < end; p++) {
    p = memchr(p, '\r', (size_t)(end - p));
    if (!p)
      break;
    if (p + 1 < end && p[1] == '\n')
      continue; /* CRLF: the parser knows it */
    if (p == at) {
      *bytes_read = 1;
      return "\n";
    }
    *bytes_read = (uint32_t)(p - at);
    return at;
  }
  *bytes_read = (uint32_t)(end - at);
  return at;
}

/* The thread CPU time limit_ms from now, or 0 (no deadline) for 0. */
static uint64_t cpu_deadline_after(unsigned limit_ms) {
  return limit_ms ? hl_thread_cpu_ns() + (uint64_t)limit_ms * 1000000u : 0;
}

/* tree-sitter's progress callback for a parse: true cancels it.
 * tree-sitter calls it every 100 parse operations; the clock is read on
 * every 16th (about 0.1 ms of parsing apart). */
static bool parse_progress(TSParseState *state) {
  parse_input *input = state->payload;
  if (hl_cpu_deadline_reached(input->deadline_ns, &input->progress_calls, 16))
    input->timed_out = true;
  return input->timed_out;
}

/* Parses source[0..length) (reusing old_tree when given), lone CRs read as
 * LFs. With deadline_ns (thread CPU time), a parse still running when it
 * passes is cancelled: NULL, with *timed_out set when timed_out is given. */
static TSTree *parse_buffer(hotlint_checker *checker, const TSTree *old_tree,
                            const char *source, uint32_t length,
                            uint64_t deadline_ns, bool *timed_out) {
  /* A UTF-8 byte order mark is not Python: parse what follows it, keeping
   * every offset relative to the whole buffer. */
  if (length >= 3 && !memcmp(source, "\xEF\xBB\xBF", 3)) {
    TSRange range = {{0, 3}, {UINT32_MAX, UINT32_MAX}, 3, UINT32_MAX};
    ts_parser_set_included_ranges(checker->parser, &range, 1);
  } else {
    ts_parser_set_included_ranges(checker->parser, NULL, 0);
  }
  parse_input input = {source, length, deadline_ns, false, 0, false};
  for (const char *p = source, *end = source + length;
       (p = memchr(p, '\r', (size_t)(end - p))); p++)
    if (p + 1 == end || p[1] != '\n') {
      input.lone_cr = true;
      break;
    }
  TSInput text = {&input, read_source, TSInputEncodingUTF8, NULL};
  TSTree *tree;
  if (deadline_ns) {
    TSParseOptions options = {&input, parse_progress};
    tree =
        ts_parser_parse_with_options(checker->parser, old_tree, text, options);
  } else {
    tree = ts_parser_parse(checker->parser, old_tree, text);
  }
  if (!tree) /* cancelled: else the next parse would resume this one */
    ts_parser_reset(checker->parser);
  if (timed_out)
    *timed_out = input.timed_out;
  return tree;
}

long hotlint_parse_only(hotlint_checker *checker, const char *source,
                        size_t length) {
  if (length > UINT32_MAX)
    return -1;
  TSTree *tree = parse_buffer(checker, NULL, source, (uint32_t)length, 0, NULL);
  if (!tree)
    return -1;
  long errors = ts_node_has_error(ts_tree_root_node(tree)) ? 1 : 0;
  ts_tree_delete(tree);
  return errors;
}

/* ---- Results ------------------------------------------------------------ */

static void add_problem(hotlint_result *result, const hl_line_index *lines,
                        const char *source, size_t length, uint32_t byte,
                        const char *message) {
  hotlint_problem problem;
  problem.message = hl_arena_strndup(&result->arena, message, strlen(message));
  problem.start = hl_position_at(lines, source, length, byte);
  hl_array_push(&result->problems, problem);
}

/* A problem about the whole buffer, before it has a line index: at 1:1. */
static void add_file_problem(hotlint_result *result, const char *source,
                             const char *message) {
  uint32_t zero = 0;
  hl_line_index start_only = {0};
  start_only.starts = &zero;
  start_only.count = 1;
  add_problem(result, &start_only, source, 0, 0, message);
}

/* Appends a capture for a one-line message: runs of whitespace (newlines
 * included) become one space, and the text is cut at 60 bytes on a UTF-8
 * boundary with "..." after it. */
static void append_capture_text(hl_strbuf *out, const char *text,
                                uint32_t length) {
  enum { LIMIT = 60 };
  uint32_t written = 0;
  bool space = false;
  for (uint32_t i = 0; i < length; i++) {
    char c = text[i];
    if (c == ' ' || c == '\t' || c == '\n' || c == '\r' || c == '\\') {
      if (c == '\\' && i + 1 < length && text[i + 1] != '\n' &&
          text[i + 1] != '\r') {
        /* a backslash that is not a line continuation is text */
      } else {
        space = written > 0;
        continue;
      }
    }
    if (written >= LIMIT && ((unsigned char)c & 0xC0) != 0x80) {
      hl_strbuf_puts(out, "...");
      return;
    }
    if (space) {
      hl_strbuf_putc(out, ' ');
      written++;
      space = false;
    }
    hl_strbuf_putc(out, c);
    written++;
  }
}

static const char *render_message(hotlint_checker *checker,
                                  hotlint_result *result, const hl_rule *rule,
                                  const hl_pending *pending) {
  const hl_model *model = &checker->walker.model;
  hl_strbuf out = {0};
  const char *template = rule->message;
  for (const char *p = template; *p;) {
    const char *close = *p == '{' ? strchr(p, '}') : NULL;
    if (!close) {
      hl_strbuf_putc(&out, *p++);
      continue;
    }
    size_t name_length = (size_t)(close - p - 1);
    const char *name = p + 1;
    bool done = false;
    for (uint32_t i = 0; i < pending->capture_count && !done; i++) {
      const hl_capture *capture = &pending->captures[i];
      if (strlen(capture->name) == name_length &&
          !memcmp(capture->name, name, name_length)) {
        append_capture_text(&out, capture->text, capture->length);
        done = true;
      }
    }
    if (!done && name_length == 8 && !memcmp(name, "function", 8) &&
        pending->function >= 0) {
      const hl_function *function = &model->functions.items[pending->function];
      append_capture_text(&out, function->name, function->name_length);
      done = true;
    }
    if (!done && name_length == 5 && !memcmp(name, "class", 5) &&
        pending->class_index >= 0) {
      const hl_class *cls = &model->classes.items[pending->class_index];
      append_capture_text(&out, cls->name, cls->name_length);
      done = true;
    }
    if (!done)
      hl_strbuf_append(&out, p, name_length + 2);
    p = close + 1;
  }
  const char *text =
      hl_arena_strndup(&result->arena, hl_strbuf_cstr(&out), out.len);
  hl_strbuf_free(&out);
  return text;
}

static const hl_capture *find_pending_capture(const hl_pending *pending,
                                              const char *name,
                                              size_t name_length) {
  for (uint32_t i = 0; i < pending->capture_count; i++) {
    const hl_capture *capture = &pending->captures[i];
    if (strlen(capture->name) == name_length &&
        !memcmp(capture->name, name, name_length))
      return capture;
  }
  return NULL;
}

/* A query rule's `replace` template with `{capture}` replaced by the
 * capture's exact text; anything else in braces stays as written (Python
 * has braces of its own). */
static void render_replacement(hl_strbuf *out, const char *template,
                               const hl_pending *pending) {
  for (const char *p = template; *p;) {
    const char *close = *p == '{' ? strchr(p, '}') : NULL;
    const hl_capture *capture =
        close ? find_pending_capture(pending, p + 1, (size_t)(close - p - 1))
              : NULL;
    if (!capture) {
      hl_strbuf_putc(out, *p++);
      continue;
    }
    hl_strbuf_append(out, capture->text, capture->length);
    p = close + 1;
  }
}

typedef struct raw_edit {
  uint32_t start, end;
  const char *text;
  size_t length;
} raw_edit;

static int compare_raw_edits(const void *a, const void *b) {
  const raw_edit *left = a, *right = b;
  if (left->start != right->start)
    return left->start < right->start ? -1 : 1;
  return left->end < right->end ? -1 : left->end > right->end;
}

/* The finding's fix: from the rule's `fix` templates (query rules) or the
 * edits the native check proposed; NULL when the rule has no `fix`, no edit
 * applies to this finding, or its edits overlap. */
static const hotlint_fix *build_fix(hotlint_checker *checker,
                                    hotlint_result *result, const hl_rule *rule,
                                    const hl_pending *pending) {
  if (!rule->has_fix)
    return NULL;
  const hl_model *model = &checker->walker.model;
  HL_ARRAY(raw_edit) edits = {0};
  hl_strbuf text = {0};
  for (size_t i = 0; i < rule->fix_edit_count; i++) {
    const hl_fix_template *template = &rule->fix_edits[i];
    raw_edit edit = {pending->start_byte, pending->end_byte, NULL, 0};
    if (template->target) {
      const hl_capture *capture = find_pending_capture(
          pending, template->target, strlen(template->target));
      if (!capture || capture->start_byte == UINT32_MAX)
        continue; /* this match has no such capture: no edit */
      edit.start = capture->start_byte;
      edit.end = capture->end_byte;
    }
    hl_strbuf_clear(&text);
    render_replacement(&text, template->replace, pending);
    edit.text =
        hl_arena_strndup(&result->arena, hl_strbuf_cstr(&text), text.len);
    edit.length = text.len;
    hl_array_push(&edits, edit);
  }
  hl_strbuf_free(&text);
  for (const hl_pending_edit *e = pending->edits; e; e = e->next) {
    raw_edit edit = {e->start_byte, e->end_byte,
                     hl_arena_strndup(&result->arena, e->text, e->length),
                     e->length};
    hl_array_push(&edits, edit);
  }
  const hotlint_fix *fix = NULL;
  if (edits.count)
    qsort(edits.items, edits.count, sizeof(raw_edit), compare_raw_edits);
  bool valid = edits.count > 0;
  for (size_t i = 0; i < edits.count && valid; i++)
    valid = edits.items[i].start <= edits.items[i].end &&
            edits.items[i].end <= model->length &&
            (i == 0 || edits.items[i - 1].end <= edits.items[i].start);
  if (valid) {
    hotlint_edit *out =
        hl_arena_alloc(&result->arena, sizeof(hotlint_edit) * edits.count);
    for (size_t i = 0; i < edits.count; i++) {
      out[i].start = hl_position_at(&model->lines, model->source, model->length,
                                    edits.items[i].start);
      out[i].end = hl_position_at(&model->lines, model->source, model->length,
                                  edits.items[i].end);
      out[i].content = edits.items[i].text;
    }
    hotlint_fix *made = hl_arena_alloc(&result->arena, sizeof(hotlint_fix));
    made->message = hl_arena_strndup(&result->arena, rule->fix_message,
                                     strlen(rule->fix_message));
    made->applicability = rule->fix_applicability;
    made->edits = out;
    made->edit_count = edits.count;
    fix = made;
  }
  hl_array_free(&edits);
  return fix;
}

static bool suppressed_on_line(const hl_model *model, uint32_t line,
                               const char *code) {
  uint32_t next_line = hl_line_start(&model->lines, line + 1);
  for (size_t i = hl_model_first_comment_on_line(model, line);
       i < model->comments.count; i++) {
    hl_byte_range range = model->comments.items[i];
    if (range.start >= next_line)
      break;
    hl_noqa noqa = hl_noqa_parse_line(model->source + range.start,
                                      range.end - range.start);
    if (hl_noqa_covers(&noqa, code))
      return true;
  }
  return false;
}

/* File-level `# hotlint: noqa` directives: comments alone on their line. */
static void collect_file_noqa(const hl_model *model, hl_noqa *out,
                              size_t *count, size_t max) {
  *count = 0;
  for (size_t i = 0; i < model->comments.count && *count < max; i++) {
    hl_byte_range range = model->comments.items[i];
    /* alone: only blanks between the line's start and the comment */
    uint32_t b = range.start;
    while (b > 0 &&
           (model->source[b - 1] == ' ' || model->source[b - 1] == '\t'))
      b--;
    if (b > 0 && model->source[b - 1] != '\n' && model->source[b - 1] != '\r')
      continue;
    hl_noqa noqa = hl_noqa_parse_file(model->source + range.start,
                                      range.end - range.start);
    if (noqa.present)
      out[(*count)++] = noqa;
  }
}

static hotlint_severity adjust_severity(hotlint_severity base,
                                        hotlint_hotness hotness) {
  int value = (int)base;
  if (hotness == HOTLINT_HOT && value < HOTLINT_SEVERITY_ERROR)
    value++;
  if (hotness == HOTLINT_COLD && value > HOTLINT_SEVERITY_HINT)
    value--;
  return (hotlint_severity)value;
}

static int compare_findings(const void *a, const void *b) {
  const hotlint_finding *left = a, *right = b;
  if (left->start.byte != right->start.byte)
    return left->start.byte < right->start.byte ? -1 : 1;
  return strcmp(left->code, right->code);
}

static void resolve_findings(hotlint_checker *checker, hotlint_result *result,
                             const hotlint_check_options *options) {
  hl_model *model = &checker->walker.model;
  const hl_ruleset *set = checker->engine->set;
  hl_model_resolve_functions(model, options ? options->hot_functions : NULL,
                             options ? options->hot_function_count : 0);
  hl_noqa file_noqa[8];
  size_t file_noqa_count;
  collect_file_noqa(model, file_noqa, &file_noqa_count, 8);

  for (size_t i = 0; i < model->pending.count; i++) {
    const hl_pending *pending = &model->pending.items[i];
    const hl_rule *rule = set->rules[pending->rule];
    if ((pending->context & rule->inside) != rule->inside ||
        (pending->context & rule->not_inside))
      continue;
    const char *reasons[6];
    size_t reason_count;
    hotlint_hotness hotness =
        hl_model_pending_hotness(model, pending, reasons, &reason_count, 6);
    bool hot_only = rule->info.hot_only;
    if (options && options->hot_only && options->hot_only[pending->rule] >= 0)
      hot_only = options->hot_only[pending->rule] > 0;
    if (hot_only && hotness != HOTLINT_HOT)
      continue;
    bool suppressed = false;
    for (size_t k = 0; k < file_noqa_count && !suppressed; k++)
      suppressed = hl_noqa_covers(&file_noqa[k], rule->info.code);
    uint32_t line = hl_line_of(&model->lines, pending->start_byte);
    if (!suppressed)
      suppressed = suppressed_on_line(model, line, rule->info.code);
    if (suppressed) {
      result->suppressed++;
      continue;
    }
    hotlint_finding finding;
    memset(&finding, 0, sizeof finding);
    finding.code = rule->info.code;
    finding.name = rule->info.name;
    finding.url = rule->info.url;
    finding.message = render_message(checker, result, rule, pending);
    finding.hotness = hotness;
    finding.severity = adjust_severity(rule->info.severity, hotness);
    finding.start = hl_position_at(&model->lines, model->source, model->length,
                                   pending->start_byte);
    finding.end = hl_position_at(&model->lines, model->source, model->length,
                                 pending->end_byte);
    const char **copied =
        hl_arena_alloc(&result->arena, sizeof(char *) * (reason_count + 1));
    for (size_t r = 0; r < reason_count; r++)
      copied[r] =
          hl_arena_strndup(&result->arena, reasons[r], strlen(reasons[r]));
    finding.reasons = copied;
    finding.reason_count = reason_count;
    if (pending->has_related) {
      hotlint_related *related =
          hl_arena_alloc(&result->arena, sizeof(hotlint_related));
      related->message =
          hl_arena_strndup(&result->arena, pending->related_message,
                           strlen(pending->related_message));
      related->start = hl_position_at(&model->lines, model->source,
                                      model->length, pending->related_start);
      related->end = hl_position_at(&model->lines, model->source, model->length,
                                    pending->related_end);
      finding.related = related;
      finding.related_count = 1;
    }
    finding.fix = build_fix(checker, result, rule, pending);
    if (pending->capture_count) {
      hotlint_capture *captures = hl_arena_alloc(
          &result->arena, sizeof(hotlint_capture) * pending->capture_count);
      for (uint32_t c = 0; c < pending->capture_count; c++) {
        const hl_capture *capture = &pending->captures[c];
        uint32_t length = capture->length < 4096 ? capture->length : 4096;
        captures[c].name = hl_arena_strndup(&result->arena, capture->name,
                                            strlen(capture->name));
        captures[c].text =
            hl_arena_strndup(&result->arena, capture->text ? capture->text : "",
                             capture->text ? length : 0);
      }
      finding.captures = captures;
      finding.capture_count = pending->capture_count;
    }
    hl_array_push(&result->findings, finding);
  }
  if (result->findings.count > 1)
    qsort(result->findings.items, result->findings.count,
          sizeof(hotlint_finding), compare_findings);
}

static void syntax_problem(hotlint_checker *checker, hotlint_result *result,
                           const char *source, size_t length) {
  const hl_walker *walker = &checker->walker;
  const hl_model *model = &walker->model;
  char message[160];
  uint32_t byte = walker->syntax_error_byte;
  if (walker->syntax_error_missing) {
    snprintf(message, sizeof message, "syntax error: missing '%s'",
             ts_language_symbol_name(checker->engine->set->syntax.language,
                                     walker->syntax_error_symbol));
  } else {
    uint32_t end = byte;
    while (end < length && end - byte < 20 && source[end] != '\n' &&
           source[end] != '\r')
      end++;
    unsigned char first = byte < length ? (unsigned char)source[byte] : 0;
    if (byte < length && (first < 0x20 || first == 0x7F))
      snprintf(message, sizeof message, "syntax error: unexpected byte 0x%02X",
               first);
    else if (end == byte)
      snprintf(message, sizeof message, "syntax error: unexpected end of line");
    else
      snprintf(message, sizeof message, "syntax error: unexpected '%.*s'",
               (int)(end - byte), source + byte);
  }
  add_problem(result, &model->lines, source, length, byte, message);
}

static void time_limit_problem(hotlint_result *result, const char *source,
                               unsigned limit_ms, const char *stage) {
  result->timed_out = true;
  char message[160];
  snprintf(message, sizeof message,
           "%s stopped at the time limit of %u ms per file "
           "(file-time-limit); no findings for this file",
           stage, limit_ms);
  add_file_problem(result, source, message);
}

/* After a complete walk of source: its problems (invalid UTF-8, NUL bytes,
 * the first syntax error, queries that did not compile) and its findings,
 * into result. */
static void report_buffer(hotlint_checker *checker, hotlint_result *result,
                          const char *source, size_t length,
                          const hotlint_check_options *options) {
  const hl_model *model = &checker->walker.model;
  size_t bad;
  if (!hl_utf8_validate(source, length, &bad)) {
    char message[96];
    snprintf(message, sizeof message, "invalid UTF-8 (byte 0x%02X)",
             (unsigned char)source[bad]);
    add_problem(result, &model->lines, source, length, (uint32_t)bad, message);
  }
  const char *nul = memchr(source, '\0', length);
  if (nul)
    add_problem(result, &model->lines, source, length, (uint32_t)(nul - source),
                "NUL byte: Python refuses source code that contains one");
  if (checker->walker.has_syntax_error)
    syntax_problem(checker, result, source, length);
  const char *query_error = hl_ruleset_query_error(checker->engine->set);
  if (query_error) { /* only built-in queries compile late; tests keep
                        them good, but say so rather than pass silently */
    hl_strbuf message = {0};
    hl_strbuf_printf(&message, "the rules' queries did not compile: %s",
                     query_error);
    add_problem(result, &model->lines, source, length, 0,
                hl_strbuf_cstr(&message));
    hl_strbuf_free(&message);
  }

  resolve_findings(checker, result, options);
}

/* Checks source; parses it reusing `old_tree` (edited to match it) when
 * given, or takes `parsed`, a tree already parsed from this very source.
 * The tree checked goes to *new_tree when asked for, else is deleted. */
static hotlint_result *check_buffer(hotlint_checker *checker, const char *path,
                                    const char *source, size_t length,
                                    const hotlint_check_options *options,
                                    const TSTree *old_tree,
                                    const TSTree *parsed, TSTree **new_tree) {
  const hl_ruleset *set = checker->engine->set;
  hotlint_result *result = hl_calloc(1, sizeof *result);
  hl_arena_reset(&checker->arena);

  if (length > UINT32_MAX) {
    add_file_problem(result, source, "file too large to analyse (over 4 GiB)");
    return result;
  }

  /* UTF-16 (or UTF-32) text is not Python source in any encoding CPython
   * reads (a coding declaration must be ASCII-compatible): one clear
   * problem instead of invalid UTF-8, NUL bytes and syntax errors. */
  const unsigned char *bytes = (const unsigned char *)source;
  if (length >= 2 && ((bytes[0] == 0xFF && bytes[1] == 0xFE) ||
                      (bytes[0] == 0xFE && bytes[1] == 0xFF))) {
    char message[160];
    snprintf(message, sizeof message,
             "UTF-16 text (it starts with the byte order mark %02X %02X): "
             "Python source must be UTF-8; not analysed",
             bytes[0], bytes[1]);
    add_file_problem(result, source, message);
    return result;
  }

  int target = options && options->target_minor ? options->target_minor : 11;
  for (size_t r = 0; r < set->rule_count; r++) {
    const hotlint_rule_info *info = &set->rules[r]->info;
    bool enabled = !options || !options->enabled || options->enabled[r];
    bool in_range = (!info->python_min || target >= info->python_min) &&
                    (!info->python_max || target < info->python_max);
    checker->active[r] = enabled && in_range;
  }

  unsigned limit_ms = options ? options->time_limit_ms : 0;
  uint64_t deadline = cpu_deadline_after(limit_ms);
  bool timed_out = false;
  TSTree *tree = parsed ? ts_tree_copy(parsed)
                        : parse_buffer(checker, old_tree, source,
                                       (uint32_t)length, deadline, &timed_out);
  if (!tree) {
    if (timed_out)
      time_limit_problem(result, source, limit_ms, "parsing");
    else
      add_file_problem(result, source, "the parser gave up on this file");
    return result;
  }
  checker->walker.deadline_ns = deadline;
  hl_walker_run(&checker->walker, tree, path, source, (uint32_t)length,
                &checker->arena, checker->active, target);
  if (checker->walker.timed_out) /* partial facts: no finding is sure */
    time_limit_problem(result, source, limit_ms, "analysis");
  else
    report_buffer(checker, result, source, length, options);
  if (new_tree)
    *new_tree = tree;
  else
    ts_tree_delete(tree);
  return result;
}

hotlint_result *hotlint_check(hotlint_checker *checker, const char *path,
                              const char *source, size_t length,
                              const hotlint_check_options *options) {
  return check_buffer(checker, path, source, length, options, NULL, NULL, NULL);
}

/* ---- Documents: edited buffers, re-parsed incrementally ------------------ */

struct hotlint_document {
  hl_strbuf text;
  TSTree *tree; /* of the text before the pending edits, edited to match */
  bool parsed;  /* tree was parsed from the current text: no edit since */
};

hotlint_document *hotlint_document_new(const char *text, size_t length) {
  hotlint_document *document = hl_calloc(1, sizeof *document);
  hl_strbuf_append(&document->text, text ? text : "", text ? length : 0);
  return document;
}

/* Parses the document's text into document->tree, incrementally, unless
 * the tree is current already; false when the parse was cancelled at
 * deadline_ns (thread CPU time, 0: none) or failed. */
static bool reparse_document(hotlint_checker *checker,
                             hotlint_document *document, uint64_t deadline_ns) {
  if (document->parsed)
    return true;
  size_t length = document->text.len;
  if (length > UINT32_MAX)
    return false;
  const char *text = length ? document->text.data : "";
  TSTree *tree = parse_buffer(checker, document->tree, text, (uint32_t)length,
                              deadline_ns, NULL);
  if (!tree)
    return false;
  if (document->tree)
    ts_tree_delete(document->tree);
  document->tree = tree;
  document->parsed = true;
  return true;
}

long hotlint_document_parse_only(hotlint_checker *checker,
                                 hotlint_document *document) {
  if (!reparse_document(checker, document, 0))
    return -1;
  return ts_node_has_error(ts_tree_root_node(document->tree)) ? 1 : 0;
}

bool hotlint_document_parse(hotlint_checker *checker,
                            hotlint_document *document,
                            const hotlint_check_options *options) {
  /* cancelled: the check parses again, and says so */
  return reparse_document(
      checker, document,
      cpu_deadline_after(options ? options->time_limit_ms : 0));
}

/* The start of the line holding text[at]. */
static size_t line_start_before(const char *text, size_t at) {
  while (at > 0 && text[at - 1] != '\n' && text[at - 1] != '\r')
    at--;
  return at;
}

/* The end of the line holding text[at] (its line break included). */
static size_t line_end_after(const char *text, size_t length, size_t at) {
  while (at < length && text[at] != '\n' && text[at] != '\r')
    at++;
  if (at < length && text[at] == '\r')
    at++;
  if (at < length && text[at] == '\n')
    at++;
  return at;
}

bool hotlint_document_edits_parse(hotlint_checker *checker,
                                  const hotlint_document *document,
                                  const hotlint_edit *edits, size_t count) {
  if (!count)
    return true;
  size_t length = document->text.len;
  const char *text = length ? document->text.data : "";
  uint32_t low = edits[0].start.byte, high = edits[count - 1].end.byte;
  if (!document->tree || high > length || low > high)
    return false;
  /* the top-level statements holding the first and the last edit, or the
   * lines around them where they fall between statements: statements at
   * the top level start at a line's start and need nothing before them */
  size_t from = line_start_before(text, low);
  size_t to = line_end_after(text, length, high);
  TSNode root = ts_tree_root_node(document->tree);
  TSNode first = ts_node_first_child_for_byte(root, low);
  if (!ts_node_is_null(first) && ts_node_start_byte(first) <= low &&
      ts_node_start_byte(first) < from)
    from = line_start_before(text, ts_node_start_byte(first));
  TSNode last = ts_node_first_child_for_byte(root, high ? high - 1 : 0);
  if (!ts_node_is_null(last) && ts_node_start_byte(last) < high &&
      ts_node_end_byte(last) > to)
    to = line_end_after(text, length, ts_node_end_byte(last));
  hl_strbuf snippet = {0};
  size_t cursor = from;
  for (size_t i = 0; i < count; i++) {
    uint32_t start = edits[i].start.byte, end = edits[i].end.byte;
    if (start < cursor || end < start) {
      hl_strbuf_free(&snippet);
      return false; /* not sorted and apart */
    }
    hl_strbuf_append(&snippet, text + cursor, start - cursor);
    hl_strbuf_puts(&snippet, edits[i].content);
    cursor = end;
  }
  hl_strbuf_append(&snippet, text + cursor, to - cursor);
  long errors =
      hotlint_parse_only(checker, hl_strbuf_cstr(&snippet), snippet.len);
  hl_strbuf_free(&snippet);
  return errors == 0;
}

void hotlint_document_delete(hotlint_document *document) {
  if (!document)
    return;
  hl_strbuf_free(&document->text);
  if (document->tree)
    ts_tree_delete(document->tree);
  hl_free(document);
}

const char *hotlint_document_text(const hotlint_document *document,
                                  size_t *length) {
  *length = document->text.len;
  return document->text.len ? document->text.data : "";
}

/* The point `length` bytes of `text` after `from` (tree-sitter's points:
 * rows split at '\n' only, columns in bytes). */
/* The point after text[0..length) starting at `from`, with lines ended as
 * the parser sees them (LF, CRLF, and a lone CR: see read_source);
 * `next` is the byte after the text (0 at the end), which decides whether
 * a CR at its very end is lone. */
static TSPoint point_after(TSPoint from, const char *text, size_t length,
                           char next) {
  const char *end = text + length;
  if (!memchr(text, '\r', length)) {
    for (const char *p = memchr(text, '\n', length); p;
         p = memchr(p + 1, '\n', (size_t)(end - p - 1))) {
      from.row++;
      from.column = 0;
      text = p + 1;
      if (p + 1 >= end)
        break;
    }
    from.column += (uint32_t)(end - text);
    return from;
  }
  for (const char *p = text; p < end; p++) {
    char after = p + 1 < end ? p[1] : next;
    if (*p == '\n' || (*p == '\r' && after != '\n')) {
      from.row++;
      from.column = 0;
    } else {
      from.column++;
    }
  }
  return from;
}

bool hotlint_document_edit(hotlint_document *document, size_t start, size_t end,
                           const char *text, size_t length) {
  size_t old_length = document->text.len;
  if (start > end || end > old_length || length > UINT32_MAX ||
      old_length - (end - start) + length > UINT32_MAX)
    return false;
  const char *old_text = document->text.len ? document->text.data : "";
  /* A CR just before the edit may stop or start being lone (an LF inserted
   * after it, or removed): for the parser that byte changes too, so the
   * tree's edit starts there. */
  size_t from = start > 0 && old_text[start - 1] == '\r' ? start - 1 : start;
  TSInputEdit edit;
  edit.start_byte = (uint32_t)from;
  edit.old_end_byte = (uint32_t)end;
  edit.new_end_byte = (uint32_t)(start + length);
  TSPoint origin = {0, 0};
  edit.start_point = point_after(origin, old_text, from,
                                 from < old_length ? old_text[from] : 0);
  edit.old_end_point =
      point_after(edit.start_point, old_text + from, end - from,
                  end < old_length ? old_text[end] : 0);
  hl_strbuf_splice(&document->text, start, end, text, length);
  const char *new_text = document->text.len ? document->text.data : "";
  size_t new_end = start + length;
  edit.new_end_point =
      point_after(edit.start_point, new_text + from, new_end - from,
                  new_end < document->text.len ? new_text[new_end] : 0);
  if (document->tree)
    ts_tree_edit(document->tree, &edit);
  document->parsed = false;
  return true;
}

hotlint_result *hotlint_check_document(hotlint_checker *checker,
                                       hotlint_document *document,
                                       const char *path,
                                       const hotlint_check_options *options) {
  size_t length;
  const char *text = hotlint_document_text(document, &length);
  TSTree *tree = NULL;
  hotlint_result *result =
      check_buffer(checker, path, text, length, options,
                   document->parsed ? NULL : document->tree,
                   document->parsed ? document->tree : NULL, &tree);
  if (tree) {
    if (document->tree)
      ts_tree_delete(document->tree);
    document->tree = tree;
    document->parsed = true;
  }
  return result;
}

void hotlint_result_delete(hotlint_result *result) {
  if (!result)
    return;
  hl_arena_free(&result->arena);
  hl_array_free(&result->findings);
  hl_array_free(&result->problems);
  hl_free(result);
}

char *hotlint_benchmark_script(const hotlint_engine *engine,
                               const hotlint_finding *finding, size_t *length) {
  const hl_ruleset *set = engine->set;
  const hl_rule *rule = NULL;
  for (size_t r = 0; set && r < set->rule_count && !rule; r++)
    if (!strcmp(set->rules[r]->info.code, finding->code))
      rule = set->rules[r];
  if (!rule || !rule->benchmark.present)
    return NULL;
  hl_bench_capture *captures =
      hl_calloc(finding->capture_count + 1, sizeof *captures);
  for (size_t c = 0; c < finding->capture_count; c++) {
    captures[c].name = finding->captures[c].name;
    captures[c].text = finding->captures[c].text;
    captures[c].length = (uint32_t)strlen(finding->captures[c].text);
  }
  hl_strbuf script = {0};
  hl_bench_script(rule->info.code, &rule->benchmark, captures,
                  finding->capture_count, &script);
  hl_free(captures);
  *length = script.len;
  return hl_strbuf_detach(&script);
}

size_t hotlint_result_count(const hotlint_result *result) {
  return result->findings.count;
}

const hotlint_finding *hotlint_result_finding(const hotlint_result *result,
                                              size_t index) {
  return index < result->findings.count ? &result->findings.items[index] : NULL;
}

size_t hotlint_result_problem_count(const hotlint_result *result) {
  return result->problems.count;
}

const hotlint_problem *hotlint_result_problem(const hotlint_result *result,
                                              size_t index) {
  return index < result->problems.count ? &result->problems.items[index] : NULL;
}

size_t hotlint_result_suppressed_count(const hotlint_result *result) {
  return result->suppressed;
}

bool hotlint_result_timed_out(const hotlint_result *result) {
  return result->timed_out;
}
