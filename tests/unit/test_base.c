/* Unit tests for src/base: arenas (every allocation aligned to max_align_t,
 * allocations bigger than a block, zeroing, strndup, reuse of the same memory
 * after reset, many small allocations that stay intact), string buffers
 * (append/puts/putc/printf across growth, formatted output longer than the
 * first 64-byte capacity, clear, detach handing over ownership, "" for an
 * empty buffer), HL_ARRAY (push/pop/last/clear/free, reserve, 100 000
 * pushes) and the allocation wrappers (strndup/strdup copy exactly). */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>

#include <cmocka.h>

#include "base/alloc.h"
#include "base/arena.h"
#include "base/array.h"
#include "base/strbuf.h"

#include <stdalign.h>
#include <stdio.h>
#include <string.h>

#define COUNT_OF(array) (sizeof(array) / sizeof *(array))

/* The arena's block payload (ARENA_BLOCK_SIZE in arena.c); only used to pick
 * sizes that are certainly bigger than one block. */
enum { BLOCK_BYTES = 64 * 1024 };

static void assert_aligned(const void *ptr) {
  assert_non_null(ptr);
  assert_int_equal((uintptr_t)ptr % alignof(max_align_t), 0);
}

/* Fills size bytes with a pattern derived from seed, or checks it. */
static void fill(void *ptr, size_t size, unsigned seed) {
  unsigned char *bytes = ptr;
  for (size_t i = 0; i < size; i++)
    bytes[i] = (unsigned char)(seed * 31u + i);
}

static void assert_filled(const void *ptr, size_t size, unsigned seed) {
  const unsigned char *bytes = ptr;
  for (size_t i = 0; i < size; i++)
    assert_int_equal(bytes[i], (unsigned char)(seed * 31u + i));
}

/* ---- Arena ---------------------------------------------------------------
 */

static void test_arena_every_allocation_aligned(void **state) {
  (void)state;
  hl_arena arena = {0};
  void *pointers[300];
  size_t sizes[300];
  /* Odd sizes 0..299 one after the other: each must start aligned, even
   * right after a 1- or 3-byte allocation. */
  for (size_t i = 0; i < COUNT_OF(pointers); i++) {
    sizes[i] = i;
    pointers[i] = hl_arena_alloc(&arena, i);
    assert_aligned(pointers[i]);
    fill(pointers[i], sizes[i], (unsigned)i);
  }
  /* No allocation overlapped another. */
  for (size_t i = 0; i < COUNT_OF(pointers); i++)
    assert_filled(pointers[i], sizes[i], (unsigned)i);
  /* calloc and strndup are aligned too. */
  assert_aligned(hl_arena_calloc(&arena, 3, 7));
  assert_aligned(hl_arena_strndup(&arena, "abc", 3));
  assert_aligned(hl_arena_alloc(&arena, 1));
  hl_arena_free(&arena);
}

static void test_arena_zero_size_allocations_are_distinct(void **state) {
  (void)state;
  hl_arena arena = {0};
  void *a = hl_arena_alloc(&arena, 0);
  void *b = hl_arena_alloc(&arena, 0);
  assert_aligned(a);
  assert_aligned(b);
  assert_ptr_not_equal(a, b);
  hl_arena_free(&arena);
}

static void test_arena_large_allocation(void **state) {
  (void)state;
  hl_arena arena = {0};
  char *small = hl_arena_alloc(&arena, 10);
  memcpy(small, "123456789", 10);

  /* Bigger than a block: must be usable in full (ASan checks the end). */
  const size_t big_size = 3 * BLOCK_BYTES + 5;
  unsigned char *big = hl_arena_alloc(&arena, big_size);
  assert_aligned(big);
  fill(big, big_size, 7);
  assert_int_equal(big[big_size - 1], (unsigned char)(7 * 31u + big_size - 1));

  /* Exactly one block, and a second large one. */
  unsigned char *whole = hl_arena_alloc(&arena, BLOCK_BYTES);
  assert_aligned(whole);
  fill(whole, BLOCK_BYTES, 8);
  unsigned char *big2 = hl_arena_calloc(&arena, BLOCK_BYTES + 1, 2);
  assert_aligned(big2);
  for (size_t i = 0; i < 2 * (size_t)BLOCK_BYTES + 2; i++)
    assert_int_equal(big2[i], 0);

  /* Small allocations keep working after the big ones. */
  char *after = hl_arena_strndup(&arena, "after", 5);
  assert_string_equal(after, "after");

  /* Nothing was clobbered. */
  assert_string_equal(small, "123456789");
  assert_filled(big, big_size, 7);
  assert_filled(whole, BLOCK_BYTES, 8);
  hl_arena_free(&arena);
}

