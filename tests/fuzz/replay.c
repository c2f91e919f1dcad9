/*
 * replay.c — a main() for a fuzz target built without libFuzzer.
 *
 *   fuzz_x                 runs every seed of the target once, as TAP
 *                          (scripts/test: a smoke run of a few seconds)
 *   fuzz_x -o DIR          writes the seeds into DIR (tests/fuzz/build.sh)
 *   fuzz_x FILE...         runs each file once (to replay a crash file
 *                          under gcc's sanitizers or a debugger)
 *
 * A seed that crashes or trips a sanitizer stops the program with the
 * sanitizer's report, which is the failure scripts/test sees.
 */
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>

#include "common/strbuf.h"
#include "fuzz.h"

typedef struct Run {
	const char *dir; /* NULL: run the seeds */
	long n;
	size_t bytes;
	int failed;
} Run;

/* Runs one input from an exact-size copy, so that ASan sees a read past its end. */
static void
run_one(const uint8_t *data, size_t size)
{
	uint8_t *in = malloc(size ? size : 1);
	memcpy(in, data, size);
	LLVMFuzzerTestOneInput(in, size);
	free(in);
}

static void
each_seed(void *arg, const char *name, const uint8_t *data, size_t size)
{
	Run *r = arg;
	r->n++;
	r->bytes += size;
	if (r->dir == NULL) {
		run_one(data, size);
		return;
	}
	char path[4096];
	snprintf(path, sizeof path, "%s/%s", r->dir, name);
	FILE *f = fopen(path, "wb");
	if (f == NULL || fwrite(data, 1, size, f) != size || fclose(f) != 0) {
		fprintf(stderr, "could not write seed \"%s\": %s\n", path, strerror(errno));
		r->failed = 1;
	}
}

static int
replay_file(const char *path)
{
	FILE *f = fopen(path, "rb");
	if (f == NULL) {
		fprintf(stderr, "could not open \"%s\": %s\n", path, strerror(errno));
		return 1;
	}
	StrBuf in = STRBUF_INIT; /* aborts when memory runs out */
	char chunk[65536];
	size_t got;
	while ((got = fread(chunk, 1, sizeof chunk, f)) > 0)
		strbuf_append(&in, chunk, got);
	fclose(f);
	run_one((const uint8_t *)(in.data ? in.data : ""), in.len);
	printf("ran %s (%zu bytes)\n", path, in.len);
	strbuf_free(&in);
	return 0;
}

int
main(int argc, char **argv)
{
	Run r = {NULL, 0, 0, 0};
	if (argc == 3 && strcmp(argv[1], "-o") == 0) {
		r.dir = argv[2];
		if (mkdir(r.dir, 0777) != 0 && errno != EEXIST) {
			fprintf(stderr, "could not create \"%s\": %s\n", r.dir, strerror(errno));
			return 1;
		}
		fuzz_seeds(each_seed, &r);
		printf("%ld seeds (%zu bytes) in %s\n", r.n, r.bytes, r.dir);
		return r.failed;
	}
	if (argc > 1) {
		int rc = 0;
		for (int i = 1; i < argc; i++)
			rc |= replay_file(argv[i]);
		return rc;
	}
	fuzz_seeds(each_seed, &r);
	const char *name = strrchr(argv[0], '/');
	printf("%s 1 - %s: %ld seeds (%zu bytes) ran clean\n1..1\n", r.n > 0 ? "ok" : "not ok",
	       name ? name + 1 : argv[0], r.n, r.bytes);
	return r.n > 0 ? 0 : 1;
}
