/* Benchmark scripts: a rule's `benchmark:` (setup, before, after, sizes)
 * turned into one standalone, standard-library-only Python program that
 * calibrates a loop count along Fibonacci numbers until one sample lasts
 * 10 ms, then takes interleaved samples of both variants, after checking
 * that they return the same result, and prints one JSON line per size.
 *
 * The finding's captures enter the program through `${name}` placeholders
 * — and only a capture that is a literal (numbers, strings without
 * interpolation, True/False/None, and tuples, lists, sets and dicts of
 * those) or a builtin name enters as written; anything else, which could
 * run the user's code, is replaced by a stand-in of the same shape (a
 * tuple of as many small integers, a string, 0). `$` never appears in
 * Python code outside strings, so placeholders cannot clash with it.
 *
 * Owns nothing; writes into the caller's buffer. */
#ifndef HOTLINT_BENCH_SCRIPT_H
#define HOTLINT_BENCH_SCRIPT_H

#include "base/strbuf.h"
#include "rules/rule.h"

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

typedef struct hl_bench_capture {
  const char *name;
  const char *text;
  uint32_t length;
} hl_bench_capture;

enum { HL_BENCH_SAMPLES = 11 };

/* True if `text` may enter a script as written (see above). */
bool hl_bench_capture_is_safe(const char *text, uint32_t length);

/* Appends the stand-in for a capture that is not safe. */
void hl_bench_stand_in(const char *text, uint32_t length, hl_strbuf *out);

/* Appends the program for `benchmark` of rule `code` with these captures
 * (a placeholder whose capture is missing gets the stand-in `0`). */
void hl_bench_script(const char *code, const hl_rule_benchmark *benchmark,
                     const hl_bench_capture *captures, size_t capture_count,
                     hl_strbuf *out);

#endif
