# replica area: sources go into libchm.a
libchm_a_SOURCES += src/replica/copy.c src/replica/copy.h
libchm_a_SOURCES += src/replica/filter.c src/replica/filter.h
libchm_a_SOURCES += src/replica/progress.c src/replica/progress.h
libchm_a_SOURCES += src/replica/tabledef.c src/replica/tabledef.h
libchm_a_SOURCES += src/replica/snapshot.c src/replica/snapshot.h
libchm_a_SOURCES += src/replica/detach.c src/replica/detach.h
libchm_a_SOURCES += src/replica/instance.c src/replica/instance.h
libchm_a_SOURCES += src/replica/reader.c src/replica/reader.h
libchm_a_SOURCES += src/replica/reader_ddl.c src/replica/reader_hints.c
libchm_a_SOURCES += src/replica/reader_limits.c src/replica/reader_int.h
libchm_a_SOURCES += src/replica/replicate.c src/replica/replicate.h
libchm_a_SOURCES += src/replica/fkeys.c src/replica/fkeys.h
