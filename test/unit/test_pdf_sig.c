/*
 * test_pdf_sig.c
 *	  cmocka tests of the PDF signature structure layer (src/core/pdf_*.c):
 *	  the byte-level checks on hand-made byte strings, the third-party
 *	  fixtures with the expectations of their MANIFEST, a corpus generated at
 *	  test time by test/fixtures/gen/make_pdf.sh, and hostile inputs.
 *
 * Paths are relative to the top of the checkout, where make unit runs the
 * tests.
 */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/mman.h>
#include <time.h>
#include <cmocka.h>

#include <openssl/bio.h>
#include <openssl/cms.h>

#include "pdf_bytes.h"
#include "pdf_sig.h"

#define FIX "test/fixtures/pdf/"

/* Directory of the generated corpus (group setup). */
static char gen_dir[64];

/* Read a whole file into a malloc'd buffer. */
static uint8_t *
slurp(const char *path, size_t *len)
{
	FILE	   *f = fopen(path, "rb");
	uint8_t    *buf;
	long		n;

	if (f == NULL)
		fail_msg("cannot open %s", path);
	fseek(f, 0, SEEK_END);
	n = ftell(f);
	fseek(f, 0, SEEK_SET);
	buf = malloc(n > 0 ? n : 1);
	assert_non_null(buf);
	assert_int_equal(fread(buf, 1, n, f), (size_t) n);
	fclose(f);
	*len = (size_t) n;
	return buf;
}

/* Analyse a file; fail the test when it is refused. */
static PdfSigReport *
analyse_file(const char *path)
{
	size_t		len;
	uint8_t    *buf = slurp(path, &len);
	ParseError	err = {{0}, NULL};
	PdfSigReport *r = pdf_sig_analyze(buf, len, &err);

	free(buf);
	if (r == NULL)
		fail_msg("%s refused: %s", path, err.detail);
	return r;
}

/* True when some finding of s contains needle. */
static bool
has_finding(const PdfSignature *s, const char *needle)
{
	for (int i = 0; i < s->n_findings; i++)
		if (strstr(s->findings[i], needle) != NULL)
			return true;
	return false;
}

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
 * What a signature of a fixture must show.  mod -1: not checked; MOD_SIGNING:
 * signatures_only or form_filling, for pyHanko's FORM_FILLING, a level that
 * also counts filling in a signature field (here signatures_only).
 */
#define MOD_SIGNING (-2)
typedef struct SigWant
{
	PdfSigCoverage cov;
	int			mod;
	PdfSigClass klass;
} SigWant;

typedef struct FileWant
{
	const char *path;
	int			n;
	PdfSigClass klass;			/* document class */
	SigWant		sig[2];
} FileWant;

#define COV_FILE PDF_COVERAGE_ENTIRE_FILE
#define COV_REV PDF_COVERAGE_ENTIRE_REVISION
#define COV_UNCLEAR PDF_COVERAGE_UNCLEAR

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

/* Check one report against its expectation. */
static void
check_report(const char *name, const PdfSigReport *r, const FileWant *w)
{
	if (r->signature_count != w->n)
		fail_msg("%s: %d signatures, expected %d", name, r->signature_count, w->n);
	for (int i = 0; i < w->n; i++)
	{
		const PdfSignature *s = &r->signatures[i];
		const SigWant *sw = &w->sig[i];

		if (s->coverage != sw->cov)
			fail_msg("%s sig%d: coverage %s, expected %s", name, i + 1,
					 pdf_sig_coverage_name(s->coverage), pdf_sig_coverage_name(sw->cov));
		if (sw->mod == MOD_SIGNING &&
			s->modification != PDF_MOD_SIGNATURES_ONLY && s->modification != PDF_MOD_FORM_FILLING)
			fail_msg("%s sig%d: modification %s, expected signatures_only or form_filling",
					 name, i + 1, pdf_mod_level_name(s->modification));
		if (sw->mod >= 0 && (int) s->modification != sw->mod)
			fail_msg("%s sig%d: modification %s, expected %s", name, i + 1,
					 pdf_mod_level_name(s->modification), pdf_mod_level_name(sw->mod));
		if (s->klass != sw->klass)
			fail_msg("%s sig%d: class %s, expected %s (%s)", name, i + 1,
					 pdf_sig_class_name(s->klass), pdf_sig_class_name(sw->klass),
					 s->n_findings ? s->findings[0] : "no finding");
		if (s->klass != PDF_SIG_OK && s->n_findings == 0)
			fail_msg("%s sig%d: not ok, but no finding says why", name, i + 1);
		if (i > 0 && s->revision < r->signatures[i - 1].revision)
			fail_msg("%s: signatures out of revision order", name);
	}
	if (r->klass != w->klass)
		fail_msg("%s: document class %s, expected %s", name,
				 pdf_sig_class_name(r->klass), pdf_sig_class_name(w->klass));
	if (w->n > 0)
		assert_int_equal(r->last_covers_file,
						 r->signatures[w->n - 1].coverage == PDF_COVERAGE_ENTIRE_FILE &&
						 r->signatures[w->n - 1].byte_range_ok);
}

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

