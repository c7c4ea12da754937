/* Unit tests for src/report/emit*.c: each output format written for
 * hand-built findings into a memory stream — full (gutter, carets under the
 * span with tabs and multi-byte text, multi-line spans, control characters
 * made visible, hotness and related lines), concise, json (valid and exact
 * for awkward strings: quotes, newlines, non-ASCII, invalid UTF-8; "[]" for
 * none), statistics (order, alignment, json), the summary line, and colors
 * only when asked for. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>

#include <cmocka.h>

#include "base/alloc.h"
#include "report/emit.h"

#include <jansson.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#define COUNT_OF(array) (sizeof(array) / sizeof *(array))

/* ---- helpers --------------------------------------------------------------
 */

typedef struct capture {
  char *text;
  size_t length;
  FILE *stream;
} capture;

static void capture_open(capture *c) {
  memset(c, 0, sizeof(*c));
  c->stream = open_memstream(&c->text, &c->length);
  assert_non_null(c->stream);
}

/* Closes the stream; c->text then holds everything written. */
static void capture_close(capture *c) {
  assert_int_equal(fclose(c->stream), 0);
  c->stream = NULL;
}

/* Returns a position in `source` for byte offset `byte` (columns counted in
 * code points, as the engine gives them). */
static hotlint_position position_at(const char *source, uint32_t byte) {
  hotlint_position p = {byte, 1, 1, 0};
  uint32_t line_start = 0;
  for (uint32_t i = 0; i < byte; i++) {
    if (source[i] == '\n') {
      p.line++;
      line_start = i + 1;
    }
  }
  p.line_byte = byte - line_start;
  for (uint32_t i = line_start; i < byte; i++)
    if (((unsigned char)source[i] & 0xC0) != 0x80)
      p.column++;
  return p;
}

static hotlint_finding make_finding(const char *source, const char *start,
                                    const char *end) {
  hotlint_finding f = {
      .code = "HOT101",
      .name = "import-in-function",
      .message = "`import json` runs on every call",
      .url = "https://example.org/rules/HOT101",
      .severity = HOTLINT_SEVERITY_WARNING,
      .hotness = HOTLINT_HOT,
  };
  const char *s = strstr(source, start);
  assert_non_null(s);
  const char *e = end ? strstr(s, end) : s + strlen(start);
  assert_non_null(e);
  if (end)
    e += strlen(end);
  f.start = position_at(source, (uint32_t)(s - source));
  f.end = position_at(source, (uint32_t)(e - source));
  return f;
}

/* Emits `count` findings of one file in `format` and returns the text
 * (caller frees with free()). */
static char *emit(hl_output_format format, bool statistics, bool color,
                  const char *path, const char *source,
                  const hotlint_finding *findings, size_t count,
                  const hl_emit_summary *summary) {
  capture c;
  capture_open(&c);
  hl_emit_settings settings = {
      .out = c.stream,
      .format = format,
      .statistics = statistics,
      .color = color,
      .summary = summary != NULL,
  };
  hl_emitter *emitter = hl_emitter_new(&settings);
  hl_emitter_begin(emitter);
  const hotlint_finding **pointers =
      hl_calloc(count ? count : 1, sizeof(*pointers));
  for (size_t i = 0; i < count; i++)
    pointers[i] = &findings[i];
  hl_emitter_file(emitter, path, source, source ? strlen(source) : 0, pointers,
                  count);
  hl_free(pointers);
  hl_emit_summary none = {0};
  hl_emitter_end(emitter, summary ? summary : &none);
  hl_emitter_delete(emitter);
  capture_close(&c);
  return c.text;
}

/* ---- full -----------------------------------------------------------------
 */

static void test_full_excerpt_and_hotness(void **state) {
  (void)state;
  const char *source = "def f(items):\n"
                       "    for x in items:\n"
                       "        import json\n";
  hotlint_finding f = make_finding(source, "import json", NULL);
  const char *reasons[] = {"inside a `for` loop (line 2)", "called often"};
  f.reasons = reasons;
  f.reason_count = 2;
  hl_emit_summary summary = {.file_count = 1, .finding_count = 1};
  summary.hotness_count[HOTLINT_HOT] = 1;
  char *text =
      emit(HL_OUTPUT_FULL, false, false, "app.py", source, &f, 1, &summary);
  assert_string_equal(text,
                      "app.py:3:9: HOT101 `import json` runs on every call\n"
                      "  |\n"
                      "3 |         import json\n"
                      "  |         ^^^^^^^^^^^ HOT101\n"
                      "  |\n"
                      "  = hot: inside a `for` loop (line 2); called often\n"
                      "\n"
                      "Found 1 finding (1 hot).\n");
  free(text);
}

