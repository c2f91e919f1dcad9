/*
 * strbuf.h — a growable, always NUL-terminated byte buffer.
 *
 * Used to build SQL, COPY lines and messages.  The buffer owns its memory;
 * strbuf_free() releases it, strbuf_reset() keeps it for reuse (the usual
 * case in loops: reset per row, free once).  Allocation failure aborts:
 * there is no sensible way on for a replication process that cannot
 * allocate a few bytes, and checking every append would bury the logic.
 */
#ifndef CHM_STRBUF_H
#define CHM_STRBUF_H

#include <stdarg.h>
#include <stdbool.h>
#include <stddef.h>
#include <string.h>

#include "common/error.h"
/* the allocation helpers, which most users of a buffer also call */
#include "common/mem.h"

typedef struct StrBuf {
	char *data;
	size_t len;
	size_t cap;
} StrBuf;

#define STRBUF_INIT {NULL, 0, 0}

void strbuf_init(StrBuf *sb);
void strbuf_free(StrBuf *sb);
void strbuf_reset(StrBuf *sb);
/* The slow path of strbuf_reserve: makes room for extra more bytes and the NUL. */
void strbuf_grow(StrBuf *sb, size_t extra);

/*
 * The appends are inline: SQL builders call them for every name and
 * keyword, and the room is almost always there already.
 */
static inline void
strbuf_reserve(StrBuf *sb, size_t extra)
{
	if (sb->len + extra + 1 > sb->cap)
		strbuf_grow(sb, extra);
}

static inline void
strbuf_append(StrBuf *sb, const char *s, size_t n)
{
	strbuf_reserve(sb, n);
	memcpy(sb->data + sb->len, s, n);
	sb->len += n;
	sb->data[sb->len] = '\0';
}

static inline void
strbuf_puts(StrBuf *sb, const char *s)
{
	strbuf_append(sb, s, strlen(s));
}

static inline void
strbuf_putc(StrBuf *sb, char c)
{
	strbuf_reserve(sb, 1);
	sb->data[sb->len++] = c;
	sb->data[sb->len] = '\0';
}

void strbuf_printf(StrBuf *sb, const char *fmt, ...) CHM_PRINTF(2, 3);
void strbuf_vprintf(StrBuf *sb, const char *fmt, va_list ap) CHM_PRINTF(2, 0);
/* Returns the string (never NULL) and leaves sb empty; the caller frees it. */
char *strbuf_detach(StrBuf *sb);
/* Shortens to len bytes (len <= sb->len). */
void strbuf_truncate(StrBuf *sb, size_t len);

/*
 * The quoters.  Every name or value that comes from the source (or the
 * configuration) and goes into SQL text goes through the quoter of the
 * server that RECEIVES the text, whatever server the name came from:
 *
 *   PostgreSQL identifier   strbuf_quote_ident       "a""b"
 *   PostgreSQL literal      strbuf_quote_literal     'it''s', E'a\\b'
 *   PostgreSQL body         strbuf_dollar_quote      $chm$...$chm$ (DO, CREATE FUNCTION)
 *   MySQL identifier        strbuf_quote_backtick    `a``b`
 *   MySQL literal           my_quote_literal         (mysql/myconn.h: needs the
 *                           connection, for its character set and NO_BACKSLASH_ESCAPES)
 *
 * strbuf_quote_literal is for PostgreSQL ONLY: MySQL reads E'a\\b' as a
 * syntax error.  Better still, pass a value to PostgreSQL as a parameter
 * (pg_exec_params) when the statement is a single one.
 */

/* Appends a PostgreSQL identifier, always double-quoted, quotes doubled. */
void strbuf_quote_ident(StrBuf *sb, const char *s, size_t n);
/* Appends a MySQL identifier, always back-quoted, backticks doubled. */
void strbuf_quote_backtick(StrBuf *sb, const char *s, size_t n);
/*
 * Appends a PostgreSQL string literal as PQescapeLiteral writes it: quotes
 * doubled, and E'' with backslashes doubled only when a backslash appears,
 * so it reads the same whatever standard_conforming_strings says.  NUL
 * bytes are left out (PostgreSQL text cannot hold one), as the replica's
 * values lose theirs.
 */
void strbuf_quote_literal(StrBuf *sb, const char *s, size_t n);
/*
 * Appends body (n bytes) as a PostgreSQL dollar-quoted string, for the body
 * of a DO block or a function.  The tag is $chm$, or $chm1$, $chm2$ ... when
 * the body holds it (a name quoted in the body may): a body must never be
 * ended early by what a name spells.
 */
void strbuf_dollar_quote(StrBuf *sb, const char *body, size_t n);

/*
 * The length of the well-formed UTF-8 character at s (n > 0 bytes
 * available): 1 to 4, or 0 when the bytes there are not one (a stray
 * continuation byte, an overlong form, a surrogate, past U+10FFFF, cut
 * short).  NUL is a character here: callers that refuse it check for it.
 */
size_t utf8_char_len(const unsigned char *s, size_t n);
/* Whether s[0..n) is well-formed UTF-8. */
bool utf8_valid(const unsigned char *s, size_t n);

/* The value of a hex digit (either case), or -1. */
static inline int
hex_digit(char c)
{
	if (c >= '0' && c <= '9')
		return c - '0';
	if (c >= 'a' && c <= 'f')
		return c - 'a' + 10;
	if (c >= 'A' && c <= 'F')
		return c - 'A' + 10;
	return -1;
}

#endif
