/*
 * dossier_code.c
 *	  Parsing, building and ordering dossier codes.
 *
 * See dossier_code.h for the form, its sources and the ordering.  The agency
 * part is checked by the agency-code parser (agency_code.c).
 */
#include "core/identifiers/dossier_code.h"

#include <assert.h>
#include <stdio.h>
#include <string.h>

#include "core/identifiers/bytes_order.h"

const char	dossier_code_hint[] =
"A dossier code is agency code-YYMMDD-sequence, e.g. 000.17.22.H56-210531-0001 "
"or H56.22.17-210531-0001; the sequence has at least 4 digits, or two letters "
"and 4 digits (AB0001).";

static const char binary_hint[] =
"Binary input is the canonical text, in upper case without white space around "
"it, e.g. 000.17.22.H56-210531-0001; send other spellings as text.";

/* True for an upper-case ASCII letter. */
static inline bool
is_upper(char c)
{
	return c >= 'A' && c <= 'Z';
}

/* Value of n decimal digits at s (n <= 18, so it cannot overflow). */
static int64_t
digits_value(const char *s, size_t n)
{
	int64_t		v = 0;

	for (size_t i = 0; i < n; i++)
		v = v * 10 + (s[i] - '0');
	return v;
}

/* True when year-month-day is a calendar date a dossier code can carry. */
bool
dossier_code_date_ok(int year, int month, int day)
{
	static const int days_in_month[12] = {31, 28, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31};
	int			last;

	if (year < DOSSIER_CODE_MIN_YEAR || year > DOSSIER_CODE_MAX_YEAR ||
		month < 1 || month > 12 || day < 1)
		return false;
	last = days_in_month[month - 1];
	if (month == 2 && year % 4 == 0 && (year % 100 != 0 || year % 400 == 0))
		last = 29;
	return day <= last;
}

/* Check the YYMMDD part at d (len bytes) and store the date in parts. */
static bool
parse_date(const char *d, size_t len, DossierCodeParts *parts, ParseError *err)
{
	if (len != DOSSIER_CODE_DATE_LEN)
		return parse_error_set(err, dossier_code_hint,
							   "The reception date part has %zu characters, expected 6 digits YYMMDD.",
							   len);
	for (size_t i = 0; i < len; i++)
		if (!parse_is_digit(d[i]))
			return parse_error_set(err, dossier_code_hint,
								   "Character %zu of the reception date is not a digit.",
								   i + 1);
	parts->year = DOSSIER_CODE_MIN_YEAR + (int) digits_value(d, 2);
	parts->month = (int) digits_value(d + 2, 2);
	parts->day = (int) digits_value(d + 4, 2);
	if (!dossier_code_date_ok(parts->year, parts->month, parts->day))
		return parse_error_set(err, dossier_code_hint,
							   "The reception date %.6s is not a calendar date: it would be %04d-%02d-%02d.",
							   d, parts->year, parts->month, parts->day);
	return true;
}

