/*
 * fuzz_procedure_code.c
 *	  libFuzzer harness for the administrative procedure code parser.
 *
 * Any byte string must either be refused with a one-sentence detail and a
 * hint, leaving the outputs untouched, or be accepted as a canonical code
 * that: satisfies the grammar (checked here independently of the parser),
 * equals the trimmed input with lower-case letters upper-cased, and parses
 * back to itself.  The input is also split in two: when both halves parse,
 * procedure_code_cmp must agree with strcmp on the canonical texts (which
 * hold no NUL) and be antisymmetric.
 */
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "core/identifiers/procedure_code.h"

/* Abort unless a refusal carries a detail sentence and a hint. */
static void
require_error(const ParseError *err)
{
	size_t		n = strlen(err->detail);

	if (err->hint == NULL || n == 0 || err->detail[n - 1] != '.')
		abort();
}

/* Abort unless code[0..len) follows the documented grammar. */
static void
require_grammar(const char *code, size_t len)
{
	if (len < PROCEDURE_CODE_NATIONAL_LEN || len > PROCEDURE_CODE_MAX_LEN ||
		code[len] != '\0' || strlen(code) != len)
		abort();
	if (code[0] < '1' || code[0] > '9' || code[1] != '.')
		abort();
	for (size_t i = 2; i < PROCEDURE_CODE_NATIONAL_LEN; i++)
		if (code[i] < '0' || code[i] > '9')
			abort();
	if (len == PROCEDURE_CODE_NATIONAL_LEN)
		return;
	if (code[8] != '.' || code[len - 1] == '.')
		abort();
	for (size_t i = 9; i < len; i++)
	{
		char		c = code[i];

		if (c == '.' ? code[i - 1] == '.' :
			!((c >= '0' && c <= '9') || (c >= 'A' && c <= 'Z')))
			abort();
	}
}

/* Parse data; on success check every invariant of an accepted code. */
static bool
parse_and_check(const uint8_t *data, size_t size, char *out, size_t *out_len)
{
	const char *s = (const char *) data;
	size_t		n = size;
	ParseError	err;
	char		again[PROCEDURE_CODE_BUF_LEN];
	size_t		again_len;
	size_t		suffix_len;
	const char *suffix;

	memset(out, 'X', PROCEDURE_CODE_BUF_LEN);
	*out_len = 4242;
	if (!procedure_code_parse(s, n, out, out_len, &err))
	{
		require_error(&err);
		if (*out_len != 4242 || out[0] != 'X')
			abort();
		return false;
	}
	require_grammar(out, *out_len);

	/* canonical = trimmed input, upper-cased */
	while (n > 0 && strchr(" \t\n\r\f\v", s[0]) != NULL && s[0] != '\0')
		s++, n--;
	while (n > 0 && strchr(" \t\n\r\f\v", s[n - 1]) != NULL && s[n - 1] != '\0')
		n--;
	if (n != *out_len)
		abort();
	for (size_t i = 0; i < n; i++)
		if (out[i] != ((s[i] >= 'a' && s[i] <= 'z') ? s[i] - 'a' + 'A' : s[i]))
			abort();

	/* idempotent */
	if (!procedure_code_parse(out, *out_len, again, &again_len, &err) ||
		again_len != *out_len || memcmp(again, out, again_len) != 0)
		abort();

	/* accessors */
	suffix = procedure_code_local_suffix(out, *out_len, &suffix_len);
	if (procedure_code_is_local(*out_len) != (suffix != NULL))
		abort();
	if (suffix != NULL &&
		(suffix_len == 0 || suffix + suffix_len != out + *out_len ||
		 procedure_code_cmp(out, PROCEDURE_CODE_NATIONAL_LEN, out, *out_len) >= 0))
		abort();
	if (procedure_code_cmp(out, *out_len, out, *out_len) != 0)
		abort();
	return true;
}

/* Sign of an int: -1, 0 or 1. */
static int
sign(int x)
{
	return (x > 0) - (x < 0);
}

/* libFuzzer entry point. */
int
LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	char		a[PROCEDURE_CODE_BUF_LEN];
	char		b[PROCEDURE_CODE_BUF_LEN];
	size_t		alen;
	size_t		blen;
	size_t		half = size / 2;

	parse_and_check(data, size, a, &alen);

	if (parse_and_check(data, half, a, &alen) &&
		parse_and_check(data + half, size - half, b, &blen))
	{
		int			ab = procedure_code_cmp(a, alen, b, blen);
		int			ba = procedure_code_cmp(b, blen, a, alen);

		if (ab != -ba || ab != sign(strcmp(a, b)))
			abort();
	}
	return 0;
}
