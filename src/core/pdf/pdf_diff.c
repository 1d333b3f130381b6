/*
 * pdf_diff.c
 *	  What changed after a signature: compare the signed revision (the bytes
 *	  up to the end of its /ByteRange, opened as its own document with qpdf)
 *	  with the full document, object by object, and classify every change.
 *
 * Each indirect object reachable in the full document is fetched from both
 * documents by number and generation (qpdf_get_object_by_id).  Objects new in
 * the full document are not judged by themselves: they only matter through
 * an existing object that now points at them, and that object is judged.
 * A changed object is judged in every role it plays in either document
 * (pdf_walk.c) and counts as the worst of them:
 *
 *   signatures_only  signature fields given a /V, new signature fields and
 *                    widgets, DSS/VRI, XMP metadata, /Info, /SigFlags, and
 *                    when a new signature field is added: the AcroForm
 *                    /DA and /DR entries it adds (its appearance's font),
 *                    none changed or removed (issue 14 item 3)
 *   form_filling     /V, /AS, /AP, /MK of non-signature fields, their
 *                    appearance streams, AcroForm /DR /DA /NeedAppearances
 *                    otherwise
 *   annotations      annotations added, removed or changed (not widgets)
 *   other            everything else: page content and resources, the page
 *                    tree, catalog keys other than the above, a signature
 *                    dictionary changed after signing, non-signature fields
 *                    added, actions
 *
 * The fields whose value changed (a field's /V, or an object below a field
 * changed in place) are named for the FieldMDP check of pdf_sig.c.
 *
 * This follows the incremental-update rules of ISO 32000-1 §12.8.2.2 (DocMDP
 * permissions) and the approach of pyHanko's difference analysis.
 */
#include "core/pdf/pdf_internal.h"

#include <assert.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

/* Most findings one comparison adds. */
#define DIFF_MAX_FINDINGS 6

typedef struct DiffState
{
	qpdf_data	qo;				/* the signed revision */
	qpdf_data	qn;				/* the full document */
	char	  **list;
	int		   *n;
	int			findings;
	PdfModLevel level;
	PdfFieldChanges *fields;
	bool		sig_added;		/* a new signature field or widget is reachable */
} DiffState;

/* Record that the value of field n (of the full document) changed. */
static void
field_changed(DiffState *st, qpdf_oh n)
{
	PdfFieldChanges *fc = st->fields;
	char	   *name = pdf_field_fqn(st->qn, n);

	if (name == NULL)
	{
		fc->unnamed = true;
		return;
	}
	for (int i = 0; i < fc->n; i++)
		if (strcmp(fc->names[i], name) == 0)
		{
			free(name);
			return;
		}
	assert(fc->n >= 0 && fc->n <= PDF_DIFF_MAX_FIELDS);
	if (fc->n == PDF_DIFF_MAX_FIELDS)
	{
		fc->truncated = true;
		free(name);
		return;
	}
	fc->names[fc->n++] = name;
}

/* Release the names of a PdfFieldChanges. */
void
pdf_field_changes_free(PdfFieldChanges *fc)
{
	for (int i = 0; i < fc->n; i++)
		free(fc->names[i]);
	memset(fc, 0, sizeof(*fc));
}

/* Raise the level; record a finding (bounded) when it reaches OTHER. */
static void
diff_raise(DiffState *st, PdfModLevel level, int id, const char *what, const char *key)
{
	if (level > st->level)
		st->level = level;
	if (level == PDF_MOD_OTHER && st->findings < DIFF_MAX_FINDINGS)
	{
		st->findings++;
		if (key != NULL)
			pdf_add_finding(st->list, st->n, "Object %d (%s) changed %s after signing.",
							id, what, key);
		else
			pdf_add_finding(st->list, st->n, "Object %d (%s) changed after signing.",
							id, what);
	}
}

