/* Unit tests for src/report/noqa.c: line directives (`# noqa`, `#noqa`,
 * `# NOQA`, codes after a colon separated by commas and/or spaces, a noqa
 * after another comment, `noqaz` not being one, a bare colon, the length
 * bound), file directives (`# hotlint: noqa` with and without codes, `# noqa`
 * and `# hotlint: hot` not being one) and hl_noqa_covers (exact codes,
 * prefixes, blanket, absent directive). Codes are checked exactly: count,
 * text, and that they point into the comment. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>

#include <cmocka.h>

#include "report/noqa.h"

#include <string.h>

static hl_noqa parse_line(const char *comment) {
  return hl_noqa_parse_line(comment, strlen(comment));
}

static hl_noqa parse_file(const char *comment) {
  return hl_noqa_parse_file(comment, strlen(comment));
}

/* Checks a directive with exactly the given codes (NULL-terminated list),
 * each pointing into `comment`, with all == false. */
static void assert_codes(const hl_noqa *noqa, const char *comment,
                         const char *const *codes) {
  size_t count = 0;
  while (codes[count])
    count++;
  assert_true(noqa->present);
  assert_false(noqa->all);
  assert_int_equal(noqa->code_count, count);
  size_t comment_length = strlen(comment);
  for (size_t i = 0; i < count; i++) {
    size_t length = strlen(codes[i]);
    assert_int_equal(noqa->codes[i].length, length);
    assert_memory_equal(noqa->codes[i].text, codes[i], length);
    assert_true(noqa->codes[i].text >= comment);
    assert_true(noqa->codes[i].text + length <= comment + comment_length);
  }
}

static void assert_blanket(const hl_noqa *noqa) {
  assert_true(noqa->present);
  assert_true(noqa->all);
  assert_int_equal(noqa->code_count, 0);
}

static void assert_none(const hl_noqa *noqa) {
  assert_false(noqa->present);
  assert_false(noqa->all);
  assert_int_equal(noqa->code_count, 0);
}

/* ---- Line directives -----------------------------------------------------
 */

static void test_line_blanket(void **state) {
  (void)state;
  hl_noqa noqa = parse_line("# noqa");
  assert_blanket(&noqa);
  noqa = parse_line("#noqa");
  assert_blanket(&noqa);
  noqa = parse_line("# NOQA");
  assert_blanket(&noqa);
  noqa = parse_line("# NoQa");
  assert_blanket(&noqa);
  noqa = parse_line("#\tnoqa");
  assert_blanket(&noqa);
  noqa = parse_line("# noqa   ");
  assert_blanket(&noqa);
  /* Followed by text that is not a code list: still a blanket noqa. */
  noqa = parse_line("# noqa because it is fine");
  assert_blanket(&noqa);
  noqa = parse_line("# noqa-ish");
  assert_blanket(&noqa);
}

static void test_line_one_code(void **state) {
  (void)state;
  const char *comment = "# noqa: HOT101";
  hl_noqa noqa = parse_line(comment);
  assert_codes(&noqa, comment, (const char *const[]){"HOT101", NULL});
  assert_ptr_equal(noqa.codes[0].text, comment + 8);

  comment = "#noqa:HOT101";
  noqa = parse_line(comment);
  assert_codes(&noqa, comment, (const char *const[]){"HOT101", NULL});
  assert_ptr_equal(noqa.codes[0].text, comment + 6);

  /* Text after the code list ends it. */
  comment = "# noqa: HOT101 slow on purpose";
  noqa = parse_line(comment);
  assert_codes(&noqa, comment, (const char *const[]){"HOT101", NULL});
}

