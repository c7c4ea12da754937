/* `hotlint lsp`: the protocol, the documents and the diagnostics. See
 * server.h. */
#include "lsp/server.h"

#include "base/alloc.h"
#include "base/array.h"
#include "base/clock.h"
#include "base/strbuf.h"
#include "lsp/position.h"
#include "lsp/transport.h"
#include "report/fix.h"
#include "report/noqa.h"
#include "rules/rule.h"

#include "bench/run.h"
#include "report/emit_internal.h"

#include <jansson.h>
#include <pthread.h>
#include <stdarg.h>
#include <stdlib.h>
#include <string.h>

/* JSON-RPC and LSP error codes */
enum {
  PARSE_ERROR = -32700,
  INVALID_REQUEST = -32600,
  METHOD_NOT_FOUND = -32601,
  INVALID_PARAMS = -32602,
  SERVER_NOT_INITIALIZED = -32002,
};

/* quiet input after a change before re-checking: 1 ms */
enum { DEBOUNCE_NS = 1000000 };

typedef struct lsp_document {
  char *uri;
  char *path; /* the file path of a file: URI, else the URI */
  hotlint_document *document;
  json_int_t version;
  bool dirty;             /* changed since its diagnostics were published */
  hotlint_result *result; /* of the last check, on the current text unless
                             dirty */
} lsp_document;

struct hl_lsp_server {
  const hotlint_engine *engine;
  hotlint_checker *checker;
  FILE *out;
  FILE *log;
  hl_position_encoding encoding;
  bool initialized; /* `initialize` answered */
  bool shutdown;    /* `shutdown` answered */
  bool exited;
  int exit_code;
  /* settings (initializationOptions, workspace/didChangeConfiguration) */
  bool *enabled; /* per rule */
  int target_minor;
  bool on_save; /* check on save only, not as the user types */
  bool pull;    /* the client pulls diagnostics (textDocument/diagnostic) */
  bool client_rules;       /* the settings name rules or a target version */
  bool watch_registration; /* the client registers watchers dynamically */
  hl_lsp_options_for options_for; /* project configuration, or NULL */
  hl_lsp_options_reset options_reset;
  void *options_context;
  unsigned requests_sent; /* ids of the server's own requests */
  hotlint_check_options options;
  char *python; /* the `python` setting: benchmarks' interpreter, or NULL */
  HL_ARRAY(lsp_document) documents;
  /* "Benchmark this finding": the threads, and the sentences they left */
  pthread_mutex_t lock;        /* notes, jobs' done flags */
  pthread_mutex_t output_lock; /* one message at a time on `out` */
  HL_ARRAY(struct bench_job *) jobs;
  HL_ARRAY(struct bench_note) notes;
  uint64_t last_change_ns; /* when the last didChange arrived (monotonic) */
};

static void log_line(hl_lsp_server *server, const char *format, ...) {
  if (!server->log)
    return;
  va_list args;
  va_start(args, format);
  fputs("hotlint lsp: ", server->log);
  vfprintf(server->log, format, args);
  fputc('\n', server->log);
  fflush(server->log);
  va_end(args);
}

/* ---- Sending ------------------------------------------------------------- */

static void send_value(hl_lsp_server *server, json_t *message) {
  char *text = json_dumps(message, JSON_COMPACT | JSON_PRESERVE_ORDER);
  json_decref(message);
  if (!text) {
    log_line(server, "cannot encode a message");
    return;
  }
  pthread_mutex_lock(&server->output_lock);
  bool written = hl_lsp_write(server->out, text, strlen(text));
  pthread_mutex_unlock(&server->output_lock);
  if (!written)
    log_line(server, "cannot write to the client");
  free(text);
}

static void send_result(hl_lsp_server *server, json_t *id, json_t *result) {
  json_t *message = json_object();
  json_object_set_new(message, "jsonrpc", json_string("2.0"));
  json_object_set(message, "id", id ? id : json_null());
  json_object_set_new(message, "result", result ? result : json_null());
  send_value(server, message);
}

static void send_error(hl_lsp_server *server, json_t *id, int code,
                       const char *text) {
  json_t *error = json_object();
  json_object_set_new(error, "code", json_integer(code));
  json_object_set_new(error, "message", json_string(text));
  json_t *message = json_object();
  json_object_set_new(message, "jsonrpc", json_string("2.0"));
  json_object_set(message, "id", id ? id : json_null());
  json_object_set_new(message, "error", error);
  send_value(server, message);
}

static void send_notification(hl_lsp_server *server, const char *method,
                              json_t *params) {
  json_t *message = json_object();
  json_object_set_new(message, "jsonrpc", json_string("2.0"));
  json_object_set_new(message, "method", json_string(method));
  json_object_set_new(message, "params", params);
  send_value(server, message);
}

/* ---- Documents ----------------------------------------------------------- */

static int hex_value(char c) {
  return c >= '0' && c <= '9'   ? c - '0'
         : c >= 'a' && c <= 'f' ? c - 'a' + 10
         : c >= 'A' && c <= 'F' ? c - 'A' + 10
                                : -1;
}

/* The path of a file: URI (percent-decoded), else a copy of the URI. */
static char *uri_path(const char *uri) {
  if (strncmp(uri, "file://", 7) != 0)
    return hl_strdup(uri);
  const char *p = uri + 7;
  if (*p != '/') { /* file://host/path: keep the path */
    p = strchr(p, '/');
    if (!p)
      return hl_strdup(uri);
  }
  hl_strbuf path = {0};
  for (; *p; p++) {
    if (*p == '%' && hex_value(p[1]) >= 0 && hex_value(p[2]) >= 0) {
      hl_strbuf_putc(&path, (char)(hex_value(p[1]) * 16 + hex_value(p[2])));
      p += 2;
    } else {
      hl_strbuf_putc(&path, *p);
    }
  }
  return path.data ? hl_strbuf_detach(&path) : hl_strdup("/");
}

static lsp_document *find_document(hl_lsp_server *server, const char *uri) {
  for (size_t i = 0; i < server->documents.count; i++)
    if (!strcmp(server->documents.items[i].uri, uri))
      return &server->documents.items[i];
  return NULL;
}

static void release_document(lsp_document *document) {
  hotlint_result_delete(document->result);
  hl_free(document->uri);
  hl_free(document->path);
  hotlint_document_delete(document->document);
}

/* ---- Diagnostics --------------------------------------------------------- */

static json_t *position_value(hl_lsp_position position) {
  json_t *value = json_object();
  json_object_set_new(value, "line", json_integer(position.line));
  json_object_set_new(value, "character", json_integer(position.character));
  return value;
}

