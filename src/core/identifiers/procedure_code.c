/*
 * procedure_code.c
 *	  Parsing and reading of the administrative procedure code (mã TTHC).
 *
 * See procedure_code.h for the two forms, the rules and their source.  The
 * parser reads the input once, left to right, and stops at the first
 * character that cannot be where it is; every character before that one is
 * ASCII, so the position it reports is a character position.
 */
#include "core/identifiers/procedure_code.h"

#include <string.h>

#include "core/identifiers/bytes_order.h"

#define PROCEDURE_CODE_HINT \
	"A procedure code is a digit 1-9, a dot and 6 digits (1.000656), optionally " \
	"followed by a dot and a local suffix of dot-separated letters and digits " \
	"(1.000656.000.00.00.H56)."

/* True when c is an ASCII upper-case letter. */
static inline bool
is_upper(char c)
{
	return c >= 'A' && c <= 'Z';
}

/* True when c is an ASCII lower-case letter. */
static inline bool
is_lower(char c)
{
	return c >= 'a' && c <= 'z';
}

/*
 * Check character i of s (i >= 0, all characters before it already checked)
 * for its place in the code; false with an error if it does not fit.
 */
static bool
check_char(const char *s, size_t i, ParseError *err)
{
	char		c = s[i];

	if (i == 0)
	{
		if (c < '1' || c > '9')
			return parse_error_set(err, PROCEDURE_CODE_HINT,
								   "Character 1 is not a digit from 1 to 9.");
	}
	else if (i == 1)
	{
		if (c != '.')
			return parse_error_set(err, PROCEDURE_CODE_HINT,
								   "Character 2 is not the dot after the first digit.");
	}
	else if (i < PROCEDURE_CODE_NATIONAL_LEN)
	{
		if (!parse_is_digit(c))
			return parse_error_set(err, PROCEDURE_CODE_HINT,
								   "Character %zu is not a digit; the national code has 6 digits after its dot.",
								   i + 1);
	}
	else if (i == PROCEDURE_CODE_NATIONAL_LEN)
	{
		if (c != '.')
			return parse_error_set(err, PROCEDURE_CODE_HINT,
								   "Character 9 is not the dot before a local suffix; the national code has exactly 6 digits after its dot.");
	}
	else if (c == '.')
	{
		if (s[i - 1] == '.')
			return parse_error_set(err, PROCEDURE_CODE_HINT,
								   "Character %zu is a second dot in a row; every group of the local suffix needs at least one letter or digit.",
								   i + 1);
	}
	else if (!parse_is_digit(c) && !is_upper(c) && !is_lower(c))
		return parse_error_set(err, PROCEDURE_CODE_HINT,
							   "Character %zu is not a letter, digit or dot.",
							   i + 1);
	return true;
}

/*
 * Parse len bytes of s.  On success write the canonical text and a NUL into
 * out (PROCEDURE_CODE_BUF_LEN bytes) and its length into *out_len; on failure
 * leave both untouched.
 */
bool
procedure_code_parse(const char *s, size_t len, char *out, size_t *out_len,
					 ParseError *err)
{
	parse_trim(&s, &len);
	if (len == 0)
		return parse_error_set(err, PROCEDURE_CODE_HINT,
							   "The value is empty.");
	for (size_t i = 0; i < len; i++)
	{
		if (!check_char(s, i, err))
			return false;
	}
	if (len < PROCEDURE_CODE_NATIONAL_LEN)
		return parse_error_set(err, PROCEDURE_CODE_HINT,
							   "The value has %zu characters; a national procedure code has 8.",
							   len);
	if (s[len - 1] == '.')
		return parse_error_set(err, PROCEDURE_CODE_HINT,
							   "The value ends with a dot; a local suffix must end with a letter or digit.");
	if (len > PROCEDURE_CODE_MAX_LEN)
		return parse_error_set(err, PROCEDURE_CODE_HINT,
							   "The value has %zu characters, at most 64 are allowed.",
							   len);

	for (size_t i = 0; i < len; i++)
		out[i] = is_lower(s[i]) ? (char) (s[i] - 'a' + 'A') : s[i];
	out[len] = '\0';
	*out_len = len;
	return true;
}

/* True when a canonical code of length len has a local suffix. */
bool
procedure_code_is_local(size_t len)
{
	return len > PROCEDURE_CODE_NATIONAL_LEN;
}

/*
 * Order of two canonical codes: their bytes, then their lengths, so that a
 * national code sorts right before its local variants.  Returns -1, 0 or 1.
 */
int
procedure_code_cmp(const char *a, size_t alen, const char *b, size_t blen)
{
	return bytes_order_cmp(a, alen, b, blen);
}

/*
 * The local suffix of a canonical code (after the dot that follows the
 * national code), with its length in *suffix_len; NULL for a national code.
 */
const char *
procedure_code_local_suffix(const char *code, size_t len, size_t *suffix_len)
{
	if (!procedure_code_is_local(len))
	{
		*suffix_len = 0;
		return NULL;
	}
	*suffix_len = len - PROCEDURE_CODE_NATIONAL_LEN - 1;
	return code + PROCEDURE_CODE_NATIONAL_LEN + 1;
}
