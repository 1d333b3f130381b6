/*
 * pdf_sigdict.c
 *	  Read one signature dictionary (ISO 32000-1 §12.8.1, Table 252) into a
 *	  PdfSignature with qpdf: the field's qualified name, /Filter,
 *	  /SubFilter, /Type, /M, the DocMDP and FieldMDP transforms of
 *	  /Reference (or the field's /Lock), /ByteRange as read, and a copy of
 *	  the /Contents string.
 *
 * Nothing is judged here: pdf_sig.c checks what was read (pdf_bytes.c for
 * the bytes) and decides the signature's class.
 */
#include "core/pdf/pdf_internal.h"

#include <stdlib.h>
#include <string.h>

/* malloc'd name value of key without its slash, as text (sig_text.h), or NULL. */
static char *
name_of(qpdf_data q, qpdf_oh dict, const char *key)
{
	char		buf[256];

	pdf_dict_name(q, dict, key, buf, sizeof(buf));
	return buf[0] ? strdup(buf) : NULL;
}

/*
 * Read a FieldMDP lock: /Action and /Fields of d, a FieldMDP transform's
 * parameters or a field's /Lock (ISO 32000-1 Tables 256 and 233).  An
 * unknown /Action locks everything, the strictest reading.  False only
 * when out of memory.
 */
static bool
read_lock(qpdf_data q, qpdf_oh d, PdfSignature *s)
{
	char		action[32];
	qpdf_oh		fields;
	int			n;

	pdf_dict_name(q, d, "/Action", action, sizeof(action));
	if (strcmp(action, "Include") == 0)
		s->lock_action = PDF_LOCK_INCLUDE;
	else if (strcmp(action, "Exclude") == 0)
		s->lock_action = PDF_LOCK_EXCLUDE;
	else
	{
		s->lock_action = PDF_LOCK_ALL;
		if (strcmp(action, "All") != 0)
			pdf_add_finding(s->findings, &s->n_findings,
							"The FieldMDP /Action %s is not All, Include or Exclude; read as All.",
							action[0] ? action : "(missing)");
		return true;
	}
	fields = pdf_get(q, d, "/Fields");
	n = qpdf_oh_is_array(q, fields) ? qpdf_oh_get_array_n_items(q, fields) : 0;
	if (n > PDF_SIG_MAX_LOCK_FIELDS)
	{
		pdf_add_finding(s->findings, &s->n_findings,
						"The FieldMDP /Fields names %d fields; only the first %d are read.",
						n, PDF_SIG_MAX_LOCK_FIELDS);
		n = PDF_SIG_MAX_LOCK_FIELDS;
	}
	if (n > 0 && (s->lock_fields = calloc((size_t) n, sizeof(char *))) == NULL)
		return false;
	for (int i = 0; i < n; i++)
	{
		qpdf_oh		f = qpdf_oh_get_array_item(q, fields, i);
		char	   *name = pdf_string_utf8(q, f);

		qpdf_oh_release(q, f);
		if (name != NULL)
			s->lock_fields[s->n_lock_fields++] = name;
	}
	qpdf_oh_release(q, fields);
	return true;
}

/*
 * Read /Reference into s: a DocMDP transform makes it a certification
 * signature with that /P (2 when absent), a FieldMDP transform gives its
 * lock.  False only when out of memory.
 */
static bool
read_references(qpdf_data q, qpdf_oh sigdict, PdfSignature *s)
{
	qpdf_oh		refs = pdf_get(q, sigdict, "/Reference");
	int			n = qpdf_oh_is_array(q, refs) ? qpdf_oh_get_array_n_items(q, refs) : 0;
	char		buf[32];

	for (int i = 0; i < n && i < 16; i++)
	{
		qpdf_oh		ref = qpdf_oh_get_array_item(q, refs, i);
		qpdf_oh		tp = pdf_get(q, ref, "/TransformParams");

		pdf_dict_name(q, ref, "/TransformMethod", buf, sizeof(buf));
		if (strcmp(buf, "DocMDP") == 0 && !s->is_certification)
		{
			qpdf_oh		pv = pdf_get(q, tp, "/P");

			s->docmdp_p = qpdf_oh_is_integer(q, pv) ? (int) qpdf_oh_get_int_value_as_int(q, pv) : 2;
			s->is_certification = true;
		}
		else if (strcmp(buf, "FieldMDP") == 0 && s->lock_action == PDF_LOCK_NONE &&
				 !read_lock(q, tp, s))
			return false;
	}
	return true;
}

