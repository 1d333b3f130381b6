/*
 * agency_code.h
 *	  The agency electronic ID (mã định danh điện tử của cơ quan, đơn vị).
 *
 * Decision 20/2020/QĐ-TTg, amended by Decision 09/2025/QĐ-TTg: at most 35
 * characters of [0-9A-Z.], one dot-separated group per level.  Level 1 is
 * MX1X2, a letter A-Y and two digits (H56, G06); every further level is a
 * group of 2 or 3 letters or digits, read from the top down: H56.22.17 is
 * unit 17 of unit 22 of H56.  This is the modern form, and the only form this
 * module stores and prints.
 *
 * The legacy form of QCVN 102:2016, still used by the national public-service
 * portal (DVCQG) when it synchronises dossiers, writes exactly four groups in
 * reverse, LLL.KK.JJ.MXX = level 4 (3 chars).level 3 (2).level 2 (2).level 1,
 * with an all-zero group for a level the agency does not have:
 * 000.00.17.H56 = H56.17 and 000.17.22.H56 = H56.22.17.  This mapping is
 * inferred from published examples, not quoted from the standard.
 *
 * An input is modern when its first group is a level-1 code, legacy when it
 * has exactly four groups and the last one is; anything else is invalid.
 * Lower-case letters are folded to upper case and white space around the
 * value is ignored.
 *
 * Canonical codes order by their bytes (memcmp, then length).  '.' sorts
 * below every other allowed character, so the subtree of X (X and every code
 * that starts with X || '.') is exactly the key range [X, X || '/').
 *
 * Nothing here allocates: callers pass output buffers of the sizes below.
 */
#ifndef DOSSIER_AGENCY_CODE_H
#define DOSSIER_AGENCY_CODE_H

#include <stdbool.h>
#include <stddef.h>

#include "core/common/parse_error.h"

#define AGENCY_CODE_MAX_LEN 35
#define AGENCY_CODE_TEXT_LEN (AGENCY_CODE_MAX_LEN + 1)	/* with the NUL */

/* 3 characters at level 1 and 3 ("." and 2) per further level fit 11 levels. */
#define AGENCY_CODE_MAX_LEVELS 11

/* LLL.KK.JJ.MXX */
#define AGENCY_CODE_LEGACY_LEN 13
#define AGENCY_CODE_LEGACY_TEXT_LEN (AGENCY_CODE_LEGACY_LEN + 1)
#define AGENCY_CODE_LEGACY_LEVELS 4

/* The greatest character a group may hold: subtree maxima are made of it. */
#define AGENCY_CODE_MAX_CHAR 'Z'

/* Which form an input was written in. */
typedef enum AgencyCodeForm
{
	AGENCY_CODE_MODERN = 0,
	AGENCY_CODE_LEGACY = 1
} AgencyCodeForm;

/* The hint of every parse error: both accepted forms, with an example. */
extern const char agency_code_hint[];

/*
 * Parse len bytes of s in either form.  On success write the canonical
 * modern code, NUL-terminated, into out (AGENCY_CODE_TEXT_LEN bytes), its
 * length into *out_len and the form of the input into *form (may be NULL).
 */
bool		agency_code_parse(const char *s, size_t len, char *out,
							  size_t *out_len, AgencyCodeForm *form,
							  ParseError *err);

/*
 * The same without trimming white space, for a code embedded in a larger
 * identifier such as a dossier code.
 */
bool		agency_code_parse_part(const char *s, size_t len, char *out,
								   size_t *out_len, AgencyCodeForm *form,
								   ParseError *err);

/*
 * Check a value received in binary form: it must be a canonical modern code
 * (upper case, no white space), byte for byte.
 */
bool		agency_code_check(const char *s, size_t len, ParseError *err);

/* Number of levels of a canonical code: 1 for H56, 3 for H56.22.17. */
int			agency_code_levels(const char *code, size_t len);

/*
 * Length of the prefix of a canonical code that is its ancestor at the given
 * level (1 = the level-1 code); 0 when level is below 1 or deeper than the
 * code.  The ancestor at the code's own level is the code itself.
 */
size_t		agency_code_ancestor_len(const char *code, size_t len, int level);

/*
 * Write into out (AGENCY_CODE_TEXT_LEN bytes) the greatest valid code in the
 * subtree of the canonical code [code, code + len): the code followed by as
 * many ".ZZZ" groups (and a last ".ZZ") as the length limit allows.  The
 * subtree is then exactly the key range [code, max]; returns max's length.
 */
size_t		agency_code_subtree_max(const char *code, size_t len, char *out);

/* True when a is b or one of b's descendants (a <@ b). */
bool		agency_code_is_under(const char *a, size_t alen,
								 const char *b, size_t blen);

/* Byte order: memcmp over the common length, then the shorter first. */
int			agency_code_cmp(const char *a, size_t alen,
							const char *b, size_t blen);

/*
 * Write the legacy QCVN 102:2016 form of a canonical code into out
 * (AGENCY_CODE_LEGACY_TEXT_LEN bytes).  Fails for codes deeper than 4 levels
 * or with a group wider than the legacy layout allows (a 3-character group
 * at level 2 or 3), and for codes whose level-4 group has the shape of a
 * level-1 code (H56.22.17.G06: its legacy text G06.17.22.H56 would read as a
 * modern code).  A 2-character level-4 group is padded to 3 with a leading 0; the
 * result then names the code whose level-4 group is that padded group, and
 * *exact (may be NULL) is set to false.  Otherwise *exact is true and the
 * legacy form parses back to the same code.
 */
bool		agency_code_legacy_form(const char *code, size_t len, char *out,
									bool *exact, ParseError *err);

#endif							/* DOSSIER_AGENCY_CODE_H */
