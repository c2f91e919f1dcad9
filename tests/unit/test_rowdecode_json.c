/*
 * test_rowdecode_json.c — MySQL's partial JSON updates and VECTOR text.
 *
 * Decodes the binlog of partial JSON updates captured from a MySQL 9.7 lab
 * by tests/unit/binlog/capture-mysql-json.sh (PARTIAL_UPDATE_ROWS events
 * with REPLACE / INSERT / REMOVE diffs, binlog_row_image=FULL) and checks
 * that every updated document is the one SELECT printed after that UPDATE;
 * then the diff applier on hand-written documents and paths (escaped keys,
 * [last-n], MySQL's auto-wrap, paths that are not there), and VECTOR's
 * floats as text.
 */
#include <json-c/json.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "common/strbuf.h"
#include "mysql/binlog.h"
#include "mysql/rowdecode.h"
#include "mysql/rowdecode_int.h"
#include "unit.h"

#ifndef CAPTURED
#define CAPTURED "tests/unit/binlog"
#endif

/* The expected documents: one line per UPDATE, "id<TAB>json". */
static int
read_expected(const char *path, json_object **docs, int *ids, int max)
{
	FILE *f = fopen(path, "r");
	char *line = NULL;
	size_t cap = 0;
	int n = 0;
	if (f == NULL)
		return -1;
	while (n < max && getline(&line, &cap, f) > 0) {
		char *tab = strchr(line, '\t');
		if (tab == NULL)
			continue;
		ids[n] = atoi(line);
		docs[n++] = json_tokener_parse(tab + 1);
	}
	free(line);
	fclose(f);
	return n;
}

static void
test_captured(const char *dir)
{
	char path[512];
	json_object *want[64];
	int ids[64], nwant, got = 0, partial = 0, rc;
	BinlogFile f;
	BinlogParser p;
	RowDecoder d;
	BinlogEvent ev;
	char err[600] = "";
	bool exact_decimal = false;

	snprintf(path, sizeof path, "%s/mysql-partial-json.expected", dir);
	nwant = read_expected(path, want, ids, 64);
	CHECK(nwant == 17, "the capture's 17 expected documents are readable (%d)", nwant);
	if (nwant <= 0)
		return;
	snprintf(path, sizeof path, "%s/mysql-partial-json.binlog", dir);
	rc = binlog_file_open(&f, path, err, sizeof err);
	CHECK(rc == 0, "the captured binlog opens");
	if (rc != 0) {
		printf("#   %s\n", err);
		return;
	}
	binlog_parser_init(&p, path);
	rowdecode_init(&d);
	while ((rc = binlog_file_next(&f, &p, &ev)) > 0) {
		RowCursor rcur;
		json_object *before = NULL, *after = NULL;
		if (!binlog_is_rows_event(ev.type) || ev.u.rows.kind == BINLOG_ROWS_WRITE)
			continue;
		if (strcmp(ev.u.rows.table->table, "t") != 0)
			continue;
		partial += ev.u.rows.kind == BINLOG_ROWS_PARTIAL_UPDATE;
		rowdecode_start(&rcur, &ev, p.file);
		while ((rc = rowdecode_next_jsonc(&d, &rcur, &before, &after)) > 0) {
			json_object *j = NULL, *id = NULL;
			if (got < nwant && json_object_object_get_ex(after, "j", &j) &&
			    json_object_object_get_ex(after, "id", &id)) {
				bool same = json_object_get_int(id) == ids[got] && json_object_equal(j, want[got]);
				CHECK(same, "update %d (row %d): the document as MySQL has it", got + 1, ids[got]);
				if (!same)
					printf("#   got:  %s\n#   want: %s\n", json_object_to_json_string(j),
					       json_object_to_json_string(want[got]));
				const char *s = json_object_to_json_string(j);
				exact_decimal |= strstr(s, "123456789012345678901234567890.5") != NULL;
			}
			got++;
			json_object_put(before);
			json_object_put(after);
			before = after = NULL;
		}
		if (rc < 0)
			break;
	}
	if (rc < 0)
		printf("#   %s\n", rowdecode_error(&d)[0] ? rowdecode_error(&d) : binlog_error(&p));
	CHECK(rc == 0, "the captured binlog decodes without error");
	CHECK(partial >= 12, "most updates came as PARTIAL_UPDATE_ROWS diffs (%d of %d)", partial,
	      nwant);
	CHECK_INT(got, nwant, "one updated row per expected document");
	CHECK(exact_decimal, "a DECIMAL of 31 digits keeps every digit through the splice");
	rowdecode_free(&d);
	binlog_parser_free(&p);
	binlog_file_close(&f);
	for (int i = 0; i < nwant; i++)
		json_object_put(want[i]);
}

/* Applies one diff to doc; returns the new text or "ERROR: why". */
static const char *
apply(const char *doc, int op, const char *path, const char *val)
{
	static char res[1024];
	StrBuf d = STRBUF_INIT, next = STRBUF_INIT, v = STRBUF_INIT;
	const char *why;
	strbuf_puts(&d, doc);
	strbuf_puts(&v, val ? val : "");
	if (rowdecode_json_apply(&d, &next, op, path, strlen(path), &v, &why) < 0)
		snprintf(res, sizeof res, "ERROR: %s", why);
	else
		snprintf(res, sizeof res, "%s", d.data);
	strbuf_free(&d);
	strbuf_free(&next);
	strbuf_free(&v);
	return res;
}

