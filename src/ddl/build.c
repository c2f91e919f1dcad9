/*
 * build.c — the builders the grammar's actions call, and token decoding.
 *
 * Each builder does one small thing to the tree under DdlParse.stmt (see
 * ast.h).  Everything is allocated from the statement arena.  Builders
 * never fail hard: the first problem is recorded in DdlParse.error and
 * message, the parse goes on, and the driver reports it.  Semantic
 * decisions (what a type becomes, whether a default survives) belong to the
 * emitter, not here: the tree says what the MySQL statement said.
 */
#include <ctype.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "common/error.h"
#include "common/strbuf.h"
#include "ddl/ast.h"
#include "ddl/ddl.h"
#include "mysql_ddl.h"

/* Appends item to an arena array of pointers that grows by doubling. */
static void
push_ptr(Arena *a, void ***arr, int *n, void *item)
{
	if (*n == 0 || (*n & (*n - 1)) == 0) {
		void **bigger = arena_alloc(a, sizeof(void *) * (size_t)(*n == 0 ? 4 : *n * 2));
		if (*n > 0)
			memcpy(bigger, *arr, sizeof(void *) * (size_t)*n);
		*arr = bigger;
	}
	(*arr)[(*n)++] = item;
}

#define PUSH(p, arr, n, item) push_ptr((p)->arena, (void ***)&(arr), &(n), (item))

void
ddl_error(DdlParse *p, int code, const char *at, const char *fmt, ...)
{
	va_list ap;
	char buf[512];

	if (p->error != 0)
		return;
	va_start(ap, fmt);
	vsnprintf(buf, sizeof(buf), fmt, ap);
	va_end(ap);
	p->error = code;
	p->error_at = at;
	p->message = arena_strdup(p->arena, buf);
}

int
ddl_token_int(const Token *t)
{
	long v = 0;

	for (int i = 0; i < t->n && isdigit((unsigned char)t->z[i]); i++) {
		v = v * 10 + (t->z[i] - '0');
		if (v > 1000000000L)
			return 1000000000;
	}
	return (int)v;
}

char *
ddl_ident(DdlParse *p, const Token *t)
{
	char q, *out;
	int j = 0;

	if (t->n >= 2 && (t->z[0] == '`' || t->z[0] == '"')) {
		q = t->z[0];
		out = arena_alloc(p->arena, (size_t)t->n);
		if (memchr(t->z + 1, q, (size_t)t->n - 2) == NULL) { /* the usual case: no doubled quote */
			memcpy(out, t->z + 1, (size_t)t->n - 2);
			out[t->n - 2] = '\0';
			return out;
		}
		for (int i = 1; i < t->n - 1; i++) {
			out[j++] = t->z[i];
			if (t->z[i] == q && i + 1 < t->n - 1 && t->z[i + 1] == q)
				i++;
		}
		out[j] = '\0';
		return out;
	}
	return arena_strndup(p->arena, t->z, (size_t)t->n);
}

/* Decodes one quoted literal starting at s (at its quote); returns the end. */
static const char *
decode_quoted(const char *s, const char *end, bool esc, StrBuf *out)
{
	char q = *s++;

	while (s < end) {
		char c = *s++;
		if (c == q) {
			if (s < end && *s == q) {
				strbuf_putc(out, q);
				s++;
				continue;
			}
			return s;
		}
		if (c == '\\' && esc && s < end) {
			c = *s++;
			switch (c) {
			case '0':
				strbuf_putc(out, '\0');
				break;
			case 'b':
				strbuf_putc(out, '\b');
				break;
			case 'n':
				strbuf_putc(out, '\n');
				break;
			case 'r':
				strbuf_putc(out, '\r');
				break;
			case 't':
				strbuf_putc(out, '\t');
				break;
			case 'Z':
				strbuf_putc(out, '\032');
				break;
			case '%':
				strbuf_puts(out, "\\%");
				break; /* MySQL keeps these two escaped */
			case '_':
				strbuf_puts(out, "\\_");
				break;
			default:
				strbuf_putc(out, c);
				break;
			}
			continue;
		}
		strbuf_putc(out, c);
	}
	return s;
}

