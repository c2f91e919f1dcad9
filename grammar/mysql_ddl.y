/*
 * mysql_ddl.y — the MySQL/MariaDB table DDL grammar (lemon).
 *
 * This file is a table of contents: every action is one call into a
 * builder of src/ddl/build.c, which owns the AST (model: sqlite's parse.y).
 * The driver (src/ddl/driver.c) only sends statements that its classifier
 * took for table DDL; views, routines, grants, DML and the rest never get
 * here.  The driver feeds the tokens of one statement, without its
 * terminator, then 0.
 *
 * What carries no meaning for PostgreSQL (partition clauses, most table
 * options, expressions we translate later from their text) is read as a
 * "soup" of tokens: %wildcard ANY matches whatever token the grammar has no
 * other use for at that point, and parentheses nest.  An expression is kept
 * as the text between its parentheses (paren_expr).
 *
 * Nonterminals carry Tokens or ints, never pointers: the AST hangs off
 * DdlParse and lives in the statement arena, so nothing needs a destructor.
 */
%name ddlParser
%token_prefix TK_
%token_type {Token}
%default_type {Token}
%extra_context {DdlParse *p}
%start_symbol input

%include {
#include <assert.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include "ddl/ast.h"
#include "ddl/lexer.h"
/* lemon defines these without prototypes; declared here for -Wmissing-prototypes. */
void *ddlParserAlloc(void *(*mallocProc)(size_t), DdlParse *p);
void ddlParserFree(void *parser, void (*freeProc)(void *));
void ddlParser(void *parser, int major, Token minor);
int ddlParserFallback(int iToken);
void ddlParserTrace(FILE *TraceFILE, char *zTracePrompt);
void ddlParserInit(void *yypRawParser, DdlParse *p);
void ddlParserFinalize(void *parser);
}

%syntax_error { ddl_syntax_error(p, yymajor, &TOKEN); }
%parse_failure { ddl_parse_failure(p); }
%stack_overflow { ddl_parse_failure(p); }
/* Grows as needed (lempar.c's realloc): MariaDB accepts expressions nested
 * far deeper than a fixed stack would hold.  The driver bounds the depth
 * (DDL_MAX_NESTING), so the stack stays small. */
%stack_size 0

/* Values are Tokens and ints; the tree is arena-owned: discarding a value
 * during error recovery frees nothing. */
%token_destructor { (void) p; (void) $$; }
%default_destructor { (void) p; (void) $$; }

/* Tokens the scanner produces that no rule names. */
%token SEMI OP VARIABLE.
%wildcard ANY.

/* "UNIQUE KEY" in a column: KEY belongs to UNIQUE, not to a following "KEY" attribute. */
%left UNIQUE.
%left KEY.

/* Non-reserved keywords: identifiers wherever the keyword is not expected.
 * Exactly the KW(..., 0) entries of src/ddl/keywords.h. */
%fallback ID ACTION AFTER ALGORITHM ALWAYS ASCII AUTO_INCREMENT BYTE CHARSET COALESCE
	COLUMN_FORMAT COMMENT COMPRESSED DATA DIRECTORY DISABLE DISCARD ENABLE END ENFORCED EXCHANGE
	FIRST FULL GENERATED IGNORED IMPORT INVISIBLE KEY_BLOCK_SIZE MODIFY NO NOW NOWAIT OFFLINE
	ONLINE PARSER PARTIAL PARTITIONING PERSISTENT REBUILD REMOVE REORGANIZE REPAIR SERIAL
	SIGNED SIMPLE SRID STORAGE STORED SYSTEM TABLES TABLESPACE TEMPORARY TRUNCATE UNICODE
	VALIDATION VALUE VERSIONING VIRTUAL VISIBLE WAIT WITHOUT NATIONAL.

input ::= cmd.

/* ---------------------------------------------------------------- names */
ident(A) ::= ID(A).
%type table_name {DdlQName}
table_name(A) ::= ident(N). { A.schema.z = NULL; A.schema.n = 0; A.name = N; }
table_name(A) ::= ident(S) DOT ident(N). { A.schema = S; A.name = N; }

