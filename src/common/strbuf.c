/*
 * strbuf.c — growable strings and the quoting every SQL builder shares.
 */
#include "common/strbuf.h"

#include <stdbool.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

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
strbuf_grow(StrBuf *sb, size_t extra)
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

/*
 * The formats the SQL builders use most are plain text with %s and %d: they
 * are appended directly, because vsnprintf costs about a thousand
 * instructions a call before it writes a byte.  Any other conversion goes to
 * vsnprintf, which is given the free space first and called a second time
 * only when the text did not fit.
 */
static bool
simple_format(const char *fmt)
{
	for (const char *q = strchr(fmt, '%'); q != NULL; q = strchr(q + 2, '%'))
		if (q[1] != 's' && q[1] != 'd' && q[1] != '%')
			return false;
	return true;
}

static void
append_int(StrBuf *sb, int v)
{
	char buf[16], *q = buf + sizeof(buf);
	unsigned int u = v < 0 ? 0u - (unsigned int)v : (unsigned int)v;

	do
		*--q = (char)('0' + u % 10);
	while ((u /= 10) != 0);
	if (v < 0)
		*--q = '-';
	strbuf_append(sb, q, (size_t)(buf + sizeof(buf) - q));
}

void
strbuf_vprintf(StrBuf *sb, const char *fmt, va_list ap)
{
	if (simple_format(fmt)) {
		const char *q;

		while ((q = strchr(fmt, '%')) != NULL) {
			const char *s;

			strbuf_append(sb, fmt, (size_t)(q - fmt));
			switch (q[1]) {
			case 's':
				s = va_arg(ap, const char *);
				strbuf_puts(sb, s ? s : "(null)"); /* what glibc prints */
				break;
			case 'd':
				append_int(sb, va_arg(ap, int));
				break;
			default:
				strbuf_putc(sb, '%');
				break;
			}
			fmt = q + 2;
		}
		strbuf_puts(sb, fmt);
		return;
	}

	va_list ap2;
	size_t room;
	int n;

	strbuf_reserve(sb, 128);
	room = sb->cap - sb->len;
	va_copy(ap2, ap);
	n = vsnprintf(sb->data + sb->len, room, fmt, ap2);
	va_end(ap2);
	if (n < 0) {
		sb->data[sb->len] = '\0';
		return;
	}
	if ((size_t)n >= room) {
		strbuf_reserve(sb, (size_t)n);
		vsnprintf(sb->data + sb->len, (size_t)n + 1, fmt, ap);
	}
	sb->len += (size_t)n;
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

/* Quoting reserves the worst case once, then writes without checks. */
void
strbuf_quote_ident(StrBuf *sb, const char *s, size_t n)
{
	char *d;

	strbuf_reserve(sb, 2 * n + 2);
	d = sb->data + sb->len;
	*d++ = '"';
	if (n > 0 && memchr(s, '"', n) == NULL) {
		memcpy(d, s, n);
		d += n;
	} else {
		for (size_t i = 0; i < n; i++) {
			if (s[i] == '"')
				*d++ = '"';
			*d++ = s[i];
		}
	}
	*d++ = '"';
	*d = '\0';
	sb->len = (size_t)(d - sb->data);
}

void
strbuf_quote_backtick(StrBuf *sb, const char *s, size_t n)
{
	char *d;

	strbuf_reserve(sb, 2 * n + 2);
	d = sb->data + sb->len;
	*d++ = '`';
	for (size_t i = 0; i < n; i++) {
		if (s[i] == '`')
			*d++ = '`';
		*d++ = s[i];
	}
	*d++ = '`';
	*d = '\0';
	sb->len = (size_t)(d - sb->data);
}

void
strbuf_quote_literal(StrBuf *sb, const char *s, size_t n)
{
	char *d;

	strbuf_reserve(sb, 2 * n + 3);
	d = sb->data + sb->len;
	if (n > 0 && memchr(s, '\\', n) != NULL)
		*d++ = 'E';
	*d++ = '\'';
	for (size_t i = 0; i < n; i++) {
		if (s[i] == '\0')
			continue; /* PostgreSQL text cannot hold it (an ENUM label, a DEFAULT) */
		if (s[i] == '\'' || s[i] == '\\')
			*d++ = s[i];
		*d++ = s[i];
	}
	*d++ = '\'';
	*d = '\0';
	sb->len = (size_t)(d - sb->data);
}

size_t
utf8_char_len(const unsigned char *s, size_t n)
{
	size_t len;
	uint32_t c;

	if (s[0] < 0x80)
		return 1;
	if ((s[0] & 0xe0) == 0xc0) {
		len = 2;
		c = s[0] & 0x1f;
	} else if ((s[0] & 0xf0) == 0xe0) {
		len = 3;
		c = s[0] & 0x0f;
	} else if ((s[0] & 0xf8) == 0xf0) {
		len = 4;
		c = s[0] & 0x07;
	} else {
		return 0;
	}
	if (n < len)
		return 0;
	for (size_t k = 1; k < len; k++) {
		if ((s[k] & 0xc0) != 0x80)
			return 0;
		c = (c << 6) | (s[k] & 0x3f);
	}
	if ((len == 2 && c < 0x80) || (len == 3 && c < 0x800) ||
	    (len == 4 && (c < 0x10000 || c > 0x10ffff)) || (c >= 0xd800 && c <= 0xdfff))
		return 0;
	return len;
}

bool
utf8_valid(const unsigned char *s, size_t n)
{
	for (size_t i = 0, len; i < n; i += len)
		if ((len = utf8_char_len(s + i, n - i)) == 0)
			return false;
	return true;
}
/*
 * Whether tag closes a dollar-quoted body exactly at its end: PostgreSQL
 * ends the body at the first occurrence of the tag after the opening one,
 * and that occurrence may also straddle the body's end ("...$chm" followed
 * by "$chm$" holds "$chm$" one byte early).
 */
static bool
tag_fits(const char *body, size_t n, const char *tag, size_t tn)
{
	if (memmem(body, n, tag, tn) != NULL)
		return false;
	for (size_t k = 1; k < tn && k <= n; k++) /* k bytes of the body, tn - k of the tag */
		if (memcmp(body + n - k, tag, k) == 0 && memcmp(tag + k, tag, tn - k) == 0)
			return false;
	return true;
}

void
strbuf_dollar_quote(StrBuf *sb, const char *body, size_t n)
{
	char tag[32] = "$chm$";
	size_t tn = 5;

	/* each body can hold only so many tags: this ends */
	for (unsigned i = 1; !tag_fits(body, n, tag, tn); i++)
		tn = (size_t)snprintf(tag, sizeof(tag), "$chm%u$", i);
	strbuf_append(sb, tag, tn);
	strbuf_append(sb, body, n);
	strbuf_append(sb, tag, tn);
}
