/* Running micro-benchmarks and reading their results. See run.h. */
#include "bench/run.h"

#include "base/hash.h"
#include "bench/stats.h"

#include <jansson.h>
#include <stdio.h>
#include <string.h>

/* The cache entries' tag: "BENCH" and the format of what they hold (the
 * script's output; bump when the script's output changes meaning). */
static const uint64_t CACHE_TAG = 0x42454e434801ULL;

const char *hotlint_verdict_name(hotlint_verdict verdict) {
  switch (verdict) {
  case HOTLINT_VERDICT_CONFIRMED:
    return "confirmed";
  case HOTLINT_VERDICT_REFUTED:
    return "refuted";
  case HOTLINT_VERDICT_NO_EFFECT:
    return "no-effect";
  case HOTLINT_VERDICT_ERROR:
    break;
  }
  return "error";
}

static hotlint_verdict public_verdict(hl_verdict verdict) {
  switch (verdict) {
  case HL_VERDICT_CONFIRMED:
    return HOTLINT_VERDICT_CONFIRMED;
  case HL_VERDICT_REFUTED:
    return HOTLINT_VERDICT_REFUTED;
  case HL_VERDICT_NO_EFFECT:
    break;
  }
  return HOTLINT_VERDICT_NO_EFFECT;
}

static hotlint_benchmark *failed(hl_arena *arena, const char *python,
                                 const char *why) {
  hotlint_benchmark *result = hl_arena_calloc(arena, 1, sizeof *result);
  result->verdict = HOTLINT_VERDICT_ERROR;
  result->python = hl_arena_strndup(arena, python, strlen(python));
  result->error = hl_arena_strndup(arena, why, strlen(why));
  return result;
}

/* Reads a JSON array of positive numbers into the arena. */
static bool read_samples(json_t *array, hl_arena *arena, double **out,
                         size_t *count) {
  if (!json_is_array(array) || json_array_size(array) == 0 ||
      json_array_size(array) > 10000)
    return false;
  size_t n = json_array_size(array);
  double *values = hl_arena_alloc(arena, n * sizeof(double));
  for (size_t i = 0; i < n; i++) {
    json_t *item = json_array_get(array, i);
    if (!json_is_number(item))
      return false;
    values[i] = json_number_value(item);
    if (!(values[i] > 0))
      return false;
  }
  *out = values;
  *count = n;
  return true;
}

/* One output line: a size's samples or its error. */
static bool read_size(json_t *line, hl_arena *arena, hl_random *random,
                      hotlint_benchmark_size *size) {
  memset(size, 0, sizeof *size);
  json_t *n = json_object_get(line, "size");
  if (!json_is_integer(n) || json_integer_value(n) < 0)
    return false;
  size->size = (unsigned)json_integer_value(n);
  json_t *error = json_object_get(line, "error");
  if (json_is_string(error)) {
    size->verdict = HOTLINT_VERDICT_ERROR;
    size->error = hl_arena_strndup(arena, json_string_value(error),
                                   strlen(json_string_value(error)));
    return true;
  }
  json_t *loops = json_object_get(line, "loops");
  double *before, *after;
  size_t before_count, after_count;
  if (!json_is_integer(loops) || json_integer_value(loops) < 1 ||
      !read_samples(json_object_get(line, "before_ns"), arena, &before,
                    &before_count) ||
      !read_samples(json_object_get(line, "after_ns"), arena, &after,
                    &after_count) ||
      before_count != after_count)
    return false;
  hl_speedup speedup;
  if (hl_speedup_estimate(before, before_count, after, after_count,
                          HL_BOOTSTRAP_RESAMPLES, random, &speedup) != 0)
    return false;
  size->loops = (unsigned long)json_integer_value(loops);
  size->before_ns = before;
  size->after_ns = after;
  size->sample_count = before_count;
  size->before_median_ns = speedup.before_median;
  size->after_median_ns = speedup.after_median;
  size->speedup = speedup.speedup;
  size->ci_low = speedup.ci_low;
  size->ci_high = speedup.ci_high;
  size->verdict = public_verdict(speedup.verdict);
  return true;
}

hotlint_benchmark *hl_bench_result_parse(const char *output, size_t length,
                                         const char *python, uint64_t seed,
                                         hl_arena *arena) {
  hl_random random;
  hl_random_seed(&random, seed);
  HL_ARRAY(hotlint_benchmark_size) sizes = {0};
  const char *line = output, *end = output + length;
  bool ok = true;
  while (line < end && ok) {
    const char *next = memchr(line, '\n', (size_t)(end - line));
    size_t line_length = next ? (size_t)(next - line) : (size_t)(end - line);
    if (line_length > 0) {
      json_t *value = json_loadb(line, line_length, 0, NULL);
      hotlint_benchmark_size size;
      ok = json_is_object(value) && read_size(value, arena, &random, &size);
      if (ok)
        hl_array_push(&sizes, size);
      json_decref(value);
    }
    line = next ? next + 1 : end;
  }
  if (!ok || sizes.count == 0) {
    hl_array_free(&sizes);
    return failed(arena, python, "the benchmark printed no result");
  }
  hotlint_benchmark *result = hl_arena_calloc(arena, 1, sizeof *result);
  hotlint_benchmark_size *copy =
      hl_arena_alloc(arena, sizes.count * sizeof(hotlint_benchmark_size));
  memcpy(copy, sizes.items, sizes.count * sizeof(hotlint_benchmark_size));
  result->sizes = copy;
  result->size_count = sizes.count;
  result->python = hl_arena_strndup(arena, python, strlen(python));
  /* the headline: the largest size that was measured */
  const hotlint_benchmark_size *headline = NULL;
  for (size_t i = 0; i < sizes.count; i++)
    if (copy[i].verdict != HOTLINT_VERDICT_ERROR &&
        (!headline || copy[i].size >= headline->size))
      headline = &copy[i];
  if (!headline) {
    result->verdict = HOTLINT_VERDICT_ERROR;
    result->error = copy[0].error;
    result->size = copy[0].size;
  } else {
    result->verdict = headline->verdict;
    result->speedup = headline->speedup;
    result->ci_low = headline->ci_low;
    result->ci_high = headline->ci_high;
    result->before_ns = headline->before_median_ns;
    result->after_ns = headline->after_median_ns;
    result->size = headline->size;
  }
  hl_array_free(&sizes);
  return result;
}

