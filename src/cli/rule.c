/* `hotlint rule CODE|NAME`, `hotlint rule --all` and the hidden `hotlint
 * docs DIR`: everything shown about a rule comes from the rule itself (its
 * YAML), so the docs are never written twice.
 * - full (default): code, name, summary, severity, category, hot-only,
 *   Python range, then the Markdown explanation — raw Markdown into a file
 *   or pipe, rendered plainly on a terminal (headings without #, code
 *   blocks indented, no backticks);
 * - concise: one line per rule; json / jsonl: rule objects;
 * - docs: docs/rules/HOTnnn.md per rule plus docs/rules/README.md. */
#include "cli/cli.h"

#include "base/alloc.h"
#include "base/strbuf.h"

#include <errno.h>
#include <jansson.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

/* Writes the version range as a requirement: ">=3.11", "<3.11",
 * ">=3.8, <3.11" or "any". */
static void put_python_range(hl_strbuf *out, const hotlint_rule_info *rule) {
  if (rule->python_min == 0 && rule->python_max == 0) {
    hl_strbuf_puts(out, "any");
    return;
  }
  if (rule->python_min)
    hl_strbuf_printf(out, ">=3.%d", rule->python_min);
  if (rule->python_min && rule->python_max)
    hl_strbuf_puts(out, ", ");
  if (rule->python_max)
    hl_strbuf_printf(out, "<3.%d", rule->python_max);
}

/* The rule as Markdown: the page of docs/rules and `hotlint rule`. */
static void rule_markdown(hl_strbuf *out, const hotlint_rule_info *rule,
                          bool with_origin) {
  hl_strbuf_printf(out, "# %s (%s)\n\n", rule->name, rule->code);
  if (rule->summary && *rule->summary)
    hl_strbuf_printf(out, "%s\n\n", rule->summary);
  hl_strbuf_printf(out, "- severity: %s\n",
                   hotlint_severity_name(rule->severity));
  if (rule->category && *rule->category)
    hl_strbuf_printf(out, "- category: %s\n", rule->category);
  hl_strbuf_printf(out, "- hot-only: %s\n", rule->hot_only ? "yes" : "no");
  hl_strbuf_puts(out, "- python: ");
  put_python_range(out, rule);
  hl_strbuf_putc(out, '\n');
  if (with_origin && rule->origin && *rule->origin)
    hl_strbuf_printf(out, "- defined in: %s\n", rule->origin);
  if (rule->explanation && *rule->explanation) {
    size_t len = strlen(rule->explanation);
    hl_strbuf_printf(out, "\n%s%s", rule->explanation,
                     rule->explanation[len - 1] == '\n' ? "" : "\n");
  }
}

/* Markdown for a terminal: "## X" becomes "X" (underlined with '-' for
 * level 1 and 2), fenced code is indented by four spaces without its
 * fences, inline backticks are dropped. */
static void put_plain(FILE *out, const char *markdown) {
  bool in_code = false;
  const char *line = markdown;
  while (*line) {
    const char *end = strchr(line, '\n');
    size_t length = end ? (size_t)(end - line) : strlen(line);
    if (length >= 3 && !strncmp(line, "```", 3)) {
      in_code = !in_code;
    } else if (in_code) {
      fprintf(out, "    %.*s\n", (int)length, line);
    } else if (length && line[0] == '#') {
      size_t level = 0;
      while (level < length && line[level] == '#')
        level++;
      size_t start = level;
      while (start < length && line[start] == ' ')
        start++;
      fprintf(out, "%.*s\n", (int)(length - start), line + start);
      if (level <= 2) {
        for (size_t i = start; i < length; i++)
          fputc(level == 1 ? '=' : '-', out);
        fputc('\n', out);
      }
    } else {
      for (size_t i = 0; i < length; i++)
        if (line[i] != '`')
          fputc(line[i], out);
      fputc('\n', out);
    }
    if (!end)
      break;
    line = end + 1;
  }
}