static void
test_apply(void)
{
	const char *doc = "{\"a\":1,\"b c\":[1,2,3],\"q\\\"k\":{\"x\":null},\"u\\u00e9\":true}";
	CHECK_STR(apply(doc, 0, "$.a", "99999999999999999999999.5"),
	          "{\"a\":99999999999999999999999.5,\"b "
	          "c\":[1,2,3],\"q\\\"k\":{\"x\":null},\"u\\u00e9\":true}",
	          "REPLACE keeps the digits of a big number");
	CHECK_STR(apply(doc, 2, "$.\"b c\"[0]", NULL),
	          "{\"a\":1,\"b c\":[2,3],\"q\\\"k\":{\"x\":null},\"u\\u00e9\":true}",
	          "REMOVE of the first element of an array under a quoted key");
	CHECK_STR(apply(doc, 2, "$.\"b c\"[last]", NULL),
	          "{\"a\":1,\"b c\":[1,2],\"q\\\"k\":{\"x\":null},\"u\\u00e9\":true}",
	          "REMOVE of [last]");
	CHECK_STR(apply(doc, 0, "$.\"b c\"[last-1]", "\"m\""),
	          "{\"a\":1,\"b c\":[1,\"m\",3],\"q\\\"k\":{\"x\":null},\"u\\u00e9\":true}",
	          "REPLACE of [last-1]");
	CHECK_STR(apply(doc, 1, "$.\"b c\"[1]", "9"),
	          "{\"a\":1,\"b c\":[1,9,2,3],\"q\\\"k\":{\"x\":null},\"u\\u00e9\":true}",
	          "INSERT into an array before an element");
	CHECK_STR(apply(doc, 1, "$.\"b c\"[7]", "9"),
	          "{\"a\":1,\"b c\":[1,2,3,9],\"q\\\"k\":{\"x\":null},\"u\\u00e9\":true}",
	          "INSERT beyond the end appends");
	CHECK_STR(apply(doc, 0, "$.\"q\\\"k\".x", "[]"),
	          "{\"a\":1,\"b c\":[1,2,3],\"q\\\"k\":{\"x\":[]},\"u\\u00e9\":true}",
	          "REPLACE under a key with an escaped quote");
	CHECK_STR(apply(doc, 2, "$.\"q\\\"k\".x", NULL),
	          "{\"a\":1,\"b c\":[1,2,3],\"q\\\"k\":{},\"u\\u00e9\":true}",
	          "REMOVE of an object's only member");
	CHECK_STR(apply(doc, 2, "$.\"u\xc3\xa9\"", NULL),
	          "{\"a\":1,\"b c\":[1,2,3],\"q\\\"k\":{\"x\":null}}",
	          "REMOVE of the last member, its key written with a \\u escape in the document");
	CHECK_STR(apply(doc, 1, "$.\"q\\\"k\".new", "\"v\""),
	          "{\"a\":1,\"b c\":[1,2,3],\"q\\\"k\":{\"x\":null,\"new\":\"v\"},\"u\\u00e9\":true}",
	          "INSERT of a new key");
	CHECK_STR(apply("{}", 1, "$.\"a\\\\b\"", "1"), "{\"a\\\\b\":1}",
	          "INSERT into an empty object, the key quoted again");
	CHECK_STR(apply("{\"a\":5}", 0, "$.a[0]", "6"), "{\"a\":6}",
	          "[0] of a scalar is the scalar (MySQL's auto-wrap)");
	CHECK_STR(apply("[1]", 0, "$", "{\"z\":1}"), "{\"z\":1}", "REPLACE of $ replaces the document");
	CHECK_STR(apply("{\"a\":1}", 0, "$.b", "1"), "ERROR: a REPLACE of a value that is not there",
	          "REPLACE of a missing key is an error, not a guess");
	CHECK_STR(apply("{\"a\":1}", 2, "$.a.b.c", NULL),
	          "ERROR: a path through a value that is not there", "a path through a scalar");
	CHECK_STR(apply("{\"a\":1}", 0, "a", "1"), "ERROR: malformed path", "a path without $");
	CHECK_STR(apply("{\"a\":1}", 0, "$[", "1"), "ERROR: malformed path", "an unclosed [");
}

static void
test_vector(void)
{
	StrBuf s = STRBUF_INIT;
	/* 1, 2.5, -3, 0.1f, -0 (becomes 0), 123456.7f */
	const uint8_t b[] = {0x00, 0x00, 0x80, 0x3f, 0x00, 0x00, 0x20, 0x40, 0x00, 0x00, 0x40, 0xc0,
	                     0xcd, 0xcc, 0xcc, 0x3d, 0x00, 0x00, 0x00, 0x80, 0x5a, 0x20, 0xf1, 0x47};
	rowdecode_vector(b, sizeof b, &s);
	CHECK_STR(s.data, "[1,2.5,-3,0.1,0,123456.7]",
	          "VECTOR: shortest round-trip floats, -0 as 0, as a JSON array");
	strbuf_reset(&s);
	rowdecode_vector(b, 0, &s);
	CHECK_STR(s.data, "[]", "VECTOR of no element");
	strbuf_free(&s);
}

int
main(void)
{
	test_captured(getenv("CAPTURED_DIR") ? getenv("CAPTURED_DIR") : CAPTURED);
	test_apply();
	test_vector();
	return unit_done();
}
