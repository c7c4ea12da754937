/* Unit tests for src/source/text.c: the line index (\n, \r\n, lone \r),
 * positions in code points and UTF-16 units, and UTF-8 validation. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>

#include <cmocka.h>

#include "base/arena.h"
#include "source/text.h"

#include <string.h>

/* Builds the index of a string literal (its length without the final NUL). */
#define BUILD_INDEX(index, arena, literal)                                     \
  hl_line_index_build((index), (arena), (literal), sizeof(literal) - 1)

static void assert_line_starts(const hl_line_index *index,
                               const uint32_t *expected, uint32_t count) {
  assert_int_equal(index->count, count);
  for (uint32_t i = 0; i < count; i++)
    assert_int_equal(index->starts[i], expected[i]);
}

/* ---- Line index ---------------------------------------------------------- */

static void test_line_index_mixed_newlines(void **state) {
  (void)state;
  hl_arena arena = {0};
  hl_line_index index;
  /* a \n | b \r\n | c \r | d */
  BUILD_INDEX(&index, &arena, "a\nb\r\nc\rd");
  const uint32_t expected[] = {0, 2, 5, 7};
  assert_line_starts(&index, expected, 4);

  assert_int_equal(hl_line_of(&index, 0), 0);
  assert_int_equal(hl_line_of(&index, 1), 0); /* the \n ends line 0 */
  assert_int_equal(hl_line_of(&index, 2), 1);
  assert_int_equal(hl_line_of(&index, 3), 1); /* \r of \r\n */
  assert_int_equal(hl_line_of(&index, 4), 1); /* \n of \r\n */
  assert_int_equal(hl_line_of(&index, 5), 2);
  assert_int_equal(hl_line_of(&index, 6), 2); /* lone \r */
  assert_int_equal(hl_line_of(&index, 7), 3);
  assert_int_equal(hl_line_of(&index, 1000), 3); /* past the end: last */
  hl_arena_free(&arena);
}

static void test_line_index_empty_buffer(void **state) {
  (void)state;
  hl_arena arena = {0};
  hl_line_index index;
  hl_line_index_build(&index, &arena, "", 0);
  const uint32_t expected[] = {0};
  assert_line_starts(&index, expected, 1);
  assert_int_equal(hl_line_of(&index, 0), 0);

  hotlint_position position = hl_position_at(&index, "", 0, 0);
  assert_int_equal(position.line, 1);
  assert_int_equal(position.column, 1);
  assert_int_equal(position.byte, 0);
  assert_int_equal(position.line_byte, 0);
  hl_arena_free(&arena);
}

static void test_line_index_trailing_newline_or_not(void **state) {
  (void)state;
  hl_arena arena = {0};
  hl_line_index index;

  BUILD_INDEX(&index, &arena, "abc");
  const uint32_t no_newline[] = {0};
  assert_line_starts(&index, no_newline, 1);

  BUILD_INDEX(&index, &arena, "abc\n");
  const uint32_t trailing_lf[] = {0, 4};
  assert_line_starts(&index, trailing_lf, 2);

  BUILD_INDEX(&index, &arena, "abc\r\n");
  const uint32_t trailing_crlf[] = {0, 5};
  assert_line_starts(&index, trailing_crlf, 2);

  BUILD_INDEX(&index, &arena, "abc\r");
  const uint32_t trailing_cr[] = {0, 4};
  assert_line_starts(&index, trailing_cr, 2);

  BUILD_INDEX(&index, &arena, "\n\n\r\r\n");
  const uint32_t blank_lines[] = {0, 1, 2, 3, 5};
  assert_line_starts(&index, blank_lines, 5);
  hl_arena_free(&arena);
}

/* ---- Positions ----------------------------------------------------------- */

/* Line 2 holds an accent (2 bytes), CJK (3 bytes) and an emoji (4 bytes, a
 * surrogate pair in UTF-16); line 3 ends with a lone \r. */
static const char unicode_source[] = "x = 1\ncafé = '中😀' + y\r\nz\rend";

static void assert_position(const hl_line_index *index, uint32_t byte,
                            uint32_t line, uint32_t column,
                            uint32_t line_byte) {
  hotlint_position position =
      hl_position_at(index, unicode_source, sizeof unicode_source - 1, byte);
  assert_int_equal(position.byte, byte);
  assert_int_equal(position.line, line);
  assert_int_equal(position.column, column);
  assert_int_equal(position.line_byte, line_byte);
}

