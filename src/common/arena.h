/*
 * arena.h — memory with a named lifetime.
 *
 * Everything allocated for one statement, event or batch comes from that
 * lifetime's arena and goes away at once with arena_reset(); nothing is
 * freed piece by piece.  Allocation failure aborts (see strbuf.h).
 */
#ifndef CHM_ARENA_H
#define CHM_ARENA_H

#include <stddef.h>

typedef struct ArenaBlock ArenaBlock;

typedef struct Arena {
	const char *name; /* the lifetime, for debugging: "statement", "batch" */
	ArenaBlock *head;
	size_t block_size;
	size_t total; /* bytes handed out since the last reset */
} Arena;

void arena_init(Arena *a, const char *name, size_t block_size);
/* Memory is 16-byte aligned and lives until arena_reset or arena_free. */
void *arena_alloc(Arena *a, size_t n);
void *arena_zalloc(Arena *a, size_t n);
char *arena_strndup(Arena *a, const char *s, size_t n);
char *arena_strdup(Arena *a, const char *s);
/* Keeps the first block for reuse, frees the rest. */
void arena_reset(Arena *a);
void arena_free(Arena *a);

#endif
