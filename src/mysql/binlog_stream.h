/*
 * binlog_stream.h — the source's binlog as a stream of raw event bytes.
 *
 * libmariadb brings the connection up (authentication, TLS); the dump
 * command and the reading of its packets are ours (binlog_stream.c says
 * why).  Each event is handed out as the bytes the server sent — the
 * 19-byte common header, the body and the checksum, if any — for our own
 * parser.  Not here: parsing, decoding, positions inside events.
 */
#ifndef CHM_BINLOG_STREAM_H
#define CHM_BINLOG_STREAM_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "common/coord.h"
#include "mysql/myconn.h"

typedef struct BinlogStream {
	MyConn conn;      /* the stream's own connection */
	BinlogCoord from; /* where the stream was opened, for messages */
} BinlogStream;

/*
 * Connects as a replica with my_server_id and opens the stream at *from:
 * at its file and position, or, when use_gtid, after from->gtid: on
 * MariaDB a gtid_slave_pos ("0-1-42"), on MySQL the executed GTID set
 * ("uuid:1-42,uuid:tag:1-3"), the server sending what the set lacks from
 * whatever file holds it.  The server sends events with checksums if it
 * writes them, and a heartbeat every heartbeat_s seconds while idle, so a
 * dead connection is noticed within three heartbeats.  A position the
 * server no longer has (purged binlogs) is CHM_ENOTFOUND with a message
 * that says to run init-replica.
 */
int binlog_stream_open(BinlogStream *s, const ConnConfig *cc, uint32_t server_id, const BinlogCoord *from,
					   bool use_gtid, int heartbeat_s) CHM_MUSTCHECK;

/*
 * The next event's bytes, borrowed until the next call or close: *data
 * points at the common header, *len counts header, body and checksum.
 * Blocks until the server sends something (a heartbeat at least).
 * Returns 0; CHM_EMYSQL when the connection failed (the caller reconnects
 * per on_error_read); CHM_ENOTFOUND as for open; CHM_ECORRUPT for a packet
 * that holds no event.
 */
int binlog_stream_next(BinlogStream *s, const unsigned char **data, size_t *len) CHM_MUSTCHECK;

/*
 * Whether more of the stream can be read without waiting: bytes the client
 * library has read ahead, or bytes on the socket within timeout_ms (0: look
 * only).  A false "no" is possible (bytes held by TLS): callers use this as
 * a hint, to act sooner on an idle stream, never for correctness.
 */
bool binlog_stream_pending(BinlogStream *s, int timeout_ms);

void binlog_stream_close(BinlogStream *s);

#endif
