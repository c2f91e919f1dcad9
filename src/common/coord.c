/*
 * coord.c — comparing and formatting binlog coordinates, and MySQL's GTID
 * sets as text (parse, add one GTID, format).  Not here: the binary form of
 * a GTID set (mysql/binlog_events.c), reading them from a server.
 */
#include "common/coord.h"

#include <inttypes.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "common/error.h"
#include "common/mem.h"
#include "common/strbuf.h"

static uint64_t
file_seq(const char *file, size_t *base_len)
{
	const char *dot = strrchr(file, '.');
	if (dot == NULL) {
		*base_len = strlen(file);
		return 0;
	}
	*base_len = (size_t) (dot - file);
	return strtoull(dot + 1, NULL, 10);
}

int
coord_compare(const BinlogCoord *a, const BinlogCoord *b)
{
	size_t la, lb;
	uint64_t sa = file_seq(a->file, &la), sb = file_seq(b->file, &lb);

	if (la != lb || memcmp(a->file, b->file, la) != 0) {
		int c = strcmp(a->file, b->file);
		return c < 0 ? -1 : 1;
	}
	if (sa != sb)
		return sa < sb ? -1 : 1;
	if (a->pos != b->pos)
		return a->pos < b->pos ? -1 : 1;
	return 0;
}

int
coord_set(BinlogCoord *c, const char *file, uint64_t pos)
{
	size_t n = strlen(file);
	if (n >= sizeof(c->file))
		return CHM_ERANGE;
	memcpy(c->file, file, n + 1);
	c->pos = pos;
	c->gtid[0] = '\0';
	return 0;
}

const char *
coord_format(const BinlogCoord *c, char *buf, int n)
{
	snprintf(buf, (size_t) n, "%s:%" PRIu64, c->file[0] ? c->file : "?", c->pos);
	return buf;
}

/* ---- MySQL GTID sets ---- */

static void
skip_space(const char **p)
{
	while (**p == ' ' || **p == '\t' || **p == '\n' || **p == '\r')
		(*p)++;
}

/* 8-4-4-4-12 hex digits; dashes where MySQL writes them. */
static bool
parse_uuid(const char **p, uint8_t out[16])
{
	const char *s = *p;
	for (int i = 0; i < 16; i++) {
		if (i == 4 || i == 6 || i == 8 || i == 10) {
			if (*s != '-')
				return false;
			s++;
		}
		int hi = hex_digit(s[0]), lo = hi < 0 ? -1 : hex_digit(s[1]);
		if (hi < 0 || lo < 0)
			return false;
		out[i] = (uint8_t)(hi << 4 | lo);
		s += 2;
	}
	*p = s;
	return true;
}

static bool
parse_gno(const char **p, int64_t *out)
{
	int64_t v = 0;
	if (**p < '0' || **p > '9')
		return false;
	while (**p >= '0' && **p <= '9') {
		if (v > (INT64_MAX - 1 - (**p - '0')) / 10)
			return false; /* MySQL's gnos end below INT64_MAX */
		v = v * 10 + (**p - '0');
		(*p)++;
	}
	*out = v;
	return v >= 1;
}

/* The tsid of uuid and tag, inserted in order when absent. */
static GtidTsid *
tsid_get(GtidSet *s, const uint8_t uuid[16], const char *tag)
{
	uint32_t i = 0;
	int c = 1;
	for (; i < s->n; i++) {
		c = memcmp(s->tsids[i].uuid, uuid, 16);
		if (c == 0)
			c = strcmp(s->tsids[i].tag, tag);
		if (c >= 0)
			break;
	}
	if (i < s->n && c == 0)
		return &s->tsids[i];
	if (s->n == s->cap) {
		s->cap = s->cap ? s->cap * 2 : 4;
		s->tsids = chm_realloc(s->tsids, s->cap * sizeof(GtidTsid));
	}
	memmove(&s->tsids[i + 1], &s->tsids[i], (s->n - i) * sizeof(GtidTsid));
	s->n++;
	GtidTsid *t = &s->tsids[i];
	memset(t, 0, sizeof(*t));
	memcpy(t->uuid, uuid, 16);
	snprintf(t->tag, sizeof(t->tag), "%s", tag);
	return t;
}

/* Adds first..last, merging with the intervals it overlaps or touches. */
static void
tsid_add_range(GtidTsid *t, int64_t first, int64_t last)
{
	uint32_t i = 0;
	while (i < t->niv && t->iv[i].last < first - 1)
		i++;
	if (i == t->niv || t->iv[i].first > last + 1) {
		if (t->niv == t->cap) {
			t->cap = t->cap ? t->cap * 2 : 4;
			t->iv = chm_realloc(t->iv, t->cap * sizeof(GtidInterval));
		}
		memmove(&t->iv[i + 1], &t->iv[i], (t->niv - i) * sizeof(GtidInterval));
		t->iv[i].first = first;
		t->iv[i].last = last;
		t->niv++;
		return;
	}
	if (first < t->iv[i].first)
		t->iv[i].first = first;
	if (last > t->iv[i].last)
		t->iv[i].last = last;
	while (i + 1 < t->niv && t->iv[i + 1].first <= t->iv[i].last + 1) {
		if (t->iv[i + 1].last > t->iv[i].last)
			t->iv[i].last = t->iv[i + 1].last;
		memmove(&t->iv[i + 1], &t->iv[i + 2], (t->niv - i - 2) * sizeof(GtidInterval));
		t->niv--;
	}
}

