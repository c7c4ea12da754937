/* Running micro-benchmarks: a generated script (bench/script.h) run by the
 * chosen interpreter in the sandbox (bench/sandbox.h), its JSON lines read
 * back and turned into medians, speed-ups, bootstrap intervals and
 * verdicts (bench/stats.h) — the hotlint_benchmark a finding carries.
 *
 * Results are cached by (script text, interpreter executable, version and
 * build): in memory for the run, so identical scripts run once, and in the
 * result cache directory when the runner is given one. What is cached is
 * the script's own output (the samples), so a cached result is the same
 * computation on the same measurements; runs that failed for reasons that
 * may pass (timeouts, signals) are not cached.
 *
 * Owns the results it returns (freed by hl_bench_runner_release) and the
 * interpreter's identity. One runner per thread; benchmarks run one at a
 * time so that two never compete for the CPU. */
#ifndef HOTLINT_BENCH_RUN_H
#define HOTLINT_BENCH_RUN_H

#include "base/arena.h"
#include "base/array.h"
#include "bench/sandbox.h"
#include "cache/cache.h"
#include "hotlint/hotlint.h"

typedef struct hl_bench_memo {
  hl_hash128 key;
  hotlint_benchmark *result;
  bool from_cache; /* read from the cache directory */
} hl_bench_memo;

typedef struct hl_bench_runner {
  hl_python python;
  hl_sandbox_limits limits;
  const hl_cache *cache; /* NULL: measure every time (--no-cache) */
  hl_arena arena;        /* the results */
  HL_ARRAY(hl_bench_memo) memo;
  size_t runs;       /* scripts actually run */
  size_t cache_hits; /* results read from the cache directory */
} hl_bench_runner;

/* Identifies the interpreter (`python`: a path or a name on PATH; NULL is
 * python3). False with error when it is missing or not Python 3. `cache`
 * may be NULL and must outlive the runner. */
bool hl_bench_runner_init(hl_bench_runner *runner, const char *python,
                          const hl_cache *cache, hotlint_error *error);
void hl_bench_runner_release(hl_bench_runner *runner);

/* The result of benchmark script `script` (rule `code`): from memory, the
 * cache, or a run. Never NULL; a failure is a result with verdict ERROR.
 * Owned by the runner. */
const hotlint_benchmark *hl_bench_runner_measure(hl_bench_runner *runner,
                                                 const char *script,
                                                 size_t length);

/* Whether the result for `script` is already known (memory or cache),
 * so that measuring it would run nothing. */
bool hl_bench_runner_known(hl_bench_runner *runner, const char *script,
                           size_t length);

/* Turns a script's output (JSON lines, one per size) into a result in
 * `arena`; `seed` makes the bootstrap reproducible. Exposed for tests. */
hotlint_benchmark *hl_bench_result_parse(const char *output, size_t length,
                                         const char *python, uint64_t seed,
                                         hl_arena *arena);

#endif
