/* Unit tests for src/base/units.c: sizes ("10MB", "512 KiB", bytes) and
 * durations ("10s", "250ms", seconds) as people write them, the values
 * refused, and sizes written back for messages. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>

#include <cmocka.h>

#include "base/units.h"

static uint64_t size_of(const char *text) {
  uint64_t bytes = 12345;
  if (!hl_parse_size(text, &bytes))
    fail_msg("'%s' refused", text);
  return bytes;
}

static void test_sizes(void **state) {
  (void)state;
  assert_int_equal(size_of("0"), 0);
  assert_int_equal(size_of("2000000"), 2000000);
  assert_int_equal(size_of("10MB"), 10000000);
  assert_int_equal(size_of("10 mb"), 10000000);
  assert_int_equal(size_of("512KiB"), 524288);
  assert_int_equal(size_of("1GiB"), UINT64_C(1073741824));
  assert_int_equal(size_of("3 GB"), UINT64_C(3000000000));
  assert_int_equal(size_of("  7B  "), 7);
  assert_int_equal(size_of("18446744073709551615"), UINT64_MAX);
}

static void test_bad_sizes(void **state) {
  (void)state;
  static const char *const bad[] = {
      "",
      "MB",
      "-1",
      "1.5MB",
      "10XB",
      "10 MB x",
      "10M",
      "0x10",
      "18446744073709551616",
      "20000000000GB",
      "10 MiBs",
  };
  for (size_t i = 0; i < sizeof bad / sizeof bad[0]; i++) {
    uint64_t bytes = 99;
    if (hl_parse_size(bad[i], &bytes))
      fail_msg("'%s' accepted as %llu", bad[i], (unsigned long long)bytes);
    assert_int_equal(bytes, 99); /* untouched */
  }
}

static unsigned duration_of(const char *text) {
  unsigned ms = 12345;
  if (!hl_parse_duration_ms(text, &ms))
    fail_msg("'%s' refused", text);
  return ms;
}

static void test_durations(void **state) {
  (void)state;
  assert_int_equal(duration_of("10"), 10000);
  assert_int_equal(duration_of("10s"), 10000);
  assert_int_equal(duration_of("2.5"), 2500);
  assert_int_equal(duration_of("250ms"), 250);
  assert_int_equal(duration_of("250 MS"), 250);
  assert_int_equal(duration_of("0"), 0);
  assert_int_equal(duration_of("0ms"), 0);
  assert_int_equal(duration_of("0.0001"), 1); /* rounded up, never to 0 */
  assert_int_equal(duration_of("0.5ms"), 1);
  assert_int_equal(duration_of("86400s"), 86400000);
}

static void test_bad_durations(void **state) {
  (void)state;
  static const char *const bad[] = {
      "",     "s",      "-1",     "1.",  ".5",
      "5min", "10 s s", "86401s", "1e3", "99999999999999999999",
  };
  for (size_t i = 0; i < sizeof bad / sizeof bad[0]; i++) {
    unsigned ms = 99;
    if (hl_parse_duration_ms(bad[i], &ms))
      fail_msg("'%s' accepted as %u ms", bad[i], ms);
    assert_int_equal(ms, 99);
  }
}

static void test_format_size(void **state) {
  (void)state;
  char out[32];
  assert_string_equal(hl_format_size(0, out, sizeof out), "0 B");
  assert_string_equal(hl_format_size(999, out, sizeof out), "999 B");
  assert_string_equal(hl_format_size(1000, out, sizeof out), "1 KB");
  assert_string_equal(hl_format_size(2500, out, sizeof out), "2.5 KB");
  assert_string_equal(hl_format_size(350694, out, sizeof out), "351 KB");
  assert_string_equal(hl_format_size(10000000, out, sizeof out), "10 MB");
  assert_string_equal(hl_format_size(52428800, out, sizeof out), "52.4 MB");
  assert_string_equal(hl_format_size(1500000, out, sizeof out), "1.5 MB");
}

int main(void) {
  const struct CMUnitTest tests[] = {
      cmocka_unit_test(test_sizes),       cmocka_unit_test(test_bad_sizes),
      cmocka_unit_test(test_durations),   cmocka_unit_test(test_bad_durations),
      cmocka_unit_test(test_format_size),
  };
  return cmocka_run_group_tests(tests, NULL, NULL);
}
