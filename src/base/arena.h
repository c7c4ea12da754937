/* Arenas: bump allocation for everything that lives as long as one file's
 * check (scope model, candidates, finding strings). One arena per checker,
 * reset between files, so the hot walk never calls malloc per node. */
#ifndef HOTLINT_BASE_ARENA_H
#define HOTLINT_BASE_ARENA_H

#include <stddef.h>

typedef struct hl_arena_block hl_arena_block;

typedef struct hl_arena {
  hl_arena_block *head;   /* block being filled; older blocks chained behind */
  hl_arena_block *spare;  /* blocks kept by hl_arena_reset for reuse */
  size_t next_block_size; /* grows from 4 KiB to 64 KiB, so a small user
                             (one result) stays small; 0 = not started */
} hl_arena;

/* Returns size bytes aligned for any type, valid until reset/free. */
void *hl_arena_alloc(hl_arena *arena, size_t size);
/* Same, zeroed. */
void *hl_arena_calloc(hl_arena *arena, size_t count, size_t size);
/* Copies len bytes into the arena and NUL-terminates them. */
char *hl_arena_strndup(hl_arena *arena, const char *s, size_t len);
/* Invalidates everything allocated; keeps the memory for reuse. */
void hl_arena_reset(hl_arena *arena);
void hl_arena_free(hl_arena *arena);

#endif
