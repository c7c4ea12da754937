/* Unit tests for the result cache: the 128-bit hash (published MurmurHash3
 * x64_128 vectors, incremental feeding), the result codec (every field
 * survives, every truncation and corruption is refused, never crashes),
 * and the cache directory (store/load, a corrupt or foreign entry is a
 * miss and is rewritten, pruning removes the oldest entries). */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>

#include <cmocka.h>

#include "base/hash.h"
#include "cache/cache.h"
#include "hotlint/hotlint.h"

#include <dirent.h>
#include <fcntl.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <time.h>
#include <unistd.h>

/* ---- Hash --------------------------------------------------------------- */

static void test_hash_vectors(void **state) {
  (void)state;
  hl_hash128 empty = hl_hash_bytes("", 0, 0);
  assert_true(empty.low == 0 && empty.high == 0);
  const char *fox = "The quick brown fox jumps over the lazy dog";
  hl_hash128 h = hl_hash_bytes(fox, strlen(fox), 0);
  assert_true(h.low == UINT64_C(0xe34bbc7bbc071b6c));
  assert_true(h.high == UINT64_C(0x7a433ca9c49a9347));
  char hex[33];
  hl_hash128_hex(h, hex);
  assert_string_equal(hex, "7a433ca9c49a9347e34bbc7bbc071b6c");
}

static void test_hash_incremental(void **state) {
  (void)state;
  char data[100];
  for (int i = 0; i < 100; i++)
    data[i] = (char)(i * 7 + 3);
  for (size_t length = 0; length <= 100; length++) {
    hl_hash128 whole = hl_hash_bytes(data, length, 42);
    for (size_t split = 0; split <= length; split += 5) {
      hl_hasher hasher;
      hl_hasher_init(&hasher, 42);
      hl_hasher_feed(&hasher, data, split);
      hl_hasher_feed(&hasher, data + split, length - split);
      hl_hash128 pieces = hl_hasher_finish(&hasher);
      assert_true(pieces.low == whole.low && pieces.high == whole.high);
    }
  }
  /* a different byte anywhere changes it */
  hl_hash128 base = hl_hash_bytes(data, 100, 0);
  for (int i = 0; i < 100; i++) {
    data[i] ^= 1;
    hl_hash128 other = hl_hash_bytes(data, 100, 0);
    assert_false(other.low == base.low && other.high == base.high);
    data[i] ^= 1;
  }
}

/* ---- Codec -------------------------------------------------------------- */

typedef struct fixture {
  hotlint_engine *engine;
  hotlint_checker *checker;
  char dir[64];
} fixture;

static const char SOURCE[] = "import functools\n"
                             "\n"
                             "@functools.cache\n"
                             "def fib(n):\n"
                             "    return sum([i for i in range(n)])\n"
                             "\n"
                             "def kind(x):  # hotlint: hot\n"
                             "    import json\n"
                             "    return x in (\"a\", \"b\") and json\n"
                             "\n"
                             "def loop(items):\n"
                             "    out = ''\n"
                             "    for item in items:\n"
                             "        out += item\n"
                             "        kind(item)\n"
                             "    return out\n"
                             "x = (\n";

static int set_up(void **state) {
  fixture *f = calloc(1, sizeof *f);
  hotlint_error error;
  f->engine = hotlint_engine_new();
  hotlint_engine_set_docs_url(f->engine, "https://example.org/rules", &error);
  if (!hotlint_engine_load_builtin_rules(f->engine, &error) ||
      !hotlint_engine_compile(f->engine, &error))
    return -1;
  f->checker = hotlint_checker_new(f->engine);
  snprintf(f->dir, sizeof f->dir, "/tmp/hotlint-cache-XXXXXX");
  if (!mkdtemp(f->dir))
    return -1;
  *state = f;
  return 0;
}