/* English name of the most telling role bit, for findings. */
static const char *
role_name(uint32_t roles)
{
	static const struct
	{
		uint32_t	bit;
		const char *name;
	}			names[] = {
		{PDF_ROLE_CONTENT, "page content or resources"},
		{PDF_ROLE_PAGES, "page tree"},
		{PDF_ROLE_PAGE, "page"},
		{PDF_ROLE_CATALOG, "catalog"},
		{PDF_ROLE_SIGVALUE, "signature dictionary"},
		{PDF_ROLE_ACROFORM, "AcroForm"},
		{PDF_ROLE_FIELDS, "field list"},
		{PDF_ROLE_FIELD, "form field"},
		{PDF_ROLE_WIDGET_AP, "widget appearance"},
		{PDF_ROLE_ANNOTS, "annotation list"},
		{PDF_ROLE_ANNOT, "annotation"},
		{PDF_ROLE_ANNOT_AP, "annotation appearance"},
		{PDF_ROLE_OTHER, "other document structure"},
	};

	for (size_t i = 0; i < sizeof(names) / sizeof(names[0]); i++)
		if (roles & names[i].bit)
			return names[i].name;
	return "object";
}

/* malloc'd copy of the unparsed text of a value (a stream's dictionary). */
static char *
value_text(qpdf_data q, qpdf_oh v, size_t *len)
{
	qpdf_oh		body = v;
	const char *s;
	char	   *copy;

	if (qpdf_oh_get_type_code(q, v) == ot_stream)
		body = qpdf_oh_get_dict(q, v);
	s = qpdf_oh_unparse_resolved(q, body);
	*len = s ? qpdf_get_last_string_length(q) : 0;
	copy = malloc(*len + 1);
	if (copy != NULL)
	{
		if (*len)
			memcpy(copy, s, *len);
		copy[*len] = '\0';
	}
	return copy;
}

/* True when two objects print the same (value_text); false when out of memory. */
static bool
texts_equal(qpdf_data qa, qpdf_oh a, qpdf_data qb, qpdf_oh b)
{
	size_t		la,
				lb;
	char	   *ta = value_text(qa, a, &la);
	char	   *tb = value_text(qb, b, &lb);
	bool		eq = ta && tb && la == lb && memcmp(ta, tb, la) == 0;

	free(ta);
	free(tb);
	return eq;
}

/* True when two direct-or-indirect values are the same (refs by number). */
static bool
values_equal(qpdf_data qa, qpdf_oh a, qpdf_data qb, qpdf_oh b)
{
	bool		ia = qpdf_oh_is_indirect(qa, a),
				ib = qpdf_oh_is_indirect(qb, b);

	if (ia || ib)
		return ia && ib &&
			qpdf_oh_get_object_id(qa, a) == qpdf_oh_get_object_id(qb, b) &&
			qpdf_oh_get_generation(qa, a) == qpdf_oh_get_generation(qb, b);
	return qpdf_oh_get_type_code(qa, a) == qpdf_oh_get_type_code(qb, b) &&
		texts_equal(qa, a, qb, b);
}

/* True when two indirect objects have the same body (streams: and data). */
static bool
objects_equal(qpdf_data qa, qpdf_oh a, qpdf_data qb, qpdf_oh b)
{
	enum qpdf_object_type_e t = qpdf_oh_get_type_code(qa, a);
	bool		eq;

	if (t != qpdf_oh_get_type_code(qb, b))
		return false;
	eq = texts_equal(qa, a, qb, b);
	if (eq && t == ot_stream)
	{
		unsigned char *da = NULL,
				   *db = NULL;
		size_t		na = 0,
					nb = 0;

		/* the return value also carries warnings: only errors matter */
		if ((qpdf_oh_get_stream_data(qa, a, qpdf_dl_none, NULL, &da, &na) & QPDF_ERRORS) ||
			(qpdf_oh_get_stream_data(qb, b, qpdf_dl_none, NULL, &db, &nb) & QPDF_ERRORS))
			eq = false;
		else
			eq = na == nb && (na == 0 || memcmp(da, db, na) == 0);
		free(da);
		free(db);
	}
	return eq;
}