char *
ddl_string(DdlParse *p, const Token *t, size_t *len)
{
	const char *s = t->z, *end = t->z + t->n;
	bool esc = !(p->mode & LEX_NO_BACKSLASH_ESCAPES);
	StrBuf sb = STRBUF_INIT;
	char *res;

	strbuf_reserve(&sb, (size_t)t->n);
	while (s < end) {
		if (*s == '\'' || *s == '"') {
			s = decode_quoted(s, end, esc, &sb);
		} else if (*s == '_') { /* introducer: the name, then spaces */
			while (s < end && *s != '\'' && *s != '"' && !isspace((unsigned char)*s))
				s++;
		} else if ((*s == 'N' || *s == 'n') && s + 1 < end && s[1] == '\'') {
			s++;
		} else {
			s++; /* space or a comment byte between adjacent literals */
		}
	}
	res = arena_alloc(p->arena, sb.len + 1);
	if (sb.len)
		memcpy(res, sb.data, sb.len);
	res[sb.len] = '\0';
	if (len)
		*len = sb.len;
	strbuf_free(&sb);
	return res;
}

static DdlName
qname(DdlParse *p, const DdlQName *q)
{
	DdlName n;

	n.schema = q->schema.n ? ddl_ident(p, &q->schema) : NULL;
	n.name = ddl_ident(p, &q->name);
	return n;
}

static char *
lower_dup(DdlParse *p, const Token *t)
{
	char *s = ddl_ident(p, t);

	for (char *c = s; *c; c++)
		*c = (char)tolower((unsigned char)*c);
	return s;
}

static char *
text_dup(DdlParse *p, const Token *t)
{
	return arena_strndup(p->arena, t->z, (size_t)t->n);
}

static DdlStmt *
new_stmt(DdlParse *p, DdlStmtKind kind)
{
	p->stmt = arena_zalloc(p->arena, sizeof(DdlStmt));
	p->stmt->kind = kind;
	return p->stmt;
}

static DdlAlterSpec *
new_spec(DdlParse *p, DdlAlterKind kind)
{
	DdlAlterSpec *s = arena_zalloc(p->arena, sizeof(DdlAlterSpec));

	s->kind = kind;
	if (p->stmt != NULL)
		PUSH(p, p->stmt->specs, p->stmt->nspecs, s);
	return s;
}

/* The IF [NOT] EXISTS read for the spec being built (DdlParse.spec_if_exists), cleared. */
static bool
take_if_exists(DdlParse *p)
{
	bool on = p->spec_if_exists != 0;

	p->spec_if_exists = 0;
	return on;
}

/* ---------------------------------------------------------------- errors */

void
ddl_syntax_error(DdlParse *p, int major, const Token *t)
{
	if (major == 0 || t->n == 0)
		ddl_error(p, CHM_ESYNTAX, t->z, "syntax error at end of statement");
	else
		ddl_error(p, CHM_ESYNTAX, t->z, "syntax error at or near \"%.*s\"", t->n > 64 ? 64 : t->n,
		          t->z);
}

void
ddl_parse_failure(DdlParse *p)
{
	ddl_error(p, CHM_ESYNTAX, NULL, "the statement could not be parsed");
}

/* ---------------------------------------------------------------- CREATE TABLE */

void
ddl_create_table(DdlParse *p, const DdlQName *n, int or_replace, int temporary, int if_not_exists)
{
	DdlStmt *s = new_stmt(p, DDL_CREATE_TABLE);

	s->table = qname(p, n);
	s->or_replace = or_replace;
	s->temporary = temporary;
	s->if_not_exists = if_not_exists;
}

void
ddl_create_like(DdlParse *p, const DdlQName *n)
{
	p->stmt->kind = DDL_CREATE_TABLE_LIKE;
	p->stmt->like = qname(p, n);
}

void
ddl_create_select(DdlParse *p)
{
	p->stmt->as_select = true;
}

void
ddl_partition(DdlParse *p)
{
	p->stmt->partitioned = true;
	if (p->stmt->kind == DDL_ALTER_TABLE)
		new_spec(p, DDL_AT_PARTITION);
}

void
ddl_table_add_column(DdlParse *p)
{
	PUSH(p, p->stmt->columns, p->stmt->ncolumns, p->col);
}

void
ddl_table_option(DdlParse *p, const Token *k, const Token *v)
{
	/* ENGINE, ROW_FORMAT, STATS_*, ...: storage details PostgreSQL has no use for. */
	(void)p;
	(void)k;
	(void)v;
}

void
ddl_table_comment(DdlParse *p, const Token *s)
{
	char *c = ddl_string(p, s, NULL);

	if (p->stmt->kind == DDL_ALTER_TABLE)
		new_spec(p, DDL_AT_COMMENT)->comment = c;
	else
		p->stmt->comment = c;
}

/* ---------------------------------------------------------------- columns */

void
ddl_column_begin(DdlParse *p, const Token *name)
{
	p->col = arena_zalloc(p->arena, sizeof(DdlColumn));
	p->col->name = ddl_ident(p, name);
	p->col->def.precision = -1;
	p->idx = NULL;
}