static void test_full_tabs_and_multibyte(void **state) {
  (void)state;
  /* A tab and a two-byte character before the span; a three-byte one in. */
  const char *source = "x = 1\n\tname_é = 'ü€x'\n";
  hotlint_finding f = make_finding(source, "'ü€x'", NULL);
  f.hotness = HOTLINT_WARM;
  char *text = emit(HL_OUTPUT_FULL, false, false, "a.py", source, &f, 1, NULL);
  assert_string_equal(text, "a.py:2:11: HOT101 `import json` runs on every "
                            "call\n"
                            "  |\n"
                            "2 |     name_é = 'ü€x'\n"
                            "  |              ^^^^^ HOT101\n"
                            "  |\n"
                            "  = warm\n"
                            "\n");
  free(text);
}

static void test_full_multiline_span_marks_first_line(void **state) {
  (void)state;
  const char *source = "def f():\n    return (1,\n            2)\n";
  hotlint_finding f = make_finding(source, "(1,", "2)");
  char *text = emit(HL_OUTPUT_FULL, false, false, "m.py", source, &f, 1, NULL);
  assert_non_null(strstr(text, "2 |     return (1,\n"
                               "  |            ^^^ HOT101\n"));
  free(text);
}

static void test_full_line_numbers_widen_gutter(void **state) {
  (void)state;
  char source[2048] = "";
  for (int i = 0; i < 120; i++)
    strcat(source, "\n");
  strcat(source, "import os\n");
  hotlint_finding f = make_finding(source, "import os", NULL);
  char *text = emit(HL_OUTPUT_FULL, false, false, "w.py", source, &f, 1, NULL);
  assert_non_null(strstr(text, "    |\n"
                               "121 | import os\n"
                               "    | ^^^^^^^^^ HOT101\n"
                               "    |\n"
                               "    = hot\n"));
  free(text);
}

static void test_full_control_characters_are_visible(void **state) {
  (void)state;
  /* An escape sequence in the source must never reach the terminal. */
  const char source[] = "s = '\x1b[31m' + \"\xff\"\n";
  hotlint_finding f = make_finding(source, "s", NULL);
  f.message = "bad \x1b[2J message";
  char *text = emit(HL_OUTPUT_FULL, false, false, "c.py", source, &f, 1, NULL);
  assert_null(strchr(text, '\x1b'));
  assert_non_null(strstr(text, "\xE2\x90\x9B[31m"));    /* U+241B */
  assert_non_null(strstr(text, "\"\xEF\xBF\xBD\""));    /* U+FFFD */
  assert_non_null(strstr(text, "bad \xE2\x90\x9B[2J")); /* in the message */
  free(text);
}

static void test_full_related_note(void **state) {
  (void)state;
  const char *source = "def f():\n    global X\n    X = 1\n";
  hotlint_finding f = make_finding(source, "X = 1", NULL);
  hotlint_related related = {"`X` declared global here",
                             position_at(source, 13), position_at(source, 21)};
  f.related = &related;
  f.related_count = 1;
  char *text = emit(HL_OUTPUT_FULL, false, false, "g.py", source, &f, 1, NULL);
  assert_non_null(
      strstr(text, "  = hot\n  = note: g.py:2:5: `X` declared global here\n"));
  free(text);
}

static void test_full_color_only_when_asked(void **state) {
  (void)state;
  const char *source = "import os\n";
  hotlint_finding f = make_finding(source, "import os", NULL);
  char *plain = emit(HL_OUTPUT_FULL, false, false, "p.py", source, &f, 1, NULL);
  char *colored =
      emit(HL_OUTPUT_FULL, false, true, "p.py", source, &f, 1, NULL);
  assert_null(strchr(plain, '\x1b'));
  assert_non_null(strstr(colored, "\x1b[1;31mHOT101\x1b[0m"));
  free(plain);
  free(colored);
}

/* ---- concise --------------------------------------------------------------
 */

