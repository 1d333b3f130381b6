/*
 * fuzz_agency_code.c
 *	  libFuzzer harness for the agency-code parser, walker and legacy form.
 *
 * Any byte string must either be refused with a detail and a hint, or be
 * accepted, and then:
 *   - the canonical form re-parses to itself, as a modern code, and passes
 *     the binary check;
 *   - every ancestor is a prefix cut at a dot, a valid code one level up, and
 *     the code lies in the ancestor's key range [ancestor, max(ancestor)],
 *     where max is the greatest valid code under it, itself a valid code;
 *   - the legacy form, when there is one, parses back to the same code (to
 *     the code with its level-4 group zero-padded when the form says it is
 *     not exact), and the legacy form of that is the same text.
 * An input with a newline is also read as two codes a and b, which must
 * satisfy: a <@ b exactly when b <= a <= max(b), and cmp is antisymmetric
 * and zero only for equal bytes.
 */
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "core/identifiers/agency_code.h"

/* Parse, or return false; a refusal must carry a detail and a hint. */
static bool
parse_or_explain(const char *s, size_t len, char *out, size_t *n,
				 AgencyCodeForm *form)
{
	ParseError	err = {{0}, NULL};

	if (agency_code_parse(s, len, out, n, form, &err))
		return true;
	if (err.hint == NULL || strlen(err.detail) == 0)
		abort();
	return false;
}

/* Check the invariants of one accepted code. */
static void
check_code(const char *code, size_t n)
{
	char		again[AGENCY_CODE_TEXT_LEN];
	char		legacy[AGENCY_CODE_LEGACY_TEXT_LEN];
	char		legacy2[AGENCY_CODE_LEGACY_TEXT_LEN];
	char		back[AGENCY_CODE_TEXT_LEN];
	char		end[AGENCY_CODE_TEXT_LEN + 1];
	size_t		n2;
	AgencyCodeForm form;
	ParseError	err;
	bool		exact;
	int			levels;

	if (n == 0 || n > AGENCY_CODE_MAX_LEN || strlen(code) != n)
		abort();
	if (!agency_code_check(code, n, &err))
		abort();
	if (!agency_code_parse(code, n, again, &n2, &form, &err) ||
		form != AGENCY_CODE_MODERN || n2 != n || memcmp(again, code, n) != 0)
		abort();

	levels = agency_code_levels(code, n);
	if (levels < 1 || levels > AGENCY_CODE_MAX_LEVELS)
		abort();
	if (agency_code_ancestor_len(code, n, 0) != 0 ||
		agency_code_ancestor_len(code, n, levels + 1) != 0)
		abort();
	for (int k = 1; k <= levels; k++)
	{
		size_t		a = agency_code_ancestor_len(code, n, k);
		size_t		m;

		if (a == 0 || a > n || (k == levels) != (a == n))
			abort();
		if (a < n && code[a] != '.')	/* parent and ancestors are prefixes */
			abort();
		if (!agency_code_check(code, a, &err) || agency_code_levels(code, a) != k)
			abort();
		if (!agency_code_is_under(code, n, code, a))
			abort();
		if (a < n && (agency_code_is_under(code, a, code, n) ||
					  agency_code_cmp(code, a, code, n) >= 0))
			abort();
		m = agency_code_subtree_max(code, a, end);
		if (m > AGENCY_CODE_MAX_LEN || !agency_code_check(end, m, &err) ||
			!agency_code_is_under(end, m, code, a) ||
			agency_code_cmp(code, n, end, m) > 0)
			abort();
	}

	if (agency_code_legacy_form(code, n, legacy, &exact, &err))
	{
		if (levels > AGENCY_CODE_LEGACY_LEVELS ||
			strlen(legacy) != AGENCY_CODE_LEGACY_LEN)
			abort();
		if (!agency_code_parse(legacy, AGENCY_CODE_LEGACY_LEN, back, &n2, &form, &err) ||
			form != AGENCY_CODE_LEGACY)
			abort();
		if (exact && (n2 != n || memcmp(back, code, n) != 0))
			abort();
		/* not exact: a 2-character level-4 group, now with a leading 0 */
		if (!exact && (levels != 4 || n2 != n + 1 ||
					   memcmp(back, code, n - 2) != 0 || back[n - 2] != '0' ||
					   memcmp(back + n - 1, code + n - 2, 2) != 0))
			abort();
		if (!agency_code_legacy_form(back, n2, legacy2, &exact, &err) ||
			!exact || strcmp(legacy, legacy2) != 0)
			abort();
	}
	else if (err.hint == NULL || strlen(err.detail) == 0)
		abort();
}

/* libFuzzer entry point. */
int
LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	const char *s = (const char *) data;
	const char *nl = memchr(s, '\n', size);
	char		a[AGENCY_CODE_TEXT_LEN];
	char		b[AGENCY_CODE_TEXT_LEN + 1];
	size_t		na,
				nb;

	if (parse_or_explain(s, size, a, &na, NULL))
		check_code(a, na);

	if (nl != NULL &&
		parse_or_explain(s, (size_t) (nl - s), a, &na, NULL) &&
		parse_or_explain(nl + 1, size - (size_t) (nl - s) - 1, b, &nb, NULL))
	{
		int			ab = agency_code_cmp(a, na, b, nb);
		int			ba = agency_code_cmp(b, nb, a, na);
		bool		under = agency_code_is_under(a, na, b, nb);
		bool		in_range;
		char		bmax[AGENCY_CODE_TEXT_LEN];
		size_t		nbmax;

		if (ab != -ba || (ab == 0) != (na == nb && memcmp(a, b, na) == 0))
			abort();
		nbmax = agency_code_subtree_max(b, nb, bmax);
		in_range = ab >= 0 && agency_code_cmp(a, na, bmax, nbmax) <= 0;
		if (under != in_range)
			abort();
	}
	return 0;
}
