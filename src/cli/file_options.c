/* The check options of each file. See file_options.h. */
#include "cli/file_options.h"

#include "base/alloc.h"

#include <string.h>

/* Resolves --select/--extend-select/--ignore into enabled[]; NULL with
 * error filled when a selector is unknown. */
static bool *select_rules(const hotlint_engine *engine,
                          const hl_cli_options *options, hotlint_error *error) {
  size_t rule_count = hotlint_engine_rule_count(engine);
  bool *enabled = hl_calloc(rule_count ? rule_count : 1, sizeof(bool));
  const char *const *select =
      options->has_select ? (const char *const *)options->select.items : NULL;
  /* An explicit but empty --select means no rule at all; pass a non-NULL
   * pointer even when the list holds nothing. */
  static const char *const empty_list[1] = {NULL};
  if (options->has_select && !select)
    select = empty_list;
  if (!hotlint_select_rules(engine, select, options->select.count,
                            (const char *const *)options->extend_select.items,
                            options->extend_select.count,
                            (const char *const *)options->ignore.items,
                            options->ignore.count, enabled, error)) {
    hl_free(enabled);
    return NULL;
  }
  return enabled;
}

/* Fills `out` with the rules a list of selectors names (an empty list
 * names none). The selectors were checked before. */
static void selector_set(const hotlint_engine *engine, const char *const *list,
                         size_t count, bool *out) {
  static const char *const empty_list[1] = {NULL};
  hotlint_error ignored;
  if (!hotlint_select_rules(engine, count ? list : empty_list, count, NULL, 0,
                            NULL, 0, out, &ignored))
    memset(out, 0, hotlint_engine_rule_count(engine) * sizeof(bool));
}

static const char **item_texts(const hl_config_items *items) {
  const char **texts = hl_calloc(items->count + 1, sizeof(char *));
  for (size_t i = 0; i < items->count; i++)
    texts[i] = items->items[i].text;
  return texts;
}

/* Removes from enabled the rules a list of config items names. */
static void subtract_items(const hotlint_engine *engine,
                           const hl_config_items *items, bool *enabled,
                           bool *scratch) {
  const char **texts = item_texts(items);
  selector_set(engine, texts, items->count, scratch);
  for (size_t i = 0; i < hotlint_engine_rule_count(engine); i++)
    if (scratch[i])
      enabled[i] = false;
  hl_free(texts);
}

/* The command line is a layer above the configuration, as in ruff:
 * --select starts over (the configuration's select, extend-select and
 * ignore no longer apply); otherwise the configuration selects and
 * --extend-select adds and --ignore removes on top. per-file-ignores apply
 * last, whatever the command line says. */
static bool *config_enabled(const hotlint_engine *engine,
                            const hl_cli_options *options,
                            const hl_config *config, const bool *matched) {
  size_t rule_count = hotlint_engine_rule_count(engine);
  hotlint_error ignored;
  bool *enabled;
  bool *scratch = hl_calloc(rule_count ? rule_count : 1, sizeof(bool));
  if (options->has_select) {
    enabled = select_rules(engine, options, &ignored);
  } else {
    enabled = hl_calloc(rule_count ? rule_count : 1, sizeof(bool));
    const char **select = item_texts(&config->select);
    const char **extend = item_texts(&config->extend_select);
    const char **ignore = item_texts(&config->ignore);
    static const char *const empty_list[1] = {NULL};
    const char *const *chosen = !config->has_select ? NULL
                                : config->select.count > 0
                                    ? (const char *const *)select
                                    : empty_list;
    if (!hotlint_select_rules(
            engine, chosen, config->select.count, (const char *const *)extend,
            config->extend_select.count, (const char *const *)ignore,
            config->ignore.count, enabled, &ignored))
      memset(enabled, 0, rule_count * sizeof(bool));
    hl_free(select);
    hl_free(extend);
    hl_free(ignore);
    selector_set(engine, (const char *const *)options->extend_select.items,
                 options->extend_select.count, scratch);
    for (size_t i = 0; i < rule_count; i++)
      enabled[i] = enabled[i] || scratch[i];
    selector_set(engine, (const char *const *)options->ignore.items,
                 options->ignore.count, scratch);
    for (size_t i = 0; i < rule_count; i++)
      if (scratch[i])
        enabled[i] = false;
  }
  for (size_t p = 0; p < config->per_file_ignores.count; p++)
    if (matched[p])
      subtract_items(engine, &config->per_file_ignores.items[p].codes, enabled,
                     scratch);
  hl_free(scratch);
  return enabled;
}

/* Returns the index of the option set for this configuration and these
 * matching per-file-ignores, creating it. Takes `matched`. */
