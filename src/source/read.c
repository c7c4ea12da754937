/* Reading source files: a whole regular file (or standard input) into one
 * hl_malloc'd NUL-terminated buffer. Everything that is not a regular file
 * is refused with a git-style message instead of being read; FIFOs are
 * opened non-blocking so a stray pipe never hangs the linter. */
#include "source/read.h"

#include "base/units.h"

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
  char reason[300];
  char target[256];
  ssize_t n;
  if (errnum == ENOENT &&
      (n = readlink(path, target, sizeof target - 1)) >= 0) {
    target[n] = '\0'; /* the path exists, as a link to nothing */
    snprintf(reason, sizeof reason, "a dangling symbolic link (to '%s')",
             target);
  } else {
    describe_errno(errnum, reason, sizeof reason);
  }
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
 * fstat reported only sizes the first buffer. Returns 0, the errno of the
 * failed read, or EFBIG when more than max_size bytes (0: no limit) come
 * (then *size_seen is how many had come). */
static int read_to_end(int fd, size_t capacity, uint64_t max_size,
                       hl_file_contents *out, uint64_t *size_seen) {
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
      if (max_size && length > max_size) {
        hl_free(data);
        *size_seen = length;
        return EFBIG;
      }
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

/* Fills error with the notice for a file over max-file-size. */
static void too_large(hotlint_error *error, const char *path, uint64_t size,
                      bool at_least, uint64_t max_size) {
  if (!error)
    return;
  char seen[32], limit[32];
  snprintf(error->message, sizeof error->message,
           "%s: skipped: %s%s is larger than max-file-size (%s)", path,
           at_least ? "over " : "", hl_format_size(size, seen, sizeof seen),
           hl_format_size(max_size, limit, sizeof limit));
}

/* What read_to_end's status means, with error filled. */
static hl_read_status read_status(hotlint_error *error, const char *path,
                                  int status, uint64_t seen,
                                  uint64_t max_size) {
  if (status == EFBIG && seen) { /* past the limit while it was read */
    too_large(error, path, seen, true, max_size);
    return HL_READ_TOO_LARGE;
  }
  if (status != 0) {
    hl_read_error_from_errno(error, path, status);
    return HL_READ_FAILED;
  }
  return HL_READ_OK;
}

static int open_for_reading(const char *path) {
  int fd;
  do {
    fd = open(path, O_RDONLY | O_NONBLOCK | O_CLOEXEC | O_NOCTTY);
  } while (fd < 0 && errno == EINTR);
  return fd;
}

hl_read_status hl_read_source(const char *path, uint64_t max_size,
                              hl_file_contents *out, hotlint_error *error) {
  out->data = NULL;
  out->length = 0;

  uint64_t seen = 0;
  if (strcmp(path, STDIN_PATH) == 0) {
    int status =
        read_to_end(STDIN_FILENO, UNKNOWN_SIZE_CAPACITY, max_size, out, &seen);
    return read_status(error, path, status, seen, max_size);
  }

  int fd = open_for_reading(path);
  if (fd < 0) {
    hl_read_error_from_errno(error, path, errno);
    return HL_READ_FAILED;
  }
  struct stat info;
  if (fstat(fd, &info) != 0) {
    hl_read_error_from_errno(error, path, errno);
    close(fd);
    return HL_READ_FAILED;
  }
  if (S_ISDIR(info.st_mode)) {
    fail_with_reason(error, path, "is a directory");
    close(fd);
    return HL_READ_FAILED;
  }
  if (!S_ISREG(info.st_mode)) {
    fail_with_reason(error, path, "not a regular file");
    close(fd);
    return HL_READ_FAILED;
  }
  if (max_size && (uint64_t)info.st_size > max_size) {
    too_large(error, path, (uint64_t)info.st_size, false, max_size);
    close(fd);
    return HL_READ_TOO_LARGE;
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
  int status = read_to_end(fd, capacity, max_size, out, &seen);
  close(fd);
  return read_status(error, path, status, seen, max_size);
}

bool hl_read_file(const char *path, hl_file_contents *out,
                  hotlint_error *error) {
  return hl_read_source(path, 0, out, error) == HL_READ_OK;
}

void hl_file_contents_free(hl_file_contents *contents) {
  hl_free(contents->data);
  contents->data = NULL;
  contents->length = 0;
}