void
ddl_type_name(DdlParse *p, const Token *a, const Token *b, const Token *c)
{
	StrBuf sb = STRBUF_INIT;
	const Token *w[3] = {a, b, c};

	for (int i = 0; i < 3 && w[i] != NULL; i++) {
		char *s = lower_dup(p, w[i]);
		if (i > 0)
			strbuf_putc(&sb, ' ');
		strbuf_puts(&sb, s);
	}
	/* under sql_mode MAXDB, MariaDB creates a TIMESTAMP column as DATETIME */
	p->col->type.name = arena_strdup(
	    p->arena,
	    (p->mode & LEX_MAXDB) && strcmp(sb.data, "timestamp") == 0 ? "datetime" : sb.data);
	strbuf_free(&sb);
	if (strcmp(p->col->type.name, "serial") == 0) {
		/* SERIAL = BIGINT UNSIGNED NOT NULL AUTO_INCREMENT UNIQUE */
		p->col->type.is_unsigned = true;
		p->col->auto_increment = true;
		p->col->not_null = p->col->null_given = true;
		if (p->col->key == 0)
			p->col->key = DDL_IDX_UNIQUE;
	}
}

static bool
name_in(const char *name, const char *const *list)
{
	for (; *list; list++)
		if (name[0] == (*list)[0] &&
		    strcmp(name, *list) == 0) /* first bytes inline: per type argument */
			return true;
	return false;
}

void
ddl_type_arg(DdlParse *p, const Token *t)
{
	DdlType *ty = &p->col->type;
	int v = ddl_token_int(t);

	if (ty->nargs >= ddl_type_max_args(ty->name)) {
		ddl_error(p, CHM_ESYNTAX, t->z, "type \"%s\" of column \"%s\" has too many arguments",
		          ty->name, p->col->name);
		return;
	}
	if (v > 6 && (strcmp(ty->name, "datetime") == 0 || strcmp(ty->name, "timestamp") == 0 ||
	              strcmp(ty->name, "time") == 0)) {
		/* fractional seconds: MariaDB refuses more than microseconds */
		ddl_error(p, CHM_ESYNTAX, t->z, "precision %d of column \"%s\" is above the maximum of 6",
		          v, p->col->name);
		return;
	}
	ty->args[ty->nargs++] = v;
}

static void push_label(DdlParse *p, char *s, size_t len);

void
ddl_type_label(DdlParse *p, const Token *t)
{
	size_t len;
	char *s = ddl_string(p, t, &len);

	push_label(p, s, len);
}

/*
 * A label written as a hex or bit literal (ENUM(0xc3a6), SET(b'1001001')):
 * its bytes in the column's character set.  Bytes that are UTF-8 are the
 * label as written; others can only be a one-byte character set's (latin1,
 * MySQL's usual one, ENUM(0xE4) ... CHARSET latin1) and are read as latin1,
 * so that the label is text PostgreSQL can hold.
 */
void
ddl_type_label_radix(DdlParse *p, const Token *t)
{
	StrBuf raw = STRBUF_INIT, sb = STRBUF_INIT;

	ddl_radix_bytes(ddl_radix_digits(p, t),
	                t->z[0] == '0' ? t->z[1] == 'x' : (t->z[0] | 0x20) == 'x', &raw);
	if (raw.len > 0 && !utf8_valid((const unsigned char *)raw.data, raw.len)) {
		for (size_t i = 0; i < raw.len; i++) {
			unsigned char c = (unsigned char)raw.data[i];
			if (c < 0x80)
				strbuf_putc(&sb, (char)c);
			else {
				strbuf_putc(&sb, (char)(0xc0 | (c >> 6)));
				strbuf_putc(&sb, (char)(0x80 | (c & 0x3f)));
			}
		}
		push_label(p, arena_strndup(p->arena, sb.data, sb.len), sb.len);
	} else
		push_label(p, arena_strndup(p->arena, raw.len ? raw.data : "", raw.len), raw.len);
	strbuf_free(&raw);
	strbuf_free(&sb);
}

