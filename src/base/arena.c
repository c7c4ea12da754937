/* Arenas: chained blocks, bump allocation, reuse after reset. */
#include "base/arena.h"

#include "base/alloc.h"

#include <stdalign.h>
#include <stdint.h>
#include <string.h>

enum { ARENA_FIRST_BLOCK_SIZE = 4 * 1024, ARENA_BLOCK_SIZE = 64 * 1024 };

struct hl_arena_block {
  hl_arena_block *next;
  size_t used;
  size_t size;
  alignas(max_align_t) unsigned char bytes[];
};

static hl_arena_block *block_new(size_t size) {
  hl_arena_block *block = hl_malloc(sizeof(*block) + size);
  block->next = NULL;
  block->used = 0;
  block->size = size;
  return block;
}

void *hl_arena_alloc(hl_arena *arena, size_t size) {
  const size_t align = alignof(max_align_t);
  if (size > SIZE_MAX - sizeof(hl_arena_block) - align)
    return hl_malloc(SIZE_MAX); /* aborts with a clear message */
  size = (size + align - 1) & ~(align - 1);
  if (!size)
    size = align;
  hl_arena_block *block = arena->head;
  if (!block || block->size - block->used < size) {
    if (arena->spare && arena->spare->size >= size) {
      block = arena->spare;
      arena->spare = block->next;
      block->used = 0;
    } else {
      size_t grown = arena->next_block_size ? arena->next_block_size
                                            : ARENA_FIRST_BLOCK_SIZE;
      if (grown < ARENA_BLOCK_SIZE)
        arena->next_block_size = grown * 2;
      block = block_new(size > grown ? size : grown);
    }
    block->next = arena->head;
    arena->head = block;
  }
  void *ptr = block->bytes + block->used;
  block->used += size;
  return ptr;
}

void *hl_arena_calloc(hl_arena *arena, size_t count, size_t size) {
  if (size && count > SIZE_MAX / size)
    return hl_calloc(SIZE_MAX, 2); /* aborts with a clear message */
  void *ptr = hl_arena_alloc(arena, count * size);
  memset(ptr, 0, count * size);
  return ptr;
}

char *hl_arena_strndup(hl_arena *arena, const char *s, size_t len) {
  char *copy = hl_arena_alloc(arena, len + 1);
  if (len)
    memcpy(copy, s, len);
  copy[len] = '\0';
  return copy;
}

void hl_arena_reset(hl_arena *arena) {
  hl_arena_block *block = arena->head;
  while (block) {
    hl_arena_block *next = block->next;
    if (block->size <= ARENA_BLOCK_SIZE) {
      block->next = arena->spare;
      arena->spare = block;
    } else {
      hl_free(block);
    }
    block = next;
  }
  arena->head = NULL;
}

static void free_chain(hl_arena_block *block) {
  while (block) {
    hl_arena_block *next = block->next;
    hl_free(block);
    block = next;
  }
}

void hl_arena_free(hl_arena *arena) {
  free_chain(arena->head);
  free_chain(arena->spare);
  arena->head = arena->spare = NULL;
}
