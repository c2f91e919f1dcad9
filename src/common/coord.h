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
#include <stdint.h>

#define COORD_FILE_MAX 256
#define COORD_GTID_MAX 1024

typedef struct BinlogCoord {
	char file[COORD_FILE_MAX]; /* "mysql-bin.000042"; "" when unknown */
	uint64_t pos;
	char gtid[COORD_GTID_MAX]; /* MariaDB gtid_binlog_pos ("0-1-42,1-2-7"); "" when none */
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

#endif
