/* `hotlint rule CODE|NAME` and `hotlint rule --all`: a rule's code, name,
 * summary, severity, category, hot-only flag and Python version range, then
 * its Markdown explanation, like `ruff rule`. */
#include "cli/cli.h"

#include <stdio.h>
#include <string.h>

/* Writes the version range as a requirement: ">=3.11", "<3.11",
 * ">=3.8, <3.11" or "any". */
static void put_python_range(FILE *out, const hotlint_rule_info *rule) {
  if (rule->python_min == 0 && rule->python_max == 0) {
    fputs("any", out);
    return;
  }
  if (rule->python_min)
    fprintf(out, ">=3.%d", rule->python_min);
  if (rule->python_min && rule->python_max)
    fputs(", ", out);
  if (rule->python_max)
    fprintf(out, "<3.%d", rule->python_max);
}

static void put_rule(FILE *out, const hotlint_rule_info *rule) {
  fprintf(out, "# %s (%s)\n\n", rule->name, rule->code);
  if (rule->summary && *rule->summary)
    fprintf(out, "%s\n\n", rule->summary);
  fprintf(out, "- severity: %s\n", hotlint_severity_name(rule->severity));
  if (rule->category && *rule->category)
    fprintf(out, "- category: %s\n", rule->category);
  fprintf(out, "- hot-only: %s\n", rule->hot_only ? "yes" : "no");
  fputs("- python: ", out);
  put_python_range(out, rule);
  fputc('\n', out);
  if (rule->origin && *rule->origin)
    fprintf(out, "- defined in: %s\n", rule->origin);
  if (rule->explanation && *rule->explanation) {
    size_t len = strlen(rule->explanation);
    fprintf(out, "\n%s%s", rule->explanation,
            rule->explanation[len - 1] == '\n' ? "" : "\n");
  }
}

hotlint_exit hl_command_rule(const hl_cli_options *options) {
  if (options->all_rules == (options->arguments.count == 1)) {
    fprintf(stderr, "hotlint: %s\nhint: try 'hotlint rule --help'\n",
            options->all_rules
                ? "give either a rule or --all, not both"
                : "the rule to show is missing: give a code, a name or --all");
    return HOTLINT_EXIT_ERROR;
  }
  hotlint_error error = {{0}};
  hotlint_engine *engine = hl_cli_load_engine(options, &error);
  if (!engine) {
    fprintf(stderr, "hotlint: %s\n", error.message);
    return HOTLINT_EXIT_ERROR;
  }
  hotlint_exit status = HOTLINT_EXIT_CLEAN;
  if (options->all_rules) {
    size_t count = hotlint_engine_rule_count(engine);
    for (size_t i = 0; i < count; i++) {
      if (i > 0)
        fputs("\n---\n\n", stdout);
      put_rule(stdout, hotlint_engine_rule(engine, i));
    }
  } else {
    const char *key = options->arguments.items[0];
    long index = hotlint_engine_find_rule(engine, key);
    if (index < 0) {
      fprintf(stderr, "hotlint: unknown rule '%s'\n", key);
      status = HOTLINT_EXIT_ERROR;
    } else {
      put_rule(stdout, hotlint_engine_rule(engine, (size_t)index));
    }
  }
  if (fflush(stdout) != 0 || ferror(stdout)) {
    fprintf(stderr, "hotlint: cannot write the output\n");
    status = HOTLINT_EXIT_ERROR;
  }
  hotlint_engine_delete(engine);
  return status;
}
