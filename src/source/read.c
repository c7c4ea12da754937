/* Reading source files: a whole regular file (or standard input) into one
 * hl_malloc'd NUL-terminated buffer. Everything that is not a regular file
 * is refused with a git-style message instead of being read; FIFOs are
 * opened non-blocking so a stray pipe never hangs the linter. */
#include "source/read.h"

#include "base/alloc.h"

#include <ctype.h>
#include <errno.h>
#include <fcntl.h>
#include <poll.h>
#include <stdint.h>
#include <stdio.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#define STDIN_PATH "-"
/* First buffer when the size is unknown (standard input, pipes). */
#define UNKNOWN_SIZE_CAPACITY ((size_t)64 * 1024)

/* Writes strerror(errnum) with its first letter lowercased into reason
 * (thread-safe: strerror_r, never strerror). */
static void describe_errno(int errnum, char *reason, size_t size) {
#if defined(_GNU_SOURCE) && defined(__GLIBC__)
  const char *text = strerror_r(errnum, reason, size);
  if (text != reason)
    snprintf(reason, size, "%s", text);
#else
  if (strerror_r(errnum, reason, size) != 0)
    snprintf(reason, size, "error %d", errnum);
#endif
  reason[0] = (char)tolower((unsigned char)reason[0]);
}

static void fail_with_reason(hotlint_error *error, const char *path,
                             const char *reason) {
  if (error)
    snprintf(error->message, sizeof error->message, "cannot read '%s': %s",
             path, reason);
}

void hl_read_error_from_errno(hotlint_error *error, const char *path,
                              int errnum) {
  char reason[256];
  describe_errno(errnum, reason, sizeof reason);
  fail_with_reason(error, path, reason);
}

/* Waits until a non-blocking descriptor has input (or hang-up/error). */
static void wait_readable(int fd) {
  struct pollfd poll_fd = {.fd = fd, .events = POLLIN};
  while (poll(&poll_fd, 1, -1) < 0 && errno == EINTR) {
  }
}

/* Reads fd to EOF into out, starting with a buffer of `capacity` bytes
 * (at least 2). The file may shrink or grow while it is read, so the size
 * fstat reported only sizes the first buffer. Returns 0, or the errno of
 * the failed read. */
static int read_to_end(int fd, size_t capacity, hl_file_contents *out) {
  char *data = hl_malloc(capacity);
  size_t length = 0;
  for (;;) {
    if (capacity - length < 2) {
      if (capacity > SIZE_MAX / 2) {
        hl_free(data);
        return EFBIG;
      }
      capacity *= 2;
      data = hl_realloc(data, capacity);
    }
    ssize_t got = read(fd, data + length, capacity - length - 1);
    if (got > 0) {
      length += (size_t)got;
    } else if (got == 0) {
      break;
    } else if (errno == EINTR) {
      continue;
    } else if (errno == EAGAIN || errno == EWOULDBLOCK) {
      wait_readable(fd);
    } else {
      int saved = errno;
      hl_free(data);
      return saved;
    }
  }
  data[length] = '\0';
  out->data = data;
  out->length = length;
  return 0;
}

static int open_for_reading(const char *path) {
  int fd;
  do {
    fd = open(path, O_RDONLY | O_NONBLOCK | O_CLOEXEC | O_NOCTTY);
  } while (fd < 0 && errno == EINTR);
  return fd;
}

bool hl_read_file(const char *path, hl_file_contents *out,
                  hotlint_error *error) {
  out->data = NULL;
  out->length = 0;

  if (strcmp(path, STDIN_PATH) == 0) {
    int status = read_to_end(STDIN_FILENO, UNKNOWN_SIZE_CAPACITY, out);
    if (status != 0) {
      hl_read_error_from_errno(error, path, status);
      return false;
    }
    return true;
  }

  int fd = open_for_reading(path);
  if (fd < 0) {
    hl_read_error_from_errno(error, path, errno);
    return false;
  }
  struct stat info;
  if (fstat(fd, &info) != 0) {
    hl_read_error_from_errno(error, path, errno);
    close(fd);
    return false;
  }
  if (S_ISDIR(info.st_mode)) {
    fail_with_reason(error, path, "is a directory");
    close(fd);
    return false;
  }
  if (!S_ISREG(info.st_mode)) {
    fail_with_reason(error, path, "not a regular file");
    close(fd);
    return false;
  }
  /* A regular file: blocking reads are fine (and O_NONBLOCK means nothing
   * for regular files on most systems); clear it anyway for clarity. */
  int flags = fcntl(fd, F_GETFL);
  if (flags >= 0)
    (void)fcntl(fd, F_SETFL, flags & ~O_NONBLOCK);

  /* +2: room for the NUL and for the empty read that proves EOF, so a file
   * that does not change is read into a single allocation. */
  size_t capacity = (uintmax_t)info.st_size < SIZE_MAX - 2
                        ? (size_t)info.st_size + 2
                        : UNKNOWN_SIZE_CAPACITY;
  int status = read_to_end(fd, capacity, out);
  close(fd);
  if (status != 0) {
    hl_read_error_from_errno(error, path, status);
    return false;
  }
  return true;
}

void hl_file_contents_free(hl_file_contents *contents) {
  hl_free(contents->data);
  contents->data = NULL;
  contents->length = 0;
}
