/* The `json` and `jsonl` output formats. `json`: a JSON array of one object
 * per finding, shaped
 * like ruff's (code, name, message, severity, filename, location,
 * end_location, fix {message, applicability, edits}, url, noqa_row) plus
 * hotness {level, reasons}, related locations and benchmark. Streamed: "["
 * before the first object, each object dumped by jansson as its file comes, "]"
 * at the end, so memory does not grow with the number of findings; "[]" when
 * there are none. Strings that are not valid UTF-8 get U+FFFD for the bad bytes
 * so the output is always valid JSON. Rows and columns are 1-based, columns in
 * code points. `jsonl`: the same objects, compact, one per line (JSON
 * Lines), nothing when there are no findings. */
#include "report/emit_internal.h"

#include "base/alloc.h"

#include <jansson.h>
#include <stdlib.h>
#include <string.h>

typedef struct json_state {
  size_t written; /* objects so far */
} json_state;

static json_t *location_value(const hotlint_position *position) {
  json_t *location = json_object();
  json_object_set_new(location, "row", json_integer(position->line));
  json_object_set_new(location, "column", json_integer(position->column));
  return location;
}

/* ruff's fix object: message, applicability, edits with content and
 * locations; null when the finding has no fix. */
static json_t *fix_value(const hotlint_fix *fix) {
  if (!fix)
    return json_null();
  json_t *object = json_object();
  json_object_set_new(object, "message", hl_emit_json_string(fix->message));
  json_object_set_new(
      object, "applicability",
      json_string(hotlint_applicability_name(fix->applicability)));
  json_t *edits = json_array();
  for (size_t i = 0; i < fix->edit_count; i++) {
    json_t *edit = json_object();
    json_object_set_new(edit, "content",
                        hl_emit_json_string(fix->edits[i].content));
    json_object_set_new(edit, "location", location_value(&fix->edits[i].start));
    json_object_set_new(edit, "end_location",
                        location_value(&fix->edits[i].end));
    json_array_append_new(edits, edit);
  }
  json_object_set_new(object, "edits", edits);
  return object;
}

static json_t *samples_value(const double *samples, size_t count) {
  json_t *array = json_array();
  for (size_t i = 0; i < count; i++)
    json_array_append_new(array, json_real(samples[i]));
  return array;
}

/* A finding's benchmark: the headline figures, then every size with its
 * samples (ns per call); null when none ran. */
json_t *hl_emit_benchmark_json(const hotlint_benchmark *b) {
  if (!b)
    return json_null();
  json_t *object = json_object();
  bool measured = b->verdict != HOTLINT_VERDICT_ERROR;
  json_object_set_new(object, "status",
                      json_string(hotlint_verdict_name(b->verdict)));
  json_object_set_new(object, "speedup",
                      measured ? json_real(b->speedup) : json_null());
  json_object_set_new(object, "ci_low",
                      measured ? json_real(b->ci_low) : json_null());
  json_object_set_new(object, "ci_high",
                      measured ? json_real(b->ci_high) : json_null());
  json_object_set_new(object, "before_ns",
                      measured ? json_real(b->before_ns) : json_null());
  json_object_set_new(object, "after_ns",
                      measured ? json_real(b->after_ns) : json_null());
  json_object_set_new(object, "python", hl_emit_json_string(b->python));
  json_object_set_new(object, "size", json_integer(b->size));
  json_object_set_new(object, "error",
                      b->error ? hl_emit_json_string(b->error) : json_null());
  json_t *sizes = json_array();
  for (size_t i = 0; i < b->size_count; i++) {
    const hotlint_benchmark_size *s = &b->sizes[i];
    bool ok = s->verdict != HOTLINT_VERDICT_ERROR;
    json_t *item = json_object();
    json_object_set_new(item, "size", json_integer(s->size));
    json_object_set_new(item, "status",
                        json_string(hotlint_verdict_name(s->verdict)));
    json_object_set_new(item, "speedup",
                        ok ? json_real(s->speedup) : json_null());
    json_object_set_new(item, "ci_low",
                        ok ? json_real(s->ci_low) : json_null());
    json_object_set_new(item, "ci_high",
                        ok ? json_real(s->ci_high) : json_null());
    json_object_set_new(item, "before_ns",
                        ok ? json_real(s->before_median_ns) : json_null());
    json_object_set_new(item, "after_ns",
                        ok ? json_real(s->after_median_ns) : json_null());
    json_object_set_new(item, "loops", json_integer((json_int_t)s->loops));
    json_object_set_new(item, "before_samples_ns",
                        samples_value(s->before_ns, s->sample_count));
    json_object_set_new(item, "after_samples_ns",
                        samples_value(s->after_ns, s->sample_count));
    json_object_set_new(item, "error",
                        s->error ? hl_emit_json_string(s->error) : json_null());
    json_array_append_new(sizes, item);
  }
  json_object_set_new(object, "sizes", sizes);
  return object;
}

