/*
 * tax_code.c
 *	  Parsing, checking and reading of the enterprise / tax code.
 *
 * See tax_code.h for the layout, the check digit and their legal source.
 * Accepted text: optional ASCII white space, 10 digits, then optionally a
 * 3-digit branch number 001-999, with or without a dash before it.
 */
#include "core/identifiers/tax_code.h"

#include <assert.h>

#define TAX_CODE_HINT \
	"A tax code has 10 digits, or 13 for a branch (0314409058-002)."

#define FIRST9_DIVISOR 10		/* base / 10 = N1..N9, base % 10 = N10 */
#define SERIAL_MODULUS INT64_C(10000000)	/* (base / 10) % 10^7 = N3..N9 */

/* The weights of N1..N9 in the check-digit sum. */
static const int tax_code_weights[9] = {31, 29, 23, 19, 17, 13, 7, 5, 3};

/* Weighted sum of the 9 digits of first9, N1 the most significant. */
static int
tax_code_weighted_sum(int64_t first9)
{
	int			sum = 0;

	for (int i = 8; i >= 0; i--)
	{
		sum += tax_code_weights[i] * (int) (first9 % 10);
		first9 /= 10;
	}
	return sum;
}

/*
 * Check the 10-digit base given the weighted sum of its first 9 digits: the
 * serial must not be zero and the check digit must match.
 */
static bool
check_base_sum(int64_t base, int sum, ParseError *err)
{
	int64_t		first9 = base / FIRST9_DIVISOR;
	int			got = (int) (base % FIRST9_DIVISOR);
	int			remainder = sum % 11;

	if (first9 % SERIAL_MODULUS == 0)
		return parse_error_set(err, TAX_CODE_HINT,
							   "Digits 3 to 9 are all 0; the serial number of a tax code runs from 0000001 to 9999999.");
	if (remainder == 0)
		return parse_error_set(err, TAX_CODE_HINT,
							   "No tax code begins with %09lld: the weighted sum of these 9 digits is divisible by 11, so no check digit exists.",
							   (long long) first9);
	if (got != 10 - remainder)
		return parse_error_set(err, TAX_CODE_HINT,
							   "The check digit is %d, expected %d.", got, 10 - remainder);
	return true;
}

/*
 * Check the 10-digit head-office number: serial not zero, check digit right.
 * The binary check's way in; the text parser sums the digits as it reads them.
 */
static bool
tax_code_check_base(int64_t base, ParseError *err)
{
	return check_base_sum(base, tax_code_weighted_sum(base / FIRST9_DIVISOR), err);
}

/* Parse len bytes of s; on success store the value in *out. */
bool
tax_code_parse(const char *s, size_t len, int64_t *out, ParseError *err)
{
	int64_t		base = 0;
	int			sum = 0;		/* weighted sum of the first 9 digits */
	int			branch = 0;
	size_t		branch_at = TAX_CODE_BASE_DIGITS;	/* first branch digit */

	parse_trim(&s, &len);

	/*
	 * First the characters, then the shape: a foreign character is named by
	 * its position (all before it are ASCII, so byte and character positions
	 * agree), and lengths reported afterwards count characters, not bytes.
	 */
	for (size_t i = 0; i < len; i++)
	{
		if (parse_is_digit(s[i]) || s[i] == '-')
			continue;
		if (i == TAX_CODE_BASE_DIGITS)
			return parse_error_set(err, TAX_CODE_HINT,
								   "Character 11 is neither a digit nor the dash before the branch number.");
		return parse_error_set(err, TAX_CODE_HINT,
							   "Character %zu is not a digit.", i + 1);
	}

	if (len > TAX_CODE_BASE_DIGITS && s[TAX_CODE_BASE_DIGITS] == '-')
	{
		if (len != TAX_CODE_BASE_DIGITS + 1 + TAX_CODE_BRANCH_DIGITS)
			return parse_error_set(err, TAX_CODE_HINT,
								   "The branch number after the dash has %zu characters, expected 3 digits.",
								   len - TAX_CODE_BASE_DIGITS - 1);
		branch_at = TAX_CODE_BASE_DIGITS + 1;
	}
	else if (len == TAX_CODE_BASE_DIGITS + 1 + TAX_CODE_BRANCH_DIGITS)
		return parse_error_set(err, TAX_CODE_HINT,
							   "Character 11 is not the dash between the 10-digit code and the branch number.");
	else if (len != TAX_CODE_BASE_DIGITS &&
			 len != TAX_CODE_BASE_DIGITS + TAX_CODE_BRANCH_DIGITS)
		return parse_error_set(err, TAX_CODE_HINT,
							   "The value has %zu characters, expected 10 digits, or 13 for a branch.",
							   len);

	for (size_t i = 0; i < TAX_CODE_BASE_DIGITS; i++)
	{
		if (!parse_is_digit(s[i]))
			return parse_error_set(err, TAX_CODE_HINT,
								   "Character %zu is not a digit.", i + 1);
		base = base * 10 + (s[i] - '0');
		if (i < TAX_CODE_BASE_DIGITS - 1)
			sum += tax_code_weights[i] * (s[i] - '0');
	}
	for (size_t i = branch_at; i < len; i++)
	{
		if (!parse_is_digit(s[i]))
			return parse_error_set(err, TAX_CODE_HINT,
								   "Character %zu is not a digit.", i + 1);
		branch = branch * 10 + (s[i] - '0');
	}

	if (!check_base_sum(base, sum, err))
		return false;
	if (len > TAX_CODE_BASE_DIGITS && branch == 0)
		return parse_error_set(err, TAX_CODE_HINT,
							   "The branch number is 000, expected 001 to 999; write a head office with 10 digits only.");
	*out = base * TAX_CODE_BRANCH_FACTOR + branch;
	return true;
}

