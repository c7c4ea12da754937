/* Fixes: applying the fixes of a file's findings to its text (what `check
 * --fix` writes) and the unified diff of the change (what `check --diff`
 * prints). Pure text work plus a re-parse through the public API; nothing
 * here reads or writes files or prints. */
#ifndef HOTLINT_REPORT_FIX_H
#define HOTLINT_REPORT_FIX_H

#include "base/strbuf.h"
#include "hotlint/hotlint.h"

#include <stdbool.h>
#include <stddef.h>

/* True if `fix` is applied under these settings: safe fixes always, unsafe
 * ones only with `unsafe` (--unsafe-fixes). */
bool hl_fix_applies(const hotlint_fix *fix, bool unsafe);

/* The rule codes whose fixes were dropped because the fixed text would not
 * parse (each code once, static strings owned by the results' rules are
 * copied). */
typedef struct hl_fix_dropped {
  char **codes;
  size_t count;
} hl_fix_dropped;

void hl_fix_dropped_free(hl_fix_dropped *dropped);

/* One pass over the findings of `result` (checked on `source`): takes the
 * applicable fixes in order of their first edit, skips a fix whose edits
 * overlap one already taken (a later pass gets it), and, when the source
 * parsed without errors (`source_parses`), drops a fix whose result would
 * not parse (its code is added to `dropped`). Writes the fixed text to
 * `out` (cleared first) and returns the number of fixes applied; 0 leaves
 * `out` empty. `checker` is used to re-parse. */
size_t hl_fix_apply(hotlint_checker *checker, const char *source, size_t length,
                    const hotlint_result *result, bool unsafe,
                    bool source_parses, hl_strbuf *out,
                    hl_fix_dropped *dropped);

/* Appends to `out` the unified diff (`--- a/PATH`, `+++ b/PATH`, hunks with
 * three lines of context) that turns `before` into `after`; nothing when
 * they are equal. */
void hl_fix_diff(hl_strbuf *out, const char *path, const char *before,
                 size_t before_length, const char *after, size_t after_length);

#endif
