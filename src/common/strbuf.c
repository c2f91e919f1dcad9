/*
 * strbuf.c — growable strings and the quoting every SQL builder shares.
 */
#include "common/strbuf.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

void
chm_oom(void)
{
	static const char msg[] = "fatal: out of memory\n";
	ssize_t w = write(STDERR_FILENO, msg, sizeof(msg) - 1);
	(void) w;
	abort();
}

void *
chm_malloc(size_t n)
{
	void *p = malloc(n ? n : 1);
	if (p == NULL)
		chm_oom();
	return p;
}

void *
chm_calloc(size_t count, size_t n)
{
	void *p = calloc(count ? count : 1, n ? n : 1);
	if (p == NULL)
		chm_oom();
	return p;
}

void *
chm_realloc(void *p, size_t n)
{
	p = realloc(p, n ? n : 1);
	if (p == NULL)
		chm_oom();
	return p;
}

char *
chm_strndup(const char *s, size_t n)
{
	char *d = chm_malloc(n + 1);
	memcpy(d, s, n);
	d[n] = '\0';
	return d;
}

char *
chm_strdup(const char *s)
{
	return chm_strndup(s, strlen(s));
}

void
strbuf_init(StrBuf *sb)
{
	sb->data = NULL;
	sb->len = 0;
	sb->cap = 0;
}

void
strbuf_free(StrBuf *sb)
{
	free(sb->data);
	strbuf_init(sb);
}

void
strbuf_reset(StrBuf *sb)
{
	sb->len = 0;
	if (sb->data)
		sb->data[0] = '\0';
}

void
strbuf_reserve(StrBuf *sb, size_t extra)
{
	size_t need = sb->len + extra + 1;
	if (need <= sb->cap)
		return;
	size_t cap = sb->cap ? sb->cap : 64;
	while (cap < need)
		cap *= 2;
	sb->data = chm_realloc(sb->data, cap);
	sb->cap = cap;
}

void
strbuf_append(StrBuf *sb, const char *s, size_t n)
{
	strbuf_reserve(sb, n);
	memcpy(sb->data + sb->len, s, n);
	sb->len += n;
	sb->data[sb->len] = '\0';
}

void
strbuf_puts(StrBuf *sb, const char *s)
{
	strbuf_append(sb, s, strlen(s));
}

void
strbuf_putc(StrBuf *sb, char c)
{
	strbuf_reserve(sb, 1);
	sb->data[sb->len++] = c;
	sb->data[sb->len] = '\0';
}

void
strbuf_vprintf(StrBuf *sb, const char *fmt, va_list ap)
{
	va_list ap2;
	va_copy(ap2, ap);
	int n = vsnprintf(NULL, 0, fmt, ap2);
	va_end(ap2);
	if (n < 0)
		return;
	strbuf_reserve(sb, (size_t) n);
	vsnprintf(sb->data + sb->len, (size_t) n + 1, fmt, ap);
	sb->len += (size_t) n;
}

void
strbuf_printf(StrBuf *sb, const char *fmt, ...)
{
	va_list ap;
	va_start(ap, fmt);
	strbuf_vprintf(sb, fmt, ap);
	va_end(ap);
}

char *
strbuf_detach(StrBuf *sb)
{
	char *s = sb->data ? sb->data : chm_strdup("");
	strbuf_init(sb);
	return s;
}

void
strbuf_truncate(StrBuf *sb, size_t len)
{
	if (len < sb->len) {
		sb->len = len;
		sb->data[len] = '\0';
	}
}

void
strbuf_quote_ident(StrBuf *sb, const char *s, size_t n)
{
	strbuf_reserve(sb, n + 2);
	strbuf_putc(sb, '"');
	for (size_t i = 0; i < n; i++) {
		if (s[i] == '"')
			strbuf_putc(sb, '"');
		strbuf_putc(sb, s[i]);
	}
	strbuf_putc(sb, '"');
}

void
strbuf_quote_backtick(StrBuf *sb, const char *s, size_t n)
{
	strbuf_reserve(sb, n + 2);
	strbuf_putc(sb, '`');
	for (size_t i = 0; i < n; i++) {
		if (s[i] == '`')
			strbuf_putc(sb, '`');
		strbuf_putc(sb, s[i]);
	}
	strbuf_putc(sb, '`');
}

void
strbuf_quote_literal(StrBuf *sb, const char *s, size_t n)
{
	if (memchr(s, '\\', n) != NULL)
		strbuf_putc(sb, 'E');
	strbuf_putc(sb, '\'');
	for (size_t i = 0; i < n; i++) {
		if (s[i] == '\'' || s[i] == '\\')
			strbuf_putc(sb, s[i]);
		strbuf_putc(sb, s[i]);
	}
	strbuf_putc(sb, '\'');
}
