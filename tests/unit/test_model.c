/* Unit tests for src/model/model.c, the parts that stand alone: name sets
 * (add/find keyed by content, not pointer; 10 000 names across many growths;
 * absent names; values kept across growth; prefixes of one another; the
 * empty name; load factor) and hl_is_builtin_name (every entry of the
 * builtin list is found, so the list is sorted for bsearch; keywords that
 * the list holds; non-builtins, the empty name and over-long names). */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>

#include <cmocka.h>

#include "base/arena.h"
#include "model/model.h"

#include <stdio.h>
#include <string.h>

#define COUNT_OF(array) (sizeof(array) / sizeof *(array))

static hl_name_entry *add_text(hl_name_set *set, hl_arena *arena,
                               const char *name) {
  return hl_name_set_add(set, arena, name, (uint32_t)strlen(name));
}

static hl_name_entry *find_text(const hl_name_set *set, const char *name) {
  return hl_name_set_find(set, name, (uint32_t)strlen(name));
}

static bool is_builtin(const char *name) {
  return hl_is_builtin_name(name, (uint32_t)strlen(name));
}

/* The set's invariants: capacity a power of two, at most 3/4 full. */
static void assert_set_shape(const hl_name_set *set) {
  assert_true(set->capacity > 0);
  assert_int_equal(set->capacity & (set->capacity - 1), 0);
  assert_true((uint64_t)set->count * 4 <= (uint64_t)set->capacity * 3);
}

/* ---- Name sets -----------------------------------------------------------
 */

static void test_name_set_empty(void **state) {
  (void)state;
  hl_name_set set = {0};
  assert_null(find_text(&set, "x"));
  assert_null(hl_name_set_find(&set, "", 0));
  assert_int_equal(set.count, 0);
}

static void test_name_set_add_and_find(void **state) {
  (void)state;
  hl_arena arena = {0};
  hl_name_set set = {0};
  const char *name = "counter";
  hl_name_entry *entry = add_text(&set, &arena, name);
  assert_non_null(entry);
  assert_ptr_equal(entry->name, name); /* the key is not copied */
  assert_int_equal(entry->length, 7);
  assert_int_equal(entry->value, 0);
  assert_int_equal(set.count, 1);
  entry->value = 5;

  /* Found by content through a different pointer. */
  char other[] = "counter";
  hl_name_entry *found = find_text(&set, other);
  assert_ptr_equal(found, entry);
  assert_int_equal(found->value, 5);

  /* Adding it again returns the same entry, value untouched. */
  hl_name_entry *again = add_text(&set, &arena, other);
  assert_ptr_equal(again, entry);
  assert_int_equal(again->value, 5);
  assert_ptr_equal(again->name, name);
  assert_int_equal(set.count, 1);

  assert_null(find_text(&set, "Counter"));
  assert_null(find_text(&set, "counters"));
  assert_null(find_text(&set, "counte"));
  assert_set_shape(&set);
  hl_arena_free(&arena);
}

static void test_name_set_prefixes(void **state) {
  (void)state;
  hl_arena arena = {0};
  hl_name_set set = {0};
  add_text(&set, &arena, "a")->value = 1;
  add_text(&set, &arena, "ab")->value = 2;
  add_text(&set, &arena, "abc")->value = 3;
  assert_int_equal(set.count, 3);

  assert_int_equal(find_text(&set, "a")->value, 1);
  assert_int_equal(find_text(&set, "ab")->value, 2);
  assert_int_equal(find_text(&set, "abc")->value, 3);
  assert_null(find_text(&set, "abcd"));
  assert_null(find_text(&set, "b"));
  assert_null(find_text(&set, "bc"));

  /* Lookups use the length, not a NUL: prefixes of one buffer. */
  const char *text = "abcdef";
  assert_int_equal(hl_name_set_find(&set, text, 1)->value, 1);
  assert_int_equal(hl_name_set_find(&set, text, 2)->value, 2);
  assert_int_equal(hl_name_set_find(&set, text, 3)->value, 3);
  assert_null(hl_name_set_find(&set, text, 4));

  /* Keys added as slices of one buffer stay distinct. */
  hl_name_set slices = {0};
  hl_name_set_add(&slices, &arena, text, 4)->value = 40;
  hl_name_set_add(&slices, &arena, text, 5)->value = 50;
  assert_int_equal(slices.count, 2);
  assert_int_equal(find_text(&slices, "abcd")->value, 40);
  assert_int_equal(find_text(&slices, "abcde")->value, 50);
  assert_null(find_text(&slices, "abcdef"));
  hl_arena_free(&arena);
}

