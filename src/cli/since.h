/* `check --since REV`: which lines were added or changed since a git
 * revision, so that only findings starting on them are reported — how a
 * team adopts hotlint on old code. REV is compared with the working tree
 * (`git diff REV`: committed, staged and unstaged changes); a range
 * `A...B` compares B with the merge base of A and B, `A..B` B with A, as
 * git does. Files git does not track (and does not ignore) are new: every
 * line counts. git runs as an argv (posix_spawnp, never a shell), from the
 * current directory.
 *
 * Owns the paths and line ranges it read; free with hl_since_free. */
#ifndef HOTLINT_CLI_SINCE_H
#define HOTLINT_CLI_SINCE_H

#include "base/array.h"
#include "hotlint/hotlint.h"

#include <stdbool.h>
#include <stdint.h>

typedef struct hl_line_range {
  uint32_t first, last; /* 1-based, inclusive */
} hl_line_range;

typedef struct hl_changed_file {
  char *path;   /* absolute */
  bool all_new; /* untracked: every line is new */
  HL_ARRAY(hl_line_range) ranges;
} hl_changed_file;

typedef struct hl_since {
  char *top; /* the repository's top directory, absolute */
  HL_ARRAY(hl_changed_file) files; /* sorted by path */
} hl_since;

/* Reads what changed since `revision`. False with a clear error when the
 * current directory is not in a git repository, git is missing, or the
 * revision is unknown. */
bool hl_since_load(const char *revision, hl_since *since, hotlint_error *error);
void hl_since_free(hl_since *since);

/* What changed in the file at `path` (relative to the current directory or
 * absolute; resolved once, with realpath): NULL when git reports no
 * change for it. */
const hl_changed_file *hl_since_file(const hl_since *since, const char *path);

/* Whether line `line` (1-based) of `file` (NULL: unchanged) was added or
 * changed. */
bool hl_since_changed(const hl_changed_file *file, uint32_t line);

/* Parses `git diff --unified=0` output into since->files (paths made
 * absolute under since->top). Exposed for tests. */
void hl_since_parse_diff(hl_since *since, const char *diff, size_t length);

#endif