static json_t *finding_value(const char *path, const hotlint_finding *f) {
  json_t *object = json_object();
  json_object_set_new(object, "code", hl_emit_json_string(f->code));
  json_object_set_new(object, "name", hl_emit_json_string(f->name));
  json_object_set_new(object, "message", hl_emit_json_string(f->message));
  json_object_set_new(object, "severity",
                      json_string(hotlint_severity_name(f->severity)));
  json_object_set_new(object, "filename", hl_emit_json_string(path));
  json_object_set_new(object, "location", location_value(&f->start));
  json_object_set_new(object, "end_location", location_value(&f->end));
  json_object_set_new(object, "fix", fix_value(f->fix));
  json_object_set_new(object, "url", hl_emit_json_string(f->url));

  json_t *hotness = json_object();
  json_object_set_new(hotness, "level",
                      json_string(hotlint_hotness_name(f->hotness)));
  json_t *reasons = json_array();
  for (size_t i = 0; i < f->reason_count; i++)
    json_array_append_new(reasons, hl_emit_json_string(f->reasons[i]));
  json_object_set_new(hotness, "reasons", reasons);
  json_object_set_new(object, "hotness", hotness);

  json_t *related = json_array();
  for (size_t i = 0; i < f->related_count; i++) {
    const hotlint_related *rel = &f->related[i];
    json_t *item = json_object();
    json_object_set_new(item, "message", hl_emit_json_string(rel->message));
    json_object_set_new(item, "location", location_value(&rel->start));
    json_object_set_new(item, "end_location", location_value(&rel->end));
    json_array_append_new(related, item);
  }
  json_object_set_new(object, "related", related);
  json_object_set_new(object, "benchmark",
                      hl_emit_benchmark_json(f->benchmark));
  json_object_set_new(object, "noqa_row", json_integer(f->start.line));
  return object;
}

/* Writes `text` with every line indented by two spaces (newlines inside
 * JSON strings are escaped, so every raw newline is structure). */
static void put_indented(FILE *out, const char *text) {
  fputs("  ", out);
  for (const char *p = text; *p; p++) {
    fputc(*p, out);
    if (*p == '\n')
      fputs("  ", out);
  }
}

static void json_create(hl_emitter *emitter) {
  emitter->state = hl_calloc(1, sizeof(json_state));
}

static void json_destroy(hl_emitter *emitter) {
  hl_free(emitter->state);
}

static void json_file(hl_emitter *emitter, const char *path, const char *source,
                      size_t length, const hotlint_finding *const *findings,
                      size_t count) {
  (void)source;
  (void)length;
  json_state *state = emitter->state;
  FILE *out = emitter->settings.out;
  for (size_t i = 0; i < count; i++) {
    json_t *object = finding_value(path, findings[i]);
    char *text = json_dumps(object, JSON_INDENT(2) | JSON_PRESERVE_ORDER);
    json_decref(object);
    if (!text)
      continue; /* only on allocation failure inside jansson */
    fputs(state->written == 0 ? "[\n" : ",\n", out);
    put_indented(out, text);
    free(text); /* jansson allocates with malloc */
    state->written++;
  }
}

static void json_end(hl_emitter *emitter, const hl_emit_summary *summary) {
  (void)summary;
  json_state *state = emitter->state;
  fputs(state->written == 0 ? "[]\n" : "\n]\n", emitter->settings.out);
}

const hl_emitter_ops hl_emit_json_ops = {
    .create = json_create,
    .file = json_file,
    .end = json_end,
    .destroy = json_destroy,
};

static void jsonl_file(hl_emitter *emitter, const char *path,
                       const char *source, size_t length,
                       const hotlint_finding *const *findings, size_t count) {
  (void)source;
  (void)length;
  FILE *out = emitter->settings.out;
  for (size_t i = 0; i < count; i++) {
    json_t *object = finding_value(path, findings[i]);
    char *text = json_dumps(object, JSON_COMPACT | JSON_PRESERVE_ORDER);
    json_decref(object);
    if (!text)
      continue; /* only on allocation failure inside jansson */
    fputs(text, out);
    fputc('\n', out);
    free(text);
  }
}

const hl_emitter_ops hl_emit_jsonl_ops = {
    .file = jsonl_file,
};
