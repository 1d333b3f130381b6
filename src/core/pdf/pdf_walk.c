/*
 * pdf_walk.c
 *	  Walk a PDF's object graph from its trailer with qpdf and record, for
 *	  every reachable indirect object, the roles it is reached in (page
 *	  content, annotation, form field, signature, DSS...).
 *
 * The roles are what pdf_diff.c judges a change by: a changed object is only
 * as harmless as the most dangerous role it plays, so an appearance stream
 * that is also a page's XObject counts as page content.  Roles follow the
 * key an object hangs from (ISO 32000-1 §7.7 document structure, §12.5
 * annotations, §12.7 forms, §12.8 signatures); /Type overrides the guess
 * outside content, and nothing below a page's /Contents or /Resources ever
 * leaves the content role.  Back pointers (/Parent, /P) and a signature
 * reference's /Data are not followed.  Work is bounded by
 * PDF_SIG_MAX_OBJECTS objects and a nesting depth for direct objects.
 */
#include "core/pdf/pdf_internal.h"

#include <assert.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#define WALK_MAX_DEPTH 64

/* A pending object: an entry index and the role it was just reached in. */
typedef struct WalkItem
{
	size_t		idx;
	uint32_t	role;
	long		owner;			/* entry of the field owning an appearance or
								 * a value, or -1 */
} WalkItem;

typedef struct WalkState
{
	qpdf_data	q;
	PdfWalk    *w;
	WalkItem   *todo;
	size_t		n_todo;
	size_t		cap_todo;
	long		cur_owner;		/* owner of appearances and values found now,
								 * or -1 */
	bool		oom;
} WalkState;

/* Hash of an object id and generation. */
static size_t
walk_hash(int id, int gen, size_t size)
{
	uint64_t	h = (uint64_t) (uint32_t) id * 0x9E3779B97F4A7C15ull ^ (uint64_t) (uint32_t) gen;

	return (size_t) (h ^ (h >> 29)) & (size - 1);
}

/* The entry for (id, gen), or NULL. */
const PdfWalkEntry *
pdf_walk_find(const PdfWalk *w, int id, int gen)
{
	size_t		i;

	if (w->table_size == 0)
		return NULL;
	for (i = walk_hash(id, gen, w->table_size); w->table[i] != 0;
		 i = (i + 1) & (w->table_size - 1))
	{
		const PdfWalkEntry *e = &w->entries[w->table[i] - 1];

		if (e->id == id && e->gen == gen)
			return e;
	}
	return NULL;
}

/* Grow the hash table to size slots and rehash; false when out of memory. */
static bool
walk_rehash(PdfWalk *w, size_t size)
{
	size_t	   *t = calloc(size, sizeof(size_t));

	if (t == NULL)
		return false;
	for (size_t k = 0; k < w->n; k++)
	{
		size_t		i = walk_hash(w->entries[k].id, w->entries[k].gen, size);

		while (t[i] != 0)
			i = (i + 1) & (size - 1);
		t[i] = k + 1;
	}
	free(w->table);
	w->table = t;
	w->table_size = size;
	return true;
}

/* Index of the entry for (id, gen), inserted if new; -1 when full or OOM. */
static long
walk_insert(WalkState *st, int id, int gen)
{
	PdfWalk    *w = st->w;
	const PdfWalkEntry *e = pdf_walk_find(w, id, gen);
	size_t		i;

	if (e != NULL)
		return (long) (e - w->entries);
	if (w->n >= PDF_SIG_MAX_OBJECTS)
	{
		w->truncated = true;
		return -1;
	}
	if (w->n == w->cap)
	{
		size_t		cap = w->cap ? w->cap * 2 : 256;
		PdfWalkEntry *ne = realloc(w->entries, cap * sizeof(*ne));

		if (ne == NULL)
		{
			st->oom = true;
			return -1;
		}
		w->entries = ne;
		w->cap = cap;
	}
	if ((w->n + 1) * 2 > w->table_size &&
		!walk_rehash(w, w->table_size ? w->table_size * 2 : 1024))
	{
		st->oom = true;
		return -1;
	}
	assert(w->n < w->cap && (w->n + 1) * 2 <= w->table_size);
	w->entries[w->n] = (PdfWalkEntry) {id, gen, 0, false, 0, 0};
	for (i = walk_hash(id, gen, w->table_size); w->table[i] != 0;
		 i = (i + 1) & (w->table_size - 1))
		;
	w->table[i] = w->n + 1;
	return (long) w->n++;
}

