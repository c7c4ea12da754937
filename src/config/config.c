/* Configuration: the keys of `[tool.hotlint]` / hotlint.yaml, as one table
 * of key readers over the document tree (config/document.h), plus the
 * checks of rule codes against the engine and the globs of exclude and
 * per-file-ignores. */
#include "config/config.h"

#include "base/units.h"

#include "base/alloc.h"
#include "base/strbuf.h"
#include "source/read.h"

#include <ctype.h>
#include <fnmatch.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

enum { TARGET_MIN = 8, TARGET_MAX = 14 };

typedef struct config_reader {
  hl_config *config;
  const char *where; /* "[tool.hotlint]" or "hotlint.yaml" */
  hotlint_error *error;
} config_reader;

static bool fail_at(config_reader *reader, unsigned line, unsigned column,
                    const char *format, ...)
    __attribute__((format(printf, 4, 5)));

static bool fail_at(config_reader *reader, unsigned line, unsigned column,
                    const char *format, ...) {
  hotlint_error *error = reader->error;
  int n = snprintf(error->message, sizeof(error->message),
                   "%s:%u:%u: ", reader->config->path, line, column);
  if (n >= 0 && (size_t)n < sizeof(error->message)) {
    va_list args;
    va_start(args, format);
    vsnprintf(error->message + n, sizeof(error->message) - (size_t)n, format,
              args);
    va_end(args);
  }
  return false;
}

static bool wrong_type(config_reader *reader, const hl_cfg_node *value,
                       const char *key, const char *expected) {
  return fail_at(reader, value->line, value->column, "'%s' must be %s, not %s",
                 key, expected, hl_cfg_kind_name(value->kind));
}

static hl_config_item item_of(const hl_cfg_node *value) {
  hl_config_item item = {value->text, value->line, value->column};
  return item;
}

/* An array of strings into items. */
static bool read_strings(config_reader *reader, const hl_cfg_node *value,
                         const char *key, hl_config_items *items) {
  if (value->kind != HL_CFG_ARRAY)
    return wrong_type(reader, value, key, "an array of strings");
  for (size_t i = 0; i < value->child_count; i++) {
    const hl_cfg_node *element = value->children[i];
    if (element->kind != HL_CFG_STRING)
      return fail_at(reader, element->line, element->column,
                     "'%s' must be an array of strings, but this is %s", key,
                     hl_cfg_kind_name(element->kind));
    hl_array_push(items, item_of(element));
  }
  return true;
}

static bool read_select(config_reader *r, const hl_cfg_node *v) {
  r->config->has_select = true;
  return read_strings(r, v, "select", &r->config->select);
}

static bool read_extend_select(config_reader *r, const hl_cfg_node *v) {
  return read_strings(r, v, "extend-select", &r->config->extend_select);
}

static bool read_ignore(config_reader *r, const hl_cfg_node *v) {
  return read_strings(r, v, "ignore", &r->config->ignore);
}

static bool read_exclude(config_reader *r, const hl_cfg_node *v) {
  return read_strings(r, v, "exclude", &r->config->exclude);
}

static bool read_extend_exclude(config_reader *r, const hl_cfg_node *v) {
  return read_strings(r, v, "extend-exclude", &r->config->extend_exclude);
}

static bool read_per_file_ignores(config_reader *r, const hl_cfg_node *v) {
  if (v->kind != HL_CFG_TABLE)
    return wrong_type(r, v, "per-file-ignores",
                      "a table of globs to arrays of rule codes");
  for (size_t i = 0; i < v->child_count; i++) {
    const hl_cfg_node *codes = v->children[i];
    hl_config_per_file entry = {
        {codes->key, codes->key_line, codes->key_column}, {0}};
    bool ok = read_strings(r, codes, "per-file-ignores", &entry.codes);
    hl_array_push(&r->config->per_file_ignores, entry);
    if (!ok)
      return false;
  }
  return true;
}

/* "py311" -> 11; -1 when it is not py38 ... py314. */
static int parse_target(const char *text) {
  if (strncmp(text, "py3", 3) != 0 || !isdigit((unsigned char)text[3]) ||
      text[3] == '0')
    return -1;
  char *end;
  long minor = strtol(text + 3, &end, 10);
  if (*end || minor < TARGET_MIN || minor > TARGET_MAX)
    return -1;
  return (int)minor;
}

