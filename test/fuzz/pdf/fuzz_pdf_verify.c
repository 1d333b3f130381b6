/*
 * fuzz_pdf_verify.c
 *	  libFuzzer harness for PDF signature verification (pdf_verify.c): the
 *	  structure of pdf_sig.c combined with the CMS verifier, and the
 *	  document summary.
 *
 * Any byte string is analysed; every signature of a readable PDF is
 * verified against an empty trust store and summarized.  Invariants:
 *   - nothing comes out valid or TOTAL_PASSED without an anchor;
 *   - so no document timestamp is a proof of existence for any signature;
 *   - a malformed structure gives malformed or worse (tampered, attack:
 *     a format failure hides neither), an attack never anything better
 *     than attack;
 *   - every string of every verdict and of the summary is valid UTF-8
 *     (issue 14 item 4);
 *   - the verdict carries the structure (has_structure), and the summary's
 *     worst word is no better than any counted signature's, all_passed is
 *     false, and the counts agree with the report.
 * Seeds: test/fuzz/pdf/corpus/pdf_verify (the make_pdf.sh corpus, as pdf_sig).
 */
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "core/cms/sig_text.h"
#include "core/pdf/pdf_verify.h"

static X509vStore *store;

/* Abort unless s is NULL or valid UTF-8 text. */
static void
check_text(const char *s)
{
	if (s != NULL && !sigt_utf8_valid(s, strlen(s)))
		abort();
}

/* Abort unless every string of a verdict is text. */
static void
check_verdict_text(const SigVerdict *v)
{
	check_text(v->signer_subject);
	check_text(v->signer_issuer);
	check_text(v->signer_serial);
	check_text(v->anchor);
	check_text(v->timestamp_authority);
	for (int i = 0; i < v->n_chain; i++)
		check_text(v->chain[i]);
	for (int i = 0; i < v->n_warnings; i++)
		check_text(v->warnings[i]);
	for (int i = 0; i < v->n_errors; i++)
		check_text(v->errors[i]);
}

/* libFuzzer entry point. */
int
LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	ParseError	err = {{0}, NULL};
	PdfSigReport *r;
	SigVerdict *v;
	PdfDocSummary d;

	if (store == NULL && (store = x509v_store_new()) == NULL)
		abort();
	r = pdf_sig_analyze(data, size, &err);
	if (r == NULL)
		return 0;
	v = calloc(r->signature_count > 0 ? r->signature_count : 1, sizeof(SigVerdict));
	if (v == NULL)
		abort();
	if (!pdfv_verify_document(store, data, size, r, INT64_C(1780272000), true, v))
		abort();
	for (int i = 0; i < r->signature_count; i++)
	{
		const PdfSignature *s = &r->signatures[i];

		/* nothing is valid without an anchor: no document timestamp proves anything */
		if (pdfv_document_poe(r, v, i, INT64_C(1780272000)) != NULL || v[i].has_timestamp_time)
			abort();
		if (v[i].word == SIGW_VALID || v[i].indication == SIGI_TOTAL_PASSED || !v[i].has_structure)
			abort();
		/* a format failure ranks below tampered and attack, never hides them */
		if (s->klass == PDF_SIG_MALFORMED && sigv_worse(v[i].word, SIGW_MALFORMED) != v[i].word)
			abort();
		if (s->attack_found && sigv_worse(v[i].word, SIGW_ATTACK) != v[i].word)
			abort();
	}
	for (int i = 0; i < r->signature_count; i++)
		check_verdict_text(&v[i]);
	if (!pdfv_summarize(r, v, &d))
		abort();
	for (int i = 0; i < d.n_findings; i++)
		check_text(d.findings[i]);
	if (d.signature_count != r->signature_count || d.all_passed ||
		d.has_worst != (r->signature_count > 0) || d.counted > d.signature_count)
		abort();
	for (int i = 0; i < r->signature_count; i++)
		if (pdfv_counts(&r->signatures[i]) && sigv_worse(d.worst, v[i].word) != d.worst)
			abort();
	pdfv_summary_free(&d);
	for (int i = 0; i < r->signature_count; i++)
		sigv_free(&v[i]);
	free(v);
	pdf_sig_report_free(r);
	return 0;
}
