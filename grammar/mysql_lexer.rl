/*
 * mysql_lexer.rl — the MySQL token scanner (ragel), one token per call.
 *
 * A pull scanner in the style of ragel's examples/pullscan.rl: lex_next()
 * runs the scanner from the current position until one token is matched,
 * then returns.  Each MySQL oddity is a named machine below.  Actions only
 * set the token code; nothing is copied or decoded here (see lexer.h).
 *
 * sql_mode is honoured through ragel conditions: a backslash escapes the
 * next character only when NO_BACKSLASH_ESCAPES is off, and in a
 * double-quoted identifier (ANSI_QUOTES) it never does.
 *
 * Version comments (slash-star-bang NNNNN ... star-slash, and the MariaDB
 * M-bang form) are content: their opening is skipped, the text inside is
 * scanned like any other, and their closing star-slash is skipped when it
 * comes.  Ordinary comments, "#" and "-- " comments are skipped.
 */
#include <assert.h>
#include <pthread.h>
#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>
#include <string.h>

#include "ddl/lexer.h"
#include "mysql_ddl.h"

const Keyword lex_keywords[] = {
#define KW(name, res) {#name, TK_##name, res},
#include "ddl/keywords.h"
#undef KW
};
const int lex_n_keywords = (int) (sizeof(lex_keywords) / sizeof(lex_keywords[0]));

/*
 * The keywords in an open-addressing hash table, built once: the scanner
 * looks up every word of the input, and a binary search of strcmp calls was
 * a tenth of translate-ddl's time.  The sorted list above stays the one
 * source (tests check its order and every entry's lookup).
 */
#define KW_SLOTS 512 /* a power of two, over 4x the keywords: short probe chains */
#define KW_MAXLEN 24 /* longer words are identifiers without a look; a multiple of 8 */

static short kw_slot[KW_SLOTS]; /* index into lex_keywords + 1; 0 = empty */
static unsigned char kw_len[sizeof(lex_keywords) / sizeof(lex_keywords[0])];
static char kw_folded[sizeof(lex_keywords) / sizeof(lex_keywords[0])][KW_MAXLEN]; /* each byte | 0x20 */
static pthread_once_t kw_once = PTHREAD_ONCE_INIT;
static int kw_ready; /* set, with release order, once kw_build is done */

/* Length, first two and last byte, case-folded: enough to spread the keywords. */
static unsigned int
kw_hash(const char *z, int n)
{
	unsigned int a = (unsigned char)z[0] & 0xDF, b = (unsigned char)z[n > 1] & 0xDF,
	             c = (unsigned char)z[n - 1] & 0xDF;

	return ((unsigned int)n * 97u) ^ (a * 31u) ^ (b * 7u) ^ (c * 131u);
}

static void
kw_build(void)
{
	for (int k = 0; k < lex_n_keywords; k++) {
		int n = (int) strlen(lex_keywords[k].name);
		unsigned int h;

		assert(n < KW_MAXLEN);
		kw_len[k] = (unsigned char) n;
		for (int i = 0; i < n; i++)
			kw_folded[k][i] = (char) (lex_keywords[k].name[i] | 0x20);
		h = kw_hash(lex_keywords[k].name, n) & (KW_SLOTS - 1);
		while (kw_slot[h] != 0)
			h = (h + 1) & (KW_SLOTS - 1);
		kw_slot[h] = (short) (k + 1);
	}
	__atomic_store_n(&kw_ready, 1, __ATOMIC_RELEASE);
}

/*
 * z[0..n) equals keyword k in any case.  Bytes are compared with bit 0x20
 * set on both sides, 8 at a time: for the bytes a word is made of (letters,
 * digits, "_", "$", bytes above 0x7f) that equals a case-insensitive
 * compare against the keyword's letters, digits and "_".
 */
static bool
kw_equal(const char *z, int k, int n)
{
	const char *w = kw_folded[k];
	uint64_t a, b;
	int i = 0;

	for (; i + 8 <= n; i += 8) {
		memcpy(&a, z + i, 8);
		memcpy(&b, w + i, 8);
		if ((a | 0x2020202020202020ull) != b)
			return false;
	}
	for (; i < n; i++)
		if (((unsigned char) z[i] | 0x20) != (unsigned char) w[i])
			return false;
	return true;
}

int
lex_keyword(const char *z, int n)
{
	unsigned int h;

	if (n <= 0 || n >= KW_MAXLEN)
		return TK_ID;
	if (!__atomic_load_n(&kw_ready, __ATOMIC_ACQUIRE))
		pthread_once(&kw_once, kw_build);
	for (h = kw_hash(z, n) & (KW_SLOTS - 1); kw_slot[h] != 0; h = (h + 1) & (KW_SLOTS - 1)) {
		int k = kw_slot[h] - 1;
		if (kw_len[k] == n && kw_equal(z, k, n))
			return lex_keywords[k].code;
	}
	return TK_ID;
}

