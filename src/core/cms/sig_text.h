/*
 * sig_text.h
 *	  Text that a signature verifier reports is always valid UTF-8: names
 *	  and strings read from a PDF or a certificate become text here, their
 *	  bytes that are not UTF-8 escaped so that nothing is lost and nothing
 *	  breaks the database's encoding (issue 14 item 4: one byte of Latin-1
 *	  in a /SubFilter made verify_pdf fail with 22021).
 *
 * Two escapes, each reversible and printable:
 *	  - text (strings, messages): a byte that does not start a valid UTF-8
 *		sequence (RFC 3629: no overlong forms, no surrogates, nothing above
 *		U+10FFFF), and NUL, becomes the four characters \xNN (upper-case
 *		hex); a backslash itself stays as it is;
 *	  - PDF names (ISO 32000-1 7.3.5): the name's bytes as UTF-8 where they
 *		are valid and printable, and #xx (two hex digits, as a name is
 *		written in a PDF file) for '#', white space, the delimiters
 *		()<>[]{}/%, control characters and every byte that is not part of
 *		valid UTF-8.
 * PDF text strings (PDFDocEncoding, or UTF-16BE with a byte order mark)
 * are converted to UTF-8 by qpdf; what comes out of it is checked here.
 *
 * A leaf: plain C, no PostgreSQL header, no call into another file.
 * Allocating functions return NULL only when out of memory.
 */
#ifndef DOSSIER_SIG_TEXT_H
#define DOSSIER_SIG_TEXT_H

#include <stdbool.h>
#include <stddef.h>

/* Whether s[0, len) is valid UTF-8 without NUL. */
extern bool sigt_utf8_valid(const char *s, size_t len);

/* A malloc'd copy of s[0, len) with the text escape applied. */
extern char *sigt_utf8_escape(const char *s, size_t len);

/*
 * Make the malloc'd string *p valid (the text escape) when it is not,
 * replacing it; NULL stays NULL.  False only when out of memory (*p is
 * then freed and set to NULL).
 */
extern bool sigt_utf8_fix(char **p);

/*
 * Make the NUL-terminated contents of buf (size bytes) valid in place: the
 * text escape, cut at a character boundary to fit.
 */
extern void sigt_utf8_fix_buf(char *buf, size_t size);

/* A malloc'd text of the PDF name name[0, len) (without its slash). */
extern char *sigt_pdf_name(const char *name, size_t len);

#endif							/* DOSSIER_SIG_TEXT_H */