static void
push_label(DdlParse *p, char *s, size_t len)
{
	DdlType *ty = &p->col->type;
	size_t spaces = 0;

	/* MySQL removes trailing spaces from enum and set labels when it creates
	 * the table, but those of CHARACTER SET binary (ddl_col_charset) */
	while (len > 0 && s[len - 1] == ' ')
		s[--len] = '\0', spaces++;

	if (ty->nlabels == 0 || (ty->nlabels & (ty->nlabels - 1)) == 0) {
		int cap = ty->nlabels == 0 ? 4 : ty->nlabels * 2;
		char **l = arena_alloc(p->arena, sizeof(char *) * (size_t)cap);
		size_t *ll = arena_alloc(p->arena, sizeof(size_t) * (size_t)cap);
		size_t *ls = arena_alloc(p->arena, sizeof(size_t) * (size_t)cap);
		if (ty->nlabels) {
			memcpy(l, ty->labels, sizeof(char *) * (size_t)ty->nlabels);
			memcpy(ll, ty->label_lens, sizeof(size_t) * (size_t)ty->nlabels);
			memcpy(ls, ty->label_spaces, sizeof(size_t) * (size_t)ty->nlabels);
		}
		ty->labels = l;
		ty->label_lens = ll;
		ty->label_spaces = ls;
	}
	ty->labels[ty->nlabels] = s;
	ty->label_spaces[ty->nlabels] = spaces;
	ty->label_lens[ty->nlabels++] = len;
}

/* The end of a column's type: what MariaDB requires of the whole type. */
void
ddl_type_end(DdlParse *p, const Token *first)
{
	const DdlType *ty = &p->col->type;

	if (ty->nargs == 0 && ddl_type_needs_length(ty->name))
		ddl_error(p, CHM_ESYNTAX, first->z, "type \"%s\" of column \"%s\" needs a length", ty->name,
		          p->col->name);
}

void
ddl_col_null(DdlParse *p, int nullable)
{
	p->col->null_given = true;
	p->col->not_null = !nullable;
}

void
ddl_col_auto_increment(DdlParse *p)
{
	p->col->auto_increment = true;
}

void
ddl_col_serial_default(DdlParse *p)
{
	/* SERIAL DEFAULT VALUE = NOT NULL AUTO_INCREMENT UNIQUE */
	p->col->not_null = p->col->null_given = true;
	p->col->auto_increment = true;
	if (p->col->key == 0)
		p->col->key = DDL_IDX_UNIQUE;
}

void
ddl_col_key(DdlParse *p, int kind)
{
	if (p->col->key != DDL_IDX_PRIMARY)
		p->col->key = (DdlIndexKind)kind;
}

void
ddl_col_comment(DdlParse *p, const Token *s)
{
	p->col->comment = ddl_string(p, s, NULL);
}

void
ddl_col_collate(DdlParse *p, const Token *c)
{
	p->col->type.collate = c->z[0] == '\'' ? ddl_string(p, c, NULL) : lower_dup(p, c);
}

void
ddl_col_charset(DdlParse *p, const Token *c)
{
	p->col->type.charset = c->z[0] == '\'' ? ddl_string(p, c, NULL) : lower_dup(p, c);
	if (strcmp(p->col->type.charset, "binary") == 0) {
		DdlType *ty = &p->col->type;
		ty->binary = true;
		for (int i = 0; i < ty->nlabels; i++) /* bytes: their spaces back */
			for (; ty->label_spaces[i] > 0; ty->label_spaces[i]--)
				ty->labels[i][ty->label_lens[i]++] = ' ';
	}
}

/* CHAR(n) BYTE, LONG BYTE, ENUM(...) BYTE: the binary character set. */
void
ddl_col_byte(DdlParse *p)
{
	p->col->type.charset = arena_strdup(p->arena, "binary");
	p->col->type.binary = true;
}

void
ddl_col_binary(DdlParse *p)
{
	/* CHAR(n) BINARY is a binary collation, not a binary type: noted, not used. */
	(void)p;
}

void
ddl_col_unsigned(DdlParse *p, int on)
{
	p->col->type.is_unsigned = on;
}

void
ddl_col_zerofill(DdlParse *p)
{
	p->col->type.zerofill = true;
	p->col->type.is_unsigned = true; /* ZEROFILL implies UNSIGNED */
}

void
ddl_col_on_update(DdlParse *p, int precision)
{
	(void)precision;
	p->col->on_update_now = true;
}

void
ddl_col_generated(DdlParse *p, const Token *e)
{
	p->col->generated = text_dup(p, e);
}

void
ddl_col_stored(DdlParse *p, int stored)
{
	p->col->stored = stored;
}

void
ddl_col_invisible(DdlParse *p, int invisible)
{
	p->col->invisible = invisible;
}

void
ddl_col_check(DdlParse *p, const Token *name, const Token *e)
{
	DdlCheck *c = arena_zalloc(p->arena, sizeof(DdlCheck));

	c->name = name != NULL && name->n ? ddl_ident(p, name) : NULL;
	c->expr = text_dup(p, e);
	c->enforced = true;
	PUSH(p, p->col->checks, p->col->nchecks, c);
}

void
ddl_col_check_not_enforced(DdlParse *p)
{
	if (p->col->nchecks > 0)
		p->col->checks[p->col->nchecks - 1]->enforced = false;
}

