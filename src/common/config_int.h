/*
 * config_int.h — what the files of the configuration reader share, and
 * nothing else: the key tables' types, the parse state, and the few
 * functions one file calls in another (prefixed cfg_).  It is not a public
 * face: code outside src/common/config*.c includes config.h only.
 */
#ifndef CHM_CONFIG_INT_H
#define CHM_CONFIG_INT_H

#include <stdbool.h>
#include <stddef.h>
#include <string.h>
#include <yaml.h>

#include "common/config.h"

/* The kinds of value a key holds, and the C type of its field. */
typedef enum KeyType {
	KT_STRING,  /* char *: any scalar */
	KT_PATH,    /* char *: a leading "~/" becomes $HOME/ */
	KT_INT,     /* int within [min, max]; "5432" quoted is fine */
	KT_BOOL,    /* bool: true/false, yes/no, on/off, 1/0 */
	KT_SIZE,    /* int64_t bytes: "300M", "1G", "500k" or a number */
	KT_ENUM,    /* int: the value of one of choices */
	KT_WORD,    /* char *: one of choices, stored as its canonical name */
	KT_LIST,    /* StrList: a sequence of strings; null is empty */
	KT_MAP,     /* StrMap: a mapping of strings to strings; null is empty */
	KT_SECTION, /* a mapping read with its own table (pg_conn, db_conn) */
	KT_NAMED,   /* a mapping of names to sections, into an array (sources) */
} KeyType;

enum KeyFlag {
	KEY_REQUIRED = 1 << 0,    /* must be given, with a value (lists and maps: not empty) */
	KEY_SECRET = 1 << 1,      /* printed masked */
	KEY_IGNORED = 1 << 2,     /* a pg_chameleon key that means nothing here */
	KEY_LOWER_NAMES = 1 << 3, /* KT_NAMED: names are folded to lower case */
};

typedef struct Choice {
	const char *name;
	int value;
	bool alias; /* accepted, never printed: the first non-alias of the value is */
} Choice;

typedef struct Parse Parse;
typedef struct Entries Entries;
typedef struct Section Section;

typedef struct KeyDef {
	const char *name;
	KeyType type;
	size_t offset; /* of the field in the section's struct */
	unsigned flags;
	const char *def;       /* default, as it would be written in the file; NULL: none */
	long min, max;         /* KT_INT, KT_SIZE */
	const Choice *choices; /* KT_ENUM, KT_WORD; ends with a NULL name */
	const Section *sub;    /* KT_SECTION, KT_NAMED */
	size_t count_offset;   /* KT_NAMED: the int that counts the array */
} KeyDef;

/* One mapping level: its keys and, for KT_NAMED, the element layout. */
struct Section {
	const KeyDef *keys;
	size_t elem_size;   /* KT_NAMED: one array element */
	size_t name_offset; /* KT_NAMED: the element's char *name */
	/* Checks what a table cannot say, before the keys are read (NULL: nothing). */
	int (*precheck)(Parse *p, void *base, const Entries *es, const char *path);
	/* Checks the keys together, after they and the defaults are read (NULL: nothing). */
	int (*finish)(Parse *p, void *base, const Entries *es, const char *path);
};

struct Parse {
	const char *name; /* the file, for messages */
	const char *text; /* the whole file, to place reader errors */
	size_t len;
	yaml_document_t doc;
};

/* KT_ENUM fields are enums (OnError, MySslMode) written through an int. */
_Static_assert(sizeof(OnError) == sizeof(int), "an enum field is an int");
_Static_assert(sizeof(MySslMode) == sizeof(int), "an enum field is an int");

#define FIELD(base, off, type)  ((type *)((char *)(base) + (off)))
#define CFIELD(base, off, type) ((const type *)((const char *)(base) + (off)))

/*
 * The array of a KT_NAMED key is a TypeOverride * or a SourceConfig *; it is
 * read and written as bytes so one piece of code serves both types.
 */
static inline char *
get_array(const void *base, size_t off)
{
	char *a;
	memcpy(&a, (const char *)base + off, sizeof(a));
	return a;
}

static inline void
set_array(void *base, size_t off, void *a)
{
	memcpy((char *)base + off, &a, sizeof(a));
}

static inline bool
is_set(const char *s)
{
	return s != NULL && s[0] != '\0';
}

/* One key of a section as it applies: written there, or merged in with "<<". */
typedef struct Entry {
	yaml_node_t *key;
	yaml_node_t *value;
	const char *name;
} Entry;

struct Entries {
	Entry *items;
	int n, cap;
};

/* config_keys.c: the table of the file's top level, root of all the others. */
extern const Section cfg_top_section;

/* config.c */

/*
 * Logs an error about the file at line and column (0: not known) and
 * returns CHM_ECONFIG.
 */
int cfg_error_at(Parse *p, int line, int column, const char *fmt, ...) CHM_PRINTF(4, 5);
#define cfg_error(p, line, ...) cfg_error_at((p), (line), 0, __VA_ARGS__)

/* config_yaml.c */

int cfg_node_line(const yaml_node_t *node);
/* A plain empty, "~" or "null" scalar: the key is written with no value. */
bool cfg_node_is_null(const yaml_node_t *node);
const Entry *cfg_find_entry(const Entries *es, const char *name);
/*
 * Reads the mapping node (NULL or null: the section is absent) into base
 * with sec's keys, then applies the defaults of the keys not given.  line is
 * where the section's key stands, for "missing required key".
 */
int cfg_parse_section(Parse *p, const Section *sec, void *base, yaml_node_t *node, int line,
                      const char *path);
/* The canonical name of value among choices, "?" when none. */
const char *cfg_choice_name(const Choice *choices, int value);
/* $HOME, or the password database's home; a new string the caller frees. */
char *cfg_home_dir(void);
/* s with a leading "~/" made $HOME/; a new string the caller frees. */
char *cfg_expand_home(const char *s);

#endif