static void test_name_set_empty_name(void **state) {
  (void)state;
  hl_arena arena = {0};
  hl_name_set set = {0};
  const char *empty = "";
  hl_name_entry *entry = hl_name_set_add(&set, &arena, empty, 0);
  assert_non_null(entry);
  assert_int_equal(entry->length, 0);
  entry->value = 77;
  assert_int_equal(set.count, 1);

  /* Any pointer with length 0 is the same (empty) name. */
  hl_name_entry *found = hl_name_set_find(&set, "xyz", 0);
  assert_ptr_equal(found, entry);
  assert_int_equal(found->value, 77);
  assert_ptr_equal(hl_name_set_add(&set, &arena, "q", 0), entry);
  assert_int_equal(set.count, 1);

  /* And it is distinct from one-character names. */
  assert_null(find_text(&set, "x"));
  add_text(&set, &arena, "x")->value = 1;
  assert_int_equal(set.count, 2);
  assert_int_equal(hl_name_set_find(&set, "", 0)->value, 77);
  assert_int_equal(find_text(&set, "x")->value, 1);
  hl_arena_free(&arena);
}

static void test_name_set_values_survive_growth(void **state) {
  (void)state;
  hl_arena arena = {0};
  hl_name_set set = {0};
  add_text(&set, &arena, "alpha")->value = 42;
  add_text(&set, &arena, "beta")->value = 7;
  uint32_t first_capacity = set.capacity;

  static char names[2000][8];
  for (int i = 0; i < 2000; i++) {
    snprintf(names[i], sizeof names[i], "v%d", i);
    hl_name_entry *entry = add_text(&set, &arena, names[i]);
    entry->value = (uint32_t)i * 10u + 1u;
  }
  assert_true(set.capacity > first_capacity); /* it did grow, many times */
  assert_int_equal(set.count, 2002);
  assert_set_shape(&set);

  assert_int_equal(find_text(&set, "alpha")->value, 42);
  assert_int_equal(find_text(&set, "beta")->value, 7);
  for (int i = 0; i < 2000; i++) {
    hl_name_entry *entry = find_text(&set, names[i]);
    assert_non_null(entry);
    assert_ptr_equal(entry->name, names[i]);
    assert_int_equal(entry->value, (uint32_t)i * 10u + 1u);
  }
  hl_arena_free(&arena);
}

static void test_name_set_ten_thousand(void **state) {
  (void)state;
  enum { COUNT = 10000, WIDTH = 12 };
  hl_arena arena = {0};
  hl_name_set set = {0};
  /* All names in one buffer, not NUL-separated: keys are (pointer, length),
   * of different lengths (1..5 digits after the letter). */
  static char buffer[COUNT * WIDTH];
  uint32_t lengths[COUNT];
  for (int i = 0; i < COUNT; i++) {
    char *at = buffer + (size_t)i * WIDTH;
    int n = snprintf(at, WIDTH, "n%d", i);
    lengths[i] = (uint32_t)n;
    at[n] = '#'; /* overwrite the NUL: the length alone bounds the key */
  }
  for (int i = 0; i < COUNT; i++) {
    hl_name_entry *entry =
        hl_name_set_add(&set, &arena, buffer + (size_t)i * WIDTH, lengths[i]);
    assert_int_equal(entry->value, 0); /* new */
    entry->value = (uint32_t)i + 1u;
    assert_int_equal(set.count, (uint32_t)i + 1u);
  }
  assert_int_equal(set.count, COUNT);
  assert_set_shape(&set);

  for (int i = 0; i < COUNT; i++) {
    char key[WIDTH];
    int n = snprintf(key, sizeof key, "n%d", i);
    hl_name_entry *entry = hl_name_set_find(&set, key, (uint32_t)n);
    assert_non_null(entry);
    assert_ptr_equal(entry->name, buffer + (size_t)i * WIDTH);
    assert_int_equal(entry->length, (uint32_t)n);
    assert_int_equal(entry->value, (uint32_t)i + 1u);
  }

  /* Absent names: other prefixes, out of range numbers, near misses. */
  for (int i = 0; i < COUNT; i++) {
    char key[WIDTH + 4];
    int n = snprintf(key, sizeof key, "m%d", i);
    assert_null(hl_name_set_find(&set, key, (uint32_t)n));
    n = snprintf(key, sizeof key, "n%d", COUNT + i);
    assert_null(hl_name_set_find(&set, key, (uint32_t)n));
    n = snprintf(key, sizeof key, "n%d#", i);
    assert_null(hl_name_set_find(&set, key, (uint32_t)n));
  }
  assert_null(hl_name_set_find(&set, "n", 1));
  assert_null(hl_name_set_find(&set, "", 0));

  /* Re-adding every name adds nothing. */
  for (int i = 0; i < COUNT; i++) {
    char key[WIDTH];
    int n = snprintf(key, sizeof key, "n%d", i);
    hl_name_entry *entry = hl_name_set_add(&set, &arena, key, (uint32_t)n);
    assert_int_equal(entry->value, (uint32_t)i + 1u);
  }
  assert_int_equal(set.count, COUNT);
  hl_arena_free(&arena);
}

static void test_name_set_independent_sets(void **state) {
  (void)state;
  hl_arena arena = {0};
  hl_name_set a = {0};
  hl_name_set b = {0};
  add_text(&a, &arena, "shared")->value = 1;
  add_text(&b, &arena, "shared")->value = 2;
  add_text(&b, &arena, "only_b");
  assert_int_equal(find_text(&a, "shared")->value, 1);
  assert_int_equal(find_text(&b, "shared")->value, 2);
  assert_null(find_text(&a, "only_b"));
  assert_non_null(find_text(&b, "only_b"));
  hl_arena_free(&arena);
}