opt_ident(A) ::= . { A.z = NULL; A.n = 0; }
opt_ident(A) ::= ident(A).

%type opt_if_exists {int}
opt_if_exists(A) ::= . { A = 0; }
opt_if_exists(A) ::= IF EXISTS. { A = 1; }
%type opt_if_not_exists {int}
opt_if_not_exists(A) ::= . { A = 0; }
opt_if_not_exists(A) ::= IF NOT EXISTS. { A = 1; }
%type opt_temporary {int}
opt_temporary(A) ::= . { A = 0; }
opt_temporary(A) ::= TEMPORARY. { A = 1; }
%type opt_or_replace {int}
opt_or_replace(A) ::= . { A = 0; }
opt_or_replace(A) ::= OR REPLACE. { A = 1; }

opt_eq ::= .
opt_eq ::= EQ.
opt_column ::= .
opt_column ::= COLUMN.
table_or_tables ::= TABLE.
table_or_tables ::= TABLES.
index_or_key ::= INDEX.
index_or_key ::= KEY.
opt_index_or_key ::= .
opt_index_or_key ::= index_or_key.
opt_restrict ::= .
opt_restrict ::= RESTRICT.
opt_restrict ::= CASCADE.
/* MariaDB's lock wait timeout of one statement: nothing for PostgreSQL. */
opt_wait ::= .
opt_wait ::= WAIT INTNUM.
opt_wait ::= NOWAIT.

/* An expression between parentheses: A is the text inside them. */
paren_expr(A) ::= LP(L) soup RP(R). { A.z = L.z + 1; A.n = (int) (R.z - L.z - 1); }
soup ::= .
soup ::= soup soup_item.
soup_item ::= ANY.
soup_item ::= LP soup RP.

/* Adjacent string literals concatenate, as in MySQL: A spans all of them. */
string(A) ::= STRING(A).
string(A) ::= string(S) STRING(T). { A.z = S.z; A.n = (int) (T.z + T.n - S.z); }

charset_kw ::= CHARACTER SET.
charset_kw ::= CHARSET.
charset_name(A) ::= ident(A).
charset_name(A) ::= STRING(A).
charset_name(A) ::= BINARY(A).
charset_name(A) ::= DEFAULT(A).

/* ---------------------------------------------------------- CREATE TABLE */
cmd ::= create_table_head create_body.
create_table_head ::= CREATE opt_or_replace(R) opt_temporary(T) TABLE opt_if_not_exists(E) table_name(N).
	{ ddl_create_table(p, &N, R, T, E); }

create_body ::= LP table_elements RP create_opts opt_partition opt_create_select.
create_body ::= create_opts opt_partition create_select.
create_body ::= LIKE table_name(N). { ddl_create_like(p, &N); }
create_body ::= LP LIKE table_name(N) RP. { ddl_create_like(p, &N); }

opt_create_select ::= .
opt_create_select ::= create_select.
create_select ::= SELECT soup. { ddl_create_select(p); }
create_select ::= AS SELECT soup. { ddl_create_select(p); }
create_select ::= IGNORE SELECT soup. { ddl_create_select(p); }
create_select ::= REPLACE SELECT soup. { ddl_create_select(p); }
create_select ::= AS LP SELECT soup RP soup. { ddl_create_select(p); }

opt_partition ::= .
opt_partition ::= PARTITION BY soup. { ddl_partition(p); }

table_elements ::= table_elements COMMA table_element.
table_elements ::= table_element.
table_element ::= column_def. { ddl_table_add_column(p); }
table_element ::= table_constraint.
/* MariaDB: PERIOD FOR SYSTEM_TIME (start, end), PERIOD FOR p (a, b). */
table_element ::= ident FOR ident LP ident COMMA ident RP.

create_opts ::= .
create_opts ::= create_opts table_option.
create_opts ::= create_opts COMMA table_option.

/* ---------------------------------------------------------- columns */
column_def ::= column_name data_type col_attrs.
column_name ::= ident(N). { ddl_column_begin(p, &N); }
/* MariaDB: a column named with its table, t1.a or test.t1.a (the server
 * refuses any other qualifier). */
