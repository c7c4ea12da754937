/* The configurations of one `hotlint check` run: `--config FILE` for every
 * file, or else for each file the nearest configuration found by walking up
 * from its directory (hotlint.yaml first, then a pyproject.toml that has a
 * [tool.hotlint] table; a pyproject.toml without one is passed over, as
 * ruff does). Each directory is looked up once: the answer is cached for it
 * and for every directory the walk went through. Configurations are loaded
 * when first needed and owned here. */
#ifndef HOTLINT_CLI_CONFIGS_H
#define HOTLINT_CLI_CONFIGS_H

#include "base/array.h"
#include "config/config.h"
#include "hotlint/hotlint.h"

#include <stdbool.h>
#include <stddef.h>

typedef struct hl_config_slot {
  char *directory; /* absolute, normalised */
  long config;     /* index into configs, -1: none */
} hl_config_slot;

typedef struct hl_config_set {
  char *cwd;                     /* absolute */
  HL_ARRAY(hl_config *) configs; /* owned */
  hl_config_slot *slots;         /* open-addressing cache by directory */
  size_t slot_capacity, slot_count;
  long forced; /* --config: its index, else -1 */
  long root;   /* the configuration of the current directory (or
                  --config): the only one whose rules-dir is honoured */
  const hotlint_engine *engine; /* set by hl_config_set_attach */
} hl_config_set;

/* Loads `--config FILE` when `forced_path` is not NULL, else looks up the
 * configuration of the current directory. Returns false with error. Free
 * the set with hl_config_set_free either way. */
bool hl_config_set_init(hl_config_set *set, const char *forced_path,
                        hotlint_error *error);
void hl_config_set_free(hl_config_set *set);

/* Returns the root configuration (see `root`), or NULL. */
const hl_config *hl_config_set_root(const hl_config_set *set);

/* Checks the rule codes of the configurations loaded so far against the
 * compiled engine, and of every one loaded later. */
bool hl_config_set_attach(hl_config_set *set, const hotlint_engine *engine,
                          hotlint_error *error);

/* Finds the configuration of the file at `path` (relative to the current
 * directory or absolute): sets *index (-1: none) and the file's path
 * relative to that configuration's directory into *relative (caller frees;
 * NULL when there is no configuration). Returns false with error when a
 * configuration on the way is invalid. */
bool hl_config_set_find(hl_config_set *set, const char *path, long *index,
                        char **relative, hotlint_error *error);

/* Returns the absolute, lexically normalised form of `path` ("." and ".."
 * components resolved, no trailing slash); caller frees. */
char *hl_config_absolute_path(const char *cwd, const char *path);

#endif
