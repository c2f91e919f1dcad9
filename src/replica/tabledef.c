/*
 * tabledef.c — a source table's PostgreSQL definition, from information_schema.
 *
 * The stand-in for the DDL translator on the snapshot's path (see
 * tabledef.h): the columns of information_schema.COLUMNS mapped with the
 * type map of DESIGN §7 and the configuration's type_override, the keys of
 * information_schema.STATISTICS, enum labels as CHECK constraints.  It is
 * not a parser: nothing here reads MySQL DDL text.
 */
#include "replica/tabledef.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>

#include "common/log.h"
#include "common/strbuf.h"

#define NAME_MAX_BYTES 63

/* Appends s as a MySQL string literal (quotes included). */
static void
my_literal(MyConn *my, StrBuf *sb, const char *s)
{
	size_t n = strlen(s);
	char *esc = chm_malloc(2 * n + 1);
	mysql_real_escape_string(my->mysql, esc, s, (unsigned long) n);
	strbuf_putc(sb, '\'');
	strbuf_puts(sb, esc);
	strbuf_putc(sb, '\'');
	free(esc);
}

static MYSQL_RES *
my_rows(MyConn *my, const StrBuf *sql, const char *what)
{
	MYSQL_RES *res;
	if (mysql_real_query(my->mysql, sql->data, sql->len) != 0 || (res = mysql_store_result(my->mysql)) == NULL) {
		my_log_error(my, what);
		return NULL;
	}
	return res;
}

void
tabledef_object_name(char *buf, const char *table, const char *name)
{
	size_t lt = strlen(table), ln = strlen(name);
	if (lt + 1 + ln <= NAME_MAX_BYTES) {
		memcpy(buf, table, lt);
		buf[lt] = '_';
		memcpy(buf + lt + 1, name, ln + 1);
		return;
	}
	/*
	 * Too long: keep a prefix of each and a hash of the whole, so two long
	 * names that share a prefix still differ.  Cut on a UTF-8 boundary.
	 */
	unsigned long h = 5381;
	for (const char *p = table; *p; p++)
		h = h * 33 + (unsigned char) *p;
	for (const char *p = name; *p; p++)
		h = h * 33 + (unsigned char) *p;
	size_t keep_t = lt < 30 ? lt : 30, keep_n = ln < 22 ? ln : 22;
	while (keep_t > 0 && (table[keep_t] & 0xC0) == 0x80)
		keep_t--;
	while (keep_n > 0 && (name[keep_n] & 0xC0) == 0x80)
		keep_n--;
	snprintf(buf, NAME_MAX_BYTES + 1, "%.*s_%.*s_%08lx", (int) keep_t, table, (int) keep_n, name, h & 0xffffffffUL);
}

/* The type_override entry for this column type and table, or NULL. */
static const char *
override_for(const Config *cfg, const char *column_type, const char *schema, const char *table)
{
	for (int i = 0; i < cfg->n_type_override; i++) {
		const TypeOverride *o = &cfg->type_override[i];
		if (strcasecmp(o->from, column_type) != 0)
			continue;
		for (int j = 0; j < o->tables.n; j++) {
			const char *t = o->tables.items[j];
			size_t ls = strlen(schema);
			if (strcmp(t, "*") == 0 ||
				(strncmp(t, schema, ls) == 0 && t[ls] == '.' && strcmp(t + ls + 1, table) == 0))
				return o->to;
		}
	}
	return NULL;
}

/*
 * The PostgreSQL type of a MySQL column per DESIGN §7.  is_json: MariaDB's
 * JSON is a LONGTEXT with a json_valid() CHECK.
 */