static void test_positions_in_code_points(void **state) {
  (void)state;
  hl_arena arena = {0};
  hl_line_index index;
  BUILD_INDEX(&index, &arena, unicode_source);
  const uint32_t expected[] = {0, 6, 29, 31};
  assert_line_starts(&index, expected, 4);

  /* byte, line, column (code points, 1-based), byte within the line */
  assert_position(&index, 0, 1, 1, 0);    /* x */
  assert_position(&index, 4, 1, 5, 4);    /* 1 */
  assert_position(&index, 6, 2, 1, 0);    /* c of café */
  assert_position(&index, 9, 2, 4, 3);    /* é */
  assert_position(&index, 11, 2, 5, 5);   /* space after é */
  assert_position(&index, 15, 2, 9, 9);   /* 中 */
  assert_position(&index, 18, 2, 10, 12); /* 😀 */
  assert_position(&index, 22, 2, 11, 16); /* ' after 😀 */
  assert_position(&index, 26, 2, 15, 20); /* y */
  assert_position(&index, 29, 3, 1, 0);   /* z */
  assert_position(&index, 31, 4, 1, 0);   /* end */
  assert_position(&index, 34, 4, 4, 3);   /* the end of the buffer */

  /* A byte past the end is clamped to the end. */
  hotlint_position clamped =
      hl_position_at(&index, unicode_source, sizeof unicode_source - 1, 999);
  assert_int_equal(clamped.byte, 34);
  assert_int_equal(clamped.line, 4);
  assert_int_equal(clamped.column, 4);
  hl_arena_free(&arena);
}

static void test_code_point_and_utf16_counts(void **state) {
  (void)state;
  const char *line = unicode_source + 6; /* "café = '中😀' + y" */
  /* Up to the ' after the emoji: c a f é ␠ = ␠ ' 中 😀 */
  assert_int_equal(hl_utf8_count_code_points(line, 16), 10);
  assert_int_equal(hl_utf8_count_utf16_units(line, 16), 11);
  assert_int_equal(hl_utf8_count_code_points("é", 2), 1);
  assert_int_equal(hl_utf8_count_utf16_units("é", 2), 1);
  assert_int_equal(hl_utf8_count_code_points("中", 3), 1);
  assert_int_equal(hl_utf8_count_utf16_units("中", 3), 1);
  assert_int_equal(hl_utf8_count_code_points("😀", 4), 1);
  assert_int_equal(hl_utf8_count_utf16_units("😀", 4), 2);
  assert_int_equal(hl_utf8_count_code_points("", 0), 0);
  assert_int_equal(hl_utf8_count_utf16_units("", 0), 0);
  /* Invalid bytes count one each. */
  assert_int_equal(hl_utf8_count_code_points("a\xFF"
                                             "b",
                                             3),
                   3);
  assert_int_equal(hl_utf8_count_utf16_units("a\xFF"
                                             "b",
                                             3),
                   3);
  /* A truncated emoji: four bytes cut to three are three invalid bytes. */
  assert_int_equal(hl_utf8_count_code_points("\xF0\x9F\x98", 3), 3);
  assert_int_equal(hl_utf8_count_utf16_units("\xF0\x9F\x98", 3), 3);
}

static void test_position_after_invalid_byte(void **state) {
  (void)state;
  static const char source[] = "a\xFF"
                               "b\n";
  hl_arena arena = {0};
  hl_line_index index;
  BUILD_INDEX(&index, &arena, source);
  hotlint_position position =
      hl_position_at(&index, source, sizeof source - 1, 2);
  assert_int_equal(position.line, 1);
  assert_int_equal(position.column, 3); /* the 0xFF counted as one */
  assert_int_equal(position.line_byte, 2);
  hl_arena_free(&arena);
}

/* ---- UTF-8 validation ---------------------------------------------------- */

/* Validates a literal and returns the offset of the first bad byte, or
 * SIZE_MAX when it is valid. */
#define FIRST_BAD_BYTE(literal) first_bad_byte((literal), sizeof(literal) - 1)

static size_t first_bad_byte(const char *text, size_t length) {
  size_t bad_offset = SIZE_MAX;
  bool valid = hl_utf8_validate(text, length, &bad_offset);
  if (valid)
    assert_int_equal(bad_offset, SIZE_MAX); /* untouched when valid */
  else
    assert_true(bad_offset < length);
  return valid ? SIZE_MAX : bad_offset;
}

