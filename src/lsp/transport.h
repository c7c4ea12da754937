/* The LSP base protocol: messages framed by a header block
 * ("Content-Length: N\r\n", optionally "Content-Type: ...\r\n", then
 * "\r\n") and N bytes of JSON. The reader takes bytes from a file
 * descriptor as they come; a malformed header block (no Content-Length, a
 * length that is not a number or too large, a line without ':') is
 * reported and skipped up to the next line that starts a header, so one
 * bad message never stops the server. The writer frames and writes one
 * message at a time.
 *
 * Owns its buffer; one reader per input. */
#ifndef HOTLINT_LSP_TRANSPORT_H
#define HOTLINT_LSP_TRANSPORT_H

#include <stdbool.h>
#include <stddef.h>
#include <stdio.h>

enum { HL_LSP_MAX_MESSAGE = 256 << 20 }; /* bytes of one body */

typedef struct hl_lsp_reader {
  int fd;
  char *buffer;
  size_t start, end, capacity; /* unread bytes: buffer[start..end) */
  bool eof;
} hl_lsp_reader;

typedef enum hl_lsp_read_status {
  HL_LSP_READ_MESSAGE, /* *body holds one message */
  HL_LSP_READ_BAD,     /* a malformed header block, skipped; error says how */
  HL_LSP_READ_EOF,     /* the input ended (a partial message is dropped) */
} hl_lsp_read_status;

void hl_lsp_reader_init(hl_lsp_reader *reader, int fd);
void hl_lsp_reader_release(hl_lsp_reader *reader);

/* Whether a whole message (or the end of input) can be read without
 * waiting: bytes are buffered or the descriptor becomes readable within
 * timeout_us microseconds (0: now). */
bool hl_lsp_reader_ready(hl_lsp_reader *reader, int timeout_us);

/* Reads the next message. On MESSAGE, *body is a NUL-terminated copy of
 * the body (free with hl_free) and *length its length. */
hl_lsp_read_status hl_lsp_read(hl_lsp_reader *reader, char **body,
                               size_t *length, char *error, size_t error_size);

/* Writes one framed message and flushes; false if the output failed. */
bool hl_lsp_write(FILE *out, const char *body, size_t length);

#endif
