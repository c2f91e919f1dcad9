/*
 * model_json.c — the JSON form of a model's table (see model.h, persistence).
 *
 * The replicator keeps each table of its model in its catalog as one JSON
 * object, so that a restart knows the tables again; this file writes that
 * object and reads it back, checking every member so that a damaged text is
 * an error, not a crash.  It is not the in-memory packed form
 * (model_pack.c), and it does not decide how a read table enters the model
 * (model.c, ddl_model_put_table).
 */
#include <json-c/json.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "common/error.h"
#include "common/strbuf.h"
#include "ddl/model.h"
#include "ddl/model_int.h"

static json_object *
jstr(const char *s)
{
	return s ? json_object_new_string(s) : NULL;
}

static json_object *
jstrings(char *const *v, int n)
{
	json_object *a = json_object_new_array();

	for (int i = 0; i < n; i++)
		json_object_array_add(a, jstr(v[i]));
	return a;
}

static json_object *
column_json(const DdlColumn *c)
{
	json_object *o = json_object_new_object();
	json_object *args = json_object_new_array();

	json_object_object_add(o, "name", jstr(c->name));
	json_object_object_add(o, "type", jstr(c->type.name));
	for (int i = 0; i < c->type.nargs; i++)
		json_object_array_add(args, json_object_new_int64(c->type.args[i]));
	json_object_object_add(o, "args", args);
	if (c->type.nlabels > 0) {
		json_object *l = json_object_new_array();
		for (int i = 0; i < c->type.nlabels; i++)
			json_object_array_add(
			    l, json_object_new_string_len(c->type.labels[i], (int)c->type.label_lens[i]));
		json_object_object_add(o, "labels", l);
	}
	json_object_object_add(o, "unsigned", json_object_new_boolean(c->type.is_unsigned));
	json_object_object_add(o, "zerofill", json_object_new_boolean(c->type.zerofill));
	json_object_object_add(o, "binary", json_object_new_boolean(c->type.binary));
	if (c->type.charset)
		json_object_object_add(o, "charset", jstr(c->type.charset));
	if (c->type.collate)
		json_object_object_add(o, "collate", jstr(c->type.collate));
	json_object_object_add(o, "not_null", json_object_new_boolean(c->not_null));
	json_object_object_add(o, "null_given", json_object_new_boolean(c->null_given));
	json_object_object_add(o, "auto_increment", json_object_new_boolean(c->auto_increment));
	json_object_object_add(o, "on_update_now", json_object_new_boolean(c->on_update_now));
	if (c->def.kind != DDL_DEF_NONE) {
		json_object *d = json_object_new_object();
		json_object_object_add(d, "kind", json_object_new_int(c->def.kind));
		if (c->def.text)
			json_object_object_add(
			    d, "text",
			    json_object_new_string_len(c->def.text,
			                               (int)(c->def.len ? c->def.len : strlen(c->def.text))));
		json_object_object_add(d, "len", json_object_new_int64((int64_t)c->def.len));
		json_object_object_add(d, "number", json_object_new_int(c->def.number));
		json_object_object_add(d, "precision", json_object_new_int(c->def.precision));
		json_object_object_add(o, "default", d);
	}
	return o;
}

void
ddl_model_table_json(const DdlModelTable *t, StrBuf *out)
{
	json_object *o = json_object_new_object();
	json_object *cols = json_object_new_array(), *idx = json_object_new_array(),
	            *fks = json_object_new_array();
	DdlModelTable *tmp = NULL;

	if (t->packed != NULL)
		t = tmp = ddl_model_table_clone(t);
	json_object_object_add(o, "version", json_object_new_int(1));
	json_object_object_add(o, "schema", jstr(t->schema));
	json_object_object_add(o, "name", jstr(t->name));
	for (int i = 0; i < t->ncolumns; i++)
		json_object_array_add(cols, column_json(&t->columns[i]));
	json_object_object_add(o, "columns", cols);
	for (int i = 0; i < t->nindexes; i++) {
		json_object *x = json_object_new_object();
		json_object_object_add(x, "name", jstr(t->indexes[i].name));
		if (t->indexes[i].pg_name)
			json_object_object_add(x, "pg_name", jstr(t->indexes[i].pg_name));
		json_object_object_add(x, "kind", json_object_new_int(t->indexes[i].kind));
		if (t->indexes[i].for_fk)
			json_object_object_add(x, "for_fk", json_object_new_boolean(true));
		json_object_object_add(x, "columns",
		                       jstrings(t->indexes[i].columns, t->indexes[i].ncolumns));
		json_object_array_add(idx, x);
	}
	json_object_object_add(o, "indexes", idx);
	for (int i = 0; i < t->nfks; i++) {
		const DdlModelFk *f = &t->fks[i];
		json_object *x = json_object_new_object();
		json_object_object_add(x, "name", jstr(f->name));
		json_object_object_add(x, "columns", jstrings(f->columns, f->ncolumns));
		json_object_object_add(x, "ref_schema", jstr(f->ref_schema));
		json_object_object_add(x, "ref_table", jstr(f->ref_table));
		json_object_object_add(x, "ref_columns", jstrings(f->ref_columns, f->nref_columns));
		json_object_object_add(x, "on_delete", json_object_new_int(f->on_delete));
		json_object_object_add(x, "on_update", json_object_new_int(f->on_update));
		json_object_array_add(fks, x);
	}
	json_object_object_add(o, "foreign_keys", fks);
	strbuf_puts(out, json_object_to_json_string_ext(o, JSON_C_TO_STRING_PLAIN));
	json_object_put(o);
	ddl_model_table_free(tmp);
}

