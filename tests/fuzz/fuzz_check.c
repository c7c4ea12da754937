/* Fuzz target: the whole check of one buffer — parse, model, rules — and
 * every output format over its findings. Any bytes: the check must never
 * crash, whatever the input (invalid UTF-8, NULs, deep nesting). */
#include "fuzz_common.h"

#include "report/emit.h"

#include <stdio.h>

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size) {
  const hotlint_engine *engine = fuzz_engine();
  hotlint_checker *checker = hotlint_checker_new(engine);
  hotlint_result *result =
      hotlint_check(checker, "fuzz.py", (const char *)data, size, NULL);
  static const hl_output_format formats[] = {
      HL_OUTPUT_FULL,  HL_OUTPUT_CONCISE, HL_OUTPUT_JSON,   HL_OUTPUT_JSONL,
      HL_OUTPUT_SARIF, HL_OUTPUT_GITHUB,  HL_OUTPUT_GITLAB, HL_OUTPUT_JUNIT};
  FILE *sink = fopen("/dev/null", "w");
  size_t count = hotlint_result_count(result);
  const hotlint_finding **findings =
      calloc(count ? count : 1, sizeof *findings);
  for (size_t i = 0; i < count; i++)
    findings[i] = hotlint_result_finding(result, i);
  for (size_t f = 0; f < sizeof formats / sizeof *formats + 1; f++) {
    hl_emit_settings settings = {.out = sink,
                                 .format = formats[f % 8],
                                 .statistics = f == 8,
                                 .summary = true,
                                 .engine = engine,
                                 .working_directory = "/work"};
    hl_emitter *emitter = hl_emitter_new(&settings);
    hl_emit_summary summary = {.file_count = 1, .finding_count = count};
    hl_emitter_begin(emitter);
    hl_emitter_file(emitter, "fuzz.py", (const char *)data, size, findings,
                    count);
    hl_emitter_end(emitter, &summary);
    hl_emitter_delete(emitter);
  }
  free(findings);
  fclose(sink);
  hotlint_result_delete(result);
  hotlint_checker_delete(checker);
  return 0;
}