column_name ::= ident DOT ident(N). { ddl_column_begin(p, &N); }
column_name ::= ident DOT ident DOT ident(N). { ddl_column_begin(p, &N); }

/* type_name's value is its first word: where an invalid type is reported. */
data_type ::= type_name(N) opt_type_args. { ddl_type_end(p, &N); }
type_name(A) ::= ident(A). { ddl_type_name(p, &A, NULL, NULL); }
type_name(A) ::= type_word(A). { ddl_type_name(p, &A, NULL, NULL); }
type_name(A) ::= ident(A) PRECISION(M). { ddl_type_name(p, &A, &M, NULL); }
type_name(A) ::= type_word(A) VARYING(M). { ddl_type_name(p, &A, &M, NULL); }
type_name(A) ::= ident(A) VARYING(M). { ddl_type_name(p, &A, &M, NULL); }
type_name(A) ::= ident(A) second_word(M). { ddl_type_name(p, &A, &M, NULL); }
type_name(A) ::= ident(A) CHAR(M) VARYING(O). { ddl_type_name(p, &A, &M, &O); }
type_name(A) ::= NATIONAL(A) type_word(M). { ddl_type_name(p, &A, &M, NULL); }
type_name(A) ::= NATIONAL(A) type_word(M) VARYING(O). { ddl_type_name(p, &A, &M, &O); }
/* Two-word types name their second word: "ident ident" would take a
 * following non-reserved keyword (SIGNED, FIRST) for part of the type. */
second_word(A) ::= CHAR(A).
second_word(A) ::= VARCHAR(A).
second_word(A) ::= VARBINARY(A).
type_word(A) ::= CHARACTER(A).
type_word(A) ::= CHAR(A).
type_word(A) ::= VARCHAR(A).
type_word(A) ::= VARBINARY(A).
type_word(A) ::= BINARY(A).
type_word(A) ::= SET(A).
type_word(A) ::= SERIAL(A).

opt_type_args ::= .
opt_type_args ::= LP type_args RP.
type_args ::= type_args COMMA type_arg.
type_args ::= type_arg.
type_arg ::= INTNUM(N). { ddl_type_arg(p, &N); }
type_arg ::= string(S). { ddl_type_label(p, &S); }
type_arg ::= HEXNUM(S). { ddl_type_label_radix(p, &S); }
type_arg ::= BITNUM(S). { ddl_type_label_radix(p, &S); }

