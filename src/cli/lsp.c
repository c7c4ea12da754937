/* `hotlint lsp`: the language server on stdin/stdout (src/lsp/server.h),
 * with the rules the command line would load, and each document's options
 * from its project configuration (the nearest hotlint.yaml or
 * pyproject.toml with [tool.hotlint], as `check` finds them; a file the
 * configuration excludes gets no findings). Log lines go to stderr. */
#include "cli/cli.h"

#include "base/alloc.h"
#include "cli/configs.h"
#include "cli/file_options.h"
#include "lsp/server.h"

#include <stdio.h>
#include <string.h>
#include <unistd.h>

/* The configurations, loaded as documents need them; reloaded when
 * configuration files change. */
typedef struct lsp_configs {
  const hotlint_engine *engine;
  const hl_cli_options *cli;
  bool loaded;
  hl_config_set configs;
  hl_file_options file_options;
  bool *plain_enabled;
  hl_profile profile; /* empty: no --profile for the server */
  bool *none;         /* no rule: for excluded files */
  hotlint_check_options excluded;
} lsp_configs;

static void unload(lsp_configs *c) {
  if (!c->loaded)
    return;
  hl_file_options_release(&c->file_options);
  hl_config_set_free(&c->configs);
  c->loaded = false;
}

static bool load(lsp_configs *c) {
  hotlint_error error = {{0}};
  if (!hl_config_set_init(&c->configs, c->cli->config_file, &error) ||
      !hl_config_set_attach(&c->configs, c->engine, &error)) {
    fprintf(stderr, "hotlint lsp: %s; using the defaults\n", error.message);
    hl_config_set_free(&c->configs);
    return false;
  }
  hl_file_options_init(&c->file_options, c->engine, c->cli, &c->configs,
                       c->plain_enabled, &c->profile);
  c->loaded = true;
  return true;
}

static const hotlint_check_options *options_for(void *context,
                                                const char *path) {
  lsp_configs *c = context;
  if (!c->loaded && !load(c))
    return NULL;
  size_t set;
  const hl_config *config;
  char *relative = NULL;
  hotlint_error error = {{0}};
  if (!hl_file_options_for_path(&c->file_options, path, &set, &config,
                                &relative, &error)) {
    fprintf(stderr, "hotlint lsp: %s\n", error.message);
    return NULL;
  }
  bool excluded = config && relative && hl_config_excludes(config, relative);
  hl_free(relative);
  if (excluded)
    return &c->excluded;
  return &c->file_options.sets.items[set].options;
}

static void reset(void *context) {
  unload(context);
}

hotlint_exit hl_command_lsp(const hl_cli_options *options) {
  hotlint_error error = {{0}};
  hotlint_engine *engine = hl_cli_load_engine(options, &error);
  if (!engine) {
    fprintf(stderr, "hotlint lsp: %s\n", error.message);
    return HOTLINT_EXIT_ERROR;
  }
  lsp_configs configs;
  memset(&configs, 0, sizeof configs);
  configs.engine = engine;
  configs.cli = options;
  configs.plain_enabled = hl_file_options_select(engine, options, &error);
  size_t rule_count = hotlint_engine_rule_count(engine);
  configs.none = hl_calloc(rule_count ? rule_count : 1, sizeof(bool));
  configs.excluded.enabled = configs.none;
  hl_lsp_server *server = hl_lsp_server_new(engine, stdout, stderr);
  if (configs.plain_enabled)
    hl_lsp_server_set_options_provider(server, options_for, reset, &configs);
  int code = hl_lsp_server_run(server, STDIN_FILENO);
  hl_lsp_server_delete(server);
  unload(&configs);
  hl_free(configs.plain_enabled);
  hl_free(configs.none);
  hotlint_engine_delete(engine);
  return code == 0 ? HOTLINT_EXIT_CLEAN : HOTLINT_EXIT_FINDINGS;
}