static void
map_type(StrBuf *sb, const char *data_type, const char *column_type, const char *char_len, const char *num_prec,
		 const char *num_scale, const char *dt_prec, bool is_json)
{
	bool unsig = strstr(column_type, "unsigned") != NULL;
	int dtp = dt_prec ? atoi(dt_prec) : 0;

	if (is_json || strcmp(data_type, "json") == 0)
		strbuf_puts(sb, "jsonb");
	else if (strcmp(data_type, "tinyint") == 0)
		strbuf_puts(sb, "smallint");
	else if (strcmp(data_type, "smallint") == 0)
		strbuf_puts(sb, unsig ? "integer" : "smallint");
	else if (strcmp(data_type, "mediumint") == 0)
		strbuf_puts(sb, "integer");
	else if (strcmp(data_type, "int") == 0 || strcmp(data_type, "integer") == 0)
		strbuf_puts(sb, unsig ? "bigint" : "integer");
	else if (strcmp(data_type, "bigint") == 0)
		strbuf_puts(sb, unsig ? "numeric(20)" : "bigint");
	else if (strcmp(data_type, "decimal") == 0 || strcmp(data_type, "numeric") == 0)
		strbuf_printf(sb, "numeric(%s,%s)", num_prec ? num_prec : "10", num_scale ? num_scale : "0");
	else if (strcmp(data_type, "float") == 0)
		strbuf_puts(sb, "real");
	else if (strcmp(data_type, "double") == 0 || strcmp(data_type, "real") == 0)
		strbuf_puts(sb, "double precision");
	else if (strcmp(data_type, "bit") == 0)
		strbuf_printf(sb, "bit(%s)", num_prec ? num_prec : "1");
	else if (strcmp(data_type, "year") == 0)
		strbuf_puts(sb, "smallint");
	else if (strcmp(data_type, "date") == 0)
		strbuf_puts(sb, "date");
	else if (strcmp(data_type, "datetime") == 0)
		strbuf_printf(sb, "timestamp(%d) without time zone", dtp);
	else if (strcmp(data_type, "timestamp") == 0)
		strbuf_printf(sb, "timestamp(%d) with time zone", dtp);
	else if (strcmp(data_type, "time") == 0)
		strbuf_puts(sb, "interval");
	else if (strcmp(data_type, "char") == 0)
		strbuf_printf(sb, "character(%s)", char_len && atol(char_len) > 0 ? char_len : "1");
	else if (strcmp(data_type, "varchar") == 0)
		strbuf_printf(sb, "character varying(%s)", char_len && atol(char_len) > 0 ? char_len : "1");
	else if (strstr(data_type, "text") != NULL || strcmp(data_type, "enum") == 0 || strcmp(data_type, "set") == 0)
		strbuf_puts(sb, "text");
	else if (strcmp(data_type, "inet6") == 0 || strcmp(data_type, "inet4") == 0)
		strbuf_puts(sb, "inet");
	else if (strcmp(data_type, "uuid") == 0)
		strbuf_puts(sb, "uuid");
	else /* binary, varbinary, blobs, geometry: bytes */
		strbuf_puts(sb, "bytea");
}

/* Labels of enum('a','b''c') into out (arena); returns their number. */
static int
enum_labels(Arena *arena, const char *column_type, const char ***out)
{
	const char *p = strchr(column_type, '(');
	int n = 0, cap = 8;
	const char **labels = arena_alloc(arena, sizeof(char *) * (size_t) cap);
	StrBuf lab = STRBUF_INIT;

	while (p != NULL && *p != '\0' && *p != ')') {
		p++; /* '(' or ',' */
		if (*p != '\'')
			break;
		p++;
		strbuf_reset(&lab);
		for (; *p != '\0'; p++) {
			if (*p == '\'' && p[1] == '\'') {
				strbuf_putc(&lab, '\'');
				p++;
			} else if (*p == '\\' && p[1] != '\0') {
				strbuf_putc(&lab, p[1]);
				p++;
			} else if (*p == '\'') {
				p++;
				break;
			} else {
				strbuf_putc(&lab, *p);
			}
		}
		if (n == cap) {
			const char **grown = arena_alloc(arena, sizeof(char *) * (size_t) cap * 2);
			memcpy(grown, labels, sizeof(char *) * (size_t) cap);
			labels = grown;
			cap *= 2;
		}
		labels[n++] = arena_strdup(arena, lab.data ? lab.data : "");
	}
	strbuf_free(&lab);
	*out = labels;
	return n;
}

/*
 * The DEFAULT clause for a column, or nothing.  MariaDB (10.2.7 and later)
 * shows defaults as SQL: 'quoted', numbers, NULL, current_timestamp(),
 * b'101'; MySQL shows the bare value and marks expressions
 * DEFAULT_GENERATED.  Literals go out quoted, so PostgreSQL casts them to
 * the column's type (a boolean override takes '1').
 */
