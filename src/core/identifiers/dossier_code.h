/*
 * dossier_code.h
 *	  The dossier code (mã hồ sơ) printed on a receipt slip.
 *
 * {agency ID}-{YYMMDD}-{sequence}, e.g. 000.17.22.H56-210531-0001:
 *   - the agency ID of the receiving agency, in the modern or the legacy form
 *     (see agency_code.h), kept as written because the code is a legal
 *     identifier that citizens already hold on paper;
 *   - YYMMDD, the reception date (Vietnam time), a real calendar date in
 *     2000-2099;
 *   - the sequence of the dossier among those the agency received that day:
 *     at least 4 digits, zero-padded to 4 and never beyond (0001 ... 9999,
 *     10000 ...; 0000 and 00001 are refused), at most 18 digits so that it
 *     fits a bigint; or, in the centralised systems of Circular 04/2025, two
 *     letters A-Z and 4 digits (AB0001).
 *
 * The canonical text is the input with white space around it removed and
 * lower-case letters folded to upper case; nothing else is rewritten.
 *
 * Order: the agency part by its bytes (memcmp, then length), then the date,
 * then the sequence: digit sequences by value (length, then bytes), and all
 * of them before the lettered sequences, which order by their six bytes
 * (letters, then digits).  Two codes compare equal exactly when their bytes
 * are equal.
 *
 * Nothing here allocates: callers pass output buffers of the sizes below.
 */
#ifndef DOSSIER_DOSSIER_CODE_H
#define DOSSIER_DOSSIER_CODE_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "core/identifiers/agency_code.h"
#include "core/common/parse_error.h"

#define DOSSIER_CODE_DATE_LEN 6
#define DOSSIER_CODE_MIN_SEQ_DIGITS 4
#define DOSSIER_CODE_MAX_SEQ_DIGITS 18
#define DOSSIER_CODE_SEQ_MAX INT64_C(999999999999999999)	/* 18 nines */
#define DOSSIER_CODE_LETTERED_LEN 6		/* AA + 4 digits */

#define DOSSIER_CODE_MAX_LEN \
	(AGENCY_CODE_MAX_LEN + 1 + DOSSIER_CODE_DATE_LEN + 1 + DOSSIER_CODE_MAX_SEQ_DIGITS)
#define DOSSIER_CODE_TEXT_LEN (DOSSIER_CODE_MAX_LEN + 1)	/* with the NUL */

#define DOSSIER_CODE_MIN_YEAR 2000
#define DOSSIER_CODE_MAX_YEAR 2099

/* Where the parts of a valid code lie, and what they say. */
typedef struct DossierCodeParts
{
	size_t		agency_len;		/* the agency part is bytes [0, agency_len) */
	AgencyCodeForm agency_form; /* the form it is written in */
	int			year;			/* 2000-2099 */
	int			month;			/* 1-12 */
	int			day;			/* 1-31 */
	size_t		seq_off;		/* the sequence is [seq_off, seq_off + seq_len) */
	size_t		seq_len;
	bool		seq_lettered;	/* AAXXXX form of Circular 04/2025 */
	int64_t		seq_value;		/* the number: all digits, or the 4 after AA */
} DossierCodeParts;

/* The hint of every parse error: the form, with examples. */
extern const char dossier_code_hint[];

/*
 * Parse len bytes of s.  On success write the canonical text, NUL-terminated,
 * into out (DOSSIER_CODE_TEXT_LEN bytes), its length into *out_len and, when
 * parts is not NULL, where its parts lie in out.
 */
bool		dossier_code_parse(const char *s, size_t len, char *out,
							   size_t *out_len, DossierCodeParts *parts,
							   ParseError *err);

/* Check a value received in binary form: canonical text, byte for byte. */
bool		dossier_code_check(const char *s, size_t len, ParseError *err);

/*
 * Three-way comparison of two valid canonical codes in the order described
 * above; 0 exactly when the bytes are equal.
 */
int			dossier_code_cmp(const char *a, size_t alen,
							 const char *b, size_t blen);

/* True when year-month-day is a calendar date a dossier code can carry. */
bool		dossier_code_date_ok(int year, int month, int day);

/*
 * Build the code of dossier seq (1 .. DOSSIER_CODE_SEQ_MAX) received on
 * year-month-day by the agency written as agency (a valid agency code in
 * either form, agency_len bytes, kept as given but for letter case).  The
 * sequence is written with at least 4 digits.  The result is canonical.
 */
bool		dossier_code_make(const char *agency, size_t agency_len,
							  int year, int month, int day, int64_t seq,
							  char *out, size_t *out_len, ParseError *err);

#endif							/* DOSSIER_DOSSIER_CODE_H */