/* The LSP range of [start, end) given as hotlint positions. */
static json_t *range_value(const hl_lsp_server *server, const char *text,
                           size_t length, const hotlint_position *start,
                           const hotlint_position *end) {
  const hotlint_position *ends[2] = {start, end};
  json_t *range = json_object();
  for (int i = 0; i < 2; i++) {
    const hotlint_position *p = ends[i];
    size_t line_start = p->byte >= p->line_byte ? p->byte - p->line_byte : 0;
    hl_lsp_position position =
        hl_position_in_line(text, length, p->line ? p->line - 1 : 0, line_start,
                            p->byte, server->encoding);
    json_object_set_new(range, i == 0 ? "start" : "end",
                        position_value(position));
  }
  return range;
}

static int lsp_severity(hotlint_severity severity) {
  switch (severity) {
  case HOTLINT_SEVERITY_ERROR:
    return 1;
  case HOTLINT_SEVERITY_WARNING:
    return 2;
  case HOTLINT_SEVERITY_INFO:
    return 3;
  default:
    return 4;
  }
}

/* A JSON string, "" for NULL; bytes that are not UTF-8 (a message quoting
 * a broken buffer) become U+FFFD. */
static json_t *string_value(const char *text) {
  return hl_emit_json_string(text ? text : "");
}

static json_t *finding_diagnostic(const hl_lsp_server *server,
                                  const lsp_document *document,
                                  const char *text, size_t length,
                                  const hotlint_finding *f) {
  json_t *diagnostic = json_object();
  json_object_set_new(diagnostic, "range",
                      range_value(server, text, length, &f->start, &f->end));
  json_object_set_new(diagnostic, "severity",
                      json_integer(lsp_severity(f->severity)));
  json_object_set_new(diagnostic, "code", json_string(f->code));
  if (f->url) {
    json_t *description = json_object();
    json_object_set_new(description, "href", string_value(f->url));
    json_object_set_new(diagnostic, "codeDescription", description);
  }
  json_object_set_new(diagnostic, "source", json_string("hotlint"));
  hl_strbuf message = {0};
  hl_strbuf_printf(&message, "%s [%s", f->message,
                   hotlint_hotness_name(f->hotness));
  for (size_t r = 0; r < f->reason_count; r++)
    hl_strbuf_printf(&message, "%s%s", r ? "; " : ": ", f->reasons[r]);
  hl_strbuf_puts(&message, "]");
  json_object_set_new(diagnostic, "message",
                      string_value(hl_strbuf_cstr(&message)));
  hl_strbuf_free(&message);
  if (f->related_count) {
    json_t *related = json_array();
    for (size_t r = 0; r < f->related_count; r++) {
      json_t *location = json_object();
      json_object_set_new(location, "uri", json_string(document->uri));
      json_object_set_new(location, "range",
                          range_value(server, text, length,
                                      &f->related[r].start,
                                      &f->related[r].end));
      json_t *item = json_object();
      json_object_set_new(item, "location", location);
      json_object_set_new(item, "message", string_value(f->related[r].message));
      json_array_append_new(related, item);
    }
    json_object_set_new(diagnostic, "relatedInformation", related);
  }
  json_t *data = json_object();
  json_object_set_new(data, "name", string_value(f->name));
  json_object_set_new(data, "hotness",
                      json_string(hotlint_hotness_name(f->hotness)));
  json_t *reasons = json_array();
  for (size_t r = 0; r < f->reason_count; r++)
    json_array_append_new(reasons, string_value(f->reasons[r]));
  json_object_set_new(data, "reasons", reasons);
  json_object_set_new(diagnostic, "data", data);
  return diagnostic;
}

/* The options a document is checked with: the client's settings, or its
 * project's configuration when the settings name no rules. */
static const hotlint_check_options *
document_options(hl_lsp_server *server, const lsp_document *document) {
  if (!server->client_rules && server->options_for) {
    const hotlint_check_options *project =
        server->options_for(server->options_context, document->path);
    if (project)
      return project;
  }
  return &server->options;
}

/* Checks the document; returns its diagnostics (a new array) and keeps the
 * result for hover and code actions. */
static json_t *refresh(hl_lsp_server *server, lsp_document *document) {
  const hotlint_check_options *options = document_options(server, document);
  hotlint_result *result = hotlint_check_document(
      server->checker, document->document, document->path, options);
  size_t length;
  const char *text = hotlint_document_text(document->document, &length);
  json_t *diagnostics = json_array();
  for (size_t i = 0; result && i < hotlint_result_problem_count(result); i++) {
    const hotlint_problem *problem = hotlint_result_problem(result, i);
    json_t *diagnostic = json_object();
    json_object_set_new(
        diagnostic, "range",
        range_value(server, text, length, &problem->start, &problem->start));
    json_object_set_new(diagnostic, "severity", json_integer(1));
    json_object_set_new(diagnostic, "source", json_string("hotlint"));
    json_object_set_new(diagnostic, "message", string_value(problem->message));
    json_array_append_new(diagnostics, diagnostic);
  }
  for (size_t i = 0; result && i < hotlint_result_count(result); i++)
    json_array_append_new(
        diagnostics, finding_diagnostic(server, document, text, length,
                                        hotlint_result_finding(result, i)));
  hotlint_result_delete(document->result);
  document->result = result; /* for hover and code actions */
  document->dirty = false;
  return diagnostics;
}

/* Checks the document and pushes its diagnostics — unless the client
 * pulls them (textDocument/diagnostic), then it only checks. */
static void publish(hl_lsp_server *server, lsp_document *document) {
  json_t *diagnostics = refresh(server, document);
  if (server->pull) {
    json_decref(diagnostics);
    return;
  }
  json_t *params = json_object();
  json_object_set_new(params, "uri", json_string(document->uri));
  json_object_set_new(params, "version", json_integer(document->version));
  json_object_set_new(params, "diagnostics", diagnostics);
  send_notification(server, "textDocument/publishDiagnostics", params);
}

/* Parses the changed documents now, incrementally (within their time
 * limit), so that the check after the debounce only walks them. */
static void parse_dirty(hl_lsp_server *server) {
  for (size_t i = 0; i < server->documents.count; i++) {
    lsp_document *document = &server->documents.items[i];
    if (document->dirty)
      hotlint_document_parse(server->checker, document->document,
                             document_options(server, document));
  }
}

static void publish_dirty(hl_lsp_server *server) {
  for (size_t i = 0; i < server->documents.count; i++)
    if (server->documents.items[i].dirty)
      publish(server, &server->documents.items[i]);
}

/* ---- Settings ------------------------------------------------------------ */

/* Reads a list of selector strings; false when it is not one. */
static bool read_selectors(json_t *value, const char ***out, size_t *count) {
  *out = NULL;
  *count = 0;
  if (!value || json_is_null(value))
    return true;
  if (!json_is_array(value))
    return false;
  const char **items =
      hl_calloc(json_array_size(value) + 1, sizeof(const char *));
  size_t i;
  json_t *item;
  json_array_foreach(value, i, item) {
    if (!json_is_string(item)) {
      hl_free(items);
      return false;
    }
    items[i] = json_string_value(item);
  }
  *out = items;
  *count = json_array_size(value);
  return true;
}

