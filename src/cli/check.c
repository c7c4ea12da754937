/* `hotlint check`: load and select the rules, discover the files, check them
 * on the worker pool, and emit the results in file order as they arrive;
 * read errors and problems (syntax errors, invalid UTF-8, NUL bytes) go to
 * stderr in the same order. With --sort hotness the results are kept until
 * every file is checked and then written hottest first (memory then grows
 * with the findings, which is why it is not the default). Decides the exit
 * code. */
#include "cli/cli.h"

#include "base/alloc.h"
#include "base/array.h"
#include "cli/inputs.h"
#include "cli/pool.h"
#include "model/profile.h"
#include "report/emit.h"
#include "source/read.h"

#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

/* A checked file kept for --sort hotness. */
typedef struct kept_file {
  const char *name;
  hl_file_contents contents;
  hotlint_result *result;
} kept_file;

/* One finding in the hotness order. */
typedef struct ranked_finding {
  const hotlint_finding *finding;
  size_t file; /* index into kept */
  size_t rank; /* position in file order, for a stable sort */
} ranked_finding;

typedef struct check_run {
  const hl_inputs *inputs;
  bool sort_by_hotness;
  HL_ARRAY(kept_file) kept;
  hotlint_check_options check_options;
  hl_emitter *emitter;
  hl_emit_summary summary;
  HL_ARRAY(const hotlint_finding *) findings; /* scratch, one file */
} check_run;

/* Runs on a worker thread. */
static void check_work(void *context, hotlint_checker *checker, size_t index,
                       hl_pool_item *item) {
  check_run *run = context;
  const hl_input *input = &run->inputs->files.items[index];
  if (!hl_read_file(input->path, &item->contents, &item->error)) {
    item->read_failed = true;
    return;
  }
  item->result = hotlint_check(checker, input->name, item->contents.data,
                               item->contents.length, &run->check_options);
}

/* Runs on the main thread, in file order. */
static void check_consume(void *context, size_t index, hl_pool_item *item) {
  check_run *run = context;
  const hl_input *input = &run->inputs->files.items[index];
  if (item->read_failed) {
    fprintf(stderr, "hotlint: %s\n", item->error.message);
    run->summary.error_count++;
    return;
  }
  hotlint_result *result = item->result;
  if (!result) {
    fprintf(stderr, "hotlint: cannot check '%s'\n", input->name);
    run->summary.error_count++;
    hl_file_contents_free(&item->contents);
    return;
  }
  size_t problems = hotlint_result_problem_count(result);
  for (size_t i = 0; i < problems; i++) {
    const hotlint_problem *problem = hotlint_result_problem(result, i);
    fprintf(stderr, "hotlint: %s:%u:%u: %s\n", input->name, problem->start.line,
            problem->start.column, problem->message);
  }
  if (problems > 0)
    run->summary.error_count++;

  size_t count = hotlint_result_count(result);
  hl_array_clear(&run->findings);
  for (size_t i = 0; i < count; i++) {
    const hotlint_finding *finding = hotlint_result_finding(result, i);
    hl_array_push(&run->findings, finding);
    if ((size_t)finding->hotness < 3)
      run->summary.hotness_count[finding->hotness]++;
  }
  run->summary.finding_count += count;
  run->summary.suppressed_count += hotlint_result_suppressed_count(result);
  if (run->sort_by_hotness) {
    kept_file kept = {input->name, item->contents, result};
    hl_array_push(&run->kept, kept);
    return;
  }
  hl_emitter_file(run->emitter, input->name, item->contents.data,
                  item->contents.length, run->findings.items, count);
  hotlint_result_delete(result);
  hl_file_contents_free(&item->contents);
}

static int compare_ranked(const void *a, const void *b) {
  const ranked_finding *left = a, *right = b;
  if (left->finding->hotness != right->finding->hotness)
    return left->finding->hotness > right->finding->hotness ? -1 : 1;
  return left->rank < right->rank ? -1 : left->rank > right->rank;
}

/* Writes the kept findings hottest first (then in file and line order) and
 * frees the kept files. */
