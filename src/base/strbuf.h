/* String buffers: a growable, always NUL-terminated byte string. */
#ifndef HOTLINT_BASE_STRBUF_H
#define HOTLINT_BASE_STRBUF_H

#include <stdarg.h>
#include <stddef.h>

typedef struct hl_strbuf {
  char *data; /* NUL-terminated once anything was added; NULL when empty */
  size_t len;
  size_t capacity;
} hl_strbuf;

void hl_strbuf_append(hl_strbuf *buf, const char *bytes, size_t len);
void hl_strbuf_puts(hl_strbuf *buf, const char *text);
void hl_strbuf_putc(hl_strbuf *buf, char c);
void hl_strbuf_printf(hl_strbuf *buf, const char *format, ...)
    __attribute__((format(printf, 2, 3)));
void hl_strbuf_vprintf(hl_strbuf *buf, const char *format, va_list args);
/* Replaces bytes [start, end) with bytes[0..len) in place (start <= end
 * <= buf->len; `bytes` must not point into buf). */
void hl_strbuf_splice(hl_strbuf *buf, size_t start, size_t end,
                      const char *bytes, size_t len);
/* Returns the text ("" when empty); valid until the next change. */
const char *hl_strbuf_cstr(const hl_strbuf *buf);
void hl_strbuf_clear(hl_strbuf *buf);
/* Hands the buffer to the caller (free with hl_free) and empties buf. */
char *hl_strbuf_detach(hl_strbuf *buf);
void hl_strbuf_free(hl_strbuf *buf);

#endif
