/*
 * citizen_id.c
 *	  Parsing, checking and reading of the 12-digit personal ID.
 *
 * See citizen_id.h for the layout and its legal source.
 */
#include "core/identifiers/citizen_id.h"

#include <assert.h>
#include <stdio.h>

#define CITIZEN_ID_HINT \
	"A personal ID has 12 digits: province of birth registration (001-096), " \
	"century and gender digit (0-3), year of birth and 6 digits, e.g. 001087012345."

#define PROVINCE_DIVISOR INT64_C(1000000000)	/* value / 10^9 = PPP */
#define CENTURY_DIVISOR INT64_C(100000000)		/* (value / 10^8) % 10 = G */
#define YEAR_DIVISOR INT64_C(1000000)			/* (value / 10^6) % 100 = YY */

/* Parse len bytes of s; on success store the value in *out. */
bool
citizen_id_parse(const char *s, size_t len, int64_t *out, ParseError *err)
{
	int64_t		value = 0;

	parse_trim(&s, &len);
	/* characters first, so a non-ASCII input is not misreported by length */
	for (size_t i = 0; i < len && i <= CITIZEN_ID_DIGITS; i++)
	{
		if (!parse_is_digit(s[i]))
			return parse_error_set(err, CITIZEN_ID_HINT,
								   "Character %zu is not a digit.", i + 1);
		if (i < CITIZEN_ID_DIGITS)
			value = value * 10 + (s[i] - '0');
	}
	if (len > CITIZEN_ID_DIGITS)
		return parse_error_set(err, CITIZEN_ID_HINT,
							   "The value is longer than 12 digits.");
	if (len < CITIZEN_ID_DIGITS)
		return parse_error_set(err, CITIZEN_ID_HINT,
							   "The value has %zu digits, expected 12.", len);
	if (!citizen_id_check(value, err))
		return false;
	*out = value;
	return true;
}

/* Check a value received in binary form; same rules as the text parser. */
bool
citizen_id_check(int64_t value, ParseError *err)
{
	int			province;
	int			century_digit;

	if (value < 0 || value > INT64_C(999999999999))
		return parse_error_set(err, CITIZEN_ID_HINT,
							   "The value %lld does not have 12 digits.",
							   (long long) value);
	province = (int) (value / PROVINCE_DIVISOR);
	if (province < 1 || province > 96)
		return parse_error_set(err, CITIZEN_ID_HINT,
							   "The province of birth registration is %03d, expected 001 to 096.",
							   province);
	century_digit = (int) ((value / CENTURY_DIVISOR) % 10);
	if (century_digit > CITIZEN_ID_MAX_CENTURY_DIGIT)
		return parse_error_set(err, CITIZEN_ID_HINT,
							   "The century digit %d means a birth in the %d00s, which has not begun.",
							   century_digit, 19 + century_digit / 2);
	return true;
}

/* Write the 12-digit form of a valid value into buf (CITIZEN_ID_TEXT_LEN). */
void
citizen_id_format(int64_t value, char *buf)
{
	assert(value >= 0 && value <= 999999999999LL);
	for (int i = CITIZEN_ID_DIGITS - 1; i >= 0; i--)
	{
		buf[i] = (char) ('0' + value % 10);
		value /= 10;
	}
	buf[CITIZEN_ID_DIGITS] = '\0';
}

/* The birth-registration province code, 1..96 (printed as 3 digits). */
int
citizen_id_province(int64_t value)
{
	assert(value >= 0 && value <= 999999999999LL);
	return (int) (value / PROVINCE_DIVISOR);
}

/* Gender encoded in digit G. */
CitizenGender
citizen_id_gender(int64_t value)
{
	return ((value / CENTURY_DIVISOR) % 2) ? CITIZEN_FEMALE : CITIZEN_MALE;
}

/* The birth century as the law counts it: 20 for 1900-1999, 21 for 2000-2099. */
int
citizen_id_century(int64_t value)
{
	return 20 + (int) ((value / CENTURY_DIVISOR) % 10) / 2;
}

/* The full birth year, e.g. 1987. */
int
citizen_id_birth_year(int64_t value)
{
	return (citizen_id_century(value) - 1) * 100 +
		(int) ((value / YEAR_DIVISOR) % 100);
}
