/*
 * test_pdf_verify.c
 *	  cmocka tests of src/core/pdf/pdf_verify.c: the mapping of a structural
 *	  signature to a SigStructure, the precedence between structure and CMS
 *	  findings, signatures that are not handed to the CMS verifier
 *	  (malformed, unsupported /SubFilter), a document timestamp that is not
 *	  an RFC 3161 token, and the document summary.
 *
 * End to end on node-signpdf's signed-once.pdf (test/fixtures/pdf, with its
 * self-signed signer as the only anchor), on copies of it changed in
 * memory, and on reports made up field by field.
 */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <cmocka.h>

#include "test_util.h"
#include "core/pdf/pdf_verify.h"

#define FIX "test/fixtures/pdf/"
#define AT_2026 INT64_C(1780272000)	/* 2026-06-01 00:00:00 UTC */

/* A store with the node-signpdf signer as its only anchor (or empty). */
static X509vStore *
store(bool with_anchor)
{
	X509vStore *st = x509v_store_new();

	assert_non_null(st);
	if (with_anchor)
	{
		size_t		len;
		uint8_t    *pem = test_slurp(&len, FIX "node-signpdf/certs/signpdf-selfsigned.pem");
		ParseError	err;

		assert_true(x509v_store_add(st, X509V_ANCHOR, pem, len, &err));
		free(pem);
	}
	return st;
}

/* Replace the first occurrence of from by to (same length) in buf. */
static void
patch(uint8_t *buf, size_t len, const char *from, const char *to)
{
	size_t		n = strlen(from);

	assert_int_equal(strlen(to), n);
	for (size_t i = 0; i + n <= len; i++)
		if (memcmp(buf + i, from, n) == 0)
		{
			memcpy(buf + i, to, n);
			return;
		}
	fail_msg("\"%s\" not found", from);
}

/* Analyse buf, verify every signature, summarize; check the words. */
static void
check_doc(const uint8_t *buf, size_t len, X509vStore *st, const SigWord *want,
		  int n, SigWord worst, bool all_passed, PdfDocSummary *keep)
{
	ParseError	err;
	PdfSigReport *r = pdf_sig_analyze(buf, len, &err);
	SigVerdict	v[4];
	PdfDocSummary d;

	assert_non_null(r);
	assert_int_equal(r->signature_count, n);
	for (int i = 0; i < n; i++)
	{
		assert_true(pdfv_verify_signature(st, buf, len, &r->signatures[i], AT_2026, true, &v[i]));
		if (v[i].word != want[i])
			fail_msg("signature %d: %s, expected %s (%s)", i + 1, sigv_word_name(v[i].word),
					 sigv_word_name(want[i]), v[i].n_errors ? v[i].errors[0] : "no error");
		assert_true(v[i].has_structure);
	}
	assert_true(pdfv_summarize(r, v, &d));
	assert_int_equal(d.signature_count, n);
	assert_int_equal(d.has_worst, n > 0);
	if (n > 0)
		assert_string_equal(sigv_word_name(d.worst), sigv_word_name(worst));
	assert_int_equal(d.all_passed, all_passed);
	for (int i = 0; i < n; i++)
		sigv_free(&v[i]);
	if (keep)
		*keep = d;
	else
		pdfv_summary_free(&d);
	pdf_sig_report_free(r);
}

/* signed-once.pdf with its anchor: valid; without: untrusted. */
static void
test_valid_and_untrusted(void **state)
{
	size_t		len;
	uint8_t    *buf = test_slurp(&len, FIX "node-signpdf/signed-once.pdf");
	X509vStore *st = store(true);
	X509vStore *empty = store(false);
	SigWord		valid[] = {SIGW_VALID};
	SigWord		untrusted[] = {SIGW_UNTRUSTED};
	PdfDocSummary d;

	check_doc(buf, len, st, valid, 1, SIGW_VALID, true, &d);
	assert_true(d.last_covers_file);
	assert_int_equal(d.unsigned_trailing_bytes, 0);
	pdfv_summary_free(&d);
	check_doc(buf, len, empty, untrusted, 1, SIGW_UNTRUSTED, false, NULL);
	x509v_store_free(st);
	x509v_store_free(empty);
	free(buf);
}

/* A signed byte changed: tampered, whatever the trust. */
static void
test_tampered(void **state)
{
	size_t		len;
	uint8_t    *buf = test_slurp(&len, FIX "node-signpdf/signed-once.pdf");
	X509vStore *st = store(true);
	SigWord		want[] = {SIGW_TAMPERED};

	/* a byte of the first range: the version in the header */
	patch(buf, len, "%PDF-1.4", "%PDF-1.5");
	check_doc(buf, len, st, want, 1, SIGW_TAMPERED, false, NULL);
	x509v_store_free(st);
	free(buf);
}

