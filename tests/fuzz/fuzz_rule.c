/* Fuzz target: the YAML rule loader, and compiling what it loads into a
 * rule set (queries, predicates, benchmarks). */
#include "fuzz_common.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size) {
  hotlint_engine *engine = hotlint_engine_new();
  hotlint_error error;
  if (hotlint_engine_load_rule_text(engine, "fuzz.yaml", (const char *)data,
                                    size, &error))
    (void)hotlint_engine_compile(engine, &error);
  hotlint_engine_delete(engine);
  return 0;
}