/* Applies the client's settings: `select`, `extendSelect`, `ignore` (rule
 * codes, names or prefixes, as on the command line), `targetVersion`
 * ("py311"), `run` ("onType" or "onSave"). They may come as the object
 * itself or under a "hotlint" key (how editors nest a server's section).
 * An invalid setting is reported to the user and nothing changes. */
static void apply_settings(hl_lsp_server *server, json_t *settings) {
  if (json_is_object(json_object_get(settings, "hotlint")))
    settings = json_object_get(settings, "hotlint");
  if (!json_is_object(settings))
    return;
  const char **select, **extend, **ignore;
  size_t select_count, extend_count, ignore_count;
  json_t *select_value = json_object_get(settings, "select");
  bool ok = read_selectors(select_value, &select, &select_count);
  ok = read_selectors(json_object_get(settings, "extendSelect"), &extend,
                      &extend_count) &&
       ok;
  ok = read_selectors(json_object_get(settings, "ignore"), &ignore,
                      &ignore_count) &&
       ok;
  hl_strbuf problem = {0};
  if (!ok)
    hl_strbuf_puts(&problem, "select, extendSelect and ignore must be lists "
                             "of rule codes, names or prefixes");
  int target = server->target_minor;
  json_t *target_value = json_object_get(settings, "targetVersion");
  if (!problem.len && target_value && !json_is_null(target_value)) {
    target = json_is_string(target_value)
                 ? hl_parse_target_version(json_string_value(target_value))
                 : -1;
    if (target < 0)
      hl_strbuf_puts(&problem, "targetVersion must be py38 ... py314");
  }
  bool on_save = server->on_save;
  json_t *run = json_object_get(settings, "run");
  if (!problem.len && run && !json_is_null(run)) {
    if (json_is_string(run) && !strcmp(json_string_value(run), "onType"))
      on_save = false;
    else if (json_is_string(run) && !strcmp(json_string_value(run), "onSave"))
      on_save = true;
    else
      hl_strbuf_puts(&problem, "run must be \"onType\" or \"onSave\"");
  }
  size_t rule_count = hotlint_engine_rule_count(server->engine);
  bool *enabled = hl_calloc(rule_count ? rule_count : 1, sizeof(bool));
  if (!problem.len) {
    static const char *const none[1] = {NULL};
    hotlint_error error;
    if (!hotlint_select_rules(server->engine,
                              select_value && !json_is_null(select_value)
                                  ? (select_count ? select : none)
                                  : NULL,
                              select_count, extend, extend_count, ignore,
                              ignore_count, enabled, &error))
      hl_strbuf_puts(&problem, error.message);
  }
  hl_free(select);
  hl_free(extend);
  hl_free(ignore);
  if (problem.len) {
    hl_strbuf message = {0};
    hl_strbuf_printf(&message, "hotlint: invalid settings: %s",
                     hl_strbuf_cstr(&problem));
    log_line(server, "%s", hl_strbuf_cstr(&message));
    json_t *params = json_object();
    json_object_set_new(params, "type", json_integer(1)); /* Error */
    json_object_set_new(params, "message",
                        string_value(hl_strbuf_cstr(&message)));
    send_notification(server, "window/showMessage", params);
    hl_strbuf_free(&message);
    hl_strbuf_free(&problem);
    hl_free(enabled);
    return;
  }
  json_t *python = json_object_get(settings, "python");
  if (json_is_string(python) || json_is_null(python)) {
    hl_free(server->python);
    server->python = json_is_string(python) && json_string_length(python)
                         ? hl_strdup(json_string_value(python))
                         : NULL;
  }
  if (json_object_get(settings, "select") ||
      json_object_get(settings, "extendSelect") ||
      json_object_get(settings, "ignore") ||
      json_object_get(settings, "targetVersion"))
    server->client_rules = true;
  hl_free(server->enabled);
  server->enabled = enabled;
  server->target_minor = target;
  server->on_save = on_save;
  server->options.enabled = server->enabled;
  server->options.target_minor = server->target_minor;
}

/* ---- Methods ------------------------------------------------------------- */

/* The encoding to use given the client's general.positionEncodings. */
static hl_position_encoding choose_encoding(json_t *params) {
  json_t *offered = json_object_get(
      json_object_get(json_object_get(params, "capabilities"), "general"),
      "positionEncodings");
  if (!json_is_array(offered) || json_array_size(offered) == 0)
    return HL_ENCODING_UTF16;
  bool utf8 = false, utf16 = false, utf32 = false;
  size_t i;
  json_t *item;
  json_array_foreach(offered, i, item) {
    hl_position_encoding encoding;
    if (json_is_string(item) &&
        hl_position_encoding_parse(json_string_value(item), &encoding)) {
      utf8 |= encoding == HL_ENCODING_UTF8;
      utf16 |= encoding == HL_ENCODING_UTF16;
      utf32 |= encoding == HL_ENCODING_UTF32;
    }
  }
  if (utf8)
    return HL_ENCODING_UTF8;
  if (!utf16 && utf32)
    return HL_ENCODING_UTF32;
  return HL_ENCODING_UTF16;
}

static void on_initialize(hl_lsp_server *server, json_t *id, json_t *params) {
  server->encoding = choose_encoding(params);
  server->watch_registration = json_is_true(json_object_get(
      json_object_get(
          json_object_get(json_object_get(params, "capabilities"), "workspace"),
          "didChangeWatchedFiles"),
      "dynamicRegistration"));
  server->pull = json_is_object(json_object_get(
      json_object_get(json_object_get(params, "capabilities"), "textDocument"),
      "diagnostic"));
  apply_settings(server, json_object_get(params, "initializationOptions"));
  json_t *sync = json_object();
  json_object_set_new(sync, "openClose", json_true());
  json_object_set_new(sync, "change", json_integer(2)); /* incremental */
  json_t *save = json_object();
  json_object_set_new(save, "includeText", json_false());
  json_object_set_new(sync, "save", save);
  json_t *capabilities = json_object();
  json_object_set_new(capabilities, "positionEncoding",
                      json_string(hl_position_encoding_name(server->encoding)));
  json_object_set_new(capabilities, "textDocumentSync", sync);
  json_object_set_new(capabilities, "hoverProvider", json_true());
  if (server->pull) {
    json_t *provider = json_object();
    json_object_set_new(provider, "identifier", json_string("hotlint"));
    json_object_set_new(provider, "interFileDependencies", json_false());
    json_object_set_new(provider, "workspaceDiagnostics", json_false());
    json_object_set_new(capabilities, "diagnosticProvider", provider);
  }
  json_t *code_actions = json_object();
  json_t *kinds = json_array();
  json_array_append_new(kinds, json_string("quickfix"));
  json_array_append_new(kinds, json_string("source.fixAll.hotlint"));
  json_object_set_new(code_actions, "codeActionKinds", kinds);
  json_object_set_new(capabilities, "codeActionProvider", code_actions);
  json_t *commands = json_array();
  json_array_append_new(commands, json_string("hotlint.benchmark"));
  json_t *execute = json_object();
  json_object_set_new(execute, "commands", commands);
  json_object_set_new(capabilities, "executeCommandProvider", execute);
  json_t *info = json_object();
  json_object_set_new(info, "name", json_string("hotlint"));
  json_object_set_new(info, "version", json_string(HOTLINT_VERSION));
  json_t *result = json_object();
  json_object_set_new(result, "capabilities", capabilities);
  json_object_set_new(result, "serverInfo", info);
  server->initialized = true;
  send_result(server, id, result);
  log_line(server, "initialized; positions in %s",
           hl_position_encoding_name(server->encoding));
}