/* The keys of a dictionary (or a stream's), malloc'd; *n set. */
static char **
dict_keys(qpdf_data q, qpdf_oh d, size_t *n)
{
	char	  **keys = NULL;
	size_t		cap = 0;

	*n = 0;
	if (qpdf_oh_get_type_code(q, d) == ot_stream)
		d = qpdf_oh_get_dict(q, d);
	if (!qpdf_oh_is_dictionary(q, d))
		return NULL;
	qpdf_oh_begin_dict_key_iter(q, d);
	while (qpdf_oh_dict_more_keys(q))
	{
		const char *k = qpdf_oh_dict_next_key(q);

		if (*n == cap)
		{
			size_t		ncap = cap ? cap * 2 : 16;
			char	  **nk = realloc(keys, ncap * sizeof(char *));

			if (nk == NULL)
				break;
			keys = nk;
			cap = ncap;
		}
		if ((keys[*n] = strdup(k ? k : "")) == NULL)
			break;
		(*n)++;
	}
	return keys;
}

/* Free a key list. */
static void
free_keys(char **keys, size_t n)
{
	for (size_t i = 0; i < n; i++)
		free(keys[i]);
	free(keys);
}

/* True when key is one of the NULL-terminated names. */
static bool
key_in(const char *key, const char *const *names)
{
	for (; *names != NULL; names++)
		if (strcmp(key, *names) == 0)
			return true;
	return false;
}

/* Judges one changed key: old and new values (null when absent). */
typedef void (*KeyJudge) (DiffState *st, int id, const char *key,
						  qpdf_oh ov, qpdf_oh nv, void *ctx);

/*
 * Call judge(st, id, key, old_value, new_value, ctx) for each key whose
 * value differs between dictionaries o (old document) and n (new document).
 */
static void
diff_dicts(DiffState *st, int id, qpdf_oh o, qpdf_oh n, KeyJudge judge, void *ctx)
{
	size_t		no,
				nn;
	char	  **ko = dict_keys(st->qo, o, &no);
	char	  **kn = dict_keys(st->qn, n, &nn);
	qpdf_oh		od = qpdf_oh_get_type_code(st->qo, o) == ot_stream ? qpdf_oh_get_dict(st->qo, o) : o;
	qpdf_oh		nd = qpdf_oh_get_type_code(st->qn, n) == ot_stream ? qpdf_oh_get_dict(st->qn, n) : n;

	for (size_t i = 0; i < nn; i++)
	{
		qpdf_oh		nv = pdf_get(st->qn, nd, kn[i]);
		qpdf_oh		ov = pdf_get(st->qo, od, kn[i]);

		if (!pdf_has(st->qo, od, kn[i]) || !values_equal(st->qo, ov, st->qn, nv))
			judge(st, id, kn[i], ov, nv, ctx);
	}
	for (size_t i = 0; i < no; i++)
	{
		if (!pdf_has(st->qn, nd, ko[i]))
		{
			qpdf_oh		ov = pdf_get(st->qo, od, ko[i]);
			qpdf_oh		nv = pdf_get(st->qn, nd, ko[i]);

			judge(st, id, ko[i], ov, nv, ctx);
		}
	}
	free_keys(ko, no);
	free_keys(kn, nn);
}

/* Level of an annotation newly listed in a page's /Annots. */
static PdfModLevel
new_annot_level(qpdf_data q, qpdf_oh a)
{
	char		buf[32];

	if (strcmp(pdf_dict_name(q, a, "/Subtype", buf, sizeof(buf)), "Widget") == 0)
	{
		if (pdf_field_type(q, a, buf, sizeof(buf)) != NULL && strcmp(buf, "Sig") == 0)
			return PDF_MOD_SIGNATURES_ONLY;
		return PDF_MOD_FORM_FILLING;
	}
	return PDF_MOD_ANNOTATIONS;
}

