/* Fuzz target: the configuration loaders — hotlint.yaml (libyaml) when
 * the first byte is even, pyproject.toml (tree-sitter-toml) when odd —
 * and, when one loads, the check of its rule selectors. */
#include "fuzz_common.h"

#include "config/config.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size) {
  if (size == 0)
    return 0;
  bool yaml = data[0] % 2 == 0;
  hl_config config;
  hotlint_error error;
  if (hl_config_load_text(yaml ? "hotlint.yaml" : "pyproject.toml", "/work",
                          yaml, (const char *)data + 1, size - 1, &config,
                          &error) == HL_CONFIG_LOADED)
    (void)hl_config_check_rules(&config, fuzz_engine(), &error);
  hl_config_free(&config);
  return 0;
}
