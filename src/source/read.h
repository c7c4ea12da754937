/* Reading source files: whole regular files into memory, with clear errors
 * for everything that is not one (directories, FIFOs, devices, unreadable
 * files). Never blocks on a FIFO. Owns the buffers it returns. */
#ifndef HOTLINT_SOURCE_READ_H
#define HOTLINT_SOURCE_READ_H

#include "hotlint/hotlint.h"

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

typedef struct hl_file_contents {
  char *data; /* hl_malloc'd, NUL-terminated (the NUL is not counted) */
  size_t length;
} hl_file_contents;

/* Reads `path` ("-" is standard input). On failure fills error with
 * "cannot read 'PATH': REASON" and returns false. */
bool hl_read_file(const char *path, hl_file_contents *out,
                  hotlint_error *error);

typedef enum hl_read_status {
  HL_READ_OK,
  HL_READ_FAILED,    /* error: "cannot read 'PATH': REASON" */
  HL_READ_TOO_LARGE, /* error: "PATH: skipped: 52 MB is larger than
                        max-file-size (10 MB)"; nothing read */
} hl_read_status;

/* hl_read_file with a size limit: a file (or standard input) of more than
 * max_size bytes (0: no limit) is not read. A regular file's size is
 * checked before reading; one that grows past the limit while it is read
 * is dropped too. */
hl_read_status hl_read_source(const char *path, uint64_t max_size,
                              hl_file_contents *out, hotlint_error *error);
void hl_file_contents_free(hl_file_contents *contents);

/* Fills error with "cannot read 'PATH': REASON", REASON being errnum's
 * strerror text with a lowercase first letter ("no such file or
 * directory"), or, when PATH is a symbolic link to nothing, "a dangling
 * symbolic link (to 'TARGET')". Thread-safe. Shared with discovery so both say it alike. */
void hl_read_error_from_errno(hotlint_error *error, const char *path,
                              int errnum);

#endif