/* Level of a field newly listed in /Fields or /Kids. */
static PdfModLevel
new_field_level(qpdf_data q, qpdf_oh f)
{
	char		buf[32];

	if (pdf_field_type(q, f, buf, sizeof(buf)) != NULL && strcmp(buf, "Sig") == 0)
		return PDF_MOD_SIGNATURES_ONLY;
	return PDF_MOD_OTHER;
}

/* True when array arr of q holds a reference to (id, gen). */
static bool
array_has_ref(qpdf_data q, qpdf_oh arr, int id, int gen)
{
	int			n = qpdf_oh_is_array(q, arr) ? qpdf_oh_get_array_n_items(q, arr) : 0;
	bool		found = false;

	for (int i = 0; i < n && !found; i++)
	{
		qpdf_oh		it = qpdf_oh_get_array_item(q, arr, i);

		found = qpdf_oh_is_indirect(q, it) && qpdf_oh_get_object_id(q, it) == id &&
			qpdf_oh_get_generation(q, it) == gen;
		qpdf_oh_release(q, it);
	}
	return found;
}

/*
 * Compare two arrays of references (/Annots, /Fields, /Kids): items removed
 * cost removed_level; each new item costs new_level(item).
 */
static void
diff_ref_arrays(DiffState *st, int id, const char *what, qpdf_oh o, qpdf_oh n,
				PdfModLevel removed_level, PdfModLevel (*new_level) (qpdf_data, qpdf_oh))
{
	int			no = qpdf_oh_is_array(st->qo, o) ? qpdf_oh_get_array_n_items(st->qo, o) : 0;
	int			nn = qpdf_oh_is_array(st->qn, n) ? qpdf_oh_get_array_n_items(st->qn, n) : 0;

	if (!qpdf_oh_is_null(st->qn, n) && !qpdf_oh_is_array(st->qn, n))
	{
		diff_raise(st, PDF_MOD_OTHER, id, what, "into a non-array");
		return;
	}
	for (int i = 0; i < no; i++)
	{
		qpdf_oh		it = qpdf_oh_get_array_item(st->qo, o, i);

		if (!qpdf_oh_is_indirect(st->qo, it) ||
			!array_has_ref(st->qn, n, qpdf_oh_get_object_id(st->qo, it),
						   qpdf_oh_get_generation(st->qo, it)))
			diff_raise(st, removed_level, id, what, "(an item was removed)");
		qpdf_oh_release(st->qo, it);
	}
	for (int i = 0; i < nn; i++)
	{
		qpdf_oh		it = qpdf_oh_get_array_item(st->qn, n, i);

		if (!qpdf_oh_is_indirect(st->qn, it))
			diff_raise(st, PDF_MOD_OTHER, id, what, "(a direct item was added)");
		else if (!array_has_ref(st->qo, o, qpdf_oh_get_object_id(st->qn, it),
								qpdf_oh_get_generation(st->qn, it)))
			diff_raise(st, new_level(st->qn, it), id, what, "(an item was added)");
		qpdf_oh_release(st->qn, it);
	}
}

/*
 * Whether dictionary n (of the full document) keeps every entry of o (of
 * the signed revision; null: none) with the same value, only adding
 * entries; direct dictionaries inside are compared the same way, at most
 * depth levels down.
 */
static bool
only_added(DiffState *st, qpdf_oh o, qpdf_oh n, int depth)
{
	size_t		no;
	char	  **ko;
	bool		ok = true;

	if (qpdf_oh_is_null(st->qo, o))
		return qpdf_oh_is_dictionary(st->qn, n);
	if (!qpdf_oh_is_dictionary(st->qo, o) || !qpdf_oh_is_dictionary(st->qn, n) || depth <= 0)
		return false;
	ko = dict_keys(st->qo, o, &no);
	for (size_t i = 0; i < no && ok; i++)
	{
		qpdf_oh		ov = pdf_get(st->qo, o, ko[i]);
		qpdf_oh		nv = pdf_get(st->qn, n, ko[i]);

		if (!pdf_has(st->qn, n, ko[i]))
			ok = false;
		else if (!values_equal(st->qo, ov, st->qn, nv))
			ok = !qpdf_oh_is_indirect(st->qo, ov) && !qpdf_oh_is_indirect(st->qn, nv) &&
				only_added(st, ov, nv, depth - 1);
	}
	free_keys(ko, no);
	return ok;
}

