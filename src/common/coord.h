/*
 * coord.h — a position in the source's binary log.
 *
 * The one type for binlog coordinates, shared by the snapshot (where a copy
 * starts), the reader (where the stream is), the catalog (where a batch
 * ends) and sync-tables (where a table becomes consistent).
 */
#ifndef CHM_COORD_H
#define CHM_COORD_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "common/error.h"

#define COORD_FILE_MAX 256
/* A MySQL GTID set names each server (uuid, 36 bytes) a replica chain ever
 * had, with its intervals: room for a few dozen. */
#define COORD_GTID_MAX 4096

typedef struct BinlogCoord {
	char file[COORD_FILE_MAX]; /* "mysql-bin.000042"; "" when unknown */
	uint64_t pos;
	/* MariaDB gtid_binlog_pos ("0-1-42,1-2-7"), or MySQL's executed GTID
	 * set ("uuid:1-42:44,uuid:tag:1-3"); "" when none */
	char gtid[COORD_GTID_MAX];
} BinlogCoord;

/*
 * Orders two coordinates by the file's sequence number (the digits after
 * the last '.') and then the position.  Files of different base names
 * compare by name, which only happens after a server's log-basename changed.
 */
int coord_compare(const BinlogCoord *a, const BinlogCoord *b);

/* Sets file and pos, clears gtid; returns CHM_ERANGE when file is too long. */
int coord_set(BinlogCoord *c, const char *file, uint64_t pos);

/* "mysql-bin.000042:1234", into buf of size n; returns buf. */
const char *coord_format(const BinlogCoord *c, char *buf, int n);

/*
 * MySQL's GTID sets, pure arithmetic on their text: what the reader keeps
 * as its resume point (the source's gtid_executed, plus each transaction
 * read) and what COM_BINLOG_DUMP_GTID sends in binary (binlog.h,
 * binlog_gtid_set_encode).  A set is kept sorted by uuid then tag (untagged
 * first), each with sorted, disjoint, non-adjacent intervals.
 */
#define GTID_TAG_MAX 32

typedef struct GtidInterval {
	int64_t first, last; /* inclusive, 1 <= first <= last */
} GtidInterval;

typedef struct GtidTsid {
	uint8_t uuid[16];
	char tag[GTID_TAG_MAX + 1]; /* lowercase; "" when untagged */
	GtidInterval *iv;           /* owned */
	uint32_t niv, cap;
} GtidTsid;

typedef struct GtidSet {
	GtidTsid *tsids; /* owned */
	uint32_t n, cap;
} GtidSet;

/*
 * Parses MySQL's text ("uuid:1-5:7,uuid2:tag:1-3:tag2:4", whitespace
 * ignored; "" is the empty set) into *s, which the caller frees with
 * gtid_set_free whatever the result.  CHM_ESYNTAX for anything else.
 */
int gtid_set_parse(GtidSet *s, const char *text) CHM_MUSTCHECK;
/* Adds uuid[:tag]:gno (gno >= 1; tag NULL or "" when untagged). */
void gtid_set_add(GtidSet *s, const uint8_t uuid[16], const char *tag, int64_t gno);
/* Adds every GTID of from to into. */
void gtid_set_union(GtidSet *into, const GtidSet *from);
/* The set as MySQL writes it, into buf of size n; CHM_ERANGE when it does not fit. */
int gtid_set_format(const GtidSet *s, char *buf, size_t n) CHM_MUSTCHECK;
void gtid_set_free(GtidSet *s);

#endif