static void test_arena_reset_reuses_memory(void **state) {
  (void)state;
  hl_arena arena = {0};
  unsigned char *first = hl_arena_alloc(&arena, 100);
  memset(first, 0xAB, 100);
  /* Fill several blocks and add a large one. */
  for (int i = 0; i < 1000; i++)
    hl_arena_alloc(&arena, 300);
  hl_arena_alloc(&arena, 2 * BLOCK_BYTES);

  hl_arena_reset(&arena);
  assert_null(arena.head);
  /* The first allocation after a reset lands where the very first did. */
  unsigned char *again = hl_arena_calloc(&arena, 100, 1);
  assert_ptr_equal(again, first);
  /* ... and calloc zeroed the dirty memory. */
  for (int i = 0; i < 100; i++)
    assert_int_equal(again[i], 0);

  /* Memory handed out after the reset is fully usable again. */
  for (unsigned i = 0; i < 1000; i++) {
    unsigned char *p = hl_arena_alloc(&arena, 300);
    assert_aligned(p);
    fill(p, 300, i);
  }

  /* Reset twice in a row and on an arena that never allocated: harmless. */
  hl_arena_reset(&arena);
  hl_arena_reset(&arena);
  hl_arena empty = {0};
  hl_arena_reset(&empty);
  hl_arena_free(&empty);
  assert_null(empty.head);
  assert_null(empty.spare);

  hl_arena_free(&arena);
  assert_null(arena.head);
  assert_null(arena.spare);
  /* A freed arena can be used again. */
  assert_aligned(hl_arena_alloc(&arena, 8));
  hl_arena_free(&arena);
}

static void test_arena_many_small_allocations(void **state) {
  (void)state;
  hl_arena arena = {0};
  enum { COUNT = 100000 };
  uint32_t **items = hl_malloc(COUNT * sizeof *items);
  for (uint32_t i = 0; i < COUNT; i++) {
    /* 1..3 words each, so sizes vary inside a block. */
    size_t words = 1 + i % 3;
    items[i] = hl_arena_alloc(&arena, words * sizeof(uint32_t));
    assert_aligned(items[i]);
    for (size_t w = 0; w < words; w++)
      items[i][w] = i * 3 + (uint32_t)w;
  }
  for (uint32_t i = 0; i < COUNT; i++) {
    size_t words = 1 + i % 3;
    for (size_t w = 0; w < words; w++)
      assert_int_equal(items[i][w], i * 3 + (uint32_t)w);
  }
  hl_free(items);
  hl_arena_free(&arena);
}

static void test_arena_calloc_zeroes(void **state) {
  (void)state;
  hl_arena arena = {0};
  /* Dirty a block, reset, and calloc over the same bytes. */
  unsigned char *dirty = hl_arena_alloc(&arena, 4096);
  memset(dirty, 0xFF, 4096);
  hl_arena_reset(&arena);
  uint64_t *numbers = hl_arena_calloc(&arena, 512, sizeof(uint64_t));
  assert_ptr_equal(numbers, dirty);
  for (int i = 0; i < 512; i++)
    assert_int_equal(numbers[i], 0);
  /* Zero count or zero size: a valid, aligned pointer. */
  assert_aligned(hl_arena_calloc(&arena, 0, 8));
  assert_aligned(hl_arena_calloc(&arena, 8, 0));
  hl_arena_free(&arena);
}

static void test_arena_strndup(void **state) {
  (void)state;
  hl_arena arena = {0};
  const char *source = "hello, world";
  char *copy = hl_arena_strndup(&arena, source, 5);
  assert_ptr_not_equal(copy, source);
  assert_string_equal(copy, "hello");
  assert_int_equal(strlen(copy), 5);

  char *empty = hl_arena_strndup(&arena, source, 0);
  assert_string_equal(empty, "");

  /* Exactly len bytes, embedded NULs included. */
  char *binary = hl_arena_strndup(&arena, "ab\0cd", 5);
  assert_memory_equal(binary, "ab\0cd", 6);

  /* A copy longer than a block. */
  enum { LONG = 3 * BLOCK_BYTES };
  char *text = hl_malloc(LONG);
  for (size_t i = 0; i < LONG; i++)
    text[i] = (char)('a' + i % 26);
  char *long_copy = hl_arena_strndup(&arena, text, LONG);
  assert_memory_equal(long_copy, text, LONG);
  assert_int_equal(long_copy[LONG], '\0');
  hl_free(text);

  /* The copy does not follow later changes to the source. */
  char buffer[] = "mutable";
  char *snapshot = hl_arena_strndup(&arena, buffer, 7);
  buffer[0] = 'M';
  assert_string_equal(snapshot, "mutable");
  hl_arena_free(&arena);
}