/* Whether roles of this kind keep their role for everything below them. */
static bool
role_is_sticky(uint32_t role)
{
	return (role & (PDF_ROLE_INFO | PDF_ROLE_ANNOT_AP | PDF_ROLE_WIDGET_AP |
					PDF_ROLE_FIELD_VALUE | PDF_ROLE_FORM_RES | PDF_ROLE_DSS |
					PDF_ROLE_METADATA | PDF_ROLE_CONTENT)) != 0;
}

/*
 * Role of the value of key in a dictionary reached in role ctx (is_widget:
 * the dictionary is a widget annotation; is_sig: a signature field).
 * Returns 0 for keys not followed.
 */
static uint32_t
child_role(uint32_t ctx, const char *key, bool is_widget, bool is_sig)
{
	if (strcmp(key, "/Parent") == 0)
		return (ctx & (PDF_ROLE_OTHER | PDF_ROLE_CONTENT)) ? ctx : 0;
	if (role_is_sticky(ctx))
		return ctx;
	switch (ctx)
	{
		case PDF_ROLE_CATALOG:
			if (strcmp(key, "/Pages") == 0)
				return PDF_ROLE_PAGES;
			if (strcmp(key, "/AcroForm") == 0)
				return PDF_ROLE_ACROFORM;
			if (strcmp(key, "/DSS") == 0)
				return PDF_ROLE_DSS;
			if (strcmp(key, "/Metadata") == 0)
				return PDF_ROLE_METADATA;
			if (strcmp(key, "/Perms") == 0)
				return PDF_ROLE_SIGVALUE;
			return PDF_ROLE_OTHER;
		case PDF_ROLE_PAGES:
			return strcmp(key, "/Kids") == 0 ? PDF_ROLE_PAGES : PDF_ROLE_CONTENT;
		case PDF_ROLE_PAGE:
			return strcmp(key, "/Annots") == 0 ? PDF_ROLE_ANNOTS : PDF_ROLE_CONTENT;
		case PDF_ROLE_ANNOTS:
			return PDF_ROLE_ANNOT;
		case PDF_ROLE_ACROFORM:
			if (strcmp(key, "/Fields") == 0)
				return PDF_ROLE_FIELDS;
			if (strcmp(key, "/XFA") == 0)
				return PDF_ROLE_OTHER;
			return PDF_ROLE_FORM_RES;
		case PDF_ROLE_FIELDS:
			return PDF_ROLE_FIELD;
		case PDF_ROLE_ANNOT:
		case PDF_ROLE_FIELD:
			if (strcmp(key, "/P") == 0)
				return 0;
			if (strcmp(key, "/AP") == 0)
				return (is_widget || ctx == PDF_ROLE_FIELD) ?
					PDF_ROLE_WIDGET_AP : PDF_ROLE_ANNOT_AP;
			if (strcmp(key, "/A") == 0 || strcmp(key, "/AA") == 0)
				return PDF_ROLE_OTHER;
			if (strcmp(key, "/Kids") == 0)
				return PDF_ROLE_FIELDS;
			if (strcmp(key, "/V") == 0 || strcmp(key, "/Lock") == 0 ||
				strcmp(key, "/SV") == 0)
				return is_sig ? PDF_ROLE_SIGVALUE : PDF_ROLE_FIELD_VALUE;
			if (strcmp(key, "/DR") == 0 || strcmp(key, "/DA") == 0)
				return PDF_ROLE_FORM_RES;
			return ctx == PDF_ROLE_FIELD ? PDF_ROLE_FIELD_VALUE : PDF_ROLE_ANNOT;
		case PDF_ROLE_SIGVALUE:
			return strcmp(key, "/Data") == 0 ? 0 : PDF_ROLE_SIGVALUE;
		default:
			return ctx;
	}
}