/*
 * A comment appended after the signed revision changes no object: the
 * signature stays valid (entire_revision, no change), and the summary says
 * the last signature does not cover the file and how many bytes follow.
 */
static void
test_appended_comment(void **state)
{
	size_t		len;
	uint8_t    *orig = test_slurp(&len, FIX "node-signpdf/signed-once.pdf");
	const char	tail[] = "\n% unsigned trailing comment\n";
	uint8_t    *buf = malloc(len + sizeof(tail) - 1);
	X509vStore *st = store(true);
	SigWord		want[] = {SIGW_VALID};
	PdfDocSummary d;

	memcpy(buf, orig, len);
	memcpy(buf + len, tail, sizeof(tail) - 1);
	check_doc(buf, len + sizeof(tail) - 1, st, want, 1, SIGW_VALID, true, &d);
	assert_false(d.last_covers_file);
	assert_int_equal(d.unsigned_trailing_bytes, sizeof(tail) - 1);
	pdfv_summary_free(&d);
	x509v_store_free(st);
	free(buf);
	free(orig);
}

/* An unsupported /SubFilter is not verified; a document timestamp is. */
static void
test_not_verified(void **state)
{
	size_t		len;
	uint8_t    *buf = test_slurp(&len, FIX "node-signpdf/signed-once.pdf");
	X509vStore *st = store(true);
	SigWord		want[] = {SIGW_INDETERMINATE};
	ParseError	err;
	PdfSigReport *r;
	SigVerdict	v;
	PdfDocSummary d;

	patch(buf, len, "/adbe.pkcs7.detached", "/adbe.pkcs7.sha1    ");
	check_doc(buf, len, st, want, 1, SIGW_INDETERMINATE, false, NULL);
	r = pdf_sig_analyze(buf, len, &err);
	assert_non_null(r);
	assert_true(pdfv_verify_signature(st, buf, len, &r->signatures[0], AT_2026, true, &v));
	assert_int_equal(v.sub, SIGS_FORMAT_FAILURE);
	assert_int_equal(v.indication, SIGI_INDETERMINATE);
	assert_non_null(strstr(v.errors[0], "adbe.pkcs7.sha1 is not supported"));
	assert_int_equal(v.signature_value_ok, SIGV_UNKNOWN);
	sigv_free(&v);
	pdf_sig_report_free(r);

	/*
	 * a document timestamp is validated: a CMS signature is not an RFC 3161
	 * token, so it is malformed, and it counts
	 */
	patch(buf, len, "/adbe.pkcs7.sha1    ", "/ETSI.RFC3161       ");
	{
		SigWord		want_ts[] = {SIGW_MALFORMED};

		check_doc(buf, len, st, want_ts, 1, SIGW_MALFORMED, false, &d);
	}
	assert_int_equal(d.counted, 1);
	r = pdf_sig_analyze(buf, len, &err);
	assert_non_null(r);
	assert_true(pdfv_verify_signature(st, buf, len, &r->signatures[0], AT_2026, true, &v));
	assert_int_equal(v.sub, SIGS_FORMAT_FAILURE);
	assert_non_null(strstr(v.errors[0], "TSTInfo"));
	sigv_free(&v);
	pdf_sig_report_free(r);
	pdfv_summary_free(&d);
	x509v_store_free(st);
	free(buf);
}

