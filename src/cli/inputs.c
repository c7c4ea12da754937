/* Collects the input files of check and parse-only: standard input for `-`
 * (or for --stdin-filename without paths), discovery for everything else. */
#include "cli/inputs.h"

#include <string.h>

void hl_inputs_collect(const hl_cli_options *options, hl_inputs *inputs) {
  HL_ARRAY(const char *) paths = {0};
  bool read_stdin = false;
  for (size_t i = 0; i < options->arguments.count; i++) {
    const char *path = options->arguments.items[i];
    if (strcmp(path, "-") == 0)
      read_stdin = true;
    else
      hl_array_push(&paths, path);
  }
  if (options->arguments.count == 0 && options->stdin_filename)
    read_stdin = true;
  if (read_stdin) {
    const char *name = options->stdin_filename ? options->stdin_filename : "-";
    hl_input input = {"-", name};
    hl_array_push(&inputs->files, input);
  }
  if (options->arguments.count == 0 && !read_stdin)
    hl_array_push(&paths, ".");

  if (paths.count > 0) {
    hl_discover_options discover = {
        .exclude = (const char *const *)options->exclude.items,
        .exclude_count = options->exclude.count,
        .force_exclude = options->force_exclude,
        .use_git = true,
    };
    hl_discover(paths.items, paths.count, &discover, &inputs->discovered);
    for (size_t i = 0; i < inputs->discovered.path_count; i++) {
      const char *path = inputs->discovered.paths[i];
      hl_input input = {path, path};
      hl_array_push(&inputs->files, input);
    }
  }
  hl_array_free(&paths);
}

void hl_inputs_free(hl_inputs *inputs) {
  hl_array_free(&inputs->files);
  hl_discovered_free(&inputs->discovered);
}