static void attach_index(DdlParse *p, DdlIndex *ix);

/*
 * An inline REFERENCES: a foreign key of the column, as MariaDB (10.5 and
 * later) and MySQL (9.0 and later; 8.0 parsed and ignored it) create it.  p->idx stays on the key
 * for the referenced columns and the ON DELETE/ON UPDATE attributes that
 * follow; the next column or key replaces it.
 */
void
ddl_col_references(DdlParse *p, const DdlQName *t)
{
	DdlIndex *ix = arena_zalloc(p->arena, sizeof(DdlIndex));

	ix->kind = DDL_IDX_FOREIGN;
	ix->parts = arena_zalloc(p->arena, sizeof(DdlKeyPart));
	ix->parts[0].column = p->col->name;
	ix->nparts = 1;
	ix->ref_table = qname(p, t);
	p->col->has_ref = true;
	attach_index(p, ix);
	p->idx = ix;
}

/* CONSTRAINT name REFERENCES ...: the name of the column's foreign key. */
void
ddl_col_fk_name(DdlParse *p, const Token *name)
{
	if (p->idx != NULL && p->idx->kind == DDL_IDX_FOREIGN && name->n)
		p->idx->name = ddl_ident(p, name);
}

/*
 * MariaDB's GENERATED ALWAYS AS ROW START / ROW END: the column is a plain
 * column of its type, whose values the row images carry.  The server makes
 * it NOT NULL.
 */
void
ddl_col_row_period(DdlParse *p, const Token *w)
{
	(void)w;
	p->col->not_null = p->col->null_given = true;
}

/* What kind of literal a token is, from its first bytes. */
static DdlDefaultKind
literal_kind(const Token *t, int *boolval)
{
	const char *z = t->z;

	if (z[0] == '\'' || z[0] == '"')
		return DDL_DEF_STRING;
	if (z[0] == '_') {
		const char *q = z;
		while (q < z + t->n && *q != '\'' && *q != '"' && !isspace((unsigned char)*q))
			q++;
		while (q < z + t->n && isspace((unsigned char)*q))
			q++;
		if (q < z + t->n && (*q == '\'' || *q == '"'))
			return DDL_DEF_STRING;
		if (q < z + t->n && (*q == 'b' || *q == 'B' || (q + 1 < z + t->n && q[1] == 'b')))
			return DDL_DEF_BIT;
		return DDL_DEF_HEX;
	}
	if ((z[0] == 'N' || z[0] == 'n') && t->n > 1 && z[1] == '\'')
		return DDL_DEF_STRING;
	if (t->n > 1 &&
	    ((z[0] == '0' && z[1] == 'x') || ((z[0] == 'x' || z[0] == 'X') && z[1] == '\'')))
		return DDL_DEF_HEX;
	if (t->n > 1 &&
	    ((z[0] == '0' && z[1] == 'b') || ((z[0] == 'b' || z[0] == 'B') && z[1] == '\'')))
		return DDL_DEF_BIT;
	if (isdigit((unsigned char)z[0]) || z[0] == '.')
		return DDL_DEF_NUMBER;
	if (t->n == 4 && strncasecmp(z, "NULL", 4) == 0)
		return DDL_DEF_NULL;
	*boolval = t->n == 4 && strncasecmp(z, "TRUE", 4) == 0;
	return DDL_DEF_BOOL;
}

void
ddl_radix_bytes(const char *digits, bool hex, StrBuf *bytes)
{
	unsigned bits = hex ? 4 : 1, per = 8 / bits;
	size_t nd = strlen(digits), lead = (per - nd % per) % per;
	unsigned v = 0;

	for (size_t i = 0; i < nd; i++) {
		int c = tolower((unsigned char)digits[i]);
		v = (v << bits) | (unsigned)(isdigit(c) ? c - '0' : c - 'a' + 10);
		if ((lead + i + 1) % per == 0) {
			strbuf_putc(bytes, (char)v);
			v = 0;
		}
	}
}

char *
ddl_radix_digits(DdlParse *p, const Token *t)
{
	const char *z = t->z, *end = t->z + t->n;
	const char *q;

	if (*z == '_') {
		while (z < end && !isspace((unsigned char)*z) && *z != '\'')
			z++;
		while (z < end && isspace((unsigned char)*z))
			z++;
	}
	if (end - z > 1 && z[0] == '0' && (z[1] == 'x' || z[1] == 'b'))
		return arena_strndup(p->arena, z + 2, (size_t)(end - z - 2));
	q = memchr(z, '\'', (size_t)(end - z));
	if (q == NULL)
		return arena_strdup(p->arena, "");
	return arena_strndup(p->arena, q + 1, (size_t)(end - q - 2 > 0 ? end - q - 2 : 0));
}