static bool read_target_version(config_reader *r, const hl_cfg_node *v) {
  static const char expected[] =
      "one of py38, py39, py310, py311, py312, py313, py314";
  if (v->kind != HL_CFG_STRING)
    return wrong_type(r, v, "target-version", expected);
  int minor = parse_target(v->text);
  if (minor < 0)
    return fail_at(r, v->line, v->column,
                   "invalid 'target-version' '%s': expected %s", v->text,
                   expected);
  r->config->target_minor = minor;
  return true;
}

/* The text of a limit's value into out: a string as it is, a number as
 * written without TOML's digit separators ("10_000_000"). False when the
 * value is neither (a float counts as a number only when float_ok). */
static bool limit_text(const hl_cfg_node *v, bool float_ok, char *out,
                       size_t size) {
  if (v->kind == HL_CFG_STRING) {
    snprintf(out, size, "%s", v->text);
    return true;
  }
  if (v->kind != HL_CFG_INTEGER && !(float_ok && v->kind == HL_CFG_FLOAT))
    return false;
  size_t n = 0;
  for (const char *p = v->text; *p && n + 1 < size; p++)
    if (*p != '_')
      out[n++] = *p;
  out[n] = '\0';
  return true;
}

static bool read_max_file_size(config_reader *r, const hl_cfg_node *v) {
  static const char expected[] =
      "a size in bytes: a whole number, or a string such as \"10MB\" or "
      "\"512KiB\" (0: no limit)";
  char text[64];
  if (!limit_text(v, false, text, sizeof text))
    return wrong_type(r, v, "max-file-size", expected);
  if (!hl_parse_size(text, &r->config->max_file_size))
    return fail_at(r, v->line, v->column,
                   "invalid 'max-file-size' '%s': expected %s", v->text,
                   expected);
  r->config->has_max_file_size = true;
  return true;
}

static bool read_file_time_limit(config_reader *r, const hl_cfg_node *v) {
  static const char expected[] =
      "a number of seconds, or a string such as \"10s\" or \"500ms\" (0: "
      "no limit)";
  char text[64];
  if (!limit_text(v, true, text, sizeof text))
    return wrong_type(r, v, "file-time-limit", expected);
  if (!hl_parse_duration_ms(text, &r->config->file_time_limit_ms))
    return fail_at(r, v->line, v->column,
                   "invalid 'file-time-limit' '%s': expected %s", v->text,
                   expected);
  r->config->has_file_time_limit = true;
  return true;
}

static bool is_identifier(const char *s, size_t length) {
  if (length == 0 || isdigit((unsigned char)s[0]))
    return false;
  for (size_t i = 0; i < length; i++)
    if (!isalnum((unsigned char)s[i]) && s[i] != '_' &&
        !((unsigned char)s[i] & 0x80))
      return false;
  return true;
}

/* "parse", "Parser.parse", "path/to/file.py:parse". */
static bool read_hot_functions(config_reader *r, const hl_cfg_node *v) {
  hl_config_items items = {0};
  bool ok = read_strings(r, v, "hot-functions", &items);
  hl_config *config = r->config;
  for (size_t i = 0; ok && i < items.count; i++) {
    const hl_config_item *item = &items.items[i];
    const char *colon = strrchr(item->text, ':');
    const char *name = colon ? colon + 1 : item->text;
    const char *dot = strchr(name, '.');
    bool valid = colon != item->text &&
                 (dot ? is_identifier(name, (size_t)(dot - name)) &&
                            is_identifier(dot + 1, strlen(dot + 1))
                      : is_identifier(name, strlen(name)));
    if (!valid) {
      ok = fail_at(r, item->line, item->column,
                   "invalid entry '%s' in 'hot-functions': expected "
                   "'function', 'Class.method' or 'path/file.py:function'",
                   item->text);
      break;
    }
    hl_strbuf reason = {0};
    hl_strbuf_printf(&reason, "listed in `hot-functions` of %s", config->path);
    hotlint_hot_function hot = {
        hl_arena_strndup(&config->document.arena, name, strlen(name)),
        colon ? hl_arena_strndup(&config->document.arena, item->text,
                                 (size_t)(colon - item->text))
              : NULL,
        hl_arena_strndup(&config->document.arena, hl_strbuf_cstr(&reason),
                         reason.len)};
    hl_strbuf_free(&reason);
    hl_array_push(&config->hot_functions, hot);
  }
  hl_array_free(&items);
  return ok;
}

