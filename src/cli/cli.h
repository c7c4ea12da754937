/* The subcommands behind `hotlint NAME`, and the exit codes they return.
 * Each handler prints its own output and its errors ("hotlint: ..." on
 * stderr) and returns an exit code; only main() exits. */
#ifndef HOTLINT_CLI_CLI_H
#define HOTLINT_CLI_CLI_H

#include "cli/options.h"
#include "hotlint/hotlint.h"

/* The process exit codes, as documented in docs/cli.md. */
typedef enum hotlint_exit {
  HOTLINT_EXIT_CLEAN = 0,    /* no findings */
  HOTLINT_EXIT_FINDINGS = 1, /* at least one finding */
  HOTLINT_EXIT_ERROR = 2,    /* usage, rule or I/O error, or a file that
                                could not be fully analysed */
} hotlint_exit;

/* Returns a compiled engine holding the built-in rules and those of every
 * --rules-dir, or NULL with error filled. */
/* Where the rule pages are: $HOTLINT_DOCS_URL, or the build's default
 * (NULL when there is none). */
const char *hl_cli_docs_url(void);

hotlint_engine *hl_cli_load_engine(const hl_cli_options *options,
                                   hotlint_error *error);
/* Same, loading first the `extra_count` directories of `extra_dirs` (a
 * configuration's rules-dir), then every --rules-dir. */
hotlint_engine *hl_cli_load_engine_with(const hl_cli_options *options,
                                        const char *const *extra_dirs,
                                        size_t extra_count,
                                        hotlint_error *error);

/* `hotlint check [PATHS...]`. */
hotlint_exit hl_command_check(const hl_cli_options *options);
/* `hotlint lsp`: the language server on stdio; exit status 0 after
 * shutdown and exit, 1 when the client left without shutdown. */
hotlint_exit hl_command_lsp(const hl_cli_options *options);
/* `hotlint bench FILE:LINE`: the findings on that line, benchmarked. */
hotlint_exit hl_command_bench(const hl_cli_options *options);
/* `hotlint rule CODE|NAME`, `hotlint rule --all`. */
hotlint_exit hl_command_rule(const hl_cli_options *options);
/* `hotlint docs DIR` (hidden): one Markdown page per rule plus an index,
 * generated from the rules, for docs/rules/. */
hotlint_exit hl_command_docs(const hl_cli_options *options);
/* `hotlint parse-only [PATHS...]` (hidden): read and parse only, the floor
 * scripts/bench measures a full check against. */
hotlint_exit hl_command_parse_only(const hl_cli_options *options);

#endif