void
ddl_col_default(DdlParse *p, const Token *lit, int sign)
{
	DdlDefault *d = &p->col->def;
	int b = 0;

	memset(d, 0, sizeof(*d));
	d->precision = -1;
	d->kind = literal_kind(lit, &b);
	switch (d->kind) {
	case DDL_DEF_STRING:
		d->text = ddl_string(p, lit, &d->len);
		if (sign < 0) { /* DEFAULT -'1': an expression in MySQL's eyes */
			d->kind = DDL_DEF_EXPR;
			d->text = arena_strndup(p->arena, lit->z - 1, (size_t)lit->n + 1);
		}
		break;
	case DDL_DEF_NUMBER: {
		StrBuf sb = STRBUF_INIT;
		if (sign < 0)
			strbuf_putc(&sb, '-');
		strbuf_append(&sb, lit->z, (size_t)lit->n);
		d->text = arena_strdup(p->arena, sb.data);
		d->len = sb.len;
		strbuf_free(&sb);
		break;
	}
	case DDL_DEF_HEX:
	case DDL_DEF_BIT:
		d->text = ddl_radix_digits(p, lit);
		d->len = strlen(d->text);
		d->quoted = d->kind == DDL_DEF_HEX && memchr(lit->z, '\'', (size_t)lit->n) != NULL;
		break;
	case DDL_DEF_BOOL:
		d->number = sign < 0 ? -b : b;
		break;
	default:
		break;
	}
}

bool
ddl_column_fills_rows(const DdlColumn *c)
{
	return c->generated != NULL || c->def.kind == DDL_DEF_NOW || c->def.kind == DDL_DEF_EXPR;
}

void
ddl_col_default_now(DdlParse *p, int precision)
{
	memset(&p->col->def, 0, sizeof(p->col->def));
	p->col->def.kind = DDL_DEF_NOW;
	p->col->def.precision = precision;
}

void
ddl_col_default_expr(DdlParse *p, const Token *e)
{
	memset(&p->col->def, 0, sizeof(p->col->def));
	p->col->def.kind = DDL_DEF_EXPR;
	p->col->def.precision = -1;
	p->col->def.text = text_dup(p, e);
}

void
ddl_col_default_call(DdlParse *p, const Token *f, const Token *args)
{
	Token t = {f->z, (int)(args->z + args->n + 1 - f->z)};

	ddl_col_default_expr(p, &t);
}

void
ddl_col_default_word(DdlParse *p, const Token *w)
{
	ddl_col_default_expr(p, w);
}

/* A default written as several words (NEXT VALUE FOR seq): kept as its text. */
void
ddl_col_default_span(DdlParse *p, const Token *first, const Token *last)
{
	Token t = {first->z, (int)(last->z + last->n - first->z)};

	ddl_col_default_expr(p, &t);
}

/* DATE '2021-02-03', TIME '...', TIMESTAMP '...': the string, which the column's type reads. */
void
ddl_col_default_typed(DdlParse *p, const Token *type, const Token *s)
{
	static const char *const kinds[] = {"date", "time", "timestamp", NULL};
	char *word = lower_dup(p, type);

	if (type->z[0] == '`' || type->z[0] == '"' || !name_in(word, kinds)) {
		ddl_syntax_error(p, TK_STRING, s);
		return;
	}
	ddl_col_default(p, s, 0);
}

void
ddl_col_place(DdlParse *p, const Token *after)
{
	p->col->placed = true;
	p->col->after = after ? ddl_ident(p, after) : NULL;
}

/* ---------------------------------------------------------------- keys */

static void
attach_index(DdlParse *p, DdlIndex *ix)
{
	if (p->stmt->kind == DDL_ALTER_TABLE)
		new_spec(p, DDL_AT_ADD_INDEX)->index = ix;
	else
		PUSH(p, p->stmt->indexes, p->stmt->nindexes, ix);
}

void
ddl_index_begin(DdlParse *p, int kind, const Token *name, int if_not_exists)
{
	p->idx = arena_zalloc(p->arena, sizeof(DdlIndex));
	p->idx->kind = (DdlIndexKind)kind;
	p->idx->name = name != NULL && name->n ? ddl_ident(p, name) : NULL;
	p->idx->if_not_exists = if_not_exists || take_if_exists(p);
}

void
ddl_index_end(DdlParse *p)
{
	if (p->idx != NULL)
		attach_index(p, p->idx);
	p->idx = NULL;
}

