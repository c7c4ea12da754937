/* The option table and what is built from it: the parser that fills an
 * hl_cli_options (`--name value`, `--name=value`, `-j 4`, `-j4`, `-qj4`,
 * `--` ends options, `-` is a path) and the `--help` text. Adding an option
 * is one row of the table and, for a new kind of value, one setter. */
#include "cli/options.h"

#include "base/units.h"

#include "base/alloc.h"

#include <ctype.h>
#include <errno.h>
#include <limits.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

/* A setter stores `value` (NULL for a flag) and returns NULL, or returns
 * what was expected ("a positive number") when the value is invalid. */
typedef const char *(*option_setter)(hl_cli_options *options,
                                     const char *value);

typedef struct option_spec {
  const char *long_name;
  char short_name;     /* 0: none */
  const char *metavar; /* NULL: a flag that takes no value */
  const char *help;
  unsigned commands; /* hl_command bits */
  option_setter set;
} option_spec;

/* ---- setters ---------------------------------------------------------------
 */

/* Splits a comma-separated value into list, trimming blanks and skipping
 * empty items. */
static void append_list(hl_string_list *list, const char *value) {
  const char *p = value;
  while (*p) {
    const char *end = strchr(p, ',');
    if (!end)
      end = p + strlen(p);
    const char *a = p, *b = end;
    while (a < b && isspace((unsigned char)*a))
      a++;
    while (b > a && isspace((unsigned char)b[-1]))
      b--;
    if (b > a)
      hl_array_push(list, hl_strndup(a, (size_t)(b - a)));
    p = *end ? end + 1 : end;
  }
}

static const char *set_select(hl_cli_options *o, const char *value) {
  o->has_select = true;
  append_list(&o->select, value);
  return NULL;
}

static const char *set_extend_select(hl_cli_options *o, const char *value) {
  append_list(&o->extend_select, value);
  return NULL;
}

static const char *set_ignore(hl_cli_options *o, const char *value) {
  append_list(&o->ignore, value);
  return NULL;
}

static const char *set_exclude(hl_cli_options *o, const char *value) {
  append_list(&o->exclude, value);
  return NULL;
}

static const char *set_rules_dir(hl_cli_options *o, const char *value) {
  hl_array_push(&o->rules_dirs, hl_strdup(value));
  return NULL;
}

enum { TARGET_MIN = 8, TARGET_MAX = 14, TARGET_DEFAULT = 11 };

static const char *set_target_version(hl_cli_options *o, const char *value) {
  static const char expected[] =
      "one of py38, py39, py310, py311, py312, py313, py314";
  if (strncmp(value, "py3", 3) != 0 || !isdigit((unsigned char)value[3]))
    return expected;
  char *end;
  errno = 0;
  long minor = strtol(value + 3, &end, 10);
  if (errno || *end || minor < TARGET_MIN || minor > TARGET_MAX ||
      value[3] == '0')
    return expected;
  o->target_minor = (int)minor;
  o->has_target_version = true;
  return NULL;
}

static const char *set_max_file_size(hl_cli_options *o, const char *value) {
  if (!hl_parse_size(value, &o->max_file_size))
    return "a size such as 10MB, 512KiB or 2000000 (bytes; 0: no limit)";
  o->has_max_file_size = true;
  return NULL;
}

static const char *set_file_time_limit(hl_cli_options *o, const char *value) {
  if (!hl_parse_duration_ms(value, &o->file_time_limit_ms))
    return "a duration such as 10s or 500ms (0: no limit)";
  o->has_file_time_limit = true;
  return NULL;
}

static const char *set_output_format(hl_cli_options *o, const char *value) {
  if (!hl_output_format_parse(value, &o->output_format))
    return "one of full, concise, json, jsonl, sarif, github, gitlab, junit";
  return NULL;
}

static const char *set_color(hl_cli_options *o, const char *value) {
  if (strcmp(value, "auto") == 0)
    o->color = HL_COLOR_AUTO;
  else if (strcmp(value, "always") == 0)
    o->color = HL_COLOR_ALWAYS;
  else if (strcmp(value, "never") == 0)
    o->color = HL_COLOR_NEVER;
  else
    return "one of auto, always, never";
  return NULL;
}

static const char *set_sort(hl_cli_options *o, const char *value) {
  if (strcmp(value, "position") == 0)
    o->sort_by_hotness = false;
  else if (strcmp(value, "hotness") == 0)
    o->sort_by_hotness = true;
  else
    return "one of position, hotness";
  return NULL;
}

enum { JOBS_MAX = 1024 };