/* A tag: a letter or '_', then up to 31 letters, digits or '_'; lowercased. */
static bool
parse_tag(const char **p, char out[GTID_TAG_MAX + 1])
{
	const char *s = *p;
	size_t n = 0;
	if (!((*s >= 'a' && *s <= 'z') || (*s >= 'A' && *s <= 'Z') || *s == '_'))
		return false;
	while ((*s >= 'a' && *s <= 'z') || (*s >= 'A' && *s <= 'Z') || (*s >= '0' && *s <= '9') ||
	       *s == '_') {
		if (n == GTID_TAG_MAX)
			return false;
		out[n++] = (char)(*s >= 'A' && *s <= 'Z' ? *s - 'A' + 'a' : *s);
		s++;
	}
	out[n] = '\0';
	*p = s;
	return true;
}

int
gtid_set_parse(GtidSet *s, const char *text)
{
	const char *p = text;

	memset(s, 0, sizeof(*s));
	skip_space(&p);
	while (*p) {
		uint8_t uuid[16];
		char tag[GTID_TAG_MAX + 1] = "";
		if (!parse_uuid(&p, uuid))
			return CHM_ESYNTAX;
		skip_space(&p);
		while (*p == ':') {
			int64_t a, b;
			p++;
			skip_space(&p);
			if (parse_tag(&p, tag)) {
				skip_space(&p);
				continue;
			}
			if (!parse_gno(&p, &a))
				return CHM_ESYNTAX;
			b = a;
			skip_space(&p);
			if (*p == '-') {
				p++;
				skip_space(&p);
				if (!parse_gno(&p, &b) || b < a)
					return CHM_ESYNTAX;
			}
			tsid_add_range(tsid_get(s, uuid, tag), a, b);
			skip_space(&p);
		}
		if (*p == ',') {
			p++;
			skip_space(&p);
			if (*p == '\0')
				return CHM_ESYNTAX;
		} else if (*p != '\0') {
			return CHM_ESYNTAX;
		}
	}
	return 0;
}

void
gtid_set_add(GtidSet *s, const uint8_t uuid[16], const char *tag, int64_t gno)
{
	tsid_add_range(tsid_get(s, uuid, tag ? tag : ""), gno, gno);
}

void
gtid_set_union(GtidSet *into, const GtidSet *from)
{
	for (uint32_t i = 0; i < from->n; i++) {
		const GtidTsid *f = &from->tsids[i];
		GtidTsid *t = tsid_get(into, f->uuid, f->tag);
		for (uint32_t k = 0; k < f->niv; k++)
			tsid_add_range(t, f->iv[k].first, f->iv[k].last);
	}
}

int
gtid_set_format(const GtidSet *s, char *buf, size_t n)
{
	static const char hex[] = "0123456789abcdef";
	size_t len = 0;
	const uint8_t *prev = NULL;

#define PUT(...)                                                                                   \
	do {                                                                                           \
		int k_ = snprintf(buf + len, n - len, __VA_ARGS__);                                        \
		if (k_ < 0 || (size_t)k_ >= n - len)                                                       \
			return CHM_ERANGE;                                                                     \
		len += (size_t)k_;                                                                         \
	} while (0)
	if (n == 0)
		return CHM_ERANGE;
	buf[0] = '\0';
	for (uint32_t i = 0; i < s->n; i++) {
		const GtidTsid *t = &s->tsids[i];
		if (t->niv == 0)
			continue;
		/* one uuid once, its untagged intervals first, then each tag's */
		if (prev == NULL || memcmp(prev, t->uuid, 16) != 0) {
			char u[37];
			size_t k = 0;
			for (int b = 0; b < 16; b++) {
				if (b == 4 || b == 6 || b == 8 || b == 10)
					u[k++] = '-';
				u[k++] = hex[t->uuid[b] >> 4];
				u[k++] = hex[t->uuid[b] & 15];
			}
			u[k] = '\0';
			PUT("%s%s", prev ? "," : "", u);
			prev = t->uuid;
		}
		if (t->tag[0])
			PUT(":%s", t->tag);
		for (uint32_t k = 0; k < t->niv; k++) {
			if (t->iv[k].first == t->iv[k].last)
				PUT(":%" PRId64, t->iv[k].first);
			else
				PUT(":%" PRId64 "-%" PRId64, t->iv[k].first, t->iv[k].last);
		}
	}
#undef PUT
	return 0;
}

void
gtid_set_free(GtidSet *s)
{
	for (uint32_t i = 0; i < s->n; i++)
		free(s->tsids[i].iv);
	free(s->tsids);
	memset(s, 0, sizeof(*s));
}
