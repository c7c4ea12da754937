/* `hotlint lsp`: the language server on stdin/stdout (src/lsp/server.h),
 * with the rules the command line would load. Log lines go to stderr. */
#include "cli/cli.h"

#include "lsp/server.h"

#include <stdio.h>
#include <unistd.h>

hotlint_exit hl_command_lsp(const hl_cli_options *options) {
  hotlint_error error = {{0}};
  hotlint_engine *engine = hl_cli_load_engine(options, &error);
  if (!engine) {
    fprintf(stderr, "hotlint lsp: %s\n", error.message);
    return HOTLINT_EXIT_ERROR;
  }
  hl_lsp_server *server = hl_lsp_server_new(engine, stdout, stderr);
  int code = hl_lsp_server_run(server, STDIN_FILENO);
  hl_lsp_server_delete(server);
  hotlint_engine_delete(engine);
  return code == 0 ? HOTLINT_EXIT_CLEAN : HOTLINT_EXIT_FINDINGS;
}