/* The mapping of structural fields, and attack and malformed classes. */
static void
test_structure_mapping(void **state)
{
	PdfSignature s;
	SigStructure ss;
	char		reason[64];
	char	   *f1 = "The gap is larger than the /Contents string.";

	memset(&s, 0, sizeof(s));
	s.byte_range_count = 4;
	s.byte_range[1] = 10;
	s.byte_range[2] = 20;
	s.byte_range[3] = 30;
	s.coverage = PDF_COVERAGE_ENTIRE_REVISION;
	s.modification = PDF_MOD_FORM_FILLING;
	s.docmdp_p = 2;
	s.docmdp_respected = true;
	pdfv_structure(&s, &ss, reason, sizeof(reason));
	assert_int_equal(ss.n_byte_range, 4);
	assert_int_equal(ss.byte_range[3], 30);
	assert_int_equal(ss.coverage, SIGC_ENTIRE_REVISION);
	assert_int_equal(ss.modification_level, SIGM_FORM_FILLING);
	assert_int_equal(ss.docmdp_permission, 2);
	assert_int_equal(ss.docmdp_respected, 1);
	assert_false(ss.attack);
	assert_string_equal(reason, "");

	s.docmdp_p = 0;
	s.klass = PDF_SIG_ATTACK;
	s.attack_found = true;
	s.findings[0] = f1;
	s.findings[1] = f1;
	s.n_findings = 2;
	s.byte_range_count = 2;
	s.coverage = PDF_COVERAGE_UNCLEAR;
	s.modification = PDF_MOD_OTHER;
	pdfv_structure(&s, &ss, reason, sizeof(reason));
	assert_int_equal(ss.n_byte_range, 0);
	assert_int_equal(ss.docmdp_respected, -1);
	assert_int_equal(ss.coverage, SIGC_UNCLEAR);
	assert_int_equal(ss.modification_level, SIGM_OTHER);
	assert_true(ss.attack);
	assert_ptr_equal(ss.attack_reason, reason);
	/* truncated to the buffer, still terminated */
	assert_true(strlen(reason) < sizeof(reason));
	assert_memory_equal(reason, f1, strlen(f1));

	/*
	 * a malformed signature without usable ranges is not handed to the CMS
	 * verifier; its attack is not hidden by the format failure (issue 14
	 * item 2), and without one it is malformed
	 */
	{
		SigVerdict	v;
		uint8_t		pdf[64] = {0};

		s.klass = PDF_SIG_MALFORMED;
		assert_true(pdfv_verify_signature(NULL, pdf, sizeof(pdf), &s, AT_2026, true, &v));
		assert_int_equal(v.word, SIGW_ATTACK);
		assert_int_equal(v.sub, SIGS_SIG_CONSTRAINTS_FAILURE);
		assert_int_equal(v.indication, SIGI_TOTAL_FAILED);
		assert_true(v.has_structure);
		assert_int_equal(v.n_findings, 2);	/* attack and malformed */
		assert_int_equal(v.n_errors, 1);	/* one message for both */
		assert_int_equal(v.digest_matches, SIGV_UNKNOWN);
		sigv_free(&v);

		s.attack_found = false;
		assert_true(pdfv_verify_signature(NULL, pdf, sizeof(pdf), &s, AT_2026, true, &v));
		assert_int_equal(v.word, SIGW_MALFORMED);
		assert_int_equal(v.sub, SIGS_FORMAT_FAILURE);
		assert_int_equal(v.n_findings, 1);
		sigv_free(&v);
	}
}

/* The summary: worst word by the precedence, timestamps included, no signature. */
static void
test_summary(void **state)
{
	PdfSigReport r;
	PdfSignature s[3];
	SigVerdict	v[3];
	PdfDocSummary d;

	memset(&r, 0, sizeof(r));
	memset(s, 0, sizeof(s));
	r.signatures = s;
	r.revision_count = 1;
	r.unsigned_trailing_bytes = 1234;
	assert_true(pdfv_summarize(&r, v, &d));
	assert_false(d.has_worst);
	assert_false(d.all_passed);
	assert_int_equal(d.n_findings, 1);
	assert_non_null(strstr(d.findings[0], "no signature"));
	pdfv_summary_free(&d);

	r.signature_count = 3;
	r.last_covers_file = true;
	r.unsigned_trailing_bytes = 0;
	for (int i = 0; i < 3; i++)
		sigv_init(&v[i], AT_2026);
	sigv_add_finding(&v[0], SIGW_EXPIRED, SIGS_EXPIRED, NULL);
	sigv_add_finding(&v[1], SIGW_UNTRUSTED, SIGS_NO_CERTIFICATE_CHAIN_FOUND, NULL);
	s[2].is_doc_timestamp = true;
	sigv_add_finding(&v[2], SIGW_INDETERMINATE, SIGS_FORMAT_FAILURE, NULL);
	for (int i = 0; i < 3; i++)
		sigv_finish(&v[i]);
	assert_true(pdfv_summarize(&r, v, &d));
	assert_int_equal(d.counted, 3);
	assert_int_equal(d.worst, SIGW_EXPIRED);
	assert_false(d.all_passed);
	pdfv_summary_free(&d);

	/* both signatures pass, the timestamp does not: not all passed */
	for (int i = 0; i < 2; i++)
	{
		sigv_free(&v[i]);
		sigv_init(&v[i], AT_2026);
		sigv_finish(&v[i]);
	}
	assert_true(pdfv_summarize(&r, v, &d));
	assert_int_equal(d.worst, SIGW_INDETERMINATE);
	assert_false(d.all_passed);
	pdfv_summary_free(&d);

	/* a valid timestamp counts as passed */
	for (int i = 0; i < 3; i++)
	{
		sigv_free(&v[i]);
		sigv_init(&v[i], AT_2026);
		sigv_finish(&v[i]);
	}
	assert_true(pdfv_summarize(&r, v, &d));
	assert_int_equal(d.worst, SIGW_VALID);
	assert_true(d.all_passed);
	pdfv_summary_free(&d);

	/* a timestamp whose structure is an attack */
	s[2].klass = PDF_SIG_ATTACK;
	sigv_add_finding(&v[2], SIGW_ATTACK, SIGS_SIG_CONSTRAINTS_FAILURE, NULL);
	sigv_finish(&v[2]);
	assert_true(pdfv_summarize(&r, v, &d));
	assert_int_equal(d.counted, 3);
	assert_int_equal(d.worst, SIGW_ATTACK);
	assert_false(d.all_passed);
	pdfv_summary_free(&d);
	for (int i = 0; i < 3; i++)
		sigv_free(&v[i]);
}

