/* hotlint's entry point: the subcommand table (name, handler, one-line
 * help), dispatch, usage errors. The only place the process exits: every
 * handler returns a hotlint_exit code (src/cli/cli.h) that main returns. */
#include "cli/cli.h"

#include "base/strbuf.h"

#include <stdint.h>
#include <stdio.h>
#include <string.h>

typedef hotlint_exit (*command_handler)(const hl_cli_options *options);

typedef struct command {
  hl_command_info info;
  command_handler run;
} command;

static hotlint_exit run_version(const hl_cli_options *options);
static hotlint_exit run_help(const hl_cli_options *options);

static const command commands[] = {
    {{"check", HL_CMD_CHECK, "Check Python files for performance advice",
      "[PATHS]...",
      "Files or directories to check; '-' reads standard input "
      "[default: .]",
      SIZE_MAX, false},
     hl_command_check},
    {{"bench", HL_CMD_BENCH,
      "Benchmark the findings on one line with this machine's Python",
      "FILE:LINE", "The file and the line of the finding (app.py:12)", 1,
      false},
     hl_command_bench},
    {{"lsp", HL_CMD_LSP,
      "Run the language server (LSP over stdin and stdout) for editors", NULL,
      NULL, 0, false},
     hl_command_lsp},
    {{"rule", HL_CMD_RULE, "Explain a rule, or every rule with --all", "[RULE]",
      "A rule code or name (HOT101, import-in-function)", 1, false},
     hl_command_rule},
    {{"version", HL_CMD_VERSION, "Print the version", NULL, NULL, 0, false},
     run_version},
    {{"help", HL_CMD_HELP, "Print this message or the help of a command",
      "[COMMAND]", "The command to explain", 1, false},
     run_help},
    {{"docs", HL_CMD_DOCS,
      "Write the rule pages docs/rules/HOTnnn.md and their index (for the "
      "build's docs target)",
      "DIR", "The directory to write the pages into", 1, true},
     hl_command_docs},
    {{"parse-only", HL_CMD_PARSE_ONLY,
      "Read and parse files without checking them (for scripts/bench)",
      "[PATHS]...", "Files or directories to parse [default: .]", SIZE_MAX,
      true},
     hl_command_parse_only},
};

enum { COMMAND_COUNT = sizeof(commands) / sizeof(commands[0]) };

static const command *find_command(const char *name) {
  for (size_t i = 0; i < COMMAND_COUNT; i++)
    if (strcmp(commands[i].info.name, name) == 0)
      return &commands[i];
  return NULL;
}

static void print_main_help(FILE *out) {
  fputs("hotlint: a static performance advisor for Python\n\n"
        "Usage: hotlint <COMMAND> [OPTIONS]\n\nCommands:\n",
        out);
  size_t width = 0;
  for (size_t i = 0; i < COMMAND_COUNT; i++) {
    size_t len = strlen(commands[i].info.name);
    if (!commands[i].info.hidden && len > width)
      width = len;
  }
  for (size_t i = 0; i < COMMAND_COUNT; i++) {
    if (!commands[i].info.hidden)
      fprintf(out, "  %-*s  %s\n", (int)width, commands[i].info.name,
              commands[i].info.summary);
  }
  fputs("\nOptions:\n"
        "  -h, --help     Print help\n"
        "  -V, --version  Print the version\n"
        "\nExit status: 0 no findings, 1 findings, 2 usage, rule or I/O "
        "error.\n"
        "Run 'hotlint COMMAND --help' for the options of a command.\n",
        out);
}

static hotlint_exit run_version(const hl_cli_options *options) {
  (void)options;
  printf("hotlint %s\n", HOTLINT_VERSION);
  return HOTLINT_EXIT_CLEAN;
}

static hotlint_exit run_help(const hl_cli_options *options) {
  if (options->arguments.count == 0) {
    print_main_help(stdout);
    return HOTLINT_EXIT_CLEAN;
  }
  const char *name = options->arguments.items[0];
  const command *cmd = find_command(name);
  if (!cmd) {
    fprintf(stderr,
            "hotlint: unrecognized subcommand '%s'\n"
            "hint: try 'hotlint --help'\n",
            name);
    return HOTLINT_EXIT_ERROR;
  }
  hl_cli_print_help(stdout, &cmd->info);
  return HOTLINT_EXIT_CLEAN;
}

static hotlint_exit run_command(const command *cmd, int argc,
                                char *const *argv) {
  hl_cli_options options;
  hl_cli_options_init(&options, cmd->info.id);
  hl_strbuf error = {0}, hint = {0};
  hotlint_exit status;
  if (!hl_cli_parse(&cmd->info, argc, argv, &options, &error, &hint)) {
    fprintf(stderr, "hotlint: %s\n", hl_strbuf_cstr(&error));
    if (hint.len)
      fprintf(stderr, "hint: %s\n", hl_strbuf_cstr(&hint));
    fprintf(stderr, "hint: try 'hotlint %s --help'\n", cmd->info.name);
    status = HOTLINT_EXIT_ERROR;
  } else if (options.help) {
    hl_cli_print_help(stdout, &cmd->info);
    status = HOTLINT_EXIT_CLEAN;
  } else {
    status = cmd->run(&options);
  }
  hl_strbuf_free(&error);
  hl_strbuf_free(&hint);
  hl_cli_options_free(&options);
  return status;
}

int main(int argc, char **argv) {
  if (argc < 2) {
    print_main_help(stderr);
    return HOTLINT_EXIT_ERROR;
  }
  const char *name = argv[1];
  if (strcmp(name, "-h") == 0 || strcmp(name, "--help") == 0) {
    print_main_help(stdout);
    return HOTLINT_EXIT_CLEAN;
  }
  if (strcmp(name, "-V") == 0 || strcmp(name, "--version") == 0)
    name = "version";
  const command *cmd = find_command(name);
  if (!cmd) {
    fprintf(stderr, "hotlint: unrecognized subcommand '%s'\n", name);
    enum { MAX_DISTANCE = 2 };
    for (size_t i = 0; i < COMMAND_COUNT; i++) {
      const char *candidate = commands[i].info.name;
      if (!commands[i].info.hidden &&
          hl_cli_edit_distance(name, candidate) <= MAX_DISTANCE) {
        fprintf(stderr, "hint: a similar subcommand exists: '%s'\n", candidate);
        break;
      }
    }
    fputs("hint: try 'hotlint --help'\n", stderr);
    return HOTLINT_EXIT_ERROR;
  }
  return (int)run_command(cmd, argc - 2, argv + 2);
}
