/* The LSP base protocol's framing. See transport.h. */
#include "lsp/transport.h"

#include "base/alloc.h"

#include <ctype.h>
#include <errno.h>
#include <poll.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>
#include <sys/select.h>
#include <time.h>
#include <unistd.h>

enum { HEADER_LIMIT = 8192 }; /* bytes of one header block */

void hl_lsp_reader_init(hl_lsp_reader *reader, int fd) {
  memset(reader, 0, sizeof *reader);
  reader->fd = fd;
}

void hl_lsp_reader_release(hl_lsp_reader *reader) {
  hl_free(reader->buffer);
  memset(reader, 0, sizeof *reader);
}

/* Reads more bytes; false at the end of input or on an error. */
static bool fill(hl_lsp_reader *reader) {
  if (reader->eof)
    return false;
  if (reader->start > 0 && reader->start == reader->end)
    reader->start = reader->end = 0;
  if (reader->end == reader->capacity) {
    if (reader->start > 0) { /* make room at the front first */
      memmove(reader->buffer, reader->buffer + reader->start,
              reader->end - reader->start);
      reader->end -= reader->start;
      reader->start = 0;
    }
    if (reader->end == reader->capacity) {
      reader->capacity = reader->capacity ? reader->capacity * 2 : 65536;
      reader->buffer = hl_realloc(reader->buffer, reader->capacity);
    }
  }
  for (;;) {
    ssize_t n = read(reader->fd, reader->buffer + reader->end,
                     reader->capacity - reader->end);
    if (n < 0 && errno == EINTR)
      continue;
    if (n <= 0) {
      reader->eof = true;
      return false;
    }
    reader->end += (size_t)n;
    return true;
  }
}

bool hl_lsp_reader_ready(hl_lsp_reader *reader, int timeout_us) {
  if (reader->end > reader->start || reader->eof)
    return true;
  int n;
  if (reader->fd >= 0 && reader->fd < FD_SETSIZE) {
    /* pselect: a timeout finer than poll's milliseconds */
    struct timespec timeout = {timeout_us / 1000000,
                               (long)(timeout_us % 1000000) * 1000};
    do {
      fd_set readable;
      FD_ZERO(&readable);
      FD_SET(reader->fd, &readable);
      n = pselect(reader->fd + 1, &readable, NULL, NULL, &timeout, NULL);
    } while (n < 0 && errno == EINTR);
  } else {
    struct pollfd fd = {reader->fd, POLLIN, 0};
    do
      n = poll(&fd, 1, (timeout_us + 999) / 1000);
    while (n < 0 && errno == EINTR);
  }
  return n != 0;
}

/* The offset of the "\r\n\r\n" ending a header block in the unread bytes,
 * or SIZE_MAX. */
static size_t header_end(const hl_lsp_reader *reader) {
  if (!reader->buffer)
    return SIZE_MAX; /* nothing read yet (and NULL + 0 is undefined) */
  const char *p = reader->buffer + reader->start;
  size_t n = reader->end - reader->start;
  for (size_t i = 0; i + 3 < n; i++)
    if (p[i] == '\r' && p[i + 1] == '\n' && p[i + 2] == '\r' &&
        p[i + 3] == '\n')
      return i;
  return SIZE_MAX;
}

/* Drops unread bytes up to the next "Content-Length:" (after a bad header
 * block, where the body's end is unknown: bodies rarely end with a line
 * break, so the next header is looked for anywhere), or all of them but a
 * possible beginning of one at the very end. */
static void resynchronise(hl_lsp_reader *reader, size_t from) {
  if (!reader->buffer)
    return;
  const char *p = reader->buffer + reader->start;
  size_t n = reader->end - reader->start;
  static const char key[] = "Content-Length:";
  size_t key_length = sizeof key - 1;
  for (size_t i = from; i + key_length <= n; i++)
    if (!strncasecmp(p + i, key, key_length)) {
      reader->start += i;
      return;
    }
  size_t keep = n < key_length - 1 ? n : key_length - 1;
  reader->start = reader->end - keep;
}