/* ---- String buffers ------------------------------------------------------
 */

static void test_strbuf_empty(void **state) {
  (void)state;
  hl_strbuf buf = {0};
  assert_string_equal(hl_strbuf_cstr(&buf), "");
  assert_int_equal(buf.len, 0);
  assert_null(buf.data);
  hl_strbuf_clear(&buf); /* clearing an empty buffer is harmless */
  assert_string_equal(hl_strbuf_cstr(&buf), "");
  hl_strbuf_free(&buf);
  assert_null(buf.data);
  assert_string_equal(hl_strbuf_cstr(&buf), "");
}

static void test_strbuf_append_puts_putc(void **state) {
  (void)state;
  hl_strbuf buf = {0};
  hl_strbuf_puts(&buf, "abc");
  hl_strbuf_putc(&buf, '-');
  hl_strbuf_append(&buf, "xyz123", 3);
  hl_strbuf_append(&buf, "ignored", 0);
  hl_strbuf_puts(&buf, "");
  assert_string_equal(hl_strbuf_cstr(&buf), "abc-xyz");
  assert_int_equal(buf.len, 7);
  assert_true(buf.capacity > buf.len);

  /* Embedded NUL bytes are kept and counted. */
  hl_strbuf_append(&buf, "\0!", 2);
  assert_int_equal(buf.len, 9);
  assert_memory_equal(buf.data, "abc-xyz\0!", 10);
  hl_strbuf_free(&buf);
  assert_int_equal(buf.len, 0);
  assert_int_equal(buf.capacity, 0);
}

static void test_strbuf_splice(void **state) {
  (void)state;
  hl_strbuf buf = {0};
  hl_strbuf_splice(&buf, 0, 0, "", 0); /* empty into empty */
  assert_string_equal(hl_strbuf_cstr(&buf), "");
  hl_strbuf_puts(&buf, "hello world");
  hl_strbuf_splice(&buf, 6, 11, "there, friend", 13); /* grow */
  assert_string_equal(hl_strbuf_cstr(&buf), "hello there, friend");
  hl_strbuf_splice(&buf, 5, 12, "", 0); /* delete */
  assert_string_equal(hl_strbuf_cstr(&buf), "hello friend");
  hl_strbuf_splice(&buf, 0, 5, "bye", 3); /* shrink */
  assert_string_equal(hl_strbuf_cstr(&buf), "bye friend");
  hl_strbuf_splice(&buf, buf.len, buf.len, "!", 1); /* append */
  assert_string_equal(hl_strbuf_cstr(&buf), "bye friend!");
  assert_int_equal(buf.len, 11);
  hl_strbuf_free(&buf);
}

static void test_strbuf_growth_keeps_content(void **state) {
  (void)state;
  hl_strbuf buf = {0};
  char expected[5001];
  for (int i = 0; i < 5000; i++) {
    char c = (char)('a' + i % 26);
    hl_strbuf_putc(&buf, c);
    expected[i] = c;
    /* Always NUL-terminated and len exact, across every growth step. */
    assert_int_equal(buf.len, (size_t)i + 1);
    assert_int_equal(buf.data[buf.len], '\0');
  }
  expected[5000] = '\0';
  assert_string_equal(hl_strbuf_cstr(&buf), expected);
  hl_strbuf_free(&buf);
}

static void test_strbuf_printf_long(void **state) {
  (void)state;
  hl_strbuf buf = {0};
  char letters[201];
  memset(letters, 'x', 200);
  letters[200] = '\0';
  /* Much longer than the first capacity (64). */
  hl_strbuf_printf(&buf, "%s|%d|%05u|%.3f|%c", letters, -12345, 42u, 2.5, 'Z');
  char expected[512];
  int n = snprintf(expected, sizeof expected, "%s|%d|%05u|%.3f|%c", letters,
                   -12345, 42u, 2.5, 'Z');
  assert_int_equal(buf.len, (size_t)n);
  assert_int_equal(n, 200 + 1 + 6 + 1 + 5 + 1 + 5 + 1 + 1);
  assert_string_equal(hl_strbuf_cstr(&buf), expected);
  hl_strbuf_free(&buf);
}