static const char *text_document_uri(json_t *params) {
  json_t *uri = json_object_get(json_object_get(params, "textDocument"), "uri");
  return json_is_string(uri) ? json_string_value(uri) : NULL;
}

static void on_did_open(hl_lsp_server *server, json_t *params) {
  json_t *item = json_object_get(params, "textDocument");
  const char *uri = text_document_uri(params);
  json_t *text = json_object_get(item, "text");
  if (!uri || !json_is_string(text)) {
    log_line(server, "didOpen without a uri and text: ignored");
    return;
  }
  lsp_document *existing = find_document(server, uri);
  if (existing) { /* opened twice: the new text wins */
    hotlint_document_delete(existing->document);
    hotlint_result_delete(existing->result);
    existing->result = NULL;
    existing->document =
        hotlint_document_new(json_string_value(text), json_string_length(text));
    existing->version = json_integer_value(json_object_get(item, "version"));
    publish(server, existing);
    return;
  }
  lsp_document document;
  memset(&document, 0, sizeof document);
  document.uri = hl_strdup(uri);
  document.path = uri_path(uri);
  document.document =
      hotlint_document_new(json_string_value(text), json_string_length(text));
  document.version = json_integer_value(json_object_get(item, "version"));
  hl_array_push(&server->documents, document);
  publish(server, &server->documents.items[server->documents.count - 1]);
}

static bool read_position(json_t *value, hl_lsp_position *position) {
  json_t *line = json_object_get(value, "line");
  json_t *character = json_object_get(value, "character");
  if (!json_is_integer(line) || !json_is_integer(character) ||
      json_integer_value(line) < 0 || json_integer_value(character) < 0)
    return false;
  position->line = json_integer_value(line) > UINT32_MAX
                       ? UINT32_MAX
                       : (uint32_t)json_integer_value(line);
  position->character = json_integer_value(character) > UINT32_MAX
                            ? UINT32_MAX
                            : (uint32_t)json_integer_value(character);
  return true;
}

static void on_did_change(hl_lsp_server *server, json_t *params) {
  server->last_change_ns = hl_monotonic_ns();
  const char *uri = text_document_uri(params);
  lsp_document *document = uri ? find_document(server, uri) : NULL;
  if (!document) {
    log_line(server,
             "didChange for a document that is not open (%s): "
             "ignored",
             uri ? uri : "no uri");
    return;
  }
  json_t *changes = json_object_get(params, "contentChanges");
  size_t i;
  json_t *change;
  json_array_foreach(changes, i, change) {
    json_t *text = json_object_get(change, "text");
    if (!json_is_string(text)) {
      log_line(server, "a change without text in %s: ignored", uri);
      continue;
    }
    json_t *range = json_object_get(change, "range");
    if (!range) { /* the whole document */
      hotlint_document_delete(document->document);
      document->document = hotlint_document_new(json_string_value(text),
                                                json_string_length(text));
      continue;
    }
    hl_lsp_position start, end;
    if (!read_position(json_object_get(range, "start"), &start) ||
        !read_position(json_object_get(range, "end"), &end)) {
      log_line(server, "a change with a malformed range in %s: ignored", uri);
      continue;
    }
    size_t length;
    const char *current = hotlint_document_text(document->document, &length);
    size_t line_start = hl_line_offset(current, length, start.line, 0, 0);
    size_t from = hl_position_to_offset_from(
        current, length, start, server->encoding, start.line, line_start);
    size_t to = hl_position_to_offset_from(
        current, length, end, server->encoding, start.line, line_start);
    if (to < from) {
      size_t swap = from;
      from = to;
      to = swap;
    }
    hotlint_document_edit(document->document, from, to, json_string_value(text),
                          json_string_length(text));
  }
  json_t *version =
      json_object_get(json_object_get(params, "textDocument"), "version");
  if (json_is_integer(version))
    document->version = json_integer_value(version);
  document->dirty = true;
}

static void on_did_close(hl_lsp_server *server, json_t *params) {
  const char *uri = text_document_uri(params);
  lsp_document *document = uri ? find_document(server, uri) : NULL;
  if (!document) {
    log_line(server, "didClose for a document that is not open: ignored");
    return;
  }
  json_t *clear = json_object();
  json_object_set_new(clear, "uri", json_string(document->uri));
  json_object_set_new(clear, "diagnostics", json_array());
  release_document(document);
  size_t index = (size_t)(document - server->documents.items);
  memmove(document, document + 1,
          (server->documents.count - index - 1) * sizeof *document);
  server->documents.count--;
  if (server->pull)
    json_decref(clear);
  else
    send_notification(server, "textDocument/publishDiagnostics", clear);
}

static char *bench_note_for(hl_lsp_server *server, const char *uri,
                            const hotlint_finding *f);

/* ---- Hover and code actions --------------------------------------------- */

/* The open document a request names, checked on its current text. */
static lsp_document *current_document(hl_lsp_server *server, json_t *params) {
  const char *uri = text_document_uri(params);
  lsp_document *document = uri ? find_document(server, uri) : NULL;
  if (document && (document->dirty || !document->result))
    publish(server, document);
  return document;
}

static size_t offset_of(const hl_lsp_server *server,
                        const lsp_document *document, json_t *value) {
  hl_lsp_position position = {0, 0};
  read_position(value, &position);
  size_t length;
  const char *text = hotlint_document_text(document->document, &length);
  return hl_position_to_offset(text, length, position, server->encoding);
}

