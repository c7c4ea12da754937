/* The files a command works on: the paths of the command line run through
 * discovery (hl_discover), plus standard input when `-` is given (named by
 * --stdin-filename). */
#ifndef HOTLINT_CLI_INPUTS_H
#define HOTLINT_CLI_INPUTS_H

#include "base/array.h"
#include "cli/options.h"
#include "source/discover.h"

typedef struct hl_input {
  const char *path; /* what to read; "-" is standard input */
  const char *name; /* what to show and give the engine */
} hl_input;

typedef struct hl_inputs {
  HL_ARRAY(hl_input) files; /* standard input first, then discovery order */
  hl_discovered discovered; /* owns the paths; .errors to report */
} hl_inputs;

/* Fills `inputs` (zero it first); with no path, the current directory. */
void hl_inputs_collect(const hl_cli_options *options, hl_inputs *inputs);
void hl_inputs_free(hl_inputs *inputs);

#endif
