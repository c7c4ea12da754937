/* `--statistics`: instead of the findings, the number of findings per rule,
 * most frequent first (ties by code), ruff style:
 *    12	HOT101	import-in-function
 * After --bench, each rule's benchmark verdicts follow, counted:
 *    3	HOT104	method-alias-in-function	refuted 2, no-effect 1
 * With --output-format json, a JSON array of {code, name, count} (and
 * `benchmarks`: {confirmed, refuted, no-effect, error} after --bench).
 * Nothing is written when there are no findings. */
#include "report/emit_internal.h"

#include "base/alloc.h"
#include "base/array.h"

#include <jansson.h>
#include <stdlib.h>
#include <string.h>

typedef struct rule_count {
  char *code; /* owned copies: the findings are freed after each file */
  char *name;
  size_t count;
  size_t verdicts[4]; /* benchmarked findings, by hotlint_verdict */
  bool benchmarked;
} rule_count;

typedef struct statistics_state {
  HL_ARRAY(rule_count) rules;
} statistics_state;

static void statistics_create(hl_emitter *emitter) {
  emitter->state = hl_calloc(1, sizeof(statistics_state));
}

static void statistics_destroy(hl_emitter *emitter) {
  statistics_state *state = emitter->state;
  for (size_t i = 0; i < state->rules.count; i++) {
    hl_free(state->rules.items[i].code);
    hl_free(state->rules.items[i].name);
  }
  hl_array_free(&state->rules);
  hl_free(state);
}

static void statistics_file(hl_emitter *emitter, const char *path,
                            const char *source, size_t length,
                            const hotlint_finding *const *findings,
                            size_t count) {
  (void)path;
  (void)source;
  (void)length;
  statistics_state *state = emitter->state;
  for (size_t i = 0; i < count; i++) {
    const hotlint_finding *f = findings[i];
    size_t r = 0;
    while (r < state->rules.count &&
           strcmp(state->rules.items[r].code, f->code))
      r++;
    if (r == state->rules.count) {
      rule_count added = {
          hl_strdup(f->code), hl_strdup(f->name), 0, {0}, false};
      hl_array_push(&state->rules, added);
    }
    state->rules.items[r].count++;
    if (f->benchmark && (unsigned)f->benchmark->verdict < 4) {
      state->rules.items[r].verdicts[f->benchmark->verdict]++;
      state->rules.items[r].benchmarked = true;
    }
  }
}

static int compare_counts(const void *a, const void *b) {
  const rule_count *x = a, *y = b;
  if (x->count != y->count)
    return x->count > y->count ? -1 : 1;
  return strcmp(x->code, y->code);
}

static void put_json(FILE *out, const statistics_state *state) {
  json_t *array = json_array();
  for (size_t i = 0; i < state->rules.count; i++) {
    const rule_count *rule = &state->rules.items[i];
    json_t *object = json_object();
    json_object_set_new(object, "code", json_string(rule->code));
    json_object_set_new(object, "name", json_string(rule->name));
    json_object_set_new(object, "count", json_integer((json_int_t)rule->count));
    if (rule->benchmarked) {
      json_t *verdicts = json_object();
      for (int v = 0; v < 4; v++)
        json_object_set_new(verdicts, hotlint_verdict_name((hotlint_verdict)v),
                            json_integer((json_int_t)rule->verdicts[v]));
      json_object_set_new(object, "benchmarks", verdicts);
    }
    json_array_append_new(array, object);
  }
  char *text = json_dumps(array, JSON_INDENT(2) | JSON_PRESERVE_ORDER);
  json_decref(array);
  if (text) {
    fprintf(out, "%s\n", text);
    free(text);
  }
}

static void statistics_end(hl_emitter *emitter,
                           const hl_emit_summary *summary) {
  (void)summary;
  statistics_state *state = emitter->state;
  FILE *out = emitter->settings.out;
  if (state->rules.count > 1)
    qsort(state->rules.items, state->rules.count, sizeof(rule_count),
          compare_counts);
  if (emitter->settings.format == HL_OUTPUT_JSON) {
    put_json(out, state);
    return;
  }
  int count_width = 1, code_width = 1;
  for (size_t i = 0; i < state->rules.count; i++) {
    int w = snprintf(NULL, 0, "%zu", state->rules.items[i].count);
    if (w > count_width)
      count_width = w;
    int c = (int)strlen(state->rules.items[i].code);
    if (c > code_width)
      code_width = c;
  }
  hl_emit_style style = hl_emit_style_get(emitter->settings.color);
  for (size_t i = 0; i < state->rules.count; i++) {
    const rule_count *rule = &state->rules.items[i];
    fprintf(out, "%*zu\t%s%-*s%s\t%s", count_width, rule->count, style.code,
            code_width, rule->code, style.reset, rule->name);
    const char *separator = "\t";
    for (int v = 0; v < 4 && rule->benchmarked; v++) {
      if (!rule->verdicts[v])
        continue;
      fprintf(out, "%s%s %zu", separator,
              hotlint_verdict_name((hotlint_verdict)v), rule->verdicts[v]);
      separator = ", ";
    }
    fputc('\n', out);
  }
}

const hl_emitter_ops hl_emit_statistics_ops = {
    .create = statistics_create,
    .file = statistics_file,
    .end = statistics_end,
    .destroy = statistics_destroy,
};
