# pg area: the PostgreSQL connection, the catalog, the log writer, the
# replay driver and the show commands' queries.  The catalog's SQL (sql/)
# is embedded into the binary: a C file generated in the build tree from
# the scripts, so the binary never
# looks for sql/ at run time.
libchm_a_SOURCES += \
	src/pg/pg.h src/pg/sql_scripts.h \
	src/pg/pgconn.c \
	src/pg/catalog.c \
	src/pg/logwriter.c \
	src/pg/replay.c src/pg/show.c src/pg/show.h \
	src/pg/sources.c src/pg/fkactions.c

# The current install and functions, every upgrade step, and version 1
# (the start of t-catalog's upgrade test).
CHM_SQL_FILES = \
	sql/catalog-1.sql sql/functions-1.sql \
	sql/catalog-5.sql sql/functions-5.sql \
	sql/upgrade/1--2.sql sql/upgrade/2--3.sql sql/upgrade/3--4.sql sql/upgrade/4--5.sql
EXTRA_DIST += $(CHM_SQL_FILES) src/pg/embed_sql.awk
nodist_libchm_a_SOURCES = src/pg/sql_scripts.c
BUILT_SOURCES += src/pg/sql_scripts.c
CLEANFILES += src/pg/sql_scripts.c

src/pg/sql_scripts.c: $(srcdir)/src/pg/embed_sql.awk \
		$(srcdir)/sql/catalog-1.sql $(srcdir)/sql/functions-1.sql \
		$(srcdir)/sql/catalog-5.sql $(srcdir)/sql/functions-5.sql \
		$(srcdir)/sql/upgrade/1--2.sql $(srcdir)/sql/upgrade/2--3.sql $(srcdir)/sql/upgrade/3--4.sql $(srcdir)/sql/upgrade/4--5.sql
	@$(MKDIR_P) src/pg
	$(AM_V_GEN)(cd $(srcdir) && $(AWK) -f src/pg/embed_sql.awk $(CHM_SQL_FILES)) > $@.tmp && mv $@.tmp $@
