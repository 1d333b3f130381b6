/*
 * test_util.h
 *	  What the cmocka tests share: reading a fixture whole, and a corpus
 *	  generated at test time into a temporary directory.  Header-only, for
 *	  tests; every function is static inline.  Paths are relative to the top
 *	  of the checkout, where make unit runs the tests.
 */
#ifndef DOSSIER_TEST_UTIL_H
#define DOSSIER_TEST_UTIL_H

#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <cmocka.h>

/* Zeroed bytes of room after a file read by test_slurp (padding tests). */
#define TEST_SLURP_ROOM 64

static inline uint8_t *test_slurp(size_t *len, const char *fmt,...)
			__attribute__((format(printf, 2, 3)));

/*
 * Read the whole file whose path is fmt (printf-style) into a malloc'd
 * buffer followed by TEST_SLURP_ROOM zeroed bytes; *len is the file's size.
 * Fails the test when the file cannot be read.
 */
static inline uint8_t *
test_slurp(size_t *len, const char *fmt,...)
{
	char		path[512];
	va_list		ap;
	FILE	   *f;
	uint8_t    *buf;
	long		n;

	va_start(ap, fmt);
	vsnprintf(path, sizeof(path), fmt, ap);
	va_end(ap);
	if ((f = fopen(path, "rb")) == NULL)
		fail_msg("cannot open %s (run from the top of the checkout)", path);
	fseek(f, 0, SEEK_END);
	n = ftell(f);
	fseek(f, 0, SEEK_SET);
	assert_true(n >= 0);
	buf = calloc((size_t) n + TEST_SLURP_ROOM, 1);
	assert_non_null(buf);
	assert_int_equal(fread(buf, 1, (size_t) n, f), (size_t) n);
	fclose(f);
	*len = (size_t) n;
	return buf;
}

/*
 * Make a fresh directory (dir, of size at least 32, receives its name) and
 * run `bash script dir` in it; 0 when both worked, -1 otherwise (for a
 * cmocka group setup).
 */
static inline int
test_generate(char *dir, size_t size, const char *script)
{
	char		cmd[512];

	snprintf(dir, size, "/tmp/dossier-test.XXXXXX");
	if (mkdtemp(dir) == NULL)
	{
		dir[0] = '\0';
		return -1;
	}
	snprintf(cmd, sizeof(cmd), "bash %s %s", script, dir);
	return system(cmd) == 0 ? 0 : -1;
}

/* Remove what test_generate made; 0, or -1 when rm fails. */
static inline int
test_generated_remove(const char *dir)
{
	char		cmd[512];

	if (dir[0] == '\0')
		return 0;
	snprintf(cmd, sizeof(cmd), "rm -rf %s", dir);
	return system(cmd) == 0 ? 0 : -1;
}

#endif							/* DOSSIER_TEST_UTIL_H */
