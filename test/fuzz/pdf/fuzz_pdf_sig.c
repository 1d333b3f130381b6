/*
 * fuzz_pdf_sig.c
 *	  libFuzzer harness for the PDF signature structure layer (pdf_sig.c and
 *	  the files behind it: qpdf parsing, byte-level checks, the walk and the
 *	  revision comparison).
 *
 * Any byte string must either be refused with a detail and a hint, or give a
 * report whose numbers are consistent:
 *   - usable byte ranges lie inside the input and end at signed_end;
 *   - the DER length never exceeds the /Contents string;
 *   - entire_file coverage means the ranges end at the end of the input;
 *   - a FieldMDP lock is consistent, and a broken one is never ok;
 *   - revisions, DocMDP levels and enums are in range; every finding is a
 *     non-empty string; a class other than ok comes with a finding;
 *   - the document class is the worst signature class, and the unsigned
 *     trailing bytes never exceed the input;
 *   - every string (names, field names, /M, locked fields, findings, the
 *     refusal's detail) is valid UTF-8, whatever bytes the input has (issue
 *     14 item 4);
 *   - an attack found beside a format failure is kept (attack_found).
 */
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "core/cms/sig_text.h"
#include "core/pdf/pdf_sig.h"

/* Abort unless s is NULL or valid UTF-8 text. */
static void
check_text(const char *s)
{
	if (s != NULL && !sigt_utf8_valid(s, strlen(s)))
		abort();
}

/* Check the invariants of one signature of a report on len bytes. */
static void
check_signature(const PdfSigReport *r, const PdfSignature *s, size_t len)
{
	if (s->byte_range_ok)
	{
		if (s->byte_range_count != 4 || s->byte_range[0] != 0 ||
			s->byte_range[1] <= 0 || s->byte_range[2] < s->byte_range[1] + 2 ||
			(uint64_t) (s->byte_range[2] + s->byte_range[3]) != s->signed_end ||
			s->signed_end > len)
			abort();
		if (s->coverage == PDF_COVERAGE_ENTIRE_FILE && s->signed_end != len)
			abort();
		if (s->signed_end + s->trailing_bytes != len)
			abort();
		if (s->revision < 1 || s->revision > r->revision_count + 1)
			abort();
	}
	else if (s->klass != PDF_SIG_MALFORMED || s->coverage != PDF_COVERAGE_UNCLEAR ||
			 s->trailing_bytes != len)
		abort();
	if (s->contents != NULL && s->contents_len > s->contents_padded_len)
		abort();
	if (s->contents == NULL && s->klass != PDF_SIG_MALFORMED)
		abort();
	if (s->docmdp_p < 0 || s->docmdp_p > 3 || (s->docmdp_p == 0 && !s->docmdp_respected))
		abort();
	if ((unsigned) s->modification > PDF_MOD_OTHER || (unsigned) s->klass > PDF_SIG_MALFORMED)
		abort();
	if (s->n_findings < 0 || s->n_findings > PDF_SIG_MAX_FINDINGS ||
		(s->klass != PDF_SIG_OK && s->n_findings == 0))
		abort();
	for (int i = 0; i < s->n_findings; i++)
		if (s->findings[i] == NULL || s->findings[i][0] == '\0')
			abort();
	/* a FieldMDP lock: names only with Include or Exclude, all present */
	if ((unsigned) s->lock_action > PDF_LOCK_EXCLUDE ||
		s->n_lock_fields < 0 || s->n_lock_fields > PDF_SIG_MAX_LOCK_FIELDS ||
		(s->n_lock_fields > 0 && s->lock_action != PDF_LOCK_INCLUDE &&
		 s->lock_action != PDF_LOCK_EXCLUDE) ||
		(s->lock_action == PDF_LOCK_NONE && !s->fieldmdp_respected) ||
		(!s->fieldmdp_respected && s->klass == PDF_SIG_OK))
		abort();
	for (int i = 0; i < s->n_lock_fields; i++)
		if (s->lock_fields[i] == NULL)
			abort();
	check_text(s->field_name);
	check_text(s->filter);
	check_text(s->subfilter);
	check_text(s->signing_time);
	for (int i = 0; i < s->n_lock_fields; i++)
		check_text(s->lock_fields[i]);
	for (int i = 0; i < s->n_findings; i++)
		check_text(s->findings[i]);
	if (s->klass == PDF_SIG_ATTACK && !s->attack_found)
		abort();
	if (s->klass > r->klass)
		abort();
}

/* libFuzzer entry point. */
int
LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	ParseError	err = {{0}, NULL};
	PdfSigReport *r = pdf_sig_analyze(data, size, &err);
	PdfSigClass worst = PDF_SIG_OK;

	if (r == NULL)
	{
		if (err.hint == NULL || strlen(err.detail) == 0)
			abort();
		check_text(err.detail);
		return 0;
	}
	if (r->signature_count < 0 || r->signature_count > PDF_SIG_MAX_SIGNATURES ||
		r->unsigned_trailing_bytes > size || r->revision_count < 0)
		abort();
	for (int i = 0; i < r->signature_count; i++)
	{
		check_signature(r, &r->signatures[i], size);
		if (r->signatures[i].klass > worst)
			worst = r->signatures[i].klass;
	}
	if (worst != r->klass)
		abort();
	for (int i = 0; i < r->n_findings; i++)
		check_text(r->findings[i]);
	if (r->last_covers_file &&
		(r->signature_count == 0 || r->unsigned_trailing_bytes != 0))
		abort();
	pdf_sig_report_free(r);
	return 0;
}
