/*
 * test_pdf_sig.c
 *	  cmocka tests of the PDF signature structure layer (src/core/pdf_*.c):
 *	  the byte-level checks on hand-made byte strings, the third-party
 *	  fixtures with the expectations of their MANIFEST, and hostile inputs.
 *	  The corpus generated at test time is test_pdf_generated.c's.
 *
 * Paths are relative to the top of the checkout, where make unit runs the
 * tests.
 */
#include "pdf_sig_testutil.h"

#include <sys/mman.h>
#include <time.h>

#include "core/pdf/pdf_bytes.h"

#define FIX "test/fixtures/pdf/"

/* ---- byte level ----------------------------------------------------------- */

/* The header must be there, early; huge inputs are refused by size. */
static void
test_header(void **state)
{
	ParseError	err = {{0}, NULL};
	static const char junk[] = "garbage\n%PDF-1.4\n";
	char		late[1100];

	assert_true(pdf_bytes_has_header((const uint8_t *) "%PDF-1.7\n", 9, &err));
	assert_true(pdf_bytes_has_header((const uint8_t *) junk, sizeof(junk) - 1, &err));
	assert_true(pdf_bytes_has_header((const uint8_t *) "%PDF-2.0", 8, &err));
	assert_false(pdf_bytes_has_header((const uint8_t *) "%PDF-3.0\n", 9, &err));
	assert_non_null(err.hint);
	assert_false(pdf_bytes_has_header((const uint8_t *) "%PDF", 4, &err));
	assert_false(pdf_bytes_has_header((const uint8_t *) "", 0, &err));
	memset(late, ' ', sizeof(late));
	memcpy(late + 1050, "%PDF-1.7", 8);
	assert_false(pdf_bytes_has_header((const uint8_t *) late, sizeof(late), &err));
	/* refused on its length alone: nothing past the first bytes is read */
	assert_false(pdf_bytes_has_header((const uint8_t *) "%PDF-1.7\n", PDF_SIG_MAX_INPUT + 1, &err));
	assert_non_null(strstr(err.detail, "more than"));
}

/* Revision ends: startxref lines that point back at an xref. */
static void
test_revisions(void **state)
{
	static const char one[] =
		"%PDF-1.7\nxref\n0 1\ntrailer<<>>\nstartxref\n9\n%%EOF\n";
	static const char two_crlf[] =
		"%PDF-1.7\nxref\n0 1\ntrailer<<>>\nstartxref\n9\n%%EOF\r\n"
		"7 0 obj<<>>endobj\nstartxref\n49\n%%EOF";
	static const char linearized[] =
		"%PDF-1.7\n1 0 obj<<>>endobj\nstartxref\n0\n%%EOF\n"
		"xref\n0 1\nstartxref\n45\n%%EOF\n";
	static const char bogus[] =
		"%PDF-1.7\n%%EOF\nstream %%EOF startxref\n999\n%%EOF\nstartxref\n5\n%%EOF\n";
	static const char space_before_xref[] =
		"%PDF-1.7\n\nxref\n0 1\ntrailer<<>>\nstartxref\n9\n%%EOF";
	PdfRevisionEnd e[4];

	assert_int_equal(pdf_bytes_revisions((const uint8_t *) one, sizeof(one) - 1, e, 4), 1);
	assert_int_equal(e[0].eof_end, sizeof(one) - 2);
	assert_int_equal(e[0].end, sizeof(one) - 1);

	assert_int_equal(pdf_bytes_revisions((const uint8_t *) two_crlf, sizeof(two_crlf) - 1, e, 4), 2);
	assert_int_equal(e[0].end, e[0].eof_end + 2);	/* CRLF */
	assert_int_equal(e[1].eof_end, sizeof(two_crlf) - 1);
	assert_int_equal(e[1].end, e[1].eof_end);	/* no EOL at end of file */

	/* "startxref 0" of a linearized first page is not a revision end */
	assert_int_equal(pdf_bytes_revisions((const uint8_t *) linearized, sizeof(linearized) - 1, e, 4), 1);
	assert_int_equal(e[0].end, sizeof(linearized) - 1);

	/* %%EOF without startxref, offsets past or at nothing, are ignored */
	assert_int_equal(pdf_bytes_revisions((const uint8_t *) bogus, sizeof(bogus) - 1, e, 4), 0);

	/* an offset pointing at white space before "xref" is accepted */
	assert_int_equal(pdf_bytes_revisions((const uint8_t *) space_before_xref,
										 sizeof(space_before_xref) - 1, e, 4), 1);

	/* more revisions than room: counted, not written */
	assert_int_equal(pdf_bytes_revisions((const uint8_t *) two_crlf, sizeof(two_crlf) - 1, e, 1), 2);

	assert_int_equal(pdf_bytes_revision_of(0, e, 0), 1);
}

