/*
 * test_reader.c — the reader's pure parts: the GTID position it keeps.
 * The loop itself runs against servers in tests/integration/t-reader.
 */
#include <string.h>

#include "common/coord.h"
#include "replica/reader.h"
#include "unit.h"

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
	return unit_done();
}
