/*
 * test_pdf_generated.c
 *	  cmocka tests of the PDF signature structure layer on the corpus that
 *	  test/fixtures/gen/make_pdf.sh writes at test time (openssl and qpdf
 *	  CLIs only): coverage, changes after signing, DocMDP, FieldMDP, the CMS
 *	  handed over, and every truncation of a signed file.
 *
 * Paths are relative to the top of the checkout, where make unit runs the
 * tests.
 */
#include "pdf_sig_testutil.h"

#include <openssl/bio.h>
#include <openssl/cms.h>

/* Directory of the generated corpus (group setup). */
static char gen_dir[64];

/* Run make_pdf.sh into a fresh temporary directory. */
static int
setup_generated(void **state)
{
	return test_generate(gen_dir, sizeof(gen_dir), "test/fixtures/gen/make_pdf.sh");
}

/* Remove the generated corpus. */
static int
teardown_generated(void **state)
{
	return test_generated_remove(gen_dir);
}

static const FileWant generated[] = {
	{"signed.pdf", 1, PDF_SIG_OK, {{COV_FILE, PDF_MOD_NONE, PDF_SIG_OK}}},
	/* a changed byte in the signed range is the CMS layer's to find */
	{"tampered.pdf", 1, PDF_SIG_OK, {{COV_FILE, PDF_MOD_NONE, PDF_SIG_OK}}},
	{"two-sigs.pdf", 2, PDF_SIG_OK,
	{{COV_REV, PDF_MOD_SIGNATURES_ONLY, PDF_SIG_OK}, {COV_FILE, PDF_MOD_NONE, PDF_SIG_OK}}},
	/* a second signer's font in the AcroForm is signing; a changed one is not */
	{"two-sigs-dr.pdf", 2, PDF_SIG_OK,
	{{COV_REV, PDF_MOD_SIGNATURES_ONLY, PDF_SIG_OK}, {COV_FILE, PDF_MOD_NONE, PDF_SIG_OK}}},
	{"two-sigs-dr-changed.pdf", 2, PDF_SIG_OK,
	{{COV_REV, PDF_MOD_FORM_FILLING, PDF_SIG_OK}, {COV_FILE, PDF_MOD_NONE, PDF_SIG_OK}}},
	{"content-changed.pdf", 1, PDF_SIG_ATTACK, {{COV_REV, PDF_MOD_OTHER, PDF_SIG_ATTACK}}},
	{"annot-added.pdf", 1, PDF_SIG_OK, {{COV_REV, PDF_MOD_ANNOTATIONS, PDF_SIG_OK}}},
	{"certified-p1-annot.pdf", 1, PDF_SIG_ATTACK,
	{{COV_REV, PDF_MOD_ANNOTATIONS, PDF_SIG_ATTACK}}},
	{"form-filled.pdf", 1, PDF_SIG_OK, {{COV_REV, PDF_MOD_FORM_FILLING, PDF_SIG_OK}}},
	{"form-ap-replaced.pdf", 1, PDF_SIG_ATTACK, {{COV_REV, PDF_MOD_OTHER, PDF_SIG_ATTACK}}},
	{"form-ap-swapped.pdf", 1, PDF_SIG_ATTACK, {{COV_REV, PDF_MOD_OTHER, PDF_SIG_ATTACK}}},
	{"certified-p2-form.pdf", 1, PDF_SIG_OK, {{COV_REV, PDF_MOD_FORM_FILLING, PDF_SIG_OK}}},
	{"fieldmdp-locked.pdf", 1, PDF_SIG_ATTACK, {{COV_REV, PDF_MOD_FORM_FILLING, PDF_SIG_ATTACK}}},
	{"fieldmdp-other.pdf", 1, PDF_SIG_OK, {{COV_REV, PDF_MOD_FORM_FILLING, PDF_SIG_OK}}},
	{"fieldmdp-exclude.pdf", 1, PDF_SIG_OK, {{COV_REV, PDF_MOD_FORM_FILLING, PDF_SIG_OK}}},
	{"fieldmdp-all.pdf", 1, PDF_SIG_ATTACK, {{COV_REV, PDF_MOD_FORM_FILLING, PDF_SIG_ATTACK}}},
	{"field-lock-all.pdf", 1, PDF_SIG_ATTACK, {{COV_REV, PDF_MOD_FORM_FILLING, PDF_SIG_ATTACK}}},
	{"fieldmdp-value-object.pdf", 1, PDF_SIG_ATTACK, {{COV_REV, PDF_MOD_FORM_FILLING, PDF_SIG_ATTACK}}},
	{"br-not-zero.pdf", 1, PDF_SIG_MALFORMED, {{COV_UNCLEAR, -1, PDF_SIG_MALFORMED}}},
	{"br-overlap.pdf", 1, PDF_SIG_MALFORMED, {{COV_UNCLEAR, -1, PDF_SIG_MALFORMED}}},
	{"br-past-eof.pdf", 1, PDF_SIG_MALFORMED, {{COV_UNCLEAR, -1, PDF_SIG_MALFORMED}}},
	{"contents-missing.pdf", 1, PDF_SIG_MALFORMED, {{COV_FILE, PDF_MOD_NONE, PDF_SIG_MALFORMED}}},
	{"wrapping.pdf", 1, PDF_SIG_ATTACK, {{COV_FILE, PDF_MOD_NONE, PDF_SIG_ATTACK}}},
	{"gap-too-big.pdf", 1, PDF_SIG_ATTACK, {{COV_FILE, PDF_MOD_NONE, PDF_SIG_ATTACK}}},
};

