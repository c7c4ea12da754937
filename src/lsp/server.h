/* `hotlint lsp`: a Language Server Protocol 3.17 server over stdio, on the
 * same engine API the command line uses. It owns the open documents
 * (hotlint_document: the text, edited range by range, and its syntax tree,
 * re-parsed incrementally), negotiates the position encoding (UTF-8 when
 * the client offers it, else UTF-16, or UTF-32 when that is all it
 * offers), and pushes diagnostics (textDocument/publishDiagnostics) after
 * didOpen, and after didChange once the input has been quiet for a short
 * debounce. Malformed input gets JSON-RPC errors (-32700, -32600),
 * unknown requests -32601, requests before `initialize` -32002; none of
 * them stops the server. It never executes the code it analyses.
 *
 * Owns the documents and the checker; the engine is the caller's and
 * must outlive the server. One thread. */
#ifndef HOTLINT_LSP_SERVER_H
#define HOTLINT_LSP_SERVER_H

#include "hotlint/hotlint.h"

#include <stdio.h>

typedef struct hl_lsp_server hl_lsp_server;

/* A server over `engine` writing its messages to `out` and its log lines
 * ("hotlint lsp: ...") to `log`. */
hl_lsp_server *hl_lsp_server_new(const hotlint_engine *engine, FILE *out,
                                 FILE *log);
void hl_lsp_server_delete(hl_lsp_server *server);

/* Where a document's check options come from when the client's settings
 * name no rules and no target version: `options_for(context, path)` gives
 * the options for the file at `path` (its project configuration; valid
 * until the next call), or NULL for the defaults. `reset(context)` is
 * called when configuration files change (didChangeWatchedFiles). */
typedef const hotlint_check_options *(*hl_lsp_options_for)(void *context,
                                                           const char *path);
typedef void (*hl_lsp_options_reset)(void *context);
void hl_lsp_server_set_options_provider(hl_lsp_server *server,
                                        hl_lsp_options_for options_for,
                                        hl_lsp_options_reset reset,
                                        void *context);

/* Serves the messages read from `fd` until `exit` or the end of input.
 * Returns the process exit code: 0 after shutdown and exit, 1 when the
 * client exits without shutdown or disappears. */
int hl_lsp_server_run(hl_lsp_server *server, int fd);

#endif
