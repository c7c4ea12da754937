/* Growable arrays: one macro family instead of realloc by hand.
 *
 *   HL_ARRAY(int) numbers = {0};
 *   hl_array_push(&numbers, 42);
 *   hl_array_free(&numbers);
 *
 * The array owns its items buffer; hl_array_free releases it (not what the
 * items point to). Pointers into items are invalidated by any push. */
#ifndef HOTLINT_BASE_ARRAY_H
#define HOTLINT_BASE_ARRAY_H

#include "base/alloc.h"

#include <stddef.h>
#include <string.h>

#define HL_ARRAY(type)                                                         \
  struct {                                                                     \
    type *items;                                                               \
    size_t count;                                                              \
    size_t capacity;                                                           \
  }

/* Makes room for at least `need` items in total. */
#define hl_array_reserve(array, need)                                          \
  do {                                                                         \
    if ((need) > (array)->capacity) {                                          \
      size_t grown_ = (array)->capacity ? (array)->capacity * 2 : 8;           \
      if (grown_ < (need))                                                     \
        grown_ = (need);                                                       \
      (array)->items =                                                         \
          hl_realloc((array)->items, grown_ * sizeof(*(array)->items));        \
      (array)->capacity = grown_;                                              \
    }                                                                          \
  } while (0)

#define hl_array_push(array, value)                                            \
  do {                                                                         \
    hl_array_reserve((array), (array)->count + 1);                             \
    (array)->items[(array)->count++] = (value);                                \
  } while (0)

#define hl_array_last(array) ((array)->items[(array)->count - 1])
#define hl_array_pop(array) ((array)->items[--(array)->count])
#define hl_array_clear(array) ((array)->count = 0)

#define hl_array_free(array)                                                   \
  do {                                                                         \
    hl_free((array)->items);                                                   \
    (array)->items = NULL;                                                     \
    (array)->count = (array)->capacity = 0;                                    \
  } while (0)

#endif
