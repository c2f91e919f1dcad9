/*
 * fuzz.h — what every fuzz target of this directory shares.
 *
 * A target defines LLVMFuzzerTestOneInput (libFuzzer's entry point) and
 * fuzz_seeds(), which hands out its seed inputs, made in C from the
 * captured fixtures or built by hand, so that they follow the target's
 * input layout exactly.  Built with -fsanitize=fuzzer the seeds go unused;
 * linked with replay.c instead (any compiler, no libFuzzer) the same
 * target writes its seeds for build.sh, replays crash files, or runs over
 * its seeds as a unit test (scripts/test).
 */
#ifndef CHM_TESTS_FUZZ_H
#define CHM_TESTS_FUZZ_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include <json-c/json.h>

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

/* Called once per seed: name is a file name (no '/'), data borrowed. */
typedef void FuzzSeedFn(void *arg, const char *name, const uint8_t *data, size_t size);

/* Hands every seed of the target to emit; says on stdout ("# ...") what it skipped. */
void fuzz_seeds(FuzzSeedFn *emit, void *arg);

/* Whether text[0..len) is exactly one JSON value, as PostgreSQL's jsonb
 * input would need it (json-c reads it; nothing but blanks may follow). */
static inline bool
fuzz_json_valid(const char *text, size_t len)
{
	/* binary JSON nests up to 100 deep; json-c's default stops at 32 */
	json_tokener *tok = json_tokener_new_ex(128);
	char *copy = malloc(len + 1);
	memcpy(copy, text, len);
	copy[len] = '\0';
	json_object *o = json_tokener_parse_ex(tok, copy, (int)len + 1);
	bool ok = json_tokener_get_error(tok) == json_tokener_success;
	for (size_t i = ok ? json_tokener_get_parse_end(tok) : len; i < len; i++)
		ok = ok && (copy[i] == ' ' || copy[i] == '\n');
	json_object_put(o);
	json_tokener_free(tok);
	free(copy);
	return ok;
}

#endif