size_t hl_file_options_set(hl_file_options *file_options, long config_index,
                           bool *matched) {
  const hotlint_engine *engine = file_options->engine;
  const hl_cli_options *options = file_options->cli;
  const hl_config_set *configs = file_options->configs;
  const bool *plain_enabled = file_options->plain_enabled;
  const hl_profile *profile = file_options->profile;
  const hl_config *config =
      config_index >= 0 ? configs->configs.items[config_index] : NULL;
  size_t matched_count = config ? config->per_file_ignores.count : 0;
  for (size_t i = 0; i < file_options->sets.count; i++) {
    hl_option_set *set = &file_options->sets.items[i];
    if (set->config == config_index &&
        (matched_count == 0 ||
         !memcmp(set->matched, matched, matched_count * sizeof(bool)))) {
      hl_free(matched);
      return i;
    }
  }
  hl_option_set set = {.config = config_index,
                       .matched = matched,
                       .matched_count = matched_count};
  set.options.target_minor = options->target_minor;
  set.options.time_limit_ms = options->file_time_limit_ms;
  set.max_file_size = options->max_file_size;
  set.options.enabled = plain_enabled;
  set.options.hot_functions = profile->hot;
  set.options.hot_function_count = profile->hot_count;
  if (config) {
    size_t rule_count = hotlint_engine_rule_count(engine);
    set.enabled = config_enabled(engine, options, config, matched);
    set.options.enabled = set.enabled;
    if (!options->has_target_version && config->target_minor)
      set.options.target_minor = config->target_minor;
    if (!options->has_file_time_limit && config->has_file_time_limit)
      set.options.time_limit_ms = config->file_time_limit_ms;
    if (!options->has_max_file_size && config->has_max_file_size)
      set.max_file_size = config->max_file_size;
    set.hot_only = hl_malloc(rule_count ? rule_count : 1);
    hl_config_hot_only(config, engine, set.hot_only);
    set.options.hot_only = set.hot_only;
    size_t hot_count = profile->hot_count + config->hot_functions.count;
    set.hot =
        hl_calloc(hot_count ? hot_count : 1, sizeof(hotlint_hot_function));
    if (profile->hot_count)
      memcpy(set.hot, profile->hot,
             profile->hot_count * sizeof(hotlint_hot_function));
    if (config->hot_functions.count)
      memcpy(set.hot + profile->hot_count, config->hot_functions.items,
             config->hot_functions.count * sizeof(hotlint_hot_function));
    set.options.hot_functions = set.hot;
    set.options.hot_function_count = hot_count;
  }
  hl_array_push(&file_options->sets, set);
  return file_options->sets.count - 1;
}

void hl_file_options_release(hl_file_options *file_options) {
  for (size_t i = 0; i < file_options->sets.count; i++) {
    hl_free(file_options->sets.items[i].matched);
    hl_free(file_options->sets.items[i].enabled);
    hl_free(file_options->sets.items[i].hot_only);
    hl_free(file_options->sets.items[i].hot);
  }
  hl_array_free(&file_options->sets);
}

void hl_file_options_init(hl_file_options *file_options,
                          const hotlint_engine *engine,
                          const hl_cli_options *cli, hl_config_set *configs,
                          const bool *plain_enabled,
                          const hl_profile *profile) {
  memset(file_options, 0, sizeof *file_options);
  file_options->engine = engine;
  file_options->cli = cli;
  file_options->configs = configs;
  file_options->plain_enabled = plain_enabled;
  file_options->profile = profile;
}

bool *hl_file_options_select(const hotlint_engine *engine,
                             const hl_cli_options *options,
                             hotlint_error *error) {
  return select_rules(engine, options, error);
}

bool hl_file_options_for_path(hl_file_options *file_options, const char *path,
                              size_t *set, const hl_config **config_out,
                              char **relative_out, hotlint_error *error) {
  long index;
  char *relative;
  if (!hl_config_set_find(file_options->configs, path, &index, &relative,
                          error))
    return false;
  const hl_config *config =
      index >= 0 ? file_options->configs->configs.items[index] : NULL;
  size_t matched_count = config ? config->per_file_ignores.count : 0;
  bool *matched = hl_calloc(matched_count ? matched_count : 1, sizeof(bool));
  for (size_t p = 0; p < matched_count; p++)
    matched[p] = hl_config_glob_matches(
        config->per_file_ignores.items[p].pattern.text, relative);
  *set = hl_file_options_set(file_options, index, matched);
  if (config_out)
    *config_out = config;
  if (relative_out)
    *relative_out = relative;
  else
    hl_free(relative);
  return true;
}