/* After an introducer (_binary 0x41, _latin1 b'1'): a hex or a bit literal. */
static int
intro_literal_code(const char *ts, const char *te)
{
	const char *q = ts + 1;

	while (q < te && *q != ' ' && *q != '\t' && *q != '\r' && *q != '\n')
		q++;
	while (q < te && (*q == ' ' || *q == '\t' || *q == '\r' || *q == '\n'))
		q++;
	if (q < te && (*q == 'b' || *q == 'B' || (*q == '0' && q + 1 < te && q[1] == 'b')))
		return TK_BITNUM;
	return TK_HEXNUM;
}

%%{
	machine mysql_lexer;
	alphtype unsigned char;

	action esc { !(lx->mode & LEX_NO_BACKSLASH_ESCAPES) }
	action noesc { (lx->mode & LEX_NO_BACKSLASH_ESCAPES) }
	action dqesc { !(lx->mode & (LEX_NO_BACKSLASH_ESCAPES | LEX_ANSI_QUOTES)) }
	action dqnoesc { (lx->mode & (LEX_NO_BACKSLASH_ESCAPES | LEX_ANSI_QUOTES)) }

	# Strings: both quote styles, doubled quotes, backslash escapes per sql_mode.
	sq_body = ( [^'\\] | "''" | ('\\' when esc) any | ('\\' when noesc) )*;
	dq_body = ( [^"\\] | '""' | ('\\' when dqesc) any | ('\\' when dqnoesc) )*;
	sq_string = "'" sq_body "'";
	dq_string = '"' dq_body '"';

	# `name`, with `` for a backtick inside.
	bq_ident = '`' ( [^`] | '``' )* '`';

	ident_char = [A-Za-z0-9_$] | 0x80..0xff;
	word = ident_char+;

	digits = [0-9]+;
	exponent = [eE] [+\-]? digits;
	int_num = digits;
	dec_num = digits '.' digits? exponent? | '.' digits exponent? | digits exponent;
	hex_num = '0x' [0-9a-fA-F]+ | [xX] "'" [0-9a-fA-F]* "'";
	bit_num = '0b' [01]+ | [bB] "'" [01]* "'";

	# _utf8mb4'text', _binary 0x00, N'text': an introducer and its literal are one token.
	introducer = '_' [A-Za-z0-9_]+ [ \t\r\n]*;
	charset_string = introducer ( sq_string | dq_string ) | [nN] sq_string;
	charset_hex = introducer ( hex_num | bit_num );

	# Comments.
	hash_comment = '#' [^\n]*;
	dash_comment = '--' ( '\n' | [ \t\r\f\v] [^\n]* );
	c_body = any* -- '*/';
	c_comment = '/*' ( c_body - ( ( '!' | 'M!' ) any* ) ) '*/';
	c_comment_open = '/*' ( c_body - ( ( '!' | 'M!' ) any* ) );
	version_open = '/*!' digits? | '/*M!' digits?;

	sql_variable = '@' '@'? ( word ( '.' word )? | bq_ident | sq_string | dq_string );

	op_sym = '<=>' | '<=' | '>=' | '<>' | '!=' | '<<' | '>>' | '&&' | '||' | ':=' | '->>' | '->'
			 | [<>!~^&|%/*:?{}\[\]@\\];

	main := |*
		[ \t\r\n\f\v]+ => { tok = TK_LEX_SPACE; fbreak; };
		hash_comment => { tok = TK_LEX_SPACE; fbreak; };
		dash_comment => { tok = TK_LEX_SPACE; fbreak; };
		c_comment => { tok = TK_LEX_SPACE; fbreak; };
		c_comment_open => { tok = TK_LEX_ERROR; lx->error = "unterminated comment"; fbreak; };
		version_open => { lx->in_version = true; lx->version_at = (const char *) ts; tok = TK_LEX_SPACE; fbreak; };
		'*/' => {
			if (lx->in_version) {
				lx->in_version = false; tok = TK_LEX_SPACE;
				lx->closed_at = lx->version_at; lx->closed_end = (const char *) te;
			}
			else { tok = TK_OP; te = ts + 1; p = te - 1; }
			fbreak;
		};

		sq_string => { tok = TK_STRING; fbreak; };
		"'" sq_body => { tok = TK_LEX_ERROR; lx->error = "unterminated string"; fbreak; };
		dq_string => { tok = (lx->mode & LEX_ANSI_QUOTES) ? TK_ID : TK_STRING; fbreak; };
		'"' dq_body => { tok = TK_LEX_ERROR; lx->error = "unterminated quoted string"; fbreak; };
		bq_ident => { tok = TK_ID; fbreak; };
		'`' ( [^`] | '``' )* => { tok = TK_LEX_ERROR; lx->error = "unterminated quoted identifier"; fbreak; };
		charset_string => { tok = TK_STRING; fbreak; };
		charset_hex => { tok = intro_literal_code((const char *) ts, (const char *) te); fbreak; };

		hex_num => { tok = TK_HEXNUM; fbreak; };
		bit_num => { tok = TK_BITNUM; fbreak; };
		int_num => { tok = TK_INTNUM; fbreak; };
		dec_num => { tok = TK_DECNUM; fbreak; };
		word => { tok = lex_keyword((const char *) ts, (int) (te - ts)); fbreak; };

		sql_variable => { tok = TK_VARIABLE; fbreak; };
		'(' => { tok = TK_LP; fbreak; };
		')' => { tok = TK_RP; fbreak; };
		',' => { tok = TK_COMMA; fbreak; };
		';' => { tok = TK_SEMI; fbreak; };
		'.' => { tok = TK_DOT; fbreak; };
		'=' => { tok = TK_EQ; fbreak; };
		'-' => { tok = TK_MINUS; fbreak; };
		'+' => { tok = TK_PLUS; fbreak; };
		op_sym => { tok = TK_OP; fbreak; };
		any => { tok = TK_LEX_ERROR; lx->error = "unexpected byte"; fbreak; };
	*|;

	write data;
}%%

void
lex_init(Lexer *lx, const char *input, size_t len, int mode)
{
	memset(lx, 0, sizeof(*lx));
	lx->start = input;
	lx->p = input;
	lx->pe = input + len;
	lx->mode = mode;
}

/* Scans one raw token, spaces and comments included. */
static int
lex_raw(Lexer *lx, Token *t)
{
	const unsigned char *p = (const unsigned char *) lx->p;
	const unsigned char *pe = (const unsigned char *) lx->pe;
	const unsigned char *eof = pe;
	const unsigned char *ts = NULL, *te = NULL;
	int cs, act, tok = 0;

	(void) act;
	(void) mysql_lexer_en_main;
	(void) mysql_lexer_error;
	(void) mysql_lexer_first_final;
	if (p == pe)
		return 0;
	%% write init;
	%% write exec;
	if (tok == 0) {
		/* The machine stopped without a token: cannot happen with the
		 * catch-all "any" rule, but never loop on it. */
		t->z = lx->p;
		t->n = 1;
		lx->p++;
		lx->error = "unexpected byte";
		return TK_LEX_ERROR;
	}
	t->z = (const char *) ts;
	t->n = (int) (te - ts);
	lx->p = (const char *) te;
	return tok;
}

int
lex_next(Lexer *lx, Token *t)
{
	for (;;) {
		int tok;

		/* blanks between tokens are skipped here: a scanner call each is dear */
		while (lx->p < lx->pe && (*lx->p == ' ' || *lx->p == '\n' || *lx->p == '\t' || *lx->p == '\r' ||
		                          *lx->p == '\f' || *lx->p == '\v'))
			lx->p++;
		if (lx->delim != NULL && lx->delim_len > 0 && (size_t) (lx->pe - lx->p) >= lx->delim_len &&
			memcmp(lx->p, lx->delim, lx->delim_len) == 0) {
			t->z = lx->p;
			t->n = (int) lx->delim_len;
			lx->p += lx->delim_len;
			return TK_SEMI;
		}
		tok = lex_raw(lx, t);
		if (tok == TK_LEX_SPACE)
			continue;
		if (tok == 0) { /* lex_raw leaves *t alone at the end: set it here, before anyone reads it */
			t->z = lx->pe;
			t->n = 0;
			return 0;
		}
		if (lx->delim != NULL && lx->delim_len > 0 && tok != TK_STRING && tok != TK_LEX_ERROR && !(tok == TK_ID && t->z[0] == '`') &&
			t->n > 1) {
			/* the mysql client ends a statement at its delimiter even inside a word: END$$ */
			for (int k = 1; k + (int) lx->delim_len <= t->n; k++)
				if (memcmp(t->z + k, lx->delim, lx->delim_len) == 0) {
					const char *end = lx->pe;
					lx->p = t->z; /* scan again, up to the delimiter */
					lx->pe = t->z + k;
					tok = lex_raw(lx, t);
					lx->pe = end;
					break;
				}
		}
		if (tok == TK_SEMI && lx->delim != NULL)
			return TK_OP; /* ";" inside a routine body under DELIMITER */
		return tok;
	}
}