/* Check the sequence part at q (len bytes) and store it in parts. */
static bool
parse_sequence(const char *q, size_t len, DossierCodeParts *parts,
			   ParseError *err)
{
	size_t		letters = 0;

	if (len == 0)
		return parse_error_set(err, dossier_code_hint, "The sequence is empty.");
	if (len > DOSSIER_CODE_MAX_SEQ_DIGITS)
		return parse_error_set(err, dossier_code_hint,
							   "The sequence has %zu characters, at most %d digits are allowed.",
							   len, DOSSIER_CODE_MAX_SEQ_DIGITS);
	for (size_t i = 0; i < len; i++)
	{
		if (is_upper(q[i]))
			letters++;
		else if (!parse_is_digit(q[i]))
			return parse_error_set(err, dossier_code_hint,
								   "Character %zu of the sequence is not a letter or a digit.",
								   i + 1);
	}

	if (letters > 0)
	{
		if (len != DOSSIER_CODE_LETTERED_LEN || !is_upper(q[0]) ||
			!is_upper(q[1]) || letters != 2)
			return parse_error_set(err, dossier_code_hint,
								   "The sequence \"%.*s\" has letters but is not two letters and 4 digits (AB0001).",
								   (int) len, q);
		parts->seq_lettered = true;
		parts->seq_value = digits_value(q + 2, 4);
	}
	else
	{
		if (len < DOSSIER_CODE_MIN_SEQ_DIGITS)
			return parse_error_set(err, dossier_code_hint,
								   "The sequence \"%.*s\" has %zu digit%s, expected at least 4.",
								   (int) len, q, len, len == 1 ? "" : "s");
		if (len > DOSSIER_CODE_MIN_SEQ_DIGITS && q[0] == '0')
			return parse_error_set(err, dossier_code_hint,
								   "The sequence \"%.*s\" has a superfluous leading zero: only a 4-digit sequence is zero-padded.",
								   (int) len, q);
		parts->seq_lettered = false;
		parts->seq_value = digits_value(q, len);
	}
	if (parts->seq_value == 0)
		return parse_error_set(err, dossier_code_hint,
							   "The sequence \"%.*s\" is zero; sequences start at 0001.",
							   (int) len, q);
	return true;
}

/* Parse len bytes of s; see dossier_code.h. */
bool
dossier_code_parse(const char *s, size_t len, char *out, size_t *out_len,
				   DossierCodeParts *parts, ParseError *err)
{
	char		buf[DOSSIER_CODE_MAX_LEN];
	char		agency[AGENCY_CODE_TEXT_LEN];
	size_t		agency_len;
	size_t		hyphen[2] = {0, 0};
	int			hyphens = 0;
	DossierCodeParts p;
	ParseError	agency_err;

	parse_trim(&s, &len);
	if (len == 0)
		return parse_error_set(err, dossier_code_hint, "The value is empty.");
	if (len > DOSSIER_CODE_MAX_LEN)
		return parse_error_set(err, dossier_code_hint,
							   "The value has %zu characters, at most %d are allowed.",
							   len, DOSSIER_CODE_MAX_LEN);
	for (size_t i = 0; i < len; i++)
	{
		buf[i] = (s[i] >= 'a' && s[i] <= 'z') ? (char) (s[i] - 'a' + 'A') : s[i];
		if (buf[i] == '-')
		{
			if (hyphens < 2)
				hyphen[hyphens] = i;
			hyphens++;
		}
	}
	if (hyphens != 2)
		return parse_error_set(err, dossier_code_hint,
							   "The value has %d part%s separated by '-', expected 3: agency code, reception date YYMMDD and sequence.",
							   hyphens + 1, hyphens == 0 ? "" : "s");

	memset(&p, 0, sizeof(p));
	if (!agency_code_parse_part(buf, hyphen[0], agency, &agency_len,
								&p.agency_form, &agency_err))
		return parse_error_set(err, dossier_code_hint,
							   "The agency part is not an agency code: %s",
							   agency_err.detail);
	p.agency_len = hyphen[0];
	if (!parse_date(buf + hyphen[0] + 1, hyphen[1] - hyphen[0] - 1, &p, err))
		return false;
	p.seq_off = hyphen[1] + 1;
	p.seq_len = len - p.seq_off;
	if (!parse_sequence(buf + p.seq_off, p.seq_len, &p, err))
		return false;

	memcpy(out, buf, len);
	out[len] = '\0';
	*out_len = len;
	if (parts)
		*parts = p;
	return true;
}

/* Check a value received in binary form: canonical text, byte for byte. */
bool
dossier_code_check(const char *s, size_t len, ParseError *err)
{
	char		canon[DOSSIER_CODE_TEXT_LEN];
	size_t		n;

	if (!dossier_code_parse(s, len, canon, &n, NULL, err))
	{
		if (err)
			err->hint = binary_hint;
		return false;
	}
	if (n != len || memcmp(canon, s, len) != 0)
		return parse_error_set(err, binary_hint,
							   "The value is not in canonical form, which is \"%s\".",
							   canon);
	return true;
}

