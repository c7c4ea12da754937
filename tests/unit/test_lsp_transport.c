/* Unit tests for the LSP framing (lsp/transport.h): messages back to
 * back, header names in any case, Content-Type; a malformed header block
 * (no colon, no Content-Length, a length that is not a number or over the
 * limit) is reported and skipped, and the next message still arrives; a
 * truncated message is the end of input; a 5 MB body arrives whole. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>

#include <cmocka.h>

#include "base/alloc.h"
#include "base/strbuf.h"
#include "lsp/transport.h"

#include <stdio.h>
#include <string.h>
#include <unistd.h>

/* A reader over `bytes` (through a temporary file). */
static FILE *feed(hl_lsp_reader *reader, const char *bytes, size_t length) {
  FILE *file = tmpfile();
  assert_non_null(file);
  assert_int_equal(fwrite(bytes, 1, length, file), length);
  fflush(file);
  rewind(file);
  hl_lsp_reader_init(reader, fileno(file));
  return file;
}

static void expect_message(hl_lsp_reader *reader, const char *body) {
  char *got;
  size_t length;
  char error[256];
  assert_int_equal(hl_lsp_read(reader, &got, &length, error, sizeof error),
                   HL_LSP_READ_MESSAGE);
  assert_int_equal(length, strlen(body));
  assert_string_equal(got, body);
  hl_free(got);
}

static void expect_bad(hl_lsp_reader *reader, const char *why) {
  char *got;
  size_t length;
  char error[256];
  assert_int_equal(hl_lsp_read(reader, &got, &length, error, sizeof error),
                   HL_LSP_READ_BAD);
  if (!strstr(error, why))
    fail_msg("error '%s' does not say '%s'", error, why);
}

static void expect_eof(hl_lsp_reader *reader) {
  char *got;
  size_t length;
  char error[256];
  assert_int_equal(hl_lsp_read(reader, &got, &length, error, sizeof error),
                   HL_LSP_READ_EOF);
}

static void test_messages_in_a_row(void **state) {
  (void)state;
  const char input[] =
      "Content-Length: 2\r\n\r\n{}"
      "content-length: 7\r\nContent-Type: application/vscode-jsonrpc; "
      "charset=utf-8\r\n\r\n[1,2,3]"
      "Content-Length:4\r\n\r\n\"\xc3\xa9\"";
  hl_lsp_reader reader;
  FILE *file = feed(&reader, input, sizeof input - 1);
  expect_message(&reader, "{}");
  expect_message(&reader, "[1,2,3]");
  expect_message(&reader, "\"\xc3\xa9\"");
  expect_eof(&reader);
  hl_lsp_reader_release(&reader);
  fclose(file);
}

static void test_bad_headers_are_skipped(void **state) {
  (void)state;
  const char input[] = "garbage without a colon\r\n\r\n"
                       "Content-Length: 2\r\n\r\n{}"
                       "Content-Type: x\r\n\r\n{\"no\": \"length\"}\r\n"
                       "Content-Length: 4\r\n\r\n[42]"
                       "Content-Length: 12x\r\n\r\nxxxxxxxxxxxx"
                       "Content-Length: 5\r\n\r\nfalse"
                       "Content-Length: 99999999999\r\n\r\n"
                       "Content-Length: 4\r\n\r\nnull";
  hl_lsp_reader reader;
  FILE *file = feed(&reader, input, sizeof input - 1);
  expect_bad(&reader, "without ':'");
  expect_message(&reader, "{}");
  expect_bad(&reader, "without Content-Length");
  expect_message(&reader, "[42]");
  expect_bad(&reader, "not a number");
  expect_message(&reader, "false");
  expect_bad(&reader, "over the limit");
  expect_message(&reader, "null");
  expect_eof(&reader);
  hl_lsp_reader_release(&reader);
  fclose(file);
}

static void test_truncated_is_eof(void **state) {
  (void)state;
  const char input[] = "Content-Length: 10\r\n\r\n{\"a\":";
  hl_lsp_reader reader;
  FILE *file = feed(&reader, input, sizeof input - 1);
  expect_eof(&reader);
  hl_lsp_reader_release(&reader);
  fclose(file);
  const char headers_only[] = "Content-Length: 10\r\n";
  file = feed(&reader, headers_only, sizeof headers_only - 1);
  expect_eof(&reader);
  hl_lsp_reader_release(&reader);
  fclose(file);
}

static void test_big_body(void **state) {
  (void)state;
  size_t size = 5u << 20;
  hl_strbuf input = {0};
  hl_strbuf_printf(&input, "Content-Length: %zu\r\n\r\n", size + 2);
  hl_strbuf_putc(&input, '"');
  for (size_t i = 0; i < size; i++)
    hl_strbuf_putc(&input, (char)('a' + i % 26));
  hl_strbuf_putc(&input, '"');
  hl_strbuf_puts(&input, "Content-Length: 2\r\n\r\n{}");
  hl_lsp_reader reader;
  FILE *file = feed(&reader, hl_strbuf_cstr(&input), input.len);
  char *got;
  size_t length;
  char error[256];
  assert_int_equal(hl_lsp_read(&reader, &got, &length, error, sizeof error),
                   HL_LSP_READ_MESSAGE);
  assert_int_equal(length, size + 2);
  assert_int_equal(got[1], 'a');
  assert_int_equal(got[size], 'a' + (size - 1) % 26);
  hl_free(got);
  expect_message(&reader, "{}");
  expect_eof(&reader);
  hl_lsp_reader_release(&reader);
  fclose(file);
  hl_strbuf_free(&input);
}

static void test_write_frames(void **state) {
  (void)state;
  FILE *file = tmpfile();
  assert_true(hl_lsp_write(file, "{\"x\":1}", 7));
  rewind(file);
  char buffer[64] = {0};
  size_t n = fread(buffer, 1, sizeof buffer - 1, file);
  assert_int_equal(n, strlen("Content-Length: 7\r\n\r\n{\"x\":1}"));
  assert_string_equal(buffer, "Content-Length: 7\r\n\r\n{\"x\":1}");
  fclose(file);
}

int main(void) {
  const struct CMUnitTest tests[] = {
      cmocka_unit_test(test_messages_in_a_row),
      cmocka_unit_test(test_bad_headers_are_skipped),
      cmocka_unit_test(test_truncated_is_eof),
      cmocka_unit_test(test_big_body),
      cmocka_unit_test(test_write_frames),
  };
  return cmocka_run_group_tests(tests, NULL, NULL);
}