static void on_hover(hl_lsp_server *server, json_t *id, json_t *params) {
  lsp_document *document = current_document(server, params);
  if (!document) {
    send_result(server, id, json_null());
    return;
  }
  size_t offset =
      offset_of(server, document, json_object_get(params, "position"));
  size_t length;
  const char *text = hotlint_document_text(document->document, &length);
  hl_strbuf markdown = {0};
  json_t *range = NULL;
  for (size_t i = 0; i < hotlint_result_count(document->result); i++) {
    const hotlint_finding *f = hotlint_result_finding(document->result, i);
    if (offset < f->start.byte || offset > f->end.byte)
      continue;
    if (!range)
      range = range_value(server, text, length, &f->start, &f->end);
    else
      hl_strbuf_puts(&markdown, "\n\n---\n\n");
    hl_strbuf_printf(&markdown, "**%s** `%s`: %s\n\n*%s", f->code, f->name,
                     f->message, hotlint_hotness_name(f->hotness));
    for (size_t r = 0; r < f->reason_count; r++)
      hl_strbuf_printf(&markdown, "%s%s", r ? "; " : ": ", f->reasons[r]);
    hl_strbuf_puts(&markdown, "*\n\n");
    long rule = hotlint_engine_find_rule(server->engine, f->code);
    const hotlint_rule_info *info =
        rule >= 0 ? hotlint_engine_rule(server->engine, (size_t)rule) : NULL;
    char *note = bench_note_for(server, document->uri, f);
    if (note) {
      hl_strbuf_printf(&markdown, "**Benchmark:** %s\n\n", note);
      hl_free(note);
    }
    if (info && info->explanation)
      hl_strbuf_puts(&markdown, info->explanation);
  }
  if (!range) {
    hl_strbuf_free(&markdown);
    send_result(server, id, json_null());
    return;
  }
  json_t *contents = json_object();
  json_object_set_new(contents, "kind", json_string("markdown"));
  json_object_set_new(contents, "value",
                      string_value(hl_strbuf_cstr(&markdown)));
  hl_strbuf_free(&markdown);
  json_t *result = json_object();
  json_object_set_new(result, "contents", contents);
  json_object_set_new(result, "range", range);
  send_result(server, id, result);
}

/* A TextEdit replacing bytes [start, end) of the text. */
static json_t *text_edit(const hl_lsp_server *server, const char *text,
                         size_t length, size_t start, size_t end,
                         const char *replacement) {
  json_t *range = json_object();
  json_object_set_new(range, "start",
                      position_value(hl_position_from_offset(
                          text, length, start, server->encoding)));
  json_object_set_new(range, "end",
                      position_value(hl_position_from_offset(
                          text, length, end, server->encoding)));
  json_t *edit = json_object();
  json_object_set_new(edit, "range", range);
  json_object_set_new(edit, "newText", string_value(replacement));
  return edit;
}

/* A WorkspaceEdit of `edits` (taken) in the document. */
static json_t *workspace_edit(const lsp_document *document, json_t *edits) {
  json_t *changes = json_object();
  json_object_set_new(changes, document->uri, edits);
  json_t *edit = json_object();
  json_object_set_new(edit, "changes", changes);
  return edit;
}

/* The edit that adds the finding's code to its line's `# noqa: ...`, or
 * adds such a comment; NULL when the line already suppresses it. */
static json_t *noqa_edit(const hl_lsp_server *server, const char *text,
                         size_t length, const hotlint_finding *f) {
  size_t line_start = f->start.byte >= f->start.line_byte
                          ? f->start.byte - f->start.line_byte
                          : 0;
  size_t line_end = line_start;
  while (line_end < length && text[line_end] != '\n' && text[line_end] != '\r')
    line_end++;
  /* the last '#' on the line that starts a noqa directive */
  for (size_t i = line_end; i > line_start; i--) {
    if (text[i - 1] != '#')
      continue;
    hl_noqa noqa = hl_noqa_parse_line(text + i - 1, line_end - (i - 1));
    if (!noqa.present)
      continue;
    if (noqa.all || hl_noqa_covers(&noqa, f->code))
      return NULL;
    if (noqa.code_count) {
      size_t after = (size_t)(noqa.codes[noqa.code_count - 1].text +
                              noqa.codes[noqa.code_count - 1].length - text);
      hl_strbuf insert = {0};
      hl_strbuf_printf(&insert, ", %s", f->code);
      json_t *edit = text_edit(server, text, length, after, after,
                               hl_strbuf_cstr(&insert));
      hl_strbuf_free(&insert);
      return edit;
    }
  }
  hl_strbuf insert = {0};
  hl_strbuf_printf(&insert, "  # noqa: %s", f->code);
  json_t *edit = text_edit(server, text, length, line_end, line_end,
                           hl_strbuf_cstr(&insert));
  hl_strbuf_free(&insert);
  return edit;
}

/* Whether a code action of `kind` is wanted by context.only (absent: all
 * kinds). */
static bool kind_wanted(json_t *only, const char *kind) {
  if (!json_is_array(only) || json_array_size(only) == 0)
    return true;
  size_t i;
  json_t *item;
  json_array_foreach(only, i, item) {
    if (!json_is_string(item))
      continue;
    const char *prefix = json_string_value(item);
    size_t n = strlen(prefix);
    if (!strncmp(kind, prefix, n) && (kind[n] == '\0' || kind[n] == '.'))
      return true;
  }
  return false;
}

static json_t *code_action(const char *title, const char *kind) {
  json_t *action = json_object();
  json_object_set_new(action, "title", string_value(title));
  json_object_set_new(action, "kind", json_string(kind));
  return action;
}

/* The quickfix applying the finding's own fix. */
static json_t *fix_action(const hl_lsp_server *server,
                          const lsp_document *document, const char *text,
                          size_t length, const hotlint_finding *f,
                          json_t *diagnostics) {
  hl_strbuf title = {0};
  hl_strbuf_printf(&title, "%s (%s)", f->fix->message, f->code);
  json_t *action = code_action(hl_strbuf_cstr(&title), "quickfix");
  hl_strbuf_free(&title);
  json_object_set(action, "diagnostics", diagnostics);
  json_object_set_new(action, "isPreferred",
                      json_boolean(f->fix->applicability == HOTLINT_FIX_SAFE));
  json_t *edits = json_array();
  for (size_t e = 0; e < f->fix->edit_count; e++) {
    const hotlint_edit *edit = &f->fix->edits[e];
    json_t *value = json_object();
    json_object_set_new(
        value, "range",
        range_value(server, text, length, &edit->start, &edit->end));
    json_object_set_new(value, "newText", string_value(edit->content));
    json_array_append_new(edits, value);
  }
  json_object_set_new(action, "edit", workspace_edit(document, edits));
  return action;
}

