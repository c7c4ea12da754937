/* The check options of each file: the command line (hl_cli_options) as a
 * layer above the file's configuration (cli/configs.h), as ruff does —
 * --select starts over, --extend-select adds, --ignore removes, the
 * configuration's per-file-ignores apply last — plus the configuration's
 * target version, hot functions and per-rule hot-only, and a profile's hot
 * functions. Files that share a configuration and the same matching
 * per-file-ignores share one option set. Used by `check` and by the
 * language server (per document).
 *
 * Owns the option sets; the engine, command line, configurations and
 * profile are the caller's and must outlive it. */
#ifndef HOTLINT_CLI_FILE_OPTIONS_H
#define HOTLINT_CLI_FILE_OPTIONS_H

#include "base/array.h"
#include "base/hash.h"
#include "cli/configs.h"
#include "cli/options.h"
#include "model/profile.h"

/* The options of the files that share a configuration and the same
 * matching per-file-ignores entries. Owns its arrays. */
typedef struct hl_option_set {
  long config;   /* -1: no configuration */
  bool *matched; /* per per-file-ignores entry of the configuration */
  size_t matched_count;
  hotlint_check_options options;
  bool *enabled;
  signed char *hot_only;
  hotlint_hot_function *hot;
  hl_hash128 cache_key;   /* the run's key for the cache, per option set */
  uint64_t max_file_size; /* bytes; 0: no limit */
} hl_option_set;

typedef struct hl_file_options {
  const hotlint_engine *engine;
  const hl_cli_options *cli;
  hl_config_set *configs;
  const bool *plain_enabled; /* the command line's selection alone */
  const hl_profile *profile;
  HL_ARRAY(hl_option_set) sets;
} hl_file_options;

void hl_file_options_init(hl_file_options *file_options,
                          const hotlint_engine *engine,
                          const hl_cli_options *cli, hl_config_set *configs,
                          const bool *plain_enabled, const hl_profile *profile);
void hl_file_options_release(hl_file_options *file_options);

/* The command line's --select/--extend-select/--ignore alone, per rule
 * (free with hl_free); NULL with error when a selector is unknown. */
bool *hl_file_options_select(const hotlint_engine *engine,
                             const hl_cli_options *options,
                             hotlint_error *error);

/* The index in file_options->sets of the set for configuration
 * `config_index` (-1: none) and these matching per-file-ignores, created
 * when new. Takes `matched`. */
size_t hl_file_options_set(hl_file_options *file_options, long config_index,
                           bool *matched);

/* The set of the file at `path` (relative to the current directory or
 * absolute): finds its configuration and matches its per-file-ignores.
 * *config_out (may be NULL) gets the configuration or NULL, and
 * *relative_out (may be NULL; caller frees) the path relative to the
 * configuration's directory. False with error when a configuration on the
 * way is invalid. */
bool hl_file_options_for_path(hl_file_options *file_options, const char *path,
                              size_t *set, const hl_config **config_out,
                              char **relative_out, hotlint_error *error);

#endif
