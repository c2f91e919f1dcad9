/*
 * hostile_names.h — names MySQL accepts that break a careless quoter, for
 * the quoting tests with and without servers: a backslash, both quote
 * kinds, a backtick, multibyte UTF-8, a trailing backslash, and the
 * dollar-quote tags chameleon's DO blocks could meet.  Each fits in a
 * PostgreSQL identifier (63 bytes).
 */
#ifndef CHM_TESTS_HOSTILE_NAMES_H
#define CHM_TESTS_HOSTILE_NAMES_H

static const char *const hostile_names[] = {
    "a\\b",                                       /* a backslash */
    "it's \"q\"",                                 /* both quote kinds */
    "bt`ick",                                     /* a backtick */
    "\xc3\xbcn\xc3\xaf \xe8\xa1\xa8\xe2\x98\x83", /* "ünï 表☃" */
    "tail\\",                                     /* a trailing backslash */
    "$$",                                         /* the usual dollar-quote tag */
    "x$chm$y",                                    /* chameleon's */
};
#define N_HOSTILE_NAMES (sizeof(hostile_names) / sizeof(hostile_names[0]))

#endif
