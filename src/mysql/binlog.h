/*
 * binlog.h — MySQL/MariaDB binary log events parsed from raw bytes.
 *
 * This is the pure half of the binlog reader: it takes the bytes of one
 * event (from a file, or from whatever transport brought them) and turns
 * them into a BinlogEvent.  It knows nothing of connections.  The row
 * values inside rows events are decoded by rowdecode.h; this file only
 * splits a rows event into its images.
 *
 * Every length read is checked against the event's end: a truncated or
 * corrupt event is CHM_ECORRUPT with a message naming the binlog
 * file:position (binlog_error()), never a crash.
 *
 * Ownership, in one place:
 *  - A BinlogEvent's pointers (strings, bodies, row data) BORROW either the
 *    caller's event bytes or the parser's event arena; both stay valid until
 *    the next binlog_parse_event() on the same parser (or, for the bytes,
 *    until the caller reuses its buffer, whichever comes first).
 *  - A BinlogTable is OWNED by the parser; rows events point to it.  It
 *    lives until a TABLE_MAP with the same table id replaces it, or
 *    binlog_parser_free().  Copy what must live longer.
 *  - The uncompressed bytes of a TRANSACTION_PAYLOAD are owned by the
 *    parser and stay valid until the next TRANSACTION_PAYLOAD; those of a
 *    MariaDB compressed event (log_bin_compress: the statement, the row
 *    images) until the next compressed event.
 */
#ifndef CHM_MYSQL_BINLOG_H
#define CHM_MYSQL_BINLOG_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "common/arena.h"
#include "common/coord.h"
#include "common/error.h"
#include "common/strbuf.h"

#define BINLOG_MAGIC_LEN  4
#define BINLOG_HEADER_LEN 19

/* Event type codes, MySQL's and MariaDB's, as they appear on the wire. */
typedef enum BinlogEventType {
	BINLOG_UNKNOWN_EVENT = 0,
	BINLOG_START_V3 = 1,
	BINLOG_QUERY = 2,
	BINLOG_STOP = 3,
	BINLOG_ROTATE = 4,
	BINLOG_INTVAR = 5,
	BINLOG_SLAVE = 7,
	BINLOG_APPEND_BLOCK = 9,
	BINLOG_DELETE_FILE = 11,
	BINLOG_RAND = 13,
	BINLOG_USER_VAR = 14,
	BINLOG_FORMAT_DESCRIPTION = 15,
	BINLOG_XID = 16,
	BINLOG_BEGIN_LOAD_QUERY = 17,
	BINLOG_EXECUTE_LOAD_QUERY = 18,
	BINLOG_TABLE_MAP = 19,
	BINLOG_WRITE_ROWS_V0 = 20,
	BINLOG_UPDATE_ROWS_V0 = 21,
	BINLOG_DELETE_ROWS_V0 = 22,
	BINLOG_WRITE_ROWS_V1 = 23,
	BINLOG_UPDATE_ROWS_V1 = 24,
	BINLOG_DELETE_ROWS_V1 = 25,
	BINLOG_INCIDENT = 26,
	BINLOG_HEARTBEAT = 27,
	BINLOG_IGNORABLE = 28,
	BINLOG_ROWS_QUERY = 29,
	BINLOG_WRITE_ROWS_V2 = 30,
	BINLOG_UPDATE_ROWS_V2 = 31,
	BINLOG_DELETE_ROWS_V2 = 32,
	BINLOG_GTID = 33,
	BINLOG_ANONYMOUS_GTID = 34,
	BINLOG_PREVIOUS_GTIDS = 35,
	BINLOG_TRANSACTION_CONTEXT = 36,
	BINLOG_VIEW_CHANGE = 37,
	BINLOG_XA_PREPARE = 38,
	BINLOG_PARTIAL_UPDATE_ROWS = 39,
	BINLOG_TRANSACTION_PAYLOAD = 40,
	BINLOG_HEARTBEAT_V2 = 41,
	BINLOG_GTID_TAGGED = 42,
	/* MariaDB */
	BINLOG_MARIA_ANNOTATE_ROWS = 160,
	BINLOG_MARIA_BINLOG_CHECKPOINT = 161,
	BINLOG_MARIA_GTID = 162,
	BINLOG_MARIA_GTID_LIST = 163,
	BINLOG_MARIA_START_ENCRYPTION = 164,
	BINLOG_MARIA_QUERY_COMPRESSED = 165,
	BINLOG_MARIA_WRITE_ROWS_COMPRESSED_V1 = 166,
	BINLOG_MARIA_UPDATE_ROWS_COMPRESSED_V1 = 167,
	BINLOG_MARIA_DELETE_ROWS_COMPRESSED_V1 = 168,
	BINLOG_MARIA_WRITE_ROWS_COMPRESSED = 169,
	BINLOG_MARIA_UPDATE_ROWS_COMPRESSED = 170,
	BINLOG_MARIA_DELETE_ROWS_COMPRESSED = 171,
} BinlogEventType;