col_attrs ::= .
col_attrs ::= col_attrs col_attr.
col_attr ::= NOT NULL. { ddl_col_null(p, 0); }
col_attr ::= NULL. { ddl_col_null(p, 1); }
col_attr ::= DEFAULT default_value.
col_attr ::= AUTO_INCREMENT. { ddl_col_auto_increment(p); }
col_attr ::= SERIAL DEFAULT VALUE. { ddl_col_serial_default(p); }
col_attr ::= UNIQUE. { ddl_col_key(p, DDL_IDX_UNIQUE); }
col_attr ::= UNIQUE KEY. { ddl_col_key(p, DDL_IDX_UNIQUE); }
col_attr ::= PRIMARY KEY. { ddl_col_key(p, DDL_IDX_PRIMARY); }
col_attr ::= KEY. { ddl_col_key(p, DDL_IDX_PRIMARY); }
col_attr ::= COMMENT string(S). { ddl_col_comment(p, &S); }
col_attr ::= COLLATE charset_name(C). { ddl_col_collate(p, &C); }
col_attr ::= charset_kw charset_name(C). { ddl_col_charset(p, &C); }
col_attr ::= BINARY. { ddl_col_binary(p); }
col_attr ::= ASCII.
col_attr ::= UNICODE.
col_attr ::= BYTE. { ddl_col_byte(p); }
col_attr ::= UNSIGNED. { ddl_col_unsigned(p, 1); }
col_attr ::= SIGNED. { ddl_col_unsigned(p, 0); }
col_attr ::= ZEROFILL. { ddl_col_zerofill(p); }
col_attr ::= ON UPDATE now_func(N). { ddl_col_on_update(p, N); }
col_attr ::= ON UPDATE ref_action(A). { ddl_fk_on_update(p, A); }
col_attr ::= ON DELETE ref_action(A). { ddl_fk_on_delete(p, A); }
col_attr ::= GENERATED ALWAYS AS paren_expr(E). { ddl_col_generated(p, &E); }
col_attr ::= AS paren_expr(E). { ddl_col_generated(p, &E); }
/* MariaDB's system versioning: GENERATED ALWAYS AS ROW START / ROW END. */
col_attr ::= GENERATED ALWAYS AS ident ident(W). { ddl_col_row_period(p, &W); }
col_attr ::= AS ident ident(W). { ddl_col_row_period(p, &W); }
col_attr ::= VIRTUAL. { ddl_col_stored(p, 0); }
col_attr ::= STORED. { ddl_col_stored(p, 1); }
col_attr ::= PERSISTENT. { ddl_col_stored(p, 1); }
col_attr ::= INVISIBLE. { ddl_col_invisible(p, 1); }
col_attr ::= VISIBLE. { ddl_col_invisible(p, 0); }
col_attr ::= CHECK paren_expr(E). { ddl_col_check(p, NULL, &E); }
col_attr ::= CONSTRAINT opt_ident(C) CHECK paren_expr(E). { ddl_col_check(p, &C, &E); }
col_attr ::= ENFORCED.
col_attr ::= NOT ENFORCED. { ddl_col_check_not_enforced(p); }
col_attr ::= col_references opt_ref_cols opt_match.
col_attr ::= CONSTRAINT opt_ident(C) col_references opt_ref_cols opt_match. { ddl_col_fk_name(p, &C); }
col_references ::= REFERENCES table_name(T). { ddl_col_references(p, &T); }
col_attr ::= COLUMN_FORMAT ident.
col_attr ::= COLUMN_FORMAT DEFAULT.
col_attr ::= STORAGE ident.
col_attr ::= STORAGE DEFAULT.
col_attr ::= SRID INTNUM.
col_attr ::= WITH SYSTEM VERSIONING.
col_attr ::= WITHOUT SYSTEM VERSIONING.
/* MariaDB's compressed columns: storage only. */
col_attr ::= COMPRESSED.
col_attr ::= COMPRESSED EQ ident.

opt_ref_cols ::= .
opt_ref_cols ::= LP ref_cols RP.
ref_cols ::= ref_cols COMMA ident(N). { ddl_fk_ref_column(p, &N); }
ref_cols ::= ident(N). { ddl_fk_ref_column(p, &N); }
opt_match ::= .
opt_match ::= MATCH FULL.
opt_match ::= MATCH PARTIAL.
opt_match ::= MATCH SIMPLE.

/* Precision of CURRENT_TIMESTAMP and its synonyms: -1 when not given. */
%type now_func {int}
now_func(A) ::= CURRENT_TIMESTAMP opt_prec(P). { A = P; }
now_func(A) ::= LOCALTIME opt_prec(P). { A = P; }
now_func(A) ::= LOCALTIMESTAMP opt_prec(P). { A = P; }
now_func(A) ::= NOW LP RP. { A = -1; }
now_func(A) ::= NOW LP INTNUM(N) RP. { A = ddl_token_int(&N); }
%type opt_prec {int}
opt_prec(A) ::= . { A = -1; }
opt_prec(A) ::= LP RP. { A = -1; }
opt_prec(A) ::= LP INTNUM(N) RP. { A = ddl_token_int(&N); }

default_value ::= literal(L). { ddl_col_default(p, &L, 0); }
default_value ::= MINUS literal(L). { ddl_col_default(p, &L, -1); }
default_value ::= PLUS literal(L). { ddl_col_default(p, &L, 1); }
default_value ::= now_func(N). { ddl_col_default_now(p, N); }
default_value ::= paren_expr(E). { ddl_col_default_expr(p, &E); }
default_value ::= ident(F) paren_expr(E). { ddl_col_default_call(p, &F, &E); }
default_value ::= ident(F). { ddl_col_default_word(p, &F); }
/* MariaDB: DEFAULT t1.x or test.t1.x, a column of the table named with it. */
default_value ::= ident DOT ident(F). { ddl_col_default_word(p, &F); }
default_value ::= ident DOT ident DOT ident(F). { ddl_col_default_word(p, &F); }
/* Functions whose names are keywords (MariaDB: DEFAULT IF(1,2,3)), and
 * system variables (DEFAULT @@version): expressions, which the emitter keeps
 * or drops with a notice. */
