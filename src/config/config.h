/* Configuration: one hotlint configuration file, read and validated.
 * `[tool.hotlint]` of a pyproject.toml (read with tree-sitter-toml) or the
 * top level of a hotlint.yaml (libyaml); the same kebab-case keys as ruff
 * (`select`, `extend-select`, `ignore`, `per-file-ignores`, `exclude`,
 * `extend-exclude`, `target-version`, `hot-functions`, `rules-dir`), the
 * limits `max-file-size` and `file-time-limit`, and
 * per-rule options (`[tool.hotlint.rules.HOT101] hot-only = false`).
 * Loading checks the keys and their types; hl_config_check_rules then checks
 * every rule code and selector against an engine (rules-dir may add rules,
 * so that comes after the engine is compiled). Every error names the file,
 * line and column. An hl_config owns all it holds; nothing here prints. */
#ifndef HOTLINT_CONFIG_CONFIG_H
#define HOTLINT_CONFIG_CONFIG_H

#include "base/array.h"
#include "config/document.h"
#include "hotlint/hotlint.h"

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

/* A string of the configuration and where it was written. */
typedef struct hl_config_item {
  const char *text;
  unsigned line, column;
} hl_config_item;

typedef HL_ARRAY(hl_config_item) hl_config_items;

/* `per-file-ignores`: a glob (relative to the configuration's directory)
 * and the rules it turns off. */
typedef struct hl_config_per_file {
  hl_config_item pattern;
  hl_config_items codes;
} hl_config_per_file;

/* `[tool.hotlint.rules.CODE]`: options of one rule. */
typedef struct hl_config_rule {
  hl_config_item code;
  signed char hot_only; /* -1: not set, 0 or 1 */
} hl_config_rule;

typedef struct hl_config {
  char *path;      /* the file, as it is shown in messages */
  char *directory; /* its directory: what relative paths start from */
  bool has_select;
  hl_config_items select, extend_select, ignore;
  HL_ARRAY(hl_config_per_file) per_file_ignores;
  hl_config_items exclude, extend_exclude;
  int target_minor; /* from target-version, else requires-python; 0: unset */
  HL_ARRAY(hotlint_hot_function) hot_functions; /* reason names the file */
  hl_config_items rules_dirs; /* text: resolved against `directory` */
  bool has_max_file_size;
  uint64_t max_file_size; /* bytes; 0: no limit */
  bool has_file_time_limit;
  unsigned file_time_limit_ms; /* 0: no limit */
  HL_ARRAY(hl_config_rule) rules;
  hl_cfg_document document; /* owns the strings above */
} hl_config;

typedef enum hl_config_status {
  HL_CONFIG_LOADED,
  HL_CONFIG_ABSENT, /* a pyproject.toml without [tool.hotlint] */
  HL_CONFIG_FAILED, /* error filled */
} hl_config_status;

/* Reads the configuration file at `path` (a *.yaml / *.yml file is YAML,
 * anything else TOML with a [tool.hotlint] table), shown as `shown` in
 * messages; `directory` is where its relative paths start. Free `config`
 * with hl_config_free whatever the status. */
hl_config_status hl_config_load(const char *path, const char *shown,
                                const char *directory, hl_config *config,
                                hotlint_error *error);

/* Same, from text already in memory (the unit tests). */
hl_config_status hl_config_load_text(const char *shown, const char *directory,
                                     bool yaml, const char *text, size_t length,
                                     hl_config *config, hotlint_error *error);

void hl_config_free(hl_config *config);

/* Checks every selector (select, extend-select, ignore, per-file-ignores)
 * and every rule code of `rules` against the compiled engine. Returns
 * false with "FILE:LINE:COLUMN: unknown rule selector 'X' ..." in error. */
bool hl_config_check_rules(const hl_config *config,
                           const hotlint_engine *engine, hotlint_error *error);

/* Fills hot_only[i] (-1, 0, 1) for every rule i of the engine from the
 * `rules` table; call after hl_config_check_rules succeeded. */
void hl_config_hot_only(const hl_config *config, const hotlint_engine *engine,
                        signed char *hot_only);

/* True if the glob `pattern` matches `relative` (a path relative to the
 * configuration's directory), its file name, one of its components, or one
 * of its leading directories. '*' matches '/' too, as in ruff's globs. */
bool hl_config_glob_matches(const char *pattern, const char *relative);

/* Whether the configuration's `exclude` or `extend-exclude` matches the
 * path `relative` to its directory. */
bool hl_config_excludes(const hl_config *config, const char *relative);

/* Returns the minor version a PEP 440 specifier allows at the lowest
 * (">=3.10" -> 10, "~=3.9" -> 9, ">=3.8,<4" -> 8); 0 when it sets no lower
 * bound; -1 when it is not a valid specifier. */
int hl_config_requires_python_minor(const char *specifier);

#endif
