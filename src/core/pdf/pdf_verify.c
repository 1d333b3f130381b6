/*
 * pdf_verify.c
 *	  The signatures of a PDF verified: structure (pdf_sig.c) and CMS
 *	  (cms_verify.c) combined by the precedence of sig_verdict.c, and the
 *	  document verdict.
 *
 * See pdf_verify.h for the rules.  Nothing here parses PDF or CMS: this
 * file only maps a PdfSignature to a SigStructure, decides which signatures
 * go to the CMS verifier, and folds the verdicts into a document summary.
 */
#include "core/pdf/pdf_verify.h"
#include "core/cms/sig_text.h"

#include <assert.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

/* The SigCoverage of a structural coverage. */
static SigCoverage
map_coverage(PdfSigCoverage c)
{
	switch (c)
	{
		case PDF_COVERAGE_ENTIRE_FILE:
			return SIGC_ENTIRE_FILE;
		case PDF_COVERAGE_ENTIRE_REVISION:
			return SIGC_ENTIRE_REVISION;
		default:
			return SIGC_UNCLEAR;
	}
}

/* The SigModLevel of a structural modification level. */
static SigModLevel
map_modification(PdfModLevel m)
{
	switch (m)
	{
		case PDF_MOD_NONE:
			return SIGM_NONE;
		case PDF_MOD_SIGNATURES_ONLY:
			return SIGM_SIGNATURES_ONLY;
		case PDF_MOD_FORM_FILLING:
			return SIGM_FORM_FILLING;
		case PDF_MOD_ANNOTATIONS:
			return SIGM_ANNOTATIONS;
		default:
			return SIGM_OTHER;
	}
}

/* Join a signature's findings into buf, separated by spaces. */
static void
join_findings(const PdfSignature *s, char *buf, size_t size)
{
	size_t		used = 0;

	if (size == 0)
		return;
	buf[0] = '\0';
	for (int i = 0; i < s->n_findings && used + 1 < size; i++)
	{
		int			n = snprintf(buf + used, size - used, "%s%s",
								 used > 0 ? " " : "", s->findings[i]);

		if (n < 0)
			break;
		used += (size_t) n < size - used ? (size_t) n : size - used - 1;
	}
}

/* Fill a SigStructure from a structural signature. */
void
pdfv_structure(const PdfSignature *s, SigStructure *out, char *reason, size_t reason_size)
{
	memset(out, 0, sizeof(*out));
	join_findings(s, reason, reason_size);
	/* the numbers as read: four when there are four, none otherwise */
	if (s->byte_range_count == 4)
	{
		for (int i = 0; i < 4; i++)
			out->byte_range[i] = s->byte_range[i];
		out->n_byte_range = 4;
	}
	out->coverage = map_coverage(s->coverage);
	out->modification_level = map_modification(s->modification);
	out->docmdp_permission = s->docmdp_p;
	out->docmdp_respected = s->docmdp_p > 0 ? (s->docmdp_respected ? 1 : 0) : -1;
	if (s->attack_found)
	{
		out->attack = true;
		out->attack_reason = reason_size > 0 && reason[0] != '\0' ? reason : NULL;
	}
}

/*
 * Whether a signature counts in the document verdict: every one does,
 * document timestamps included, since they are validated too.
 */
bool
pdfv_counts(const PdfSignature *s)
{
	(void) s;
	return true;
}

/* A verdict without CMS verification: structure plus one finding (msg may be NULL). */
static void
unverified(const SigStructure *st, int64_t at, SigWord word, const char *msg, SigVerdict *out)
{
	sigv_init(out, at);
	sigv_apply_structure(out, st);
	if (msg != NULL)
		sigv_add_finding(out, word, SIGS_FORMAT_FAILURE, msg);
	sigv_finish(out);
}

