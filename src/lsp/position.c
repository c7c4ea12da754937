/* LSP positions and byte offsets. See position.h. */
#include "lsp/position.h"

#include "source/text.h"

#include <string.h>

const char *hl_position_encoding_name(hl_position_encoding encoding) {
  switch (encoding) {
  case HL_ENCODING_UTF8:
    return "utf-8";
  case HL_ENCODING_UTF32:
    return "utf-32";
  case HL_ENCODING_UTF16:
    break;
  }
  return "utf-16";
}

bool hl_position_encoding_parse(const char *name,
                                hl_position_encoding *encoding) {
  if (!strcmp(name, "utf-8"))
    *encoding = HL_ENCODING_UTF8;
  else if (!strcmp(name, "utf-16"))
    *encoding = HL_ENCODING_UTF16;
  else if (!strcmp(name, "utf-32"))
    *encoding = HL_ENCODING_UTF32;
  else
    return false;
  return true;
}

/* The length in bytes of the character at text[i] (1 for a byte that does
 * not start a valid UTF-8 sequence), and its size in `encoding` units. */
static size_t character_at(const char *text, size_t length, size_t i,
                           hl_position_encoding encoding, uint32_t *units) {
  size_t need =
      hl_utf8_sequence_length((const unsigned char *)text + i, length - i);
  bool ok = need > 0;
  if (!ok)
    need = 1;
  *units = 1;
  if (encoding == HL_ENCODING_UTF8)
    *units = (uint32_t)need;
  else if (encoding == HL_ENCODING_UTF16 && ok && need == 4)
    *units = 2; /* a surrogate pair above U+FFFF */
  return need;
}

static bool is_line_end(const char *text, size_t length, size_t i) {
  (void)length;
  return text[i] == '\n' || text[i] == '\r';
}

/* The offset just past the line break at text[i] (which is one). */
static size_t after_line_end(const char *text, size_t length, size_t i) {
  if (text[i] == '\r' && i + 1 < length && text[i + 1] == '\n')
    return i + 2;
  return i + 1;
}

size_t hl_line_offset(const char *text, size_t length, uint32_t line,
                      uint32_t from_line, size_t from_offset) {
  /* memchr for both breaks: an edit near the end of a large document counts
   * every line before it, on every keystroke. The next CR is remembered, so
   * a file without any costs one search for it. */
  size_t i = from_offset;
  const char *next_cr = NULL;
  bool cr_searched = false;
  for (uint32_t at = from_line; at < line; at++) {
    if (i >= length)
      return length;
    const char *newline = memchr(text + i, '\n', length - i);
    if (!cr_searched || (next_cr && next_cr < text + i)) {
      next_cr = memchr(text + i, '\r', length - i);
      cr_searched = true;
    }
    const char *brk = newline;
    if (next_cr && (!brk || next_cr < brk))
      brk = next_cr;
    if (!brk)
      return length; /* past the last line: the end of the text */
    i = after_line_end(text, length, (size_t)(brk - text));
  }
  return i;
}

size_t hl_position_to_offset_from(const char *text, size_t length,
                                  hl_lsp_position position,
                                  hl_position_encoding encoding,
                                  uint32_t from_line, size_t from_offset) {
  if (position.line < from_line) {
    from_line = 0;
    from_offset = 0;
  }
  size_t i =
      hl_line_offset(text, length, position.line, from_line, from_offset);
  uint32_t counted = 0;
  while (i < length && !is_line_end(text, length, i)) {
    uint32_t units;
    size_t size = character_at(text, length, i, encoding, &units);
    if (counted + units > position.character)
      break; /* inside this character (half a surrogate pair): its start */
    counted += units;
    i += size;
  }
  return i;
}

size_t hl_position_to_offset(const char *text, size_t length,
                             hl_lsp_position position,
                             hl_position_encoding encoding) {
  return hl_position_to_offset_from(text, length, position, encoding, 0, 0);
}

hl_lsp_position hl_position_in_line(const char *text, size_t length,
                                    uint32_t line, size_t line_start,
                                    size_t offset,
                                    hl_position_encoding encoding) {
  if (offset > length)
    offset = length;
  if (line_start > offset)
    line_start = offset;
  hl_lsp_position position = {line, 0};
  size_t i = line_start;
  while (i < offset && !is_line_end(text, length, i)) {
    uint32_t units;
    size_t size = character_at(text, length, i, encoding, &units);
    if (i + size > offset)
      break;
    position.character += units;
    i += size;
  }
  return position;
}

hl_lsp_position hl_position_from_offset(const char *text, size_t length,
                                        size_t offset,
                                        hl_position_encoding encoding) {
  if (offset > length)
    offset = length;
  uint32_t line = 0;
  size_t line_start = 0;
  for (size_t i = 0; i < offset;) {
    if (is_line_end(text, length, i)) {
      size_t next = after_line_end(text, length, i);
      if (next > offset)
        break; /* between "\r" and "\n": still on this line */
      line++;
      line_start = next;
      i = next;
    } else {
      i++;
    }
  }
  return hl_position_in_line(text, length, line, line_start, offset, encoding);
}