/* Every generated PDF shows the structure it was built with. */
static void
test_generated(void **state)
{
	static const struct
	{
		const char *file;
		const char *finding;
	}			why[] = {
		{"br-not-zero.pdf", "start at offset 0"},
		{"br-overlap.pdf", "overlap"},
		{"br-past-eof.pdf", "past the end"},
		{"contents-missing.pdf", "/Contents is missing"},
		{"wrapping.pdf", "signature wrapping"},
		{"gap-too-big.pdf", "larger than the /Contents"},
		{"content-changed.pdf", "page content"},
		{"certified-p1-annot.pdf", "DocMDP /P 1"},
		{"form-ap-replaced.pdf", "without its field's value"},
		{"form-ap-swapped.pdf", "appearance without its value"},
		{"fieldmdp-locked.pdf", "\"Amount\" was changed after signing"},
		{"fieldmdp-all.pdf", "FieldMDP locks it"},
		{"field-lock-all.pdf", "FieldMDP locks it"},
		{"fieldmdp-value-object.pdf", "\"Amount\" was changed after signing"},
	};

	for (size_t i = 0; i < sizeof(generated) / sizeof(generated[0]); i++)
	{
		char		path[256];
		PdfSigReport *r;

		snprintf(path, sizeof(path), "%s/%s", gen_dir, generated[i].path);
		r = analyse_file(path);
		check_report(generated[i].path, r, &generated[i]);
		for (size_t k = 0; k < sizeof(why) / sizeof(why[0]); k++)
			if (strcmp(why[k].file, generated[i].path) == 0 &&
				!has_finding(&r->signatures[0], why[k].finding))
				fail_msg("%s: no finding mentions \"%s\"", why[k].file, why[k].finding);
		pdf_sig_report_free(r);
	}
}