static const char *set_jobs(hl_cli_options *o, const char *value) {
  char *end;
  errno = 0;
  long jobs = strtol(value, &end, 10);
  if (errno || end == value || *end || jobs < 1 || jobs > JOBS_MAX)
    return "a number of threads from 1 to 1024";
  o->jobs = jobs;
  return NULL;
}

static const char *set_emit_bench(hl_cli_options *o, const char *value) {
  hl_free(o->emit_bench);
  o->emit_bench = hl_strdup(value);
  return NULL;
}

static const char *set_output_file(hl_cli_options *o, const char *value) {
  if (!*value)
    return "a file name";
  hl_free(o->output_file);
  o->output_file = hl_strdup(value);
  return NULL;
}

static const char *set_since(hl_cli_options *o, const char *value) {
  if (!*value)
    return "a git revision, like HEAD~3 or origin/main...HEAD";
  hl_free(o->since);
  o->since = hl_strdup(value);
  return NULL;
}

static const char *set_exit_zero(hl_cli_options *o, const char *value) {
  (void)value;
  o->exit_zero = true;
  return NULL;
}

static const char *set_bench(hl_cli_options *o, const char *value) {
  (void)value;
  o->bench = true;
  return NULL;
}

static const char *set_bench_report(hl_cli_options *o, const char *value) {
  if (!*value)
    return "a file name for the HTML page";
  hl_free(o->bench_report);
  o->bench_report = hl_strdup(value);
  o->bench = true;
  return NULL;
}

static const char *set_python(hl_cli_options *o, const char *value) {
  if (!*value)
    return "the path or name of a Python 3 interpreter";
  hl_free(o->python);
  o->python = hl_strdup(value);
  return NULL;
}

static const char *set_profile(hl_cli_options *o, const char *value) {
  hl_free(o->profile);
  o->profile = hl_strdup(value);
  return NULL;
}

static const char *set_config(hl_cli_options *o, const char *value) {
  hl_free(o->config_file);
  o->config_file = hl_strdup(value);
  return NULL;
}

static const char *set_stdin_filename(hl_cli_options *o, const char *value) {
  hl_free(o->stdin_filename);
  o->stdin_filename = hl_strdup(value);
  return NULL;
}

static const char *set_statistics(hl_cli_options *o, const char *value) {
  (void)value;
  o->statistics = true;
  return NULL;
}

static const char *set_force_exclude(hl_cli_options *o, const char *value) {
  (void)value;
  o->force_exclude = true;
  return NULL;
}

static const char *set_quiet(hl_cli_options *o, const char *value) {
  (void)value;
  o->quiet = true;
  return NULL;
}

static const char *set_no_cache(hl_cli_options *o, const char *value) {
  (void)value;
  o->no_cache = true;
  return NULL;
}

static const char *set_fix(hl_cli_options *o, const char *value) {
  (void)value;
  o->fix = true;
  return NULL;
}

static const char *set_unsafe_fixes(hl_cli_options *o, const char *value) {
  (void)value;
  o->unsafe_fixes = true;
  return NULL;
}

static const char *set_diff(hl_cli_options *o, const char *value) {
  (void)value;
  o->diff = true;
  return NULL;
}

static const char *set_all(hl_cli_options *o, const char *value) {
  (void)value;
  o->all_rules = true;
  return NULL;
}

static const char *set_help(hl_cli_options *o, const char *value) {
  (void)value;
  o->help = true;
  return NULL;
}

/* ---- the table -------------------------------------------------------------
 */

enum {
  CHECK = HL_CMD_CHECK,
  RULE = HL_CMD_RULE,
  PARSE = HL_CMD_PARSE_ONLY,
  BENCH = HL_CMD_BENCH,
  LSP = HL_CMD_LSP,
  ALL = HL_CMD_CHECK | HL_CMD_RULE | HL_CMD_VERSION | HL_CMD_HELP |
        HL_CMD_PARSE_ONLY | HL_CMD_BENCH | HL_CMD_LSP,
};