/* Three-way comparison of two canonical codes; see dossier_code.h. */
int
dossier_code_cmp(const char *a, size_t alen, const char *b, size_t blen)
{
	const char *ha = memchr(a, '-', alen);
	const char *hb = memchr(b, '-', blen);
	size_t		aag,
				bag;
	const char *qa,
			   *qb;
	size_t		qalen,
				qblen;
	bool		la,
				lb;
	int			c;

	/* not a valid code (cannot happen for stored values): plain bytes */
	if (ha == NULL || hb == NULL ||
		(size_t) (ha - a) + 2 + DOSSIER_CODE_DATE_LEN > alen ||
		(size_t) (hb - b) + 2 + DOSSIER_CODE_DATE_LEN > blen)
		return bytes_order_cmp(a, alen, b, blen);

	aag = (size_t) (ha - a);
	bag = (size_t) (hb - b);
	c = bytes_order_cmp(a, aag, b, bag);
	if (c != 0)
		return c;
	c = memcmp(ha + 1, hb + 1, DOSSIER_CODE_DATE_LEN);
	if (c != 0)
		return c < 0 ? -1 : 1;

	qa = ha + 2 + DOSSIER_CODE_DATE_LEN;
	qb = hb + 2 + DOSSIER_CODE_DATE_LEN;
	qalen = alen - (size_t) (qa - a);
	qblen = blen - (size_t) (qb - b);
	la = qalen > 0 && is_upper(qa[0]);
	lb = qblen > 0 && is_upper(qb[0]);
	if (la != lb)
		return la ? 1 : -1;
	if (qalen != qblen)
		return qalen < qblen ? -1 : 1;
	c = memcmp(qa, qb, qalen);
	return (c > 0) - (c < 0);
}

/* Build a code from its parts; see dossier_code.h. */
bool
dossier_code_make(const char *agency, size_t agency_len, int year, int month,
				  int day, int64_t seq, char *out, size_t *out_len,
				  ParseError *err)
{
	char		canon[AGENCY_CODE_TEXT_LEN];
	size_t		canon_len;
	ParseError	agency_err;
	int			n;

	if (!agency_code_parse_part(agency, agency_len, canon, &canon_len, NULL,
								&agency_err))
		return parse_error_set(err, dossier_code_hint,
							   "The agency part is not an agency code: %s",
							   agency_err.detail);
	if (!dossier_code_date_ok(year, month, day))
		return parse_error_set(err, dossier_code_hint,
							   "The reception date %04d-%02d-%02d is not a date from 2000 to 2099.",
							   year, month, day);
	if (seq < 1 || seq > DOSSIER_CODE_SEQ_MAX)
		return parse_error_set(err, dossier_code_hint,
							   "The sequence %lld is out of range: it must be from 1 to %lld.",
							   (long long) seq, (long long) DOSSIER_CODE_SEQ_MAX);
	n = snprintf(out, DOSSIER_CODE_TEXT_LEN, "%.*s-%02d%02d%02d-%04lld",
				 (int) agency_len, agency, year % 100, month, day,
				 (long long) seq);
	if (n < 0 || n >= DOSSIER_CODE_TEXT_LEN)
		return parse_error_set(err, dossier_code_hint,
							   "The code would have %d characters, at most %d are allowed.",
							   n, DOSSIER_CODE_MAX_LEN);
	assert((size_t) n > agency_len);
	/* the agency part is kept as given, but in upper case like parsed codes */
	for (size_t i = 0; i < agency_len; i++)
		if (out[i] >= 'a' && out[i] <= 'z')
			out[i] = (char) (out[i] - 'a' + 'A');
	*out_len = (size_t) n;
	return true;
}
