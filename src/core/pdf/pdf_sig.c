/*
 * pdf_sig.c
 *	  The signatures of a PDF and their structure: find the signature
 *	  dictionaries with qpdf, check each one's /ByteRange and /Contents at
 *	  byte level, its coverage, what was changed after it, DocMDP, and
 *	  conclude ok / attack / malformed.  See pdf_sig.h.
 *
 * Steps of pdf_sig_analyze:
 *   1. refuse what is not a PDF (header, size) before qpdf sees it;
 *   2. open the document with qpdf (warnings collected, never printed);
 *   3. collect signature dictionaries: the /V of AcroForm fields of type
 *      /Sig, then any other reachable dictionary that looks like one (each
 *      read by pdf_sigdict.c);
 *   4. byte-level checks per signature (pdf_bytes.c);
 *   5. for a signature that covers a revision but not the file, open the
 *      signed prefix as its own document and compare (pdf_diff.c);
 *   6. DocMDP and the per-signature class.
 */
#include "core/pdf/pdf_sig.h"

#include <assert.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "core/cms/sig_text.h"
#include "core/pdf/pdf_bytes.h"
#include "core/pdf/pdf_internal.h"

static const char *const read_hint =
	"Give the complete bytes of a PDF file (qpdf must be able to read it).";

/* Most form fields visited when looking for signature fields. */
#define MAX_FIELD_NODES 4096
/* Most revision ends considered. */
#define MAX_REVISIONS 4096

/* Open buf as a PDF with qpdf, quietly; NULL and *err filled on failure. */
static qpdf_data
open_doc(const uint8_t *buf, size_t len, const char *desc, int *warnings,
		 char *first_warning, size_t fw_len, ParseError *err)
{
	qpdf_data	q = qpdf_init();

	qpdf_silence_errors(q);
	qpdf_set_suppress_warnings(q, QPDF_TRUE);
	if (qpdf_read_memory(q, desc, (const char *) buf, (unsigned long long) len, NULL) & QPDF_ERRORS)
	{
		qpdf_error	e = qpdf_get_error(q);
		const char *detail = e ? qpdf_get_error_message_detail(q, e) : NULL;

		parse_error_set(err, read_hint, "qpdf cannot read the %s: %.180s.", desc,
						detail && *detail ? detail : "unknown error");
		sigt_utf8_fix_buf(err->detail, sizeof(err->detail));
		pdf_close(&q);
		return NULL;
	}
	*warnings = 0;
	if (first_warning)
		first_warning[0] = '\0';
	while (qpdf_more_warnings(q))
	{
		qpdf_error	w = qpdf_next_warning(q);

		if (*warnings == 0 && first_warning && w)
		{
			const char *d = qpdf_get_error_message_detail(q, w);

			snprintf(first_warning, fw_len, "%s", d ? d : "");
		}
		(*warnings)++;
	}
	return q;
}

/* Work space of one analysis. */
typedef struct Analysis
{
	const uint8_t *pdf;
	size_t		len;
	qpdf_data	q;
	PdfSigReport *r;
	int			cap;
	int			field_nodes;
	int			field_ids[MAX_FIELD_NODES];	/* fields visited, by number */
	int			empty_sig_fields;
	PdfRevisionEnd *revs;
	int			n_revs;
	int			perms_docmdp_id;	/* object named by catalog /Perms /DocMDP */
	size_t	   *gap_start;		/* per signature, for ordering */
	bool		oom;
} Analysis;

/* Add the signature dictionary sd (field may be 0 when not from a field). */
static void
add_signature(Analysis *a, qpdf_oh sd, qpdf_oh field, bool from_field)
{
	qpdf_data	q = a->q;
	PdfSigReport *r = a->r;
	PdfSignature *s;
	int			id = qpdf_oh_is_indirect(q, sd) ? qpdf_oh_get_object_id(q, sd) : 0;

	if (id != 0)
		for (int i = 0; i < r->signature_count; i++)
			if (r->signatures[i].object_id == id)
				return;
	if (r->signature_count >= PDF_SIG_MAX_SIGNATURES)
	{
		if (r->signature_count == PDF_SIG_MAX_SIGNATURES)
			pdf_add_finding(r->findings, &r->n_findings,
							"Only the first %d signatures were analysed.", PDF_SIG_MAX_SIGNATURES);
		return;
	}
	if (r->signature_count == a->cap)
	{
		int			cap = a->cap ? a->cap * 2 : 4;
		PdfSignature *ns = realloc(r->signatures, (size_t) cap * sizeof(*ns));

		if (ns == NULL)
		{
			a->oom = true;
			return;
		}
		r->signatures = ns;
		a->cap = cap;
	}
	assert(r->signature_count < a->cap);
	s = &r->signatures[r->signature_count++];
	if (!pdf_read_sigdict(q, sd, field, from_field, s))
		a->oom = true;
}