static void remove_tree(const char *path) {
  DIR *dir = opendir(path);
  if (!dir) {
    unlink(path);
    return;
  }
  struct dirent *entry;
  while ((entry = readdir(dir))) {
    if (!strcmp(entry->d_name, ".") || !strcmp(entry->d_name, ".."))
      continue;
    char child[1024];
    snprintf(child, sizeof child, "%s/%s", path, entry->d_name);
    remove_tree(child);
  }
  closedir(dir);
  rmdir(path);
}

static int tear_down(void **state) {
  fixture *f = *state;
  hotlint_checker_delete(f->checker);
  hotlint_engine_delete(f->engine);
  remove_tree(f->dir);
  free(f);
  return 0;
}

static hotlint_result *check(fixture *f) {
  hotlint_check_options options = {0};
  hotlint_result *result =
      hotlint_check(f->checker, "app.py", SOURCE, sizeof SOURCE - 1, &options);
  assert_non_null(result);
  return result;
}

static void assert_same_position(hotlint_position a, hotlint_position b) {
  assert_int_equal(a.byte, b.byte);
  assert_int_equal(a.line, b.line);
  assert_int_equal(a.column, b.column);
  assert_int_equal(a.line_byte, b.line_byte);
}

static void assert_same_string(const char *a, const char *b) {
  if (!a || !b)
    assert_true(a == b);
  else
    assert_string_equal(a, b);
}

static void assert_same_results(const hotlint_result *a,
                                const hotlint_result *b) {
  assert_int_equal(hotlint_result_count(a), hotlint_result_count(b));
  assert_int_equal(hotlint_result_problem_count(a),
                   hotlint_result_problem_count(b));
  assert_int_equal(hotlint_result_suppressed_count(a),
                   hotlint_result_suppressed_count(b));
  for (size_t i = 0; i < hotlint_result_count(a); i++) {
    const hotlint_finding *x = hotlint_result_finding(a, i);
    const hotlint_finding *y = hotlint_result_finding(b, i);
    assert_same_string(x->code, y->code);
    assert_same_string(x->name, y->name);
    assert_same_string(x->message, y->message);
    assert_same_string(x->url, y->url);
    assert_int_equal(x->severity, y->severity);
    assert_same_position(x->start, y->start);
    assert_same_position(x->end, y->end);
    assert_int_equal(x->hotness, y->hotness);
    assert_int_equal(x->reason_count, y->reason_count);
    for (size_t r = 0; r < x->reason_count; r++)
      assert_same_string(x->reasons[r], y->reasons[r]);
    assert_int_equal(x->related_count, y->related_count);
    for (size_t r = 0; r < x->related_count; r++) {
      assert_same_string(x->related[r].message, y->related[r].message);
      assert_same_position(x->related[r].start, y->related[r].start);
      assert_same_position(x->related[r].end, y->related[r].end);
    }
    assert_int_equal(x->capture_count, y->capture_count);
    for (size_t c = 0; c < x->capture_count; c++) {
      assert_same_string(x->captures[c].name, y->captures[c].name);
      assert_same_string(x->captures[c].text, y->captures[c].text);
    }
    assert_true((x->fix == NULL) == (y->fix == NULL));
    if (x->fix) {
      assert_same_string(x->fix->message, y->fix->message);
      assert_int_equal(x->fix->applicability, y->fix->applicability);
      assert_int_equal(x->fix->edit_count, y->fix->edit_count);
      for (size_t e = 0; e < x->fix->edit_count; e++) {
        assert_same_position(x->fix->edits[e].start, y->fix->edits[e].start);
        assert_same_position(x->fix->edits[e].end, y->fix->edits[e].end);
        assert_same_string(x->fix->edits[e].content, y->fix->edits[e].content);
      }
    }
  }
  for (size_t i = 0; i < hotlint_result_problem_count(a); i++) {
    assert_same_string(hotlint_result_problem(a, i)->message,
                       hotlint_result_problem(b, i)->message);
    assert_same_position(hotlint_result_problem(a, i)->start,
                         hotlint_result_problem(b, i)->start);
  }
}

