/*
 * procedure_code.h
 *	  The administrative procedure code (mã thủ tục hành chính, mã TTHC).
 *
 * Codes are assigned in the National Database on Administrative Procedures
 * (Cơ sở dữ liệu quốc gia về thủ tục hành chính, set up under Decree
 * 63/2010/NĐ-CP on the control of administrative procedures) and exchanged
 * with the National Public Service Portal (Circular 04/2025/TT-VPCP).  Two
 * forms occur (docs/domain.md §4):
 *
 *	 national	1.000656				a digit 1-9, a dot, 6 digits
 *	 local		1.000656.000.00.00.H56	the national code, a dot, then a
 *										suffix naming the implementing agency
 *
 * The usual pattern is ^[1-9]\.\d{6}(\.[0-9A-Z.]+)?$.  This parser is
 * stricter: the suffix is one or more dot-separated groups, each a non-empty
 * run of [0-9A-Z] (no empty group, no trailing dot), and the whole code has at
 * most PROCEDURE_CODE_MAX_LEN characters.  It is also more lenient in one
 * way: lower-case ASCII letters in the suffix are accepted and upper-cased,
 * so that 1.000656.000.00.00.h56 and ...H56 are one value.  Surrounding ASCII
 * white space is ignored.
 *
 * The canonical text is the stored form; its byte order sorts every local
 * variant right after its national code ('.' sorts before digits and letters).
 */
#ifndef DOSSIER_PROCEDURE_CODE_H
#define DOSSIER_PROCEDURE_CODE_H

#include <stdbool.h>
#include <stddef.h>

#include "core/common/parse_error.h"

#define PROCEDURE_CODE_MAX_LEN 64	/* characters of the canonical text */
#define PROCEDURE_CODE_NATIONAL_LEN 8	/* "1.000656" */
#define PROCEDURE_CODE_BUF_LEN (PROCEDURE_CODE_MAX_LEN + 1)	/* with a NUL */

/*
 * Parse len bytes of s.  On success write the canonical text and a NUL into
 * out (PROCEDURE_CODE_BUF_LEN bytes) and its length into *out_len; on failure
 * leave both untouched.
 */
bool		procedure_code_parse(const char *s, size_t len, char *out,
								 size_t *out_len, ParseError *err);

/* True when a canonical code of length len has a local suffix. */
bool		procedure_code_is_local(size_t len);

/*
 * Order of two canonical codes: their bytes, then their lengths, so that a
 * national code sorts right before its local variants.  Returns -1, 0 or 1.
 */
int			procedure_code_cmp(const char *a, size_t alen,
							   const char *b, size_t blen);

/*
 * The local suffix of a canonical code (after the dot that follows the
 * national code), with its length in *suffix_len; NULL for a national code.
 */
const char *procedure_code_local_suffix(const char *code, size_t len,
										size_t *suffix_len);

#endif							/* DOSSIER_PROCEDURE_CODE_H */
