/*
 * pdf_internal.h
 *	  What the files behind pdf_sig.h share: findings (pdf_report.c), qpdf
 *	  object access (pdf_object.c), the reading of a signature dictionary
 *	  (pdf_sigdict.c), the walk of a document's object graph (pdf_walk.c:
 *	  which indirect objects are reachable, and in which roles), and the
 *	  comparison of a signed revision with the final document (pdf_diff.c).
 *	  Not a public API.
 *
 * The files call one another one way only: pdf_report.c and pdf_object.c
 * at the bottom, then pdf_walk.c and pdf_sigdict.c, then pdf_diff.c, and
 * pdf_sig.c, which runs the analysis, on top.
 */
#ifndef DOSSIER_PDF_INTERNAL_H
#define DOSSIER_PDF_INTERNAL_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include <qpdf/qpdf-c.h>

#include "core/pdf/pdf_sig.h"

/*
 * Dictionary access that never asks qpdf for a key of a non-dictionary
 * (which qpdf reports as an error the caller would have to clear).  A
 * stream's dictionary is used for a stream; anything else gives null.
 */
static inline qpdf_oh
pdf_get(qpdf_data q, qpdf_oh d, const char *key)
{
	if (qpdf_oh_is_stream(q, d))
		return qpdf_oh_get_key(q, qpdf_oh_get_dict(q, d), key);
	if (qpdf_oh_is_dictionary(q, d))
		return qpdf_oh_get_key(q, d, key);
	return qpdf_oh_new_null(q);
}

/* Whether dictionary (or stream dictionary) d has key; false otherwise. */
static inline bool
pdf_has(qpdf_data q, qpdf_oh d, const char *key)
{
	if (qpdf_oh_is_stream(q, d))
		return qpdf_oh_has_key(q, qpdf_oh_get_dict(q, d), key);
	return qpdf_oh_is_dictionary(q, d) && qpdf_oh_has_key(q, d, key);
}

/* ---- pdf_sigdict.c ---- */

/*
 * Read the signature dictionary sd into *s (zeroed first): the qualified
 * name of field when from_field (a finding saying there is no field
 * otherwise), /Filter, /SubFilter, /Type, /M, DocMDP, FieldMDP (or the
 * field's /Lock), /ByteRange and a copy of /Contents.  False only when out of memory.
 */
extern bool pdf_read_sigdict(qpdf_data q, qpdf_oh sd, qpdf_oh field, bool from_field,
							 PdfSignature *s);

/* ---- pdf_report.c ---- */

/* Append a printf-style finding to list (at most PDF_SIG_MAX_FINDINGS). */
extern void pdf_add_finding(char **list, int *n, const char *fmt,...)
			__attribute__((format(printf, 3, 4)));

/* ---- pdf_object.c ---- */

/* Clear qpdf's pending errors and release the document. */
extern void pdf_close(qpdf_data *q);

/* The name value of key in dict, without its slash, into buf; "" if none. */
extern const char *pdf_dict_name(qpdf_data q, qpdf_oh dict, const char *key,
								 char *buf, size_t buflen);

/* Inherited /FT of a field: "Sig", "Tx"... or NULL; follows /Parent. */
extern const char *pdf_field_type(qpdf_data q, qpdf_oh field, char *buf, size_t buflen);

/* malloc'd UTF-8 of a string object (cut at a NUL inside), or NULL. */
extern char *pdf_string_utf8(qpdf_data q, qpdf_oh v);

/*
 * Fully qualified name of a field (ISO 32000-1 §12.7.3.2): its /T and its
 * parents', dot-joined; malloc'd, NULL when none has a /T.
 */
extern char *pdf_field_fqn(qpdf_data q, qpdf_oh field);

/* ---- pdf_walk.c ---- */

/*
 * Roles in which an indirect object is reachable from the trailer.  An
 * object reached along several paths has several bits.
 */