/* Role of an indirect object reached in role derived, after its /Type. */
static uint32_t
override_role(qpdf_data q, qpdf_oh obj, uint32_t derived)
{
	char		type[32];

	if (!(derived & (PDF_ROLE_OTHER | PDF_ROLE_PAGES | PDF_ROLE_PAGE | PDF_ROLE_ANNOT)))
		return derived;
	pdf_dict_name(q, obj, "/Type", type, sizeof(type));
	if (strcmp(type, "Page") == 0)
		return PDF_ROLE_PAGE;
	if (strcmp(type, "Pages") == 0)
		return PDF_ROLE_PAGES;
	if (strcmp(type, "Sig") == 0 || strcmp(type, "DocTimeStamp") == 0)
		return PDF_ROLE_SIGVALUE;
	if (strcmp(type, "Annot") == 0 && derived == PDF_ROLE_OTHER)
		return PDF_ROLE_ANNOT;
	return derived;
}

/* Record that an indirect object is reached in role; queue it if new. */
static void
walk_mark(WalkState *st, qpdf_oh obj, uint32_t role)
{
	int			id = qpdf_oh_get_object_id(st->q, obj);
	int			gen = qpdf_oh_get_generation(st->q, obj);
	long		idx;

	if (id <= 0 || qpdf_oh_is_null(st->q, obj))
		return;
	role = override_role(st->q, obj, role);
	idx = walk_insert(st, id, gen);
	if (idx < 0 || (st->w->entries[idx].roles & role) == role)
		return;
	st->w->entries[idx].roles |= role;
	if ((role == PDF_ROLE_WIDGET_AP || role == PDF_ROLE_FIELD_VALUE) &&
		st->cur_owner >= 0 && st->w->entries[idx].owner_id == 0)
	{
		st->w->entries[idx].owner_id = st->w->entries[st->cur_owner].id;
		st->w->entries[idx].owner_gen = st->w->entries[st->cur_owner].gen;
	}
	if (st->n_todo == st->cap_todo)
	{
		size_t		cap = st->cap_todo ? st->cap_todo * 2 : 256;
		WalkItem   *nt = realloc(st->todo, cap * sizeof(*nt));

		if (nt == NULL)
		{
			st->oom = true;
			return;
		}
		st->todo = nt;
		st->cap_todo = cap;
	}
	st->todo[st->n_todo++] = (WalkItem) {(size_t) idx, role,
		(role == PDF_ROLE_WIDGET_AP || role == PDF_ROLE_FIELD_VALUE) ? st->cur_owner : -1};
}

static void walk_value(WalkState *st, qpdf_oh v, uint32_t role, int depth);

/* Walk the entries of a dictionary reached in role ctx. */
static void
walk_dict(WalkState *st, qpdf_oh dict, uint32_t ctx, int depth)
{
	qpdf_data	q = st->q;
	char	  **keys = NULL;
	size_t		nkeys = 0,
				cap = 0;
	bool		is_widget = false,
				is_sig = false;
	char		buf[32];

	if (ctx & (PDF_ROLE_ANNOT | PDF_ROLE_FIELD))
	{
		is_widget = strcmp(pdf_dict_name(q, dict, "/Subtype", buf, sizeof(buf)), "Widget") == 0;
		is_sig = pdf_field_type(q, dict, buf, sizeof(buf)) != NULL && strcmp(buf, "Sig") == 0;
	}
	/* keys first: the iterator's strings die at the next call */
	qpdf_oh_begin_dict_key_iter(q, dict);
	while (qpdf_oh_dict_more_keys(q))
	{
		const char *k = qpdf_oh_dict_next_key(q);

		if (nkeys == cap)
		{
			size_t		ncap = cap ? cap * 2 : 16;
			char	  **nk = realloc(keys, ncap * sizeof(char *));

			if (nk == NULL)
			{
				st->oom = true;
				break;
			}
			keys = nk;
			cap = ncap;
		}
		if ((keys[nkeys] = strdup(k ? k : "")) == NULL)
		{
			st->oom = true;
			break;
		}
		nkeys++;
	}
	for (size_t i = 0; i < nkeys; i++)
	{
		uint32_t	role = child_role(ctx, keys[i], is_widget, is_sig);

		if (role != 0 && !st->oom)
		{
			/* dict is a dictionary (never a stream): no need for pdf_get */
			qpdf_oh		v = qpdf_oh_get_key(q, dict, keys[i]);

			walk_value(st, v, role, depth + 1);
			qpdf_oh_release(q, v);
		}
		free(keys[i]);
	}
	free(keys);
}

