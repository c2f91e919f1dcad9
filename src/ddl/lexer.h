/*
 * lexer.h — the MySQL token scanner (grammar/mysql_lexer.rl).
 *
 * A pull scanner: lex_next() returns one token per call, skipping spaces
 * and comments.  Tokens point into the caller's input and are never copied:
 * the input must outlive every Token taken from it.  The scanner does not
 * decode anything (quotes, escapes, introducers stay in the token text);
 * ddl_token_* in the builders do that, with the same sql_mode flags.
 *
 * Token codes are lemon's TK_* (grammar/mysql_ddl.h); three more codes exist
 * only here, for tokens the grammar never sees as such.
 */
#ifndef CHM_DDL_LEXER_H
#define CHM_DDL_LEXER_H

#include <stdbool.h>
#include <stddef.h>

typedef struct Token {
	const char *z; /* first byte, into the input */
	int n;         /* length in bytes */
} Token;

/* sql_mode bits that change how text is read. */
enum {
	LEX_ANSI_QUOTES = 1 << 0,          /* "x" is an identifier, not a string */
	LEX_NO_BACKSLASH_ESCAPES = 1 << 1, /* '\' is an ordinary character in strings */
	LEX_MAXDB = 1 << 2,                /* MariaDB's MAXDB: TIMESTAMP means DATETIME (not read
	                                      by the scanner: the builders' DdlParse.mode) */
};

/* Codes above every lemon token. */
enum {
	TK_LEX_ERROR = 1000, /* a byte sequence that is no token: unterminated string, stray byte */
	TK_LEX_SPACE,        /* internal: whitespace and comments */
};

typedef struct Lexer {
	const char *start; /* the whole input, for offsets */
	const char *p;     /* next byte to scan */
	const char *pe;    /* end of input */
	int mode;          /* LEX_* bits */
	bool in_version;   /* inside a version comment: its closing star-slash is skipped */
	const char *version_at; /* where the last version comment opened */
	const char *closed_at;  /* ... and, once closed: where the closed one opened */
	const char *closed_end; /* the end of its closing star-slash */
	const char *delim; /* statement terminator other than ";", or NULL */
	size_t delim_len;
	const char *error; /* for TK_LEX_ERROR: what is wrong */
} Lexer;

void lex_init(Lexer *lx, const char *input, size_t len, int mode);
/*
 * Scans the next token into *t and returns its code: a TK_* of the grammar,
 * TK_LEX_ERROR, or 0 at the end of input.  The terminator (";" or the
 * DELIMITER string) comes back as TK_SEMI.  Identifier-like words are looked
 * up in the keyword table; every other word is TK_ID.
 */
int lex_next(Lexer *lx, Token *t);

/* The keyword's token code, or TK_ID.  Case-insensitive. */
int lex_keyword(const char *z, int n);

/* The keyword table, sorted, for the tests. */
typedef struct Keyword {
	const char *name;
	int code;
	bool reserved; /* false: usable as an identifier (lemon %fallback ID) */
} Keyword;
extern const Keyword lex_keywords[];
extern const int lex_n_keywords;

#endif
