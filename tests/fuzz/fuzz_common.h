/* What the fuzz targets share: the engine with the built-in rules, made
 * once per process (making it costs milliseconds; the targets only read
 * it). Fuzz harnesses, not product code: the static here is theirs. */
#ifndef HOTLINT_FUZZ_COMMON_H
#define HOTLINT_FUZZ_COMMON_H

#include "hotlint/hotlint.h"

#include <stddef.h>
#include <stdint.h>
#include <stdlib.h>

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

static inline const hotlint_engine *fuzz_engine(void) {
  static hotlint_engine *engine;
  if (!engine) {
    hotlint_error error;
    engine = hotlint_engine_new();
    if (!hotlint_engine_load_builtin_rules(engine, &error) ||
        !hotlint_engine_compile(engine, &error))
      abort();
  }
  return engine;
}

#endif