/* The verdict of one signature, with an outside proof of existence or not. */
static bool
verify_one(X509vStore *st, const uint8_t *pdf, size_t len, const PdfSignature *s,
		   int64_t at, bool require_revocation, const SigVerdict *poe, SigVerdict *out)
{
	SigStructure ss;
	char		reason[1024];
	char		msg[1200];
	CmsvSegment seg[2];
	CmsvInput	in;
	bool		ok;

	pdfv_structure(s, &ss, reason, sizeof(reason));

	/*
	 * A structure that breaks the format is a finding, not the end: the
	 * CMS is still checked against the ranges as long as they lie inside
	 * the file, so that a changed content or an attack is never hidden
	 * behind malformed (issue 14 item 2).
	 */
	if (s->klass == PDF_SIG_MALFORMED || !s->byte_range_ok)
	{
		ss.malformed = true;
		ss.malformed_reason = reason[0] ? reason :
			"The /ByteRange or /Contents of the signature is unusable.";
	}
	if (!s->ranges_inside || s->contents == NULL || s->contents_len == 0 ||
		(uint64_t) s->byte_range[2] + (uint64_t) s->byte_range[3] > len)
	{
		unverified(&ss, at, SIGW_MALFORMED, ss.malformed ? NULL :
				   "The /ByteRange or /Contents of the signature is unusable.", out);
		return true;
	}
	if (!s->is_doc_timestamp &&
		s->subfilter_kind != PDF_SUBFILTER_PKCS7_DETACHED &&
		s->subfilter_kind != PDF_SUBFILTER_CADES_DETACHED)
	{
		snprintf(msg, sizeof(msg),
				 "The /SubFilter %s is not supported (only adbe.pkcs7.detached and ETSI.CAdES.detached are): the signature is not verified.",
				 s->subfilter ? s->subfilter : "(missing)");
		unverified(&ss, at, SIGW_INDETERMINATE, msg, out);
		return true;
	}

	seg[0].data = pdf + s->byte_range[0];
	seg[0].len = (size_t) s->byte_range[1];
	seg[1].data = pdf + s->byte_range[2];
	seg[1].len = (size_t) s->byte_range[3];
	memset(&in, 0, sizeof(in));
	in.cms = s->contents;
	in.cms_len = s->contents_len;
	in.allow_padding = true;
	in.segments = seg;
	in.n_segments = 2;
	in.at = at;
	in.require_revocation = require_revocation;
	in.cades = s->subfilter_kind == PDF_SUBFILTER_CADES_DETACHED;
	if (poe != NULL)
	{
		in.has_poe = true;
		in.poe_time = poe->claimed_signing_time;
		in.poe_authority = poe->signer_subject;
	}
	/* a document timestamp's /Contents is an RFC 3161 token over the ranges */
	ok = s->is_doc_timestamp ? cmsv_verify_timestamp(st, &in, &ss, out)
		: cmsv_verify(st, &in, &ss, out);
	if (s->klass == PDF_SIG_OK && reason[0])
		sigv_add_warning(out, reason);
	return ok;
}

/* The verdict of one signature. */
bool
pdfv_verify_signature(X509vStore *st, const uint8_t *pdf, size_t len,
					  const PdfSignature *s, int64_t at,
					  bool require_revocation, SigVerdict *out)
{
	return verify_one(st, pdf, len, s, at, require_revocation, NULL, out);
}

/*
 * The verdict of the valid document timestamp that proves signature i
 * existed earliest, NULL when none does: a document timestamp of a later
 * revision whose first signed range starts at 0 and reaches past the end
 * of signature i's signed bytes (so it covers its ranges and its /Contents),
 * whose verdict is valid and whose genTime is not after at.
 */