/*
 * The level of a change to the AcroForm's default resources (/DR) or
 * appearance (/DA): a signer that adds a signature field may add the font
 * its appearance uses (PoDoFo adds /DA and a /DR font), which changes no
 * existing field; anything else is form filling.
 */
static PdfModLevel
form_resources_level(DiffState *st, const char *key, qpdf_oh ov, qpdf_oh nv)
{
	if (!st->sig_added)
		return PDF_MOD_FORM_FILLING;
	if (strcmp(key, "/DA") == 0)
		return qpdf_oh_is_null(st->qo, ov) ? PDF_MOD_SIGNATURES_ONLY : PDF_MOD_FORM_FILLING;
	return only_added(st, ov, nv, 4) ? PDF_MOD_SIGNATURES_ONLY : PDF_MOD_FORM_FILLING;
}

/* Judge a changed key of the AcroForm dictionary. */
static void
judge_acroform(DiffState *st, int id, const char *key, qpdf_oh ov, qpdf_oh nv, void *ctx)
{
	static const char *const form[] = {"/DR", "/DA", "/NeedAppearances", "/Q", NULL};

	if (strcmp(key, "/Fields") == 0)
		diff_ref_arrays(st, id, "AcroForm", ov, nv, PDF_MOD_OTHER, new_field_level);
	else if (strcmp(key, "/SigFlags") == 0)
		diff_raise(st, PDF_MOD_SIGNATURES_ONLY, id, "AcroForm", key);
	else if (strcmp(key, "/DR") == 0 || strcmp(key, "/DA") == 0)
		diff_raise(st, form_resources_level(st, key, ov, nv), id, "AcroForm", key);
	else if (key_in(key, form))
		diff_raise(st, PDF_MOD_FORM_FILLING, id, "AcroForm", key);
	else
		diff_raise(st, PDF_MOD_OTHER, id, "AcroForm", key);
}

/* Judge a changed key of the catalog's name dictionary. */
static void
judge_names(DiffState *st, int id, const char *key, qpdf_oh ov, qpdf_oh nv, void *ctx)
{
	diff_raise(st, strcmp(key, "/AP") == 0 ? PDF_MOD_ANNOTATIONS : PDF_MOD_OTHER,
			   id, "name dictionary", key);
}

/* Judge a changed key of the catalog. */
static void
judge_catalog(DiffState *st, int id, const char *key, qpdf_oh ov, qpdf_oh nv, void *ctx)
{
	static const char *const sig[] = {"/DSS", "/Metadata", "/Extensions", NULL};

	if (strcmp(key, "/AcroForm") == 0)
	{
		/* a direct AcroForm, or one replaced by another object */
		if (qpdf_oh_is_dictionary(st->qn, nv))
		{
			qpdf_oh		empty = qpdf_oh_new_dictionary(st->qo);

			diff_dicts(st, id, qpdf_oh_is_dictionary(st->qo, ov) ? ov : empty, nv,
					   judge_acroform, NULL);
		}
		else
			diff_raise(st, PDF_MOD_OTHER, id, "catalog", key);
	}
	else if (key_in(key, sig))
		diff_raise(st, PDF_MOD_SIGNATURES_ONLY, id, "catalog", key);
	else if (strcmp(key, "/Names") == 0 && qpdf_oh_is_dictionary(st->qn, nv) &&
			 (qpdf_oh_is_null(st->qo, ov) || qpdf_oh_is_dictionary(st->qo, ov)))
	{
		/* only the appearance name tree (§7.7.4 /AP) may change */
		qpdf_oh		empty = qpdf_oh_new_dictionary(st->qo);

		diff_dicts(st, id, qpdf_oh_is_dictionary(st->qo, ov) ? ov : empty, nv,
				   judge_names, NULL);
	}
	else
		diff_raise(st, PDF_MOD_OTHER, id, "catalog", key);
}

