/*
 * pdf_bytes.h
 *	  Byte-level checks of a signed PDF that an object parser cannot make:
 *	  the header, revision boundaries, the shape of a /ByteRange, the gap
 *	  between its two ranges, the coverage it gives, and the exact DER length
 *	  inside a zero-padded /Contents.
 *
 * Nothing here parses PDF objects (qpdf does, in pdf_sig.c); these functions
 * only look at raw bytes and at values qpdf already extracted.  Pure
 * functions, no allocation.
 */
#ifndef DOSSIER_PDF_BYTES_H
#define DOSSIER_PDF_BYTES_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "core/common/parse_error.h"
#include "core/pdf/pdf_sig.h"

/* Bytes at the start of a file searched for "%PDF-". */
#define PDF_HEADER_WINDOW	1024

/* The end of one revision: after "%%EOF", and after its end-of-line. */
typedef struct PdfRevisionEnd
{
	size_t		eof_end;		/* offset just after "%%EOF" */
	size_t		end;			/* eof_end plus a following CR, LF or CRLF */
} PdfRevisionEnd;

/* True when "%PDF-1.x" or "%PDF-2.x" starts within the first bytes. */
extern bool pdf_bytes_has_header(const uint8_t *pdf, size_t len, ParseError *err);

/*
 * Find revision ends: a "startxref" line whose offset is positive, lies
 * before it and points at "xref" or an object, then a "%%EOF" line.  (The
 * "startxref 0" of a linearized file's first-page trailer is not a revision
 * end.)  Fills at most max entries, in file order; returns how many there
 * are in all.
 */
extern int	pdf_bytes_revisions(const uint8_t *pdf, size_t len,
								PdfRevisionEnd *ends, int max);

/*
 * Whether the /ByteRange is four numbers naming two ranges inside a file
 * of len bytes, whatever else is wrong with them (overlap, a first range
 * not at 0): bytes a verifier can digest, so that the integrity of a
 * signature whose ranges break the format is still checked.
 */
extern bool pdf_bytes_ranges_inside(const int64_t *br, int count, size_t len);

/*
 * Check the four /ByteRange numbers against a file of len bytes: the first
 * range starts at 0 and is not empty, the second starts after the first ends (with room for
 * a gap of at least "<>") and ends inside the file.  On failure, writes an
 * English sentence into why and returns false.
 */
extern bool pdf_bytes_check_ranges(const int64_t *br, int count, size_t len,
								   char *why, size_t why_len);

/* What lies in the gap between the two ranges. */
typedef enum PdfGap
{
	PDF_GAP_EXACT = 0,			/* exactly this /Contents hex string, <...> */
	PDF_GAP_EXTRA_BYTES,		/* the hex string, then more bytes (attack) */
	PDF_GAP_NOT_CONTENTS,		/* a hex string not preceded by /Contents */
	PDF_GAP_OTHER_VALUE,		/* a /Contents string with other bytes than
								 * this dictionary's (wrapping) */
	PDF_GAP_NOT_HEX				/* not a hex string at all (malformed) */
} PdfGap;

/*
 * Compare the gap of valid ranges br with the /Contents value qpdf read from
 * the signature dictionary (value, value_len: decoded bytes).
 */
extern PdfGap pdf_bytes_check_gap(const uint8_t *pdf, size_t len, const int64_t *br,
								  const uint8_t *value, size_t value_len);

/* Coverage of a signature whose second range ends at signed_end. */
extern PdfSigCoverage pdf_bytes_coverage(size_t signed_end, size_t len,
										 const PdfRevisionEnd *ends, int n);

/* 1-based revision holding offset pos: the first whose end is after it. */
extern int	pdf_bytes_revision_of(size_t pos, const PdfRevisionEnd *ends, int n);

/* How /Contents relates to the DER it should hold. */
typedef enum PdfDer
{
	PDF_DER_OK = 0,				/* one DER element, then zeros only */
	PDF_DER_NOT_DER,			/* no readable outer DER header */
	PDF_DER_TRAILING_DATA		/* non-zero bytes after the DER element */
} PdfDer;

/*
 * Length of the DER element at the start of /Contents, read from its outer
 * ASN.1 header with OpenSSL (indefinite lengths are measured by decoding the
 * CMS); *der_len is set when the result is PDF_DER_OK or TRAILING_DATA.
 */
extern PdfDer pdf_bytes_der_length(const uint8_t *value, size_t value_len,
								   size_t *der_len);

#endif							/* DOSSIER_PDF_BYTES_H */
