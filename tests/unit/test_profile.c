/* The --profile reader: frame formats, shares, recursion counted once per
 * stack, the 1% threshold, and malformed lines with their numbers. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>

#include <cmocka.h>

#include "model/profile.h"

#include <string.h>

static const hotlint_hot_function *find(const hl_profile *profile,
                                        const char *name) {
  for (size_t i = 0; i < profile->hot_count; i++)
    if (!strcmp(profile->hot[i].name, name))
      return &profile->hot[i];
  return NULL;
}

static void reads_frames_and_shares(void **state) {
  (void)state;
  const char *text = "# a comment line\n"
                     "main (app.py:30);parse (app.py:4);parse (app.py:4) 90\n"
                     "\n"
                     "main (app.py:30);Store.load (/srv/app.py:10) 9\r\n"
                     "lib/util.py:helper 900\n"
                     "main (app.py:30) 1";
  hl_profile profile;
  hotlint_error error;
  assert_true(
      hl_profile_parse("p.txt", text, strlen(text), 0.01, &profile, &error));
  assert_int_equal(profile.total_samples, 1000);
  assert_int_equal(profile.function_count, 4);
  const hotlint_hot_function *parse = find(&profile, "parse");
  assert_non_null(parse);
  assert_string_equal(parse->path, "app.py");
  /* recursion: the stack counts once, 90 of 1000 */
  assert_string_equal(parse->reason,
                      "9.0% of the samples in profile 'p.txt' (90 of 1000)");
  const hotlint_hot_function *helper = find(&profile, "helper");
  assert_non_null(helper);
  assert_string_equal(helper->path, "lib/util.py");
  assert_non_null(find(&profile, "main"));
  /* 9 of 1000 is under 1% */
  assert_null(find(&profile, "Store.load"));
  hl_profile_free(&profile);

  assert_true(
      hl_profile_parse("p.txt", text, strlen(text), 0.005, &profile, &error));
  const hotlint_hot_function *load = find(&profile, "Store.load");
  assert_non_null(load);
  assert_string_equal(load->path, "/srv/app.py");
  hl_profile_free(&profile);
}

static void plain_names_have_no_path(void **state) {
  (void)state;
  const char *text = "main;work 3\nmain;<module> 1\n";
  hl_profile profile;
  hotlint_error error;
  assert_true(
      hl_profile_parse("p", text, strlen(text), 0.01, &profile, &error));
  const hotlint_hot_function *work = find(&profile, "work");
  assert_non_null(work);
  assert_null(work->path);
  assert_null(find(&profile, "<module>")); /* not a def */
  hl_profile_free(&profile);
}

static void expect_malformed(const char *text, const char *expected) {
  hl_profile profile;
  hotlint_error error;
  assert_false(
      hl_profile_parse("prof.txt", text, strlen(text), 0.01, &profile, &error));
  if (!strstr(error.message, expected))
    fail_msg("'%s' lacks '%s'", error.message, expected);
  hl_profile_free(&profile);
}

static void malformed_lines_name_their_number(void **state) {
  (void)state;
  expect_malformed("a;b 1\na;b\n", "prof.txt:2: malformed profile line");
  expect_malformed("a;b 1\n\na;b x12\n", "prof.txt:3: malformed profile line");
  expect_malformed("12\n", "prof.txt:1: malformed profile line");
  expect_malformed("a 99999999999999999999999\n",
                   "prof.txt:1: sample count too large");
}

static void empty_profile_has_no_hot_function(void **state) {
  (void)state;
  hl_profile profile;
  hotlint_error error;
  assert_true(hl_profile_parse("p", "", 0, 0.01, &profile, &error));
  assert_int_equal(profile.hot_count, 0);
  assert_int_equal(profile.total_samples, 0);
  hl_profile_free(&profile);
}

int main(void) {
  const struct CMUnitTest tests[] = {
      cmocka_unit_test(reads_frames_and_shares),
      cmocka_unit_test(plain_names_have_no_path),
      cmocka_unit_test(malformed_lines_name_their_number),
      cmocka_unit_test(empty_profile_has_no_hot_function),
  };
  return cmocka_run_group_tests(tests, NULL, NULL);
}
