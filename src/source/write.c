/* Atomic rewrite of a source file (source/write.h). */
#include "source/write.h"

#include "base/alloc.h"
#include "base/strbuf.h"
#include "source/read.h"

#include <errno.h>
#include <fcntl.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

static bool fail(hotlint_error *error, const char *path, const char *reason) {
  snprintf(error->message, sizeof error->message, "cannot write '%s': %s", path,
           reason);
  return false;
}

static bool fail_errno(hotlint_error *error, const char *path, int errnum) {
  char reason[256];
  snprintf(reason, sizeof reason, "%s", strerror(errnum));
  if (reason[0] >= 'A' && reason[0] <= 'Z')
    reason[0] = (char)(reason[0] - 'A' + 'a');
  return fail(error, path, reason);
}

bool hl_write_all(int fd, const void *bytes, size_t length) {
  const char *data = bytes;
  while (length) {
    ssize_t n = write(fd, data, length);
    if (n < 0 && errno == EINTR)
      continue;
    if (n <= 0)
      return false;
    data += n;
    length -= (size_t)n;
  }
  return true;
}

/* Writes data to a temporary file beside `path` with `mode`, then renames
 * it over `path`; an errno, or 0. */
static int replace_with(const char *path, const char *data, size_t length,
                        mode_t mode) {
  hl_strbuf temp = {0};
  const char *slash = strrchr(path, '/');
  if (slash)
    hl_strbuf_append(&temp, path, (size_t)(slash - path + 1));
  hl_strbuf_printf(&temp, ".%s.hotlint-XXXXXX", slash ? slash + 1 : path);
  char *temp_path = hl_strbuf_detach(&temp);
  int fd = mkstemp(temp_path);
  if (fd < 0) {
    int saved = errno;
    hl_free(temp_path);
    return saved;
  }
  int saved = 0;
  if (!hl_write_all(fd, data, length))
    saved = errno ? errno : EIO;
  else if (fchmod(fd, mode) != 0)
    saved = errno;
  else if (fsync(fd) != 0)
    saved = errno;
  if (close(fd) != 0 && !saved)
    saved = errno;
  if (!saved && rename(temp_path, path) != 0)
    saved = errno;
  if (saved)
    unlink(temp_path);
  hl_free(temp_path);
  return saved;
}

bool hl_write_output_atomic(const char *path, const char *data, size_t length,
                            hotlint_error *error) {
  struct stat info;
  mode_t mode;
  if (stat(path, &info) == 0) {
    if (!S_ISREG(info.st_mode))
      return fail(error, path, "not a regular file");
    mode = info.st_mode & 07777;
  } else {
    mode_t mask = umask(0);
    umask(mask);
    mode = 0666 & ~mask;
  }
  int saved = replace_with(path, data, length, mode);
  return saved ? fail_errno(error, path, saved) : true;
}

bool hl_write_file_atomic(const char *path, const char *data, size_t length,
                          const char *expected, size_t expected_length,
                          hotlint_error *error) {
  struct stat info;
  if (stat(path, &info) != 0)
    return fail_errno(error, path, errno);
  if (!S_ISREG(info.st_mode))
    return fail(error, path, "not a regular file");
  /* A file the user may not write is not replaced behind their back (the
   * rename below would succeed in a writable directory). */
  int probe = open(path, O_WRONLY | O_CLOEXEC);
  if (probe < 0)
    return fail_errno(error, path, errno);
  close(probe);

  hl_file_contents current;
  hotlint_error read_error;
  if (!hl_read_file(path, &current, &read_error))
    return fail(error, path, "it can no longer be read");
  bool unchanged = current.length == expected_length &&
                   !memcmp(current.data, expected, expected_length);
  hl_file_contents_free(&current);
  if (!unchanged)
    return fail(error, path, "it changed while it was checked; run again");

  int saved = replace_with(path, data, length, info.st_mode & 07777);
  return saved ? fail_errno(error, path, saved) : true;
}
