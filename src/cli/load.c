/* Builds the rule set every command starts from: the built-in rules, then
 * the rules-dir of the configuration (check only), then each --rules-dir in the
 * order given (a rule with a known code replaces the built-in one), then
 * compiles it. Rule pages are looked for at $HOTLINT_DOCS_URL when it is set
 * (a site, or a directory for tests), else at the docs/rules of the source
 * tree the binary was built from (HOTLINT_DOCS_URL_DEFAULT). */
#include "cli/cli.h"

#include <stdio.h>
#include <stdlib.h>

#ifndef HOTLINT_DOCS_URL_DEFAULT
#define HOTLINT_DOCS_URL_DEFAULT NULL
#endif

hotlint_engine *hl_cli_load_engine(const hl_cli_options *options,
                                   hotlint_error *error) {
  return hl_cli_load_engine_with(options, NULL, 0, error);
}

const char *hl_cli_docs_url(void) {
  const char *docs_url = getenv("HOTLINT_DOCS_URL");
  return docs_url && *docs_url ? docs_url : HOTLINT_DOCS_URL_DEFAULT;
}

hotlint_engine *hl_cli_load_engine_with(const hl_cli_options *options,
                                        const char *const *extra_dirs,
                                        size_t extra_count,
                                        hotlint_error *error) {
  hotlint_engine *engine = hotlint_engine_new();
  if (!engine) {
    snprintf(error->message, sizeof(error->message),
             "cannot create the rule engine");
    return NULL;
  }
  const char *docs_url = getenv("HOTLINT_DOCS_URL");
  bool ok = hotlint_engine_set_docs_url(
      engine, docs_url ? docs_url : HOTLINT_DOCS_URL_DEFAULT, error);
  ok = ok && hotlint_engine_load_builtin_rules(engine, error);
  for (size_t i = 0; ok && i < extra_count; i++)
    ok = hotlint_engine_load_rules_dir(engine, extra_dirs[i], error);
  for (size_t i = 0; ok && i < options->rules_dirs.count; i++)
    ok = hotlint_engine_load_rules_dir(engine, options->rules_dirs.items[i],
                                       error);
  if (ok)
    ok = hotlint_engine_compile(engine, error);
  if (!ok) {
    hotlint_engine_delete(engine);
    return NULL;
  }
  return engine;
}