/*
 * Which document timestamp proves a signature's existence: a valid one of a
 * later revision whose first range covers all of the signature's bytes,
 * the earliest genTime not after the validation time.
 */
static void
test_document_poe(void **state)
{
	PdfSigReport r;
	PdfSignature s[3];
	SigVerdict	v[3];
	const int64_t t1 = AT_2026 - 86400 * 30,
				t2 = AT_2026 - 86400 * 10;

	(void) state;
	memset(&r, 0, sizeof(r));
	memset(s, 0, sizeof(s));
	r.signatures = s;
	r.signature_count = 3;
	/* signature 1 in revision 1, its bytes [0, 1000) */
	s[0].byte_range_ok = true;
	s[0].revision = 1;
	s[0].signed_end = 1000;
	/* two document timestamps of revisions 2 and 3 over everything before */
	for (int i = 1; i < 3; i++)
	{
		s[i].is_doc_timestamp = true;
		s[i].byte_range_ok = true;
		s[i].revision = i + 1;
		s[i].byte_range[0] = 0;
		s[i].byte_range[1] = 1000 + 500 * i;
	}
	for (int i = 0; i < 3; i++)
		sigv_init(&v[i], AT_2026);
	v[1].has_claimed_signing_time = v[2].has_claimed_signing_time = true;
	v[1].claimed_signing_time = t2;
	v[2].claimed_signing_time = t1;
	for (int i = 0; i < 3; i++)
		sigv_finish(&v[i]);

	/* both cover it: the earliest genTime wins */
	assert_ptr_equal(pdfv_document_poe(&r, v, 0, AT_2026), &v[2]);
	/* a document timestamp is not proven by another */
	assert_null(pdfv_document_poe(&r, v, 1, AT_2026));
	/* a genTime after the validation time proves nothing at it */
	assert_ptr_equal(pdfv_document_poe(&r, v, 0, t1 + 1), &v[2]);
	assert_null(pdfv_document_poe(&r, v, 0, t1 - 1));
	/* one that stops short of the signature's bytes does not cover it */
	s[2].byte_range[1] = 999;
	assert_ptr_equal(pdfv_document_poe(&r, v, 0, AT_2026), &v[1]);
	/* one that is not valid proves nothing */
	sigv_add_finding(&v[1], SIGW_UNTRUSTED, SIGS_NO_CERTIFICATE_CHAIN_FOUND, NULL);
	sigv_finish(&v[1]);
	assert_null(pdfv_document_poe(&r, v, 0, AT_2026));
	/* nor one of an earlier revision, nor for an unusable /ByteRange */
	s[2].byte_range[1] = 2000;
	s[2].revision = 1;
	assert_null(pdfv_document_poe(&r, v, 0, AT_2026));
	s[2].revision = 3;
	assert_ptr_equal(pdfv_document_poe(&r, v, 0, AT_2026), &v[2]);
	s[0].byte_range_ok = false;
	assert_null(pdfv_document_poe(&r, v, 0, AT_2026));
	for (int i = 0; i < 3; i++)
		sigv_free(&v[i]);
}

int
main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_structure_mapping),
		cmocka_unit_test(test_summary),
		cmocka_unit_test(test_document_poe),
		cmocka_unit_test(test_valid_and_untrusted),
		cmocka_unit_test(test_tampered),
		cmocka_unit_test(test_appended_comment),
		cmocka_unit_test(test_not_verified),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