static void test_line_two_codes_any_separator(void **state) {
  (void)state;
  const char *const expected[] = {"HOT101", "HOT201", NULL};
  const char *comment = "# noqa:HOT101,HOT201";
  hl_noqa noqa = parse_line(comment);
  assert_codes(&noqa, comment, expected);
  assert_ptr_equal(noqa.codes[1].text, comment + 14);

  comment = "# noqa: HOT101, HOT201";
  noqa = parse_line(comment);
  assert_codes(&noqa, comment, expected);
  assert_ptr_equal(noqa.codes[1].text, comment + 16);

  comment = "# noqa: HOT101 HOT201";
  noqa = parse_line(comment);
  assert_codes(&noqa, comment, expected);

  comment = "# noqa:\tHOT101 ,\t HOT201  ";
  noqa = parse_line(comment);
  assert_codes(&noqa, comment, expected);

  comment = "# noqa: HOT101,,HOT201";
  noqa = parse_line(comment);
  assert_codes(&noqa, comment, expected);
}

static void test_line_after_other_comment(void **state) {
  (void)state;
  const char *comment = "# type: ignore  # noqa: HOT101";
  hl_noqa noqa = parse_line(comment);
  assert_codes(&noqa, comment, (const char *const[]){"HOT101", NULL});
  assert_ptr_equal(noqa.codes[0].text, comment + 24);

  comment = "# explained here # noqa";
  noqa = parse_line(comment);
  assert_blanket(&noqa);
}

static void test_line_foreign_code(void **state) {
  (void)state;
  const char *comment = "# noqa: E501";
  hl_noqa noqa = parse_line(comment);
  assert_codes(&noqa, comment, (const char *const[]){"E501", NULL});
  assert_true(hl_noqa_covers(&noqa, "E501"));
  assert_false(hl_noqa_covers(&noqa, "HOT101"));

  /* Mixed with ours. */
  comment = "# noqa: E501, HOT302";
  noqa = parse_line(comment);
  assert_codes(&noqa, comment, (const char *const[]){"E501", "HOT302", NULL});
  assert_true(hl_noqa_covers(&noqa, "HOT302"));
  assert_false(hl_noqa_covers(&noqa, "HOT301"));
}

static void test_line_not_a_directive(void **state) {
  (void)state;
  hl_noqa noqa = parse_line("# noqaz");
  assert_none(&noqa);
  noqa = parse_line("# noqa_x");
  assert_none(&noqa);
  noqa = parse_line("# noqa1");
  assert_none(&noqa);
  noqa = parse_line("# some text");
  assert_none(&noqa);
  noqa = parse_line("# no qa");
  assert_none(&noqa);
  noqa = parse_line("#");
  assert_none(&noqa);
  noqa = parse_line("");
  assert_none(&noqa);
  /* "noqa" not right after a '#'. */
  noqa = parse_line("# this is noqa");
  assert_none(&noqa);
  noqa = parse_line("noqa");
  assert_none(&noqa);
}

/* A word that only starts with "noqa" does not hide a real directive later
 * in the same comment. */
static void test_line_directive_after_near_miss(void **state) {
  (void)state;
  hl_noqa noqa = parse_line("# noqaz # noqa");
  assert_blanket(&noqa);
  const char *comment = "# noqa_ok # noqa: HOT101";
  noqa = parse_line(comment);
  const char *const codes[] = {"HOT101", NULL};
  assert_codes(&noqa, comment, codes);
}

static void test_line_bare_colon(void **state) {
  (void)state;
  /* The code treats `# noqa:` with no codes after the colon as a blanket
   * noqa (present, all, no codes) rather than as "nothing". */
  hl_noqa noqa = parse_line("# noqa:");
  assert_blanket(&noqa);
  assert_true(hl_noqa_covers(&noqa, "HOT101"));
  noqa = parse_line("# noqa:   ");
  assert_blanket(&noqa);
  /* Likewise when what follows the colon is not a code (no digits, or lower
   * case): the list is empty, so blanket. */
  noqa = parse_line("# noqa: HOT");
  assert_blanket(&noqa);
  noqa = parse_line("# noqa: hot101");
  assert_blanket(&noqa);
}

