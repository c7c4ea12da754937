/* Fuzz target: the `# noqa` parsers (line and file directives) and the
 * coverage test, on any comment text. */
#include "fuzz_common.h"

#include "report/noqa.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size) {
  const char *text = (const char *)data;
  hl_noqa line = hl_noqa_parse_line(text, size);
  hl_noqa file = hl_noqa_parse_file(text, size);
  for (size_t i = 0; i < line.code_count; i++)
    if (line.codes[i].text < text || line.codes[i].text + line.codes[i].length >
                                         text + size)
      abort(); /* a code must point into the comment */
  (void)hl_noqa_covers(&line, "HOT101");
  (void)hl_noqa_covers(&file, "HOT2");
  return 0;
}
