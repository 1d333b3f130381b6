/*
 * pdf_sig_testutil.h
 *	  What the cmocka tests of the PDF structure layer share
 *	  (test_pdf_sig.c, test_pdf_generated.c): analysing a file, its findings,
 *	  and the structural expectation of a file.  Header-only, for
 *	  tests; every function is static inline.
 */
#ifndef DOSSIER_PDF_SIG_TESTUTIL_H
#define DOSSIER_PDF_SIG_TESTUTIL_H

#include "core/pdf/pdf_sig.h"
#include "test_util.h"

/* Analyse a file; fail the test when it is refused. */
static inline PdfSigReport *
analyse_file(const char *path)
{
	size_t		len;
	uint8_t    *buf = test_slurp(&len, "%s", path);
	ParseError	err = {{0}, NULL};
	PdfSigReport *r = pdf_sig_analyze(buf, len, &err);

	free(buf);
	if (r == NULL)
		fail_msg("%s refused: %s", path, err.detail);
	return r;
}

/* True when some finding of s contains needle. */
static inline bool
has_finding(const PdfSignature *s, const char *needle)
{
	for (int i = 0; i < s->n_findings; i++)
		if (strstr(s->findings[i], needle) != NULL)
			return true;
	return false;
}

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

/* Check one report against its expectation. */
static inline void
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

/* Analyse bytes; either a report or an error with detail and hint. */
static inline void
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

#endif							/* DOSSIER_PDF_SIG_TESTUTIL_H */
