/*
 * tax_code.h
 *	  The enterprise / tax code (mã số doanh nghiệp, mã số thuế, MST).
 *
 * Law on Enterprises 2020 Art. 29 (the enterprise code is the tax code),
 * Law on Tax Administration 2019 Art. 30 and the structure set by Circular
 * 105/2020/TT-BTC Art. 5 (replaced by Circular 86/2024/TT-BTC): N1N2 is the
 * range prefix, N3..N9 a serial number from 0000001 to 9999999, N10 a check
 * digit; a dependent unit (here: branch) adds N11N12N13, 001 to 999, written
 * after a dash: 0314409058-002.
 *
 * Check digit (docs/domain.md §4): with weights w = 31, 29, 23, 19, 17,
 * 13, 7, 5, 3 over N1..N9, N10 = 10 - (Σ wᵢ·Nᵢ mod 11).  A remainder of 0
 * would need the check digit 10, so no valid code starts with such 9 digits.
 *
 * A valid code is kept as one integer, base * 1000 + branch, where base is
 * the 10-digit number and branch is 0 for a head office.  The SQL type is
 * therefore fixed-length and passed by value, and integer order puts every
 * branch right after its head office.
 */
#ifndef DOSSIER_TAX_CODE_H
#define DOSSIER_TAX_CODE_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "core/common/parse_error.h"

#define TAX_CODE_BASE_DIGITS 10
#define TAX_CODE_BRANCH_DIGITS 3
#define TAX_CODE_BRANCH_FACTOR INT64_C(1000)	/* value = base * 1000 + branch */
#define TAX_CODE_MAX_VALUE INT64_C(9999999999999)	/* 13 nines */
/* "0314409058-002" and its NUL */
#define TAX_CODE_TEXT_LEN (TAX_CODE_BASE_DIGITS + 1 + TAX_CODE_BRANCH_DIGITS + 1)

/* Parse len bytes of s; on success store the value in *out. */
bool		tax_code_parse(const char *s, size_t len, int64_t *out,
						   ParseError *err);

/* Check a value received in binary form; same rules as the text parser. */
bool		tax_code_check(int64_t value, ParseError *err);

/*
 * The check digit for the first 9 digits of a code (given as the integer
 * N1..N9, 0..999999999), or -1 when their weighted sum is divisible by 11
 * and no check digit exists.
 */
int			tax_code_check_digit(int64_t first9);

/* Write the canonical form of a valid value into buf (TAX_CODE_TEXT_LEN). */
void		tax_code_format(int64_t value, char *buf);

/* The 10-digit head-office number of a value, as an integer. */
int64_t		tax_code_base(int64_t value);

/* The branch number, 1..999, or 0 for a head office. */
int			tax_code_branch(int64_t value);

/* True when the value is a branch (dependent unit), not a head office. */
bool		tax_code_is_branch(int64_t value);

/* The value of the head office a branch belongs to (itself for a head office). */
int64_t		tax_code_head_office(int64_t value);

#endif							/* DOSSIER_TAX_CODE_H */