static bool read_rules_dir(config_reader *r, const hl_cfg_node *v) {
  if (v->kind == HL_CFG_STRING) {
    hl_array_push(&r->config->rules_dirs, item_of(v));
    return true;
  }
  if (v->kind != HL_CFG_ARRAY)
    return wrong_type(r, v, "rules-dir",
                      "a directory (a string) or an array of directories");
  return read_strings(r, v, "rules-dir", &r->config->rules_dirs);
}

static bool read_rules(config_reader *r, const hl_cfg_node *v) {
  if (v->kind != HL_CFG_TABLE)
    return wrong_type(r, v, "rules", "a table of rule codes to options");
  for (size_t i = 0; i < v->child_count; i++) {
    const hl_cfg_node *options = v->children[i];
    hl_config_rule rule = {
        {options->key, options->key_line, options->key_column}, -1};
    if (options->kind != HL_CFG_TABLE)
      return wrong_type(r, options, options->key, "a table of rule options");
    for (size_t j = 0; j < options->child_count; j++) {
      const hl_cfg_node *option = options->children[j];
      if (strcmp(option->key, "hot-only") != 0)
        return fail_at(r, option->key_line, option->key_column,
                       "unknown key '%s' in the options of rule '%s' "
                       "(known: hot-only)",
                       option->key, options->key);
      if (option->kind != HL_CFG_BOOLEAN)
        return wrong_type(r, option, "hot-only", "a boolean");
      rule.hot_only = option->boolean ? 1 : 0;
    }
    hl_array_push(&r->config->rules, rule);
  }
  return true;
}

typedef bool (*key_reader)(config_reader *reader, const hl_cfg_node *value);

static const struct config_key {
  const char *name;
  key_reader read;
} config_keys[] = {
    {"select", read_select},
    {"extend-select", read_extend_select},
    {"ignore", read_ignore},
    {"per-file-ignores", read_per_file_ignores},
    {"exclude", read_exclude},
    {"extend-exclude", read_extend_exclude},
    {"target-version", read_target_version},
    {"hot-functions", read_hot_functions},
    {"rules-dir", read_rules_dir},
    {"max-file-size", read_max_file_size},
    {"file-time-limit", read_file_time_limit},
    {"rules", read_rules},
};

enum { CONFIG_KEY_COUNT = sizeof(config_keys) / sizeof(config_keys[0]) };

static bool read_settings(config_reader *reader, const hl_cfg_node *table) {
  for (size_t i = 0; i < table->child_count; i++) {
    const hl_cfg_node *value = table->children[i];
    const struct config_key *known = NULL;
    for (size_t k = 0; k < CONFIG_KEY_COUNT && !known; k++)
      if (!strcmp(config_keys[k].name, value->key))
        known = &config_keys[k];
    if (!known)
      return fail_at(reader, value->key_line, value->key_column,
                     "unknown key '%s' in %s", value->key, reader->where);
    if (!known->read(reader, value))
      return false;
  }
  return true;
}

