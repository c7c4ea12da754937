/* Profiles: reads collapsed stacks ("a;b;c 123" per line: what py-spy
 * --format raw and flame-graph tools write) and turns the functions that
 * carry at least a share of the samples into hot functions for the
 * checker. Frames are `func (path:line)`, `path:func` or `func`. Owns the
 * list and every string in it. */
#ifndef HOTLINT_MODEL_PROFILE_H
#define HOTLINT_MODEL_PROFILE_H

#include "base/arena.h"
#include "hotlint/hotlint.h"

#include <stdbool.h>
#include <stddef.h>

typedef struct hl_profile {
  hotlint_hot_function *hot; /* functions at or above the threshold */
  size_t hot_count;
  unsigned long long total_samples;
  size_t function_count; /* distinct functions seen */
  hl_arena arena;        /* strings */
} hl_profile;

/* Parses `text` (named `origin` in messages and evidence). A function is
 * hot when the stacks that contain it carry at least `min_share` (0.01 =
 * 1%) of all samples. On a malformed line returns false with
 * "ORIGIN:LINE: ..." in error. Free with hl_profile_free either way. */
bool hl_profile_parse(const char *origin, const char *text, size_t length,
                      double min_share, hl_profile *profile,
                      hotlint_error *error);
void hl_profile_free(hl_profile *profile);

#endif
