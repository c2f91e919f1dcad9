/*
 * pgname.c — PostgreSQL's name for a MySQL name (see pgname.h).
 */
#include "common/pgname.h"

#include <stdio.h>
#include <string.h>

/* FNV-1a, 32 bits: a short, stable suffix (fn_pg_name computes the same). */
static unsigned
fnv1a(const char *s)
{
	unsigned h = 2166136261u;

	for (; *s; s++) {
		h ^= (unsigned char)*s;
		h *= 16777619u;
	}
	return h;
}

bool
chm_pg_name_long(const char *name)
{
	return strlen(name) > CHM_PG_NAME_MAX;
}

const char *
chm_pg_name(const char *name, char buf[CHM_PG_NAME_MAX + 1])
{
	size_t cut = 54;

	if (!chm_pg_name_long(name))
		return name;
	/* 54 bytes, '_', 8 hex digits = 63 */
	while (cut > 0 && ((unsigned char)name[cut] & 0xC0) == 0x80)
		cut--;
	snprintf(buf, CHM_PG_NAME_MAX + 1, "%.*s_%08x", (int)cut, name, fnv1a(name));
	return buf;
}

void
chm_quote_pg_name(StrBuf *sb, const char *name)
{
	char buf[CHM_PG_NAME_MAX + 1];
	const char *pg = chm_pg_name(name, buf);

	strbuf_quote_ident(sb, pg, strlen(pg));
}
