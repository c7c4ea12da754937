/* The `sarif` output format: one SARIF 2.1.0 log, as code scanning reads
 * it (GitHub's upload-sarif, GitLab, Azure DevOps). One run: the tool
 * (`hotlint`, its version, every loaded rule with its descriptions, Markdown
 * help, documentation link and default level), the base `%SRCROOT%` (the
 * working directory), and one result per finding: rule id and index,
 * level, message, the location relative to `%SRCROOT%` (1-based lines and
 * columns, columns in Unicode code points as `columnKind` says, the end
 * one past the last character as SARIF counts), related locations, a
 * partial fingerprint that stays the same when lines are added above the
 * finding, and the hotness, its reasons and the benchmark in `properties`.
 *
 * SARIF is one JSON document, so results are collected and the log is
 * written at the end. Validated in the test suite by Microsoft's SARIF
 * Multitool (tests/cli/sarif.sh). */
#include "report/emit_internal.h"

#include "base/alloc.h"

#include <stdlib.h>
#include <string.h>

typedef struct sarif_state {
  json_t *results;
  hl_fingerprints *fingerprints;
} sarif_state;

/* A JSON string; "" for NULL (SARIF wants strings where hotlint may have
 * nothing to say). */
static json_t *text_value(const char *text) {
  return hl_emit_json_string(text ? text : "");
}

/* A message as SARIF's validator wants it: a sentence ending in a period. */
static json_t *message_value(const char *text) {
  hl_strbuf sentence = {0};
  hl_strbuf_puts(&sentence, text ? text : "");
  size_t n = sentence.len;
  const char *s = hl_strbuf_cstr(&sentence);
  if (n == 0 || (s[n - 1] != '.' && s[n - 1] != '!' && s[n - 1] != '?'))
    hl_strbuf_putc(&sentence, '.');
  json_t *message = json_object();
  json_object_set_new(message, "text", text_value(hl_strbuf_cstr(&sentence)));
  hl_strbuf_free(&sentence);
  return message;
}

static const char *level_of(hotlint_severity severity) {
  switch (severity) {
  case HOTLINT_SEVERITY_ERROR:
    return "error";
  case HOTLINT_SEVERITY_WARNING:
    return "warning";
  default:
    return "note";
  }
}

/* A relative path as a URI reference: every byte but the unreserved ones
 * and '/' percent-encoded. */
static void put_uri_path(hl_strbuf *out, const char *path) {
  static const char hex[] = "0123456789ABCDEF";
  for (const unsigned char *p = (const unsigned char *)path; *p; p++) {
    if ((*p >= 'a' && *p <= 'z') || (*p >= 'A' && *p <= 'Z') ||
        (*p >= '0' && *p <= '9') || strchr("-._~/", *p))
      hl_strbuf_putc(out, (char)*p);
    else {
      hl_strbuf_putc(out, '%');
      hl_strbuf_putc(out, hex[*p >> 4]);
      hl_strbuf_putc(out, hex[*p & 15]);
    }
  }
}

/* source[start..end) as a snippet: {"text": ...}, at most 4 KiB. */
static json_t *snippet(const char *source, size_t length, size_t start,
                       size_t end) {
  if (end > length)
    end = length;
  if (start > end)
    start = end;
  if (end - start > 4096)
    end = start + 4096;
  char *text = hl_strndup(source + start, end - start);
  json_t *object = json_object();
  json_object_set_new(object, "text", text_value(text));
  hl_free(text);
  return object;
}

static json_t *physical_location(const char *relative,
                                 const hotlint_position *start,
                                 const hotlint_position *end,
                                 const char *source, size_t length) {
  hl_strbuf uri = {0};
  put_uri_path(&uri, relative);
  json_t *artifact = json_object();
  json_object_set_new(artifact, "uri", json_string(hl_strbuf_cstr(&uri)));
  json_object_set_new(artifact, "uriBaseId", json_string("%SRCROOT%"));
  hl_strbuf_free(&uri);
  json_t *region = json_object();
  json_object_set_new(region, "startLine", json_integer(start->line));
  json_object_set_new(region, "startColumn", json_integer(start->column));
  json_object_set_new(region, "endLine", json_integer(end->line));
  json_object_set_new(region, "endColumn", json_integer(end->column));
  json_t *context = NULL;
  if (source && start->byte <= length) {
    json_object_set_new(region, "snippet",
                        snippet(source, length, start->byte, end->byte));
    /* the context: the whole lines of the region, one more on each side */
    size_t first = start->byte - start->line_byte, last = end->byte;
    uint32_t first_line = start->line, last_line = end->line;
    if (first > 0) {
      first--; /* the newline ending the line before */
      while (first > 0 && source[first - 1] != '\n')
        first--;
      first_line--;
    }
    while (last < length && source[last] != '\n')
      last++;                /* the end of the region's last line */
    if (last + 1 < length) { /* and the line after it, if there is one */
      last++;
      while (last < length && source[last] != '\n')
        last++;
      last_line++;
    }
    context = json_object();
    json_object_set_new(context, "startLine", json_integer(first_line));
    json_object_set_new(context, "endLine", json_integer(last_line));
    json_object_set_new(context, "snippet",
                        snippet(source, length, first, last));
  }
  json_t *physical = json_object();
  json_object_set_new(physical, "artifactLocation", artifact);
  json_object_set_new(physical, "region", region);
  if (context)
    json_object_set_new(physical, "contextRegion", context);
  json_t *location = json_object();
  json_object_set_new(location, "physicalLocation", physical);
  return location;
}

