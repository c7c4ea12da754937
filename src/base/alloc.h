/* Allocation: the one place hotlint asks the system for memory.
 * Allocation failure is not recoverable for a linter; these wrappers abort
 * with a message instead of returning NULL, so callers never check. */
#ifndef HOTLINT_BASE_ALLOC_H
#define HOTLINT_BASE_ALLOC_H

#include <stddef.h>

/* Returns a new block the caller frees with hl_free. Never NULL. */
void *hl_malloc(size_t size);
/* Returns a zeroed block of count * size bytes (overflow-checked). Never NULL.
 */
void *hl_calloc(size_t count, size_t size);
/* Resizes ptr (may be NULL); the old pointer becomes invalid. Never NULL. */
void *hl_realloc(void *ptr, size_t size);
/* Returns a NUL-terminated copy of the first len bytes of s. */
char *hl_strndup(const char *s, size_t len);
/* Returns a NUL-terminated copy of s. */
char *hl_strdup(const char *s);
void hl_free(void *ptr);

#endif
