# Generated C from grammar/*.y (lemon) and grammar/*.rl (ragel) is built in
# the build tree, never in the source tree.  It compiles in a library of its
# own so that only it gets the warning exceptions generated code needs.

GRAMMAR_GEN = grammar/mysql_ddl.c grammar/mysql_ddl.h grammar/mysql_lexer.c
BUILT_SOURCES += $(GRAMMAR_GEN)
CLEANFILES += $(GRAMMAR_GEN)
EXTRA_DIST += grammar/mysql_ddl.y grammar/mysql_lexer.rl

# lemon exits 1 on a grammar conflict: keep it that way, the build must fail.
grammar/mysql_ddl.c: $(srcdir)/grammar/mysql_ddl.y
	@$(MKDIR_P) grammar
	$(AM_V_GEN)$(LEMON) -q -T$(LEMON_TEMPLATE) -dgrammar $(srcdir)/grammar/mysql_ddl.y
# lemon writes the header as a side effect: a recipe of its own makes make
# look at the header again after lemon ran, so the lexer (which takes its
# token numbers from it) is rebuilt too (without it an incremental build kept
# a lexer with the old numbers and every statement was a syntax error).
grammar/mysql_ddl.h: grammar/mysql_ddl.c
	@test -f $@ || { rm -f grammar/mysql_ddl.c; $(MAKE) $(AM_MAKEFLAGS) grammar/mysql_ddl.c; }

grammar/mysql_lexer.c: $(srcdir)/grammar/mysql_lexer.rl $(srcdir)/src/ddl/keywords.h grammar/mysql_ddl.h
	@$(MKDIR_P) grammar
	$(AM_V_GEN)$(RAGEL) -C -G2 -L -o $@ $(srcdir)/grammar/mysql_lexer.rl

noinst_LIBRARIES += libchmgen.a
nodist_libchmgen_a_SOURCES = grammar/mysql_ddl.c grammar/mysql_lexer.c
libchmgen_a_CFLAGS = $(AM_CFLAGS) $(GRAMMAR_NDEBUG) -Wno-implicit-fallthrough -Wno-unused-parameter \
	-Wno-type-limits -Wno-unused-const-variable

# The generated parser calls the builders in libchm.a and libchm.a calls the
# parser, so the pair is named twice for a single-pass linker.
CHM_LDADD = libchm.a libchmgen.a libchm.a $(CHM_LIBS)