/*
 * The common header every event starts with, as binlog_header_decode()
 * reads it.  Only binlog.c knows where its fields sit.
 */
typedef struct BinlogHeader {
	uint32_t timestamp;
	uint8_t type;
	uint32_t server_id;
	uint32_t size;    /* whole event, header and checksum included */
	uint32_t log_pos; /* END of the event in its file; 0 on events the server makes up */
	uint16_t flags;
} BinlogHeader;

/* Header flags. */
#define BINLOG_F_IN_USE     0x0001 /* LOG_EVENT_BINLOG_IN_USE_F, on FORMAT_DESCRIPTION only */
#define BINLOG_F_ARTIFICIAL 0x0020 /* ROTATE sent by the server, not in the file */
#define BINLOG_F_IGNORABLE  0x0080 /* LOG_EVENT_IGNORABLE_F: unknown is fine, skip it */

/* Rows event flags. */
#define BINLOG_ROWS_F_END_OF_STATEMENT 0x0001

/* MySQL column type codes (the byte in TABLE_MAP). */
typedef enum MyType {
	MYT_DECIMAL = 0,
	MYT_TINY = 1,
	MYT_SHORT = 2,
	MYT_LONG = 3,
	MYT_FLOAT = 4,
	MYT_DOUBLE = 5,
	MYT_NULL = 6,
	MYT_TIMESTAMP = 7,
	MYT_LONGLONG = 8,
	MYT_INT24 = 9,
	MYT_DATE = 10,
	MYT_TIME = 11,
	MYT_DATETIME = 12,
	MYT_YEAR = 13,
	MYT_NEWDATE = 14,
	MYT_VARCHAR = 15,
	MYT_BIT = 16,
	MYT_TIMESTAMP2 = 17,
	MYT_DATETIME2 = 18,
	MYT_TIME2 = 19,
	MYT_TYPED_ARRAY = 20,
	MYT_VECTOR = 242,
	MYT_INVALID = 243,
	MYT_BOOL = 244,
	MYT_JSON = 245,
	MYT_NEWDECIMAL = 246,
	MYT_ENUM = 247,
	MYT_SET = 248,
	MYT_TINY_BLOB = 249,
	MYT_MEDIUM_BLOB = 250,
	MYT_LONG_BLOB = 251,
	MYT_BLOB = 252,
	MYT_VAR_STRING = 253,
	MYT_STRING = 254,
	MYT_GEOMETRY = 255,
} MyType;

/*
 * A value the binlog cannot tell us but the catalog can: MariaDB writes
 * INET6 and UUID columns as MYSQL_TYPE_STRING, 16 bytes, binary collation
 * (63) -- exactly what BINARY(16) looks like, with no type name anywhere in
 * the TABLE_MAP, even with binlog_row_metadata=FULL (checked on 10.11 and
 * 11.8, see tests/unit/binlog/capture.sh) -- INET4 as a binary STRING of 4
 * bytes, VECTOR(n) (11.7+) as a binary VARCHAR of 4n bytes, and its JSON is a
 * LONGTEXT with a CHECK.  Without a hint they decode as \x hex and text.
 * The caller that knows the column's declared type sets the hint on the
 * BinlogTable (after each TABLE_MAP).
 */