default_value ::= kw_func(F) paren_expr(E). { ddl_col_default_call(p, &F, &E); }
default_value ::= VARIABLE(V). { ddl_col_default_word(p, &V); }
/* MariaDB: DEFAULT @v:=1 and DEFAULT CASE WHEN a THEN b ELSE 2 END, expressions
 * without parentheses, kept as their text. */
default_value ::= VARIABLE(V) OP literal(L). { ddl_col_default_span(p, &V, &L); }
default_value ::= CASE(F) case_soup END(T). { ddl_col_default_span(p, &F, &T); }
case_soup ::= .
case_soup ::= case_soup case_item.
case_item ::= ANY.
case_item ::= LP soup RP.
case_item ::= CASE case_soup END.
kw_func(A) ::= IF(A).
kw_func(A) ::= CONVERT(A).
kw_func(A) ::= REPLACE(A).
kw_func(A) ::= CHAR(A).
/* Typed literals: DATE '2021-02-03', TIME '01:02:03', TIMESTAMP '...'. */
default_value ::= ident(F) string(S). { ddl_col_default_typed(p, &F, &S); }
/* MariaDB: DEFAULT NEXT VALUE FOR seq */
default_value ::= ident(F) VALUE FOR table_name(T). { ddl_col_default_span(p, &F, &T.name); }

literal(A) ::= string(A).
literal(A) ::= INTNUM(A).
literal(A) ::= DECNUM(A).
literal(A) ::= HEXNUM(A).
literal(A) ::= BITNUM(A).
literal(A) ::= NULL(A).
literal(A) ::= TRUE(A).
literal(A) ::= FALSE(A).

%type ref_action {int}
ref_action(A) ::= RESTRICT. { A = DDL_FK_RESTRICT; }
ref_action(A) ::= CASCADE. { A = DDL_FK_CASCADE; }
ref_action(A) ::= SET NULL. { A = DDL_FK_SET_NULL; }
ref_action(A) ::= SET DEFAULT. { A = DDL_FK_SET_DEFAULT; }
ref_action(A) ::= NO ACTION. { A = DDL_FK_NO_ACTION; }

/* ---------------------------------------------------------- keys, constraints */
table_constraint ::= index_head opt_index_using LP key_parts RP index_opts. { ddl_index_end(p); }
table_constraint ::= fk_head LP key_parts RP REFERENCES table_name(T) LP ref_cols RP fk_opts.
	{ ddl_fk_end(p, &T); }
table_constraint ::= opt_constraint(C) CHECK paren_expr(E) opt_enforced(F). { ddl_check(p, &C, &E, F); }

opt_constraint(A) ::= . { A.z = NULL; A.n = 0; }
opt_constraint(A) ::= CONSTRAINT opt_ident(N). { A = N; }
/* MariaDB: ADD CONSTRAINT IF NOT EXISTS; the builder of the constraint reads the flag */
opt_constraint(A) ::= CONSTRAINT IF NOT EXISTS opt_ident(N). { A = N; ddl_constraint_if_not_exists(p); }

index_head ::= opt_constraint(C) PRIMARY KEY opt_if_not_exists(E) opt_ident. { ddl_index_begin(p, DDL_IDX_PRIMARY, &C, E); }
index_head ::= opt_constraint(C) UNIQUE opt_index_or_key opt_if_not_exists(E) opt_ident(N).
	{ ddl_index_begin(p, DDL_IDX_UNIQUE, N.n ? &N : &C, E); }
