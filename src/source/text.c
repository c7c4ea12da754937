/* Text positions: line index, code point and UTF-16 columns, UTF-8 checks. */
#include "source/text.h"

#include "base/array.h"

#include <string.h>

static uint32_t clamp32(size_t value) {
  return value > UINT32_MAX ? UINT32_MAX : (uint32_t)value;
}

/* Calls on_line_start(i + 1) for every line ending at byte i. Uses memchr
 * for "\n" (vectorised in libc) and looks at "\r" only if the buffer has
 * one at all. */
static uint32_t count_or_fill_lines(const char *source, size_t length,
                                    uint32_t *starts) {
  uint32_t lines = 1;
  if (!memchr(source, '\r', length)) {
    const char *p = source, *end = source + length;
    while ((p = memchr(p, '\n', (size_t)(end - p)))) {
      p++;
      if (starts)
        starts[lines] = clamp32((size_t)(p - source));
      lines++;
    }
    return lines;
  }
  for (size_t i = 0; i < length; i++) {
    if (source[i] == '\n' ||
        (source[i] == '\r' && (i + 1 >= length || source[i + 1] != '\n'))) {
      if (starts)
        starts[lines] = clamp32(i + 1);
      lines++;
    }
  }
  return lines;
}

void hl_line_index_build(hl_line_index *index, hl_arena *arena,
                         const char *source, size_t length) {
  uint32_t lines = count_or_fill_lines(source, length, NULL);
  index->starts = hl_arena_alloc(arena, sizeof(uint32_t) * lines);
  index->count = lines;
  index->starts[0] = 0;
  count_or_fill_lines(source, length, index->starts);
}

uint32_t hl_line_of(const hl_line_index *index, uint32_t byte) {
  uint32_t low = 0, high = index->count;
  while (high - low > 1) {
    uint32_t mid = low + (high - low) / 2;
    if (index->starts[mid] <= byte)
      low = mid;
    else
      high = mid;
  }
  return low;
}

size_t hl_utf8_sequence_length(const unsigned char *s, size_t avail) {
  unsigned char c = s[0];
  if (c < 0x80)
    return 1;
  size_t need;
  uint32_t min;
  uint32_t cp;
  if ((c & 0xE0) == 0xC0) {
    need = 2, min = 0x80, cp = c & 0x1F;
  } else if ((c & 0xF0) == 0xE0) {
    need = 3, min = 0x800, cp = c & 0x0F;
  } else if ((c & 0xF8) == 0xF0) {
    need = 4, min = 0x10000, cp = c & 0x07;
  } else {
    return 0;
  }
  if (avail < need)
    return 0;
  for (size_t i = 1; i < need; i++) {
    if ((s[i] & 0xC0) != 0x80)
      return 0;
    cp = (cp << 6) | (s[i] & 0x3F);
  }
  if (cp < min || cp > 0x10FFFF || (cp >= 0xD800 && cp <= 0xDFFF))
    return 0;
  return need;
}

uint32_t hl_utf8_count_code_points(const char *s, size_t len) {
  const unsigned char *bytes = (const unsigned char *)s;
  uint32_t count = 0;
  size_t i = 0;
  while (i < len) {
    size_t n = hl_utf8_sequence_length(bytes + i, len - i);
    i += n ? n : 1;
    count++;
  }
  return count;
}

uint32_t hl_utf8_count_utf16_units(const char *s, size_t len) {
  const unsigned char *bytes = (const unsigned char *)s;
  uint32_t count = 0;
  size_t i = 0;
  while (i < len) {
    size_t n = hl_utf8_sequence_length(bytes + i, len - i);
    count += n == 4 ? 2 : 1;
    i += n ? n : 1;
  }
  return count;
}

bool hl_utf8_validate(const char *s, size_t len, size_t *bad_offset) {
  const unsigned char *bytes = (const unsigned char *)s;
  size_t i = 0;
  while (i < len) {
    if (bytes[i] < 0x80) {
      /* ASCII fast path: eight bytes at a time */
      while (i + 8 <= len) {
        uint64_t word;
        memcpy(&word, bytes + i, 8);
        if (word & 0x8080808080808080ull)
          break;
        i += 8;
      }
      while (i < len && bytes[i] < 0x80)
        i++;
      continue;
    }
    size_t n = hl_utf8_sequence_length(bytes + i, len - i);
    if (!n) {
      if (bad_offset)
        *bad_offset = i;
      return false;
    }
    i += n;
  }
  return true;
}

hotlint_position hl_position_at(const hl_line_index *index, const char *source,
                                size_t length, uint32_t byte) {
  if (byte > length)
    byte = clamp32(length);
  uint32_t line = hl_line_of(index, byte);
  uint32_t start = index->starts[line];
  hotlint_position position;
  position.byte = byte;
  position.line = line + 1;
  position.line_byte = byte - start;
  position.column = hl_utf8_count_code_points(source + start, byte - start) + 1;
  return position;
}