static void
put_default(StrBuf *sb, MyConn *my, const char *def, const char *extra, const char *data_type, const char *pg_type,
			bool nullable, const char *where)
{
	bool is_date = strcmp(data_type, "date") == 0 || strcmp(data_type, "datetime") == 0 ||
				   strcmp(data_type, "timestamp") == 0;
	StrBuf lit = STRBUF_INIT;

	if (def == NULL || (my->flavor == MY_MARIADB && strcmp(def, "NULL") == 0))
		return;
	if (strncasecmp(def, "current_timestamp", 17) == 0 || strncasecmp(def, "now()", 5) == 0) {
		strbuf_puts(sb, " DEFAULT CURRENT_TIMESTAMP");
		return;
	}
	if (my->flavor == MY_MARIADB) {
		size_t n = strlen(def);
		if (n >= 2 && def[0] == '\'' && def[n - 1] == '\'') {
			for (size_t i = 1; i + 1 < n; i++) {
				if (def[i] == '\'' && def[i + 1] == '\'')
					i++;
				else if (def[i] == '\\' && i + 2 < n) {
					i++;
					switch (def[i]) {
					case 'n': strbuf_putc(&lit, '\n'); continue;
					case 't': strbuf_putc(&lit, '\t'); continue;
					case 'r': strbuf_putc(&lit, '\r'); continue;
					case '0': strbuf_putc(&lit, '\0'); continue;
					default: break;
					}
				}
				strbuf_putc(&lit, def[i]);
			}
		} else if ((def[0] == 'b' || def[0] == 'B') && def[1] == '\'') {
			/* b'101' into bit(5): PostgreSQL wants all five digits */
			size_t digits = n >= 3 ? n - 3 : 0;
			int width = strncmp(pg_type, "bit(", 4) == 0 ? atoi(pg_type + 4) : (int) digits;
			strbuf_puts(sb, " DEFAULT B'");
			for (int k = (int) digits; k < width; k++)
				strbuf_putc(sb, '0');
			strbuf_append(sb, def + 2, digits);
			strbuf_putc(sb, '\'');
			return;
		} else if (strspn(def, "+-0123456789.eE") == n) {
			strbuf_puts(&lit, def);
		} else {
			chm_log(LOG_NOTICE, "%s: default %s not translated, the column has no default", where, def);
			return;
		}
	} else {
		if (extra != NULL && strstr(extra, "DEFAULT_GENERATED") != NULL) {
			chm_log(LOG_NOTICE, "%s: default %s not translated, the column has no default", where, def);
			return;
		}
		strbuf_puts(&lit, def);
	}
	if (is_date && lit.len >= 4 && (memcmp(lit.data, "0000", 4) == 0 || (lit.len >= 10 && (memcmp(lit.data + 5, "00", 2) == 0 || memcmp(lit.data + 8, "00", 2) == 0)))) {
		/* zero dates per the policy: NULL where allowed, -infinity where not */
		if (!nullable)
			strbuf_puts(sb, " DEFAULT '-infinity'");
		strbuf_free(&lit);
		return;
	}
	if (strcmp(pg_type, "bytea") == 0) {
		strbuf_puts(sb, " DEFAULT '\\x");
		for (size_t i = 0; i < lit.len; i++)
			strbuf_printf(sb, "%02x", (unsigned char) lit.data[i]);
		strbuf_puts(sb, "'::bytea");
	} else if (memchr(lit.data ? lit.data : "", '\0', lit.len) == NULL) {
		strbuf_puts(sb, " DEFAULT ");
		strbuf_quote_literal(sb, lit.data ? lit.data : "", lit.len);
	}
	strbuf_free(&lit);
}

static bool
is_identity_type(const char *pg_type)
{
	return strcmp(pg_type, "smallint") == 0 || strcmp(pg_type, "integer") == 0 || strcmp(pg_type, "bigint") == 0;
}

typedef struct PtrList {
	const char **items;
	int n, cap;
} PtrList;

