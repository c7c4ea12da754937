/* Fuzz target: the language server on any input — the base protocol's
 * framing, JSON-RPC, and every method the bytes happen to reach — with
 * the output thrown away. It must answer errors, never crash. */
#define _GNU_SOURCE
#include "fuzz_common.h"

#include "lsp/server.h"

#include <stdio.h>
#include <sys/mman.h>
#include <unistd.h>

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size) {
  int fd = memfd_create("lsp-input", 0);
  if (fd < 0)
    return 0;
  size_t written = 0;
  while (written < size) {
    ssize_t n = write(fd, data + written, size - written);
    if (n <= 0)
      break;
    written += (size_t)n;
  }
  lseek(fd, 0, SEEK_SET);
  FILE *sink = fopen("/dev/null", "w");
  hl_lsp_server *server = hl_lsp_server_new(fuzz_engine(), sink, NULL);
  (void)hl_lsp_server_run(server, fd);
  hl_lsp_server_delete(server);
  fclose(sink);
  close(fd);
  return 0;
}
