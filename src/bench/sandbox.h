/* The sandbox benchmarks run in (DESIGN.md "Micro-benchmarks"): a
 * generated script run by a Python interpreter as `python -I` (isolated:
 * no site, no user paths, no PYTHON* variables), through fork/exec with an
 * argv (no shell), in a fresh temporary directory that is removed
 * afterwards, with an empty environment, limits on CPU time, address space,
 * file size and core dumps, its own process group, a wall-clock timeout
 * after which the whole group is killed, and its output capped (the child
 * is killed when it writes more). It runs only the script it is given;
 * what goes into that script is the generator's business.
 *
 * Owns nothing between calls; the result owns its output. Safe to call
 * from several threads (each call has its own directory and pipes). */
#ifndef HOTLINT_BENCH_SANDBOX_H
#define HOTLINT_BENCH_SANDBOX_H

#include "hotlint/hotlint.h"

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

typedef struct hl_sandbox_limits {
  unsigned timeout_ms;   /* wall clock */
  unsigned cpu_seconds;  /* RLIMIT_CPU */
  uint64_t memory_bytes; /* RLIMIT_AS */
  size_t output_bytes;   /* stdout and stderr each */
} hl_sandbox_limits;

/* What benchmarks get unless told otherwise. */
hl_sandbox_limits hl_sandbox_default_limits(void);

typedef struct hl_sandbox_result {
  int exit_status; /* when exited */
  int signal;      /* when killed by a signal, else 0 */
  bool exited;
  bool timed_out;        /* killed at the timeout */
  bool output_truncated; /* killed for writing more than the cap */
  char *output;          /* stdout, NUL-terminated (free with hl_free) */
  size_t output_length;
  char *errors; /* stderr, NUL-terminated */
  size_t errors_length;
} hl_sandbox_result;

void hl_sandbox_result_free(hl_sandbox_result *result);

/* Runs `script` with the interpreter at `python` (an absolute path). False
 * with error only when it could not be run at all (no temporary directory,
 * no fork, the interpreter missing); a script that fails, times out or
 * writes too much is a result. */
bool hl_sandbox_run(const char *python, const char *script, size_t length,
                    const hl_sandbox_limits *limits, hl_sandbox_result *result,
                    hotlint_error *error);

/* An interpreter's identity: what the benchmarks run and what their
 * results are cached under. */
typedef struct hl_python {
  char executable[4096]; /* absolute: sys.executable */
  char version[80];      /* "CPython 3.11.2" */
  char build[256];       /* sys.version in full: build date and compiler */
} hl_python;

/* The interpreter to benchmark with: `requested` (a path, or a name looked
 * up on PATH; NULL means python3), asked for its real executable, version
 * and build by a fixed one-line program. False with a clear error when it
 * is missing or is not Python 3. */
bool hl_python_identify(const char *requested, hl_python *python,
                        hotlint_error *error);

#endif