/* Judge a changed key of a page. */
static void
judge_page(DiffState *st, int id, const char *key, qpdf_oh ov, qpdf_oh nv, void *ctx)
{
	if (strcmp(key, "/Annots") == 0)
		diff_ref_arrays(st, id, "page", ov, nv, PDF_MOD_ANNOTATIONS, new_annot_level);
	else
		diff_raise(st, PDF_MOD_OTHER, id, "page", key);
}

/* What judge_field needs to know about the field. */
typedef struct FieldCtx
{
	qpdf_oh		field;			/* the field or widget, in the full document */
	bool		is_sig;			/* a signature field */
	bool		value_changed;	/* its (inherited) /V differs */
} FieldCtx;

/*
 * Judge a changed key of a form field or widget.  Appearance and flags may
 * only change along with the value: an appearance changed under an
 * unchanged value is the "replace" shadow attack.
 */
static void
judge_field(DiffState *st, int id, const char *key, qpdf_oh ov, qpdf_oh nv, void *ctx)
{
	const FieldCtx *f = ctx;
	static const char *const sig_keys[] = {"/AP", "/AS", "/F", "/P", "/Lock", "/SV", "/MK", NULL};
	static const char *const form_keys[] = {"/AP", "/AS", "/MK", "/P", NULL};

	if (strcmp(key, "/V") == 0)
		field_changed(st, f->field);
	if (f->is_sig)
	{
		if (strcmp(key, "/V") == 0)
			diff_raise(st, qpdf_oh_is_null(st->qo, ov) ? PDF_MOD_SIGNATURES_ONLY : PDF_MOD_OTHER,
					   id, "signature field", "/V (a signed value was replaced)");
		else if (strcmp(key, "/Kids") == 0)
			diff_raise(st, PDF_MOD_OTHER, id, "signature field", key);
		else if (key_in(key, sig_keys) && f->value_changed)
			diff_raise(st, PDF_MOD_SIGNATURES_ONLY, id, "signature field", key);
		else
			diff_raise(st, PDF_MOD_OTHER, id, "signature field", key);
	}
	else if (strcmp(key, "/V") == 0)
		diff_raise(st, PDF_MOD_FORM_FILLING, id, "form field", key);
	else if (key_in(key, form_keys) && f->value_changed)
		diff_raise(st, PDF_MOD_FORM_FILLING, id, "form field", key);
	else if (key_in(key, form_keys))
		diff_raise(st, PDF_MOD_OTHER, id, "form field", "its appearance without its value");
	else
		diff_raise(st, PDF_MOD_OTHER, id, "form field", key);
}

/* Value of key in dict or the nearest /Parent that has it (null if none). */
static qpdf_oh
inherited_key(qpdf_data q, qpdf_oh dict, const char *key)
{
	qpdf_oh		cur = qpdf_oh_new_object(q, dict);

	for (int i = 0; i < 32 && qpdf_oh_is_dictionary(q, cur); i++)
	{
		qpdf_oh		parent;

		if (pdf_has(q, cur, key))
			return pdf_get(q, cur, key);
		parent = pdf_get(q, cur, "/Parent");
		cur = parent;
	}
	return qpdf_oh_new_null(q);
}

/* Fill a FieldCtx for the field or widget o (old) / n (new). */
static FieldCtx
field_ctx(DiffState *st, qpdf_oh o, qpdf_oh n)
{
	FieldCtx	f;
	char		buf[32];
	qpdf_oh		vo = inherited_key(st->qo, o, "/V");
	qpdf_oh		vn = inherited_key(st->qn, n, "/V");

	f.field = n;
	f.is_sig = pdf_field_type(st->qn, n, buf, sizeof(buf)) != NULL && strcmp(buf, "Sig") == 0;
	f.value_changed = !values_equal(st->qo, vo, st->qn, vn);
	return f;
}