/* Visit a field and its kids; add the /V of signature fields. */
static void
visit_field(Analysis *a, qpdf_oh f, int depth)
{
	qpdf_data	q = a->q;
	char		ft[32];
	qpdf_oh		kids;
	int			n;

	if (depth > 32 || a->field_nodes >= MAX_FIELD_NODES || a->oom ||
		!qpdf_oh_is_dictionary(q, f))
		return;
	if (qpdf_oh_is_indirect(q, f))
	{
		int			id = qpdf_oh_get_object_id(q, f);

		/* a field reached twice (a /Kids loop, a shared kid) counts once */
		for (int i = 0; i < a->field_nodes; i++)
			if (a->field_ids[i] == id)
				return;
		a->field_ids[a->field_nodes] = id;
	}
	a->field_nodes++;
	if (pdf_field_type(q, f, ft, sizeof(ft)) != NULL && strcmp(ft, "Sig") == 0 &&
		pdf_has(q, f, "/T"))
	{
		qpdf_oh		v = pdf_get(q, f, "/V");

		if (qpdf_oh_is_dictionary(q, v))
			add_signature(a, v, f, true);
		else
			a->empty_sig_fields++;
		qpdf_oh_release(q, v);
	}
	kids = pdf_get(q, f, "/Kids");
	n = qpdf_oh_is_array(q, kids) ? qpdf_oh_get_array_n_items(q, kids) : 0;
	for (int i = 0; i < n; i++)
	{
		qpdf_oh		k = qpdf_oh_get_array_item(q, kids, i);

		visit_field(a, k, depth + 1);
		qpdf_oh_release(q, k);
	}
	qpdf_oh_release(q, kids);
}

/* Collect the signature dictionaries of the AcroForm. */
static void
collect_field_signatures(Analysis *a)
{
	qpdf_data	q = a->q;
	qpdf_oh		root = qpdf_get_root(q);
	qpdf_oh		af = pdf_get(q, root, "/AcroForm");
	qpdf_oh		fields = pdf_get(q, af, "/Fields");
	qpdf_oh		perms = pdf_get(q, root, "/Perms");
	qpdf_oh		docmdp = pdf_get(q, perms, "/DocMDP");
	int			n = qpdf_oh_is_array(q, fields) ? qpdf_oh_get_array_n_items(q, fields) : 0;

	if (qpdf_oh_is_indirect(q, docmdp))
		a->perms_docmdp_id = qpdf_oh_get_object_id(q, docmdp);
	for (int i = 0; i < n && !a->oom; i++)
	{
		qpdf_oh		f = qpdf_oh_get_array_item(q, fields, i);

		visit_field(a, f, 0);
		qpdf_oh_release(q, f);
	}
	if (qpdf_oh_is_dictionary(q, docmdp) && !qpdf_oh_is_indirect(q, docmdp))
		add_signature(a, docmdp, 0, false);
	qpdf_oh_release_all(q);
}

/* Add reachable signature-like dictionaries that no field holds. */
static void
collect_other_signatures(Analysis *a, const PdfWalk *w)
{
	qpdf_data	q = a->q;

	for (size_t i = 0; i < w->n && !a->oom; i++)
	{
		const PdfWalkEntry *e = &w->entries[i];
		qpdf_oh		o;

		if (!e->sig_like)
			continue;
		o = qpdf_get_object_by_id(q, e->id, e->gen);
		if (qpdf_oh_is_dictionary(q, o) &&
			(pdf_has(q, o, "/ByteRange") || pdf_has(q, o, "/Contents")))
			add_signature(a, o, 0, false);
		qpdf_oh_release_all(q);
	}
}

