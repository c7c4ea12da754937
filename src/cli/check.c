/* `hotlint check`: load and select the rules, discover the files, check them
 * on the worker pool, and emit the results in file order as they arrive;
 * read errors and problems (syntax errors, invalid UTF-8, NUL bytes) go to
 * stderr in the same order. With --sort hotness the results are kept until
 * every file is checked and then written hottest first (memory then grows
 * with the findings, which is why it is not the default); with --bench too,
 * and the benchmarks run, one at a time, once every file is checked, so
 * that they do not compete with the checking or each other for the CPU.
 * `hotlint bench FILE:LINE` is the same run on one file, keeping the
 * findings on that line. Decides the exit
 * code. Configurations (cli/configs.h) give each file its options: one
 * hotlint_check_options per distinct (configuration, matching
 * per-file-ignores), chosen per file in the worker. */
#include "cli/cli.h"

#include "base/alloc.h"
#include "base/array.h"
#include "base/strbuf.h"
#include "bench/run.h"
#include "cache/cache.h"
#include "cli/configs.h"
#include "cli/file_options.h"
#include "cli/inputs.h"
#include "cli/pool.h"
#include "cli/since.h"
#include "model/profile.h"
#include "report/bench_report.h"
#include "report/emit.h"
#include "report/fix.h"
#include "source/read.h"
#include "source/write.h"

#include <errno.h>
#ifdef __GLIBC__
#include <malloc.h>
#endif
#include <stdatomic.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

/* A checked file kept for --sort hotness or --bench: its reported
 * findings, copied so that a benchmark can be attached (their strings
 * still belong to `result`). */
typedef struct kept_file {
  const char *name;
  hl_file_contents contents;
  hotlint_result *result;
  hotlint_finding *findings;
  size_t count;
} kept_file;

/* One finding in the hotness order. */
typedef struct ranked_finding {
  const hotlint_finding *finding;
  size_t file; /* index into kept */
  size_t rank; /* position in file order, for a stable sort */
} ranked_finding;

/* What --fix / --diff did to one file (filled by its worker). */
typedef struct file_fix {
  size_t fixed;             /* fixes applied over every pass */
  hl_strbuf text;           /* the fixed text, when fixed > 0 */
  hotlint_result *original; /* the findings before fixing (--fix) */
  hl_fix_dropped dropped;   /* fixes that would not parse */
} file_fix;

enum { FIX_PASSES = 4 }; /* like ruff: re-check and fix again, a few times */

/* After a file this big (its tree takes about ten times its size), return
 * freed memory to the system (see check_work). */
enum { TRIM_AFTER_BYTES = 128 * 1024 };

typedef struct check_run {
  const hl_inputs *inputs;
  hl_file_options file_options; /* the option sets */
  HL_ARRAY(size_t) file_set;    /* per input: index into sets */
  bool sort_by_hotness;
  HL_ARRAY(kept_file) kept;
  hl_emitter *emitter;
  hl_emit_summary summary;
  HL_ARRAY(const hotlint_finding *) findings; /* scratch, one file */
  bool fixing;                                /* --fix (rewrites files) */
  bool diffing;      /* --diff (prints, writes nothing) */
  bool unsafe_fixes; /* --unsafe-fixes */
  file_fix *fixes;   /* per input, when fixing or diffing */
  size_t diff_count; /* files with a diff */
  size_t would_fix;  /* --diff: fixes the diffs hold */
  const hotlint_engine *engine;
  const char *emit_bench; /* --emit-bench DIR, or NULL */
  size_t bench_scripts;   /* written there */
  bool benching;          /* --bench, or `hotlint bench` */
  uint32_t only_line;     /* `hotlint bench FILE:LINE`: the line; else 0 */
  bool since_given;       /* --since: only findings on changed lines */
  hl_since since;
  bool progress;          /* a progress bar on stderr (a TTY, no -q) */
  hl_bench_runner runner; /* when benching */
  size_t benchmarked;     /* findings with a benchmark result */
  size_t bench_failures;  /* of those, verdict error */
  bool caching;           /* results are read from and written to `cache` */
  hl_cache cache;
  atomic_size_t cache_stores; /* entries written by this run */
} check_run;

/* Applies the file's fixes, re-checking after each pass; runs on the
 * worker that checked it. */
