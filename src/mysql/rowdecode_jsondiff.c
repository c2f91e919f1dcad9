/*
 * rowdecode_jsondiff.c — MySQL's partial JSON updates, applied to the
 * before image's document.
 *
 * With binlog_row_value_options=PARTIAL_JSON, the after image of a
 * PARTIAL_UPDATE_ROWS event may carry, for a JSON column that JSON_SET,
 * JSON_REPLACE or JSON_REMOVE changed in place, only the changes: a list of
 * (REPLACE | INSERT | REMOVE, path, value).  They are applied here, in
 * order, to the text of the before image's document, as the server applies
 * them (Json_diff_vector::apply in MySQL's sql/json_diff.cc), so that the
 * log holds whole documents, as for any other update.  The text is spliced,
 * never parsed into a tree and printed again: a number keeps its digits
 * (json-c would cut a DECIMAL beyond 64 bits).  The documents are the
 * decoder's own output (rowdecode_json.c), so they are well-formed; every
 * step still checks its bounds.  Not here: binary JSON itself.
 */
#include <stdbool.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "mysql/rowdecode_int.h"

#define BAD ((size_t)-1)

static size_t
skip_ws(const char *s, size_t n, size_t i)
{
	while (i < n && (s[i] == ' ' || s[i] == '\t' || s[i] == '\n' || s[i] == '\r'))
		i++;
	return i;
}

/* The end of the JSON string starting at s[i] == '"', or BAD. */
static size_t
skip_string(const char *s, size_t n, size_t i)
{
	for (i++; i < n; i++) {
		if (s[i] == '\\')
			i++;
		else if (s[i] == '"')
			return i + 1;
	}
	return BAD;
}

/* The end of the JSON value starting at s[i] (no leading space), or BAD. */
static size_t
skip_value(const char *s, size_t n, size_t i)
{
	int depth = 0;

	if (i >= n)
		return BAD;
	if (s[i] == '"')
		return skip_string(s, n, i);
	if (s[i] != '{' && s[i] != '[') {
		while (i < n && s[i] != ',' && s[i] != ']' && s[i] != '}' && s[i] != ' ' && s[i] != '\n' &&
		       s[i] != '\t' && s[i] != '\r')
			i++;
		return i;
	}
	for (; i < n; i++) {
		if (s[i] == '"') {
			if ((i = skip_string(s, n, i)) == BAD)
				return BAD;
			i--;
		} else if (s[i] == '{' || s[i] == '[') {
			depth++;
		} else if (s[i] == '}' || s[i] == ']') {
			if (--depth == 0)
				return i + 1;
		}
	}
	return BAD;
}

static void
put_utf8(StrBuf *out, uint32_t cp)
{
	if (cp < 0x80) {
		strbuf_putc(out, (char)cp);
	} else if (cp < 0x800) {
		strbuf_putc(out, (char)(0xc0 | cp >> 6));
		strbuf_putc(out, (char)(0x80 | (cp & 63)));
	} else if (cp < 0x10000) {
		strbuf_putc(out, (char)(0xe0 | cp >> 12));
		strbuf_putc(out, (char)(0x80 | ((cp >> 6) & 63)));
		strbuf_putc(out, (char)(0x80 | (cp & 63)));
	} else {
		strbuf_putc(out, (char)(0xf0 | cp >> 18));
		strbuf_putc(out, (char)(0x80 | ((cp >> 12) & 63)));
		strbuf_putc(out, (char)(0x80 | ((cp >> 6) & 63)));
		strbuf_putc(out, (char)(0x80 | (cp & 63)));
	}
}

/* Four hex digits at s[i]; -1 when they are not. */
static long
hex4(const char *s, size_t n, size_t i)
{
	long v = 0;
	if (i + 4 > n)
		return -1;
	for (int k = 0; k < 4; k++) {
		int h = hex_digit(s[i + k]);
		if (h < 0)
			return -1;
		v = v * 16 + h;
	}
	return v;
}

/* The JSON string at s[i] == '"' decoded into out; its end, or BAD. */
static size_t
unquote(const char *s, size_t n, size_t i, StrBuf *out)
{
	strbuf_reset(out);
	for (i++; i < n && s[i] != '"'; i++) {
		if (s[i] != '\\') {
			strbuf_putc(out, s[i]);
			continue;
		}
		if (++i >= n)
			return BAD;
		switch (s[i]) {
		case 'b':
			strbuf_putc(out, '\b');
			break;
		case 'f':
			strbuf_putc(out, '\f');
			break;
		case 'n':
			strbuf_putc(out, '\n');
			break;
		case 'r':
			strbuf_putc(out, '\r');
			break;
		case 't':
			strbuf_putc(out, '\t');
			break;
		case 'u': {
			long cp = hex4(s, n, i + 1), lo;
			if (cp < 0)
				return BAD;
			i += 4;
			if (cp >= 0xd800 && cp < 0xdc00 && i + 2 < n && s[i + 1] == '\\' && s[i + 2] == 'u' &&
			    (lo = hex4(s, n, i + 3)) >= 0xdc00 && lo < 0xe000) {
				cp = 0x10000 + ((cp - 0xd800) << 10) + (lo - 0xdc00);
				i += 6;
			}
			put_utf8(out, (uint32_t)cp);
			break;
		}
		default:
			strbuf_putc(out, s[i]);
			break; /* \" \\ \/ */
		}
	}
	return i < n ? i + 1 : BAD;
}