static json_t *rule_json(const hotlint_rule_info *rule) {
  json_t *object = json_object();
  hl_strbuf range = {0};
  put_python_range(&range, rule);
  json_object_set_new(object, "code", json_string(rule->code));
  json_object_set_new(object, "name", json_string(rule->name));
  json_object_set_new(object, "summary", json_string(rule->summary));
  json_object_set_new(object, "severity",
                      json_string(hotlint_severity_name(rule->severity)));
  json_object_set_new(object, "category",
                      rule->category ? json_string(rule->category)
                                     : json_null());
  json_object_set_new(object, "hot_only", json_boolean(rule->hot_only));
  json_object_set_new(object, "python", json_string(hl_strbuf_cstr(&range)));
  json_object_set_new(object, "url",
                      rule->url ? json_string(rule->url) : json_null());
  json_object_set_new(object, "explanation",
                      json_string(rule->explanation ? rule->explanation : ""));
  json_object_set_new(object, "origin", json_string(rule->origin));
  hl_strbuf_free(&range);
  return object;
}

static void put_rule(FILE *out, const hotlint_rule_info *rule,
                     hl_output_format format, bool terminal) {
  if (format == HL_OUTPUT_CONCISE) {
    fprintf(out, "%s  %-36s %s\n", rule->code, rule->name,
            rule->summary ? rule->summary : "");
    return;
  }
  if (format == HL_OUTPUT_JSONL) {
    json_t *object = rule_json(rule);
    char *text = json_dumps(object, JSON_COMPACT | JSON_PRESERVE_ORDER);
    json_decref(object);
    if (text) {
      fprintf(out, "%s\n", text);
      free(text);
    }
    return;
  }
  hl_strbuf markdown = {0};
  rule_markdown(&markdown, rule, true);
  if (terminal)
    put_plain(out, hl_strbuf_cstr(&markdown));
  else
    fputs(hl_strbuf_cstr(&markdown), out);
  hl_strbuf_free(&markdown);
}

static hotlint_exit finish_output(hotlint_exit status) {
  if (fflush(stdout) != 0 || ferror(stdout)) {
    fprintf(stderr, "hotlint: cannot write the output\n");
    return HOTLINT_EXIT_ERROR;
  }
  return status;
}

hotlint_exit hl_command_rule(const hl_cli_options *options) {
  if (options->all_rules == (options->arguments.count == 1)) {
    fprintf(stderr, "hotlint: %s\nhint: try 'hotlint rule --help'\n",
            options->all_rules
                ? "give either a rule or --all, not both"
                : "the rule to show is missing: give a code, a name or --all");
    return HOTLINT_EXIT_ERROR;
  }
  if (options->output_format > HL_OUTPUT_JSONL) {
    fprintf(stderr, "hotlint: 'rule' prints full, concise, json or jsonl; the "
                    "other formats are for findings\n");
    return HOTLINT_EXIT_ERROR;
  }
  hotlint_error error = {{0}};
  hotlint_engine *engine = hl_cli_load_engine(options, &error);
  if (!engine) {
    fprintf(stderr, "hotlint: %s\n", error.message);
    return HOTLINT_EXIT_ERROR;
  }
  hotlint_exit status = HOTLINT_EXIT_CLEAN;
  hl_output_format format = options->output_format;
  bool terminal = isatty(STDOUT_FILENO) == 1;
  size_t first = 0, last = 0;
  if (options->all_rules) {
    last = hotlint_engine_rule_count(engine);
  } else {
    const char *key = options->arguments.items[0];
    long index = hotlint_engine_find_rule(engine, key);
    if (index < 0) {
      fprintf(stderr, "hotlint: unknown rule '%s'\n", key);
      hotlint_engine_delete(engine);
      return HOTLINT_EXIT_ERROR;
    }
    first = (size_t)index;
    last = first + 1;
  }
  if (format == HL_OUTPUT_JSON) {
    json_t *list = json_array();
    for (size_t i = first; i < last; i++)
      json_array_append_new(list, rule_json(hotlint_engine_rule(engine, i)));
    json_t *value =
        options->all_rules ? list : json_incref(json_array_get(list, 0));
    char *text = json_dumps(value, JSON_INDENT(2) | JSON_PRESERVE_ORDER);
    if (!options->all_rules)
      json_decref(value);
    json_decref(list);
    if (text) {
      printf("%s\n", text);
      free(text);
    }
  } else {
    for (size_t i = first; i < last; i++) {
      if (i > first && format == HL_OUTPUT_FULL)
        fputs("\n---\n\n", stdout);
      put_rule(stdout, hotlint_engine_rule(engine, i), format, terminal);
    }
  }
  hotlint_engine_delete(engine);
  return finish_output(status);
}