/* Raise the class of s to at least klass; an attack is remembered as such. */
static void
raise_class(PdfSignature *s, PdfSigClass klass)
{
	if (klass == PDF_SIG_ATTACK)
		s->attack_found = true;
	if (s->klass < klass)
		s->klass = klass;
}

/* Record a finding of s and raise its class to at least klass. */
static void
flag(PdfSignature *s, PdfSigClass klass, const char *finding)
{
	pdf_add_finding(s->findings, &s->n_findings, "%s", finding);
	raise_class(s, klass);
}

/* The gap between the byte ranges must be exactly this /Contents string. */
static void
check_gap(const Analysis *a, PdfSignature *s)
{
	switch (pdf_bytes_check_gap(a->pdf, a->len, s->byte_range, s->contents,
								s->contents_padded_len))
	{
		case PDF_GAP_EXACT:
			break;
		case PDF_GAP_EXTRA_BYTES:
			flag(s, PDF_SIG_ATTACK,
				 "The gap between the byte ranges is larger than the /Contents string: unsigned bytes can be injected there.");
			break;
		case PDF_GAP_NOT_CONTENTS:
			flag(s, PDF_SIG_ATTACK,
				 "The gap between the byte ranges is a hex string that is not the value of a /Contents key.");
			break;
		case PDF_GAP_OTHER_VALUE:
			flag(s, PDF_SIG_ATTACK,
				 "The gap between the byte ranges holds another /Contents than this signature dictionary's (signature wrapping).");
			break;
		case PDF_GAP_NOT_HEX:
			flag(s, PDF_SIG_MALFORMED, "The gap between the byte ranges is not a hex string.");
			break;
	}
}

/* Byte-level checks of one signature: ranges, gap, DER, coverage. */
static void
check_bytes(Analysis *a, PdfSignature *s, size_t *gap_start)
{
	char		why[160];
	PdfDer		der;
	size_t		der_len = 0;

	*gap_start = a->len;
	s->coverage = PDF_COVERAGE_UNCLEAR;
	s->trailing_bytes = a->len;
	s->byte_range_ok = pdf_bytes_check_ranges(s->byte_range, s->byte_range_count,
											  a->len, why, sizeof(why));
	s->ranges_inside = pdf_bytes_ranges_inside(s->byte_range, s->byte_range_count, a->len);
	if (!s->byte_range_ok)
		flag(s, PDF_SIG_MALFORMED, why);
	else
	{
		*gap_start = (size_t) (s->byte_range[0] + s->byte_range[1]);
		s->signed_end = (uint64_t) (s->byte_range[2] + s->byte_range[3]);
		/* pdf_bytes_check_ranges accepts only ranges inside the file */
		assert(*gap_start < s->signed_end && s->signed_end <= a->len);
		s->trailing_bytes = a->len - s->signed_end;
		s->revision = pdf_bytes_revision_of(*gap_start, a->revs, a->n_revs);
		s->coverage = pdf_bytes_coverage((size_t) s->signed_end, a->len, a->revs, a->n_revs);
	}
	if (s->contents == NULL)
	{
		flag(s, PDF_SIG_MALFORMED, "The /Contents is missing or not a string.");
		return;
	}
	der = pdf_bytes_der_length(s->contents, s->contents_padded_len, &der_len);
	if (der == PDF_DER_NOT_DER)
		flag(s, PDF_SIG_MALFORMED, "The /Contents does not start with a DER structure.");
	else
	{
		s->contents_len = der_len;
		if (der == PDF_DER_TRAILING_DATA)
			pdf_add_finding(s->findings, &s->n_findings,
							"The /Contents holds non-zero bytes after its DER structure (ignored).");
	}
	if (!s->byte_range_ok)
		return;
	check_gap(a, s);
	if (s->coverage == PDF_COVERAGE_UNCLEAR)
	{
		pdf_add_finding(s->findings, &s->n_findings,
						"The signed bytes end neither at the end of the file nor at the end of a revision (%llu of %zu bytes).",
						(unsigned long long) s->signed_end, a->len);
		raise_class(s, PDF_SIG_ATTACK);
	}
}