int hl_config_requires_python_minor(const char *specifier) {
  int lowest = 0;
  const char *p = specifier;
  bool any = false;
  while (*p) {
    while (isspace((unsigned char)*p))
      p++;
    const char *op = p;
    while (*p == '>' || *p == '<' || *p == '=' || *p == '~' || *p == '!')
      p++;
    size_t op_length = (size_t)(p - op);
    while (isspace((unsigned char)*p))
      p++;
    char *end;
    long major = strtol(p, &end, 10);
    if (end == p || op_length == 0)
      return -1;
    long minor = 0;
    if (*end == '.') {
      const char *q = end + 1;
      minor = strtol(q, &end, 10);
      if (end == q)
        return -1;
    }
    while (*end == '.' || *end == '*' || isalnum((unsigned char)*end))
      end++;
    p = end;
    while (isspace((unsigned char)*p))
      p++;
    if (*p == ',')
      p++;
    else if (*p)
      return -1;
    any = true;
    bool lower_bound =
        (op_length == 2 && (!strncmp(op, ">=", 2) || !strncmp(op, "==", 2) ||
                            !strncmp(op, "~=", 2))) ||
        (op_length == 1 && *op == '>') ||
        (op_length == 3 && !strncmp(op, "===", 3));
    if (!lower_bound)
      continue;
    int version = major < 3 ? 0 : major > 3 ? 99 : (int)minor;
    if (version > lowest)
      lowest = version;
  }
  return any ? lowest : -1;
}

/* `requires-python` of [project], when target-version is not set. */
static bool read_requires_python(config_reader *reader,
                                 const hl_cfg_node *root) {
  const hl_cfg_node *value =
      hl_cfg_table_get(hl_cfg_table_get(root, "project"), "requires-python");
  if (!value || reader->config->target_minor)
    return true;
  if (value->kind != HL_CFG_STRING)
    return wrong_type(reader, value, "requires-python", "a string");
  int minor = hl_config_requires_python_minor(value->text);
  if (minor < 0)
    return fail_at(reader, value->line, value->column,
                   "invalid 'requires-python' '%s': expected a version "
                   "specifier such as '>=3.10'",
                   value->text);
  if (minor == 0)
    return true;
  reader->config->target_minor = minor < TARGET_MIN   ? TARGET_MIN
                                 : minor > TARGET_MAX ? TARGET_MAX
                                                      : minor;
  return true;
}

hl_config_status hl_config_load_text(const char *shown, const char *directory,
                                     bool yaml, const char *text, size_t length,
                                     hl_config *config, hotlint_error *error) {
  memset(config, 0, sizeof(*config));
  config->path = hl_strdup(shown);
  config->directory = hl_strdup(directory);
  bool parsed =
      yaml ? hl_cfg_parse_yaml(shown, text, length, &config->document, error)
           : hl_cfg_parse_toml(shown, text, length, &config->document, error);
  if (!parsed)
    return HL_CONFIG_FAILED;
  const hl_cfg_node *root = config->document.root;
  config_reader reader = {config, yaml ? "the configuration" : "[tool.hotlint]",
                          error};
  const hl_cfg_node *settings = root;
  if (!yaml) {
    const hl_cfg_node *tool = hl_cfg_table_get(root, "tool");
    settings = hl_cfg_table_get(tool, "hotlint");
    if (tool && tool->kind != HL_CFG_TABLE) {
      wrong_type(&reader, tool, "tool", "a table");
      return HL_CONFIG_FAILED;
    }
    if (!settings)
      return HL_CONFIG_ABSENT;
    if (settings->kind != HL_CFG_TABLE) {
      wrong_type(&reader, settings, "tool.hotlint", "a table");
      return HL_CONFIG_FAILED;
    }
  }
  if (!read_settings(&reader, settings))
    return HL_CONFIG_FAILED;
  if (!yaml && !read_requires_python(&reader, root))
    return HL_CONFIG_FAILED;
  return HL_CONFIG_LOADED;
}

static bool is_yaml_path(const char *path) {
  size_t n = strlen(path);
  return (n >= 5 && !strcmp(path + n - 5, ".yaml")) ||
         (n >= 4 && !strcmp(path + n - 4, ".yml"));
}

hl_config_status hl_config_load(const char *path, const char *shown,
                                const char *directory, hl_config *config,
                                hotlint_error *error) {
  memset(config, 0, sizeof(*config));
  hl_file_contents contents;
  if (!hl_read_file(path, &contents, error))
    return HL_CONFIG_FAILED;
  hl_config_status status =
      hl_config_load_text(shown, directory, is_yaml_path(path), contents.data,
                          contents.length, config, error);
  hl_file_contents_free(&contents);
  return status;
}

