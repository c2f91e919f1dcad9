/*
 * arena.c — bump allocation in chained blocks.
 */
#include "common/arena.h"

#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "common/strbuf.h"

struct ArenaBlock {
	ArenaBlock *next;
	size_t size;
	size_t used;
	_Alignas(16) unsigned char data[];
};

void
arena_init(Arena *a, const char *name, size_t block_size)
{
	a->name = name;
	a->head = NULL;
	a->block_size = block_size ? block_size : 8192;
	a->total = 0;
}

void *
arena_alloc(Arena *a, size_t n)
{
	n = (n + 15) & ~(size_t) 15;
	if (a->head == NULL || a->head->size - a->head->used < n) {
		size_t size = n > a->block_size ? n : a->block_size;
		ArenaBlock *b = chm_malloc(sizeof(ArenaBlock) + size);
		b->size = size;
		b->used = 0;
		b->next = a->head;
		a->head = b;
	}
	void *p = a->head->data + a->head->used;
	a->head->used += n;
	a->total += n;
	return p;
}

void *
arena_zalloc(Arena *a, size_t n)
{
	void *p = arena_alloc(a, n);
	memset(p, 0, n);
	return p;
}

char *
arena_strndup(Arena *a, const char *s, size_t n)
{
	char *d = arena_alloc(a, n + 1);
	memcpy(d, s, n);
	d[n] = '\0';
	return d;
}

char *
arena_strdup(Arena *a, const char *s)
{
	return arena_strndup(a, s, strlen(s));
}

void
arena_reset(Arena *a)
{
	ArenaBlock *b = a->head;
	if (b == NULL)
		return;
	/* The last block in the chain is the oldest: keep it when it is a
	 * standard-size block, so a lifetime that resets often does not go
	 * back to malloc each time. */
	while (b->next != NULL) {
		ArenaBlock *next = b->next;
		free(b);
		b = next;
	}
	if (b->size != a->block_size) {
		free(b);
		b = NULL;
	} else
		b->used = 0;
	a->head = b;
	a->total = 0;
}

void
arena_free(Arena *a)
{
	while (a->head != NULL) {
		ArenaBlock *next = a->head->next;
		free(a->head);
		a->head = next;
	}
	a->total = 0;
}