typedef enum BinlogColumnHint {
	BINLOG_HINT_NONE = 0,
	BINLOG_HINT_INET6,  /* 16 bytes -> IPv6 text (IPv4-mapped kept as ::ffff:a.b.c.d) */
	BINLOG_HINT_UUID,   /* 16 bytes (text order, as MariaDB writes them) -> 8-4-4-4-12 text */
	BINLOG_HINT_JSON,   /* text that is JSON: embedded as JSON, not as a string */
	BINLOG_HINT_INET4,  /* 4 bytes, network order -> a.b.c.d */
	BINLOG_HINT_VECTOR, /* 4n bytes, little-endian floats -> a JSON array of numbers */
} BinlogColumnHint;

typedef struct BinlogColumn {
	uint8_t type;      /* MyType as written in TABLE_MAP */
	uint8_t real_type; /* for MYT_STRING: MYT_STRING, MYT_ENUM or MYT_SET; else = type */
	uint16_t meta;     /* the raw per-type metadata */
	uint32_t length;   /* strings: max bytes; BIT: bits; BLOB/JSON/GEOMETRY: length bytes;
	                      FLOAT/DOUBLE: pack length */
	uint8_t precision; /* NEWDECIMAL */
	uint8_t decimals;  /* NEWDECIMAL scale; TIME2/DATETIME2/TIMESTAMP2 fraction digits */
	bool nullable;
	bool is_unsigned; /* from SIGNEDNESS metadata (false when absent) */
	bool visible;     /* false only when COLUMN_VISIBILITY says so */
	bool is_pk;
	uint16_t collation; /* character set collation id; 0 when unknown */
	const char *name;   /* from COLUMN_NAME metadata, or "@N" (1-based) when absent */
	uint32_t name_len;
	uint32_t nlabels; /* ENUM / SET labels from ENUM_STR_VALUE / SET_STR_VALUE */
	const char **labels;
	uint32_t *label_lens;
	uint32_t geometry_type; /* GEOMETRY_TYPE metadata */
	BinlogColumnHint hint;  /* set by the caller; see BinlogColumnHint */
} BinlogColumn;

/* One TABLE_MAP: everything needed to decode the rows that follow. */
typedef struct BinlogTable {
	uint64_t table_id;
	uint16_t flags;
	const char *schema;
	uint32_t schema_len;
	const char *table;
	uint32_t table_len;
	uint32_t ncols;
	BinlogColumn *cols;
	uint32_t npk; /* SIMPLE_PRIMARY_KEY / PRIMARY_KEY_WITH_PREFIX */
	uint32_t *pk;
	uint32_t *pk_prefix; /* 0 = whole column */
	uint32_t njson;      /* JSON columns, for partial updates */
	bool has_names;      /* COLUMN_NAME metadata was present */
	bool has_signedness;
	bool has_charsets;
	bool mariadb; /* written by MariaDB: collation ids are MariaDB's */
	Arena arena;  /* owns everything above */
} BinlogTable;

typedef enum BinlogRowsKind {
	BINLOG_ROWS_WRITE,
	BINLOG_ROWS_UPDATE,
	BINLOG_ROWS_DELETE,
	BINLOG_ROWS_PARTIAL_UPDATE, /* MySQL PARTIAL_UPDATE_ROWS: after images may hold JSON diffs */
} BinlogRowsKind;

typedef struct BinlogRows {
	BinlogRowsKind kind;
	uint64_t table_id;
	uint16_t flags;
	const BinlogTable *table; /* borrowed from the parser; see top of file */
	uint32_t ncols;
	const uint8_t *cols_before; /* columns-present bitmap of before images (update/delete) */
	const uint8_t *cols_after;  /* ... of after images (write/update) */
	const uint8_t *extra;       /* v2 extra data, borrowed; NULL when none */
	uint32_t extra_len;
	const uint8_t *data; /* the row images, borrowed */
	size_t data_len;
} BinlogRows;

typedef struct BinlogQuery {
	uint32_t thread_id;
	uint32_t exec_time;
	uint16_t error_code;
	const char *schema; /* NUL-terminated, borrowed */
	uint32_t schema_len;
	const char *sql; /* NOT NUL-terminated: use sql_len */
	size_t sql_len;
	bool have_sql_mode;
	uint64_t sql_mode;
	const char *catalog; /* NULL when absent; NUL-terminated copy in the event arena */
	bool have_charset;
	uint16_t charset_client, collation_connection, collation_server;
	uint32_t flags2;
	bool have_flags2;
	const char *time_zone; /* NULL when absent */
	uint16_t
	    default_collation; /* 0 when absent (MySQL Q_DEFAULT_COLLATION_FOR_UTF8MB4 / MariaDB) */
} BinlogQuery;

