/* The result of checking one buffer (hotlint_result, opaque in the public
 * API): findings and problems whose strings and arrays live in the result's
 * arena. Shared by the pipeline that builds it (engine.c) and the codec
 * that stores it in and loads it from the cache (result_codec.c). */
#ifndef HOTLINT_RULES_RESULT_H
#define HOTLINT_RULES_RESULT_H

#include "base/arena.h"
#include "base/array.h"
#include "hotlint/hotlint.h"

struct hotlint_result {
  hl_arena arena;
  HL_ARRAY(hotlint_finding) findings;
  HL_ARRAY(hotlint_problem) problems;
  size_t suppressed;
  bool timed_out; /* stopped at the time limit: no findings */
};

#endif
