/* The result cache (`check` without --no-cache), like ruff's: one entry
 * per checked file in `.hotlint_cache/` (or $HOTLINT_CACHE_DIR), keyed by
 * a hash of the run's key (hotlint build, rule set, options, target
 * version), the file's path and its content. An entry holds the encoded
 * result (hotlint_result_encode) under a header that repeats the key and
 * the content length and carries a hash of the payload: a truncated,
 * corrupt or foreign entry is a miss, never trusted, and is overwritten.
 * Entries are written to a temporary file and renamed into place, so
 * concurrent runs only ever see whole entries. Pruned by size, oldest
 * first (a hit refreshes an entry's time).
 *
 * Owns the directory path; no global state. Safe to use from several
 * threads at once (every call works on its own files). */
#ifndef HOTLINT_CACHE_CACHE_H
#define HOTLINT_CACHE_CACHE_H

#include "base/hash.h"
#include "hotlint/hotlint.h"

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

typedef struct hl_cache {
  char *dir;
} hl_cache;

/* Creates `dir` if needed (with a CACHEDIR.TAG and a .gitignore that
 * ignores everything, as ruff does). False with error when it cannot. */
bool hl_cache_open(hl_cache *cache, const char *dir, hotlint_error *error);
void hl_cache_close(hl_cache *cache);

/* The key of one file's entry. */
hl_hash128 hl_cache_key(hl_hash128 run_key, const char *path,
                        const char *content, size_t length);

/* The cached result for `key` (a file of `content_length` bytes), or NULL
 * on a miss (absent, unreadable, corrupt, or another key). */
hotlint_result *hl_cache_load(const hl_cache *cache, hl_hash128 key,
                              size_t content_length);

/* Stores `result` under `key`; false if it could not be written (the run
 * goes on without it). */
bool hl_cache_store(const hl_cache *cache, hl_hash128 key,
                    size_t content_length, const hotlint_result *result);

/* Any payload under `key`, for other caches that share the directory and
 * its guarantees (the benchmark results): `tag` is checked like the
 * content length of a result entry. load returns a NUL-terminated copy
 * (free with hl_free) and its length, or NULL on a miss. */
char *hl_cache_load_bytes(const hl_cache *cache, hl_hash128 key, uint64_t tag,
                          size_t *length);
bool hl_cache_store_bytes(const hl_cache *cache, hl_hash128 key, uint64_t tag,
                          const char *payload, size_t length);

/* Deletes the oldest entries until the entries take at most max_bytes. */
void hl_cache_prune(const hl_cache *cache, uint64_t max_bytes);

/* Bytes taken by the entries (for tests and pruning). */
uint64_t hl_cache_size(const hl_cache *cache);

#endif