static void test_concise(void **state) {
  (void)state;
  const char *source = "def f():\n    import os\n    x = [1, 2]\n";
  hotlint_finding f[2] = {make_finding(source, "import os", NULL),
                          make_finding(source, "[1, 2]", NULL)};
  f[1].code = "HOT102";
  f[1].message = "a list built on every call";
  f[1].hotness = HOTLINT_WARM;
  hl_emit_summary summary = {.finding_count = 2};
  summary.hotness_count[HOTLINT_HOT] = 1;
  summary.hotness_count[HOTLINT_WARM] = 1;
  char *text =
      emit(HL_OUTPUT_CONCISE, false, false, "s.py", source, f, 2, &summary);
  assert_string_equal(
      text, "s.py:2:5: HOT101 [hot] `import json` runs on every call\n"
            "s.py:3:9: HOT102 [warm] a list built on every call\n"
            "Found 2 findings (1 hot, 1 warm).\n");
  free(text);
}

/* ---- json -----------------------------------------------------------------
 */

static void test_json_exact(void **state) {
  (void)state;
  const char *source = "def f():\n    import os\n";
  hotlint_finding f = make_finding(source, "import os", NULL);
  const char *reasons[] = {"inside a loop"};
  f.reasons = reasons;
  f.reason_count = 1;
  char *text = emit(HL_OUTPUT_JSON, false, false, "j.py", source, &f, 1, NULL);
  assert_string_equal(text,
                      "[\n"
                      "  {\n"
                      "    \"code\": \"HOT101\",\n"
                      "    \"name\": \"import-in-function\",\n"
                      "    \"message\": \"`import json` runs on every call\",\n"
                      "    \"severity\": \"warning\",\n"
                      "    \"filename\": \"j.py\",\n"
                      "    \"location\": {\n"
                      "      \"row\": 2,\n"
                      "      \"column\": 5\n"
                      "    },\n"
                      "    \"end_location\": {\n"
                      "      \"row\": 2,\n"
                      "      \"column\": 14\n"
                      "    },\n"
                      "    \"fix\": null,\n"
                      "    \"url\": \"https://example.org/rules/HOT101\",\n"
                      "    \"hotness\": {\n"
                      "      \"level\": \"hot\",\n"
                      "      \"reasons\": [\n"
                      "        \"inside a loop\"\n"
                      "      ]\n"
                      "    },\n"
                      "    \"related\": [],\n"
                      "    \"benchmark\": null,\n"
                      "    \"noqa_row\": 2\n"
                      "  }\n"
                      "]\n");
  free(text);
}

static void test_json_empty_is_an_empty_array(void **state) {
  (void)state;
  char *text = emit(HL_OUTPUT_JSON, false, false, "e.py", "", NULL, 0, NULL);
  assert_string_equal(text, "[]\n");
  free(text);
}

static void test_json_awkward_strings_stay_valid(void **state) {
  (void)state;
  const char *source = "x = 1\ny = 2\n";
  hotlint_finding f[2] = {make_finding(source, "x", NULL),
                          make_finding(source, "y", NULL)};
  f[0].message = "quote \" backslash \\ newline \n tab \t ü €";
  f[1].message = "invalid \xff\xfe bytes";
  char *text = emit(HL_OUTPUT_JSON, false, false, "dir/na\"me\xc3.py", source,
                    f, 2, NULL);
  json_error_t error;
  json_t *root = json_loads(text, 0, &error);
  assert_non_null(root);
  assert_true(json_is_array(root));
  assert_int_equal(json_array_size(root), 2);
  assert_string_equal(
      json_string_value(json_object_get(json_array_get(root, 0), "message")),
      "quote \" backslash \\ newline \n tab \t ü €");
  assert_string_equal(
      json_string_value(json_object_get(json_array_get(root, 1), "message")),
      "invalid \xEF\xBF\xBD\xEF\xBF\xBD bytes");
  assert_string_equal(
      json_string_value(json_object_get(json_array_get(root, 1), "filename")),
      "dir/na\"me\xEF\xBF\xBD.py");
  json_t *location = json_object_get(json_array_get(root, 1), "location");
  assert_int_equal(json_integer_value(json_object_get(location, "row")), 2);
  json_decref(root);
  free(text);
}

/* ---- statistics -----------------------------------------------------------
 */

