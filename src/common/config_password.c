/*
 * config_password.c — where the MySQL password comes from: db_conn's
 * password, its password_file, $MYSQL_PWD or the [client] section of
 * ~/.my.cnf, read the way MySQL's client reads them (quotes, escapes, #
 * comments), and refused when others may read the file that holds it.
 *
 * This file is not where the YAML configuration is read (config.c and
 * config_yaml.c): it works on a loaded ConnConfig, when a command connects.
 */
#include "common/config_int.h"

#include <ctype.h>
#include <errno.h>
#include <fcntl.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "common/log.h"
#include "common/strbuf.h"

/* A password longer than this is not a password; an option file longer is not one either. */
#define PASSWORD_MAX    4096
#define OPTION_FILE_MAX (256 * 1024)

/*
 * Reads the file at path (what names its role: "password file") into buf,
 * NUL-terminated, at most cap - 1 bytes; *st is its status.  A missing
 * file is CHM_ENOTFOUND, not logged, when missing_ok; any other failure
 * is CHM_ECONFIG, logged.  Symbolic links are followed: secrets are often
 * mounted through one (Kubernetes).
 */
static int
read_small_file(const char *path, const char *what, bool missing_ok, char *buf, size_t cap,
                size_t *len, struct stat *st)
{
	int fd = open(path, O_RDONLY | O_CLOEXEC);
	int rc = 0;
	ssize_t r;

	*len = 0;
	if (fd < 0) {
		int err = errno;
		if (err == ENOENT && missing_ok)
			return CHM_ENOTFOUND;
		chm_log(LOG_ERROR, "could not open %s \"%s\": %s", what, path, strerror(err));
		return CHM_ECONFIG;
	}
	if (fstat(fd, st) != 0 || !S_ISREG(st->st_mode)) {
		chm_log(LOG_ERROR, "%s \"%s\" is not a regular file", what, path);
		rc = CHM_ECONFIG;
		goto done;
	}
	while (*len < cap && (r = read(fd, buf + *len, cap - *len)) != 0) {
		if (r < 0 && errno == EINTR)
			continue;
		if (r < 0) {
			chm_log(LOG_ERROR, "could not read %s \"%s\": %s", what, path, strerror(errno));
			rc = CHM_ECONFIG;
			goto done;
		}
		*len += (size_t)r;
	}
	if (*len >= cap) {
		chm_log(LOG_ERROR, "%s \"%s\" is larger than %zu bytes", what, path, cap - 1);
		rc = CHM_ECONFIG;
		goto done;
	}
	buf[*len] = '\0';
done:
	close(fd);
	return rc;
}

/*
 * Refuses a file holding a secret that group or others may read or write,
 * as libpq refuses a .pgpass with group or world access.
 */
static int
check_private(const struct stat *st, const char *what, const char *path)
{
	if ((st->st_mode & (S_IRWXG | S_IRWXO)) == 0)
		return 0;
	chm_log(LOG_ERROR,
	        "%s \"%s\" has group or world access (mode %04o): it holds a password; chmod 600 it",
	        what, path, (unsigned)(st->st_mode & 07777));
	return CHM_ECONFIG;
}

static char *
trim(char *s)
{
	char *end;

	while (isspace((unsigned char)*s))
		s++;
	end = s + strlen(s);
	while (end > s && isspace((unsigned char)end[-1]))
		*--end = '\0';
	return s;
}

/*
 * Cuts a value of an option file at its comment: a # outside quotes, as
 * MySQL's reader does (mysys remove_end_comment).
 */
static void
cut_comment(char *v)
{
	char quote = 0;
	bool escape = false;

	for (; *v; v++) {
		if ((*v == '\'' || *v == '"') && !escape)
			quote = quote == 0 ? *v : (quote == *v ? 0 : quote);
		if (quote == 0 && *v == '#') {
			*v = '\0';
			return;
		}
		escape = quote != 0 && *v == '\\' && !escape;
	}
}

/* An option value: surrounding quotes removed, MySQL's escapes replaced, in place. */
static void
unquote_value(char *v)
{
	size_t n = strlen(v);
	char *w = v;

	if (n >= 2 && (v[0] == '\'' || v[0] == '"') && v[n - 1] == v[0]) {
		v[n - 1] = '\0';
		memmove(v, v + 1, n - 1);
	}
	for (char *r = v; *r; r++) {
		if (*r != '\\' || r[1] == '\0') {
			*w++ = *r;
			continue;
		}
		switch (*++r) {
		case 'n':
			*w++ = '\n';
			break;
		case 't':
			*w++ = '\t';
			break;
		case 'r':
			*w++ = '\r';
			break;
		case 'b':
			*w++ = '\b';
			break;
		case 's':
			*w++ = ' ';
			break;
		case '"':
		case '\'':
		case '\\':
			*w++ = *r;
			break;
		default: /* unknown: kept as written, as MySQL does */
			*w++ = '\\';
			*w++ = *r;
			break;
		}
	}
	*w = '\0';
}