/* DocMDP: the certification level and whether later changes respect it. */
static void
test_generated_docmdp(void **state)
{
	static const struct
	{
		const char *file;
		int			p;
		bool		respected;
	}			cases[] = {
		{"certified-p1-annot.pdf", 1, false},
		{"certified-p2-form.pdf", 2, true},
		{"form-filled.pdf", 0, true},
	};

	for (size_t i = 0; i < sizeof(cases) / sizeof(cases[0]); i++)
	{
		char		path[256];
		PdfSigReport *r;

		snprintf(path, sizeof(path), "%s/%s", gen_dir, cases[i].file);
		r = analyse_file(path);
		assert_int_equal(r->signatures[0].is_certification, cases[i].p != 0);
		assert_int_equal(r->signatures[0].docmdp_p, cases[i].p);
		assert_int_equal(r->signatures[0].docmdp_respected, cases[i].respected);
		pdf_sig_report_free(r);
	}
}

/* FieldMDP: what a signature locks, and whether later changes respect it. */
static void
test_generated_fieldmdp(void **state)
{
	static const struct
	{
		const char *file;
		PdfLockAction action;
		const char *first_field;	/* NULL: no /Fields */
		bool		respected;
	}			cases[] = {
		{"fieldmdp-locked.pdf", PDF_LOCK_INCLUDE, "Amount", false},
		{"fieldmdp-other.pdf", PDF_LOCK_INCLUDE, "Note", true},
		{"fieldmdp-exclude.pdf", PDF_LOCK_EXCLUDE, "Amount", true},
		{"fieldmdp-all.pdf", PDF_LOCK_ALL, NULL, false},
		{"field-lock-all.pdf", PDF_LOCK_ALL, NULL, false},
		{"fieldmdp-value-object.pdf", PDF_LOCK_INCLUDE, "Amount", false},
		{"form-filled.pdf", PDF_LOCK_NONE, NULL, true},
		{"two-sigs.pdf", PDF_LOCK_NONE, NULL, true},
	};

	for (size_t i = 0; i < sizeof(cases) / sizeof(cases[0]); i++)
	{
		char		path[256];
		PdfSigReport *r;
		const PdfSignature *s;

		snprintf(path, sizeof(path), "%s/%s", gen_dir, cases[i].file);
		r = analyse_file(path);
		s = &r->signatures[0];
		assert_int_equal(s->lock_action, cases[i].action);
		if (cases[i].first_field)
		{
			assert_int_equal(s->n_lock_fields, 1);
			assert_string_equal(s->lock_fields[0], cases[i].first_field);
		}
		else
			assert_int_equal(s->n_lock_fields, 0);
		if (s->fieldmdp_respected != cases[i].respected)
			fail_msg("%s: fieldmdp_respected is %d", cases[i].file, s->fieldmdp_respected);
		pdf_sig_report_free(r);
	}
}

/*
 * Verify the CMS of a signature over its byte ranges with OpenSSL (no
 * chain): what the CMS layer will do with what this layer hands over.
 */
static bool
cms_matches(const uint8_t *pdf, const PdfSignature *s)
{
	const unsigned char *p = s->contents;
	CMS_ContentInfo *cms = d2i_CMS_ContentInfo(NULL, &p, (long) s->contents_len);
	BIO		   *data = BIO_new(BIO_s_mem());
	bool		ok;

	assert_non_null(cms);
	assert_int_equal(p - s->contents, (long) s->contents_len);	/* exact DER */
	BIO_write(data, pdf, (int) s->byte_range[1]);
	BIO_write(data, pdf + s->byte_range[2], (int) s->byte_range[3]);
	ok = CMS_verify(cms, NULL, NULL, data, NULL, CMS_BINARY | CMS_NO_SIGNER_CERT_VERIFY) == 1;
	BIO_free(data);
	CMS_ContentInfo_free(cms);
	return ok;
}