void hl_config_free(hl_config *config) {
  hl_free(config->path);
  hl_free(config->directory);
  hl_array_free(&config->select);
  hl_array_free(&config->extend_select);
  hl_array_free(&config->ignore);
  for (size_t i = 0; i < config->per_file_ignores.count; i++)
    hl_array_free(&config->per_file_ignores.items[i].codes);
  hl_array_free(&config->per_file_ignores);
  hl_array_free(&config->exclude);
  hl_array_free(&config->extend_exclude);
  hl_array_free(&config->hot_functions);
  hl_array_free(&config->rules_dirs);
  hl_array_free(&config->rules);
  hl_cfg_document_free(&config->document);
  memset(config, 0, sizeof(*config));
}

static bool check_selectors(const hl_config *config,
                            const hotlint_engine *engine,
                            const hl_config_items *items, bool *scratch,
                            hotlint_error *error) {
  for (size_t i = 0; i < items->count; i++) {
    const hl_config_item *item = &items->items[i];
    const char *one[1] = {item->text};
    hotlint_error why;
    if (!hotlint_select_rules(engine, one, 1, NULL, 0, NULL, 0, scratch,
                              &why)) {
      snprintf(error->message, sizeof(error->message), "%s:%u:%u: %.900s",
               config->path, item->line, item->column, why.message);
      return false;
    }
  }
  return true;
}

bool hl_config_check_rules(const hl_config *config,
                           const hotlint_engine *engine, hotlint_error *error) {
  size_t count = hotlint_engine_rule_count(engine);
  bool *scratch = hl_calloc(count ? count : 1, sizeof(bool));
  bool ok =
      check_selectors(config, engine, &config->select, scratch, error) &&
      check_selectors(config, engine, &config->extend_select, scratch, error) &&
      check_selectors(config, engine, &config->ignore, scratch, error);
  for (size_t i = 0; ok && i < config->per_file_ignores.count; i++)
    ok = check_selectors(config, engine,
                         &config->per_file_ignores.items[i].codes, scratch,
                         error);
  for (size_t i = 0; ok && i < config->rules.count; i++) {
    const hl_config_item *code = &config->rules.items[i].code;
    if (hotlint_engine_find_rule(engine, code->text) < 0) {
      snprintf(error->message, sizeof(error->message),
               "%s:%u:%u: unknown rule '%s' in 'rules' (use a code like "
               "HOT101 or a name like import-in-function)",
               config->path, code->line, code->column, code->text);
      ok = false;
    }
  }
  hl_free(scratch);
  return ok;
}

void hl_config_hot_only(const hl_config *config, const hotlint_engine *engine,
                        signed char *hot_only) {
  size_t count = hotlint_engine_rule_count(engine);
  memset(hot_only, -1, count);
  for (size_t i = 0; i < config->rules.count; i++) {
    long index =
        hotlint_engine_find_rule(engine, config->rules.items[i].code.text);
    if (index >= 0 && config->rules.items[i].hot_only >= 0)
      hot_only[index] = config->rules.items[i].hot_only;
  }
}

bool hl_config_glob_matches(const char *pattern, const char *relative) {
  if (fnmatch(pattern, relative, 0) == 0)
    return true;
  /* leading directories ("tests/legacy" of "tests/legacy/a.py") and single
   * components ("legacy", "a.py") */
  const char *start = relative;
  for (const char *p = relative;; p++) {
    if (*p != '/' && *p != '\0')
      continue;
    char *prefix = hl_strndup(relative, (size_t)(p - relative));
    char *component = hl_strndup(start, (size_t)(p - start));
    bool hit =
        fnmatch(pattern, prefix, 0) == 0 || fnmatch(pattern, component, 0) == 0;
    hl_free(prefix);
    hl_free(component);
    if (hit)
      return true;
    if (*p == '\0')
      return false;
    start = p + 1;
  }
}

bool hl_config_excludes(const hl_config *config, const char *relative) {
  for (size_t i = 0; i < config->exclude.count; i++)
    if (hl_config_glob_matches(config->exclude.items[i].text, relative))
      return true;
  for (size_t i = 0; i < config->extend_exclude.count; i++)
    if (hl_config_glob_matches(config->extend_exclude.items[i].text, relative))
      return true;
  return false;
}
