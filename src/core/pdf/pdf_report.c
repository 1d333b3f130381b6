/*
 * pdf_report.c
 *	  What every file behind pdf_sig.h writes a report with: findings, the
 *	  English names of the report's enums, and its release.
 *
 * The bottom of the PDF files: it calls none of them, so that the reader
 * of signature dictionaries (pdf_sigdict.c), the comparison of revisions
 * (pdf_diff.c) and the analysis (pdf_sig.c) can all record findings
 * without depending on one another.  No PostgreSQL header is included.
 */
#include "core/pdf/pdf_internal.h"
#include "core/cms/sig_text.h"

#include <assert.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

/* Append a printf-style finding to list (at most PDF_SIG_MAX_FINDINGS). */
void
pdf_add_finding(char **list, int *n, const char *fmt,...)
{
	char		buf[256];
	va_list		ap;

	assert(list != NULL && *n >= 0 && *n <= PDF_SIG_MAX_FINDINGS);
	if (*n >= PDF_SIG_MAX_FINDINGS)
		return;
	va_start(ap, fmt);
	vsnprintf(buf, sizeof(buf), fmt, ap);
	va_end(ap);
	sigt_utf8_fix_buf(buf, sizeof(buf));	/* a cut character, a qpdf message */
	if ((list[*n] = strdup(buf)) != NULL)
		(*n)++;
}

/* Lower-case name of a class: ok, attack, malformed. */
const char *
pdf_sig_class_name(PdfSigClass c)
{
	switch (c)
	{
		case PDF_SIG_OK:
			return "ok";
		case PDF_SIG_ATTACK:
			return "attack";
		case PDF_SIG_MALFORMED:
			return "malformed";
	}
	return "?";
}

/* Lower-case name of a coverage: entire_file, entire_revision, unclear. */
const char *
pdf_sig_coverage_name(PdfSigCoverage c)
{
	switch (c)
	{
		case PDF_COVERAGE_ENTIRE_FILE:
			return "entire_file";
		case PDF_COVERAGE_ENTIRE_REVISION:
			return "entire_revision";
		case PDF_COVERAGE_UNCLEAR:
			return "unclear";
	}
	return "?";
}

/* Lower-case name of a modification level: none ... other. */
const char *
pdf_mod_level_name(PdfModLevel m)
{
	switch (m)
	{
		case PDF_MOD_NONE:
			return "none";
		case PDF_MOD_SIGNATURES_ONLY:
			return "signatures_only";
		case PDF_MOD_FORM_FILLING:
			return "form_filling";
		case PDF_MOD_ANNOTATIONS:
			return "annotations";
		case PDF_MOD_OTHER:
			return "other";
	}
	return "?";
}

/* Release a report and everything it points to. */
void
pdf_sig_report_free(PdfSigReport *r)
{
	if (r == NULL)
		return;
	for (int i = 0; i < r->signature_count; i++)
	{
		PdfSignature *s = &r->signatures[i];

		free(s->field_name);
		free(s->filter);
		free(s->subfilter);
		free(s->signing_time);
		free((void *) s->contents);
		for (int k = 0; k < s->n_lock_fields; k++)
			free(s->lock_fields[k]);
		free(s->lock_fields);
		for (int k = 0; k < s->n_findings; k++)
			free(s->findings[k]);
	}
	free(r->signatures);
	for (int k = 0; k < r->n_findings; k++)
		free(r->findings[k]);
	free(r);
}