typedef enum PdfRole
{
	PDF_ROLE_CATALOG = 1u << 0,
	PDF_ROLE_INFO = 1u << 1,	/* trailer /Info */
	PDF_ROLE_PAGES = 1u << 2,	/* a /Pages node */
	PDF_ROLE_PAGE = 1u << 3,
	PDF_ROLE_ANNOTS = 1u << 4,	/* a page's /Annots array */
	PDF_ROLE_ANNOT = 1u << 5,	/* an annotation (not its appearance) */
	PDF_ROLE_ANNOT_AP = 1u << 6,	/* appearance of a non-widget annotation */
	PDF_ROLE_WIDGET_AP = 1u << 7,	/* appearance of a form field widget */
	PDF_ROLE_ACROFORM = 1u << 8,
	PDF_ROLE_FIELDS = 1u << 9,	/* the /Fields or /Kids array */
	PDF_ROLE_FIELD = 1u << 10,	/* a form field or widget */
	PDF_ROLE_FIELD_VALUE = 1u << 11,	/* below a non-signature field */
	PDF_ROLE_FORM_RES = 1u << 12,	/* AcroForm /DR, /DA... */
	PDF_ROLE_SIGVALUE = 1u << 13,	/* a signature dictionary and below */
	PDF_ROLE_DSS = 1u << 14,	/* document security store and below */
	PDF_ROLE_METADATA = 1u << 15,	/* catalog /Metadata (XMP) */
	PDF_ROLE_CONTENT = 1u << 16,	/* page contents, resources and below */
	PDF_ROLE_OTHER = 1u << 17	/* anything else */
} PdfRole;

/* One reachable indirect object. */
typedef struct PdfWalkEntry
{
	int			id;
	int			gen;
	uint32_t	roles;			/* PdfRole bits */
	bool		sig_like;		/* a dictionary that looks like a signature */
	int			owner_id;		/* WIDGET_AP, FIELD_VALUE: the field or widget
								 * whose /AP or value reached it first (0 if
								 * none) */
	int			owner_gen;
} PdfWalkEntry;

/* The reachable indirect objects of one document. */
typedef struct PdfWalk
{
	PdfWalkEntry *entries;
	size_t		n;
	size_t		cap;
	size_t	   *table;			/* open addressing: index + 1, 0 = empty */
	size_t		table_size;
	int			root_id;		/* trailer /Root, 0 when not indirect */
	int			root_gen;
	bool		truncated;		/* stopped at PDF_SIG_MAX_OBJECTS */
} PdfWalk;

/* Walk the graph of q from its trailer; false when out of memory. */
extern bool pdf_walk(qpdf_data q, PdfWalk *w);
extern void pdf_walk_free(PdfWalk *w);

/* The entry for (id, gen), or NULL. */
extern const PdfWalkEntry *pdf_walk_find(const PdfWalk *w, int id, int gen);

/* ---- pdf_diff.c ---- */

/* Most changed fields a comparison names. */
#define PDF_DIFF_MAX_FIELDS 256

/* The fields whose value a comparison found changed. */
typedef struct PdfFieldChanges
{
	int			n;
	char	   *names[PDF_DIFF_MAX_FIELDS];	/* fully qualified, malloc'd */
	bool		unnamed;		/* a changed field has no name */
	bool		truncated;		/* more than PDF_DIFF_MAX_FIELDS */
	bool		oom;
} PdfFieldChanges;

/*
 * Classify what changed between the signed revision (q_old, walked as
 * w_old) and the full document (q_new, walked as w_new).  Findings go to
 * list/n; the fields whose /V changed (signature fields too) to *fields
 * (zeroed first; release with pdf_field_changes_free).  Releases all object
 * handles of both documents.
 */
extern PdfModLevel pdf_diff(qpdf_data q_old, const PdfWalk *w_old,
							qpdf_data q_new, const PdfWalk *w_new,
							char **list, int *n, PdfFieldChanges *fields);
extern void pdf_field_changes_free(PdfFieldChanges *fields);

#endif							/* DOSSIER_PDF_INTERNAL_H */
