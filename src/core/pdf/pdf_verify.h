/*
 * pdf_verify.h
 *	  Verification of the signatures of a PDF: the structural layer
 *	  (pdf_sig.h) combined with the CMS verifier (cms_verify.h) into one
 *	  SigVerdict per signature, and a document verdict over all of them.
 *
 * The caller analyses the file once with pdf_sig_analyze, then asks for each
 * signature's verdict and for the document summary:
 *
 *	  PdfSigReport *r = pdf_sig_analyze(pdf, len, &err);
 *	  SigVerdict   v[r->signature_count];
 *	  pdfv_verify_document(store, pdf, len, r, at, true, v);
 *	  pdfv_summarize(r, v, &summary);
 *	  ... sigv_free(&v[i]); pdfv_summary_free(&summary); pdf_sig_report_free(r);
 *
 * The rules (docs/reference/cms/signatures.md, "verify_pdf"):
 *	  - a signature whose structure is malformed (a /ByteRange that breaks
 *		the rules, a gap that is not a hex string...) gets a malformed,
 *		FORMAT_FAILURE finding with the structural findings as its message,
 *		and is still handed to the CMS verifier when its two ranges lie
 *		inside the file and it has a /Contents, so that its integrity,
 *		trust and attack findings are computed too and a tampered content
 *		or an attack wins by the precedence (issue 14 item 2); without
 *		usable ranges or /Contents it is not verified;
 *	  - a document timestamp (ETSI.RFC3161 or /Type /DocTimeStamp) goes to
 *		cmsv_verify_timestamp with its two byte ranges, as a signature goes
 *		to cmsv_verify below: the token's messageImprint, signature and TSA
 *		(chain, critical EKU timeStamping); its genTime is the verdict's
 *		claimed_signing_time;
 *	  - a signature with an unsupported or missing /SubFilter is not
 *		verified: indeterminate, FORMAT_FAILURE, with a finding saying so
 *		(an attack in its structure still wins by the precedence);
 *	  - a valid document timestamp of a later revision that covers a
 *		signature is a proof of existence for it (pdfv_verify_document):
 *		the signature's expiry or revocation after its genTime does not
 *		count, as with a signature timestamp (cms_verify.h);
 *	  - every other signature goes to cmsv_verify with its two byte ranges as
 *		segments and a SigStructure built from the PdfSignature; a structural
 *		attack becomes its attack finding (ranked below tampered, above
 *		malformed and every trust finding), and the structural findings of
 *		a sound signature become warnings.
 * The document verdict is the worst verdict word of all the signatures,
 * document timestamps included; all_passed says every one is TOTAL_PASSED.
 *
 * Plain C, no PostgreSQL header; allocates (OpenSSL and qpdf do).
 */
#ifndef DOSSIER_PDF_VERIFY_H
#define DOSSIER_PDF_VERIFY_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "core/cms/cms_verify.h"
#include "core/pdf/pdf_sig.h"
#include "core/cms/sig_verdict.h"

/* Most findings of a document summary. */
#define PDFV_MAX_FINDINGS (PDF_SIG_MAX_FINDINGS + 4)

/* The verdict over a whole document. */
typedef struct PdfDocSummary
{
	int			signature_count;	/* every signature dictionary, timestamps too */
	int			revision_count;
	int			counted;		/* signatures that decide the document verdict */
	bool		all_passed;		/* counted > 0 and all of them TOTAL_PASSED */
	bool		last_covers_file;
	uint64_t	unsigned_trailing_bytes;
	bool		has_worst;		/* false when there is no signature at all */
	SigWord		worst;			/* worst word of the counted signatures (of
								 * all, when none counts) */
	int			n_findings;
	char	   *findings[PDFV_MAX_FINDINGS];	/* document-level sentences */
} PdfDocSummary;

/*
 * Fill *out from a structural signature.  reason (of size reason_size)
 * receives the structural findings joined into one message; out->attack is
 * set for the attack class and out->attack_reason then points to reason.
 */
extern void pdfv_structure(const PdfSignature *s, SigStructure *out,
						   char *reason, size_t reason_size);

/* Whether a signature counts in the document verdict (all do now). */
extern bool pdfv_counts(const PdfSignature *s);

/*
 * The finished verdict of one signature of the PDF [pdf, pdf + len) that
 * pdf_sig_analyze reported as s, at the instant at (Unix seconds).  False
 * only when out of memory; *out must be released with sigv_free either way.
 */
extern bool pdfv_verify_signature(X509vStore *st, const uint8_t *pdf, size_t len,
								  const PdfSignature *s, int64_t at,
								  bool require_revocation, SigVerdict *out);

/*
 * The verdicts of all r->signature_count signatures into v[] (in the
 * report's order), as pdfv_verify_signature gives them, except that the
 * document timestamps are verified first and a valid one is a proof of
 * existence for every earlier signature it covers (pdfv_document_poe; PAdES
 * B-LTA, ETSI EN 319 102-1 5.5): it counts as a signature timestamp would
 * (cms_verify.h, CmsvInput.has_poe).  False only when out of memory; every
 * v[i] must be released with sigv_free either way.
 */
extern bool pdfv_verify_document(X509vStore *st, const uint8_t *pdf, size_t len,
								 const PdfSigReport *r, int64_t at,
								 bool require_revocation, SigVerdict *v);

/*
 * The verdict, among v (of r's signatures, document timestamps verified),
 * of the valid document timestamp of a later revision that covers all of
 * signature i's bytes with the earliest genTime not after at; NULL when
 * there is none.
 */
extern const SigVerdict *pdfv_document_poe(const PdfSigReport *r, const SigVerdict *v,
										   int i, int64_t at);

/*
 * The document summary from the report and the verdicts of its
 * r->signature_count signatures (in the report's order).  False only when
 * out of memory; release with pdfv_summary_free.
 */
extern bool pdfv_summarize(const PdfSigReport *r, const SigVerdict *v, PdfDocSummary *out);

/* Release a summary's strings. */
extern void pdfv_summary_free(PdfDocSummary *s);

#endif							/* DOSSIER_PDF_VERIFY_H */
