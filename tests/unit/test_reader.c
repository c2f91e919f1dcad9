/*
 * test_reader.c — the reader's pure parts: the GTID positions it keeps
 * (MariaDB's gtid_binlog_pos, MySQL's GTID sets) and the check of a row
 * against PostgreSQL's limits.  The loop itself runs
 * against servers in tests/integration/t-reader.
 */
#include <stdlib.h>
#include <string.h>

#include "common/coord.h"
#include "replica/reader.h"
#include "unit.h"

/* "[1,1,...,1]" of n ones, allocated */
static char *
ones(size_t n, size_t *len)
{
	char *s = malloc(2 * n + 2);
	size_t k = 0;
	s[k++] = '[';
	for (size_t i = 0; i < n; i++) {
		s[k++] = '1';
		s[k++] = i + 1 < n ? ',' : ']';
	}
	s[k] = '\0';
	*len = k;
	return s;
}

static void
test_limits(void)
{
	char why[256];
	size_t len;
	char *doc;

	/* not below what PostgreSQL 15.18 takes (pg_column_size of the jsonb,
	 * measured on the lab's server), and not far above */
	uint64_t wide;
	doc = ones(1000, &len);
	size_t bound = reader_jsonb_bound(doc, len, &wide);
	CHECK(bound >= 12008 && bound <= 15100,
	      "bound of 1000 ones: PostgreSQL takes 12008 bytes, bound %zu", bound);
	CHECK_INT(wide, 1000, "an array of 1000 is 1000 wide");
	free(doc);
	const char *keys = "{\"k1\":1,\"k22\":\"a,b]\",\"k3\":[[],{}],\"k4\":true,\"k5\":-1.5e-300}";
	bound = reader_jsonb_bound(keys, strlen(keys), &wide);
	CHECK(bound >= 103 && bound <= 140,
	      "bound of a mixed object: PostgreSQL takes 103 bytes, bound %zu", bound);
	CHECK_INT(wide, 10,
	          "an object of 5 members is 10 wide (commas and brackets in strings do not count)");
	CHECK_INT(reader_jsonb_bound("\"ab\\\"c\"", 7, &wide), 4 + 4 + 5,
	          "a string: its text and an entry");
	CHECK_INT(wide, 0, "a string has no width");
	reader_jsonb_bound("[[1,2,3], {}, [ ]]", 18, &wide);
	CHECK_INT(wide, 3, "the widest container counts, empty ones are 0 wide");

	/* every branch of the check, against small limits */
	const char *img = "{\"a\":\"xxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxx\"}";
	size_t il = strlen(img);
	CHECK(reader_row_fits_in(NULL, 0, img, il, 1000, 10000, why, sizeof why),
	      "an image within the limits fits");
	CHECK(!reader_row_fits_in(NULL, 0, img, il, 64, 10000, why, sizeof why) &&
	          strstr(why, "after image") && strstr(why, "jsonb's limit of 64 bytes"),
	      "an after image over the jsonb limit does not fit: %s", why);
	CHECK(!reader_row_fits_in(img, il, NULL, 0, 64, 10000, why, sizeof why) &&
	          strstr(why, "before image"),
	      "a before image over the jsonb limit does not fit: %s", why);
	CHECK(reader_row_fits_in(img, il, img, il, 1000, 4096 + 2 * il, why, sizeof why),
	      "an update whose line is just within the COPY limit fits");
	CHECK(!reader_row_fits_in(img, il, img, il, 1000, 4096 + 2 * il - 1, why, sizeof why) &&
	          strstr(why, "COPY line"),
	      "an update whose line is over the COPY limit does not fit: %s", why);
	const char *esc = "{\"a\":\"\\\\\\\\\\\\\\\\\"}"; /* 8 backslashes: COPY doubles them */
	CHECK(!reader_row_fits_in(NULL, 0, esc, strlen(esc), 1000, 4096 + strlen(esc) + 7, why,
	                          sizeof why),
	      "the COPY line counts the backslashes COPY doubles");

	/* the real limits: 24 million ones are 48 MB of text and 288 MB as
	 * jsonb (12 bytes each), over the 268435455 PostgreSQL allows */
	doc = ones(24000000, &len);
	CHECK(!reader_row_fits(NULL, 0, doc, len, why, sizeof why) && strstr(why, "268435455"),
	      "48 MB of ones is over jsonb's limit: %s", why);
	free(doc);
	/* PostgreSQL 15 takes an array of 2^24 ones (201326600 bytes), not one more */
	doc = ones(16777216, &len);
	CHECK(reader_row_fits(NULL, 0, doc, len, why, sizeof why), "an array of 2^24 ones fits: %s",
	      why);
	free(doc);
	doc = ones(16777217, &len);
	CHECK(!reader_row_fits(NULL, 0, doc, len, why, sizeof why) &&
	          strstr(why, "wider than jsonb takes"),
	      "an array of 2^24 + 1 ones does not: %s", why);
	free(doc);
}