static void test_line_respects_length(void **state) {
  (void)state;
  /* Only the first `length` bytes are the comment. */
  const char *comment = "# noqa: HOT101, HOT201";
  hl_noqa noqa = hl_noqa_parse_line(comment, 14); /* "# noqa: HOT101" */
  assert_codes(&noqa, comment, (const char *const[]){"HOT101", NULL});

  noqa = hl_noqa_parse_line(comment, 13); /* "# noqa: HOT10" */
  assert_int_equal(noqa.code_count, 1);
  assert_int_equal(noqa.codes[0].length, 5);
  assert_memory_equal(noqa.codes[0].text, "HOT10", 5);

  noqa = hl_noqa_parse_line("# noqa", 5); /* "# noq" */
  assert_none(&noqa);

  noqa = hl_noqa_parse_line("# noqaz", 6); /* "# noqa": the z is outside */
  assert_blanket(&noqa);

  noqa = hl_noqa_parse_line("# noqa", 0);
  assert_none(&noqa);
}

static void test_line_code_limit(void **state) {
  (void)state;
  /* More codes than HL_NOQA_MAX_CODES: the first 16 are kept, the rest are
   * dropped; still a code list, not a blanket. */
  char comment[256] = "# noqa:";
  for (int i = 0; i < HL_NOQA_MAX_CODES + 2; i++) {
    char code[16];
    code[0] = ' ';
    code[1] = 'A';
    code[2] = (char)('A' + i);
    code[3] = '1';
    code[4] = '\0';
    strcat(comment, code);
  }
  hl_noqa noqa = parse_line(comment);
  assert_true(noqa.present);
  assert_false(noqa.all);
  assert_int_equal(noqa.code_count, HL_NOQA_MAX_CODES);
  assert_memory_equal(noqa.codes[0].text, "AA1", 3);
  assert_memory_equal(noqa.codes[HL_NOQA_MAX_CODES - 1].text, "AP1", 3);
  assert_true(hl_noqa_covers(&noqa, "AP1"));
}

/* ---- File directives -----------------------------------------------------
 */

static void test_file_blanket(void **state) {
  (void)state;
  hl_noqa noqa = parse_file("# hotlint: noqa");
  assert_blanket(&noqa);
  noqa = parse_file("#hotlint:noqa");
  assert_blanket(&noqa);
  noqa = parse_file("# HOTLINT: NOQA");
  assert_blanket(&noqa);
  noqa = parse_file("#  hotlint:\tnoqa  ");
  assert_blanket(&noqa);
  /* A bare colon is a blanket here too (same code path as line noqa). */
  noqa = parse_file("# hotlint: noqa:");
  assert_blanket(&noqa);
}

static void test_file_codes(void **state) {
  (void)state;
  const char *comment = "# hotlint: noqa: HOT101";
  hl_noqa noqa = parse_file(comment);
  assert_codes(&noqa, comment, (const char *const[]){"HOT101", NULL});
  assert_ptr_equal(noqa.codes[0].text, comment + 17);

  comment = "#hotlint:noqa:HOT101,HOT2";
  noqa = parse_file(comment);
  assert_codes(&noqa, comment, (const char *const[]){"HOT101", "HOT2", NULL});
  assert_true(hl_noqa_covers(&noqa, "HOT205"));
  assert_false(hl_noqa_covers(&noqa, "HOT301"));
}

static void test_file_not_a_directive(void **state) {
  (void)state;
  hl_noqa noqa = parse_file("# hotlint: hot");
  assert_none(&noqa);
  noqa = parse_file("# noqa");
  assert_none(&noqa);
  noqa = parse_file("# noqa: HOT101");
  assert_none(&noqa);
  noqa = parse_file("# hotlint: noqaz");
  assert_none(&noqa);
  noqa = parse_file("# hotlint noqa"); /* no colon */
  assert_none(&noqa);
  noqa = parse_file("hotlint: noqa"); /* not a comment */
  assert_none(&noqa);
  noqa = parse_file("");
  assert_none(&noqa);
  /* Must be the comment itself, not text after another comment. */
  noqa = parse_file("# see below # hotlint: noqa");
  assert_none(&noqa);
  /* Truncated by length. */
  noqa = hl_noqa_parse_file("# hotlint: noqa", 14);
  assert_none(&noqa);
}