/* Writes `text` to DIR/NAME; false with error filled on failure. */
static bool write_page(const char *dir, const char *name, const char *text,
                       hotlint_error *error) {
  hl_strbuf path = {0};
  hl_strbuf_printf(&path, "%s/%s", dir, name);
  FILE *out = fopen(hl_strbuf_cstr(&path), "w");
  bool ok = out != NULL;
  if (ok) {
    fputs(text, out);
    ok = fclose(out) == 0;
  }
  if (!ok)
    snprintf(error->message, sizeof error->message, "cannot write '%s': %s",
             hl_strbuf_cstr(&path), strerror(errno));
  hl_strbuf_free(&path);
  return ok;
}

hotlint_exit hl_command_docs(const hl_cli_options *options) {
  if (options->arguments.count != 1) {
    fprintf(stderr, "hotlint: docs needs the directory to write into\n");
    return HOTLINT_EXIT_ERROR;
  }
  const char *dir = options->arguments.items[0];
  if (options->output_format > HL_OUTPUT_JSONL) {
    fprintf(stderr, "hotlint: 'rule' prints full, concise, json or jsonl; the "
                    "other formats are for findings\n");
    return HOTLINT_EXIT_ERROR;
  }
  hotlint_error error = {{0}};
  hotlint_engine *engine = hl_cli_load_engine(options, &error);
  if (!engine) {
    fprintf(stderr, "hotlint: %s\n", error.message);
    return HOTLINT_EXIT_ERROR;
  }
  hl_strbuf index = {0};
  hl_strbuf_puts(&index,
                 "# hotlint rules\n\n"
                 "Generated from `rules/*.yaml` by `hotlint docs` (the build's "
                 "`docs` target); do not edit.\n\n"
                 "| code | name | summary | hot-only | python |\n"
                 "|---|---|---|---|---|\n");
  bool ok = true;
  size_t count = hotlint_engine_rule_count(engine);
  for (size_t i = 0; i < count && ok; i++) {
    const hotlint_rule_info *rule = hotlint_engine_rule(engine, i);
    hl_strbuf page = {0};
    rule_markdown(&page, rule, false);
    hl_strbuf_printf(&page,
                     "\n---\nGenerated from `%s` by `hotlint docs`; do not "
                     "edit.\n",
                     rule->origin);
    hl_strbuf name = {0};
    hl_strbuf_printf(&name, "%s.md", rule->code);
    ok = write_page(dir, hl_strbuf_cstr(&name), hl_strbuf_cstr(&page), &error);
    hl_strbuf_free(&page);
    hl_strbuf_free(&name);
    hl_strbuf range = {0};
    put_python_range(&range, rule);
    hl_strbuf_printf(&index, "| [%s](%s.md) | %s | ", rule->code, rule->code,
                     rule->name);
    for (const char *c = rule->summary ? rule->summary : ""; *c; c++) {
      if (*c == '|')
        hl_strbuf_putc(&index, '\\'); /* keep the table's columns */
      hl_strbuf_putc(&index, *c == '\n' ? ' ' : *c);
    }
    hl_strbuf_printf(&index, " | %s | %s |\n", rule->hot_only ? "yes" : "no",
                     hl_strbuf_cstr(&range));
    hl_strbuf_free(&range);
  }
  if (ok)
    ok = write_page(dir, "README.md", hl_strbuf_cstr(&index), &error);
  hl_strbuf_free(&index);
  hotlint_engine_delete(engine);
  if (!ok) {
    fprintf(stderr, "hotlint: %s\n", error.message);
    return HOTLINT_EXIT_ERROR;
  }
  return HOTLINT_EXIT_CLEAN;
}