static void test_codec_round_trip(void **state) {
  fixture *f = *state;
  hotlint_result *result = check(f);
  /* the sample exercises what the codec must carry */
  bool fix = false, reasons = false, captures = false;
  for (size_t i = 0; i < hotlint_result_count(result); i++) {
    fix |= hotlint_result_finding(result, i)->fix != NULL;
    reasons |= hotlint_result_finding(result, i)->reason_count > 0;
    captures |= hotlint_result_finding(result, i)->capture_count > 0;
  }
  assert_true(hotlint_result_count(result) >= 4 && fix && reasons && captures);
  assert_true(hotlint_result_problem_count(result) >= 1);

  size_t length;
  char *bytes = hotlint_result_encode(result, &length);
  hotlint_result *decoded = hotlint_result_decode(bytes, length);
  assert_non_null(decoded);
  assert_same_results(result, decoded);
  /* encoding the decoded result gives the same bytes */
  size_t again_length;
  char *again = hotlint_result_encode(decoded, &again_length);
  assert_int_equal(again_length, length);
  assert_memory_equal(again, bytes, length);
  free(again);
  free(bytes);
  hotlint_result_delete(decoded);
  hotlint_result_delete(result);
}

static void test_codec_refuses_damage(void **state) {
  fixture *f = *state;
  hotlint_result *result = check(f);
  size_t length;
  char *bytes = hotlint_result_encode(result, &length);
  /* every strict prefix is incomplete */
  for (size_t cut = 0; cut < length; cut++)
    assert_null(hotlint_result_decode(bytes, cut));
  /* trailing bytes are not ignored */
  char *longer = malloc(length + 1);
  memcpy(longer, bytes, length);
  longer[length] = 0;
  assert_null(hotlint_result_decode(longer, length + 1));
  free(longer);
  /* flipped bytes: refused or decoded, never a crash (ASan watches) */
  srand(7);
  for (int trial = 0; trial < 2000; trial++) {
    char *copy = malloc(length);
    memcpy(copy, bytes, length);
    for (int k = 0; k < 3; k++)
      copy[(size_t)rand() % length] = (char)rand();
    hotlint_result *maybe = hotlint_result_decode(copy, length);
    hotlint_result_delete(maybe);
    free(copy);
  }
  free(bytes);
  hotlint_result_delete(result);
}

/* ---- Cache directory ------------------------------------------------------
 */

static void entry_file(const fixture *f, hl_hash128 key, char *out,
                       size_t size) {
  char hex[33];
  hl_hash128_hex(key, hex);
  snprintf(out, size, "%s/cache/%.2s/%s", f->dir, hex, hex + 2);
}