/* /ByteRange shapes. */
static void
test_ranges(void **state)
{
	static const struct
	{
		int64_t		br[4];
		int			count;
		bool		ok;
		const char *why;
	}			cases[] = {
		{{0, 100, 200, 800}, 4, true, NULL},
		{{0, 100, 102, 898}, 4, true, NULL},	/* a gap of "<>" */
		{{0, 100, 200, 800}, -1, false, "missing"},
		{{0, 100, 0, 0}, 2, false, "2 numbers"},
		{{0, 100, 200, 800}, 6, false, "6 numbers"},
		{{1, 100, 200, 799}, 4, false, "start at offset 0"},
		{{0, 0, 200, 800}, 4, false, "empty"},
		{{0, -1, 200, 800}, 4, false, "negative"},
		{{0, 100, 50, 950}, 4, false, "overlap"},
		{{0, 100, 101, 899}, 4, false, "no room"},
		{{0, 100, 200, 801}, 4, false, "past the end"},
		{{0, 100, 200, INT64_MAX}, 4, false, "past the end"},
		{{0, INT64_MAX, 200, 800}, 4, false, "past the end"},
	};

	for (size_t i = 0; i < sizeof(cases) / sizeof(cases[0]); i++)
	{
		char		why[160] = "";
		bool		ok = pdf_bytes_check_ranges(cases[i].br, cases[i].count, 1000,
												why, sizeof(why));

		if (ok != cases[i].ok)
			fail_msg("case %zu: expected %d, got %d (%s)", i, cases[i].ok, ok, why);
		if (!ok && strstr(why, cases[i].why) == NULL)
			fail_msg("case %zu: \"%s\" lacks \"%s\"", i, why, cases[i].why);
	}
}

/* The gap must be exactly this dictionary's /Contents string. */
static void
test_gap(void **state)
{
	static const uint8_t value[] = {0x30, 0x03, 0x02, 0x01, 0x05, 0x00};
	static const struct
	{
		const char *pdf;
		const char *gap;		/* the gap starts here, ends after it */
		PdfGap		want;
	}			cases[] = {
		{"<</Contents <300302010500>/X 1>>", "<300302010500>", PDF_GAP_EXACT},
		{"<</Contents\n<3003 0201\n0500>>>", "<3003 0201\n0500>", PDF_GAP_EXACT},
		{"<</Contents <30030201050>>>", "<30030201050>", PDF_GAP_EXACT},	/* odd: 0 implied */
		{"<</Contents <3 00302 010500>>>", "<3 00302 010500>", PDF_GAP_EXACT},	/* space inside a pair */
		{"<</Contents <30030201050A>>>", "<30030201050A>", PDF_GAP_OTHER_VALUE},	/* upper case */
		{"<</Contents <30030201 05 0x>>>", "<30030201 05 0x>", PDF_GAP_NOT_HEX},
		{"<</Contents <300302010500>/X 1>>", "<300302010500>/X", PDF_GAP_EXTRA_BYTES},
		{"<</Foo <300302010500>/X 1>>", "<300302010500>", PDF_GAP_NOT_CONTENTS},
		{"<</Contents <300302010501>/X 1>>", "<300302010501>", PDF_GAP_OTHER_VALUE},
		{"<</Contents <3003020105>/X 1>>", "<3003020105>", PDF_GAP_OTHER_VALUE},
		{"<</Contents <30030201050000>/X>>", "<30030201050000>", PDF_GAP_OTHER_VALUE},
		{"<</Contents (abc)/X 1>>", "(abc)", PDF_GAP_NOT_HEX},
		{"<</Contents <30zz02010500>/X>>", "<30zz02010500>", PDF_GAP_NOT_HEX},
		{"<</Contents <300302010500/X 1>>", "<300302", PDF_GAP_NOT_HEX},
	};

	for (size_t i = 0; i < sizeof(cases) / sizeof(cases[0]); i++)
	{
		const char *pdf = cases[i].pdf;
		size_t		len = strlen(pdf);
		int64_t		start = strstr(pdf, cases[i].gap) - pdf;
		int64_t		br[4] = {0, start, start + (int64_t) strlen(cases[i].gap), 0};
		PdfGap		got;

		br[3] = (int64_t) len - br[2];
		got = pdf_bytes_check_gap((const uint8_t *) pdf, len, br, value, sizeof(value));
		if (got != cases[i].want)
			fail_msg("case %zu (%s): expected %d, got %d", i, pdf, cases[i].want, got);
	}
}