/* ---- reading: every accessor checks the type, so that a damaged text is an error, not a crash */

static json_object *
member(json_object *o, const char *key, json_type type, bool required, const char **why)
{
	json_object *v = NULL;

	if (!json_object_object_get_ex(o, key, &v) || v == NULL ||
	    json_object_get_type(v) == json_type_null) {
		if (required && *why == NULL)
			*why = "a required member is missing";
		return NULL;
	}
	if (json_object_get_type(v) != type) {
		if (*why == NULL)
			*why = "a member has the wrong JSON type";
		return NULL;
	}
	return v;
}

static char *
get_str(json_object *o, const char *key, bool required, const char **why)
{
	json_object *v = member(o, key, json_type_string, required, why);

	return v ? chm_strndup(json_object_get_string(v), (size_t)json_object_get_string_len(v)) : NULL;
}

static bool
get_bool(json_object *o, const char *key, const char **why)
{
	json_object *v = member(o, key, json_type_boolean, false, why);

	return v ? json_object_get_boolean(v) : false;
}

static int64_t
get_int(json_object *o, const char *key, int64_t dflt, const char **why)
{
	json_object *v = member(o, key, json_type_int, false, why);

	return v ? json_object_get_int64(v) : dflt;
}

/* An array of strings (null elements allowed: expression key parts). */
static char **
get_strings(json_object *o, const char *key, int *n, const char **why)
{
	json_object *a = member(o, key, json_type_array, false, why);
	char **r;

	*n = 0;
	if (a == NULL)
		return NULL;
	*n = (int)json_object_array_length(a);
	r = *n ? chm_calloc((size_t)*n, sizeof(char *)) : NULL;
	for (int i = 0; i < *n; i++) {
		json_object *e = json_object_array_get_idx(a, (size_t)i);
		if (e == NULL || json_object_get_type(e) == json_type_null)
			continue;
		if (json_object_get_type(e) != json_type_string) {
			if (*why == NULL)
				*why = "a list holds something other than names";
			continue;
		}
		r[i] = chm_strndup(json_object_get_string(e), (size_t)json_object_get_string_len(e));
	}
	return r;
}

static void
column_from_json(DdlColumn *c, json_object *o, const char **why)
{
	json_object *args = member(o, "args", json_type_array, false, why);
	json_object *labels = member(o, "labels", json_type_array, false, why);
	json_object *d = member(o, "default", json_type_object, false, why);

	memset(c, 0, sizeof(*c));
	c->name = get_str(o, "name", true, why);
	c->type.name = get_str(o, "type", true, why);
	if (args != NULL) {
		int n = (int)json_object_array_length(args);
		for (int i = 0; i < n && i < 2; i++)
			c->type.args[i] =
			    (long)json_object_get_int64(json_object_array_get_idx(args, (size_t)i));
		c->type.nargs = n < 2 ? n : 2;
	}
	if (labels != NULL) {
		int n = (int)json_object_array_length(labels);
		c->type.labels = chm_calloc((size_t)n + 1, sizeof(char *));
		c->type.label_lens = chm_calloc((size_t)n + 1, sizeof(size_t));
		for (int i = 0; i < n; i++) {
			json_object *e = json_object_array_get_idx(labels, (size_t)i);
			if (e == NULL || json_object_get_type(e) != json_type_string) {
				if (*why == NULL)
					*why = "an enum label is not a string";
				c->type.labels[i] = chm_strdup("");
			} else {
				c->type.label_lens[i] = (size_t)json_object_get_string_len(e);
				c->type.labels[i] = chm_strndup(json_object_get_string(e), c->type.label_lens[i]);
			}
		}
		c->type.nlabels = n;
	}
	c->type.is_unsigned = get_bool(o, "unsigned", why);
	c->type.zerofill = get_bool(o, "zerofill", why);
	c->type.binary = get_bool(o, "binary", why);
	c->type.charset = get_str(o, "charset", false, why);
	c->type.collate = get_str(o, "collate", false, why);
	c->not_null = get_bool(o, "not_null", why);
	c->null_given = get_bool(o, "null_given", why);
	c->auto_increment = get_bool(o, "auto_increment", why);
	c->on_update_now = get_bool(o, "on_update_now", why);
	if (d != NULL) {
		int64_t kind = get_int(d, "kind", 0, why);
		if (kind < DDL_DEF_NONE || kind > DDL_DEF_EXPR) {
			if (*why == NULL)
				*why = "unknown default kind";
			kind = DDL_DEF_NONE;
		}
		c->def.kind = (DdlDefaultKind)kind;
		c->def.text = get_str(d, "text", false, why);
		c->def.len = (size_t)get_int(d, "len", 0, why);
		{
			json_object *tx = member(d, "text", json_type_string, false, why);
			size_t have = tx ? (size_t)json_object_get_string_len(tx) : 0;
			if (c->def.len > have)
				c->def.len = have; /* never read past the text */
		}
		c->def.number = (int)get_int(d, "number", 0, why);
		c->def.precision = (int)get_int(d, "precision", -1, why);
	}
}