/*
 * Whether FieldMDP action with names locks field: a name locks the field of
 * that fully qualified name and every field below it (ISO 32000-1
 * §12.7.3.2: a.b is a kid of a).
 */
static bool
field_locked(PdfLockAction action, char *const *names, int n, const char *field)
{
	bool		listed = false;

	for (int i = 0; i < n && !listed; i++)
	{
		size_t		len = strlen(names[i]);

		listed = strncmp(field, names[i], len) == 0 &&
			(field[len] == '\0' || field[len] == '.');
	}
	switch (action)
	{
		case PDF_LOCK_NONE:
			return false;
		case PDF_LOCK_INCLUDE:
			return listed;
		case PDF_LOCK_EXCLUDE:
			return !listed;
		case PDF_LOCK_ALL:
			break;
	}
	return true;
}

/*
 * FieldMDP: a field the signature locks must keep its value in every later
 * revision (ISO 32000-1 §12.8.2.4).  A change that cannot be tied to a
 * named field counts as a locked one.
 */
static void
check_locks(PdfSignature *s, const PdfFieldChanges *fields)
{
	int			reported = 0;

	if (s->lock_action == PDF_LOCK_NONE)
		return;
	for (int i = 0; i < fields->n; i++)
	{
		if (!field_locked(s->lock_action, s->lock_fields, s->n_lock_fields, fields->names[i]) ||
			(s->field_name != NULL && strcmp(fields->names[i], s->field_name) == 0))
			continue;
		s->fieldmdp_respected = false;
		if (reported++ < 4)
			pdf_add_finding(s->findings, &s->n_findings,
							"The field \"%.100s\" was changed after signing although the signature's FieldMDP locks it.",
							fields->names[i]);
	}
	if (fields->unnamed || fields->truncated)
	{
		s->fieldmdp_respected = false;
		pdf_add_finding(s->findings, &s->n_findings,
						"A field value changed after signing cannot be matched against the signature's FieldMDP lock.");
	}
	if (!s->fieldmdp_respected)
		raise_class(s, PDF_SIG_ATTACK);
}

/* Compare the revision signed by s with the full document. */
static void
analyse_changes(Analysis *a, PdfSignature *s, const PdfWalk *w_full)
{
	qpdf_data	qo;
	PdfWalk		w_old;
	int			warnings = 0;
	ParseError	err = {{0}, NULL};

	if (s->coverage == PDF_COVERAGE_ENTIRE_FILE)
	{
		s->modification = PDF_MOD_NONE;
		return;
	}
	s->modification = PDF_MOD_OTHER;
	if (s->coverage != PDF_COVERAGE_ENTIRE_REVISION)
	{
		if (s->byte_range_ok)
			pdf_add_finding(s->findings, &s->n_findings,
							"Changes after the signature were not analysed: its signed bytes are not a revision.");
		return;
	}
	qo = open_doc(a->pdf, (size_t) s->signed_end, "signed revision", &warnings, NULL, 0, &err);
	if (qo == NULL)
	{
		pdf_add_finding(s->findings, &s->n_findings, "%s", err.detail);
		return;
	}
	if (!pdf_walk(qo, &w_old))
		a->oom = true;
	else
	{
		PdfFieldChanges fields;

		s->modification = pdf_diff(qo, &w_old, a->q, w_full, s->findings, &s->n_findings,
								   &fields);
		check_locks(s, &fields);
		pdf_field_changes_free(&fields);
	}
	pdf_walk_free(&w_old);
	pdf_close(&qo);
}

/* Permission check of DocMDP level p against the changes after s. */
static bool
docmdp_allows(const PdfSigReport *r, const PdfSignature *s, int p)
{
	switch (p)
	{
		case 1:
			if (s->modification > PDF_MOD_SIGNATURES_ONLY)
				return false;
			/* only DSS and document timestamps may follow */
			for (int i = 0; i < r->signature_count; i++)
				if (r->signatures[i].revision > s->revision && !r->signatures[i].is_doc_timestamp)
					return false;
			return true;
		case 2:
			return s->modification <= PDF_MOD_FORM_FILLING;
		default:
			return s->modification <= PDF_MOD_ANNOTATIONS;
	}
}

