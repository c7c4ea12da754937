/* The `gitlab` output format: a GitLab Code Quality report, the JSON array
 * a job publishes as `artifacts: reports: codequality`, one object per
 * finding:
 *   {"description": "HOT201 `text` is grown ...", "check_name": "HOT201",
 *    "fingerprint": "9f0c...", "severity": "major",
 *    "location": {"path": "app.py", "lines": {"begin": 4, "end": 4}},
 *    "categories": ["Performance"], "type": "issue",
 *    "engine_name": "hotlint"}
 * Severity from the finding's (hotness-adjusted) severity: hint → info,
 * info → minor, warning → major, error → critical. The fingerprint stays
 * the same when lines are added above the finding (hl_emit_fingerprint),
 * which is how GitLab tells new findings from old ones. Paths relative to
 * the working directory. */
#include "report/emit_internal.h"

#include "base/alloc.h"

#include <jansson.h>
#include <stdlib.h>
#include <string.h>

typedef struct gitlab_state {
  hl_fingerprints *fingerprints;
  size_t written;
} gitlab_state;

static void gitlab_create(hl_emitter *emitter) {
  gitlab_state *state = hl_calloc(1, sizeof *state);
  state->fingerprints = hl_fingerprints_new();
  emitter->state = state;
}

static void gitlab_destroy(hl_emitter *emitter) {
  gitlab_state *state = emitter->state;
  hl_fingerprints_delete(state->fingerprints);
  hl_free(state);
}

static const char *severity_of(hotlint_severity severity) {
  switch (severity) {
  case HOTLINT_SEVERITY_ERROR:
    return "critical";
  case HOTLINT_SEVERITY_WARNING:
    return "major";
  case HOTLINT_SEVERITY_INFO:
    return "minor";
  default:
    return "info";
  }
}

static void gitlab_begin(hl_emitter *emitter) {
  fputs("[", emitter->settings.out);
}

static void gitlab_file(hl_emitter *emitter, const char *path,
                        const char *source, size_t length,
                        const hotlint_finding *const *findings, size_t count) {
  gitlab_state *state = emitter->state;
  const char *relative = hl_emit_relative_path(emitter, path);
  for (size_t i = 0; i < count; i++) {
    const hotlint_finding *f = findings[i];
    char fingerprint[33];
    hl_emit_fingerprint(state->fingerprints, relative, source, length, f,
                        fingerprint);
    hl_strbuf description = {0};
    hl_strbuf_printf(&description, "%s %s [%s]", f->code, f->message,
                     hotlint_hotness_name(f->hotness));
    if (f->benchmark) {
      char sentence[HL_BENCHMARK_SENTENCE_SIZE];
      hl_emit_benchmark_sentence(sentence, sizeof sentence, f->benchmark);
      hl_strbuf_printf(&description, " [%s]", sentence);
    }
    json_t *object = json_object();
    json_object_set_new(object, "description",
                        hl_emit_json_string(hl_strbuf_cstr(&description)));
    json_object_set_new(object, "check_name", json_string(f->code));
    json_object_set_new(object, "fingerprint", json_string(fingerprint));
    json_object_set_new(object, "severity",
                        json_string(severity_of(f->severity)));
    json_t *lines = json_object();
    json_object_set_new(lines, "begin", json_integer(f->start.line));
    json_object_set_new(lines, "end", json_integer(f->end.line));
    json_t *location = json_object();
    json_object_set_new(location, "path", hl_emit_json_string(relative));
    json_object_set_new(location, "lines", lines);
    json_object_set_new(object, "location", location);
    json_t *categories = json_array();
    json_array_append_new(categories, json_string("Performance"));
    json_object_set_new(object, "categories", categories);
    json_object_set_new(object, "type", json_string("issue"));
    json_object_set_new(object, "engine_name", json_string("hotlint"));
    char *text = json_dumps(object, JSON_INDENT(2) | JSON_PRESERVE_ORDER);
    json_decref(object);
    hl_strbuf_free(&description);
    if (!text)
      continue;
    FILE *out = emitter->settings.out;
    fputs(state->written++ ? ",\n" : "\n", out);
    /* indent the object by two spaces inside the array */
    fputs("  ", out);
    for (const char *p = text; *p; p++) {
      fputc(*p, out);
      if (*p == '\n')
        fputs("  ", out);
    }
    free(text);
  }
}

static void gitlab_end(hl_emitter *emitter, const hl_emit_summary *summary) {
  (void)summary;
  gitlab_state *state = emitter->state;
  fputs(state->written ? "\n]\n" : "]\n", emitter->settings.out);
}

const hl_emitter_ops hl_emit_gitlab_ops = {
    .create = gitlab_create,
    .begin = gitlab_begin,
    .file = gitlab_file,
    .end = gitlab_end,
    .destroy = gitlab_destroy,
};