static void sarif_create(hl_emitter *emitter) {
  sarif_state *state = hl_calloc(1, sizeof *state);
  state->results = json_array();
  state->fingerprints = hl_fingerprints_new();
  emitter->state = state;
}

static void sarif_destroy(hl_emitter *emitter) {
  sarif_state *state = emitter->state;
  json_decref(state->results);
  hl_fingerprints_delete(state->fingerprints);
  hl_free(state);
}

static void sarif_file(hl_emitter *emitter, const char *path,
                       const char *source, size_t length,
                       const hotlint_finding *const *findings, size_t count) {
  sarif_state *state = emitter->state;
  const char *relative = hl_emit_relative_path(emitter, path);
  for (size_t i = 0; i < count; i++) {
    const hotlint_finding *f = findings[i];
    json_t *result = json_object();
    json_object_set_new(result, "ruleId", json_string(f->code));
    long index =
        emitter->settings.engine
            ? hotlint_engine_find_rule(emitter->settings.engine, f->code)
            : -1;
    if (index >= 0)
      json_object_set_new(result, "ruleIndex", json_integer(index));
    json_object_set_new(result, "level", json_string(level_of(f->severity)));
    json_object_set_new(result, "message", message_value(f->message));
    json_t *locations = json_array();
    json_array_append_new(
        locations,
        physical_location(relative, &f->start, &f->end, source, length));
    json_object_set_new(result, "locations", locations);
    if (f->related_count) {
      json_t *related = json_array();
      for (size_t r = 0; r < f->related_count; r++) {
        json_t *location = physical_location(
            relative, &f->related[r].start, &f->related[r].end, source, length);
        json_object_set_new(location, "id", json_integer((json_int_t)r));
        json_object_set_new(location, "message",
                            message_value(f->related[r].message));
        json_array_append_new(related, location);
      }
      json_object_set_new(result, "relatedLocations", related);
    }
    char fingerprint[33];
    hl_emit_fingerprint(state->fingerprints, relative, source, length, f,
                        fingerprint);
    json_t *fingerprints = json_object();
    json_object_set_new(fingerprints, "hotlint/v1", json_string(fingerprint));
    json_object_set_new(result, "partialFingerprints", fingerprints);
    json_t *properties = json_object();
    json_object_set_new(properties, "hotness",
                        json_string(hotlint_hotness_name(f->hotness)));
    json_t *reasons = json_array();
    for (size_t r = 0; r < f->reason_count; r++)
      json_array_append_new(reasons, text_value(f->reasons[r]));
    json_object_set_new(properties, "hotnessReasons", reasons);
    if (f->benchmark)
      json_object_set_new(properties, "benchmark",
                          hl_emit_benchmark_json(f->benchmark));
    json_object_set_new(result, "properties", properties);
    json_array_append_new(state->results, result);
  }
}