/* Coverage: end of file, end of a revision (with or without EOL), else unclear. */
static void
test_coverage(void **state)
{
	PdfRevisionEnd e[2] = {{100, 102}, {300, 301}};

	assert_int_equal(pdf_bytes_coverage(400, 400, e, 2), PDF_COVERAGE_ENTIRE_FILE);
	assert_int_equal(pdf_bytes_coverage(102, 400, e, 2), PDF_COVERAGE_ENTIRE_REVISION);
	assert_int_equal(pdf_bytes_coverage(100, 400, e, 2), PDF_COVERAGE_ENTIRE_REVISION);
	assert_int_equal(pdf_bytes_coverage(301, 400, e, 2), PDF_COVERAGE_ENTIRE_REVISION);
	assert_int_equal(pdf_bytes_coverage(99, 400, e, 2), PDF_COVERAGE_UNCLEAR);
	assert_int_equal(pdf_bytes_coverage(103, 400, e, 2), PDF_COVERAGE_UNCLEAR);
	assert_int_equal(pdf_bytes_coverage(350, 400, e, 2), PDF_COVERAGE_UNCLEAR);
	assert_int_equal(pdf_bytes_revision_of(50, e, 2), 1);
	assert_int_equal(pdf_bytes_revision_of(100, e, 2), 2);
	assert_int_equal(pdf_bytes_revision_of(350, e, 2), 3);
}

/* The DER length comes from the outer header; padding must be zeros. */
static void
test_der_length(void **state)
{
	static const uint8_t padded[] = {0x30, 0x03, 0x02, 0x01, 0x05, 0, 0, 0};
	static const uint8_t trailing[] = {0x30, 0x03, 0x02, 0x01, 0x05, 0, 7, 0};
	static const uint8_t long_form[] = {0x30, 0x81, 0x03, 0x02, 0x01, 0x05, 0};
	static const uint8_t too_long[] = {0x30, 0x82, 0x10, 0x00, 0x02, 0x01, 0x05};
	static const uint8_t zeros[] = {0, 0, 0, 0};
	static const uint8_t indefinite[] = {0x30, 0x80, 0x02, 0x01, 0x05, 0, 0};
	size_t		n = 0;

	assert_int_equal(pdf_bytes_der_length(padded, sizeof(padded), &n), PDF_DER_OK);
	assert_int_equal(n, 5);
	assert_int_equal(pdf_bytes_der_length(trailing, sizeof(trailing), &n), PDF_DER_TRAILING_DATA);
	assert_int_equal(n, 5);
	assert_int_equal(pdf_bytes_der_length(long_form, sizeof(long_form), &n), PDF_DER_OK);
	assert_int_equal(n, 6);
	assert_int_equal(pdf_bytes_der_length(too_long, sizeof(too_long), &n), PDF_DER_NOT_DER);
	assert_int_equal(pdf_bytes_der_length(zeros, sizeof(zeros), &n), PDF_DER_NOT_DER);
	assert_int_equal(pdf_bytes_der_length(zeros, 0, &n), PDF_DER_NOT_DER);
	/* indefinite length that is not a CMS: cannot be measured */
	assert_int_equal(pdf_bytes_der_length(indefinite, sizeof(indefinite), &n), PDF_DER_NOT_DER);
}

/* ---- third-party fixtures ------------------------------------------------- */


/*
 * The MANIFEST.tsv expectations, structural part.  Files whose MANIFEST
 * verdict is about the CMS or trust (expired, untrusted, a malformed CMS)
 * must come out structurally ok with the stated coverage.
 */
