/* `hotlint parse-only [PATHS...]` (hidden, for scripts/bench): discovers
 * and reads the files like `check`, parses each with tree-sitter on the same
 * worker pool, and analyses nothing (no rules are loaded). Prints one line:
 *   parse-only: 682 files, 11.6 MB */
#include "cli/cli.h"

#include "cli/inputs.h"
#include "cli/pool.h"
#include "source/read.h"

#include <stdio.h>
#include <unistd.h>

typedef struct parse_run {
  const hl_inputs *inputs;
  size_t files;
  size_t bytes;
  size_t errors;
} parse_run;

static void parse_work(void *context, hotlint_checker *checker, size_t index,
                       hl_pool_item *item) {
  parse_run *run = context;
  const hl_input *input = &run->inputs->files.items[index];
  if (!hl_read_file(input->path, &item->contents, &item->error)) {
    item->read_failed = true;
    return;
  }
  item->parse_errors =
      hotlint_parse_only(checker, item->contents.data, item->contents.length);
}

static void parse_consume(void *context, size_t index, hl_pool_item *item) {
  parse_run *run = context;
  if (item->read_failed) {
    fprintf(stderr, "hotlint: %s\n", item->error.message);
    run->errors++;
    return;
  }
  if (item->parse_errors < 0) {
    fprintf(stderr, "hotlint: cannot parse '%s'\n",
            run->inputs->files.items[index].name);
    run->errors++;
  }
  run->files++;
  run->bytes += item->contents.length;
  hl_file_contents_free(&item->contents);
}

hotlint_exit hl_command_parse_only(const hl_cli_options *options) {
  hotlint_error error = {{0}};
  /* An engine without rules: the workers need a checker for its parser,
   * and the floor must not include compiling the rules (check pays for
   * that, and the ratio shows it). */
  hotlint_engine *engine = hotlint_engine_new();
  if (!hotlint_engine_compile(engine, &error)) {
    fprintf(stderr, "hotlint: %s\n", error.message);
    hotlint_engine_delete(engine);
    return HOTLINT_EXIT_ERROR;
  }
  hl_inputs inputs = {0};
  hl_inputs_collect(options, &inputs);
  for (size_t i = 0; i < inputs.discovered.error_count; i++)
    fprintf(stderr, "hotlint: %s\n", inputs.discovered.errors[i]);

  parse_run run = {.inputs = &inputs, .errors = inputs.discovered.error_count};
  long cpus = sysconf(_SC_NPROCESSORS_ONLN);
  hl_pool_config pool = {
      .engine = engine,
      .item_count = inputs.files.count,
      .jobs =
          (size_t)(options->jobs > 0 ? options->jobs : (cpus > 0 ? cpus : 1)),
      .work = parse_work,
      .consume = parse_consume,
      .context = &run,
  };
  if (!hl_pool_run(&pool, &error)) {
    fprintf(stderr, "hotlint: %s\n", error.message);
    run.errors++;
  }
  printf("parse-only: %zu file%s, %.1f MB\n", run.files,
         run.files == 1 ? "" : "s", (double)run.bytes / 1e6);
  hl_inputs_free(&inputs);
  hotlint_engine_delete(engine);
  return run.errors ? HOTLINT_EXIT_ERROR : HOTLINT_EXIT_CLEAN;
}
