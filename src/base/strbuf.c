/* String buffers: growable NUL-terminated strings. */
#include "base/strbuf.h"

#include "base/alloc.h"

#include <stdio.h>
#include <string.h>

static void reserve(hl_strbuf *buf, size_t extra) {
  size_t need = buf->len + extra + 1;
  if (need <= buf->capacity)
    return;
  size_t grown = buf->capacity ? buf->capacity * 2 : 64;
  while (grown < need)
    grown *= 2;
  buf->data = hl_realloc(buf->data, grown);
  buf->capacity = grown;
}

void hl_strbuf_append(hl_strbuf *buf, const char *bytes, size_t len) {
  reserve(buf, len);
  if (len)
    memcpy(buf->data + buf->len, bytes, len);
  buf->len += len;
  buf->data[buf->len] = '\0';
}

void hl_strbuf_splice(hl_strbuf *buf, size_t start, size_t end,
                      const char *bytes, size_t len) {
  size_t removed = end - start;
  if (len > removed)
    reserve(buf, len - removed);
  else
    reserve(buf, 0); /* data exists, for the terminator */
  memmove(buf->data + start + len, buf->data + end, buf->len - end);
  if (len)
    memcpy(buf->data + start, bytes, len);
  buf->len = buf->len - removed + len;
  buf->data[buf->len] = '\0';
}

void hl_strbuf_puts(hl_strbuf *buf, const char *text) {
  hl_strbuf_append(buf, text, strlen(text));
}

void hl_strbuf_putc(hl_strbuf *buf, char c) {
  hl_strbuf_append(buf, &c, 1);
}

void hl_strbuf_vprintf(hl_strbuf *buf, const char *format, va_list args) {
  va_list copy;
  va_copy(copy, args);
  int needed = vsnprintf(NULL, 0, format, copy);
  va_end(copy);
  if (needed < 0)
    return;
  reserve(buf, (size_t)needed);
  vsnprintf(buf->data + buf->len, (size_t)needed + 1, format, args);
  buf->len += (size_t)needed;
}

void hl_strbuf_printf(hl_strbuf *buf, const char *format, ...) {
  va_list args;
  va_start(args, format);
  hl_strbuf_vprintf(buf, format, args);
  va_end(args);
}

const char *hl_strbuf_cstr(const hl_strbuf *buf) {
  return buf->data ? buf->data : "";
}

void hl_strbuf_clear(hl_strbuf *buf) {
  buf->len = 0;
  if (buf->data)
    buf->data[0] = '\0';
}

char *hl_strbuf_detach(hl_strbuf *buf) {
  char *text = buf->data ? buf->data : hl_strdup("");
  buf->data = NULL;
  buf->len = buf->capacity = 0;
  return text;
}

void hl_strbuf_free(hl_strbuf *buf) {
  hl_free(buf->data);
  buf->data = NULL;
  buf->len = buf->capacity = 0;
}