static const FileWant fixtures[] = {
	/* pyHanko */
	{"pyhanko/pades-with-old-style-signing-cert-attr.pdf", 1, PDF_SIG_OK,
	{{COV_FILE, PDF_MOD_NONE, PDF_SIG_OK}}},
	{"pyhanko/sig-no-signed-attrs.pdf", 1, PDF_SIG_OK, {{COV_FILE, PDF_MOD_NONE, PDF_SIG_OK}}},
	{"pyhanko/sig-with-ski-sid.pdf", 1, PDF_SIG_OK, {{COV_FILE, PDF_MOD_NONE, PDF_SIG_OK}}},
	{"pyhanko/pdf-sig-with-econtent.pdf", 1, PDF_SIG_OK, {{COV_FILE, PDF_MOD_NONE, PDF_SIG_OK}}},
	{"pyhanko/certified-with-indirect-refs-in-dir.pdf", 1, PDF_SIG_OK,
	{{COV_FILE, PDF_MOD_NONE, PDF_SIG_OK}}},
	{"pyhanko/coverage-anomalies/tail-uncovered.pdf", 1, PDF_SIG_ATTACK,
	{{COV_UNCLEAR, -1, PDF_SIG_ATTACK}}},
	{"pyhanko/coverage-anomalies/signature-gap-too-big.pdf", 1, PDF_SIG_ATTACK,
	{{COV_UNCLEAR, -1, PDF_SIG_ATTACK}}},
	{"pyhanko/coverage-anomalies/one-byterange.pdf", 1, PDF_SIG_MALFORMED,
	{{COV_UNCLEAR, -1, PDF_SIG_MALFORMED}}},
	{"pyhanko/coverage-anomalies/weird-byterange.pdf", 1, PDF_SIG_MALFORMED,
	{{COV_UNCLEAR, -1, PDF_SIG_MALFORMED}}},
	{"pyhanko/minimal-signed-twice-second-created.pdf", 2, PDF_SIG_OK,
	{{COV_REV, MOD_SIGNING, PDF_SIG_OK}, {COV_FILE, PDF_MOD_NONE, PDF_SIG_OK}}},
	{"pyhanko/form-update-override-appearance-stream.pdf", 2, PDF_SIG_OK,
	{{COV_REV, MOD_SIGNING, PDF_SIG_OK}, {COV_FILE, PDF_MOD_NONE, PDF_SIG_OK}}},
	{"pyhanko/form-update-override-appearance-stream-sneaky.pdf", 2, PDF_SIG_ATTACK,
	{{COV_REV, PDF_MOD_OTHER, PDF_SIG_ATTACK}, {COV_FILE, PDF_MOD_NONE, PDF_SIG_OK}}},
	/* DSS */
	{"esig-dss/shadow-hide.pdf", 1, PDF_SIG_ATTACK, {{COV_REV, PDF_MOD_OTHER, PDF_SIG_ATTACK}}},
	{"esig-dss/shadow-replace.pdf", 1, PDF_SIG_ATTACK, {{COV_REV, PDF_MOD_OTHER, PDF_SIG_ATTACK}}},
	{"esig-dss/added-page-after-signing.pdf", 1, PDF_SIG_ATTACK,
	{{COV_REV, PDF_MOD_OTHER, PDF_SIG_ATTACK}}},
	{"esig-dss/removed-pages-after-signing.pdf", 1, PDF_SIG_ATTACK,
	{{COV_REV, PDF_MOD_OTHER, PDF_SIG_ATTACK}}},
	{"esig-dss/spoofing-replaced-reason.pdf", 1, PDF_SIG_ATTACK,
	{{COV_REV, PDF_MOD_OTHER, PDF_SIG_ATTACK}}},
	{"esig-dss/spoofing-attack.pdf", 1, PDF_SIG_ATTACK, {{COV_REV, PDF_MOD_OTHER, PDF_SIG_ATTACK}}},
	{"esig-dss/byterange-overlap.pdf", 2, PDF_SIG_MALFORMED,
	{{COV_REV, PDF_MOD_SIGNATURES_ONLY, PDF_SIG_OK}, {COV_FILE, PDF_MOD_NONE, PDF_SIG_MALFORMED}}},
	{"esig-dss/bad-encoded-cms.pdf", 1, PDF_SIG_OK, {{COV_FILE, PDF_MOD_NONE, PDF_SIG_OK}}},
	{"esig-dss/double-signer-info.pdf", 1, PDF_SIG_OK, {{COV_FILE, PDF_MOD_NONE, PDF_SIG_OK}}},
	{"esig-dss/annotation-added-after-signing.pdf", 1, PDF_SIG_OK,
	{{COV_REV, PDF_MOD_ANNOTATIONS, PDF_SIG_OK}}},
	{"esig-dss/pkcs7-no-signed-attrs.pdf", 1, PDF_SIG_OK, {{COV_FILE, PDF_MOD_NONE, PDF_SIG_OK}}},
	{"esig-dss/pades-bes.pdf", 1, PDF_SIG_OK, {{COV_FILE, PDF_MOD_NONE, PDF_SIG_OK}}},
	/* node-signpdf */
	{"node-signpdf/signed-once.pdf", 1, PDF_SIG_OK, {{COV_FILE, PDF_MOD_NONE, PDF_SIG_OK}}},
	{"node-signpdf/signed-twice.pdf", 2, PDF_SIG_OK,
	{{COV_REV, PDF_MOD_SIGNATURES_ONLY, PDF_SIG_OK}, {COV_FILE, PDF_MOD_NONE, PDF_SIG_OK}}},
	{"node-signpdf/incrementally_signed.pdf", 1, PDF_SIG_OK, {{COV_FILE, PDF_MOD_NONE, PDF_SIG_OK}}},
};