int
ddl_model_load_json(DdlModel *m, const char *json, size_t len, const char **why)
{
	json_tokener *tok = json_tokener_new();
	json_object *o, *a;
	DdlModelTable *t = NULL;
	const char *err = NULL;
	int rc = 0;

	o = json_tokener_parse_ex(tok, json, (int)len);
	if (o == NULL || json_tokener_get_error(tok) != json_tokener_success ||
	    json_object_get_type(o) != json_type_object) {
		err = "not a JSON object";
		goto done;
	}
	if (get_int(o, "version", 0, &err) != 1) {
		err = err ? err : "unknown table model version";
		goto done;
	}
	t = chm_calloc(1, sizeof(DdlModelTable));
	t->schema = get_str(o, "schema", false, &err);
	t->name = get_str(o, "name", true, &err);
	if ((a = member(o, "columns", json_type_array, true, &err)) != NULL) {
		t->ncolumns = (int)json_object_array_length(a);
		t->columns = chm_calloc((size_t)t->ncolumns + 1, sizeof(DdlColumn));
		for (int i = 0; i < t->ncolumns; i++) {
			json_object *e = json_object_array_get_idx(a, (size_t)i);
			if (e == NULL || json_object_get_type(e) != json_type_object) {
				err = err ? err : "a column is not an object";
				continue;
			}
			column_from_json(&t->columns[i], e, &err);
		}
	}
	if ((a = member(o, "indexes", json_type_array, false, &err)) != NULL) {
		t->nindexes = (int)json_object_array_length(a);
		t->indexes = chm_calloc((size_t)t->nindexes + 1, sizeof(DdlModelIndex));
		for (int i = 0; i < t->nindexes; i++) {
			json_object *e = json_object_array_get_idx(a, (size_t)i);
			int64_t kind;
			if (e == NULL || json_object_get_type(e) != json_type_object) {
				err = err ? err : "an index is not an object";
				continue;
			}
			t->indexes[i].name = get_str(e, "name", true, &err);
			t->indexes[i].pg_name = get_str(e, "pg_name", false, &err);
			kind = get_int(e, "kind", 0, &err);
			if (kind < DDL_IDX_PLAIN || kind > DDL_IDX_SPATIAL)
				err = err ? err : "unknown index kind";
			t->indexes[i].kind = (DdlIndexKind)kind;
			t->indexes[i].for_fk = get_bool(e, "for_fk", &err);
			t->indexes[i].columns = get_strings(e, "columns", &t->indexes[i].ncolumns, &err);
		}
	}
	if ((a = member(o, "foreign_keys", json_type_array, false, &err)) != NULL) {
		t->nfks = (int)json_object_array_length(a);
		t->fks = chm_calloc((size_t)t->nfks + 1, sizeof(DdlModelFk));
		for (int i = 0; i < t->nfks; i++) {
			json_object *e = json_object_array_get_idx(a, (size_t)i);
			DdlModelFk *f = &t->fks[i];
			if (e == NULL || json_object_get_type(e) != json_type_object) {
				err = err ? err : "a foreign key is not an object";
				continue;
			}
			f->name = get_str(e, "name", false, &err);
			f->columns = get_strings(e, "columns", &f->ncolumns, &err);
			f->ref_schema = get_str(e, "ref_schema", false, &err);
			f->ref_table = get_str(e, "ref_table", true, &err);
			f->ref_columns = get_strings(e, "ref_columns", &f->nref_columns, &err);
			f->on_delete = (DdlFkAction)get_int(e, "on_delete", 0, &err);
			f->on_update = (DdlFkAction)get_int(e, "on_update", 0, &err);
			if (f->on_delete < DDL_FK_UNSET || f->on_delete > DDL_FK_NO_ACTION ||
			    f->on_update < DDL_FK_UNSET || f->on_update > DDL_FK_NO_ACTION)
				err = err ? err : "unknown foreign key action";
		}
	}
	/* every pointer the emitter follows must be there */
	for (int i = 0; err == NULL && i < t->ncolumns; i++)
		if (t->columns[i].name == NULL || t->columns[i].type.name == NULL)
			err = "a column has no name or type";
	for (int i = 0; err == NULL && i < t->nindexes; i++)
		if (t->indexes[i].name == NULL)
			err = "an index has no name";
	for (int i = 0; err == NULL && i < t->nfks; i++)
		if (t->fks[i].ref_table == NULL)
			err = "a foreign key has no referenced table";
done:
	if (o != NULL)
		json_object_put(o);
	json_tokener_free(tok);
	if (err != NULL) {
		ddl_model_table_free(t);
		*why = err;
		rc = CHM_ECORRUPT;
	} else {
		ddl_model_put_table(m, t);
	}
	return rc;
}
