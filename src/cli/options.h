/* Command-line options: one table of option specs (name, short name, value,
 * help, the subcommands that accept it, a setter) turned into an
 * hl_cli_options struct by hl_cli_parse, and into `--help` text by
 * hl_cli_print_help. Nothing here prints errors or exits: a bad command line
 * comes back as a message for main to print. */
#ifndef HOTLINT_CLI_OPTIONS_H
#define HOTLINT_CLI_OPTIONS_H

#include "base/array.h"
#include "base/strbuf.h"
#include "report/emit.h"

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>

/* The subcommands, as bits so an option can belong to several. */
typedef enum hl_command {
  HL_CMD_CHECK = 1u << 0,
  HL_CMD_RULE = 1u << 1,
  HL_CMD_VERSION = 1u << 2,
  HL_CMD_HELP = 1u << 3,
  HL_CMD_PARSE_ONLY = 1u << 4,
  HL_CMD_DOCS = 1u << 5,
  HL_CMD_BENCH = 1u << 6,
  HL_CMD_LSP = 1u << 7,
} hl_command;

/* What `--help` says about a subcommand (main.c holds the table). */
typedef struct hl_command_info {
  const char *name; /* "check" */
  hl_command id;
  const char *summary;   /* one line, shown in `hotlint --help` too */
  const char *arguments; /* "[PATHS]..." or NULL when it takes none */
  const char *arguments_help;
  size_t max_arguments; /* SIZE_MAX: any number */
  bool hidden;          /* left out of `hotlint --help` */
} hl_command_info;

typedef enum hl_color_mode {
  HL_COLOR_AUTO,
  HL_COLOR_ALWAYS,
  HL_COLOR_NEVER,
} hl_color_mode;

typedef HL_ARRAY(char *) hl_string_list;

/* The limits when neither the command line nor a configuration sets them:
 * larger files are skipped; a file's check stops after this long. */
#define HL_DEFAULT_MAX_FILE_SIZE (UINT64_C(10) * 1000 * 1000)
#define HL_DEFAULT_FILE_TIME_LIMIT_MS 10000u

/* Everything the command line said. Owns every string it holds; free with
 * hl_cli_options_free. */
typedef struct hl_cli_options {
  hl_command command;
  bool help;                /* -h / --help */
  hl_string_list arguments; /* positional: paths, or a rule code */
  hl_string_list select;    /* valid when has_select */
  bool has_select;
  hl_string_list extend_select;
  hl_string_list ignore;
  hl_string_list exclude;
  hl_string_list rules_dirs;
  int target_minor;        /* 8..14; py311 by default */
  bool has_target_version; /* --target-version given: overrides configs */
  char *config_file;       /* --config FILE, or NULL: discovery */
  hl_output_format output_format;
  hl_color_mode color;
  bool statistics;
  bool sort_by_hotness; /* --sort hotness: hottest first, across files */
  bool force_exclude;
  bool quiet;
  bool all_rules;           /* rule --all */
  long jobs;                /* 0: one per online CPU */
  char *stdin_filename;     /* NULL unless --stdin-filename */
  char *profile;            /* --profile FILE, or NULL */
  char *emit_bench;         /* --emit-bench DIR, or NULL */
  bool bench;               /* --bench: run each finding's micro-benchmark */
  char *python;             /* --python PATH, or NULL: python3 on PATH */
  char *bench_report;       /* --bench-report FILE (implies --bench), or NULL */
  bool fix;                 /* --fix: apply fixes and rewrite the files */
  bool no_cache;            /* --no-cache: neither read nor write the cache */
  bool unsafe_fixes;        /* --unsafe-fixes: unsafe fixes count too */
  bool diff;                /* --diff: print what --fix would change */
  char *output_file;        /* --output-file FILE, or NULL: stdout */
  bool exit_zero;           /* --exit-zero: findings do not fail the run */
  char *since;              /* --since REV, or NULL */
  bool has_max_file_size;   /* --max-file-size given: overrides configs */
  uint64_t max_file_size;   /* bytes; 0: no limit */
  bool has_file_time_limit; /* --file-time-limit given: overrides configs */
  unsigned file_time_limit_ms; /* 0: no limit */
} hl_cli_options;

/* Sets the defaults for `command`. */
void hl_cli_options_init(hl_cli_options *options, hl_command command);
void hl_cli_options_free(hl_cli_options *options);

/* Parses argv[0..argc) (the words after the subcommand name) into options,
 * which hl_cli_options_init prepared. Returns false with a one-line message
 * in `error` (no "hotlint: " prefix) and, when there is one, a one-line
 * hint in `hint` ("a similar option exists: '--select'"). */
bool hl_cli_parse(const hl_command_info *command, int argc, char *const *argv,
                  hl_cli_options *options, hl_strbuf *error, hl_strbuf *hint);

/* Writes `hotlint NAME --help`: summary, usage, arguments and every option
 * of the table that applies to the command. */
void hl_cli_print_help(FILE *out, const hl_command_info *command);

/* Returns the Levenshtein distance of a and b (SIZE_MAX for words of 64
 * bytes or more): what "a similar option exists" hints are based on. */
size_t hl_cli_edit_distance(const char *a, const char *b);

#endif