static const option_spec option_table[] = {
    {"select", 0, "CODES",
     "Run only these rules: codes, names or prefixes, comma-separated "
     "(repeatable; default: all rules)",
     CHECK | BENCH, set_select},
    {"extend-select", 0, "CODES",
     "Run these rules in addition to the selected ones", CHECK | BENCH,
     set_extend_select},
    {"ignore", 0, "CODES", "Do not run these rules (codes, names or prefixes)",
     CHECK | BENCH, set_ignore},
    {"target-version", 0, "VERSION",
     "Python version to advise for: py38 ... py314 [default: py311]",
     CHECK | BENCH, set_target_version},
    {"output-format", 0, "FORMAT",
     "How to print findings: full, concise, json, jsonl, sarif, github, "
     "gitlab, junit; rules (rule): full, concise, json, jsonl [default: "
     "full]",
     CHECK | BENCH | RULE, set_output_format},
    {"output-file", 'o', "FILE",
     "Write the findings to FILE (replaced atomically when the run ends) "
     "instead of standard output",
     CHECK | BENCH, set_output_file},
    {"since", 0, "REV",
     "Report only findings on lines added or changed since the git "
     "revision REV (A...B: since the merge base of A and B)",
     CHECK, set_since},
    {"max-file-size", 0, "SIZE",
     "Skip files larger than SIZE, with a warning (10MB, 512KiB, bytes; 0: "
     "no limit) [default: 10MB]",
     CHECK | BENCH, set_max_file_size},
    {"file-time-limit", 0, "DURATION",
     "Stop analysing a file after DURATION of CPU time (10s, 500ms; 0: no "
     "limit) and "
     "report it as an error; the other files go on [default: 10s]",
     CHECK | BENCH | LSP, set_file_time_limit},
    {"exit-zero", 0, NULL,
     "Exit 0 even when there are findings (errors still exit 2)", CHECK,
     set_exit_zero},
    {"statistics", 0, NULL,
     "Print the number of findings per rule instead of the findings", CHECK,
     set_statistics},
    {"exclude", 0, "PATTERNS",
     "Skip files and directories matching these globs, comma-separated "
     "(repeatable)",
     CHECK | PARSE, set_exclude},
    {"force-exclude", 0, NULL,
     "Apply excludes to paths named on the command line too", CHECK | PARSE,
     set_force_exclude},
    {"rules-dir", 0, "DIR",
     "Load every *.yaml rule in DIR after the built-in rules (repeatable)",
     CHECK | BENCH | RULE | LSP, set_rules_dir},
    {"config", 0, "FILE",
     "Use this configuration for every file (a pyproject.toml with "
     "[tool.hotlint], or a hotlint.yaml) instead of the nearest one",
     CHECK | BENCH | LSP, set_config},
    {"stdin-filename", 0, "NAME",
     "The name of the file read from standard input ('-')", CHECK,
     set_stdin_filename},
    {"profile", 0, "FILE",
     "Collapsed stacks ('a;b;c 123' per line, as py-spy --format raw "
     "writes): functions with at least 1% of the samples are hot",
     CHECK, set_profile},
    {"sort", 0, "ORDER",
     "Order findings by position (file, then line) or by hotness (hottest "
     "first, across files) [default: position]",
     CHECK, set_sort},
    {"fix", 0, NULL,
     "Apply the safe fixes and rewrite the files, then report what remains",
     CHECK, set_fix},
    {"unsafe-fixes", 0, NULL,
     "Count unsafe fixes too: applied with --fix or --diff, else shown as "
     "available",
     CHECK, set_unsafe_fixes},
    {"diff", 0, NULL,
     "Print the unified diff of what --fix would change, without writing; "
     "exit 1 when there is one",
     CHECK, set_diff},
    {"emit-bench", 0, "DIR",
     "Write the benchmark script of each finding whose rule has one into "
     "DIR (created if needed), without running it",
     CHECK, set_emit_bench},
    {"bench", 0, NULL,
     "Run the micro-benchmark of each finding whose rule has one and report "
     "whether this interpreter confirms or refutes the advice",
     CHECK, set_bench},
    {"bench-report", 0, "FILE",
     "Also write the benchmarks as one self-contained HTML page (implies "
     "--bench)",
     CHECK | BENCH, set_bench_report},
    {"python", 0, "PATH",
     "The Python interpreter benchmarks run with [default: python3 on PATH]",
     CHECK | BENCH, set_python},
    {"no-cache", 0, NULL,
     "Neither read nor write the result cache (.hotlint_cache, or "
     "$HOTLINT_CACHE_DIR)",
     CHECK | BENCH, set_no_cache},
    {"jobs", 'j', "N", "Number of worker threads [default: online CPUs]",
     CHECK | PARSE, set_jobs},
    {"quiet", 'q', NULL, "Print the findings only, without the summary",
     CHECK | BENCH, set_quiet},
    {"color", 0, "WHEN",
     "Color the output: auto, always, never [default: auto: on a terminal "
     "unless NO_COLOR is set]",
     CHECK | BENCH, set_color},
    {"all", 0, NULL, "Show every rule", RULE, set_all},
    {"help", 'h', NULL, "Print help", ALL, set_help},
};

enum { OPTION_COUNT = sizeof(option_table) / sizeof(option_table[0]) };

/* ---- parsing ---------------------------------------------------------------
 */