/* Order signatures by revision, then by position of their gap. */
static void
sort_signatures(Analysis *a)
{
	PdfSigReport *r = a->r;

	assert(r->signature_count == 0 || a->gap_start != NULL);
	for (int i = 1; i < r->signature_count; i++)
		for (int j = i; j > 0; j--)
		{
			PdfSignature *x = &r->signatures[j - 1],
					   *y = &r->signatures[j];
			int			rx = x->revision ? x->revision : MAX_REVISIONS + 1;
			int			ry = y->revision ? y->revision : MAX_REVISIONS + 1;
			PdfSignature t;
			size_t		g;

			if (rx < ry || (rx == ry && a->gap_start[j - 1] <= a->gap_start[j]))
				break;
			t = *x;
			*x = *y;
			*y = t;
			g = a->gap_start[j - 1];
			a->gap_start[j - 1] = a->gap_start[j];
			a->gap_start[j] = g;
		}
}

/*
 * Open the document for a: refuse what is not a PDF, open it with qpdf,
 * allocate the report and find the revisions.  False with *err filled when
 * it cannot be read (a->q is then NULL) or out of memory (a->oom).
 */
static bool
open_analysis(Analysis *a, const uint8_t *pdf, size_t len, ParseError *err)
{
	int			warnings = 0;
	char		first_warning[200];

	memset(a, 0, sizeof(*a));
	if (!pdf_bytes_has_header(pdf, len, err))
		return false;
	a->pdf = pdf;
	a->len = len;
	a->q = open_doc(pdf, len, "document", &warnings, first_warning,
					sizeof(first_warning), err);
	if (a->q == NULL)
		return false;
	a->r = calloc(1, sizeof(PdfSigReport));
	a->revs = calloc(MAX_REVISIONS, sizeof(PdfRevisionEnd));
	if (a->r == NULL || a->revs == NULL)
	{
		a->oom = true;
		return false;
	}
	a->n_revs = pdf_bytes_revisions(pdf, len, a->revs, MAX_REVISIONS);
	if (a->n_revs > MAX_REVISIONS)
		a->n_revs = MAX_REVISIONS;
	a->r->revision_count = a->n_revs;
	if (warnings > 0)
		pdf_add_finding(a->r->findings, &a->r->n_findings,
						"qpdf reported %d problem(s) reading the file, the first: %.150s",
						warnings, first_warning);
	return true;
}

/*
 * Add the reachable signature-like dictionaries of w that no field holds
 * (collect_field_signatures found the fields' first), then check each
 * signature's bytes and what changed after it; false when out of memory.
 */
static bool
find_and_check_signatures(Analysis *a, const PdfWalk *w)
{
	PdfSigReport *r = a->r;

	collect_other_signatures(a, w);
	if (a->empty_sig_fields > 0)
		pdf_add_finding(r->findings, &r->n_findings,
						"%d signature field(s) are not signed.", a->empty_sig_fields);
	if (a->oom || (r->signature_count > 0 &&
				   (a->gap_start = calloc((size_t) r->signature_count, sizeof(size_t))) == NULL))
		return false;
	for (int i = 0; i < r->signature_count; i++)
	{
		PdfSignature *s = &r->signatures[i];

		if (s->object_id != 0 && s->object_id == a->perms_docmdp_id)
		{
			if (!s->is_certification)
				s->docmdp_p = 2;
			s->is_certification = true;
		}
		check_bytes(a, s, &a->gap_start[i]);
		analyse_changes(a, s, w);
	}
	return !a->oom;
}

/*
 * The certification signature, in revision order: its index, or -1 when
 * there is none.  More than one, or one that is not first, is a finding.
 */
static int
find_certification(PdfSigReport *r)
{
	int			cert = -1;

	for (int i = 0; i < r->signature_count; i++)
		if (r->signatures[i].is_certification)
		{
			if (cert < 0)
				cert = i;
			else
				pdf_add_finding(r->findings, &r->n_findings,
								"More than one signature claims to be the certification signature.");
		}
	if (cert > 0)
		pdf_add_finding(r->signatures[cert].findings, &r->signatures[cert].n_findings,
						"The certification signature is not the first signature.");
	return cert;
}

