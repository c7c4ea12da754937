/* Unit tests for LSP positions (lsp/position.h): accents, CJK and emoji
 * before a place give the right character in UTF-8, UTF-16 and UTF-32;
 * "\r\n" and lone "\r" end lines; positions past a line's or the text's
 * end are clamped; half a surrogate pair and invalid bytes do not break
 * the count; offset -> position -> offset round-trips at every character
 * boundary. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>

#include <cmocka.h>

#include "lsp/position.h"

#include <string.h>

/* "é" is 2 bytes, 1 UTF-16 unit; "語" 3 bytes, 1 unit; "🙂" 4 bytes, 2
 * units (a surrogate pair), 1 code point. */
static const char text[] = "x = 1\n"
                           "s = \"é語🙂\" + name\n"
                           "\r\n"
                           "last";

static size_t offset_of(const char *needle) {
  return (size_t)(strstr(text, needle) - text);
}

static void test_characters_by_encoding(void **state) {
  (void)state;
  size_t length = strlen(text);
  size_t name = offset_of("name");
  hl_lsp_position p =
      hl_position_from_offset(text, length, name, HL_ENCODING_UTF8);
  assert_int_equal(p.line, 1);
  /* s = "  (5 bytes) é(2) 語(3) 🙂(4) " + (4): 18 */
  assert_int_equal(p.character, 18);
  p = hl_position_from_offset(text, length, name, HL_ENCODING_UTF16);
  assert_int_equal(p.character, 5 + 1 + 1 + 2 + 4);
  p = hl_position_from_offset(text, length, name, HL_ENCODING_UTF32);
  assert_int_equal(p.character, 5 + 1 + 1 + 1 + 4);
  for (int e = 0; e < 3; e++) {
    hl_position_encoding encoding = (hl_position_encoding)e;
    p = hl_position_from_offset(text, length, name, encoding);
    assert_int_equal(hl_position_to_offset(text, length, p, encoding), name);
  }
}

static void test_line_ends(void **state) {
  (void)state;
  size_t length = strlen(text);
  size_t last = offset_of("last");
  hl_lsp_position p =
      hl_position_from_offset(text, length, last, HL_ENCODING_UTF16);
  assert_int_equal(p.line, 3); /* "\r\n" is one line end */
  assert_int_equal(p.character, 0);
  const char cr[] = "a\rb\r\nc\nd";
  hl_lsp_position d = {3, 0};
  assert_int_equal(hl_position_to_offset(cr, strlen(cr), d, HL_ENCODING_UTF8),
                   strlen(cr) - 1);
  p = hl_position_from_offset(cr, strlen(cr), 2, HL_ENCODING_UTF8);
  assert_int_equal(p.line, 1); /* a lone "\r" ends a line */
  /* between "\r" and "\n" is still the end of line 1 */
  p = hl_position_from_offset(cr, strlen(cr), 4, HL_ENCODING_UTF8);
  assert_int_equal(p.line, 1);
  assert_int_equal(p.character, 1);
}

static void test_clamping(void **state) {
  (void)state;
  size_t length = strlen(text);
  hl_lsp_position past_line = {0, 99};
  assert_int_equal(
      hl_position_to_offset(text, length, past_line, HL_ENCODING_UTF16), 5);
  hl_lsp_position past_text = {40, 3};
  assert_int_equal(
      hl_position_to_offset(text, length, past_text, HL_ENCODING_UTF16),
      length);
  /* inside the surrogate pair of 🙂: the character's start */
  size_t emoji = offset_of("🙂");
  hl_lsp_position half = {1, 5 + 1 + 1 + 1};
  assert_int_equal(hl_position_to_offset(text, length, half, HL_ENCODING_UTF16),
                   emoji);
  assert_int_equal(
      hl_position_from_offset(text, length, length + 10, HL_ENCODING_UTF8).line,
      3);
}

static void test_invalid_bytes_count_one(void **state) {
  (void)state;
  const char bad[] = "a\xff\xfe"
                     "b";
  for (int e = 0; e < 3; e++) {
    hl_lsp_position p =
        hl_position_from_offset(bad, 4, 3, (hl_position_encoding)e);
    assert_int_equal(p.character, 3);
    assert_int_equal(hl_position_to_offset(bad, 4, p, (hl_position_encoding)e),
                     3);
  }
}

static void test_round_trip_everywhere(void **state) {
  (void)state;
  size_t length = strlen(text);
  for (int e = 0; e < 3; e++) {
    hl_position_encoding encoding = (hl_position_encoding)e;
    for (size_t i = 0; i <= length; i++) {
      if (i < length && ((unsigned char)text[i] & 0xc0) == 0x80)
        continue; /* inside a character */
      if (i > 0 && text[i - 1] == '\r' && i < length && text[i] == '\n')
        continue; /* between "\r" and "\n" */
      hl_lsp_position p = hl_position_from_offset(text, length, i, encoding);
      assert_int_equal(hl_position_to_offset(text, length, p, encoding), i);
    }
  }
}

static void test_encoding_names(void **state) {
  (void)state;
  hl_position_encoding encoding;
  assert_true(hl_position_encoding_parse("utf-8", &encoding));
  assert_int_equal(encoding, HL_ENCODING_UTF8);
  assert_true(hl_position_encoding_parse("utf-32", &encoding));
  assert_string_equal(hl_position_encoding_name(encoding), "utf-32");
  assert_false(hl_position_encoding_parse("latin-1", &encoding));
}

int main(void) {
  const struct CMUnitTest tests[] = {
      cmocka_unit_test(test_characters_by_encoding),
      cmocka_unit_test(test_line_ends),
      cmocka_unit_test(test_clamping),
      cmocka_unit_test(test_invalid_bytes_count_one),
      cmocka_unit_test(test_round_trip_everywhere),
      cmocka_unit_test(test_encoding_names),
  };
  return cmocka_run_group_tests(tests, NULL, NULL);
}