/* One step of a MySQL JSON path: .key, ."key", [n], [last], [last-n]. */
typedef struct Leg {
	bool member;
	StrBuf key;   /* member: the key, decoded */
	bool at_last; /* cell: counted from the last element */
	long index;   /* cell: n, or the n of last-n */
} Leg;

/* Parses the leg at path[*pi]; 1 for a leg, 0 at the end, -1 when malformed. */
static int
next_leg(const char *path, size_t n, size_t *pi, Leg *leg)
{
	size_t i = skip_ws(path, n, *pi), k;

	if (i >= n)
		return 0;
	if (path[i] == '.') {
		leg->member = true;
		i = skip_ws(path, n, i + 1);
		if (i < n && path[i] == '"') {
			if ((i = unquote(path, n, i, &leg->key)) == BAD)
				return -1;
		} else {
			for (k = i; k < n && path[k] != '.' && path[k] != '[' && path[k] != ' '; k++)
				;
			if (k == i)
				return -1;
			strbuf_reset(&leg->key);
			strbuf_append(&leg->key, path + i, k - i);
			i = k;
		}
	} else if (path[i] == '[') {
		leg->member = false;
		leg->at_last = false;
		leg->index = 0;
		i = skip_ws(path, n, i + 1);
		if (n - i >= 4 && memcmp(path + i, "last", 4) == 0) {
			leg->at_last = true;
			i = skip_ws(path, n, i + 4);
			if (i < n && path[i] == '-')
				i = skip_ws(path, n, i + 1);
			else if (i < n && path[i] == ']')
				goto close;
			else
				return -1;
		}
		if (i >= n || path[i] < '0' || path[i] > '9')
			return -1;
		while (i < n && path[i] >= '0' && path[i] <= '9' && leg->index < 100000000)
			leg->index = leg->index * 10 + (path[i++] - '0');
		i = skip_ws(path, n, i);
	close:
		if (i >= n || path[i] != ']')
			return -1;
		i++;
	} else {
		return -1;
	}
	*pi = i;
	return 1;
}

/* Where a leg's element is in its container [cs, ce): the span of the
 * element (key included), of its value, and the neighbours' bounds. */
typedef struct Spot {
	bool found;
	size_t elem, vs, ve; /* the element's start, its value's start and end */
	size_t next_elem;    /* the next element's start, or BAD */
	size_t prev_end;     /* the previous element's value end, or BAD */
	long count;          /* elements in the container */
	size_t close;        /* the container's closing bracket */
} Spot;

/* Finds leg in the container value at [cs, ce); -1 when malformed. */
static int
find(const char *s, size_t cs, size_t ce, const Leg *leg, StrBuf *key, Spot *sp)
{
	bool obj = s[cs] == '{';
	size_t i = skip_ws(s, ce, cs + 1), prev_end = BAD;
	long want = leg->index, k = 0;

	memset(sp, 0, sizeof *sp);
	sp->next_elem = sp->prev_end = BAD;
	/* the count first: [last] needs it */
	if (!leg->member && leg->at_last) {
		long count = 0;
		for (size_t j = i; j < ce && s[j] != ']';) {
			if ((j = skip_value(s, ce, j)) == BAD)
				return -1;
			count++;
			j = skip_ws(s, ce, j);
			if (j < ce && s[j] == ',')
				j = skip_ws(s, ce, j + 1);
		}
		want = count - 1 - leg->index;
	}
	while (i < ce && s[i] != (obj ? '}' : ']')) {
		size_t elem = i, vs, ve;
		bool hit;
		if (obj) {
			if (s[i] != '"' || (i = unquote(s, ce, i, key)) == BAD)
				return -1;
			i = skip_ws(s, ce, i);
			if (i >= ce || s[i] != ':')
				return -1;
			i = skip_ws(s, ce, i + 1);
		}
		vs = i;
		if ((ve = skip_value(s, ce, vs)) == BAD)
			return -1;
		hit = obj ? leg->member && key->len == leg->key.len &&
		                memcmp(key->data, leg->key.data, key->len) == 0
		          : !leg->member && k == want;
		if (sp->found && sp->next_elem == BAD)
			sp->next_elem = elem;
		if (hit && !sp->found) {
			sp->found = true;
			sp->elem = elem;
			sp->vs = vs;
			sp->ve = ve;
			sp->prev_end = prev_end;
		}
		prev_end = ve;
		k++;
		i = skip_ws(s, ce, ve);
		if (i < ce && s[i] == ',')
			i = skip_ws(s, ce, i + 1);
	}
	if (i >= ce)
		return -1;
	sp->count = k;
	sp->close = i;
	return 0;
}