/* Every third-party fixture shows what its MANIFEST states. */
static void
test_fixtures(void **state)
{
	for (size_t i = 0; i < sizeof(fixtures) / sizeof(fixtures[0]); i++)
	{
		char		path[256];
		PdfSigReport *r;

		snprintf(path, sizeof(path), FIX "%s", fixtures[i].path);
		r = analyse_file(path);
		check_report(fixtures[i].path, r, &fixtures[i]);
		pdf_sig_report_free(r);
	}
}

/* Details of single fixtures: names, subfilters, DER, DocMDP, trailing bytes. */
static void
test_fixture_details(void **state)
{
	PdfSigReport *r;
	const PdfSignature *s;

	r = analyse_file(FIX "pyhanko/certified-with-indirect-refs-in-dir.pdf");
	s = &r->signatures[0];
	assert_true(s->is_certification);
	assert_int_equal(s->docmdp_p, 1);
	assert_true(s->docmdp_respected);
	assert_string_equal(s->field_name, "Sig1");
	assert_string_equal(s->filter, "Adobe.PPKLite");
	assert_int_equal(s->subfilter_kind, PDF_SUBFILTER_PKCS7_DETACHED);
	assert_int_equal(r->revision_count, 2);
	assert_int_equal(r->unsigned_trailing_bytes, 0);
	assert_int_equal(s->trailing_bytes, 0);
	assert_true(r->last_covers_file);
	/* the DER is shorter than the zero-padded string and starts a SEQUENCE */
	assert_true(s->contents_len < s->contents_padded_len);
	assert_int_equal(s->contents[0], 0x30);
	assert_int_equal(s->byte_range[0], 0);
	assert_int_equal(s->byte_range[1], 1187);
	assert_int_equal(s->byte_range[2], 12535);
	assert_int_equal(s->byte_range[3], 676);
	pdf_sig_report_free(r);

	r = analyse_file(FIX "esig-dss/pades-bes.pdf");
	s = &r->signatures[0];
	assert_int_equal(s->subfilter_kind, PDF_SUBFILTER_CADES_DETACHED);
	assert_non_null(s->signing_time);
	assert_int_equal(strncmp(s->signing_time, "D:2024", 6), 0);
	assert_int_equal(s->docmdp_p, 0);
	pdf_sig_report_free(r);

	r = analyse_file(FIX "esig-dss/shadow-hide.pdf");
	assert_int_equal(r->revision_count, 3);
	assert_int_equal(r->signatures[0].revision, 2);
	assert_int_equal(r->unsigned_trailing_bytes, 1182);
	assert_int_equal(r->signatures[0].trailing_bytes, 1182);
	assert_false(r->last_covers_file);
	assert_true(has_finding(&r->signatures[0], "page content"));
	pdf_sig_report_free(r);

	r = analyse_file(FIX "esig-dss/spoofing-replaced-reason.pdf");
	assert_true(has_finding(&r->signatures[0], "signature dictionary"));
	pdf_sig_report_free(r);

	r = analyse_file(FIX "esig-dss/shadow-replace.pdf");
	assert_true(has_finding(&r->signatures[0], "appearance without its value"));
	pdf_sig_report_free(r);

	r = analyse_file(FIX "pyhanko/coverage-anomalies/signature-gap-too-big.pdf");
	assert_true(has_finding(&r->signatures[0], "larger than the /Contents"));
	pdf_sig_report_free(r);

	r = analyse_file(FIX "esig-dss/removed-pages-after-signing.pdf");
	assert_true(has_finding(&r->signatures[0], "page tree"));
	pdf_sig_report_free(r);
}