static json_t *rule_descriptor(const hotlint_rule_info *rule) {
  json_t *descriptor = json_object();
  json_object_set_new(descriptor, "id", json_string(rule->code));
  /* SARIF's friendly name is one Pascal-case word: string-concat-in-loop
     becomes StringConcatInLoop */
  hl_strbuf name = {0};
  bool upper = true;
  for (const char *p = rule->name; p && *p; p++) {
    if (*p == '-' || *p == '_' || *p == ' ') {
      upper = true;
      continue;
    }
    hl_strbuf_putc(
        &name, upper && *p >= 'a' && *p <= 'z' ? (char)(*p - 'a' + 'A') : *p);
    upper = false;
  }
  json_object_set_new(descriptor, "name", text_value(hl_strbuf_cstr(&name)));
  hl_strbuf_free(&name);
  json_object_set_new(descriptor, "shortDescription",
                      message_value(rule->summary));
  /* the full description: the summary and what the rule reports, in
     plain text (the Markdown explanation is the help) */
  hl_strbuf full = {0};
  hl_strbuf_printf(&full, "%s (%s rule%s; reports at severity %s",
                   rule->summary ? rule->summary : rule->name,
                   rule->category ? rule->category : "performance",
                   rule->hot_only ? ", hot code only" : "",
                   hotlint_severity_name(rule->severity));
  if (rule->python_min || rule->python_max) {
    hl_strbuf_puts(&full, ", for Python");
    if (rule->python_min)
      hl_strbuf_printf(&full, " 3.%d or later", rule->python_min);
    if (rule->python_max)
      hl_strbuf_printf(&full, "%s before 3.%d", rule->python_min ? " and" : "",
                       rule->python_max);
  }
  hl_strbuf_puts(&full, ")");
  json_object_set_new(descriptor, "fullDescription",
                      message_value(hl_strbuf_cstr(&full)));
  hl_strbuf_free(&full);
  json_t *help = json_object();
  const char *explanation = rule->explanation ? rule->explanation : "";
  json_object_set_new(help, "text", text_value(explanation));
  json_object_set_new(help, "markdown", text_value(explanation));
  json_object_set_new(descriptor, "help", help);
  if (rule->url)
    json_object_set_new(descriptor, "helpUri", text_value(rule->url));
  json_t *configuration = json_object();
  json_object_set_new(configuration, "level",
                      json_string(level_of(rule->severity)));
  json_object_set_new(descriptor, "defaultConfiguration", configuration);
  json_t *properties = json_object();
  json_object_set_new(properties, "hotlintName", text_value(rule->name));
  json_t *tags = json_array();
  json_array_append_new(tags, json_string("performance"));
  if (rule->category && strcmp(rule->category, "performance") != 0)
    json_array_append_new(tags, text_value(rule->category));
  json_object_set_new(properties, "tags", tags);
  json_object_set_new(descriptor, "properties", properties);
  return descriptor;
}

/* "file:///work/dir/": the working directory as a URI ending in '/'. */
static json_t *directory_uri(const char *directory) {
  hl_strbuf uri = {0};
  hl_strbuf_puts(&uri, "file://");
  put_uri_path(&uri, directory);
  if (uri.len == 0 || hl_strbuf_cstr(&uri)[uri.len - 1] != '/')
    hl_strbuf_putc(&uri, '/');
  json_t *value = json_string(hl_strbuf_cstr(&uri));
  hl_strbuf_free(&uri);
  return value;
}

static void sarif_end(hl_emitter *emitter, const hl_emit_summary *summary) {
  sarif_state *state = emitter->state;
  const hotlint_engine *engine = emitter->settings.engine;
  json_t *driver = json_object();
  json_object_set_new(driver, "name", json_string("hotlint"));
  json_object_set_new(driver, "version", json_string(HOTLINT_VERSION));
  json_object_set_new(driver, "semanticVersion", json_string(HOTLINT_VERSION));
  if (emitter->settings.information_uri)
    json_object_set_new(driver, "informationUri",
                        text_value(emitter->settings.information_uri));
  json_t *rules = json_array();
  size_t rule_count = engine ? hotlint_engine_rule_count(engine) : 0;
  for (size_t i = 0; i < rule_count; i++)
    json_array_append_new(rules,
                          rule_descriptor(hotlint_engine_rule(engine, i)));
  json_object_set_new(driver, "rules", rules);
  json_t *tool = json_object();
  json_object_set_new(tool, "driver", driver);

  json_t *run = json_object();
  json_object_set_new(run, "tool", tool);
  json_t *invocation = json_object();
  json_object_set_new(invocation, "executionSuccessful",
                      json_boolean(summary->error_count == 0));
  json_t *invocations = json_array();
  json_array_append_new(invocations, invocation);
  json_object_set_new(run, "invocations", invocations);
  if (emitter->settings.working_directory) {
    json_t *root = json_object();
    json_object_set_new(root, "uri",
                        directory_uri(emitter->settings.working_directory));
    json_t *bases = json_object();
    json_object_set_new(bases, "%SRCROOT%", root);
    json_object_set_new(run, "originalUriBaseIds", bases);
  }
  json_object_set_new(run, "columnKind", json_string("unicodeCodePoints"));
  json_object_set(run, "results", state->results);

  json_t *log = json_object();
  json_object_set_new(
      log, "$schema",
      json_string("https://json.schemastore.org/sarif-2.1.0.json"));
  json_object_set_new(log, "version", json_string("2.1.0"));
  json_t *runs = json_array();
  json_array_append_new(runs, run);
  json_object_set_new(log, "runs", runs);
  char *text = json_dumps(log, JSON_INDENT(2) | JSON_PRESERVE_ORDER);
  json_decref(log);
  if (text) {
    fputs(text, emitter->settings.out);
    fputc('\n', emitter->settings.out);
    free(text);
  }
}

const hl_emitter_ops hl_emit_sarif_ops = {
    .create = sarif_create,
    .file = sarif_file,
    .end = sarif_end,
    .destroy = sarif_destroy,
};