typedef struct BinlogGtid {
	/* MySQL (33, 34, 42) */
	uint8_t flags;
	uint8_t sid[16];
	char tag[33]; /* "" when untagged */
	int64_t gno;
	int64_t last_committed, sequence_number;          /* -1 when absent */
	uint64_t immediate_commit_ts, original_commit_ts; /* microseconds; 0 when absent */
	/* MariaDB (162) */
	uint64_t seq_no;
	uint32_t domain_id;
	uint32_t server_id;
	bool standalone; /* MariaDB FL_STANDALONE: no BEGIN/COMMIT around it */
	uint64_t commit_id;
	/* "uuid[:tag]:gno" or "domain-server-seq"; in the event arena */
	const char *text;
} BinlogGtid;

typedef struct BinlogGtidSet {
	/* PREVIOUS_GTIDS (MySQL, tagged or not) or GTID_LIST (MariaDB), as text:
	 * "uuid:1-13,uuid:tag:1-2" or "0-1-100,1-2-5"; in the event arena. */
	const char *text;
	uint32_t count;
} BinlogGtidSet;

typedef struct BinlogFormat {
	uint16_t binlog_version;
	char server_version[51];
	uint32_t create_timestamp;
	uint8_t header_len;
	uint8_t post_header_len[256]; /* index = event type - 1 */
	uint32_t n_post_header;
	bool checksum_crc32; /* events carry a 4-byte CRC32 trailer */
	bool mariadb;
} BinlogFormat;

typedef struct BinlogEvent {
	/* common header */
	uint32_t timestamp;
	uint8_t type;
	uint32_t server_id;
	uint32_t size;    /* whole event, header and checksum included */
	uint32_t log_pos; /* position of the next event (0 inside a TRANSACTION_PAYLOAD) */
	uint16_t flags;
	uint64_t pos;        /* where this event starts in its file (given by the caller) */
	bool ignored;        /* unknown but flagged ignorable, or a type we skip: nothing parsed */
	const uint8_t *body; /* after the header, before the checksum; borrowed */
	size_t body_len;
	union {
		BinlogFormat *format; /* the parser's own copy */
		struct {
			uint64_t position;
			const char *file; /* NUL-terminated, event arena */
		} rotate;
		BinlogQuery query;
		uint64_t xid;
		BinlogGtid gtid;
		BinlogGtidSet gtid_set;
		BinlogTable *table_map; /* owned by the parser */
		BinlogRows rows;
		struct {
			const uint8_t *data; /* uncompressed inner events; owned by the parser */
			size_t len;
			uint64_t uncompressed_size;
			uint32_t compression; /* 0 zstd, 255 none */
		} payload;
		struct {
			const char *sql; /* MariaDB ANNOTATE_ROWS / MySQL ROWS_QUERY text, borrowed */
			size_t len;
		} annotate;
		struct {
			uint64_t position;
			const char *file; /* HEARTBEAT: the source's current file, event arena */
		} heartbeat;
	} u;
} BinlogEvent;

typedef struct BinlogTableSlot BinlogTableSlot;

typedef struct BinlogParser {
	char file[512]; /* current binlog file name, for messages; set by the caller, updated by ROTATE
	                 */
	BinlogFormat format;
	bool have_format;
	bool verify_checksum; /* default true */
	/*
	 * Whether events that come before any FORMAT_DESCRIPTION carry a CRC32:
	 * over the network the server's artificial ROTATE does when the
	 * replica announced @master_binlog_checksum='CRC32'.  Set it from what
	 * the connection negotiated; files never need it.
	 */
	bool crc32_before_format;
	bool inner;              /* parsing events inside a TRANSACTION_PAYLOAD: no checksum */
	Arena event_arena;       /* per-event allocations, reset by each binlog_parse_event */
	BinlogTableSlot *tables; /* open hash of table maps */
	uint32_t tables_cap, tables_n;
	uint8_t *payload; /* uncompressed TRANSACTION_PAYLOAD bytes */
	size_t payload_cap;
	uint8_t *inflated; /* the uncompressed part of MariaDB's last *_COMPRESSED event */
	size_t inflated_cap;
	uint64_t n_events;
	uint64_t n_ignored; /* unknown ignorable events skipped */
	char err[1024];     /* the last error, naming file:position */
} BinlogParser;