void hl_cli_options_init(hl_cli_options *options, hl_command command) {
  memset(options, 0, sizeof(*options));
  options->command = command;
  options->target_minor = TARGET_DEFAULT;
  options->max_file_size = HL_DEFAULT_MAX_FILE_SIZE;
  options->file_time_limit_ms = HL_DEFAULT_FILE_TIME_LIMIT_MS;
  options->output_format = HL_OUTPUT_FULL;
  options->color = HL_COLOR_AUTO;
}

static void free_list(hl_string_list *list) {
  for (size_t i = 0; i < list->count; i++)
    hl_free(list->items[i]);
  hl_array_free(list);
}

void hl_cli_options_free(hl_cli_options *options) {
  free_list(&options->arguments);
  free_list(&options->select);
  free_list(&options->extend_select);
  free_list(&options->ignore);
  free_list(&options->exclude);
  free_list(&options->rules_dirs);
  hl_free(options->stdin_filename);
  options->stdin_filename = NULL;
  hl_free(options->profile);
  options->profile = NULL;
  hl_free(options->emit_bench);
  options->emit_bench = NULL;
  hl_free(options->python);
  options->python = NULL;
  hl_free(options->bench_report);
  options->bench_report = NULL;
  hl_free(options->output_file);
  options->output_file = NULL;
  hl_free(options->since);
  options->since = NULL;
  hl_free(options->config_file);
  options->config_file = NULL;
}

static bool applies(const option_spec *spec, const hl_command_info *command) {
  return (spec->commands & (unsigned)command->id) != 0;
}

static const option_spec *find_long(const hl_command_info *command,
                                    const char *name, size_t len) {
  for (size_t i = 0; i < OPTION_COUNT; i++) {
    const option_spec *spec = &option_table[i];
    if (applies(spec, command) && strlen(spec->long_name) == len &&
        strncmp(spec->long_name, name, len) == 0)
      return spec;
  }
  return NULL;
}

static const option_spec *find_short(const hl_command_info *command, char c) {
  for (size_t i = 0; i < OPTION_COUNT; i++) {
    const option_spec *spec = &option_table[i];
    if (applies(spec, command) && spec->short_name == c)
      return spec;
  }
  return NULL;
}

static size_t edit_distance(const char *a, size_t la, const char *b) {
  enum { MAX_LEN = 64 };
  size_t lb = strlen(b);
  if (la >= MAX_LEN || lb >= MAX_LEN)
    return SIZE_MAX;
  size_t row[MAX_LEN + 1];
  for (size_t j = 0; j <= lb; j++)
    row[j] = j;
  for (size_t i = 1; i <= la; i++) {
    size_t diagonal = row[0];
    row[0] = i;
    for (size_t j = 1; j <= lb; j++) {
      size_t above = row[j];
      size_t cost = a[i - 1] == b[j - 1] ? 0 : 1;
      size_t best = diagonal + cost;
      if (above + 1 < best)
        best = above + 1;
      if (row[j - 1] + 1 < best)
        best = row[j - 1] + 1;
      row[j] = best;
      diagonal = above;
    }
  }
  return row[lb];
}

size_t hl_cli_edit_distance(const char *a, const char *b) {
  return edit_distance(a, strlen(a), b);
}

static void suggest_long(const hl_command_info *command, const char *name,
                         size_t len, hl_strbuf *hint) {
  enum { MAX_DISTANCE = 2 };
  const option_spec *best = NULL;
  size_t best_distance = MAX_DISTANCE + 1;
  for (size_t i = 0; i < OPTION_COUNT; i++) {
    const option_spec *spec = &option_table[i];
    if (!applies(spec, command))
      continue;
    size_t d = edit_distance(name, len, spec->long_name);
    if (d < best_distance) {
      best_distance = d;
      best = spec;
    }
  }
  if (best)
    hl_strbuf_printf(hint, "a similar option exists: '--%s'", best->long_name);
}

static void describe(const option_spec *spec, hl_strbuf *out) {
  hl_strbuf_printf(out, "--%s", spec->long_name);
  if (spec->metavar)
    hl_strbuf_printf(out, " <%s>", spec->metavar);
}

static bool apply(const option_spec *spec, hl_cli_options *options,
                  const char *value, hl_strbuf *error) {
  const char *expected = spec->set(options, value);
  if (!expected)
    return true;
  hl_strbuf_printf(error, "invalid value '%s' for '", value ? value : "");
  describe(spec, error);
  hl_strbuf_printf(error, "': expected %s", expected);
  return false;
}