static void fix_file(check_run *run, hotlint_checker *checker,
                     const hl_input *input, const hl_option_set *set,
                     hl_pool_item *item, file_fix *fix) {
  bool parses = hotlint_parse_only(checker, item->contents.data,
                                   item->contents.length) == 0;
  hl_strbuf next = {0};
  for (int pass = 0; pass < FIX_PASSES; pass++) {
    const char *source =
        fix->fixed ? hl_strbuf_cstr(&fix->text) : item->contents.data;
    size_t length = fix->fixed ? fix->text.len : item->contents.length;
    size_t applied =
        hl_fix_apply(checker, source, length, item->result, run->unsafe_fixes,
                     parses, &next, &fix->dropped);
    if (!applied)
      break;
    hl_strbuf swap = fix->text;
    fix->text = next;
    next = swap;
    fix->fixed += applied;
    if (run->fixing && !fix->original)
      fix->original = item->result;
    else
      hotlint_result_delete(item->result);
    item->result =
        hotlint_check(checker, input->name, hl_strbuf_cstr(&fix->text),
                      fix->text.len, &set->options);
    if (!item->result)
      break;
  }
  hl_strbuf_free(&next);
}

/* Runs on a worker thread. */
static void check_work(void *context, hotlint_checker *checker, size_t index,
                       hl_pool_item *item) {
  check_run *run = context;
  const hl_input *input = &run->inputs->files.items[index];
  const hl_option_set *set =
      &run->file_options.sets.items[run->file_set.items[index]];
  switch (hl_read_source(input->path, set->max_file_size, &item->contents,
                         &item->error)) {
  case HL_READ_OK:
    break;
  case HL_READ_TOO_LARGE:
    item->skipped = true;
    return;
  case HL_READ_FAILED:
    item->read_failed = true;
    return;
  }
  hl_hash128 key = {0, 0};
  if (run->caching) {
    key = hl_cache_key(set->cache_key, input->name, item->contents.data,
                       item->contents.length);
    item->result = hl_cache_load(&run->cache, key, item->contents.length);
    if (item->result)
      return;
  }
  item->result = hotlint_check(checker, input->name, item->contents.data,
                               item->contents.length, &set->options);
  if (item->result && run->fixes)
    fix_file(run, checker, input, set, item, &run->fixes[index]);
#ifdef __GLIBC__
  /* glibc keeps a big file's tree memory in this thread's arena, where the
   * other workers cannot reuse it: hand it back, or every worker that meets
   * a big file keeps its own copy of that peak */
  if (item->contents.length >= TRIM_AFTER_BYTES)
    malloc_trim(0);
#endif
  if (run->caching && item->result && !hotlint_result_timed_out(item->result) &&
      hl_cache_store(&run->cache, key, item->contents.length, item->result))
    atomic_fetch_add(&run->cache_stores, 1);
}

/* --diff: prints the file's diff. --fix: writes the fixed text; afterwards
 * `item` describes the fixed file, or the original one if writing failed
 * (then its findings are reported as they were). */
static void finish_fix(check_run *run, const hl_input *input,
                       hl_pool_item *item, file_fix *fix) {
  for (size_t i = 0; i < fix->dropped.count; i++)
    fprintf(stderr,
            "hotlint: warning: %s: dropped the fix for %s: it would not "
            "parse\n",
            input->name, fix->dropped.codes[i]);
  hl_fix_dropped_free(&fix->dropped);
  if (fix->fixed && run->diffing) {
    hl_strbuf diff = {0};
    hl_fix_diff(&diff, input->name, item->contents.data, item->contents.length,
                hl_strbuf_cstr(&fix->text), fix->text.len);
    fwrite(hl_strbuf_cstr(&diff), 1, diff.len, stdout);
    hl_strbuf_free(&diff);
    run->diff_count++;
    run->would_fix += fix->fixed;
  } else if (fix->fixed) {
    hotlint_error error;
    if (hl_write_file_atomic(input->path, hl_strbuf_cstr(&fix->text),
                             fix->text.len, item->contents.data,
                             item->contents.length, &error)) {
      run->summary.fixed_count += fix->fixed;
      hl_file_contents_free(&item->contents);
      item->contents.length = fix->text.len;
      item->contents.data = hl_strbuf_detach(&fix->text);
      hotlint_result_delete(fix->original);
    } else {
      fprintf(stderr, "hotlint: %s\n", error.message);
      run->summary.error_count++;
      hotlint_result_delete(item->result);
      item->result = fix->original;
    }
    fix->original = NULL;
  }
  hl_strbuf_free(&fix->text);
}