/* out = doc with [a, b) replaced by the n bytes of ins (and a comma before
 * or after them when asked). */
static void
splice(StrBuf *out, const StrBuf *doc, size_t a, size_t b, const char *pre, const char *ins,
       size_t n, const char *post)
{
	strbuf_reset(out);
	strbuf_append(out, doc->data, a);
	strbuf_puts(out, pre);
	strbuf_append(out, ins, n);
	strbuf_puts(out, post);
	strbuf_append(out, doc->data + b, doc->len - b);
}

/*
 * Applies one diff to *doc (its text, replaced), the new value's JSON text
 * in val (op 2, REMOVE: none).  Returns 0, or -1 with a reason in *why.
 */
int
rowdecode_json_apply(StrBuf *doc, StrBuf *next, int op, const char *path, size_t plen,
                     const StrBuf *val, const char **why)
{
	Leg leg = {0}, last = {0};
	StrBuf key = STRBUF_INIT;
	size_t pi = 0, vs, ve;
	Spot sp;
	int rc = -1, r;

	strbuf_init(&leg.key);
	strbuf_init(&last.key);
	*why = "malformed path";
	pi = skip_ws(path, plen, 0);
	if (pi >= plen || path[pi] != '$')
		goto done;
	pi++;
	/* the value the path's legs but the last lead to */
	vs = skip_ws(doc->data, doc->len, 0);
	if ((ve = skip_value(doc->data, doc->len, vs)) == BAD) {
		*why = "the before image's document is not JSON";
		goto done;
	}
	if ((r = next_leg(path, plen, &pi, &last)) < 0)
		goto done;
	if (r == 0) { /* "$": the whole document */
		*why = "a REMOVE of the whole document";
		if (op == 2)
			goto done;
		splice(next, doc, vs, ve, "", val->data, val->len, "");
		goto swap;
	}
	for (;;) {
		Leg tmp;
		if ((r = next_leg(path, plen, &pi, &leg)) < 0)
			goto done;
		if (r == 0)
			break;
		/* leg `last` is not the last one: step into it */
		*why = "a path through a value that is not there";
		if (doc->data[vs] != '{' && doc->data[vs] != '[') {
			/* MySQL's auto-wrap: [0] of a scalar is the scalar */
			if (last.member || last.index != 0)
				goto done;
		} else if ((doc->data[vs] == '{') != last.member) {
			goto done;
		} else {
			if (find(doc->data, vs, ve, &last, &key, &sp) < 0 || !sp.found)
				goto done;
			vs = sp.vs;
			ve = sp.ve;
		}
		tmp = last;
		last = leg;
		leg = tmp;
	}
	/* the last leg, in the container [vs, ve) */
	*why = "a path through a value that is not there";
	if (doc->data[vs] != '{' && doc->data[vs] != '[') {
		/* auto-wrap: only a REPLACE of [0] of a scalar means something */
		if (op != 0 || last.member || last.index != 0)
			goto done;
		splice(next, doc, vs, ve, "", val->data, val->len, "");
		goto swap;
	}
	if ((doc->data[vs] == '{') != last.member)
		goto done;
	if (find(doc->data, vs, ve, &last, &key, &sp) < 0) {
		*why = "the before image's document is not JSON";
		goto done;
	}
	if (op == 0 || (op == 1 && sp.found && last.member)) {
		/* REPLACE; or INSERT of a key there already, which replaces it */
		*why = "a REPLACE of a value that is not there";
		if (!sp.found)
			goto done;
		splice(next, doc, sp.vs, sp.ve, "", val->data, val->len, "");
	} else if (op == 1 && last.member) {
		strbuf_reset(&key);
		rowdecode_quote_json(&key, last.key.data ? last.key.data : "", last.key.len, NULL);
		strbuf_putc(&key, ':');
		strbuf_append(&key, val->data, val->len);
		splice(next, doc, sp.close, sp.close, sp.count ? "," : "", key.data, key.len, "");
	} else if (op == 1) { /* INSERT into an array: before that element, or at its end */
		if (sp.found)
			splice(next, doc, sp.elem, sp.elem, "", val->data, val->len, ",");
		else
			splice(next, doc, sp.close, sp.close, sp.count ? "," : "", val->data, val->len, "");
	} else { /* REMOVE: the element and one comma next to it */
		*why = "a REMOVE of a value that is not there";
		if (!sp.found)
			goto done;
		if (sp.next_elem != BAD)
			splice(next, doc, sp.elem, sp.next_elem, "", "", 0, "");
		else if (sp.prev_end != BAD)
			splice(next, doc, sp.prev_end, sp.ve, "", "", 0, "");
		else
			splice(next, doc, sp.elem, sp.ve, "", "", 0, "");
	}
swap : {
	StrBuf t = *doc;
	*doc = *next;
	*next = t;
}
	rc = 0;
done:
	strbuf_free(&leg.key);
	strbuf_free(&last.key);
	strbuf_free(&key);
	return rc;
}