/*
 * The password of the [client] group of a MySQL option file's text,
 * which this changes, in place: a pointer into text, NULL when there is
 * none.  The last one given wins, as in MySQL.  "password" alone (which
 * makes MySQL's client prompt) gives none; !include lines are not followed.
 */
static char *
option_file_password(char *text)
{
	bool in_client = false;
	char *found = NULL, *save = NULL;

	for (char *line = strtok_r(text, "\n", &save); line; line = strtok_r(NULL, "\n", &save)) {
		char *l = trim(line), *eq;

		if (l[0] == '\0' || l[0] == '#' || l[0] == ';' || l[0] == '!')
			continue;
		if (l[0] == '[') {
			char *close = strchr(l, ']');
			if (close != NULL) {
				*close = '\0';
				in_client = strcasecmp(trim(l + 1), "client") == 0;
			}
			continue;
		}
		if (!in_client || (eq = strchr(l, '=')) == NULL)
			continue;
		*eq = '\0';
		if (strcmp(trim(l), "password") != 0)
			continue;
		found = eq + 1;
		cut_comment(found);
		found = trim(found);
		unquote_value(found);
	}
	return found;
}

static int
password_from_file(const char *path, char **out)
{
	char buf[PASSWORD_MAX];
	struct stat st;
	size_t len;
	int rc = read_small_file(path, "password file", false, buf, sizeof(buf), &len, &st);

	if (rc == 0)
		rc = check_private(&st, "password file", path);
	if (rc != 0)
		goto done;
	/* the whole file, but the newline an editor or echo puts at its end */
	if (len > 0 && buf[len - 1] == '\n')
		buf[--len] = '\0';
	if (len > 0 && buf[len - 1] == '\r')
		buf[--len] = '\0';
	if (len == 0) {
		chm_log(LOG_ERROR, "password file \"%s\" is empty", path);
		rc = CHM_ECONFIG;
	} else if (strlen(buf) != len || strchr(buf, '\n') != NULL) {
		chm_log(LOG_ERROR,
		        "password file \"%s\" holds more than one line or a NUL byte: it must hold "
		        "the password alone",
		        path);
		rc = CHM_ECONFIG;
	} else {
		*out = chm_strdup(buf);
	}
done:
	explicit_bzero(buf, sizeof(buf));
	return rc;
}

/* ~/.my.cnf's [client] password; *out stays NULL when the file or the password is not there. */
static int
password_from_option_file(const char *path, char **out)
{
	char *text = chm_malloc(OPTION_FILE_MAX);
	struct stat st;
	size_t len;
	char *pw;
	int rc = read_small_file(path, "option file", true, text, OPTION_FILE_MAX, &len, &st);

	if (rc == CHM_ENOTFOUND) {
		rc = 0;
		goto done;
	}
	if (rc != 0)
		goto done;
	/* only a file that holds a password must be private: many hold none */
	if ((pw = option_file_password(text)) != NULL && pw[0] != '\0' &&
	    (rc = check_private(&st, "option file", path)) == 0)
		*out = chm_strdup(pw);
done:
	explicit_bzero(text, OPTION_FILE_MAX);
	free(text);
	return rc;
}

int
config_mysql_password(const ConnConfig *cc, char **out, char *from, size_t n)
{
	const char *env = getenv("MYSQL_PWD");
	char *home, *mycnf = NULL;
	int rc = 0;

	*out = NULL;
	if (is_set(cc->password)) {
		snprintf(from, n, "with the password of the configuration file");
		*out = chm_strdup(cc->password);
	} else if (is_set(cc->password_file)) {
		snprintf(from, n, "with the password of password file \"%s\"", cc->password_file);
		rc = password_from_file(cc->password_file, out);
	} else if (is_set(env)) {
		snprintf(from, n, "with the password of MYSQL_PWD");
		*out = chm_strdup(env);
	} else {
		StrBuf sb = STRBUF_INIT;

		home = cfg_home_dir();
		strbuf_printf(&sb, "%s/.my.cnf", home);
		free(home);
		mycnf = strbuf_detach(&sb);
		snprintf(from, n, "with the password of option file \"%s\"", mycnf);
		rc = password_from_option_file(mycnf, out);
		if (rc == 0 && *out == NULL)
			snprintf(from, n, "without a password");
	}
	free(mycnf);
	if (rc != 0) {
		free(*out);
		*out = NULL;
		return rc;
	}
	if (*out == NULL)
		*out = chm_strdup("");
	return 0;
}
