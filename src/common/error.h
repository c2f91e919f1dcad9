/*
 * error.h — the one table of error codes.
 *
 * Functions that can fail return 0 or a negative CHM_E* code; tests compare
 * codes, never message text.  The human message that goes with a failure is
 * logged where the failure is known (it names the file, table or binlog
 * position); chm_strerror() only gives the code's generic text.
 */
#ifndef CHM_ERROR_H
#define CHM_ERROR_H

#define CHM_ERROR_LIST(X)                                              \
	X(CHM_OK, 0, "success")                                            \
	X(CHM_ENOMEM, -1, "out of memory")                                 \
	X(CHM_EIO, -2, "input/output error")                               \
	X(CHM_EUSAGE, -3, "invalid usage")                                 \
	X(CHM_ECONFIG, -4, "invalid configuration")                        \
	X(CHM_ESYNTAX, -5, "syntax error")                                 \
	X(CHM_EUNSUPPORTED, -6, "not supported")                           \
	X(CHM_ENOTFOUND, -7, "not found")                                  \
	X(CHM_EMYSQL, -8, "MySQL error")                                   \
	X(CHM_EPG, -9, "PostgreSQL error")                                 \
	X(CHM_ECATALOG, -10, "catalog error")                              \
	X(CHM_ERANGE, -11, "value out of range")                           \
	X(CHM_ECORRUPT, -12, "corrupt data")                               \
	X(CHM_EINTERRUPTED, -13, "interrupted")                            \
	X(CHM_ENOTIMPL, -14, "not implemented yet")                        \
	X(CHM_ESTATE, -15, "invalid state")                                \
	X(CHM_EBUSY, -16, "busy: another process holds the lock")

enum ChmError {
#define CHM_ERROR_ENUM(name, code, text) name = (code),
	CHM_ERROR_LIST(CHM_ERROR_ENUM)
#undef CHM_ERROR_ENUM
};

/* The generic text of a code; never NULL. */
const char *chm_strerror(int code);
/* The symbolic name of a code ("CHM_ESYNTAX"); never NULL. */
const char *chm_errname(int code);

#if defined(__GNUC__)
#define CHM_PRINTF(f, a) __attribute__((format(printf, f, a)))
#define CHM_MUSTCHECK __attribute__((warn_unused_result))
#define CHM_NORETURN __attribute__((noreturn))
#else
#define CHM_PRINTF(f, a)
#define CHM_MUSTCHECK
#define CHM_NORETURN
#endif

#endif