/* ---- generated corpus ----------------------------------------------------- */

/* Run make_pdf.sh into a fresh temporary directory. */
static int
setup_generated(void **state)
{
	char		cmd[256];

	snprintf(gen_dir, sizeof(gen_dir), "/tmp/dossier-pdf.XXXXXX");
	if (mkdtemp(gen_dir) == NULL)
		return -1;
	snprintf(cmd, sizeof(cmd), "bash test/fixtures/gen/make_pdf.sh %s", gen_dir);
	return system(cmd) == 0 ? 0 : -1;
}

/* Remove the generated corpus. */
static int
teardown_generated(void **state)
{
	char		cmd[256];

	if (gen_dir[0] == '\0')
		return 0;
	snprintf(cmd, sizeof(cmd), "rm -rf %s", gen_dir);
	return system(cmd) == 0 ? 0 : -1;
}

static const FileWant generated[] = {
	{"signed.pdf", 1, PDF_SIG_OK, {{COV_FILE, PDF_MOD_NONE, PDF_SIG_OK}}},
	/* a changed byte in the signed range is the CMS layer's to find */
	{"tampered.pdf", 1, PDF_SIG_OK, {{COV_FILE, PDF_MOD_NONE, PDF_SIG_OK}}},
	{"two-sigs.pdf", 2, PDF_SIG_OK,
	{{COV_REV, PDF_MOD_SIGNATURES_ONLY, PDF_SIG_OK}, {COV_FILE, PDF_MOD_NONE, PDF_SIG_OK}}},
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
		buf = slurp(path, &len);
		r = pdf_sig_analyze(buf, len, &err);
		assert_non_null(r);
		if (cms_matches(buf, &r->signatures[cases[i].sig]) != cases[i].matches)
			fail_msg("%s sig%d: CMS %s", cases[i].file, cases[i].sig + 1,
					 cases[i].matches ? "does not verify" : "verifies");
		pdf_sig_report_free(r);
		free(buf);
	}
}

/* ---- hostile input -------------------------------------------------------- */

/* Analyse bytes; either a report or an error with detail and hint. */
static void
survive(const uint8_t *buf, size_t len)
{
	ParseError	err = {{0}, NULL};
	PdfSigReport *r = pdf_sig_analyze(buf, len, &err);

	if (r == NULL)
	{
		assert_non_null(err.hint);
		assert_true(strlen(err.detail) > 0);
	}
	pdf_sig_report_free(r);
}

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
	buf = slurp(path, &len);
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
		cmocka_unit_test(test_generated),
		cmocka_unit_test(test_generated_docmdp),
		cmocka_unit_test(test_generated_fieldmdp),
		cmocka_unit_test(test_generated_cms),
		cmocka_unit_test(test_garbage_and_truncation),
		cmocka_unit_test(test_huge_input),
		cmocka_unit_test(test_hostile_structure),
	};

	return cmocka_run_group_tests(tests, setup_generated, teardown_generated);
}