/* Check a value received in binary form; same rules as the text parser. */
bool
tax_code_check(int64_t value, ParseError *err)
{
	if (value < 0 || value > TAX_CODE_MAX_VALUE)
		return parse_error_set(err, TAX_CODE_HINT,
							   "The value %lld is outside 0 to 9999999999999 (the 10 digits times 1000 plus the branch number).",
							   (long long) value);
	return tax_code_check_base(value / TAX_CODE_BRANCH_FACTOR, err);
}

/*
 * The check digit for the first 9 digits of a code (given as the integer
 * N1..N9, 0..999999999), or -1 when their weighted sum is divisible by 11
 * and no check digit exists.
 */
int
tax_code_check_digit(int64_t first9)
{
	int			remainder = tax_code_weighted_sum(first9) % 11;

	return remainder == 0 ? -1 : 10 - remainder;
}

/* Write the canonical form of a valid value into buf (TAX_CODE_TEXT_LEN). */
void
tax_code_format(int64_t value, char *buf)
{
	int64_t		base = value / TAX_CODE_BRANCH_FACTOR;
	int			branch = (int) (value % TAX_CODE_BRANCH_FACTOR);

	/* a valid value: ten digits and a branch 0 (head office) or 1..999 */
	assert(value >= 0 && base <= 9999999999LL);
	assert(branch >= 0 && branch <= 999);
	for (int i = TAX_CODE_BASE_DIGITS - 1; i >= 0; i--)
	{
		buf[i] = (char) ('0' + base % 10);
		base /= 10;
	}
	if (branch == 0)
	{
		buf[TAX_CODE_BASE_DIGITS] = '\0';
		return;
	}
	buf[TAX_CODE_BASE_DIGITS] = '-';
	buf[TAX_CODE_BASE_DIGITS + 1] = (char) ('0' + branch / 100);
	buf[TAX_CODE_BASE_DIGITS + 2] = (char) ('0' + branch / 10 % 10);
	buf[TAX_CODE_BASE_DIGITS + 3] = (char) ('0' + branch % 10);
	buf[TAX_CODE_BASE_DIGITS + 4] = '\0';
}

/* The 10-digit head-office number of a value, as an integer. */
int64_t
tax_code_base(int64_t value)
{
	return value / TAX_CODE_BRANCH_FACTOR;
}

/* The branch number, 1..999, or 0 for a head office. */
int
tax_code_branch(int64_t value)
{
	return (int) (value % TAX_CODE_BRANCH_FACTOR);
}

/* True when the value is a branch (dependent unit), not a head office. */
bool
tax_code_is_branch(int64_t value)
{
	return tax_code_branch(value) != 0;
}

/* The value of the head office a branch belongs to (itself for a head office). */
int64_t
tax_code_head_office(int64_t value)
{
	return value - tax_code_branch(value);
}