static void test_strbuf_printf_appends_across_capacity(void **state) {
  (void)state;
  hl_strbuf buf = {0};
  /* 60 bytes then formatted text that crosses the 64-byte boundary. */
  for (int i = 0; i < 60; i++)
    hl_strbuf_putc(&buf, '.');
  hl_strbuf_printf(&buf, "[%d:%s]", 123456, "tail-of-the-line");
  char expected[100];
  memset(expected, '.', 60);
  strcpy(expected + 60, "[123456:tail-of-the-line]");
  assert_string_equal(hl_strbuf_cstr(&buf), expected);
  assert_int_equal(buf.len, 60 + 25);
  assert_int_equal(strlen(expected), 60 + 25);

  /* Many appends; compare with one snprintf of the same thing. */
  hl_strbuf_clear(&buf);
  char expected_long[4096];
  size_t at = 0;
  for (int i = 0; i < 100; i++) {
    hl_strbuf_printf(&buf, "%d,", i * 7);
    at += (size_t)snprintf(expected_long + at, sizeof expected_long - at, "%d,",
                           i * 7);
  }
  assert_int_equal(buf.len, at);
  assert_string_equal(hl_strbuf_cstr(&buf), expected_long);

  /* An empty format still leaves a valid, empty string. */
  hl_strbuf_free(&buf);
  hl_strbuf_printf(&buf, "%s", "");
  assert_int_equal(buf.len, 0);
  assert_string_equal(hl_strbuf_cstr(&buf), "");
  hl_strbuf_free(&buf);
}

static void vprintf_into(hl_strbuf *buf, const char *format, ...)
    __attribute__((format(printf, 2, 3)));
static void vprintf_into(hl_strbuf *buf, const char *format, ...) {
  va_list args;
  va_start(args, format);
  hl_strbuf_vprintf(buf, format, args);
  va_end(args);
}

static void test_strbuf_vprintf(void **state) {
  (void)state;
  hl_strbuf buf = {0};
  hl_strbuf_puts(&buf, "> ");
  vprintf_into(&buf, "%s=%ld;%s", "key", 9876543210L,
               "a value long enough to need the buffer to grow beyond 64 "
               "bytes of capacity");
  assert_string_equal(hl_strbuf_cstr(&buf),
                      "> key=9876543210;a value long enough to need the "
                      "buffer to grow beyond 64 bytes of capacity");
  hl_strbuf_free(&buf);
}

static void test_strbuf_clear(void **state) {
  (void)state;
  hl_strbuf buf = {0};
  hl_strbuf_puts(&buf, "some text that will be cleared");
  size_t capacity = buf.capacity;
  char *data = buf.data;
  hl_strbuf_clear(&buf);
  assert_int_equal(buf.len, 0);
  assert_string_equal(hl_strbuf_cstr(&buf), "");
  /* The memory is kept for reuse. */
  assert_int_equal(buf.capacity, capacity);
  assert_ptr_equal(buf.data, data);
  hl_strbuf_puts(&buf, "new");
  assert_string_equal(hl_strbuf_cstr(&buf), "new");
  assert_int_equal(buf.len, 3);
  hl_strbuf_free(&buf);
}

static void test_strbuf_detach(void **state) {
  (void)state;
  hl_strbuf buf = {0};
  hl_strbuf_printf(&buf, "owned %d", 7);
  char *data = buf.data;
  char *text = hl_strbuf_detach(&buf);
  /* The caller gets the buffer itself; buf is empty and reusable. */
  assert_ptr_equal(text, data);
  assert_string_equal(text, "owned 7");
  assert_null(buf.data);
  assert_int_equal(buf.len, 0);
  assert_int_equal(buf.capacity, 0);
  assert_string_equal(hl_strbuf_cstr(&buf), "");

  hl_strbuf_puts(&buf, "second");
  assert_string_equal(hl_strbuf_cstr(&buf), "second");
  assert_ptr_not_equal(buf.data, text);
  assert_string_equal(text, "owned 7"); /* untouched by later use of buf */
  hl_free(text);

  /* Detaching an empty buffer gives a freeable "". */
  hl_strbuf empty = {0};
  char *nothing = hl_strbuf_detach(&empty);
  assert_non_null(nothing);
  assert_string_equal(nothing, "");
  hl_free(nothing);

  hl_strbuf_free(&buf);
}