static void missing_value(const option_spec *spec, hl_strbuf *error) {
  hl_strbuf_puts(error, "a value is required for '");
  describe(spec, error);
  hl_strbuf_puts(error, "' but none was supplied");
}

/* Handles argv[*index], a `--name[=value]`; may consume the next word. */
static bool parse_long(const hl_command_info *command, int argc,
                       char *const *argv, int *index, hl_cli_options *options,
                       hl_strbuf *error, hl_strbuf *hint) {
  const char *word = argv[*index];
  const char *name = word + 2;
  const char *equals = strchr(name, '=');
  size_t len = equals ? (size_t)(equals - name) : strlen(name);
  const option_spec *spec = find_long(command, name, len);
  if (!spec) {
    hl_strbuf_printf(error, "unexpected argument '--%.*s'", (int)len, name);
    suggest_long(command, name, len, hint);
    return false;
  }
  if (!spec->metavar) {
    if (equals) {
      hl_strbuf_printf(error, "unexpected value '%s' for '--%s'", equals + 1,
                       spec->long_name);
      return false;
    }
    return apply(spec, options, NULL, error);
  }
  if (equals)
    return apply(spec, options, equals + 1, error);
  if (*index + 1 >= argc) {
    missing_value(spec, error);
    return false;
  }
  *index += 1;
  return apply(spec, options, argv[*index], error);
}

/* Handles argv[*index], one or more short options (`-q`, `-j4`, `-qj 4`). */
static bool parse_short(const hl_command_info *command, int argc,
                        char *const *argv, int *index, hl_cli_options *options,
                        hl_strbuf *error) {
  const char *word = argv[*index];
  for (const char *p = word + 1; *p; p++) {
    const option_spec *spec = find_short(command, *p);
    if (!spec) {
      hl_strbuf_printf(error, "unexpected argument '-%c'", *p);
      return false;
    }
    if (!spec->metavar) {
      if (!apply(spec, options, NULL, error))
        return false;
      continue;
    }
    if (p[1])
      return apply(spec, options, p + 1, error);
    if (*index + 1 >= argc) {
      missing_value(spec, error);
      return false;
    }
    *index += 1;
    return apply(spec, options, argv[*index], error);
  }
  return true;
}

bool hl_cli_parse(const hl_command_info *command, int argc, char *const *argv,
                  hl_cli_options *options, hl_strbuf *error, hl_strbuf *hint) {
  bool only_arguments = false;
  for (int i = 0; i < argc; i++) {
    const char *word = argv[i];
    if (!only_arguments && strcmp(word, "--") == 0) {
      only_arguments = true;
      continue;
    }
    if (only_arguments || word[0] != '-' || word[1] == '\0') {
      hl_array_push(&options->arguments, hl_strdup(word));
      continue;
    }
    bool ok = word[1] == '-'
                  ? parse_long(command, argc, argv, &i, options, error, hint)
                  : parse_short(command, argc, argv, &i, options, error);
    if (!ok)
      return false;
  }
  if (options->help)
    return true;
  if (options->arguments.count > command->max_arguments) {
    hl_strbuf_printf(error, "unexpected argument '%s'",
                     options->arguments.items[command->max_arguments]);
    return false;
  }
  return true;
}

/* ---- help ------------------------------------------------------------------
 */

static void option_label(const option_spec *spec, hl_strbuf *out) {
  if (spec->short_name)
    hl_strbuf_printf(out, "  -%c, ", spec->short_name);
  else
    hl_strbuf_puts(out, "      ");
  describe(spec, out);
}

void hl_cli_print_help(FILE *out, const hl_command_info *command) {
  fprintf(out, "%s\n\nUsage: hotlint %s [OPTIONS]%s%s\n", command->summary,
          command->name, command->arguments ? " " : "",
          command->arguments ? command->arguments : "");
  if (command->arguments && command->arguments_help)
    fprintf(out, "\nArguments:\n  %s  %s\n", command->arguments,
            command->arguments_help);

  size_t width = 0;
  hl_strbuf label = {0};
  for (size_t i = 0; i < OPTION_COUNT; i++) {
    if (!applies(&option_table[i], command))
      continue;
    hl_strbuf_clear(&label);
    option_label(&option_table[i], &label);
    if (label.len > width)
      width = label.len;
  }
  fputs("\nOptions:\n", out);
  for (size_t i = 0; i < OPTION_COUNT; i++) {
    if (!applies(&option_table[i], command))
      continue;
    hl_strbuf_clear(&label);
    option_label(&option_table[i], &label);
    fprintf(out, "%-*s  %s\n", (int)width, hl_strbuf_cstr(&label),
            option_table[i].help);
  }
  hl_strbuf_free(&label);
}