static void on_code_action(hl_lsp_server *server, json_t *id, json_t *params) {
  lsp_document *document = current_document(server, params);
  json_t *actions = json_array();
  if (!document) {
    send_result(server, id, actions);
    return;
  }
  json_t *range = json_object_get(params, "range");
  json_t *only = json_object_get(json_object_get(params, "context"), "only");
  size_t from = offset_of(server, document, json_object_get(range, "start"));
  size_t to = offset_of(server, document, json_object_get(range, "end"));
  size_t length;
  const char *text = hotlint_document_text(document->document, &length);
  const hotlint_result *result = document->result;
  bool quickfix = kind_wanted(only, "quickfix");
  for (size_t i = 0; quickfix && i < hotlint_result_count(result); i++) {
    const hotlint_finding *f = hotlint_result_finding(result, i);
    if (f->start.byte > to || f->end.byte < from)
      continue;
    json_t *diagnostics = json_array();
    json_array_append_new(
        diagnostics, finding_diagnostic(server, document, text, length, f));
    if (f->fix)
      json_array_append_new(
          actions, fix_action(server, document, text, length, f, diagnostics));
    size_t script_length;
    char *script =
        json_is_array(only) && json_array_size(only)
            ? NULL
            : hotlint_benchmark_script(server->engine, f, &script_length);
    if (script) { /* a command, offered only when no kind is asked for */
      free(script);
      hl_strbuf title = {0};
      hl_strbuf_printf(&title, "Benchmark this finding (%s)", f->code);
      json_t *action = json_object();
      json_object_set_new(action, "title",
                          string_value(hl_strbuf_cstr(&title)));
      json_t *command = json_object();
      json_object_set_new(command, "title",
                          string_value(hl_strbuf_cstr(&title)));
      json_object_set_new(command, "command", json_string("hotlint.benchmark"));
      hl_lsp_position start = hl_position_in_line(
          text, length, f->start.line - 1, f->start.byte - f->start.line_byte,
          f->start.byte, server->encoding);
      json_t *arguments = json_array();
      json_array_append_new(arguments, json_string(document->uri));
      json_array_append_new(arguments, json_integer(start.line));
      json_array_append_new(arguments, json_integer(start.character));
      json_array_append_new(arguments, json_string(f->code));
      json_object_set_new(command, "arguments", arguments);
      json_object_set_new(action, "command", command);
      hl_strbuf_free(&title);
      json_array_append_new(actions, action);
    }
    json_t *suppress = noqa_edit(server, text, length, f);
    if (suppress) {
      hl_strbuf title = {0};
      hl_strbuf_printf(&title, "Suppress %s on this line", f->code);
      json_t *action = code_action(hl_strbuf_cstr(&title), "quickfix");
      hl_strbuf_free(&title);
      json_object_set(action, "diagnostics", diagnostics);
      json_t *edits = json_array();
      json_array_append_new(edits, suppress);
      json_object_set_new(action, "edit", workspace_edit(document, edits));
      json_array_append_new(actions, action);
    }
    json_decref(diagnostics);
  }
  if (result && kind_wanted(only, "source.fixAll.hotlint")) {
    hl_strbuf fixed = {0};
    hl_fix_dropped dropped = {0};
    bool parses = hotlint_parse_only(server->checker, text, length) == 0;
    size_t applied = hl_fix_apply(server->checker, text, length, result, false,
                                  parses, &fixed, &dropped);
    hl_fix_dropped_free(&dropped);
    if (applied) {
      json_t *action =
          code_action("Fix all hotlint problems", "source.fixAll.hotlint");
      json_t *edits = json_array();
      json_array_append_new(edits, text_edit(server, text, length, 0, length,
                                             hl_strbuf_cstr(&fixed)));
      json_object_set_new(action, "edit", workspace_edit(document, edits));
      json_array_append_new(actions, action);
    }
    hl_strbuf_free(&fixed);
  }
  send_result(server, id, actions);
}

/* ---- "Benchmark this finding": workspace/executeCommand ----------------- */

/* One benchmark run on its own thread, so that the server goes on
 * answering; it reports with window/showMessage and leaves its sentence
 * for hover. */
typedef struct bench_job {
  hl_lsp_server *server;
  pthread_t thread;
  char *uri;
  char code[16];
  uint32_t line; /* 1-based, the finding's first line */
  char *script;
  size_t length;
  char *python; /* NULL: python3 on PATH */
  bool done;    /* under server->lock */
} bench_job;

/* The last benchmark sentence for (uri, code, line), under server->lock. */
typedef struct bench_note {
  char *uri;
  char code[16];
  uint32_t line;
  char *sentence;
} bench_note;

static void *bench_thread(void *argument) {
  bench_job *job = argument;
  hl_lsp_server *server = job->server;
  hl_bench_runner runner;
  hotlint_error error;
  char sentence[800];
  int type = 3; /* Info */
  if (!hl_bench_runner_init(&runner, job->python, NULL, &error)) {
    snprintf(sentence, sizeof sentence, "cannot benchmark: %.700s",
             error.message);
    type = 1; /* Error */
  } else {
    const hotlint_benchmark *result =
        hl_bench_runner_measure(&runner, job->script, job->length);
    char text[HL_BENCHMARK_SENTENCE_SIZE];
    hl_emit_benchmark_sentence(text, sizeof text, result);
    snprintf(sentence, sizeof sentence, "%s at line %u: %s", job->code,
             job->line, text);
    if (result->verdict == HOTLINT_VERDICT_REFUTED ||
        result->verdict == HOTLINT_VERDICT_ERROR)
      type = 2; /* Warning */
    hl_bench_runner_release(&runner);
  }
  pthread_mutex_lock(&server->lock);
  bench_note note;
  note.uri = hl_strdup(job->uri);
  snprintf(note.code, sizeof note.code, "%s", job->code);
  note.line = job->line;
  note.sentence = hl_strdup(sentence);
  for (size_t i = 0; i < server->notes.count; i++) {
    bench_note *old = &server->notes.items[i];
    if (!strcmp(old->uri, note.uri) && !strcmp(old->code, note.code) &&
        old->line == note.line) {
      hl_free(old->uri);
      hl_free(old->sentence);
      *old = note;
      note.uri = NULL;
      break;
    }
  }
  if (note.uri)
    hl_array_push(&server->notes, note);
  job->done = true;
  pthread_mutex_unlock(&server->lock);
  json_t *params = json_object();
  json_object_set_new(params, "type", json_integer(type));
  json_object_set_new(params, "message", string_value(sentence));
  send_notification(server, "window/showMessage", params);
  return NULL;
}

/* The benchmark sentence hover shows for this finding, copied, or NULL. */
static char *bench_note_for(hl_lsp_server *server, const char *uri,
                            const hotlint_finding *f) {
  char *sentence = NULL;
  pthread_mutex_lock(&server->lock);
  for (size_t i = 0; i < server->notes.count && !sentence; i++) {
    const bench_note *note = &server->notes.items[i];
    if (!strcmp(note->uri, uri) && !strcmp(note->code, f->code) &&
        note->line == f->start.line)
      sentence = hl_strdup(note->sentence);
  }
  pthread_mutex_unlock(&server->lock);
  return sentence;
}

