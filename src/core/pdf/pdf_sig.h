/*
 * pdf_sig.h
 *	  The structure of the signatures of a PDF, without any cryptography:
 *	  which signature dictionaries there are, what bytes each one signs, how
 *	  much of the file that covers, and what was changed after it.
 *
 * pdf_sig_analyze reads a PDF held in memory with qpdf (never a hand-written
 * object parser) and returns one PdfSignature per signature dictionary, in
 * revision order.  Byte-level checks that qpdf does not do (revision
 * boundaries, the /ByteRange gap being exactly this dictionary's /Contents
 * string) are in pdf_bytes.c; the comparison of the signed revision with the
 * final document is in pdf_diff.c.  docs/reference/pdf/pdf_structure.md explains
 * the classes, the defences and where they come from.
 *
 * The CMS itself is not looked at beyond the outer DER length: the caller
 * hands contents/contents_len and the two byte ranges to the CMS verifier.
 *
 * Unlike the identifier parsers this allocates (qpdf does): a report is
 * released with pdf_sig_report_free.  No PostgreSQL header is included.
 */
#ifndef DOSSIER_PDF_SIG_H
#define DOSSIER_PDF_SIG_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "core/common/parse_error.h"

/* Largest PDF analysed, in bytes; larger inputs are refused before parsing. */
#define PDF_SIG_MAX_INPUT		((size_t) 256 * 1024 * 1024)
/* Most signature dictionaries analysed in one document. */
#define PDF_SIG_MAX_SIGNATURES	64
/* Most indirect objects visited when walking one document. */
#define PDF_SIG_MAX_OBJECTS		200000
/* Most findings kept per signature or per document. */
#define PDF_SIG_MAX_FINDINGS	32

/* Structural verdict, in increasing order of precedence. */
typedef enum PdfSigClass
{
	PDF_SIG_OK = 0,				/* nothing wrong in the structure */
	PDF_SIG_ATTACK,				/* well-formed, but coverage or later changes
								 * are illegitimate */
	PDF_SIG_MALFORMED			/* /ByteRange or /Contents unusable */
} PdfSigClass;

/* How much of the file the signed byte ranges cover. */
typedef enum PdfSigCoverage
{
	PDF_COVERAGE_ENTIRE_FILE = 0,	/* the second range ends at end of file */
	PDF_COVERAGE_ENTIRE_REVISION,	/* it ends just after a %%EOF line */
	PDF_COVERAGE_UNCLEAR		/* anything else, or unusable ranges */
} PdfSigCoverage;

/* What was changed after the signed revision, in increasing order. */
typedef enum PdfModLevel
{
	PDF_MOD_NONE = 0,
	PDF_MOD_SIGNATURES_ONLY,	/* new signatures, DSS/VRI, doc timestamps */
	PDF_MOD_FORM_FILLING,		/* form field values and their appearances */
	PDF_MOD_ANNOTATIONS,		/* annotations added, changed or removed */
	PDF_MOD_OTHER				/* anything else: content, pages, catalog... */
} PdfModLevel;

/* The /SubFilter of a signature dictionary. */
typedef enum PdfSubFilter
{
	PDF_SUBFILTER_MISSING = 0,
	PDF_SUBFILTER_PKCS7_DETACHED,	/* adbe.pkcs7.detached */
	PDF_SUBFILTER_CADES_DETACHED,	/* ETSI.CAdES.detached */
	PDF_SUBFILTER_RFC3161,		/* ETSI.RFC3161 (document timestamp) */
	PDF_SUBFILTER_UNSUPPORTED	/* anything else, e.g. adbe.pkcs7.sha1 */
} PdfSubFilter;

/*
 * The fields a signature locks (FieldMDP, ISO 32000-1 §12.8.2.4): the
 * FieldMDP transform of its /Reference, else its field's /Lock dictionary
 * (§12.7.4.5).
 */
typedef enum PdfLockAction
{
	PDF_LOCK_NONE = 0,			/* no FieldMDP */
	PDF_LOCK_ALL,				/* every field */
	PDF_LOCK_INCLUDE,			/* the fields named in /Fields */
	PDF_LOCK_EXCLUDE			/* every field but those named */
} PdfLockAction;