static void
ptr_push(Arena *arena, PtrList *l, const char *s)
{
	if (l->n == l->cap) {
		int cap = l->cap ? l->cap * 2 : 8;
		const char **grown = arena_alloc(arena, sizeof(char *) * (size_t) cap);
		if (l->n)
			memcpy(grown, l->items, sizeof(char *) * (size_t) l->n);
		l->items = grown;
		l->cap = cap;
	}
	l->items[l->n++] = s;
}

/* Column name -> PostgreSQL type, for the index expressions of prefix keys. */
typedef struct ColType {
	const char *name;
	const char *pg_type;
} ColType;

static const char *
type_of(const ColType *cols, int n, const char *name)
{
	for (int i = 0; i < n; i++)
		if (strcmp(cols[i].name, name) == 0)
			return cols[i].pg_type;
	return "";
}

/* Builds the statements of the indexes from information_schema.STATISTICS. */
static int
build_indexes(MyConn *my, const char *schema, const char *table, const ColType *cols, int n_cols, Arena *arena,
			  PtrList *post, PtrList *keys)
{
	StrBuf sql = STRBUF_INIT, stmt = STRBUF_INIT;
	MYSQL_RES *res;
	MYSQL_ROW row;
	char cur[256] = "";
	bool have = false, skip = false, unique = false, primary = false;
	char objname[NAME_MAX_BYTES + 1];
	int rc = 0;

	strbuf_puts(&sql, "SELECT INDEX_NAME, NON_UNIQUE, COLUMN_NAME, SUB_PART, INDEX_TYPE "
					  "FROM information_schema.STATISTICS WHERE TABLE_SCHEMA = ");
	my_literal(my, &sql, schema);
	strbuf_puts(&sql, " AND TABLE_NAME = ");
	my_literal(my, &sql, table);
	strbuf_puts(&sql, " ORDER BY INDEX_NAME = 'PRIMARY' DESC, INDEX_NAME, SEQ_IN_INDEX");
	if ((res = my_rows(my, &sql, "could not read the indexes of a table")) == NULL) {
		rc = CHM_EMYSQL;
		goto done;
	}
	for (;;) {
		row = mysql_fetch_row(res);
		if (row == NULL || strcmp(row[0], cur) != 0) {
			/* close the index being built */
			if (have && !skip) {
				strbuf_putc(&stmt, ')');
				ptr_push(arena, post, arena_strdup(arena, stmt.data));
			}
			if (row == NULL)
				break;
			snprintf(cur, sizeof(cur), "%s", row[0]);
			have = true;
			skip = false;
			primary = strcmp(row[0], "PRIMARY") == 0;
			unique = strcmp(row[1], "0") == 0;
			strbuf_reset(&stmt);
			if (row[4] != NULL && (strcasecmp(row[4], "FULLTEXT") == 0 || strcasecmp(row[4], "SPATIAL") == 0)) {
				chm_log(LOG_NOTICE, "table \"%s\".\"%s\": %s index \"%s\" skipped, PostgreSQL has no equivalent",
						schema, table, row[4], row[0]);
				skip = true;
				continue;
			}
			if (primary) {
				tabledef_object_name(objname, table, "pkey");
				strbuf_puts(&stmt, "ALTER TABLE ");
				strbuf_quote_ident(&stmt, table, strlen(table));
				strbuf_puts(&stmt, " ADD CONSTRAINT ");
				strbuf_quote_ident(&stmt, objname, strlen(objname));
				strbuf_puts(&stmt, " PRIMARY KEY (");
			} else {
				tabledef_object_name(objname, table, row[0]);
				strbuf_puts(&stmt, unique ? "CREATE UNIQUE INDEX " : "CREATE INDEX ");
				strbuf_quote_ident(&stmt, objname, strlen(objname));
				strbuf_puts(&stmt, " ON ");
				strbuf_quote_ident(&stmt, table, strlen(table));
				strbuf_puts(&stmt, " (");
			}
		} else if (!skip) {
			strbuf_puts(&stmt, ", ");
		}
		if (skip)
			continue;
		if (row[2] == NULL) {
			/* a MariaDB/MySQL functional index: nothing to name */
			chm_log(LOG_NOTICE, "table \"%s\".\"%s\": expression index \"%s\" skipped", schema, table, row[0]);
			skip = true;
			continue;
		}
		if (primary)
			ptr_push(arena, keys, arena_strdup(arena, row[2]));
		if (row[3] != NULL && unique && !primary) {
			/* a unique prefix stays unique on the prefix only */
			const char *t = type_of(cols, n_cols, row[2]);
			strbuf_puts(&stmt, strcmp(t, "bytea") == 0 ? "substring(" : "left(");
			strbuf_quote_ident(&stmt, row[2], strlen(row[2]));
			strbuf_printf(&stmt, strcmp(t, "bytea") == 0 ? " from 1 for %d)" : ", %d)", atoi(row[3]));
		} else {
			strbuf_quote_ident(&stmt, row[2], strlen(row[2]));
		}
	}
	mysql_free_result(res);
done:
	strbuf_free(&sql);
	strbuf_free(&stmt);
	return rc;
}