/* Joins the jobs that are done (all of them with `wait`). */
static void reap_jobs(hl_lsp_server *server, bool wait) {
  for (size_t i = 0; i < server->jobs.count;) {
    bench_job *job = server->jobs.items[i];
    pthread_mutex_lock(&server->lock);
    bool done = job->done;
    pthread_mutex_unlock(&server->lock);
    if (!done && !wait) {
      i++;
      continue;
    }
    pthread_join(job->thread, NULL);
    hl_free(job->uri);
    free(job->script);
    hl_free(job->python);
    hl_free(job);
    server->jobs.items[i] = server->jobs.items[--server->jobs.count];
  }
}

/* workspace/executeCommand "hotlint.benchmark" [uri, line, character,
 * code]: answers at once, benchmarks on a thread. */
static void on_execute_command(hl_lsp_server *server, json_t *id,
                               json_t *params) {
  json_t *command = json_object_get(params, "command");
  json_t *arguments = json_object_get(params, "arguments");
  if (!json_is_string(command) ||
      strcmp(json_string_value(command), "hotlint.benchmark") != 0) {
    send_error(server, id, INVALID_PARAMS, "unknown command");
    return;
  }
  json_t *uri = json_array_get(arguments, 0);
  json_t *line = json_array_get(arguments, 1);
  json_t *character = json_array_get(arguments, 2);
  json_t *code = json_array_get(arguments, 3);
  lsp_document *document = json_is_string(uri)
                               ? find_document(server, json_string_value(uri))
                               : NULL;
  if (!document || !json_is_integer(line) || !json_is_integer(character) ||
      !json_is_string(code)) {
    send_error(server, id, INVALID_PARAMS,
               "hotlint.benchmark takes [uri, line, character, code] of a "
               "finding in an open document");
    return;
  }
  if (document->dirty || !document->result)
    publish(server, document);
  json_t *position = json_object();
  json_object_set(position, "line", line);
  json_object_set(position, "character", character);
  size_t offset = offset_of(server, document, position);
  json_decref(position);
  const hotlint_finding *finding = NULL;
  for (size_t i = 0; i < hotlint_result_count(document->result) && !finding;
       i++) {
    const hotlint_finding *f = hotlint_result_finding(document->result, i);
    if (!strcmp(f->code, json_string_value(code)) && offset >= f->start.byte &&
        offset <= f->end.byte)
      finding = f;
  }
  size_t length = 0;
  char *script =
      finding ? hotlint_benchmark_script(server->engine, finding, &length)
              : NULL;
  if (!script) {
    send_error(server, id, INVALID_PARAMS,
               finding ? "this finding's rule has no benchmark"
                       : "no such finding there (the document changed?)");
    return;
  }
  bench_job *job = hl_calloc(1, sizeof *job);
  job->server = server;
  job->uri = hl_strdup(document->uri);
  snprintf(job->code, sizeof job->code, "%s", finding->code);
  job->line = finding->start.line;
  job->script = script;
  job->length = length;
  job->python = server->python ? hl_strdup(server->python) : NULL;
  if (pthread_create(&job->thread, NULL, bench_thread, job) != 0) {
    free(job->script);
    hl_free(job->python);
    hl_free(job->uri);
    hl_free(job);
    send_error(server, id, -32603, "cannot start the benchmark");
    return;
  }
  hl_array_push(&server->jobs, job);
  send_result(server, id, json_null());
  log_line(server, "benchmarking %s at line %u", job->code, job->line);
}

/* One message: a request (id and method), a notification (method) or a
 * response to a request of ours (id, no method: nothing to do). */
static void dispatch(hl_lsp_server *server, json_t *message) {
  json_t *id = json_object_get(message, "id");
  json_t *method_value = json_object_get(message, "method");
  json_t *params = json_object_get(message, "params");
  bool valid_id = !id || json_is_string(id) || json_is_integer(id);
  if (!json_is_object(message) ||
      !json_is_string(json_object_get(message, "jsonrpc")) ||
      strcmp(json_string_value(json_object_get(message, "jsonrpc")), "2.0") ||
      !valid_id ||
      (!json_is_string(method_value) &&
       !(id && (json_object_get(message, "result") ||
                json_object_get(message, "error"))))) {
    send_error(server, valid_id ? id : NULL, INVALID_REQUEST,
               "not a JSON-RPC 2.0 request, notification or response");
    log_line(server, "an invalid JSON-RPC message: answered -32600");
    return;
  }
  if (!json_is_string(method_value))
    return; /* a response from the client */
  const char *method = json_string_value(method_value);
  if (json_is_null(params)) /* "params": null, as some clients send */
    params = NULL;
  if (params && !json_is_object(params) && !json_is_array(params)) {
    if (id)
      send_error(server, id, INVALID_PARAMS, "params must be an object");
    return;
  }
  if (!strcmp(method, "exit")) {
    server->exited = true;
    server->exit_code = server->shutdown ? 0 : 1;
    return;
  }
  if (!strcmp(method, "initialize")) {
    if (!id)
      return;
    if (server->initialized)
      send_error(server, id, INVALID_REQUEST, "already initialized");
    else
      on_initialize(server, id, params);
    return;
  }
  if (!server->initialized) {
    if (id)
      send_error(server, id, SERVER_NOT_INITIALIZED,
                 "the server is not initialized yet");
    return;
  }
  if (server->shutdown) {
    if (id)
      send_error(server, id, INVALID_REQUEST,
                 "the server is shutting down; only exit is accepted");
    return;
  }
  if (!strcmp(method, "shutdown")) {
    server->shutdown = true;
    if (id)
      send_result(server, id, json_null());
    return;
  }
  if (!strcmp(method, "initialized")) {
    if (server->watch_registration && server->options_for) {
      /* watch the configuration files, to re-check when they change */
      json_t *watchers = json_array();
      const char *patterns[] = {"**/pyproject.toml", "**/hotlint.yaml"};
      for (int i = 0; i < 2; i++) {
        json_t *watcher = json_object();
        json_object_set_new(watcher, "globPattern", json_string(patterns[i]));
        json_array_append_new(watchers, watcher);
      }
      json_t *options = json_object();
      json_object_set_new(options, "watchers", watchers);
      json_t *registration = json_object();
      json_object_set_new(registration, "id",
                          json_string("hotlint-configuration-files"));
      json_object_set_new(registration, "method",
                          json_string("workspace/didChangeWatchedFiles"));
      json_object_set_new(registration, "registerOptions", options);
      json_t *registrations = json_array();
      json_array_append_new(registrations, registration);
      json_t *request_params = json_object();
      json_object_set_new(request_params, "registrations", registrations);
      char request_id[32];
      snprintf(request_id, sizeof request_id, "hotlint-%u",
               ++server->requests_sent);
      json_t *request = json_object();
      json_object_set_new(request, "jsonrpc", json_string("2.0"));
      json_object_set_new(request, "id", json_string(request_id));
      json_object_set_new(request, "method",
                          json_string("client/registerCapability"));
      json_object_set_new(request, "params", request_params);
      send_value(server, request);
    }
    return;
  }
  if (!strcmp(method, "workspace/didChangeWatchedFiles")) {
    /* a configuration changed: forget the loaded ones, check again */
    if (server->options_reset)
      server->options_reset(server->options_context);
    log_line(server, "configuration files changed: checking again");
    for (size_t i = 0; i < server->documents.count; i++)
      publish(server, &server->documents.items[i]);
    return;
  }
  if (!strcmp(method, "$/cancelRequest") || !strcmp(method, "$/setTrace"))
    return;
  if (!strcmp(method, "textDocument/didOpen")) {
    on_did_open(server, params);
    return;
  }
  if (!strcmp(method, "textDocument/didChange")) {
    on_did_change(server, params);
    return;
  }
  if (!strcmp(method, "textDocument/didSave")) {
    const char *uri = text_document_uri(params);
    lsp_document *document = uri ? find_document(server, uri) : NULL;
    if (document && document->dirty)
      publish(server, document);
    return;
  }
  if (!strcmp(method, "textDocument/didClose")) {
    on_did_close(server, params);
    return;
  }
  if (!strcmp(method, "workspace/didChangeConfiguration")) {
    apply_settings(server, json_object_get(params, "settings"));
    for (size_t i = 0; i < server->documents.count; i++)
      publish(server, &server->documents.items[i]);
    if (server->pull) { /* ask the client to pull again */
      json_t *request = json_object();
      char request_id[32];
      snprintf(request_id, sizeof request_id, "hotlint-%u",
               ++server->requests_sent);
      json_object_set_new(request, "jsonrpc", json_string("2.0"));
      json_object_set_new(request, "id", json_string(request_id));
      json_object_set_new(request, "method",
                          json_string("workspace/diagnostic/refresh"));
      send_value(server, request);
    }
    return;
  }
  if (!strcmp(method, "workspace/executeCommand") && id) {
    on_execute_command(server, id, params);
    return;
  }
  if (!strcmp(method, "textDocument/diagnostic") && id) {
    const char *uri = text_document_uri(params);
    lsp_document *document = uri ? find_document(server, uri) : NULL;
    json_t *report = json_object();
    json_object_set_new(report, "kind", json_string("full"));
    json_object_set_new(report, "items",
                        document ? refresh(server, document) : json_array());
    send_result(server, id, report);
    return;
  }
  if (!strcmp(method, "textDocument/hover") && id) {
    on_hover(server, id, params);
    return;
  }
  if (!strcmp(method, "textDocument/codeAction") && id) {
    on_code_action(server, id, params);
    return;
  }
  if (id) {
    hl_strbuf text = {0};
    hl_strbuf_printf(&text, "unknown method '%s'", method);
    send_error(server, id, METHOD_NOT_FOUND, hl_strbuf_cstr(&text));
    hl_strbuf_free(&text);
  }
  /* unknown notifications are ignored, as the protocol asks */
}