static DdlKeyPart *
new_part(DdlParse *p)
{
	DdlIndex *ix = p->idx;

	if (ix->nparts == 0 || (ix->nparts & (ix->nparts - 1)) == 0) {
		DdlKeyPart *bigger =
		    arena_zalloc(p->arena, sizeof(DdlKeyPart) * (size_t)(ix->nparts ? ix->nparts * 2 : 4));
		if (ix->nparts)
			memcpy(bigger, ix->parts, sizeof(DdlKeyPart) * (size_t)ix->nparts);
		ix->parts = bigger;
	}
	return &ix->parts[ix->nparts++];
}

void
ddl_key_part(DdlParse *p, const Token *col, int prefix, int desc)
{
	DdlKeyPart *kp;

	if (p->idx == NULL)
		return;
	kp = new_part(p);
	kp->column = ddl_ident(p, col);
	kp->prefix = prefix;
	kp->desc = desc;
}

void
ddl_key_expr(DdlParse *p, const Token *e, int desc)
{
	DdlKeyPart *kp;

	if (p->idx == NULL)
		return;
	kp = new_part(p);
	kp->expr = text_dup(p, e);
	kp->desc = desc;
}

void
ddl_fk_ref_column(DdlParse *p, const Token *n)
{
	if (p->idx == NULL)
		return;
	PUSH(p, p->idx->ref_columns, p->idx->nref_columns, ddl_ident(p, n));
}

void
ddl_fk_end(DdlParse *p, const DdlQName *t)
{
	p->idx->ref_table = qname(p, t);
	ddl_index_end(p);
}

/* fk_opts reduce before the foreign key rule itself: p->idx is still the key. */
void
ddl_fk_on_delete(DdlParse *p, int action)
{
	if (p->idx != NULL)
		p->idx->on_delete = (DdlFkAction)action;
}

void
ddl_fk_on_update(DdlParse *p, int action)
{
	if (p->idx != NULL)
		p->idx->on_update = (DdlFkAction)action;
}

void
ddl_check(DdlParse *p, const Token *name, const Token *e, int enforced)
{
	DdlCheck *c = arena_zalloc(p->arena, sizeof(DdlCheck));
	bool if_not_exists;

	c->name = name != NULL && name->n ? ddl_ident(p, name) : NULL;
	c->expr = text_dup(p, e);
	c->enforced = enforced;
	if_not_exists = take_if_exists(p);
	if (p->stmt->kind == DDL_ALTER_TABLE) {
		DdlAlterSpec *s = new_spec(p, DDL_AT_ADD_CHECK);
		s->check = c;
		s->if_exists = if_not_exists;
	} else
		PUSH(p, p->stmt->checks, p->stmt->nchecks, c);
}

/* ---------------------------------------------------------------- ALTER TABLE */

void
ddl_alter_table(DdlParse *p, const DdlQName *n, int if_exists)
{
	DdlStmt *s = new_stmt(p, DDL_ALTER_TABLE);

	s->table = qname(p, n);
	s->if_exists = if_exists;
}

void
ddl_alter_add_column(DdlParse *p, int if_not_exists)
{
	DdlAlterSpec *s = new_spec(p, DDL_AT_ADD_COLUMN);

	s->column = p->col;
	s->if_exists = if_not_exists;
}

void
ddl_alter_drop_column(DdlParse *p, const Token *n, int if_exists)
{
	DdlAlterSpec *s = new_spec(p, DDL_AT_DROP_COLUMN);

	s->name = ddl_ident(p, n);
	s->if_exists = if_exists;
}

void
ddl_alter_drop_primary(DdlParse *p)
{
	new_spec(p, DDL_AT_DROP_PRIMARY);
}

static void
drop_named(DdlParse *p, DdlAlterKind kind, const Token *n, int if_exists)
{
	DdlAlterSpec *s = new_spec(p, kind);

	s->name = ddl_ident(p, n);
	s->if_exists = if_exists;
}

void
ddl_alter_drop_index(DdlParse *p, const Token *n, int if_exists)
{
	drop_named(p, DDL_AT_DROP_INDEX, n, if_exists);
}

void
ddl_alter_drop_fk(DdlParse *p, const Token *n, int if_exists)
{
	drop_named(p, DDL_AT_DROP_FOREIGN, n, if_exists);
}

void
ddl_alter_drop_check(DdlParse *p, const Token *n, int if_exists)
{
	drop_named(p, DDL_AT_DROP_CHECK, n, if_exists);
}

void
ddl_alter_enforce_check(DdlParse *p, const Token *n)
{
	drop_named(p, DDL_AT_ENFORCE_CHECK, n, 0);
}