index_head ::= index_or_key opt_if_not_exists(E) opt_ident(N). { ddl_index_begin(p, DDL_IDX_PLAIN, &N, E); }
index_head ::= FULLTEXT opt_index_or_key opt_if_not_exists(E) opt_ident(N). { ddl_index_begin(p, DDL_IDX_FULLTEXT, &N, E); }
index_head ::= SPATIAL opt_index_or_key opt_if_not_exists(E) opt_ident(N). { ddl_index_begin(p, DDL_IDX_SPATIAL, &N, E); }
fk_head ::= opt_constraint(C) FOREIGN KEY opt_if_not_exists opt_ident(N). { ddl_index_begin(p, DDL_IDX_FOREIGN, C.n ? &C : &N, 0); }

opt_index_using ::= .
opt_index_using ::= USING ident.

key_parts ::= key_parts COMMA key_part.
key_parts ::= key_part.
key_part ::= ident(N) opt_prefix(L) opt_order(O). { ddl_key_part(p, &N, L, O); }
key_part ::= paren_expr(E) opt_order(O). { ddl_key_expr(p, &E, O); }
%type opt_prefix {int}
opt_prefix(A) ::= . { A = 0; }
opt_prefix(A) ::= LP INTNUM(N) RP. { A = ddl_token_int(&N); }
%type opt_order {int}
opt_order(A) ::= . { A = 0; }
opt_order(A) ::= ASC. { A = 0; }
opt_order(A) ::= DESC. { A = 1; }

index_opts ::= .
index_opts ::= index_opts index_opt.
index_opt ::= USING ident.
index_opt ::= KEY_BLOCK_SIZE opt_eq INTNUM.
index_opt ::= COMMENT string.
index_opt ::= VISIBLE.
index_opt ::= INVISIBLE.
index_opt ::= IGNORED.
index_opt ::= NOT IGNORED.
index_opt ::= WITH PARSER ident.

fk_opts ::= .
fk_opts ::= fk_opts fk_opt.
fk_opt ::= ON DELETE ref_action(A). { ddl_fk_on_delete(p, A); }
fk_opt ::= ON UPDATE ref_action(A). { ddl_fk_on_update(p, A); }
fk_opt ::= MATCH FULL.
fk_opt ::= MATCH PARTIAL.
fk_opt ::= MATCH SIMPLE.

%type opt_enforced {int}
opt_enforced(A) ::= . { A = 1; }
opt_enforced(A) ::= ENFORCED. { A = 1; }
opt_enforced(A) ::= NOT ENFORCED. { A = 0; }

/* ---------------------------------------------------------- table options */
table_option ::= ident(K) opt_eq option_value(V). { ddl_table_option(p, &K, &V); }
table_option ::= COMMENT opt_eq string(S). { ddl_table_comment(p, &S); }
table_option ::= AUTO_INCREMENT opt_eq INTNUM.
table_option ::= charset_kw opt_eq charset_name.
table_option ::= DEFAULT charset_kw opt_eq charset_name.
table_option ::= CHAR SET opt_eq charset_name.
table_option ::= DEFAULT CHAR SET opt_eq charset_name.
table_option ::= COLLATE opt_eq charset_name.
table_option ::= DEFAULT COLLATE opt_eq charset_name.
table_option ::= UNION opt_eq LP union_list RP.
table_option ::= DATA DIRECTORY opt_eq string.
table_option ::= INDEX DIRECTORY opt_eq string.
table_option ::= WITH SYSTEM VERSIONING.
table_option ::= LOCK opt_eq option_value.

option_value(A) ::= ident(A).
option_value(A) ::= STRING(A).
option_value(A) ::= INTNUM(A).
option_value(A) ::= DECNUM(A).
option_value(A) ::= DEFAULT(A).
option_value(A) ::= NULL(A).

union_list ::= .
union_list ::= union_list_ne.
union_list_ne ::= union_list_ne COMMA table_name.
union_list_ne ::= table_name.

/* ---------------------------------------------------------- ALTER TABLE */
cmd ::= alter_table_head alter_body.
alter_table_head ::= ALTER opt_online opt_ignore TABLE opt_if_exists(E) table_name(N) opt_wait. { ddl_alter_table(p, &N, E); }
opt_online ::= .
opt_online ::= ONLINE.
opt_online ::= OFFLINE.
opt_ignore ::= .
opt_ignore ::= IGNORE.

alter_body ::= .
alter_body ::= alter_list opt_partition.
/* Partition operations stand alone in MySQL and take lists of names: they
 * end the statement, commas included. */