/* ---- The loop ------------------------------------------------------------ */

hl_lsp_server *hl_lsp_server_new(const hotlint_engine *engine, FILE *out,
                                 FILE *log) {
  hl_lsp_server *server = hl_calloc(1, sizeof *server);
  server->engine = engine;
  server->checker = hotlint_checker_new(engine);
  server->out = out;
  server->log = log;
  server->encoding = HL_ENCODING_UTF16;
  server->target_minor = 11;
  server->options.target_minor = 11;
  pthread_mutex_init(&server->lock, NULL);
  pthread_mutex_init(&server->output_lock, NULL);
  return server;
}

void hl_lsp_server_set_options_provider(hl_lsp_server *server,
                                        hl_lsp_options_for options_for,
                                        hl_lsp_options_reset reset,
                                        void *context) {
  server->options_for = options_for;
  server->options_reset = reset;
  server->options_context = context;
}

void hl_lsp_server_delete(hl_lsp_server *server) {
  if (!server)
    return;
  for (size_t i = 0; i < server->documents.count; i++)
    release_document(&server->documents.items[i]);
  hl_array_free(&server->documents);
  reap_jobs(server, true); /* benchmarks end by themselves (timeouts) */
  hl_array_free(&server->jobs);
  for (size_t i = 0; i < server->notes.count; i++) {
    hl_free(server->notes.items[i].uri);
    hl_free(server->notes.items[i].sentence);
  }
  hl_array_free(&server->notes);
  pthread_mutex_destroy(&server->lock);
  pthread_mutex_destroy(&server->output_lock);
  hotlint_checker_delete(server->checker);
  hl_free(server->enabled);
  hl_free(server->python);
  hl_free(server);
}

static bool any_dirty(const hl_lsp_server *server) {
  if (server->on_save || server->pull)
    return false; /* checked on didSave, or when the client asks */
  for (size_t i = 0; i < server->documents.count; i++)
    if (server->documents.items[i].dirty)
      return true;
  return false;
}

int hl_lsp_server_run(hl_lsp_server *server, int fd) {
  hl_lsp_reader reader;
  hl_lsp_reader_init(&reader, fd);
  while (!server->exited) {
    reap_jobs(server, false);
    /* Re-check changed documents once the input has been quiet for the
     * debounce since the last change arrived. A pause in the input is
     * used to parse them first: the parse fits in the wait, and a burst
     * of changes already queued is read before anything is parsed. */
    if (any_dirty(server) && !hl_lsp_reader_ready(&reader, 0)) {
      parse_dirty(server);
      uint64_t waited = hl_monotonic_ns() - server->last_change_ns;
      int wait_us =
          waited >= DEBOUNCE_NS ? 0 : (int)((DEBOUNCE_NS - waited) / 1000);
      if (!hl_lsp_reader_ready(&reader, wait_us)) {
        publish_dirty(server);
        continue;
      }
    }
    char *body;
    size_t length;
    char error[256];
    hl_lsp_read_status status =
        hl_lsp_read(&reader, &body, &length, error, sizeof error);
    if (status == HL_LSP_READ_EOF) {
      if (!server->shutdown)
        log_line(server, "the client closed the input without shutdown and "
                         "exit");
      server->exit_code = server->shutdown ? 0 : 1;
      break;
    }
    if (status == HL_LSP_READ_BAD) {
      log_line(server, "a malformed message header: %s", error);
      send_error(server, NULL, PARSE_ERROR, error);
      continue;
    }
    json_error_t json_error;
    json_t *message =
        /* JSON_ALLOW_NUL: a buffer may hold NUL bytes (a binary file
           opened by mistake); the check reports them as a problem */
        json_loadb(body, length, JSON_REJECT_DUPLICATES | JSON_ALLOW_NUL,
                   &json_error);
    hl_free(body);
    if (!message) {
      log_line(server, "a message that is not JSON: %s (at byte %d)",
               json_error.text, json_error.position);
      send_error(server, NULL, PARSE_ERROR, "the message is not valid JSON");
      continue;
    }
    dispatch(server, message);
    json_decref(message);
  }
  hl_lsp_reader_release(&reader);
  return server->exit_code;
}
