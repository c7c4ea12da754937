/* LSP positions: (line, character) with the character counted in the
 * negotiated encoding — UTF-8 bytes, UTF-16 code units (the protocol's
 * default) or UTF-32 code points — converted to and from byte offsets of
 * a document's text. Lines end at "\n", "\r\n" or a lone "\r", as the
 * protocol says. A character past the end of its line means the line's
 * end, a line past the last line means the end of the text (the protocol
 * asks servers to be lenient); bytes that are not valid UTF-8 count as one
 * unit each in every encoding.
 *
 * Pure functions; own nothing. */
#ifndef HOTLINT_LSP_POSITION_H
#define HOTLINT_LSP_POSITION_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

typedef enum hl_position_encoding {
  HL_ENCODING_UTF16, /* the protocol's default */
  HL_ENCODING_UTF8,
  HL_ENCODING_UTF32,
} hl_position_encoding;

/* "utf-8", "utf-16", "utf-32" */
const char *hl_position_encoding_name(hl_position_encoding encoding);
bool hl_position_encoding_parse(const char *name,
                                hl_position_encoding *encoding);

typedef struct hl_lsp_position {
  uint32_t line;      /* 0-based */
  uint32_t character; /* 0-based, in the encoding's units */
} hl_lsp_position;

/* The offset where line `line` starts, scanning from `from_offset`, the
 * start of line `from_line` (<= line; 0 and 0 for the whole text). */
size_t hl_line_offset(const char *text, size_t length, uint32_t line,
                      uint32_t from_line, size_t from_offset);

/* hl_position_to_offset scanning from a known line start (for the end of a
 * range once its start is known); from the top when position.line is
 * before from_line. */
size_t hl_position_to_offset_from(const char *text, size_t length,
                                  hl_lsp_position position,
                                  hl_position_encoding encoding,
                                  uint32_t from_line, size_t from_offset);

/* The byte offset of `position` in text[0..length). */
size_t hl_position_to_offset(const char *text, size_t length,
                             hl_lsp_position position,
                             hl_position_encoding encoding);

/* The position of byte `offset` (clamped to length; an offset inside a
 * multi-byte character counts from that character's start). */
hl_lsp_position hl_position_from_offset(const char *text, size_t length,
                                        size_t offset,
                                        hl_position_encoding encoding);

/* The position of byte `offset` when the caller knows its line: `line`
 * (0-based) starting at byte `line_start` (what a hotlint_position gives:
 * line - 1 and byte - line_byte). O(the line's length). */
hl_lsp_position hl_position_in_line(const char *text, size_t length,
                                    uint32_t line, size_t line_start,
                                    size_t offset,
                                    hl_position_encoding encoding);

#endif