/* Parses the header block p[0..n): the body's length, or false with why. */
static bool parse_headers(const char *p, size_t n, size_t *length, char *error,
                          size_t error_size) {
  bool have_length = false;
  size_t i = 0;
  while (i < n) {
    size_t line_end = i; /* lines end with "\r\n"; the last one at n */
    while (line_end < n && !(p[line_end] == '\r' && line_end + 1 < n &&
                             p[line_end + 1] == '\n'))
      line_end++;
    const char *line = p + i;
    size_t line_length = line_end - i;
    const char *colon = memchr(line, ':', line_length);
    if (!colon) {
      snprintf(error, error_size, "a header line without ':': '%.*s'",
               (int)(line_length > 60 ? 60 : line_length), line);
      return false;
    }
    size_t name_length = (size_t)(colon - line);
    const char *value = colon + 1;
    size_t value_length = line_length - name_length - 1;
    while (value_length && (*value == ' ' || *value == '\t')) {
      value++;
      value_length--;
    }
    if (name_length == 14 && !strncasecmp(line, "Content-Length", 14)) {
      size_t number = 0, digit_count = 0;
      bool valid = value_length > 0, over = false;
      for (size_t k = 0; k < value_length && valid; k++) {
        if (value[k] == ' ' || value[k] == '\t') { /* trailing blanks only */
          for (; k < value_length; k++)
            valid = valid && (value[k] == ' ' || value[k] == '\t');
          break;
        }
        valid = isdigit((unsigned char)value[k]) != 0;
        digit_count++;
        if (valid && !over) {
          number = number * 10 + (size_t)(value[k] - '0');
          over = number > (size_t)HL_LSP_MAX_MESSAGE;
        }
      }
      if (!valid || digit_count == 0) {
        snprintf(error, error_size, "Content-Length is not a number: '%.*s'",
                 (int)(value_length > 40 ? 40 : value_length), value);
        return false;
      }
      if (over) {
        snprintf(error, error_size,
                 "Content-Length %.*s is over the limit of %d bytes",
                 (int)(value_length > 40 ? 40 : value_length), value,
                 HL_LSP_MAX_MESSAGE);
        return false;
      }
      *length = number;
      have_length = true;
    }
    i = line_end + 2; /* past "\r\n" */
  }
  if (!have_length) {
    snprintf(error, error_size, "a message without Content-Length");
    return false;
  }
  return true;
}

hl_lsp_read_status hl_lsp_read(hl_lsp_reader *reader, char **body,
                               size_t *length, char *error, size_t error_size) {
  for (;;) {
    size_t end = header_end(reader);
    if (end == SIZE_MAX) {
      if (reader->end - reader->start > HEADER_LIMIT) {
        snprintf(error, error_size, "a header block longer than %d bytes",
                 HEADER_LIMIT);
        resynchronise(reader, 1);
        return HL_LSP_READ_BAD;
      }
      if (!fill(reader))
        return HL_LSP_READ_EOF;
      continue;
    }
    size_t body_length;
    if (!parse_headers(reader->buffer + reader->start, end, &body_length, error,
                       error_size)) {
      reader->start += end + 4;
      resynchronise(reader, 0);
      return HL_LSP_READ_BAD;
    }
    size_t need = end + 4 + body_length;
    while (reader->end - reader->start < need) {
      if (reader->capacity - reader->start < need) {
        /* make the buffer big enough for the whole message */
        memmove(reader->buffer, reader->buffer + reader->start,
                reader->end - reader->start);
        reader->end -= reader->start;
        reader->start = 0;
        if (reader->capacity < need) {
          reader->capacity = need;
          reader->buffer = hl_realloc(reader->buffer, reader->capacity);
        }
      }
      if (!fill(reader))
        return HL_LSP_READ_EOF;
    }
    const char *start = reader->buffer + reader->start + end + 4;
    *body = hl_malloc(body_length + 1);
    memcpy(*body, start, body_length);
    (*body)[body_length] = '\0';
    *length = body_length;
    reader->start += need;
    return HL_LSP_READ_MESSAGE;
  }
}

bool hl_lsp_write(FILE *out, const char *body, size_t length) {
  fprintf(out, "Content-Length: %zu\r\n\r\n", length);
  fwrite(body, 1, length, out);
  return fflush(out) == 0 && !ferror(out);
}