static void test_store_and_load(void **state) {
  fixture *f = *state;
  char dir[128];
  snprintf(dir, sizeof dir, "%s/cache", f->dir);
  hl_cache cache;
  hotlint_error error;
  assert_true(hl_cache_open(&cache, dir, &error));
  char tag[160];
  snprintf(tag, sizeof tag, "%s/CACHEDIR.TAG", dir);
  assert_int_equal(access(tag, F_OK), 0);

  hl_hash128 run = {1, 2};
  hl_hash128 key = hl_cache_key(run, "app.py", SOURCE, sizeof SOURCE - 1);
  assert_null(hl_cache_load(&cache, key, sizeof SOURCE - 1)); /* empty */
  hotlint_result *result = check(f);
  assert_true(hl_cache_store(&cache, key, sizeof SOURCE - 1, result));
  hotlint_result *loaded = hl_cache_load(&cache, key, sizeof SOURCE - 1);
  assert_non_null(loaded);
  assert_same_results(result, loaded);
  hotlint_result_delete(loaded);

  /* another content length under the same key is a miss */
  assert_null(hl_cache_load(&cache, key, sizeof SOURCE));
  /* the key covers the run, the path and the content */
  hl_hash128 other_run =
      hl_cache_key((hl_hash128){1, 3}, "app.py", SOURCE, sizeof SOURCE - 1);
  hl_hash128 other_path = hl_cache_key(run, "b.py", SOURCE, sizeof SOURCE - 1);
  hl_hash128 other_text = hl_cache_key(run, "app.py", SOURCE, 10);
  assert_false(other_run.low == key.low && other_run.high == key.high);
  assert_false(other_path.low == key.low && other_path.high == key.high);
  assert_false(other_text.low == key.low && other_text.high == key.high);
  assert_null(hl_cache_load(&cache, other_run, sizeof SOURCE - 1));

  /* a corrupt entry is a miss, and storing again repairs it */
  char path[256];
  entry_file(f, key, path, sizeof path);
  FILE *file = fopen(path, "r+b");
  assert_non_null(file);
  fseek(file, -3, SEEK_END);
  fputc('#', file);
  fclose(file);
  assert_null(hl_cache_load(&cache, key, sizeof SOURCE - 1));
  assert_true(hl_cache_store(&cache, key, sizeof SOURCE - 1, result));
  loaded = hl_cache_load(&cache, key, sizeof SOURCE - 1);
  assert_non_null(loaded);
  hotlint_result_delete(loaded);
  /* a truncated one too */
  assert_int_equal(truncate(path, 30), 0);
  assert_null(hl_cache_load(&cache, key, sizeof SOURCE - 1));

  hotlint_result_delete(result);
  hl_cache_close(&cache);
}

static void test_prune_oldest_first(void **state) {
  fixture *f = *state;
  char dir[128];
  snprintf(dir, sizeof dir, "%s/cache", f->dir);
  hl_cache cache;
  hotlint_error error;
  assert_true(hl_cache_open(&cache, dir, &error));
  hotlint_result *result = check(f);
  hl_hash128 keys[8];
  for (int i = 0; i < 8; i++) {
    keys[i] = hl_cache_key((hl_hash128){(uint64_t)i, 0}, "app.py", SOURCE,
                           sizeof SOURCE - 1);
    assert_true(hl_cache_store(&cache, keys[i], sizeof SOURCE - 1, result));
    /* ages one second apart, the first the oldest */
    char path[256];
    entry_file(f, keys[i], path, sizeof path);
    struct timespec times[2] = {{1000000 + i, 0}, {1000000 + i, 0}};
    assert_int_equal(utimensat(AT_FDCWD, path, times, 0), 0);
  }
  uint64_t total = hl_cache_size(&cache);
  uint64_t one = total / 8;
  assert_true(one > 0 && total == one * 8);
  /* a hit makes the first entry the newest */
  hotlint_result *hit = hl_cache_load(&cache, keys[0], sizeof SOURCE - 1);
  assert_non_null(hit);
  hotlint_result_delete(hit);
  hl_cache_prune(&cache, one * 3);
  assert_int_equal(hl_cache_size(&cache), one * 3);
  for (int i = 0; i < 8; i++) {
    hotlint_result *maybe = hl_cache_load(&cache, keys[i], sizeof SOURCE - 1);
    bool kept = i == 0 || i >= 6;
    assert_true((maybe != NULL) == kept);
    hotlint_result_delete(maybe);
  }
  hotlint_result_delete(result);
  hl_cache_close(&cache);
}

int main(void) {
  const struct CMUnitTest tests[] = {
      cmocka_unit_test(test_hash_vectors),
      cmocka_unit_test(test_hash_incremental),
      cmocka_unit_test_setup_teardown(test_codec_round_trip, set_up, tear_down),
      cmocka_unit_test_setup_teardown(test_codec_refuses_damage, set_up,
                                      tear_down),
      cmocka_unit_test_setup_teardown(test_store_and_load, set_up, tear_down),
      cmocka_unit_test_setup_teardown(test_prune_oldest_first, set_up,
                                      tear_down),
  };
  return cmocka_run_group_tests(tests, NULL, NULL);
}