void
ddl_alter_drop_constraint(DdlParse *p, const Token *n, int if_exists)
{
	drop_named(p, DDL_AT_DROP_CONSTRAINT, n, if_exists);
}

void
ddl_alter_change(DdlParse *p, const Token *old, int if_exists)
{
	DdlAlterSpec *s = new_spec(p, DDL_AT_CHANGE_COLUMN);

	s->name = ddl_ident(p, old);
	s->column = p->col;
	s->if_exists = if_exists;
}

void
ddl_alter_modify(DdlParse *p, int if_exists)
{
	DdlAlterSpec *s = new_spec(p, DDL_AT_MODIFY_COLUMN);

	s->name = p->col->name;
	s->column = p->col;
	s->if_exists = if_exists;
}

void
ddl_alter_column_begin(DdlParse *p, const Token *n, int if_exists)
{
	ddl_column_begin(p, n);
	p->spec_if_exists = if_exists;
}

void
ddl_constraint_if_not_exists(DdlParse *p)
{
	p->spec_if_exists = 1;
}

void
ddl_alter_order(DdlParse *p)
{
	new_spec(p, DDL_AT_ORDER);
}

void
ddl_alter_set_default(DdlParse *p)
{
	DdlAlterSpec *s = new_spec(p, DDL_AT_SET_DEFAULT);

	s->name = p->col->name;
	s->column = p->col;
	s->if_exists = take_if_exists(p);
}

void
ddl_alter_drop_default(DdlParse *p)
{
	DdlAlterSpec *s = new_spec(p, DDL_AT_DROP_DEFAULT);

	s->name = p->col->name;
	s->column = p->col;
	s->if_exists = take_if_exists(p);
}

void
ddl_alter_rename_column(DdlParse *p, const Token *a, const Token *b, int if_exists)
{
	DdlAlterSpec *s = new_spec(p, DDL_AT_RENAME_COLUMN);

	s->name = ddl_ident(p, a);
	s->new_name = ddl_ident(p, b);
	s->if_exists = if_exists;
}

void
ddl_alter_rename_index(DdlParse *p, const Token *a, const Token *b, int if_exists)
{
	DdlAlterSpec *s = new_spec(p, DDL_AT_RENAME_INDEX);

	s->name = ddl_ident(p, a);
	s->new_name = ddl_ident(p, b);
	s->if_exists = if_exists;
}

void
ddl_alter_rename_table(DdlParse *p, const DdlQName *n)
{
	new_spec(p, DDL_AT_RENAME_TABLE)->table = qname(p, n);
}

/* ---------------------------------------------------------------- DROP, TRUNCATE, RENAME, INDEX */

static void
push_name(DdlParse *p, DdlName n)
{
	DdlStmt *s = p->stmt;

	if (s->nnames == 0 || (s->nnames & (s->nnames - 1)) == 0) {
		DdlName *bigger =
		    arena_alloc(p->arena, sizeof(DdlName) * (size_t)(s->nnames ? s->nnames * 2 : 4));
		if (s->nnames)
			memcpy(bigger, s->names, sizeof(DdlName) * (size_t)s->nnames);
		s->names = bigger;
	}
	s->names[s->nnames++] = n;
}

void
ddl_drop_table(DdlParse *p, int temporary, int if_exists)
{
	DdlStmt *s = new_stmt(p, DDL_DROP_TABLE);

	s->temporary = temporary;
	s->if_exists = if_exists;
}

void
ddl_drop_table_name(DdlParse *p, const DdlQName *n)
{
	push_name(p, qname(p, n));
}

void
ddl_truncate(DdlParse *p, const DdlQName *n)
{
	new_stmt(p, DDL_TRUNCATE)->table = qname(p, n);
}

void
ddl_rename_table(DdlParse *p)
{
	new_stmt(p, DDL_RENAME_TABLE);
}

void
ddl_rename_pair(DdlParse *p, const DdlQName *a, const DdlQName *b)
{
	push_name(p, qname(p, a));
	push_name(p, qname(p, b));
}

void
ddl_create_index(DdlParse *p, int kind, const Token *name, int if_not_exists, int or_replace)
{
	new_stmt(p, DDL_CREATE_INDEX)->or_replace = or_replace;
	ddl_index_begin(p, kind, name, if_not_exists);
}

void
ddl_index_table(DdlParse *p, const DdlQName *t)
{
	p->stmt->table = qname(p, t);
}

void
ddl_drop_index(DdlParse *p, const Token *name, const DdlQName *t, int if_exists)
{
	DdlStmt *s = new_stmt(p, DDL_DROP_INDEX);

	s->table = qname(p, t);
	s->index_name = ddl_ident(p, name);
	s->if_exists = if_exists;
}