const SigVerdict *
pdfv_document_poe(const PdfSigReport *r, const SigVerdict *v, int i, int64_t at)
{
	const PdfSignature *s = &r->signatures[i];
	const SigVerdict *best = NULL;

	assert(i >= 0 && i < r->signature_count);
	if (s->is_doc_timestamp || !s->byte_range_ok)
		return NULL;
	for (int j = 0; j < r->signature_count; j++)
	{
		const PdfSignature *d = &r->signatures[j];

		if (j == i || !d->is_doc_timestamp || !d->byte_range_ok ||
			d->revision <= s->revision || d->byte_range[0] != 0 ||
			(uint64_t) d->byte_range[1] < s->signed_end)
			continue;
		if (v[j].word != SIGW_VALID || !v[j].has_claimed_signing_time ||
			v[j].claimed_signing_time > at)
			continue;
		if (best == NULL || v[j].claimed_signing_time < best->claimed_signing_time)
			best = &v[j];
	}
	return best;
}

/* Every signature's verdict: document timestamps first. */
bool
pdfv_verify_document(X509vStore *st, const uint8_t *pdf, size_t len, const PdfSigReport *r,
					 int64_t at, bool require_revocation, SigVerdict *v)
{
	bool		ok = true;

	assert(r != NULL && (r->signature_count == 0 || v != NULL));
	for (int pass = 0; pass < 2; pass++)
		for (int i = 0; i < r->signature_count; i++)
		{
			const PdfSignature *s = &r->signatures[i];

			if (s->is_doc_timestamp != (pass == 0))
				continue;
			if (!verify_one(st, pdf, len, s, at, require_revocation,
							pass == 0 ? NULL : pdfv_document_poe(r, v, i, at), &v[i]))
				ok = false;
		}
	return ok;
}

static bool add_doc_finding(PdfDocSummary *d, const char *fmt,...)
			__attribute__((format(printf, 2, 3)));

/* Append a formatted document finding. */
static bool
add_doc_finding(PdfDocSummary *d, const char *fmt,...)
{
	char		buf[512];
	va_list		ap;
	char	   *s;

	assert(d->n_findings >= 0 && d->n_findings <= PDFV_MAX_FINDINGS);
	if (d->n_findings >= PDFV_MAX_FINDINGS)
		return true;
	va_start(ap, fmt);
	vsnprintf(buf, sizeof(buf), fmt, ap);
	va_end(ap);
	sigt_utf8_fix_buf(buf, sizeof(buf));
	if ((s = strdup(buf)) == NULL)
		return false;
	d->findings[d->n_findings++] = s;
	return true;
}

/* The document summary. */
bool
pdfv_summarize(const PdfSigReport *r, const SigVerdict *v, PdfDocSummary *d)
{
	bool		ok = true;

	memset(d, 0, sizeof(*d));
	d->signature_count = r->signature_count;
	d->revision_count = r->revision_count;
	d->last_covers_file = r->last_covers_file;
	d->unsigned_trailing_bytes = r->unsigned_trailing_bytes;
	d->worst = SIGW_VALID;
	d->all_passed = true;
	for (int i = 0; i < r->signature_count; i++)
	{
		if (!pdfv_counts(&r->signatures[i]))
			continue;
		d->counted++;
		d->worst = sigv_worse(d->worst, v[i].word);
		if (v[i].indication != SIGI_TOTAL_PASSED)
			d->all_passed = false;
	}
	if (d->counted == 0)
	{
		d->all_passed = false;
		for (int i = 0; i < r->signature_count; i++)
			d->worst = sigv_worse(d->worst, v[i].word);
	}
	d->has_worst = r->signature_count > 0;

	for (int i = 0; i < r->n_findings && ok; i++)
		ok = add_doc_finding(d, "%s", r->findings[i]);
	if (ok && r->signature_count == 0)
		ok = add_doc_finding(d, "The document carries no signature.");
	if (ok && r->signature_count > 0 && !r->last_covers_file)
		ok = add_doc_finding(d, "The last signature does not cover the whole file: %llu byte(s) follow it unsigned.",
							 (unsigned long long) r->unsigned_trailing_bytes);
	return ok;
}

/* Release a summary's strings. */
void
pdfv_summary_free(PdfDocSummary *d)
{
	for (int i = 0; i < d->n_findings; i++)
		free(d->findings[i]);
	memset(d, 0, sizeof(*d));
}