/* ---- Builtins ------------------------------------------------------------
 */


static void test_builtin_common_names(void **state) {
  (void)state;
  assert_true(is_builtin("print"));
  assert_true(is_builtin("len"));
  assert_true(is_builtin("int"));
  assert_true(is_builtin("abs"));
  assert_true(is_builtin("isinstance"));
  assert_true(is_builtin("range"));
  assert_true(is_builtin("ValueError"));
  assert_true(is_builtin("Exception"));
  /* First and last of the list, and the dunders between upper and lower
   * case in strcmp order. */
  assert_true(is_builtin("ArithmeticError"));
  assert_true(is_builtin("zip"));
  assert_true(is_builtin("__import__"));
}

static void test_builtin_keywords_in_list(void **state) {
  (void)state;
  /* True, False and None are keywords in Python 3, but the list holds them
   * (they are also attributes of the builtins module), so they count. */
  assert_true(is_builtin("True"));
  assert_true(is_builtin("False"));
  assert_true(is_builtin("None"));
  /* Other keywords are not in the list. */
  assert_false(is_builtin("for"));
  assert_false(is_builtin("lambda"));
  assert_false(is_builtin("await"));
}

/* The table is searched with bsearch: it must stay strictly sorted, and
 * every entry must be found through the public lookup. */
static void test_builtin_every_entry(void **state) {
  (void)state;
  size_t count;
  const char *const *names = hl_builtin_names(&count);
  assert_true(count >= 150);
  for (size_t i = 0; i < count; i++) {
    if (i > 0 && strcmp(names[i - 1], names[i]) >= 0)
      fail_msg("builtin table not sorted at %s, %s", names[i - 1], names[i]);
    if (!is_builtin(names[i]))
      fail_msg("builtin not found: %s", names[i]);
  }
}

static void test_builtin_negatives(void **state) {
  (void)state;
  assert_false(is_builtin("foo"));
  assert_false(is_builtin("self"));
  assert_false(is_builtin("cls"));
  assert_false(is_builtin("math"));
  assert_false(is_builtin("Print")); /* case matters */
  assert_false(is_builtin("LEN"));
  assert_false(is_builtin("lens"));
  assert_false(is_builtin("le"));
  assert_false(is_builtin("printf"));
  assert_false(is_builtin("_"));
  assert_false(is_builtin("__init__"));
  assert_false(is_builtin("A"));    /* before the first entry */
  assert_false(is_builtin("zzz"));  /* after the last */
  assert_false(is_builtin("aaaa")); /* between entries */
  assert_false(hl_is_builtin_name("", 0));
  assert_false(hl_is_builtin_name("len", 0)); /* empty, whatever the text */
}

static void test_builtin_uses_length(void **state) {
  (void)state;
  /* The name is (pointer, length), not NUL-terminated. */
  assert_true(hl_is_builtin_name("lenient", 3));  /* "len" */
  assert_true(hl_is_builtin_name("sum(xs)", 3));  /* "sum" */
  assert_false(hl_is_builtin_name("lenient", 2)); /* "le" */
  assert_false(hl_is_builtin_name("lenient", 4)); /* "leni" */
  assert_true(hl_is_builtin_name("print  ", 5));  /* "print" */
  assert_false(hl_is_builtin_name("print  ", 6)); /* "print " */
}

static void test_builtin_long_names(void **state) {
  (void)state;
  char name[101];
  memset(name, 'a', 100);
  name[100] = '\0';
  assert_false(hl_is_builtin_name(name, 100));
  /* A long name whose first bytes are a builtin. */
  memcpy(name, "len", 3);
  assert_false(hl_is_builtin_name(name, 100));
  /* Lengths around the internal 64-byte buffer. */
  assert_false(hl_is_builtin_name(name, 63));
  assert_false(hl_is_builtin_name(name, 64));
  assert_false(hl_is_builtin_name(name, 65));
  assert_true(hl_is_builtin_name(name, 3));
}

int main(void) {
  const struct CMUnitTest tests[] = {
      cmocka_unit_test(test_name_set_empty),
      cmocka_unit_test(test_name_set_add_and_find),
      cmocka_unit_test(test_name_set_prefixes),
      cmocka_unit_test(test_name_set_empty_name),
      cmocka_unit_test(test_name_set_values_survive_growth),
      cmocka_unit_test(test_name_set_ten_thousand),
      cmocka_unit_test(test_name_set_independent_sets),
      cmocka_unit_test(test_builtin_common_names),
      cmocka_unit_test(test_builtin_keywords_in_list),
      cmocka_unit_test(test_builtin_every_entry),
      cmocka_unit_test(test_builtin_negatives),
      cmocka_unit_test(test_builtin_uses_length),
      cmocka_unit_test(test_builtin_long_names),
  };
  return cmocka_run_group_tests(tests, NULL, NULL);
}