static void test_utf8_valid(void **state) {
  (void)state;
  assert_int_equal(FIRST_BAD_BYTE(""), SIZE_MAX);
  assert_int_equal(FIRST_BAD_BYTE("plain ascii\n"), SIZE_MAX);
  assert_int_equal(FIRST_BAD_BYTE("héllo 中文 😀"), SIZE_MAX);
  /* Boundaries: U+007F, U+0080, U+07FF, U+0800, U+FFFF, U+10000, U+10FFFF */
  assert_int_equal(FIRST_BAD_BYTE("\x7F\xC2\x80\xDF\xBF\xE0\xA0\x80\xEF\xBF"
                                  "\xBF\xF0\x90\x80\x80\xF4\x8F\xBF\xBF"),
                   SIZE_MAX);
  /* U+D7FF and U+E000, either side of the surrogates */
  assert_int_equal(FIRST_BAD_BYTE("\xED\x9F\xBF\xEE\x80\x80"), SIZE_MAX);
  /* NUL is valid UTF-8 */
  assert_int_equal(first_bad_byte("a\0b", 3), SIZE_MAX);
  /* A NULL bad_offset is allowed. */
  assert_true(hl_utf8_validate("ok", 2, NULL));
  assert_false(hl_utf8_validate("\xFF", 1, NULL));
}

static void test_utf8_truncated(void **state) {
  (void)state;
  assert_int_equal(FIRST_BAD_BYTE("ab\xE4\xB8"), 2);     /* 中 cut short */
  assert_int_equal(FIRST_BAD_BYTE("ab\xF0\x9F\x98"), 2); /* 😀 cut short */
  assert_int_equal(FIRST_BAD_BYTE("\xC3"), 0);
  /* Cut short in the middle of the text: the next byte is no continuation */
  assert_int_equal(FIRST_BAD_BYTE("x\xE4\xB8y"), 1);
}

static void test_utf8_overlong(void **state) {
  (void)state;
  assert_int_equal(FIRST_BAD_BYTE("a\xC0\xAF"), 1);    /* '/' in 2 bytes */
  assert_int_equal(FIRST_BAD_BYTE("ab\xC1\xBF"), 2);   /* U+007F, 2 bytes */
  assert_int_equal(FIRST_BAD_BYTE("\xE0\x80\xAF"), 0); /* '/' in 3 bytes */
  assert_int_equal(FIRST_BAD_BYTE("\xE0\x9F\xBF"), 0); /* U+07FF, 3 bytes */
  assert_int_equal(FIRST_BAD_BYTE("ok\xF0\x8F\xBF\xBF"), 2); /* U+FFFF, 4 */
}

static void test_utf8_surrogates_and_range(void **state) {
  (void)state;
  assert_int_equal(FIRST_BAD_BYTE("ok\xED\xA0\x80"), 2); /* U+D800 */
  assert_int_equal(FIRST_BAD_BYTE("\xED\xBF\xBF"), 0);   /* U+DFFF */
  /* A surrogate pair encoded as two 3-byte sequences (CESU-8) */
  assert_int_equal(FIRST_BAD_BYTE("é\xED\xA0\xBD\xED\xB8\x80"), 2);
  assert_int_equal(FIRST_BAD_BYTE("\xF4\x90\x80\x80"), 0); /* > U+10FFFF */
  assert_int_equal(FIRST_BAD_BYTE("abc\xF8\x88\x80\x80\x80"), 3); /* 5 bytes */
  assert_int_equal(FIRST_BAD_BYTE("\xFE"), 0);
  assert_int_equal(FIRST_BAD_BYTE("\xFF"), 0);
}

static void test_utf8_bad_continuation(void **state) {
  (void)state;
  assert_int_equal(FIRST_BAD_BYTE("xy\xC3\x28"), 2);   /* ( not 10xxxxxx */
  assert_int_equal(FIRST_BAD_BYTE("\xE4\xB8\x41"), 0); /* third byte 'A' */
  assert_int_equal(FIRST_BAD_BYTE("\xF0\x9F\xC3\xA9"), 0);
  assert_int_equal(FIRST_BAD_BYTE("abc\x80"), 3); /* lone continuation */
  assert_int_equal(FIRST_BAD_BYTE("é\xA9"), 2);   /* one too many */
  /* The first of several errors is reported. */
  assert_int_equal(FIRST_BAD_BYTE("中\xFF\xC0\xAF"), 3);
}

int main(void) {
  const struct CMUnitTest tests[] = {
      cmocka_unit_test(test_line_index_mixed_newlines),
      cmocka_unit_test(test_line_index_empty_buffer),
      cmocka_unit_test(test_line_index_trailing_newline_or_not),
      cmocka_unit_test(test_positions_in_code_points),
      cmocka_unit_test(test_code_point_and_utf16_counts),
      cmocka_unit_test(test_position_after_invalid_byte),
      cmocka_unit_test(test_utf8_valid),
      cmocka_unit_test(test_utf8_truncated),
      cmocka_unit_test(test_utf8_overlong),
      cmocka_unit_test(test_utf8_surrogates_and_range),
      cmocka_unit_test(test_utf8_bad_continuation),
  };
  return cmocka_run_group_tests(tests, NULL, NULL);
}
