/* Text positions: byte offsets to lines and columns (code points, UTF-16
 * units) and UTF-8 validation. Owns nothing but the line index it builds;
 * never copies the source. */
#ifndef HOTLINT_SOURCE_TEXT_H
#define HOTLINT_SOURCE_TEXT_H

#include "base/arena.h"
#include "hotlint/hotlint.h"

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

/* Start offsets of every line of a buffer. Lines end at "\n", "\r\n" or a
 * lone "\r" (Python's universal newlines). */
typedef struct hl_line_index {
  uint32_t *starts; /* arena-owned; starts[0] == 0 */
  uint32_t count;
} hl_line_index;

/* The byte where 0-based `line` starts, or UINT32_MAX past the last line:
 * byte b is on a line before `line` exactly when b < hl_line_start. */
static inline uint32_t hl_line_start(const hl_line_index *index,
                                     uint32_t line) {
  return line < index->count ? index->starts[line] : UINT32_MAX;
}

/* Builds the index in `arena` (valid until the arena is reset). */
void hl_line_index_build(hl_line_index *index, hl_arena *arena,
                         const char *source, size_t length);

/* Returns the 0-based line holding `byte` (a byte past the end maps to the
 * last line). */
uint32_t hl_line_of(const hl_line_index *index, uint32_t byte);

/* Returns the full position of `byte`: 1-based line, 1-based column in code
 * points (a byte that is not valid UTF-8 counts as one code point), the
 * 0-based byte within the line. */
hotlint_position hl_position_at(const hl_line_index *index, const char *source,
                                size_t length, uint32_t byte);

/* Length of the well-formed UTF-8 sequence starting at s[0] (no overlongs,
 * no surrogates, at most U+10FFFF) within `avail` bytes, or 0 if the byte
 * does not start one. */
size_t hl_utf8_sequence_length(const unsigned char *s, size_t avail);

/* Counts code points / UTF-16 code units in bytes [0, len) of s (invalid
 * bytes count one each; 4-byte sequences count two UTF-16 units). */
uint32_t hl_utf8_count_code_points(const char *s, size_t len);
uint32_t hl_utf8_count_utf16_units(const char *s, size_t len);

/* Returns true if s is valid UTF-8 (no overlongs, no surrogates). On failure
 * *bad_offset is the offset of the first invalid byte. */
bool hl_utf8_validate(const char *s, size_t len, size_t *bad_offset);

#endif