int
tabledef_build(MyConn *my, const Config *cfg, const char *schema, const char *table, Arena *arena, TableDef *out)
{
	StrBuf sql = STRBUF_INIT, create = STRBUF_INIT, type = STRBUF_INIT, chk = STRBUF_INIT;
	MYSQL_RES *res = NULL;
	MYSQL_ROW row;
	PtrList post = {0}, keys = {0}, json_cols = {0};
	ColType *cols = NULL;
	int n_cols = 0, rc = 0;
	char where[600];

	memset(out, 0, sizeof(*out));
	out->src_schema = arena_strdup(arena, schema);
	out->src_table = arena_strdup(arena, table);
	out->dst_table = out->src_table;

	/* MariaDB's JSON columns: LONGTEXT with CHECK (json_valid(`c`)) */
	if (my->flavor == MY_MARIADB) {
		strbuf_puts(&sql, "SELECT CONSTRAINT_NAME, CHECK_CLAUSE FROM information_schema.CHECK_CONSTRAINTS "
						  "WHERE CONSTRAINT_SCHEMA = ");
		my_literal(my, &sql, schema);
		strbuf_puts(&sql, " AND TABLE_NAME = ");
		my_literal(my, &sql, table);
		if ((res = my_rows(my, &sql, "could not read the check constraints of a table")) == NULL) {
			rc = CHM_EMYSQL;
			goto done;
		}
		while ((row = mysql_fetch_row(res)) != NULL) {
			const char *c = row[1];
			size_t n = c ? strlen(c) : 0;
			if (n > 13 && strncmp(c, "json_valid(`", 12) == 0 && strcmp(c + n - 2, "`)") == 0)
				ptr_push(arena, &json_cols, arena_strndup(arena, c + 12, n - 14));
		}
		mysql_free_result(res);
		res = NULL;
	}

	strbuf_reset(&sql);
	strbuf_puts(&sql, "SELECT COLUMN_NAME, DATA_TYPE, COLUMN_TYPE, IS_NULLABLE, CHARACTER_MAXIMUM_LENGTH, "
					  "NUMERIC_PRECISION, NUMERIC_SCALE, DATETIME_PRECISION, EXTRA, COLUMN_DEFAULT "
					  "FROM information_schema.COLUMNS WHERE TABLE_SCHEMA = ");
	my_literal(my, &sql, schema);
	strbuf_puts(&sql, " AND TABLE_NAME = ");
	my_literal(my, &sql, table);
	strbuf_puts(&sql, " ORDER BY ORDINAL_POSITION");
	if ((res = my_rows(my, &sql, "could not read the columns of a table")) == NULL) {
		rc = CHM_EMYSQL;
		goto done;
	}
	if (mysql_num_rows(res) == 0) {
		chm_log(LOG_ERROR, "table \"%s\".\"%s\" does not exist on MySQL server %s", schema, table, my->where);
		rc = CHM_ENOTFOUND;
		goto done;
	}
	cols = arena_zalloc(arena, sizeof(ColType) * mysql_num_rows(res));
	strbuf_puts(&create, "CREATE TABLE ");
	strbuf_quote_ident(&create, table, strlen(table));
	strbuf_puts(&create, " (");
	while ((row = mysql_fetch_row(res)) != NULL) {
		const char *name = row[0], *data_type = row[1], *column_type = row[2];
		bool nullable = strcmp(row[3], "YES") == 0;
		const char *extra = row[8] ? row[8] : "";
		bool is_json = false;
		const char *ovr;
		char lower_dt[64];

		snprintf(lower_dt, sizeof(lower_dt), "%s", data_type);
		for (char *p = lower_dt; *p; p++)
			*p = (char) (*p >= 'A' && *p <= 'Z' ? *p + 32 : *p);
		for (int i = 0; i < json_cols.n; i++)
			if (strcmp(json_cols.items[i], name) == 0)
				is_json = true;
		snprintf(where, sizeof(where), "column \"%s\".\"%s\".\"%s\"", schema, table, name);

		strbuf_reset(&type);
		ovr = override_for(cfg, column_type, schema, table);
		if (ovr != NULL)
			strbuf_puts(&type, ovr);
		else
			map_type(&type, lower_dt, column_type, row[4], row[5], row[6], row[7], is_json);
		cols[n_cols].name = arena_strdup(arena, name);
		cols[n_cols].pg_type = arena_strdup(arena, type.data);

		if (n_cols > 0)
			strbuf_puts(&create, ", ");
		strbuf_quote_ident(&create, name, strlen(name));
		strbuf_putc(&create, ' ');
		strbuf_puts(&create, type.data);
		if (strcasestr(extra, "auto_increment") != NULL) {
			if (is_identity_type(type.data))
				strbuf_puts(&create, " GENERATED BY DEFAULT AS IDENTITY");
			else
				chm_log(LOG_NOTICE, "%s: AUTO_INCREMENT on %s cannot be an identity", where, type.data);
		} else if (strcasestr(extra, "GENERATED") == NULL || strcasestr(extra, "DEFAULT_GENERATED") != NULL) {
			put_default(&create, my, row[9], extra, lower_dt, type.data, nullable, where);
		}
		if (!nullable)
			strbuf_puts(&create, " NOT NULL");
		n_cols++;

		if (strcmp(lower_dt, "enum") == 0 && ovr == NULL) {
			const char **labels;
			int n = enum_labels(arena, column_type, &labels);
			char cname[NAME_MAX_BYTES + 1];
			StrBuf suffix = STRBUF_INIT;
			strbuf_printf(&suffix, "%s_check", name);
			tabledef_object_name(cname, table, suffix.data);
			strbuf_free(&suffix);
			strbuf_reset(&chk);
			strbuf_puts(&chk, "ALTER TABLE ");
			strbuf_quote_ident(&chk, table, strlen(table));
			strbuf_puts(&chk, " ADD CONSTRAINT ");
			strbuf_quote_ident(&chk, cname, strlen(cname));
			strbuf_puts(&chk, " CHECK (");
			strbuf_quote_ident(&chk, name, strlen(name));
			/* MariaDB stores '' for a value not in the list in non-strict mode */
			strbuf_puts(&chk, " IN (''");
			for (int i = 0; i < n; i++) {
				strbuf_puts(&chk, ", ");
				strbuf_quote_literal(&chk, labels[i], strlen(labels[i]));
			}
			strbuf_puts(&chk, "))");
			ptr_push(arena, &post, arena_strdup(arena, chk.data));
		}
	}
	strbuf_putc(&create, ')');
	mysql_free_result(res);
	res = NULL;

	{
		/* keys first in post: the primary key, then the other indexes */
		PtrList idx = {0};
		if ((rc = build_indexes(my, schema, table, cols, n_cols, arena, &idx, &keys)) != 0)
			goto done;
		for (int i = 0; i < post.n; i++)
			ptr_push(arena, &idx, post.items[i]);
		post = idx;
	}
	out->create_sql = arena_strdup(arena, create.data);
	out->post_sql = post.items;
	out->n_post = post.n;
	out->key_columns = keys.items;
	out->n_key = keys.n;
done:
	if (res != NULL)
		mysql_free_result(res);
	strbuf_free(&sql);
	strbuf_free(&create);
	strbuf_free(&type);
	strbuf_free(&chk);
	return rc;
}