alter_body ::= partition_cmd.
alter_body ::= alter_list COMMA partition_cmd.
/* ORDER BY takes a list of columns: like MySQL's grammar, it ends the statement */
alter_body ::= order_cmd.
alter_body ::= alter_list COMMA order_cmd.
order_cmd ::= ORDER BY order_list. { ddl_alter_order(p); }
order_list ::= order_list COMMA order_item.
order_list ::= order_item.
order_item ::= ident opt_order.
order_item ::= ident DOT ident opt_order.
order_item ::= ident DOT ident DOT ident opt_order.
partition_cmd ::= ADD PARTITION soup. { ddl_partition(p); }
partition_cmd ::= DROP PARTITION soup. { ddl_partition(p); }
partition_cmd ::= partition_op PARTITION soup. { ddl_partition(p); }
partition_cmd ::= REMOVE PARTITIONING. { ddl_partition(p); }
alter_list ::= alter_list COMMA alter_spec.
alter_list ::= alter_spec.

alter_spec ::= ADD opt_column opt_if_not_exists(E) column_def opt_place. { ddl_alter_add_column(p, E); }
alter_spec ::= add_list_head LP add_list RP.
add_list_head ::= ADD opt_column opt_if_not_exists(E). { p->add_if_not_exists = E; }
alter_spec ::= ADD table_constraint.
alter_spec ::= DROP opt_column opt_if_exists(E) ident(N) opt_restrict. { ddl_alter_drop_column(p, &N, E); }
alter_spec ::= DROP PRIMARY KEY. { ddl_alter_drop_primary(p); }
alter_spec ::= DROP CONSTRAINT PRIMARY KEY. { ddl_alter_drop_primary(p); }
alter_spec ::= DROP index_or_key opt_if_exists(E) ident(N). { ddl_alter_drop_index(p, &N, E); }
alter_spec ::= DROP FOREIGN KEY opt_if_exists(E) ident(N). { ddl_alter_drop_fk(p, &N, E); }
alter_spec ::= DROP CHECK opt_if_exists(E) ident(N). { ddl_alter_drop_check(p, &N, E); }
alter_spec ::= DROP CONSTRAINT opt_if_exists(E) ident(N). { ddl_alter_drop_constraint(p, &N, E); }
alter_spec ::= DROP SYSTEM VERSIONING.
alter_spec ::= ADD SYSTEM VERSIONING.
alter_spec ::= CHANGE opt_column opt_if_exists(E) ident(O) column_def opt_place. { ddl_alter_change(p, &O, E); }
alter_spec ::= MODIFY opt_column opt_if_exists(E) column_def opt_place. { ddl_alter_modify(p, E); }
alter_spec ::= alter_column_head SET DEFAULT default_value. { ddl_alter_set_default(p); }
alter_spec ::= alter_column_head DROP DEFAULT. { ddl_alter_drop_default(p); }
alter_spec ::= alter_column_head SET VISIBLE.
alter_spec ::= alter_column_head SET INVISIBLE.
alter_spec ::= ALTER index_or_key ident VISIBLE.
alter_spec ::= ALTER index_or_key ident INVISIBLE.
alter_spec ::= ALTER index_or_key ident IGNORED.
alter_spec ::= ALTER index_or_key ident NOT IGNORED.
alter_spec ::= ALTER CHECK ident(N) ENFORCED. { ddl_alter_enforce_check(p, &N); }
alter_spec ::= ALTER CHECK ident(N) NOT ENFORCED. { ddl_alter_drop_check(p, &N, 1); }
alter_spec ::= ALTER CONSTRAINT ident(N) ENFORCED. { ddl_alter_enforce_check(p, &N); }
alter_spec ::= ALTER CONSTRAINT ident(N) NOT ENFORCED. { ddl_alter_drop_check(p, &N, 1); }
alter_spec ::= RENAME COLUMN opt_if_exists(E) ident(A) TO ident(B). { ddl_alter_rename_column(p, &A, &B, E); }
alter_spec ::= RENAME index_or_key opt_if_exists(E) ident(A) TO ident(B). { ddl_alter_rename_index(p, &A, &B, E); }
alter_spec ::= RENAME opt_to table_name(N). { ddl_alter_rename_table(p, &N); }
alter_spec ::= table_options.
alter_spec ::= CONVERT TO charset_kw charset_name opt_collate.
alter_spec ::= FORCE.
alter_spec ::= ENABLE KEYS.
alter_spec ::= DISABLE KEYS.
alter_spec ::= WITH VALIDATION.
alter_spec ::= WITHOUT VALIDATION.
alter_spec ::= DISCARD TABLESPACE.
alter_spec ::= IMPORT TABLESPACE.
alter_spec ::= PARTITION BY soup. { ddl_partition(p); }
partition_op ::= COALESCE.
partition_op ::= REORGANIZE.
partition_op ::= EXCHANGE.
partition_op ::= ANALYZE.
partition_op ::= CHECK.
partition_op ::= OPTIMIZE.
partition_op ::= REBUILD.
partition_op ::= REPAIR.
partition_op ::= TRUNCATE.
partition_op ::= DISCARD.
partition_op ::= IMPORT.