/* ---- Arrays --------------------------------------------------------------
 */

typedef struct point {
  int x, y;
} point;

static void test_array_push_pop_last(void **state) {
  (void)state;
  HL_ARRAY(int) numbers = {0};
  assert_int_equal(numbers.count, 0);
  assert_null(numbers.items);

  hl_array_push(&numbers, 10);
  hl_array_push(&numbers, 20);
  hl_array_push(&numbers, 30);
  assert_int_equal(numbers.count, 3);
  assert_true(numbers.capacity >= 3);
  assert_int_equal(hl_array_last(&numbers), 30);
  hl_array_last(&numbers) = 31; /* an lvalue */
  assert_int_equal(numbers.items[2], 31);

  assert_int_equal(hl_array_pop(&numbers), 31);
  assert_int_equal(hl_array_pop(&numbers), 20);
  assert_int_equal(numbers.count, 1);
  assert_int_equal(hl_array_last(&numbers), 10);
  hl_array_push(&numbers, 40);
  assert_int_equal(numbers.count, 2);
  assert_int_equal(numbers.items[0], 10);
  assert_int_equal(numbers.items[1], 40);
  assert_int_equal(hl_array_pop(&numbers), 40);
  assert_int_equal(hl_array_pop(&numbers), 10);
  assert_int_equal(numbers.count, 0);

  hl_array_free(&numbers);
  assert_null(numbers.items);
  assert_int_equal(numbers.count, 0);
  assert_int_equal(numbers.capacity, 0);
  hl_array_free(&numbers); /* freeing twice is harmless */
}

static void test_array_of_structs(void **state) {
  (void)state;
  HL_ARRAY(point) points = {0};
  for (int i = 0; i < 20; i++)
    hl_array_push(&points, ((point){i, -i}));
  assert_int_equal(points.count, 20);
  hl_array_last(&points).y = 99;
  for (int i = 0; i < 19; i++) {
    assert_int_equal(points.items[i].x, i);
    assert_int_equal(points.items[i].y, -i);
  }
  point last = hl_array_pop(&points);
  assert_int_equal(last.x, 19);
  assert_int_equal(last.y, 99);
  hl_array_free(&points);
}

static void test_array_clear_keeps_memory(void **state) {
  (void)state;
  HL_ARRAY(int) numbers = {0};
  for (int i = 0; i < 50; i++)
    hl_array_push(&numbers, i);
  int *items = numbers.items;
  size_t capacity = numbers.capacity;
  hl_array_clear(&numbers);
  assert_int_equal(numbers.count, 0);
  assert_int_equal(numbers.capacity, capacity);
  assert_ptr_equal(numbers.items, items);
  hl_array_push(&numbers, 7);
  assert_int_equal(numbers.count, 1);
  assert_int_equal(numbers.items[0], 7);
  assert_ptr_equal(numbers.items, items); /* no reallocation needed */
  hl_array_free(&numbers);
}

static void test_array_reserve(void **state) {
  (void)state;
  HL_ARRAY(int) numbers = {0};
  hl_array_reserve(&numbers, 100);
  assert_non_null(numbers.items);
  assert_true(numbers.capacity >= 100);
  assert_int_equal(numbers.count, 0);

  /* Pushing up to the reserved count never moves the items. */
  int *items = numbers.items;
  for (int i = 0; i < 100; i++)
    hl_array_push(&numbers, i * i);
  assert_ptr_equal(numbers.items, items);
  assert_int_equal(numbers.count, 100);

  /* Reserving less than the capacity changes nothing. */
  size_t capacity = numbers.capacity;
  hl_array_reserve(&numbers, 10);
  assert_int_equal(numbers.capacity, capacity);
  assert_ptr_equal(numbers.items, items);

  /* Growing keeps the contents. */
  hl_array_reserve(&numbers, 10000);
  assert_true(numbers.capacity >= 10000);
  assert_int_equal(numbers.count, 100);
  for (int i = 0; i < 100; i++)
    assert_int_equal(numbers.items[i], i * i);

  /* A reserve just past the capacity grows by at least that much. */
  size_t before = numbers.capacity;
  hl_array_reserve(&numbers, before + 1);
  assert_true(numbers.capacity >= before + 1);
  hl_array_free(&numbers);
}