static void emit_by_hotness(check_run *run) {
  HL_ARRAY(ranked_finding) ranked = {0};
  for (size_t f = 0; f < run->kept.count; f++) {
    const hotlint_result *result = run->kept.items[f].result;
    for (size_t i = 0; i < hotlint_result_count(result); i++) {
      ranked_finding item = {hotlint_result_finding(result, i), f,
                             ranked.count};
      hl_array_push(&ranked, item);
    }
  }
  if (ranked.count > 1)
    qsort(ranked.items, ranked.count, sizeof(ranked_finding), compare_ranked);
  for (size_t i = 0; i < ranked.count; i++) {
    const kept_file *file = &run->kept.items[ranked.items[i].file];
    hl_emitter_file(run->emitter, file->name, file->contents.data,
                    file->contents.length, &ranked.items[i].finding, 1);
  }
  hl_array_free(&ranked);
  for (size_t f = 0; f < run->kept.count; f++) {
    hotlint_result_delete(run->kept.items[f].result);
    hl_file_contents_free(&run->kept.items[f].contents);
  }
  hl_array_free(&run->kept);
}

static bool use_color(hl_color_mode mode) {
  if (mode != HL_COLOR_AUTO)
    return mode == HL_COLOR_ALWAYS;
  const char *no_color = getenv("NO_COLOR");
  if (no_color && *no_color)
    return false;
  const char *term = getenv("TERM");
  if (term && strcmp(term, "dumb") == 0)
    return false;
  return isatty(STDOUT_FILENO) == 1;
}

static long online_cpus(void) {
  long n = sysconf(_SC_NPROCESSORS_ONLN);
  return n > 0 ? n : 1;
}

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

hotlint_exit hl_command_check(const hl_cli_options *options) {
  hotlint_error error = {{0}};
  hotlint_engine *engine = hl_cli_load_engine(options, &error);
  if (!engine) {
    fprintf(stderr, "hotlint: %s\n", error.message);
    return HOTLINT_EXIT_ERROR;
  }
  bool *enabled = select_rules(engine, options, &error);
  if (!enabled) {
    fprintf(stderr, "hotlint: %s\n", error.message);
    hotlint_engine_delete(engine);
    return HOTLINT_EXIT_ERROR;
  }

  hl_profile profile = {0};
  if (options->profile) {
    hl_file_contents contents;
    bool ok = hl_read_file(options->profile, &contents, &error);
    if (ok) {
      ok = hl_profile_parse(options->profile, contents.data, contents.length,
                            0.01, &profile, &error);
      hl_file_contents_free(&contents);
    }
    if (!ok) {
      fprintf(stderr, "hotlint: %s\n", error.message);
      hl_profile_free(&profile);
      hl_free(enabled);
      hotlint_engine_delete(engine);
      return HOTLINT_EXIT_ERROR;
    }
  }

  hl_inputs inputs = {0};
  hl_inputs_collect(options, &inputs);
  for (size_t i = 0; i < inputs.discovered.error_count; i++)
    fprintf(stderr, "hotlint: %s\n", inputs.discovered.errors[i]);

  hl_emit_settings settings = {
      .out = stdout,
      .format = options->output_format,
      .statistics = options->statistics,
      .color = use_color(options->color),
      .summary = !options->quiet,
  };
  check_run run = {
      .inputs = &inputs,
      .sort_by_hotness = options->sort_by_hotness,
      .check_options = {.target_minor = options->target_minor,
                        .enabled = enabled,
                        .hot_functions = profile.hot,
                        .hot_function_count = profile.hot_count},
      .emitter = hl_emitter_new(&settings),
  };
  run.summary.file_count = inputs.files.count;
  run.summary.error_count = inputs.discovered.error_count;

  hl_emitter_begin(run.emitter);
  hl_pool_config pool = {
      .engine = engine,
      .item_count = inputs.files.count,
      .jobs = (size_t)(options->jobs > 0 ? options->jobs : online_cpus()),
      .work = check_work,
      .consume = check_consume,
      .context = &run,
  };
  bool ran = hl_pool_run(&pool, &error);
  if (!ran) {
    fprintf(stderr, "hotlint: %s\n", error.message);
    run.summary.error_count++;
  }
  if (run.sort_by_hotness)
    emit_by_hotness(&run);
  hl_emitter_end(run.emitter, &run.summary);

  hotlint_exit status = HOTLINT_EXIT_CLEAN;
  if (run.summary.finding_count > 0)
    status = HOTLINT_EXIT_FINDINGS;
  if (run.summary.error_count > 0)
    status = HOTLINT_EXIT_ERROR;
  if (fflush(stdout) != 0 || ferror(stdout)) {
    fprintf(stderr, "hotlint: cannot write the output: %s\n", strerror(errno));
    status = HOTLINT_EXIT_ERROR;
  }

  hl_emitter_delete(run.emitter);
  hl_array_free(&run.findings);
  hl_inputs_free(&inputs);
  hl_profile_free(&profile);
  hl_free(enabled);
  hotlint_engine_delete(engine);
  return status;
}