alter_column_head ::= ALTER opt_column opt_if_exists(E) ident(N). { ddl_alter_column_begin(p, &N, E); }
opt_to ::= .
opt_to ::= TO.
opt_to ::= AS.
opt_collate ::= .
opt_collate ::= COLLATE charset_name.
table_options ::= table_options table_option.
table_options ::= table_option.

add_list ::= add_list COMMA add_item.
add_list ::= add_item.
add_item ::= column_def. { ddl_alter_add_column(p, p->add_if_not_exists); }
add_item ::= table_constraint.

opt_place ::= .
opt_place ::= FIRST. { ddl_col_place(p, NULL); }
opt_place ::= AFTER ident(N). { ddl_col_place(p, &N); }

/* ---------------------------------------------------------- DROP, TRUNCATE, RENAME */
cmd ::= drop_table_head drop_list opt_wait opt_restrict.
drop_table_head ::= DROP opt_temporary(T) table_or_tables opt_if_exists(E). { ddl_drop_table(p, T, E); }
drop_list ::= drop_list COMMA table_name(N). { ddl_drop_table_name(p, &N); }
drop_list ::= table_name(N). { ddl_drop_table_name(p, &N); }

cmd ::= TRUNCATE opt_table table_name(N) opt_wait. { ddl_truncate(p, &N); }
opt_table ::= .
opt_table ::= TABLE.

cmd ::= rename_head rename_list.
rename_head ::= RENAME table_or_tables opt_if_exists. { ddl_rename_table(p); }
rename_list ::= rename_list COMMA rename_pair.
rename_list ::= rename_pair.
rename_pair ::= table_name(A) opt_wait TO table_name(B). { ddl_rename_pair(p, &A, &B); }

/* ---------------------------------------------------------- CREATE/DROP INDEX */
cmd ::= create_index_head opt_index_using index_on LP key_parts RP opt_wait index_opts alg_lock_opts. { ddl_index_end(p); }
create_index_head ::= CREATE opt_or_replace(R) opt_online index_kind(K) INDEX opt_if_not_exists(E) ident(N).
	{ ddl_create_index(p, K, &N, E, R); }
index_on ::= ON table_name(T). { ddl_index_table(p, &T); }
%type index_kind {int}
index_kind(A) ::= . { A = DDL_IDX_PLAIN; }
index_kind(A) ::= UNIQUE. { A = DDL_IDX_UNIQUE; }
index_kind(A) ::= FULLTEXT. { A = DDL_IDX_FULLTEXT; }
index_kind(A) ::= SPATIAL. { A = DDL_IDX_SPATIAL; }

cmd ::= DROP opt_online INDEX opt_if_exists(E) ident(N) ON table_name(T) opt_wait alg_lock_opts. { ddl_drop_index(p, &N, &T, E); }
alg_lock_opts ::= .
alg_lock_opts ::= alg_lock_opts alg_lock.
alg_lock ::= ALGORITHM opt_eq option_value.
alg_lock ::= LOCK opt_eq option_value.
