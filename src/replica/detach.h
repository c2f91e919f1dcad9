/*
 * detach.h — detach-replica: the replica becomes an ordinary database.
 *
 * Declared here, beside detach.c, rather than with the snapshot: detaching
 * copies nothing.  See detach.c for the order of the steps.
 */
#ifndef CHM_DETACH_H
#define CHM_DETACH_H

#include "common/config.h"
#include "common/error.h"

/*
 * Makes the replica of src an ordinary database: identity and serial
 * sequences set past the current maximum, the source's foreign keys
 * (read from its information_schema) created NOT VALID then validated,
 * and the source removed from the catalog.  A foreign key the data does
 * not satisfy stays NOT VALID, is reported, and makes the result
 * CHM_ESTATE after the detach is done.
 */
int snapshot_detach(const Config *cfg, const SourceConfig *src) CHM_MUSTCHECK;

#endif