/* Prepares p for a stream of events of binlog file `file` (may be NULL). */
void binlog_parser_init(BinlogParser *p, const char *file);
/* Releases the table maps and buffers; p can be initialised again. */
void binlog_parser_free(BinlogParser *p);
/* Sets the file name used in messages (after a ROTATE the parser does it). */
void binlog_parser_set_file(BinlogParser *p, const char *file);

/*
 * Parses one event: buf holds exactly the event's bytes (len >= the size
 * in its header), pos is where it starts in its file (for messages).
 * Returns 0, or a negative CHM_E* code with the message in binlog_error().
 * Events of unknown type flagged ignorable come back with ev->ignored set
 * (and are counted); an unknown type without the flag is CHM_EUNSUPPORTED.
 * TABLE_MAP events update the parser's table cache.
 */
int binlog_parse_event(BinlogParser *p, const uint8_t *buf, size_t len, uint64_t pos,
                       BinlogEvent *ev) CHM_MUSTCHECK;

/*
 * Decodes the common header of the event at buf, checking nothing but that
 * len holds BINLOG_HEADER_LEN bytes (false, *h zeroed, when it does not):
 * for a caller that must know the size or position before parsing.
 * binlog_parse_event() decodes it again with every check.
 */
bool binlog_header_decode(const uint8_t *buf, size_t len, BinlogHeader *h);

/* Whether type is one of the rows events (WRITE/UPDATE/DELETE v1 and v2,
 * PARTIAL_UPDATE, MariaDB's compressed ones), which binlog_parse_event()
 * splits into ev->u.rows. */
bool binlog_is_rows_event(int type);

/*
 * Iterates the events inside a TRANSACTION_PAYLOAD that binlog_parse_event
 * just returned: *off starts at 0; each call parses the next inner event
 * into ev and returns 1, 0 at the end, negative on error.  Inner events
 * have no checksum and log_pos 0; their pos is the payload event's.
 */
int binlog_payload_next(BinlogParser *p, const BinlogEvent *payload, size_t *off,
                        BinlogEvent *inner) CHM_MUSTCHECK;

/*
 * Appends the binary form of a MySQL GTID set (Gtid_set::encode: what
 * COM_BINLOG_DUMP_GTID sends and PREVIOUS_GTIDS holds) to out: the tagged
 * format of MySQL 8.3+ when the set has a tag, else the original one, which
 * every MySQL with GTIDs reads.
 */
void binlog_gtid_set_encode(const GtidSet *s, StrBuf *out);

/* The last error message; "" when none. Owned by the parser. */
const char *binlog_error(const BinlogParser *p);

/* The table map of table_id, or NULL.  Borrowed; see top of file. */
BinlogTable *binlog_table_lookup(BinlogParser *p, uint64_t table_id);

/* A static name for an event type ("WRITE_ROWS_V2"); "UNKNOWN" for others. */
const char *binlog_event_name(int type);
/* A static name for a column type ("VARCHAR"). */
const char *binlog_type_name(int type);

/* CRC32 (ISO-HDLC, as zlib's crc32) of n bytes, continuing from crc. */
uint32_t binlog_crc32(uint32_t crc, const uint8_t *buf, size_t n);

/*
 * A whole binlog file read into memory, for tests and tools: open checks
 * the magic; next parses the following event (1), or says the end (0), or
 * fails (negative; the message in binlog_error(p) names file:position).
 */
typedef struct BinlogFile {
	char *path;
	uint8_t *data;
	size_t len;
	size_t off;
} BinlogFile;

int binlog_file_open(BinlogFile *f, const char *path, char *err, size_t errlen) CHM_MUSTCHECK;
int binlog_file_next(BinlogFile *f, BinlogParser *p, BinlogEvent *ev) CHM_MUSTCHECK;
void binlog_file_close(BinlogFile *f);

/* Little-endian packed integer ("length-encoded"); returns bytes used, 0 if it does not fit. */
size_t binlog_read_packed(const uint8_t *p, const uint8_t *end, uint64_t *out);

#endif