/* parses text, formats it back; "ERR" when it does not parse */
static const char *
reformat(const char *text, char *buf, size_t n)
{
	GtidSet g;
	int rc = gtid_set_parse(&g, text);
	if (rc == 0)
		rc = gtid_set_format(&g, buf, n);
	gtid_set_free(&g);
	return rc == 0 ? buf : "ERR";
}

/* adds one GTID to the set text s (size n) as the reader does: parsed, added, formatted */
static int
add(char *s, size_t n, const uint8_t uuid[16], const char *tag, int64_t gno)
{
	GtidSet g;
	char *out = malloc(n);
	int rc = gtid_set_parse(&g, s);
	if (rc == 0) {
		gtid_set_add(&g, uuid, tag, gno);
		rc = gtid_set_format(&g, out, n);
	}
	if (rc == 0)
		strcpy(s, out);
	gtid_set_free(&g);
	free(out);
	return rc;
}

static void
test_mysql_gtid_sets(void)
{
	static const uint8_t a[16] = {0x3e, 0x11, 0xfa, 0x47, 0x71, 0xca, 0x11, 0xe1,
	                              0x9e, 0x33, 0xc8, 0x0a, 0xa9, 0x42, 0x95, 0x62};
	static const uint8_t b[16] = {0xff, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 1};
	const char *ua = "3e11fa47-71ca-11e1-9e33-c80aa9429562";
	char s[COORD_GTID_MAX], t[256];

	CHECK_STR(reformat("", t, sizeof(t)), "", "the empty set");
	CHECK_STR(reformat("3E11FA47-71CA-11E1-9E33-C80AA9429562:1-5:7", t, sizeof(t)),
	          "3e11fa47-71ca-11e1-9e33-c80aa9429562:1-5:7", "uuid lowercased, intervals kept");
	CHECK_STR(reformat("3e11fa47-71ca-11e1-9e33-c80aa9429562:7:1-3:4-5,\n"
	                   "  3e11fa47-71ca-11e1-9e33-c80aa9429562:2",
	                   t, sizeof(t)),
	          "3e11fa47-71ca-11e1-9e33-c80aa9429562:1-5:7",
	          "unsorted, overlapping and adjacent intervals merged, newlines ignored");
	CHECK_STR(reformat("ff000000-0000-0000-0000-000000000001:1,"
	                   "3e11fa47-71ca-11e1-9e33-c80aa9429562:Tag_B:1-3:4:tag_a:9,"
	                   "3e11fa47-71ca-11e1-9e33-c80aa9429562:1-2",
	                   t, sizeof(t)),
	          "3e11fa47-71ca-11e1-9e33-c80aa9429562:1-2:tag_a:9:tag_b:1-4,"
	          "ff000000-0000-0000-0000-000000000001:1",
	          "tags lowercased, each uuid once: untagged intervals, then each tag's, uuids sorted");
	CHECK_STR(reformat("3e11fa47-71ca-11e1-9e33-c80aa9429562:1-9223372036854775806", t, sizeof(t)),
	          "3e11fa47-71ca-11e1-9e33-c80aa9429562:1-9223372036854775806", "the largest gno");
	const char *bad[] = {
	    "3e11fa47-71ca-11e1-9e33-c80aa942956:1",
	    "3e11fa47-71ca-11e1-9e33-c80aa9429562:0",
	    "3e11fa47-71ca-11e1-9e33-c80aa9429562:5-3",
	    "3e11fa47-71ca-11e1-9e33-c80aa9429562:1,",
	    "3e11fa47-71ca-11e1-9e33-c80aa9429562:1-9223372036854775807",
	    "0-1-42",
	    "3e11fa47-71ca-11e1-9e33-c80aa9429562:a23456789012345678901234567890123:1"};
	for (size_t i = 0; i < sizeof(bad) / sizeof(bad[0]); i++) {
		const char *got = reformat(bad[i], t, sizeof(t));
		CHECK(strcmp(got, "ERR") == 0, "refused: \"%s\" (got \"%s\")", bad[i], got);
	}

	snprintf(s, sizeof(s), "%s:1-5:7", ua);
	CHECK_INT(add(s, sizeof(s), a, "", 6), 0, "add 6");
	CHECK_STR(s, "3e11fa47-71ca-11e1-9e33-c80aa9429562:1-7", "6 closes the gap: one interval");
	CHECK_INT(add(s, sizeof(s), a, NULL, 9), 0, "add 9");
	CHECK_STR(s, "3e11fa47-71ca-11e1-9e33-c80aa9429562:1-7:9", "9 after a gap: a new interval");
	CHECK_INT(add(s, sizeof(s), a, "night", 1), 0, "add a tagged gtid");
	CHECK_INT(add(s, sizeof(s), b, "", 3), 0, "add another server's gtid");
	CHECK_INT(add(s, sizeof(s), a, "night", 2), 0, "add the next tagged gtid");
	CHECK_STR(s,
	          "3e11fa47-71ca-11e1-9e33-c80aa9429562:1-7:9:night:1-2,"
	          "ff000000-0000-0000-0000-000000000001:3",
	          "tagged and other servers' gtids in their places");
	CHECK_INT(add(s, sizeof(s), a, "", 8), 0, "add 8");
	CHECK_STR(s,
	          "3e11fa47-71ca-11e1-9e33-c80aa9429562:1-9:night:1-2,"
	          "ff000000-0000-0000-0000-000000000001:3",
	          "8 joins 1-7 and 9");
	GtidSet g;
	CHECK_INT(gtid_set_parse(&g, ""), 0, "the empty set parses");
	for (int64_t k = 1000; k >= 2; k -= 2) /* evens from the top, then odds from the bottom */
		gtid_set_add(&g, a, NULL, k);
	for (int64_t k = 1; k < 1000; k += 2)
		gtid_set_add(&g, a, NULL, k);
	CHECK(g.n == 1 && g.tsids[0].niv == 1 && gtid_set_format(&g, t, sizeof(t)) == 0 &&
	          strcmp(t, "3e11fa47-71ca-11e1-9e33-c80aa9429562:1-1000") == 0,
	      "1000 gtids added out of order are one interval: %s", t);
	gtid_set_free(&g);

	GtidSet u, v;
	CHECK_INT(gtid_set_parse(&u, "3e11fa47-71ca-11e1-9e33-c80aa9429562:1-5:tag_a:1"), 0, "parse u");
	CHECK_INT(gtid_set_parse(&v, "3e11fa47-71ca-11e1-9e33-c80aa9429562:6:9:tag_a:2,"
	                             "ff000000-0000-0000-0000-000000000001:1-3"),
	          0, "parse v");
	gtid_set_union(&u, &v);
	CHECK(gtid_set_format(&u, t, sizeof(t)) == 0 &&
	          strcmp(t, "3e11fa47-71ca-11e1-9e33-c80aa9429562:1-6:9:tag_a:1-2,"
	                    "ff000000-0000-0000-0000-000000000001:1-3") == 0,
	      "union: intervals joined, tags and uuids in their places: %s", t);
	gtid_set_union(&u, &v);
	CHECK(gtid_set_format(&u, s, sizeof(s)) == 0 && strcmp(s, t) == 0,
	      "a union with a subset changes nothing");
	gtid_set_free(&u);
	gtid_set_free(&v);

	char small[41]; /* the uuid and ":1:3" */
	snprintf(small, sizeof(small), "%s:1", ua);
	CHECK_INT(add(small, sizeof(small), a, "", 3), 0, "fits: \":1:3\"");
	CHECK_INT(add(small, sizeof(small), a, "", 5), CHM_ERANGE,
	          "a set that outgrows its buffer is refused");
	CHECK_STR(small, "3e11fa47-71ca-11e1-9e33-c80aa9429562:1:3", "and left as it was");
	strcpy(small, "0-1-42");
	CHECK_INT(add(small, sizeof(small), a, "", 3), CHM_ESYNTAX,
	          "a MariaDB position is not a MySQL set");
}

