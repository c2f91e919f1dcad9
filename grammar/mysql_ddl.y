/*
 * Placeholder grammar: wires the lemon build rules until the MySQL DDL
 * grammar lands.  It accepts a list of identifiers, nothing more.
 */
%name chmPlaceholder
%token_prefix TK_
%token_type {int}
%include {
#include <stddef.h>
#include <stdio.h>
void *chmPlaceholderAlloc(void *(*mallocProc)(size_t));
void chmPlaceholderFree(void *p, void (*freeProc)(void *));
void chmPlaceholder(void *p, int major, int minor);
int chmPlaceholderFallback(int iToken);
void chmPlaceholderTrace(FILE *TraceFILE, char *zTracePrompt);
void chmPlaceholderInit(void *yypRawParser);
void chmPlaceholderFinalize(void *p);
}
input ::= ids.
ids ::= .
ids ::= ids ID.
