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

/* Makes a rename in path's directory durable (best effort: a directory that
 * cannot be opened or synced leaves the rename as the file system keeps
 * it). */
static void sync_directory_of(const char *path) {
  const char *slash = strrchr(path, '/');
  char *directory =
      slash ? hl_strndup(path, slash == path ? 1 : (size_t)(slash - path))
            : hl_strdup(".");
  int fd = open(directory, O_RDONLY | O_DIRECTORY | O_CLOEXEC);
  if (fd >= 0) {
    (void)fsync(fd);
    close(fd);
  }
  hl_free(directory);
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
  else
    sync_directory_of(path);
  hl_free(temp_path);
  return saved;
}

/* Writes data straight to a file that is not a regular one, or to a system
 * alias (/dev/stdout, /dev/null, /proc/self/fd/1, a FIFO with a reader, a
 * terminal), truncating it as any tool would, where no temporary file can
 * be renamed over it; an errno, or 0. A FIFO without a reader is ENXIO
 * rather than a wait. */
static int write_through(const char *path, const char *data, size_t length) {
  int fd;
  do
    fd = open(path,
              O_WRONLY | O_CREAT | O_TRUNC | O_NONBLOCK | O_CLOEXEC | O_NOCTTY,
              0666);
  while (fd < 0 && errno == EINTR);
  if (fd < 0)
    return errno;
  int flags = fcntl(fd, F_GETFL);
  if (flags >= 0)
    (void)fcntl(fd, F_SETFL, flags & ~O_NONBLOCK);
  int saved = hl_write_all(fd, data, length) ? 0 : (errno ? errno : EIO);
  if (close(fd) != 0 && !saved)
    saved = errno;
  return saved;
}

/* What a rename must replace for `path`: the file a symbolic link points
 * to (the link stays a link), or path itself. Sets *resolved (free it)
 * when it is a link; false with errno when the link leads nowhere. */
static bool resolve_link(const char *path, char **resolved) {
  *resolved = NULL;
  struct stat link;
  if (lstat(path, &link) != 0 || !S_ISLNK(link.st_mode))
    return true;
  *resolved = realpath(path, NULL);
  return *resolved != NULL;
}

/* /dev/stdout, /dev/fd/N, /proc/self/fd/N...: names of open files or of
 * devices, never replaced by a rename (that would replace the name). */
static bool is_system_alias(const char *path) {
  return !strncmp(path, "/dev/", 5) || !strncmp(path, "/proc/", 6);
}

/* hl_write_output_atomic once links are resolved: `real` is written, `shown`
 * named in errors. */
static bool write_output(const char *real, const char *shown, const char *data,
                         size_t length, hotlint_error *error) {
  const char *path = real;
  struct stat info;
  mode_t mode;
  if (stat(path, &info) == 0) {
    if (S_ISDIR(info.st_mode))
      return fail(error, shown, "is a directory");
    if (!S_ISREG(info.st_mode)) {
      int saved = write_through(path, data, length);
      return saved ? fail_errno(error, shown, saved) : true;
    }
    mode = info.st_mode & 07777;
  } else {
    mode_t mask = umask(0);
    umask(mask);
    mode = 0666 & ~mask;
  }
  int saved = replace_with(path, data, length, mode);
  return saved ? fail_errno(error, shown, saved) : true;
}

bool hl_write_output_atomic(const char *path, const char *data, size_t length,
                            hotlint_error *error) {
  if (is_system_alias(path)) {
    int saved = write_through(path, data, length);
    return saved ? fail_errno(error, path, saved) : true;
  }
  char *resolved;
  if (!resolve_link(path, &resolved))
    return fail_errno(error, path, errno);
  bool ok = write_output(resolved ? resolved : path, path, data, length, error);
  free(resolved); /* realpath's */
  return ok;
}

/* hl_write_file_atomic once links are resolved: `path` is written, `shown`
 * named in errors. */
static bool write_source(const char *path, const char *shown, const char *data,
                         size_t length, const char *expected,
                         size_t expected_length, hotlint_error *error) {
  struct stat info;
  if (stat(path, &info) != 0)
    return fail_errno(error, shown, errno);
  if (!S_ISREG(info.st_mode))
    return fail(error, shown, "not a regular file");
  /* A file the user may not write is not replaced behind their back (the
   * rename below would succeed in a writable directory). */
  int probe = open(path, O_WRONLY | O_CLOEXEC);
  if (probe < 0)
    return fail_errno(error, shown, errno);
  close(probe);

  hl_file_contents current;
  hotlint_error read_error;
  if (!hl_read_file(path, &current, &read_error))
    return fail(error, shown, "it can no longer be read");
  bool unchanged = current.length == expected_length &&
                   !memcmp(current.data, expected, expected_length);
  hl_file_contents_free(&current);
  if (!unchanged)
    return fail(error, shown, "it changed while it was checked; run again");

  int saved = replace_with(path, data, length, info.st_mode & 07777);
  return saved ? fail_errno(error, shown, saved) : true;
}

bool hl_write_file_atomic(const char *path, const char *data, size_t length,
                          const char *expected, size_t expected_length,
                          hotlint_error *error) {
  char *resolved;
  if (!resolve_link(path, &resolved))
    return fail_errno(error, path, errno);
  bool ok = write_source(resolved ? resolved : path, path, data, length,
                         expected, expected_length, error);
  free(resolved); /* realpath's */
  return ok;
}
