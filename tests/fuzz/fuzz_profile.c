/* Fuzz target: the `--profile` reader (collapsed stacks). */
#include "fuzz_common.h"

#include "model/profile.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size) {
  hl_profile profile;
  hotlint_error error;
  hl_profile_parse("fuzz.txt", (const char *)data, size, 0.01, &profile,
                   &error);
  hl_profile_free(&profile);
  return 0;
}
