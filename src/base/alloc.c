/* Allocation wrappers: abort on exhaustion so no caller has to check. */
#include "base/alloc.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

static void *checked(void *ptr, size_t size) {
  if (!ptr && size) {
    fprintf(stderr, "hotlint: out of memory (%zu bytes)\n", size);
    abort();
  }
  return ptr;
}

void *hl_malloc(size_t size) {
  return checked(malloc(size ? size : 1), size);
}

void *hl_calloc(size_t count, size_t size) {
  if (size && count > (size_t)-1 / size) {
    fprintf(stderr, "hotlint: allocation size overflow\n");
    abort();
  }
  return checked(calloc(count ? count : 1, size ? size : 1), count * size);
}

void *hl_realloc(void *ptr, size_t size) {
  return checked(realloc(ptr, size ? size : 1), size);
}

char *hl_strndup(const char *s, size_t len) {
  char *copy = hl_malloc(len + 1);
  if (len)
    memcpy(copy, s, len);
  copy[len] = '\0';
  return copy;
}

char *hl_strdup(const char *s) {
  return hl_strndup(s, strlen(s));
}

void hl_free(void *ptr) {
  free(ptr);
}
