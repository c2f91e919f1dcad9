/*
 * model_int.h — what model.c shares with model_pack.c and model_json.c.
 *
 * Not part of the ddl area's public face: only the model's own files
 * include it.  Everyone else goes through model.h.
 */
#ifndef CHM_DDL_MODEL_INT_H
#define CHM_DDL_MODEL_INT_H

#include <stddef.h>

#include "common/strbuf.h"
#include "ddl/model.h"

/* Appends the packed form of t's columns, indexes and foreign keys to b (model_pack.c). */
void ddl_model_pack_parts(const DdlModelTable *t, StrBuf *b);
/* Fills t's columns, indexes and foreign keys (empty) from p[0..len) (allocated; model_pack.c). */
void ddl_model_unpack_parts(DdlModelTable *t, const unsigned char *p, size_t len);
/*
 * Puts t in m (taking ownership), replacing the table of the same schema
 * and name, and packs it (model.c).
 */
void ddl_model_put_table(DdlModel *m, DdlModelTable *t);

#endif