static void test_statistics_sorted_and_aligned(void **state) {
  (void)state;
  const char *source = "a\nb\n";
  hotlint_finding f[13];
  for (size_t i = 0; i < COUNT_OF(f); i++) {
    f[i] = make_finding(source, "a", NULL);
    f[i].code = i < 10 ? "HOT201" : (i < 12 ? "HOT101" : "HOT102");
    f[i].name = i < 10 ? "string-concat-in-loop"
                       : (i < 12 ? "import-in-function"
                                 : "per-call-constant-collection");
  }
  hl_emit_summary summary = {.finding_count = COUNT_OF(f)};
  char *text = emit(HL_OUTPUT_FULL, true, false, "s.py", source, f, COUNT_OF(f),
                    &summary);
  assert_string_equal(text, "10\tHOT201\tstring-concat-in-loop\n"
                            " 2\tHOT101\timport-in-function\n"
                            " 1\tHOT102\tper-call-constant-collection\n");
  free(text);

  /* Ties are ordered by code. */
  f[0].code = "HOT301";
  f[0].name = "missing-slots";
  hotlint_finding tie[2] = {f[0], f[12]};
  text = emit(HL_OUTPUT_CONCISE, true, false, "s.py", source, tie, 2, &summary);
  assert_string_equal(text, "1\tHOT102\tper-call-constant-collection\n"
                            "1\tHOT301\tmissing-slots\n");
  free(text);
}

static void test_statistics_json_and_empty(void **state) {
  (void)state;
  const char *source = "a\n";
  hotlint_finding f = make_finding(source, "a", NULL);
  char *text = emit(HL_OUTPUT_JSON, true, false, "s.py", source, &f, 1, NULL);
  assert_string_equal(text, "[\n"
                            "  {\n"
                            "    \"code\": \"HOT101\",\n"
                            "    \"name\": \"import-in-function\",\n"
                            "    \"count\": 1\n"
                            "  }\n"
                            "]\n");
  free(text);
  text = emit(HL_OUTPUT_FULL, true, false, "s.py", source, NULL, 0, NULL);
  assert_string_equal(text, "");
  free(text);
}

/* ---- summary --------------------------------------------------------------
 */

static void test_summary_lines(void **state) {
  (void)state;
  struct {
    hl_emit_summary summary;
    const char *expected;
  } cases[] = {
      {{.finding_count = 0}, "All checks passed!\n"},
      {{.finding_count = 3, .hotness_count = {1, 0, 2}},
       "Found 3 findings (2 hot, 1 cold).\n"},
      {{.finding_count = 1, .hotness_count = {0, 1, 0}, .error_count = 2},
       "Found 1 finding (1 warm); 2 files could not be fully checked.\n"},
      {{.error_count = 1}, "No findings; 1 file could not be fully checked.\n"},
  };
  for (size_t i = 0; i < COUNT_OF(cases); i++) {
    char *text = emit(HL_OUTPUT_CONCISE, false, false, "x.py", "", NULL, 0,
                      &cases[i].summary);
    assert_string_equal(text, cases[i].expected);
    free(text);
  }
}

static void test_output_format_names(void **state) {
  (void)state;
  hl_output_format format;
  assert_true(hl_output_format_parse("full", &format));
  assert_int_equal(format, HL_OUTPUT_FULL);
  assert_true(hl_output_format_parse("concise", &format));
  assert_int_equal(format, HL_OUTPUT_CONCISE);
  assert_true(hl_output_format_parse("json", &format));
  assert_int_equal(format, HL_OUTPUT_JSON);
  assert_false(hl_output_format_parse("JSON", &format));
  assert_false(hl_output_format_parse("", &format));
}

int main(void) {
  const struct CMUnitTest tests[] = {
      cmocka_unit_test(test_full_excerpt_and_hotness),
      cmocka_unit_test(test_full_tabs_and_multibyte),
      cmocka_unit_test(test_full_multiline_span_marks_first_line),
      cmocka_unit_test(test_full_line_numbers_widen_gutter),
      cmocka_unit_test(test_full_control_characters_are_visible),
      cmocka_unit_test(test_full_related_note),
      cmocka_unit_test(test_full_color_only_when_asked),
      cmocka_unit_test(test_concise),
      cmocka_unit_test(test_json_exact),
      cmocka_unit_test(test_json_empty_is_an_empty_array),
      cmocka_unit_test(test_json_awkward_strings_stay_valid),
      cmocka_unit_test(test_statistics_sorted_and_aligned),
      cmocka_unit_test(test_statistics_json_and_empty),
      cmocka_unit_test(test_summary_lines),
      cmocka_unit_test(test_output_format_names),
  };
  return cmocka_run_group_tests(tests, NULL, NULL);
}