/* Judge a changed key of a non-widget annotation. */
static void
judge_annot(DiffState *st, int id, const char *key, qpdf_oh ov, qpdf_oh nv, void *ctx)
{
	if (strcmp(key, "/A") == 0 || strcmp(key, "/AA") == 0)
		diff_raise(st, PDF_MOD_OTHER, id, "annotation", key);
	else
		diff_raise(st, PDF_MOD_ANNOTATIONS, id, "annotation", key);
}

/*
 * Judge an appearance stream changed in place: only along with the value of
 * the field that shows it (else it is the shadow "replace" attack).
 */
static void
judge_appearance(DiffState *st, int id, const PdfWalkEntry *e)
{
	qpdf_oh		fo,
				fn;
	FieldCtx	f;

	if (e->owner_id == 0)
	{
		diff_raise(st, PDF_MOD_FORM_FILLING, id, "widget appearance", NULL);
		return;
	}
	fo = qpdf_get_object_by_id(st->qo, e->owner_id, e->owner_gen);
	fn = qpdf_get_object_by_id(st->qn, e->owner_id, e->owner_gen);
	f = field_ctx(st, fo, fn);
	if (!f.value_changed)
		diff_raise(st, PDF_MOD_OTHER, id, "widget appearance",
				   "without its field's value");
	else
		diff_raise(st, f.is_sig ? PDF_MOD_SIGNATURES_ONLY : PDF_MOD_FORM_FILLING,
				   id, "widget appearance", NULL);
}

/* Judge one changed object o -> n in each of its roles. */
static void
judge_object(DiffState *st, int id, uint32_t roles, qpdf_oh o, qpdf_oh n,
			 const PdfWalkEntry *e)
{
	char		buf[32];

	if (roles & (PDF_ROLE_CONTENT | PDF_ROLE_PAGES | PDF_ROLE_OTHER))
	{
		diff_raise(st, PDF_MOD_OTHER, id, role_name(roles & (PDF_ROLE_CONTENT | PDF_ROLE_PAGES | PDF_ROLE_OTHER)), NULL);
		return;
	}
	if (roles & PDF_ROLE_SIGVALUE)
	{
		diff_raise(st, PDF_MOD_OTHER, id, "signature dictionary", NULL);
		return;
	}
	if (qpdf_oh_get_type_code(st->qo, o) != qpdf_oh_get_type_code(st->qn, n))
	{
		diff_raise(st, PDF_MOD_OTHER, id, role_name(roles), "its type");
		return;
	}
	if (roles & PDF_ROLE_CATALOG)
		diff_dicts(st, id, o, n, judge_catalog, NULL);
	if (roles & PDF_ROLE_ACROFORM)
		diff_dicts(st, id, o, n, judge_acroform, NULL);
	if (roles & PDF_ROLE_PAGE)
		diff_dicts(st, id, o, n, judge_page, NULL);
	if (roles & PDF_ROLE_ANNOTS)
		diff_ref_arrays(st, id, "annotation list", o, n, PDF_MOD_ANNOTATIONS, new_annot_level);
	if (roles & PDF_ROLE_FIELDS)
		diff_ref_arrays(st, id, "field list", o, n, PDF_MOD_OTHER, new_field_level);
	if ((roles & PDF_ROLE_FIELD) ||
		((roles & PDF_ROLE_ANNOT) &&
		 strcmp(pdf_dict_name(st->qn, n, "/Subtype", buf, sizeof(buf)), "Widget") == 0))
	{
		FieldCtx	f = field_ctx(st, o, n);

		diff_dicts(st, id, o, n, judge_field, &f);
	}
	else if (roles & PDF_ROLE_ANNOT)
		diff_dicts(st, id, o, n, judge_annot, NULL);
	if (roles & PDF_ROLE_WIDGET_AP)
		judge_appearance(st, id, e);
	if (roles & PDF_ROLE_FIELD_VALUE)
		diff_raise(st, PDF_MOD_FORM_FILLING, id, role_name(roles), NULL);
	/* an indirect /DR (or a dictionary below it) that only gained entries */
	if (roles & PDF_ROLE_FORM_RES)
		diff_raise(st, st->sig_added && only_added(st, o, n, 4) ?
				   PDF_MOD_SIGNATURES_ONLY : PDF_MOD_FORM_FILLING,
				   id, role_name(roles), NULL);
	/* an object below a field changed in place: that field's value */
	if (roles & PDF_ROLE_FIELD_VALUE)
	{
		if (e->owner_id != 0)
			field_changed(st, qpdf_get_object_by_id(st->qn, e->owner_id, e->owner_gen));
		else
			st->fields->unnamed = true;
	}
	if (roles & PDF_ROLE_ANNOT_AP)
		diff_raise(st, PDF_MOD_ANNOTATIONS, id, role_name(roles), NULL);
	if (roles & (PDF_ROLE_DSS | PDF_ROLE_METADATA | PDF_ROLE_INFO))
		diff_raise(st, PDF_MOD_SIGNATURES_ONLY, id, role_name(roles), NULL);
}

