/*
 * citizen_id.h
 *	  The 12-digit personal identification number (số định danh cá nhân).
 *
 * Law on Identification 2023, Art. 12, and Decree 70/2024/NĐ-CP: the number
 * reads PPP G YY NNNNNN, where PPP is the province where the birth was
 * registered (001-096), G encodes century and gender (0/1 = male/female born
 * 1900-1999, 2/3 = 2000-2099, 4/5 = 2100-2199 ...), YY is the last two digits
 * of the birth year and NNNNNN is random.  There is no check digit.
 *
 * A valid number is kept as its integer value (it fits easily in 64 bits), so
 * the SQL type is fixed-length and passed by value, and integer order equals
 * the order of the 12-digit strings.
 */
#ifndef DOSSIER_CITIZEN_ID_H
#define DOSSIER_CITIZEN_ID_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "core/common/parse_error.h"

#define CITIZEN_ID_DIGITS 12
#define CITIZEN_ID_TEXT_LEN (CITIZEN_ID_DIGITS + 1)	/* with the NUL */

/*
 * Birth centuries that can occur.  G = 4..9 (2100-2399) are defined by law
 * but nobody alive can carry them, so they are rejected as impossible.
 */
#define CITIZEN_ID_MAX_CENTURY_DIGIT 3

typedef enum CitizenGender
{
	CITIZEN_MALE = 0,
	CITIZEN_FEMALE = 1
} CitizenGender;

/* Parse len bytes of s; on success store the value in *out. */
bool		citizen_id_parse(const char *s, size_t len, int64_t *out,
							 ParseError *err);

/* Check a value received in binary form; same rules as the text parser. */
bool		citizen_id_check(int64_t value, ParseError *err);

/* Write the 12-digit form of a valid value into buf (CITIZEN_ID_TEXT_LEN). */
void		citizen_id_format(int64_t value, char *buf);

/* The birth-registration province code, 1..96 (printed as 3 digits). */
int			citizen_id_province(int64_t value);

/* Gender encoded in digit G. */
CitizenGender citizen_id_gender(int64_t value);

/* The birth century as the law counts it: 20 for 1900-1999, 21 for 2000-2099. */
int			citizen_id_century(int64_t value);

/* The full birth year, e.g. 1987. */
int			citizen_id_birth_year(int64_t value);

#endif							/* DOSSIER_CITIZEN_ID_H */