bool hl_bench_runner_init(hl_bench_runner *runner, const char *python,
                          const hl_cache *cache, hotlint_error *error) {
  memset(runner, 0, sizeof *runner);
  if (!hl_python_identify(python, &runner->python, error))
    return false;
  runner->limits = hl_sandbox_default_limits();
  runner->cache = cache;
  return true;
}

void hl_bench_runner_release(hl_bench_runner *runner) {
  hl_arena_free(&runner->arena);
  hl_array_free(&runner->memo);
  memset(runner, 0, sizeof *runner);
}

static hl_hash128 script_key(const hl_bench_runner *runner, const char *script,
                             size_t length) {
  hl_hasher hasher;
  hl_hasher_init(&hasher, 0x62656e6368ULL);
  hl_hasher_feed_string(&hasher, runner->python.executable);
  hl_hasher_feed_string(&hasher, runner->python.version);
  hl_hasher_feed_string(&hasher, runner->python.build);
  hl_hasher_feed_u64(&hasher, length);
  hl_hasher_feed(&hasher, script, length);
  return hl_hasher_finish(&hasher);
}

static hl_bench_memo *find_memo(hl_bench_runner *runner, hl_hash128 key) {
  for (size_t i = 0; i < runner->memo.count; i++)
    if (runner->memo.items[i].key.low == key.low &&
        runner->memo.items[i].key.high == key.high)
      return &runner->memo.items[i];
  return NULL;
}

/* The cached output for `key`, parsed, or NULL. */
static hotlint_benchmark *from_cache(hl_bench_runner *runner, hl_hash128 key) {
  if (!runner->cache)
    return NULL;
  size_t length;
  char *output = hl_cache_load_bytes(runner->cache, key, CACHE_TAG, &length);
  if (!output)
    return NULL;
  hotlint_benchmark *result = hl_bench_result_parse(
      output, length, runner->python.version, key.low, &runner->arena);
  hl_free(output);
  if (result->verdict == HOTLINT_VERDICT_ERROR &&
      !strcmp(result->error, "the benchmark printed no result"))
    return NULL; /* not what we store: measure again */
  return result;
}

/* The memo entry for `key`: from memory, or read from the cache directory
 * into memory; NULL when neither has it. */
static hl_bench_memo *lookup(hl_bench_runner *runner, hl_hash128 key) {
  hl_bench_memo *memo = find_memo(runner, key);
  if (memo)
    return memo;
  hotlint_benchmark *cached = from_cache(runner, key);
  if (!cached)
    return NULL;
  hl_bench_memo entry = {key, cached, true};
  hl_array_push(&runner->memo, entry);
  runner->cache_hits++;
  return &runner->memo.items[runner->memo.count - 1];
}

bool hl_bench_runner_known(hl_bench_runner *runner, const char *script,
                           size_t length) {
  return lookup(runner, script_key(runner, script, length)) != NULL;
}

const hotlint_benchmark *hl_bench_runner_measure(hl_bench_runner *runner,
                                                 const char *script,
                                                 size_t length) {
  hl_hash128 key = script_key(runner, script, length);
  hl_bench_memo *known = lookup(runner, key);
  if (known)
    return known->result;
  hl_sandbox_result outcome;
  hotlint_error error;
  hotlint_benchmark *result;
  runner->runs++;
  if (!hl_sandbox_run(runner->python.executable, script, length,
                      &runner->limits, &outcome, &error)) {
    result = failed(&runner->arena, runner->python.version, error.message);
  } else {
    char why[512];
    why[0] = '\0';
    if (outcome.timed_out)
      snprintf(why, sizeof why, "timed out after %u s",
               runner->limits.timeout_ms / 1000);
    else if (outcome.output_truncated)
      snprintf(why, sizeof why, "wrote more than %zu bytes",
               runner->limits.output_bytes);
    else if (!outcome.exited)
      snprintf(why, sizeof why, "killed by signal %d", outcome.signal);
    else if (outcome.exit_status != 0) {
      /* the last line of the traceback says what */
      const char *errors = outcome.errors;
      size_t n = outcome.errors_length;
      while (n > 0 && errors[n - 1] == '\n')
        n--;
      size_t start = n;
      while (start > 0 && errors[start - 1] != '\n')
        start--;
      snprintf(why, sizeof why, "exited with status %d%s%.*s",
               outcome.exit_status, n > start ? ": " : "",
               (int)(n - start > 300 ? 300 : n - start), errors + start);
    }
    if (why[0]) {
      result = failed(&runner->arena, runner->python.version, why);
    } else {
      result = hl_bench_result_parse(outcome.output, outcome.output_length,
                                     runner->python.version, key.low,
                                     &runner->arena);
      if (runner->cache &&
          !(result->verdict == HOTLINT_VERDICT_ERROR &&
            !strcmp(result->error, "the benchmark printed no result")))
        (void)hl_cache_store_bytes(runner->cache, key, CACHE_TAG,
                                   outcome.output, outcome.output_length);
    }
    hl_sandbox_result_free(&outcome);
  }
  hl_bench_memo memo = {key, result, false};
  hl_array_push(&runner->memo, memo);
  return result;
}