int
main(void)
{
	char s[COORD_GTID_MAX];

	s[0] = '\0';
	reader_gtid_advance(s, sizeof(s), 0, 1, 5);
	CHECK_STR(s, "0-1-5", "first GTID of an empty state");
	reader_gtid_advance(s, sizeof(s), 0, 1, 6);
	CHECK_STR(s, "0-1-6", "the domain's entry is replaced");
	reader_gtid_advance(s, sizeof(s), 2, 7, 1);
	CHECK_STR(s, "0-1-6,2-7-1", "a new domain is appended");
	reader_gtid_advance(s, sizeof(s), 0, 3, 7);
	CHECK_STR(s, "0-3-7,2-7-1", "another server in domain 0 replaces it, order kept");
	reader_gtid_advance(s, sizeof(s), 2, 7, 18446744073709551615ULL);
	CHECK_STR(s, "0-3-7,2-7-18446744073709551615", "sequence numbers are 64-bit");
	strcpy(s, "10-1-4,1-1-9");
	reader_gtid_advance(s, sizeof(s), 1, 1, 10);
	CHECK_STR(s, "10-1-4,1-1-10", "domain 1 is not domain 10");

	char small[12] = "";
	reader_gtid_advance(small, sizeof(small), 0, 1, 123456789);
	CHECK_INT((int)strlen(small), 11, "a state too long for its buffer is cut, not overrun");

	test_mysql_gtid_sets();
	test_limits();
	return unit_done();
}