/* Most field names of a FieldMDP /Fields array kept. */
#define PDF_SIG_MAX_LOCK_FIELDS 256

/* One signature dictionary. Strings are malloc'd UTF-8, NULL when absent. */
typedef struct PdfSignature
{
	char	   *field_name;		/* fully qualified (a.b.c); NULL when the
								 * dictionary is not a field's /V */
	char	   *filter;			/* /Filter without the slash */
	char	   *subfilter;		/* /SubFilter without the slash */
	PdfSubFilter subfilter_kind;
	char	   *signing_time;	/* /M as written (claimed, not trusted) */
	int			object_id;		/* the dictionary's object number, 0 if direct */

	int64_t		byte_range[4];	/* valid when byte_range_count == 4 */
	int			byte_range_count;	/* numbers found in /ByteRange, -1 when
									 * missing or not an array */
	bool		byte_range_ok;	/* four numbers describing two ranges around
								 * a gap, inside the file */
	bool		ranges_inside;	/* four numbers naming two ranges inside the
								 * file, even when !byte_range_ok: bytes the
								 * CMS can be checked against */
	uint64_t	signed_end;		/* end of the second range (when ok) */
	uint64_t	trailing_bytes;	/* bytes after signed_end (the whole file
								 * when the ranges are unusable) */

	const uint8_t *contents;	/* the CMS DER (owned by the report) */
	size_t		contents_len;	/* DER length from the outer ASN.1 header */
	size_t		contents_padded_len;	/* length of the /Contents string */

	int			revision;		/* 1-based revision the dictionary was added in */
	PdfSigCoverage coverage;
	PdfModLevel modification;	/* changes after signed_end */
	bool		is_certification;	/* the DocMDP signature of the document */
	bool		is_doc_timestamp;	/* /Type /DocTimeStamp or ETSI.RFC3161 */
	int			docmdp_p;		/* DocMDP /P in force (1-3), 0 when none */
	bool		docmdp_respected;	/* later changes within docmdp_p (true when
									 * no DocMDP) */
	PdfLockAction lock_action;
	int			n_lock_fields;
	char	  **lock_fields;	/* fully qualified names of /Fields */
	bool		fieldmdp_respected;	/* no locked field's value changed later
									 * (true when nothing is locked) */
	PdfSigClass klass;
	bool		attack_found;	/* an attack finding, also when the class is
								 * malformed: a format failure never hides
								 * an attack (issue 14 item 2) */
	int			n_findings;
	char	   *findings[PDF_SIG_MAX_FINDINGS];	/* short English sentences */
} PdfSignature;

/* The analysis of one document. */
typedef struct PdfSigReport
{
	int			revision_count;	/* %%EOF-terminated revisions */
	int			signature_count;
	PdfSignature *signatures;	/* signature_count of them, revision order */
	bool		last_covers_file;	/* the last signature signs the whole file */
	uint64_t	unsigned_trailing_bytes;	/* bytes after the last signature's
											 * range (the whole file if none) */
	PdfSigClass klass;			/* worst class of the signatures */
	int			n_findings;
	char	   *findings[PDF_SIG_MAX_FINDINGS];	/* document-level findings */
} PdfSigReport;

/*
 * Analyse the signatures of the PDF in [pdf, pdf + len).  Returns NULL and
 * fills *err when the input is not a PDF qpdf can read (or is too large);
 * otherwise a report, possibly with zero signatures.  pdf must stay valid
 * only during the call.
 */
extern PdfSigReport *pdf_sig_analyze(const uint8_t *pdf, size_t len, ParseError *err);

/* Release a report and everything it points to; NULL is allowed. */
extern void pdf_sig_report_free(PdfSigReport *report);

/* Lower-case English names of the enums, for messages and SQL. */
extern const char *pdf_sig_class_name(PdfSigClass c);
extern const char *pdf_sig_coverage_name(PdfSigCoverage c);
extern const char *pdf_mod_level_name(PdfModLevel m);

#endif							/* DOSSIER_PDF_SIG_H */