/* ---- hostile input -------------------------------------------------------- */

/* 1 GB of zeros is refused at once, without reading it. */
static void
test_huge_input(void **state)
{
	size_t		len = (size_t) 1 << 30;
	uint8_t    *zeros = mmap(NULL, len, PROT_READ, MAP_PRIVATE | MAP_ANONYMOUS | MAP_NORESERVE, -1, 0);
	ParseError	err = {{0}, NULL};
	clock_t		t0 = clock();

	assert_true(zeros != MAP_FAILED);
	assert_null(pdf_sig_analyze(zeros, len, &err));
	assert_non_null(strstr(err.detail, "more than"));
	/* a header on the first page does not change that */
	assert_null(pdf_sig_analyze(zeros, PDF_SIG_MAX_INPUT - 1, &err));
	assert_true((double) (clock() - t0) / CLOCKS_PER_SEC < 2.0);
	munmap(zeros, len);
}

/* Deep nesting, an xref loop, a self-referencing field tree. */
static void
test_hostile_structure(void **state)
{
	size_t		depth = 20000;
	char	   *deep = malloc(depth * 2 + 200);
	size_t		n;
	static const char loop[] =
		"%PDF-1.7\n1 0 obj<</Type/Catalog/Pages 2 0 R/AcroForm<</Fields[3 0 R]>>>>endobj\n"
		"2 0 obj<</Type/Pages/Kids[]/Count 0>>endobj\n"
		"3 0 obj<</FT/Sig/T(a)/Kids[3 0 R]/Parent 3 0 R/V<</ByteRange[0 1 2 3]>>>>endobj\n"
		"xref\n0 4\n0000000000 65535 f \n0000000009 00000 n \n0000000087 00000 n \n"
		"0000000131 00000 n \ntrailer<</Size 4/Root 1 0 R/Prev 216>>\nstartxref\n216\n%%EOF\n";
	ParseError	err = {{0}, NULL};
	PdfSigReport *r;

	assert_non_null(deep);
	n = (size_t) sprintf(deep, "%%PDF-1.7\n1 0 obj\n");
	for (size_t i = 0; i < depth; i++)
		deep[n++] = '[';
	for (size_t i = 0; i < depth; i++)
		deep[n++] = ']';
	n += (size_t) sprintf(deep + n, "\nendobj\ntrailer<</Root 1 0 R>>\n%%%%EOF\n");
	survive((const uint8_t *) deep, n);
	free(deep);

	r = pdf_sig_analyze((const uint8_t *) loop, sizeof(loop) - 1, &err);
	if (r != NULL)
	{
		assert_true(r->signature_count <= 1);
		if (r->signature_count == 1)
			assert_int_equal(r->signatures[0].klass, PDF_SIG_MALFORMED);
	}
	pdf_sig_report_free(r);
	survive((const uint8_t *) "%PDF-1.7\n", 9);
}

int
main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_header),
		cmocka_unit_test(test_revisions),
		cmocka_unit_test(test_ranges),
		cmocka_unit_test(test_gap),
		cmocka_unit_test(test_coverage),
		cmocka_unit_test(test_der_length),
		cmocka_unit_test(test_fixtures),
		cmocka_unit_test(test_fixture_details),
		cmocka_unit_test(test_huge_input),
		cmocka_unit_test(test_hostile_structure),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