static void test_array_hundred_thousand_pushes(void **state) {
  (void)state;
  enum { COUNT = 100000 };
  HL_ARRAY(uint64_t) values = {0};
  for (uint64_t i = 0; i < COUNT; i++) {
    hl_array_push(&values, i * 2654435761u);
    assert_true(values.capacity >= values.count);
  }
  assert_int_equal(values.count, COUNT);
  for (uint64_t i = 0; i < COUNT; i++)
    assert_int_equal(values.items[i], i * 2654435761u);
  assert_int_equal(hl_array_last(&values), (uint64_t)(COUNT - 1) * 2654435761u);
  /* Popping everything returns them in reverse order. */
  for (uint64_t i = COUNT; i-- > 0;)
    assert_int_equal(hl_array_pop(&values), i * 2654435761u);
  assert_int_equal(values.count, 0);
  hl_array_free(&values);
}

/* ---- Allocation wrappers ---------------------------------------------------
 */

static void test_alloc_strndup_strdup(void **state) {
  (void)state;
  const char *source = "performance";
  char *copy = hl_strndup(source, 4);
  assert_ptr_not_equal(copy, source);
  assert_string_equal(copy, "perf");
  assert_int_equal(strlen(copy), 4);
  hl_free(copy);

  char *none = hl_strndup(source, 0);
  assert_string_equal(none, "");
  hl_free(none);

  /* Exactly len bytes, even past a NUL. */
  char *binary = hl_strndup("x\0y", 3);
  assert_memory_equal(binary, "x\0y", 4);
  hl_free(binary);

  char *whole = hl_strdup(source);
  assert_ptr_not_equal(whole, source);
  assert_string_equal(whole, "performance");
  hl_free(whole);

  char *empty = hl_strdup("");
  assert_non_null(empty);
  assert_string_equal(empty, "");
  hl_free(empty);

  /* Independent of the source after the copy. */
  char buffer[] = "abc";
  char *snapshot = hl_strdup(buffer);
  buffer[1] = 'X';
  assert_string_equal(snapshot, "abc");
  hl_free(snapshot);
}

static void test_alloc_calloc_realloc(void **state) {
  (void)state;
  unsigned char *zeroed = hl_calloc(100, 3);
  for (int i = 0; i < 300; i++)
    assert_int_equal(zeroed[i], 0);
  zeroed = hl_realloc(zeroed, 10000);
  for (int i = 0; i < 300; i++)
    assert_int_equal(zeroed[i], 0); /* kept by realloc */
  memset(zeroed, 1, 10000);
  hl_free(zeroed);

  /* Zero sizes still give freeable pointers; realloc(NULL) allocates. */
  void *nothing = hl_malloc(0);
  assert_non_null(nothing);
  hl_free(nothing);
  void *fresh = hl_realloc(NULL, 16);
  assert_non_null(fresh);
  memset(fresh, 0, 16);
  hl_free(fresh);
  hl_free(NULL);
}

int main(void) {
  const struct CMUnitTest tests[] = {
      cmocka_unit_test(test_arena_every_allocation_aligned),
      cmocka_unit_test(test_arena_zero_size_allocations_are_distinct),
      cmocka_unit_test(test_arena_large_allocation),
      cmocka_unit_test(test_arena_reset_reuses_memory),
      cmocka_unit_test(test_arena_many_small_allocations),
      cmocka_unit_test(test_arena_calloc_zeroes),
      cmocka_unit_test(test_arena_strndup),
      cmocka_unit_test(test_strbuf_empty),
      cmocka_unit_test(test_strbuf_append_puts_putc),
      cmocka_unit_test(test_strbuf_splice),
      cmocka_unit_test(test_strbuf_growth_keeps_content),
      cmocka_unit_test(test_strbuf_printf_long),
      cmocka_unit_test(test_strbuf_printf_appends_across_capacity),
      cmocka_unit_test(test_strbuf_vprintf),
      cmocka_unit_test(test_strbuf_clear),
      cmocka_unit_test(test_strbuf_detach),
      cmocka_unit_test(test_array_push_pop_last),
      cmocka_unit_test(test_array_of_structs),
      cmocka_unit_test(test_array_clear_keeps_memory),
      cmocka_unit_test(test_array_reserve),
      cmocka_unit_test(test_array_hundred_thousand_pushes),
      cmocka_unit_test(test_alloc_strndup_strdup),
      cmocka_unit_test(test_alloc_calloc_realloc),
  };
  return cmocka_run_group_tests(tests, NULL, NULL);
}