/* Read signature dictionary sd into *s; see pdf_internal.h. */
bool
pdf_read_sigdict(qpdf_data q, qpdf_oh sd, qpdf_oh field, bool from_field, PdfSignature *s)
{
	qpdf_oh		br,
				contents;
	char		type[32];

	memset(s, 0, sizeof(*s));
	s->object_id = qpdf_oh_is_indirect(q, sd) ? qpdf_oh_get_object_id(q, sd) : 0;
	s->docmdp_respected = true;
	if (from_field)
		s->field_name = pdf_field_fqn(q, field);
	else
		pdf_add_finding(s->findings, &s->n_findings,
						"The signature dictionary is not the value of any AcroForm field.");
	s->filter = name_of(q, sd, "/Filter");
	s->subfilter = name_of(q, sd, "/SubFilter");
	if (s->subfilter == NULL)
		s->subfilter_kind = PDF_SUBFILTER_MISSING;
	else if (strcmp(s->subfilter, "adbe.pkcs7.detached") == 0)
		s->subfilter_kind = PDF_SUBFILTER_PKCS7_DETACHED;
	else if (strcmp(s->subfilter, "ETSI.CAdES.detached") == 0)
		s->subfilter_kind = PDF_SUBFILTER_CADES_DETACHED;
	else if (strcmp(s->subfilter, "ETSI.RFC3161") == 0)
		s->subfilter_kind = PDF_SUBFILTER_RFC3161;
	else
		s->subfilter_kind = PDF_SUBFILTER_UNSUPPORTED;
	pdf_dict_name(q, sd, "/Type", type, sizeof(type));
	s->is_doc_timestamp = strcmp(type, "DocTimeStamp") == 0 ||
		s->subfilter_kind == PDF_SUBFILTER_RFC3161;
	{
		qpdf_oh		m = pdf_get(q, sd, "/M");

		s->signing_time = pdf_string_utf8(q, m);
		qpdf_oh_release(q, m);
	}
	s->fieldmdp_respected = true;
	if (!read_references(q, sd, s))
		return false;
	/* no signed FieldMDP: the field's /Lock says what signing it locks */
	if (s->lock_action == PDF_LOCK_NONE && from_field && pdf_has(q, field, "/Lock"))
	{
		qpdf_oh		lock = pdf_get(q, field, "/Lock");
		bool		ok = !qpdf_oh_is_dictionary(q, lock) || read_lock(q, lock, s);

		qpdf_oh_release(q, lock);
		if (!ok)
			return false;
	}

	/* /ByteRange: an array of integers */
	br = pdf_get(q, sd, "/ByteRange");
	if (!qpdf_oh_is_array(q, br))
		s->byte_range_count = -1;
	else
	{
		s->byte_range_count = qpdf_oh_get_array_n_items(q, br);
		for (int i = 0; i < s->byte_range_count && i < 4; i++)
		{
			qpdf_oh		v = qpdf_oh_get_array_item(q, br, i);

			if (qpdf_oh_is_integer(q, v))
				s->byte_range[i] = qpdf_oh_get_int_value(q, v);
			else
				s->byte_range[i] = -1;	/* refused as negative */
		}
	}
	/* /Contents: a string, copied */
	contents = pdf_get(q, sd, "/Contents");
	if (qpdf_oh_is_string(q, contents))
	{
		size_t		n = 0;
		const char *v = qpdf_oh_get_binary_string_value(q, contents, &n);
		uint8_t    *copy = malloc(n ? n : 1);

		if (copy == NULL)
			return false;
		if (n)
			memcpy(copy, v, n);
		s->contents = copy;
		s->contents_padded_len = n;
		s->contents_len = n;
	}
	return true;
}
