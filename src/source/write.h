/* Writing source files back (`check --fix`): atomically, through a
 * temporary file in the same directory (mkstemp, write, fsync, rename over
 * the original, fsync of the directory), keeping the original's mode, and only
 * if the file still holds the text that was analysed. */
#ifndef HOTLINT_SOURCE_WRITE_H
#define HOTLINT_SOURCE_WRITE_H

#include "hotlint/hotlint.h"

#include <stdbool.h>
#include <stddef.h>

/* Replaces the contents of `path` with data[0..length) if the file on disk
 * is still exactly expected[0..expected_length). On failure the file is
 * untouched and error says "cannot write 'PATH': REASON". */
bool hl_write_file_atomic(const char *path, const char *data, size_t length,
                          const char *expected, size_t expected_length,
                          hotlint_error *error);

/* Writes data[0..length) as the whole of `path` (an output: a report),
 * through a temporary file in the same directory renamed over it, so a
 * reader never sees half of it and a failed write leaves what was there.
 * A new file gets mode 0666 less the umask; an existing one keeps its
 * mode. A path that is not a regular file (/dev/stdout, /dev/null, a FIFO
 * with a reader) is written directly. error says "cannot write 'PATH':
 * REASON" (a directory, /dev/full's "no space left on device"). */
bool hl_write_output_atomic(const char *path, const char *data, size_t length,
                            hotlint_error *error);

/* Writes all `length` bytes to fd, retrying short writes and EINTR; false
 * (errno set) on an error. */
bool hl_write_all(int fd, const void *bytes, size_t length);

#endif
