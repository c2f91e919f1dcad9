/*
 * test_reader.c — the reader's pure parts: the GTID position it keeps and
 * the check of a row against PostgreSQL's limits.  The loop itself runs
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

	test_limits();
	return unit_done();
}
