# ddl area: the MySQL DDL translator.  The grammar and scanner it drives are
# generated from grammar/ (see grammar/local.mk).  ddl.h lists the files by phase.
libchm_a_SOURCES += \
	src/ddl/ddl.h src/ddl/ast.h src/ddl/lexer.h src/ddl/keywords.h \
	src/ddl/driver.c src/ddl/build.c src/ddl/scope.c \
	src/ddl/emit_int.h src/ddl/emit.c src/ddl/emit_alter.c src/ddl/emit_using.c src/ddl/emit_default.c src/ddl/emit_fold.c \
	src/ddl/typemap.c src/ddl/names.c src/ddl/expr.c
libchm_a_SOURCES += \
	src/ddl/model.h src/ddl/model_int.h \
	src/ddl/model.c src/ddl/model_pack.c src/ddl/model_json.c