/*
 * Whether the full document reaches a signature field or widget that the
 * signed revision does not have (a later signer's new field).
 */
static bool
signature_added(qpdf_data q_old, qpdf_data q_new, const PdfWalk *w_new)
{
	bool		found = false;
	char		buf[32];

	for (size_t i = 0; i < w_new->n && !found; i++)
	{
		const PdfWalkEntry *e = &w_new->entries[i];

		if (e->roles & (PDF_ROLE_FIELD | PDF_ROLE_ANNOT))
		{
			qpdf_oh		o = qpdf_get_object_by_id(q_old, e->id, e->gen);
			qpdf_oh		n = qpdf_get_object_by_id(q_new, e->id, e->gen);

			found = qpdf_oh_is_null(q_old, o) &&
				pdf_field_type(q_new, n, buf, sizeof(buf)) != NULL && strcmp(buf, "Sig") == 0;
			qpdf_oh_release_all(q_old);
			qpdf_oh_release_all(q_new);
		}
	}
	return found;
}

/* Classify the changes from the signed revision to the full document. */
PdfModLevel
pdf_diff(qpdf_data q_old, const PdfWalk *w_old, qpdf_data q_new, const PdfWalk *w_new,
		 char **list, int *n, PdfFieldChanges *fields)
{
	DiffState	st = {q_old, q_new, list, n, 0, PDF_MOD_NONE, fields, false};
	size_t		changed = 0,
				added = 0;

	memset(fields, 0, sizeof(*fields));
	st.sig_added = signature_added(q_old, q_new, w_new);
	if (w_old->truncated || w_new->truncated)
	{
		pdf_add_finding(list, n, "The document has more than %d objects; changes were not compared.",
						PDF_SIG_MAX_OBJECTS);
		return PDF_MOD_OTHER;
	}
	if (w_old->root_id != w_new->root_id || w_old->root_gen != w_new->root_gen)
	{
		pdf_add_finding(list, n, "The catalog was replaced after signing.");
		st.level = PDF_MOD_OTHER;
	}
	for (size_t i = 0; i < w_new->n; i++)
	{
		const PdfWalkEntry *e = &w_new->entries[i];
		const PdfWalkEntry *old = pdf_walk_find(w_old, e->id, e->gen);
		qpdf_oh		o = qpdf_get_object_by_id(q_old, e->id, e->gen);
		qpdf_oh		nw = qpdf_get_object_by_id(q_new, e->id, e->gen);

		if (qpdf_oh_is_null(q_old, o))
			added++;
		else if (!objects_equal(q_old, o, q_new, nw))
		{
			changed++;
			judge_object(&st, e->id, e->roles | (old ? old->roles : 0), o, nw, e);
		}
		qpdf_oh_release_all(q_old);
		qpdf_oh_release_all(q_new);
	}
	if (changed + added > 0)
		pdf_add_finding(list, n,
						"After the signed revision %zu objects were changed and %zu added (%s).",
						changed, added, pdf_mod_level_name(st.level));
	return st.level;
}
