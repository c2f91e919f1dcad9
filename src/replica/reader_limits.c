/*
 * reader_limits.c — PostgreSQL's limits on one stored row.
 *
 * Whether a row's JSON images fit in jsonb (size and width) and its COPY
 * line in PostgreSQL's buffer (architecture §11), estimated from the text alone,
 * so that the reader refuses such a row and stops its table instead of
 * failing the whole batch.  Pure functions on text: no Reader, no server.
 * Not here: what a refused row does to its table (reader_ddl.c,
 * reader_table_refused).
 */
#include <inttypes.h>
#include <stdbool.h>
#include <stdio.h>

#include "replica/reader.h"

/* Digits, sign, point and exponent of a JSON number. */
static bool
number_char(char c)
{
	return (c >= '0' && c <= '9') || c == '-' || c == '+' || c == '.' || c == 'e' || c == 'E';
}

/* Containers the width count follows; deeper ones are not counted (MySQL
 * nests JSON 100 deep at most, MariaDB 32). */
#define WIDTH_DEPTH 128

size_t
reader_jsonb_bound(const char *s, size_t n, uint64_t *widest)
{
	size_t b = 4; /* the varlena header */
	uint64_t commas[WIDTH_DEPTH];
	bool object[WIDTH_DEPTH], empty[WIDTH_DEPTH];
	int depth = 0;

	*widest = 0;
	for (size_t i = 0; i < n; i++) {
		if (depth > 0 && depth <= WIDTH_DEPTH && s[i] != ' ' && s[i] != '\n' && s[i] != '\t' &&
		    s[i] != '\r' && s[i] != ']' && s[i] != '}')
			empty[depth - 1] = false;
		switch (s[i]) {
		case '"': {
			/* unescaped, a string is at most as long as its text */
			size_t j = i + 1;
			while (j < n && s[j] != '"')
				j += s[j] == '\\' ? 2 : 1;
			b += 4 + (j - i - 1);
			i = j;
			break;
		}
		case '{':
		case '[':
			b += 4 + 3 + 4; /* entry, alignment, container header */
			if (depth < WIDTH_DEPTH) {
				commas[depth] = 0;
				object[depth] = s[i] == '{';
				empty[depth] = true;
			}
			depth++;
			break;
		case ',':
			if (depth > 0 && depth <= WIDTH_DEPTH)
				commas[depth - 1]++;
			break;
		case '}':
		case ']':
			if (depth > 0 && depth <= WIDTH_DEPTH) {
				/* an object's member counts twice: see READER_JSONB_MAX_WIDTH */
				uint64_t w = empty[depth - 1] ? 0 : commas[depth - 1] + 1;
				if (object[depth - 1])
					w *= 2;
				if (w > *widest)
					*widest = w;
			}
			if (depth > 0)
				depth--;
			break;
		case 't':
		case 'f':
		case 'n':
			b += 4; /* true, false, null: the entry alone */
			while (i + 1 < n && s[i + 1] >= 'a' && s[i + 1] <= 'z')
				i++;
			break;
		default:
			if (number_char(s[i])) {
				/* a numeric: a 4-byte varlena header, 2 bytes of numeric
				 * header (4 with an exponent or a long fraction: the long
				 * format), a 2-byte digit per 4 decimal digits on either side
				 * of the point (2 more with an exponent), alignment, entry */
				size_t idig = 0, fdig = 0, start = i;
				bool frac = false, expo = false;
				for (; i < n && number_char(s[i]); i++) {
					if (s[i] == '.')
						frac = true;
					else if (s[i] == 'e' || s[i] == 'E')
						expo = true;
					else if (s[i] >= '0' && s[i] <= '9')
						*(frac || expo ? &fdig : &idig) += 1;
				}
				bool lng = expo || i - start > 60;
				i--;
				b += 4 + 3 + 4 + (lng ? 4 : 2) +
				     2 * ((idig + 3) / 4 + (fdig + 3) / 4 + (expo ? 2 : 0));
			}
			break; /* spaces and ':' take nothing */
		}
	}
	return b;
}

/* The bytes COPY's text format makes of n bytes of s (pg_copy_escape). */
static size_t
copy_escaped_len(const char *s, size_t n)
{
	size_t len = n;
	for (size_t i = 0; i < n; i++)
		len += s[i] == '\\' || s[i] == '\t' || s[i] == '\n' || s[i] == '\r';
	return len;
}

/*
 * Whether one image fits in jsonb, else why not; the scan only for images
 * large enough to need it: the bound gives no text byte 12 bytes (with its
 * 4 at the start), and a container as wide as the limit takes 32 MB of
 * text.
 */
static bool
image_fits(const char *what, const char *json, size_t len, size_t jsonb_max, char *why,
           size_t whylen)
{
	uint64_t widest;
	size_t bound;

	if (json == NULL || len <= jsonb_max / 16)
		return true;
	bound = reader_jsonb_bound(json, len, &widest);
	if (bound > jsonb_max) {
		snprintf(why, whylen,
		         "its %s image is %zu bytes of JSON, up to %zu bytes as jsonb, over jsonb's limit "
		         "of %zu bytes",
		         what, len, bound, jsonb_max);
		return false;
	}
	if (widest > READER_JSONB_MAX_WIDTH) {
		snprintf(why, whylen,
		         "its %s image holds a JSON array or object wider than jsonb takes (%" PRIu64
		         " array elements or twice the object members, over %" PRIu64 ")",
		         what, widest, (uint64_t)READER_JSONB_MAX_WIDTH);
		return false;
	}
	return true;
}

bool
reader_row_fits_in(const char *before, size_t blen, const char *after, size_t alen,
                   size_t jsonb_max, size_t line_max, char *why, size_t whylen)
{
	if (!image_fits("after", after, alen, jsonb_max, why, whylen) ||
	    !image_fits("before", before, blen, jsonb_max, why, whylen))
		return false;
	/* the rest of the line (names, position, time) is a few hundred bytes */
	if (2 * (alen + blen) + 4096 > line_max) {
		size_t line = 4096 + (after ? copy_escaped_len(after, alen) : 0) +
		              (before ? copy_escaped_len(before, blen) : 0);
		if (line > line_max) {
			snprintf(why, whylen,
			         "its images make a COPY line of about %zu bytes, over PostgreSQL's limit of "
			         "%zu bytes",
			         line, line_max);
			return false;
		}
	}
	return true;
}

bool
reader_row_fits(const char *before, size_t blen, const char *after, size_t alen, char *why,
                size_t whylen)
{
	return reader_row_fits_in(before, blen, after, alen, READER_JSONB_MAX, READER_COPY_LINE_MAX,
	                          why, whylen);
}