/* ---- hl_noqa_covers ------------------------------------------------------
 */

static void test_covers_absent(void **state) {
  (void)state;
  hl_noqa empty;
  memset(&empty, 0, sizeof empty);
  assert_false(hl_noqa_covers(&empty, "HOT101"));
  assert_false(hl_noqa_covers(&empty, ""));

  hl_noqa none = parse_line("# some text");
  assert_false(hl_noqa_covers(&none, "HOT101"));
  none = parse_file("# noqa");
  assert_false(hl_noqa_covers(&none, "HOT101"));
}

static void test_covers_blanket(void **state) {
  (void)state;
  hl_noqa noqa = parse_line("# noqa");
  assert_true(hl_noqa_covers(&noqa, "HOT101"));
  assert_true(hl_noqa_covers(&noqa, "HOT999"));
  assert_true(hl_noqa_covers(&noqa, "E501"));
}

static void test_covers_exact_and_prefix(void **state) {
  (void)state;
  hl_noqa noqa = parse_line("# noqa: HOT101");
  assert_true(hl_noqa_covers(&noqa, "HOT101"));
  assert_false(hl_noqa_covers(&noqa, "HOT102"));
  assert_false(hl_noqa_covers(&noqa, "HOT10")); /* shorter than the code */
  assert_false(hl_noqa_covers(&noqa, "HOT201"));

  noqa = parse_line("# noqa: HOT1");
  assert_codes(&noqa, "# noqa: HOT1", (const char *const[]){"HOT1", NULL});
  assert_true(hl_noqa_covers(&noqa, "HOT101"));
  assert_true(hl_noqa_covers(&noqa, "HOT102"));
  assert_true(hl_noqa_covers(&noqa, "HOT1"));
  assert_false(hl_noqa_covers(&noqa, "HOT201"));
  assert_false(hl_noqa_covers(&noqa, "HOT"));

  /* A listed code longer than the finding's does not cover it. */
  noqa = parse_line("# noqa: HOT1011");
  assert_false(hl_noqa_covers(&noqa, "HOT101"));

  /* Any of several codes. */
  noqa = parse_line("# noqa: HOT101, HOT3");
  assert_true(hl_noqa_covers(&noqa, "HOT101"));
  assert_true(hl_noqa_covers(&noqa, "HOT305"));
  assert_false(hl_noqa_covers(&noqa, "HOT201"));
}

int main(void) {
  const struct CMUnitTest tests[] = {
      cmocka_unit_test(test_line_blanket),
      cmocka_unit_test(test_line_one_code),
      cmocka_unit_test(test_line_two_codes_any_separator),
      cmocka_unit_test(test_line_after_other_comment),
      cmocka_unit_test(test_line_foreign_code),
      cmocka_unit_test(test_line_not_a_directive),
      cmocka_unit_test(test_line_directive_after_near_miss),
      cmocka_unit_test(test_line_bare_colon),
      cmocka_unit_test(test_line_respects_length),
      cmocka_unit_test(test_line_code_limit),
      cmocka_unit_test(test_file_blanket),
      cmocka_unit_test(test_file_codes),
      cmocka_unit_test(test_file_not_a_directive),
      cmocka_unit_test(test_covers_absent),
      cmocka_unit_test(test_covers_blanket),
      cmocka_unit_test(test_covers_exact_and_prefix),
  };
  return cmocka_run_group_tests(tests, NULL, NULL);
}
