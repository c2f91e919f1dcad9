/*
 * error.c — texts and names for the codes of error.h.
 */
#include "common/error.h"

#include <stddef.h>

struct ErrorEntry {
	int code;
	const char *name;
	const char *text;
};

static const struct ErrorEntry errors[] = {
#define CHM_ERROR_ENTRY(name, code, text) {code, #name, text},
	CHM_ERROR_LIST(CHM_ERROR_ENTRY)
#undef CHM_ERROR_ENTRY
};

static const struct ErrorEntry *
find(int code)
{
	for (size_t i = 0; i < sizeof(errors) / sizeof(errors[0]); i++)
		if (errors[i].code == code)
			return &errors[i];
	return NULL;
}

const char *
chm_strerror(int code)
{
	const struct ErrorEntry *e = find(code);
	return e ? e->text : "unknown error";
}

const char *
chm_errname(int code)
{
	const struct ErrorEntry *e = find(code);
	return e ? e->name : "CHM_E?";
}