/* --emit-bench: one script per finding whose rule has a benchmark, named
 * after the file, position and rule (DIR/pkg_mod.py__L12_C5_HOT201.py). */
static void emit_bench_scripts(check_run *run, const hl_input *input,
                               const hotlint_result *result) {
  size_t count = hotlint_result_count(result);
  for (size_t i = 0; i < count; i++) {
    const hotlint_finding *finding = hotlint_result_finding(result, i);
    size_t length;
    char *script = hotlint_benchmark_script(run->engine, finding, &length);
    if (!script)
      continue;
    hl_strbuf path = {0};
    hl_strbuf_printf(&path, "%s/", run->emit_bench);
    const char *name = input->name;
    while (name[0] == '.' && name[1] == '/')
      name += 2;
    for (const char *p = name; *p; p++)
      hl_strbuf_putc(&path, *p == '/' ? '_' : *p);
    hl_strbuf_printf(&path, "__L%u_C%u_%s.py", finding->start.line,
                     finding->start.column, finding->code);
    FILE *file = fopen(hl_strbuf_cstr(&path), "w");
    bool ok = file && fwrite(script, 1, length, file) == length;
    if (file)
      ok = fclose(file) == 0 && ok;
    if (ok) {
      run->bench_scripts++;
    } else {
      fprintf(stderr, "hotlint: cannot write '%s': %s\n", hl_strbuf_cstr(&path),
              strerror(errno));
      run->summary.error_count++;
    }
    free(script);
    hl_strbuf_free(&path);
  }
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
  if (item->skipped) {
    fprintf(stderr, "hotlint: warning: %s\n", item->error.message);
    run->summary.skipped_count++;
    return;
  }
  if (run->fixes)
    finish_fix(run, input, item, &run->fixes[index]);
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

  size_t all = hotlint_result_count(result);
  hl_array_clear(&run->findings);
  /* --since: the file's changed lines, looked up once for all its findings */
  const hl_changed_file *changed =
      run->since_given && all ? hl_since_file(&run->since, input->path) : NULL;
  for (size_t i = 0; i < all; i++) {
    const hotlint_finding *finding = hotlint_result_finding(result, i);
    if (run->only_line && finding->start.line != run->only_line)
      continue;
    if (run->since_given && !hl_since_changed(changed, finding->start.line))
      continue;
    hl_array_push(&run->findings, finding);
    if ((size_t)finding->hotness < 3)
      run->summary.hotness_count[finding->hotness]++;
    if (hl_fix_applies(finding->fix, run->unsafe_fixes))
      run->summary.fixable_count++;
    else if (finding->fix)
      run->summary.hidden_fix_count++;
  }
  size_t count = run->findings.count;
  run->summary.finding_count += count;
  run->summary.suppressed_count += hotlint_result_suppressed_count(result);
  if (run->diffing) {
    hotlint_result_delete(result);
    hl_file_contents_free(&item->contents);
    return;
  }
  if (run->emit_bench)
    emit_bench_scripts(run, input, result);
  if (run->sort_by_hotness || run->benching) {
    kept_file kept = {input->name, item->contents, result, NULL, count};
    kept.findings = hl_calloc(count ? count : 1, sizeof(hotlint_finding));
    for (size_t i = 0; i < count; i++)
      kept.findings[i] = *run->findings.items[i];
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
    const kept_file *file = &run->kept.items[f];
    for (size_t i = 0; i < file->count; i++) {
      ranked_finding item = {&file->findings[i], f, ranked.count};
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
}

/* Writes the kept findings in file order (after --bench). */
static void emit_in_file_order(check_run *run) {
  HL_ARRAY(const hotlint_finding *) pointers = {0};
  for (size_t f = 0; f < run->kept.count; f++) {
    const kept_file *file = &run->kept.items[f];
    hl_array_clear(&pointers);
    for (size_t i = 0; i < file->count; i++)
      hl_array_push(&pointers, &file->findings[i]);
    hl_emitter_file(run->emitter, file->name, file->contents.data,
                    file->contents.length, pointers.items, file->count);
  }
  hl_array_free(&pointers);
}

static void free_kept(check_run *run) {
  for (size_t f = 0; f < run->kept.count; f++) {
    hotlint_result_delete(run->kept.items[f].result);
    hl_file_contents_free(&run->kept.items[f].contents);
    hl_free(run->kept.items[f].findings);
  }
  hl_array_free(&run->kept);
}

/* The progress bar: "Benchmarking [#####.....] 3/7 HOT201 app.py:12",
 * redrawn in place on stderr; cleared by progress_done. */
static void progress_show(const check_run *run, size_t done, size_t total,
                          const char *name, const hotlint_finding *finding) {
  if (!run->progress)
    return;
  enum { WIDTH = 24 };
  size_t filled = total ? done * WIDTH / total : WIDTH;
  char bar[WIDTH + 1];
  for (size_t i = 0; i < WIDTH; i++)
    bar[i] = i < filled ? '#' : '.';
  bar[WIDTH] = '\0';
  fprintf(stderr, "\r\033[KBenchmarking [%s] %zu/%zu", bar, done, total);
  if (finding)
    fprintf(stderr, " %s %.60s:%u", finding->code, name, finding->start.line);
  fflush(stderr);
}

static void progress_done(const check_run *run) {
  if (run->progress) {
    fputs("\r\033[K", stderr);
    fflush(stderr);
  }
}

/* --bench-report: the page of every benchmarked finding, in file order,
 * written atomically. False (error filled) when it cannot be written. */
static bool write_bench_report(const check_run *run, const char *path,
                               hotlint_error *error) {
  HL_ARRAY(hl_bench_report_entry) entries = {0};
  for (size_t f = 0; f < run->kept.count; f++) {
    const kept_file *file = &run->kept.items[f];
    for (size_t i = 0; i < file->count; i++) {
      if (!file->findings[i].benchmark)
        continue;
      hl_bench_report_entry entry = {file->name, &file->findings[i],
                                     file->contents.data,
                                     file->contents.length};
      hl_array_push(&entries, entry);
    }
  }
  char interpreter[4300];
  snprintf(interpreter, sizeof interpreter, "%s (%s)",
           run->runner.python.version, run->runner.python.executable);
  hl_strbuf page = {0};
  hl_bench_report_render(entries.items, entries.count, interpreter, &page);
  bool ok =
      hl_write_output_atomic(path, hl_strbuf_cstr(&page), page.len, error);
  hl_strbuf_free(&page);
  hl_array_free(&entries);
  return ok;
}

/* --bench: runs the benchmark of every kept finding whose rule has one,
 * in file order, one at a time, and attaches the results. */
static void run_benchmarks(check_run *run) {
  typedef struct pending {
    hotlint_finding *finding;
    const char *file;
    char *script;
    size_t length;
  } pending;
  HL_ARRAY(pending) work = {0};
  for (size_t f = 0; f < run->kept.count; f++) {
    kept_file *file = &run->kept.items[f];
    for (size_t i = 0; i < file->count; i++) {
      pending item = {&file->findings[i], file->name, NULL, 0};
      item.script =
          hotlint_benchmark_script(run->engine, item.finding, &item.length);
      if (item.script)
        hl_array_push(&work, item);
    }
  }
  size_t done = 0, total = work.count;
  for (size_t i = 0; i < work.count; i++) {
    pending *item = &work.items[i];
    progress_show(run, done, total, item->file, item->finding);
    item->finding->benchmark =
        hl_bench_runner_measure(&run->runner, item->script, item->length);
    free(item->script);
    done++;
    run->benchmarked++;
    if (item->finding->benchmark->verdict == HOTLINT_VERDICT_ERROR)
      run->bench_failures++;
  }
  hl_array_free(&work);
  progress_show(run, done, total, NULL, NULL);
  progress_done(run);
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

/* True when the user named this file on the command line. */
static bool named_explicitly(const hl_cli_options *options,
                             const hl_config_set *configs, const char *path) {
  char *absolute = hl_config_absolute_path(configs->cwd, path);
  bool named = false;
  for (size_t i = 0; !named && i < options->arguments.count; i++) {
    char *argument =
        hl_config_absolute_path(configs->cwd, options->arguments.items[i]);
    named = strcmp(argument, absolute) == 0;
    hl_free(argument);
  }
  hl_free(absolute);
  return named;
}

/* Gives every input its option set and drops the files that their
 * configuration excludes. Returns false with error for an invalid
 * configuration. */
static bool assign_options(check_run *run, hl_inputs *inputs,
                           const hl_cli_options *options,
                           hl_config_set *configs, hotlint_error *error) {
  size_t kept = 0;
  for (size_t i = 0; i < inputs->files.count; i++) {
    hl_input input = inputs->files.items[i];
    long index;
    char *relative;
    if (!hl_config_set_find(configs, input.name, &index, &relative, error))
      return false;
    const hl_config *config = index >= 0 ? configs->configs.items[index] : NULL;
    if (config && strcmp(input.path, "-") != 0 &&
        hl_config_excludes(config, relative) &&
        (options->force_exclude ||
         !named_explicitly(options, configs, input.path))) {
      hl_free(relative);
      continue;
    }
    size_t matched_count = config ? config->per_file_ignores.count : 0;
    bool *matched = hl_calloc(matched_count ? matched_count : 1, sizeof(bool));
    for (size_t p = 0; p < matched_count; p++)
      matched[p] = hl_config_glob_matches(
          config->per_file_ignores.items[p].pattern.text, relative);
    hl_free(relative);
    size_t set = hl_file_options_set(&run->file_options, index, matched);
    hl_array_push(&run->file_set, set);
    inputs->files.items[kept++] = input;
  }
  inputs->files.count = kept;
  return true;
}

/* The rules-dir entries of the root configuration, resolved against its
 * directory; free with free_strings. */
static char **root_rules_dirs(const hl_config_set *configs, size_t *count) {
  const hl_config *root = hl_config_set_root(configs);
  *count = root ? root->rules_dirs.count : 0;
  char **dirs = hl_calloc(*count + 1, sizeof(char *));
  for (size_t i = 0; i < *count; i++) {
    const char *dir = root->rules_dirs.items[i].text;
    if (dir[0] == '/') {
      dirs[i] = hl_strdup(dir);
    } else {
      hl_strbuf joined = {0};
      hl_strbuf_printf(&joined, "%s/%s", root->directory, dir);
      dirs[i] = hl_strbuf_detach(&joined);
    }
  }
  return dirs;
}

/* ---- The result cache ---------------------------------------------------- */

enum { DEFAULT_CACHE_MAX_MIB = 256 };

/* What makes this run's results differ from another's for the same file,
 * in two parts: the hotlint binary (its identity on disk, so a rebuild is a
 * new cache) and the rule set, hashed once; then each option set's own
 * options (selected rules, target version, hot functions, hot-only). */
static hl_hasher run_key_base(const hotlint_engine *engine) {
  hl_hasher hasher;
  hl_hasher_init(&hasher, 0);
  hl_hasher_feed_string(&hasher, "hotlint " HOTLINT_VERSION);
  struct stat binary;
  if (stat("/proc/self/exe", &binary) == 0) {
    hl_hasher_feed_u64(&hasher, (uint64_t)binary.st_dev);
    hl_hasher_feed_u64(&hasher, (uint64_t)binary.st_ino);
    hl_hasher_feed_u64(&hasher, (uint64_t)binary.st_size);
    hl_hasher_feed_u64(&hasher, (uint64_t)binary.st_mtim.tv_sec);
    hl_hasher_feed_u64(&hasher, (uint64_t)binary.st_mtim.tv_nsec);
  }
  unsigned char fingerprint[16];
  hotlint_engine_fingerprint(engine, fingerprint);
  hl_hasher_feed(&hasher, fingerprint, sizeof fingerprint);
  return hasher;
}

static hl_hash128 run_key(hl_hasher hasher, size_t rule_count,
                          const hotlint_check_options *options) {
  hl_hasher_feed_u64(
      &hasher, (uint64_t)(options->target_minor ? options->target_minor : 11));
  hl_hasher_feed_u64(&hasher, rule_count);
  for (size_t r = 0; r < rule_count; r++) {
    hl_hasher_feed_u64(&hasher, options->enabled ? options->enabled[r] : 1);
    hl_hasher_feed_u64(
        &hasher, (uint64_t)(options->hot_only ? options->hot_only[r] + 1 : 0));
  }
  hl_hasher_feed_u64(&hasher, options->hot_function_count);
  for (size_t i = 0; i < options->hot_function_count; i++) {
    hl_hasher_feed_string(&hasher, options->hot_functions[i].name);
    hl_hasher_feed_string(&hasher, options->hot_functions[i].path);
    hl_hasher_feed_string(&hasher, options->hot_functions[i].reason);
  }
  return hl_hasher_finish(&hasher);
}

/* Opens the cache unless --no-cache, --fix or --diff (fixing reads and
 * rewrites files; its results are not worth keeping) or checking standard
 * input. A cache that cannot be opened is a warning: the run goes on. */
static void open_cache(check_run *run, const hotlint_engine *engine,
                       const hl_cli_options *options) {
  if (options->no_cache || run->fixing || run->diffing)
    return;
  for (size_t i = 0; i < run->inputs->files.count; i++)
    if (!strcmp(run->inputs->files.items[i].path, "-"))
      return;
  const char *dir = getenv("HOTLINT_CACHE_DIR");
  if (!dir || !*dir)
    dir = ".hotlint_cache";
  hotlint_error error = {{0}};
  if (!hl_cache_open(&run->cache, dir, &error)) {
    fprintf(stderr, "hotlint: warning: %s; checking without it\n",
            error.message);
    return;
  }
  size_t rule_count = hotlint_engine_rule_count(engine);
  hl_hasher base = run_key_base(engine);
  for (size_t i = 0; i < run->file_options.sets.count; i++)
    run->file_options.sets.items[i].cache_key =
        run_key(base, rule_count, &run->file_options.sets.items[i].options);
  run->caching = true;
}

/* After the run: keeps the cache under its size limit (256 MiB, or
 * $HOTLINT_CACHE_MAX_KB), if this run added to it. */
static void close_cache(check_run *run) {
  if (!run->caching)
    return;
  if (atomic_load(&run->cache_stores) > 0) {
    uint64_t max_bytes = (uint64_t)DEFAULT_CACHE_MAX_MIB << 20;
    const char *limit = getenv("HOTLINT_CACHE_MAX_KB");
    if (limit && *limit) {
      char *end;
      unsigned long long kib = strtoull(limit, &end, 10);
      if (!*end && limit[0] >= '0' && limit[0] <= '9' && kib < (1ULL << 44))
        max_bytes = (uint64_t)kib << 10;
      else
        fprintf(stderr,
                "hotlint: warning: HOTLINT_CACHE_MAX_KB='%s' is not a size "
                "in KiB; keeping the cache under %d MiB\n",
                limit, DEFAULT_CACHE_MAX_MIB);
    }
    hl_cache_prune(&run->cache, max_bytes);
  }
  hl_cache_close(&run->cache);
  run->caching = false;
}

static void free_strings(char **strings, size_t count) {
  for (size_t i = 0; i < count; i++)
    hl_free(strings[i]);
  hl_free(strings);
}

/* `check` (only_line 0) and `bench FILE:LINE` (the line). */
static hotlint_exit run_check(const hl_cli_options *options,
                              uint32_t only_line) {
  hotlint_error error = {{0}};
  hotlint_exit status = HOTLINT_EXIT_ERROR;
  bool runner_ready = false;
  FILE *output = NULL; /* --output-file: collected here */
  char *output_data = NULL;
  size_t output_length = 0;
  char *working_directory = NULL;
  char *information_uri = NULL;
  hotlint_engine *engine = NULL;
  bool *enabled = NULL;
  hl_profile profile = {0};
  hl_inputs inputs = {0};
  check_run run = {.inputs = &inputs,
                   .sort_by_hotness = options->sort_by_hotness,
                   .diffing = options->diff,
                   .fixing = options->fix && !options->diff,
                   .unsafe_fixes = options->unsafe_fixes,
                   .benching = options->bench || only_line > 0,
                   .only_line = only_line};

  hl_config_set configs;
  if (!hl_config_set_init(&configs, options->config_file, &error))
    goto failed;
  size_t dir_count;
  char **dirs = root_rules_dirs(&configs, &dir_count);
  engine = hl_cli_load_engine_with(options, (const char *const *)dirs,
                                   dir_count, &error);
  free_strings(dirs, dir_count);
  if (!engine)
    goto failed;
  enabled = hl_file_options_select(engine, options, &error);
  if (!enabled || !hl_config_set_attach(&configs, engine, &error))
    goto failed;

  if (options->profile) {
    hl_file_contents contents;
    bool ok = hl_read_file(options->profile, &contents, &error);
    if (ok) {
      ok = hl_profile_parse(options->profile, contents.data, contents.length,
                            0.01, &profile, &error);
      hl_file_contents_free(&contents);
    }
    if (!ok)
      goto failed;
  }

  hl_inputs_collect(options, &inputs);
  hl_file_options_init(&run.file_options, engine, options, &configs, enabled,
                       &profile);
  if (!assign_options(&run, &inputs, options, &configs, &error))
    goto failed;
  if (run.fixing)
    for (size_t i = 0; i < inputs.files.count; i++)
      if (!strcmp(inputs.files.items[i].path, "-")) {
        snprintf(error.message, sizeof error.message,
                 "--fix cannot rewrite standard input; use --diff to see "
                 "the fixes");
        goto failed;
      }
  if (run.fixing || run.diffing)
    run.fixes = hl_calloc(inputs.files.count + 1, sizeof(file_fix));
  if (options->since && (run.fixing || run.diffing)) {
    snprintf(error.message, sizeof error.message,
             "--since cannot be combined with --fix or --diff: fixes apply "
             "to whole files");
    goto failed;
  }
  if (options->since) {
    if (!hl_since_load(options->since, &run.since, &error))
      goto failed;
    run.since_given = true;
  }
  if (run.benching && (run.fixing || run.diffing)) {
    snprintf(error.message, sizeof error.message,
             "--bench cannot be combined with --fix or --diff: benchmark "
             "the code as it is, or fix it first");
    goto failed;
  }
  atomic_init(&run.cache_stores, 0);
  open_cache(&run, engine, options);
  run.engine = engine;
  if (run.benching) {
    /* the interpreter is checked before any file is: a missing one is a
       usage error, not something to find out after the work */
    if (!hl_bench_runner_init(&run.runner, options->python,
                              run.caching ? &run.cache : NULL, &error))
      goto failed;
    runner_ready = true;
    run.progress = !options->quiet && isatty(STDERR_FILENO) == 1;
  }
  if (options->emit_bench) {
    if (mkdir(options->emit_bench, 0777) != 0 && errno != EEXIST) {
      snprintf(error.message, sizeof error.message, "cannot create '%s': %s",
               options->emit_bench, strerror(errno));
      goto failed;
    }
    run.emit_bench = options->emit_bench;
  }
  for (size_t i = 0; i < inputs.discovered.error_count; i++)
    fprintf(stderr, "hotlint: %s\n", inputs.discovered.errors[i]);

  /* --output-file: the output is collected and written atomically when
     the run ends, so a reader never sees half a report */
  if (options->output_file) {
    output = open_memstream(&output_data, &output_length);
    if (!output) {
      snprintf(error.message, sizeof error.message,
               "cannot collect the output: %s", strerror(errno));
      goto failed;
    }
  }
  char *cwd = getcwd(NULL, 0);
  working_directory = cwd;
  const char *docs = hl_cli_docs_url();
  if (docs) {
    hl_strbuf uri = {0};
    hl_strbuf_printf(&uri, "%s/README.md", docs);
    information_uri = hl_strbuf_detach(&uri);
  }
  hl_emit_settings settings = {
      .out = output ? output : stdout,
      .format = options->output_format,
      .statistics = options->statistics,
      .color = !output && use_color(options->color),
      .summary = !options->quiet,
      .unsafe_fixes = options->unsafe_fixes,
      .engine = engine,
      .working_directory = working_directory,
      .information_uri = information_uri,
  };
  run.emitter = hl_emitter_new(&settings);
  run.summary.file_count = inputs.files.count;
  run.summary.error_count = inputs.discovered.error_count;
  run.summary.fixing = run.fixing;

  if (!run.diffing)
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
  if (run.benching) {
    run_benchmarks(&run);
    hotlint_error report_error;
    if (options->bench_report &&
        !write_bench_report(&run, options->bench_report, &report_error)) {
      fprintf(stderr, "hotlint: %s\n", report_error.message);
      run.summary.error_count++;
    }
  }
  if (run.sort_by_hotness)
    emit_by_hotness(&run);
  else if (run.benching)
    emit_in_file_order(&run);
  free_kept(&run);
  close_cache(&run);
  /* findings whose program another finding already ran or read */
  size_t shared = run.benchmarked - run.runner.runs - run.runner.cache_hits;
  char repeats[64] = "";
  if (shared)
    snprintf(repeats, sizeof repeats, ", %zu the same program as another",
             shared);
  if (run.benching && !options->quiet)
    fprintf(stderr,
            "Benchmarked %zu finding%s with %s (%s): %zu run, %zu from the "
            "cache%s.\n",
            run.benchmarked, run.benchmarked == 1 ? "" : "s",
            run.runner.python.version, run.runner.python.executable,
            run.runner.runs, run.runner.cache_hits, repeats);
  if (run.emit_bench && !options->quiet)
    fprintf(stderr, "Wrote %zu benchmark script%s to %s.\n", run.bench_scripts,
            run.bench_scripts == 1 ? "" : "s", run.emit_bench);
  status = HOTLINT_EXIT_CLEAN;
  if (run.diffing) {
    /* ruff: the diff on stdout, the count on stderr, exit 1 if a diff */
    if (!options->quiet) {
      if (run.would_fix)
        fprintf(stderr, "Would fix %zu finding%s.\n", run.would_fix,
                run.would_fix == 1 ? "" : "s");
      else
        fprintf(stderr, "No fixes would be applied.\n");
    }
    if (run.diff_count > 0)
      status = HOTLINT_EXIT_FINDINGS;
  } else {
    hl_emitter_end(run.emitter, &run.summary);
    if (run.summary.finding_count > 0)
      status = HOTLINT_EXIT_FINDINGS;
  }
  if (only_line) {
    /* `hotlint bench`: what was asked is a measurement */
    status = HOTLINT_EXIT_CLEAN;
    if (run.benchmarked == 0) {
      fprintf(stderr,
              "hotlint: no finding with a benchmark on line %u of '%s'\n",
              only_line, options->arguments.items[0]);
      status = HOTLINT_EXIT_ERROR;
    } else if (run.bench_failures > 0) {
      status = HOTLINT_EXIT_ERROR;
    }
  }
  if (options->exit_zero && status == HOTLINT_EXIT_FINDINGS)
    status = HOTLINT_EXIT_CLEAN;
  if (run.summary.error_count > 0)
    status = HOTLINT_EXIT_ERROR;
  hl_emitter_delete(run.emitter);
  if (output) {
    bool collected = fflush(output) == 0 && !ferror(output);
    fclose(output);
    output = NULL;
    hotlint_error write_error;
    if (!collected) {
      fprintf(stderr, "hotlint: cannot collect the output\n");
      status = HOTLINT_EXIT_ERROR;
    } else if (!hl_write_output_atomic(options->output_file, output_data,
                                       output_length, &write_error)) {
      fprintf(stderr, "hotlint: %s\n", write_error.message);
      status = HOTLINT_EXIT_ERROR;
    }
  }
  if (fflush(stdout) != 0 || ferror(stdout)) {
    fprintf(stderr, "hotlint: cannot write the output: %s\n", strerror(errno));
    status = HOTLINT_EXIT_ERROR;
  }
  goto done;

failed:
  fprintf(stderr, "hotlint: %s\n", error.message);
done:
  if (run.since_given)
    hl_since_free(&run.since);
  if (output)
    fclose(output);
  free(output_data);
  free(working_directory);
  hl_free(information_uri);
  free_kept(&run);
  if (runner_ready)
    hl_bench_runner_release(&run.runner);
  close_cache(&run);
  hl_free(run.fixes);
  hl_array_free(&run.findings);
  hl_file_options_release(&run.file_options);
  hl_array_free(&run.file_set);
  hl_inputs_free(&inputs);
  hl_profile_free(&profile);
  hl_free(enabled);
  hotlint_engine_delete(engine);
  hl_config_set_free(&configs);
  return status;
}

hotlint_exit hl_command_check(const hl_cli_options *options) {
  return run_check(options, 0);
}

hotlint_exit hl_command_bench(const hl_cli_options *options) {
  if (options->arguments.count != 1) {
    fprintf(stderr, "hotlint: bench needs FILE:LINE, like app.py:12\n"
                    "hint: try 'hotlint bench --help'\n");
    return HOTLINT_EXIT_ERROR;
  }
  const char *target = options->arguments.items[0];
  const char *colon = strrchr(target, ':');
  char *end = NULL;
  unsigned long line = 0;
  if (colon && colon > target) {
    errno = 0;
    line = strtoul(colon + 1, &end, 10);
  }
  if (!colon || colon == target || !end || end == colon + 1 || *end || errno ||
      line == 0 || line > UINT32_MAX) {
    fprintf(stderr,
            "hotlint: '%s' is not FILE:LINE (a file and a line number, "
            "like app.py:12)\n",
            target);
    return HOTLINT_EXIT_ERROR;
  }
  char *path = hl_strndup(target, (size_t)(colon - target));
  hl_cli_options copy = *options; /* shares every string: not freed here */
  char *arguments[1] = {path};
  copy.arguments.items = arguments;
  copy.arguments.count = 1;
  copy.bench = true;
  copy.force_exclude = false; /* a file named for benchmarking is meant */
  hotlint_exit status = run_check(&copy, (uint32_t)line);
  hl_free(path);
  return status;
}