/* The ranges and DER handed over verify; a tampered byte does not. */
static void
test_generated_cms(void **state)
{
	static const struct
	{
		const char *file;
		int			sig;
		bool		matches;
	}			cases[] = {
		{"signed.pdf", 0, true},
		{"tampered.pdf", 0, false},
		{"two-sigs.pdf", 0, true},
		{"two-sigs.pdf", 1, true},
		{"content-changed.pdf", 0, true},	/* intact, yet an attack */
		{"wrapping.pdf", 0, false},	/* the real CMS sits in the decoy */
	};

	for (size_t i = 0; i < sizeof(cases) / sizeof(cases[0]); i++)
	{
		char		path[256];
		size_t		len;
		uint8_t    *buf;
		ParseError	err = {{0}, NULL};
		PdfSigReport *r;

		snprintf(path, sizeof(path), "%s/%s", gen_dir, cases[i].file);
		buf = test_slurp(&len, "%s", path);
		r = pdf_sig_analyze(buf, len, &err);
		assert_non_null(r);
		if (cms_matches(buf, &r->signatures[cases[i].sig]) != cases[i].matches)
			fail_msg("%s sig%d: CMS %s", cases[i].file, cases[i].sig + 1,
					 cases[i].matches ? "does not verify" : "verifies");
		pdf_sig_report_free(r);
		free(buf);
	}
}

/* Names and strings that are not UTF-8 as written come out as text (issue 14 item 4). */
static void
test_generated_text(void **state)
{
	static const struct
	{
		const char *file;
		const char *field;
		const char *subfilter;
	}			cases[] = {
		/* a Latin-1 byte in a name: the PDF name escape */
		{"subfilter-byte.pdf", "Signature1", "adbe.pkcs7.#E9etached"},
		/* UTF-16BE converted by qpdf (a lone surrogate dropped) */
		{"field-utf16.pdf", "Ch\xe1\xbb\xaf k\xc3\xbd", "adbe.pkcs7.detached"},
		/* UTF-8 with its byte order mark and a byte 0xFF: the text escape */
		{"field-utf8-bad.pdf", "Ch\xe1\xbb\xaf \\xFFk\xc3\xbd", "adbe.pkcs7.detached"},
	};

	for (size_t i = 0; i < sizeof(cases) / sizeof(cases[0]); i++)
	{
		char		path[128];
		PdfSigReport *r;

		snprintf(path, sizeof(path), "%s/%s", gen_dir, cases[i].file);
		r = analyse_file(path);
		assert_int_equal(r->signature_count, 1);
		assert_string_equal(r->signatures[0].field_name, cases[i].field);
		assert_string_equal(r->signatures[0].subfilter, cases[i].subfilter);
		pdf_sig_report_free(r);
	}
}

/* ---- hostile input -------------------------------------------------------- */

/* Random bytes and every truncation of a signed file. */
static void
test_garbage_and_truncation(void **state)
{
	char		path[256];
	size_t		len;
	uint8_t    *buf;
	uint8_t		rnd[4096];
	uint32_t	x = 12345;

	for (int round = 0; round < 20; round++)
	{
		for (size_t i = 0; i < sizeof(rnd); i++)
		{
			x = x * 1103515245u + 12345u;
			rnd[i] = (uint8_t) (x >> 16);
		}
		if (round % 2)
			memcpy(rnd, "%PDF-1.7\n", 9);
		survive(rnd, sizeof(rnd));
	}
	snprintf(path, sizeof(path), "%s/two-sigs.pdf", gen_dir);
	buf = test_slurp(&len, "%s", path);
	for (size_t cut = 0; cut < len; cut += len / 97 + 1)
		survive(buf, cut);
	/* one byte flipped at many places */
	for (size_t at = 0; at < len; at += len / 61 + 1)
	{
		buf[at] ^= 0x55;
		survive(buf, len);
		buf[at] ^= 0x55;
	}
	free(buf);
}

int
main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_generated),
		cmocka_unit_test(test_generated_docmdp),
		cmocka_unit_test(test_generated_fieldmdp),
		cmocka_unit_test(test_generated_cms),
		cmocka_unit_test(test_generated_text),
		cmocka_unit_test(test_garbage_and_truncation),
	};

	return cmocka_run_group_tests(tests, setup_generated, teardown_generated);
}
