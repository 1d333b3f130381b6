/*
 * fuzz_dossier_code.c
 *	  libFuzzer harness for the dossier-code parser, builder and order.
 *
 * Any byte string must either be refused with a detail and a hint, or be
 * accepted, and then:
 *   - the canonical text re-parses to itself with the same parts and passes
 *     the binary check;
 *   - its agency part is a valid agency code, its date a calendar date of
 *     2000-2099, its sequence in range;
 *   - a digit-sequence code is rebuilt byte for byte by dossier_code_make;
 *   - it compares equal to itself.
 * An input with a newline is also read as two codes, whose comparison must be
 * antisymmetric, zero exactly for equal bytes, and follow the sequence values
 * when agency and date are the same.
 */
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "core/identifiers/dossier_code.h"

/* Parse, or return false; a refusal must carry a detail and a hint. */
static bool
parse_or_explain(const char *s, size_t len, char *out, size_t *n,
				 DossierCodeParts *p)
{
	ParseError	err = {{0}, NULL};

	if (dossier_code_parse(s, len, out, n, p, &err))
		return true;
	if (err.hint == NULL || strlen(err.detail) == 0)
		abort();
	return false;
}

/* Check the invariants of one accepted code. */
static void
check_code(const char *code, size_t n, const DossierCodeParts *p)
{
	char		again[DOSSIER_CODE_TEXT_LEN];
	char		agency[AGENCY_CODE_TEXT_LEN];
	size_t		n2,
				agency_len;
	DossierCodeParts q;
	ParseError	err;

	if (n == 0 || n > DOSSIER_CODE_MAX_LEN || strlen(code) != n)
		abort();
	if (!dossier_code_check(code, n, &err))
		abort();
	if (!dossier_code_parse(code, n, again, &n2, &q, &err) || n2 != n ||
		memcmp(again, code, n) != 0 || memcmp(&q, p, sizeof(q)) != 0)
		abort();
	if (!agency_code_parse_part(code, p->agency_len, agency, &agency_len, NULL, &err))
		abort();
	if (!dossier_code_date_ok(p->year, p->month, p->day))
		abort();
	if (p->seq_value < 1 || p->seq_value > DOSSIER_CODE_SEQ_MAX ||
		p->seq_off + p->seq_len != n)
		abort();
	if (!p->seq_lettered)
	{
		if (!dossier_code_make(code, p->agency_len, p->year, p->month, p->day,
							   p->seq_value, again, &n2, &err) ||
			n2 != n || memcmp(again, code, n) != 0)
			abort();
	}
	else if (p->seq_len != DOSSIER_CODE_LETTERED_LEN || p->seq_value > 9999)
		abort();
	if (dossier_code_cmp(code, n, code, n) != 0)
		abort();
}

/* libFuzzer entry point. */
int
LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	const char *s = (const char *) data;
	const char *nl = memchr(s, '\n', size);
	char		a[DOSSIER_CODE_TEXT_LEN];
	char		b[DOSSIER_CODE_TEXT_LEN];
	size_t		na,
				nb;
	DossierCodeParts pa,
				pb;

	if (parse_or_explain(s, size, a, &na, &pa))
		check_code(a, na, &pa);

	if (nl != NULL &&
		parse_or_explain(s, (size_t) (nl - s), a, &na, &pa) &&
		parse_or_explain(nl + 1, size - (size_t) (nl - s) - 1, b, &nb, &pb))
	{
		int			ab = dossier_code_cmp(a, na, b, nb);
		int			ba = dossier_code_cmp(b, nb, a, na);

		if (ab != -ba || (ab == 0) != (na == nb && memcmp(a, b, na) == 0))
			abort();
		if (pa.agency_len == pb.agency_len &&
			memcmp(a, b, pa.agency_len + 1 + DOSSIER_CODE_DATE_LEN) == 0 &&
			!pa.seq_lettered && !pb.seq_lettered &&
			ab != (pa.seq_value > pb.seq_value) - (pa.seq_value < pb.seq_value))
			abort();
	}
	return 0;
}