/* Walk the items of an array reached in role. */
static void
walk_array(WalkState *st, qpdf_oh arr, uint32_t role, int depth)
{
	qpdf_data	q = st->q;
	int			n = qpdf_oh_get_array_n_items(q, arr);
	uint32_t	item_role = role;

	if (role == PDF_ROLE_ANNOTS)
		item_role = PDF_ROLE_ANNOT;
	else if (role == PDF_ROLE_FIELDS)
		item_role = PDF_ROLE_FIELD;
	for (int i = 0; i < n && !st->oom; i++)
	{
		qpdf_oh		it = qpdf_oh_get_array_item(q, arr, i);

		walk_value(st, it, item_role, depth + 1);
		qpdf_oh_release(q, it);
	}
}

/* Walk one value reached in role: mark it if indirect, else descend. */
static void
walk_value(WalkState *st, qpdf_oh v, uint32_t role, int depth)
{
	qpdf_data	q = st->q;
	enum qpdf_object_type_e t;

	if (depth > WALK_MAX_DEPTH || st->oom)
		return;
	if (qpdf_oh_is_indirect(q, v))
	{
		walk_mark(st, v, role);
		return;
	}
	t = qpdf_oh_get_type_code(q, v);
	if (t == ot_dictionary)
		walk_dict(st, v, role, depth);
	else if (t == ot_array)
		walk_array(st, v, role, depth);
}

/* Walk the body of the indirect object of entry idx, reached in role. */
static void
walk_object(WalkState *st, size_t idx, uint32_t role)
{
	qpdf_data	q = st->q;
	PdfWalkEntry *e = &st->w->entries[idx];
	qpdf_oh		obj = qpdf_get_object_by_id(q, e->id, e->gen);
	qpdf_oh		body = obj;
	char		type[32];
	enum qpdf_object_type_e t = qpdf_oh_get_type_code(q, obj);

	if (t == ot_stream)
		body = qpdf_oh_get_dict(q, obj);
	if (qpdf_oh_is_dictionary(q, body))
	{
		pdf_dict_name(q, body, "/Type", type, sizeof(type));
		if (strcmp(type, "Sig") == 0 || strcmp(type, "DocTimeStamp") == 0 ||
			(pdf_has(q, body, "/ByteRange") && pdf_has(q, body, "/Contents")))
			e->sig_like = true;
		walk_dict(st, body, role, 0);
	}
	else if (t == ot_array)
		walk_array(st, obj, role, 0);
}

/* Walk the graph of q from its trailer; false when out of memory. */
bool
pdf_walk(qpdf_data q, PdfWalk *w)
{
	WalkState	st = {q, w, NULL, 0, 0, -1, false};
	qpdf_oh		trailer = qpdf_get_trailer(q);
	qpdf_oh		root = pdf_get(q, trailer, "/Root");
	qpdf_oh		info = pdf_get(q, trailer, "/Info");
	qpdf_oh		enc = pdf_get(q, trailer, "/Encrypt");

	memset(w, 0, sizeof(*w));
	if (qpdf_oh_is_indirect(q, root))
	{
		w->root_id = qpdf_oh_get_object_id(q, root);
		w->root_gen = qpdf_oh_get_generation(q, root);
	}
	walk_mark(&st, root, PDF_ROLE_CATALOG);
	walk_mark(&st, info, PDF_ROLE_INFO);
	walk_mark(&st, enc, PDF_ROLE_OTHER);
	qpdf_oh_release_all(q);
	while (st.n_todo > 0 && !st.oom)
	{
		WalkItem	it = st.todo[--st.n_todo];

		/* appearances found below a field or widget belong to it */
		st.cur_owner = (it.role & (PDF_ROLE_FIELD | PDF_ROLE_ANNOT)) ? (long) it.idx : it.owner;
		walk_object(&st, it.idx, it.role);
		qpdf_oh_release_all(q);
	}
	free(st.todo);
	return !st.oom;
}

/* Release what a walk holds. */
void
pdf_walk_free(PdfWalk *w)
{
	free(w->entries);
	free(w->table);
	memset(w, 0, sizeof(*w));
}