/*
 * The class of s from its /SubFilter, the DocMDP /P p in force (0 when
 * none) and the changes after it.
 */
static void
judge_signature(const PdfSigReport *r, PdfSignature *s, int p)
{
	assert(s >= r->signatures && s < r->signatures + r->signature_count);
	if (p < 1 || p > 3)
	{
		if (p != 0)
			pdf_add_finding(s->findings, &s->n_findings,
							"The DocMDP /P %d is not 1, 2 or 3; read as 2.", p);
		p = p != 0 ? 2 : 0;
	}
	s->docmdp_p = p;
	if (s->subfilter_kind == PDF_SUBFILTER_UNSUPPORTED)
		pdf_add_finding(s->findings, &s->n_findings,
						"The /SubFilter %s is not supported.", s->subfilter);
	else if (s->subfilter_kind == PDF_SUBFILTER_MISSING)
		pdf_add_finding(s->findings, &s->n_findings, "The /SubFilter is missing.");
	if (p > 0)
	{
		s->docmdp_respected = docmdp_allows(r, s, p);
		if (!s->docmdp_respected)
		{
			pdf_add_finding(s->findings, &s->n_findings,
							"Changes after signing (%s) exceed what DocMDP /P %d permits.",
							pdf_mod_level_name(s->modification), p);
			raise_class(s, PDF_SIG_ATTACK);
		}
	}
	else if (s->modification == PDF_MOD_OTHER && !s->attack_found &&
			 s->coverage == PDF_COVERAGE_ENTIRE_REVISION)
	{
		pdf_add_finding(s->findings, &s->n_findings,
						"Changes after signing go beyond signatures, form filling and annotations.");
		raise_class(s, PDF_SIG_ATTACK);
	}
}

/* DocMDP: the certification signature's P governs it and what follows. */
static void
judge_signatures(PdfSigReport *r)
{
	int			cert = find_certification(r);

	for (int i = 0; i < r->signature_count; i++)
	{
		PdfSignature *s = &r->signatures[i];

		judge_signature(r, s, cert >= 0 && i >= cert ? r->signatures[cert].docmdp_p : 0);
		if (s->klass > r->klass)
			r->klass = s->klass;
	}
}

/* What the report says of the file as a whole: the unsigned tail. */
static void
summarize_coverage(PdfSigReport *r, size_t len)
{
	uint64_t	max_end = 0;

	for (int i = 0; i < r->signature_count; i++)
		if (r->signatures[i].byte_range_ok && r->signatures[i].signed_end > max_end)
			max_end = r->signatures[i].signed_end;
	if (r->signature_count > 0)
	{
		PdfSignature *last = &r->signatures[r->signature_count - 1];

		r->last_covers_file = last->byte_range_ok &&
			last->coverage == PDF_COVERAGE_ENTIRE_FILE;
	}
	assert(max_end <= len);
	r->unsigned_trailing_bytes = len - max_end;
}

/* Release the work space of an analysis (not its report). */
static void
close_analysis(Analysis *a)
{
	free(a->gap_start);
	free(a->revs);
	pdf_close(&a->q);
}

/* Analyse the signatures of a PDF; see pdf_sig.h. */
PdfSigReport *
pdf_sig_analyze(const uint8_t *pdf, size_t len, ParseError *err)
{
	Analysis	a;
	PdfWalk		w;
	bool		ok;

	if (!open_analysis(&a, pdf, len, err))
	{
		if (a.oom)
			goto oom;
		return NULL;
	}
	collect_field_signatures(&a);
	ok = pdf_walk(a.q, &w) && find_and_check_signatures(&a, &w);
	pdf_walk_free(&w);
	if (!ok)
		goto oom;
	sort_signatures(&a);
	judge_signatures(a.r);
	summarize_coverage(a.r, len);
	close_analysis(&a);
	return a.r;

oom:
	close_analysis(&a);
	pdf_sig_report_free(a.r);
	parse_error_set(err, read_hint, "Out of memory while analysing the PDF.");
	return NULL;
}
