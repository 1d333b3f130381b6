/*
 * fuzz_tax_code.c
 *	  libFuzzer harness for the enterprise / tax code parser.
 *
 * Any byte string must either be refused with a one-sentence detail and a
 * hint, leaving the output untouched, or be accepted and round-trip:
 * format(parse(s)) parses back to the same value, the binary check accepts
 * it, and the fields stay in their documented ranges.  The first 8 bytes are
 * also read as a binary value: whatever tax_code_check accepts must format
 * and parse back to itself.
 */
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "core/identifiers/tax_code.h"

/* Abort unless a refusal carries a detail sentence and a hint. */
static void
require_error(const ParseError *err)
{
	size_t		n = strlen(err->detail);

	if (err->hint == NULL || n == 0 || err->detail[n - 1] != '.')
		abort();
}

/* Abort unless a value formats to canonical text that parses back to it. */
static void
require_round_trip(int64_t v)
{
	char		buf[TAX_CODE_TEXT_LEN];
	int64_t		again = -1;
	ParseError	err;
	size_t		n;
	int64_t		base = tax_code_base(v);

	if (v < 0 || v > TAX_CODE_MAX_VALUE)
		abort();
	tax_code_format(v, buf);
	n = strlen(buf);
	if (n != (tax_code_is_branch(v) ? 14u : 10u))
		abort();
	if (!tax_code_parse(buf, n, &again, &err) || again != v)
		abort();
	if (tax_code_branch(v) < 0 || tax_code_branch(v) > 999 ||
		tax_code_head_office(v) != base * 1000 ||
		(base / 10) % 10000000 == 0 ||
		tax_code_check_digit(base / 10) != base % 10)
		abort();
}

/* libFuzzer entry point. */
int
LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	int64_t		v = -42;
	ParseError	err;

	if (!tax_code_parse((const char *) data, size, &v, &err))
	{
		require_error(&err);
		if (v != -42)
			abort();
	}
	else
	{
		if (!tax_code_check(v, &err))
			abort();
		require_round_trip(v);
	}

	if (size >= sizeof(int64_t))
	{
		int64_t		raw;

		memcpy(&raw, data, sizeof(raw));
		if (tax_code_check(raw, &err))
			require_round_trip(raw);
		else
			require_error(&err);
	}
	return 0;
}
