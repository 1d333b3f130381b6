/*
 * pdf_object.c
 *	  Reading qpdf objects the way every PDF file here needs: a dictionary's
 *	  name value, a string as UTF-8, a field's inherited type and fully
 *	  qualified name, and closing a document quietly.
 *
 * The bottom of the PDF files next to pdf_report.c: it calls only qpdf.
 * No PostgreSQL header is included.
 */
#include "core/pdf/pdf_internal.h"
#include "core/cms/sig_text.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

/* Clear qpdf's pending errors and release the document. */
void
pdf_close(qpdf_data *q)
{
	if (*q == NULL)
		return;
	/* an error left unread is printed to stderr by qpdf_cleanup */
	for (int i = 0; i < 1000 && qpdf_has_error(*q); i++)
		(void) qpdf_get_error(*q);
	qpdf_cleanup(q);
}

/*
 * The value of name key of dict into buf without the slash, as text (PDF
 * name escapes for what is not printable UTF-8, sig_text.h); "" if none.
 */
const char *
pdf_dict_name(qpdf_data q, qpdf_oh dict, const char *key, char *buf, size_t buflen)
{
	qpdf_oh		v;

	buf[0] = '\0';
	if (!qpdf_oh_is_dictionary(q, dict))
		return buf;
	v = pdf_get(q, dict, key);
	if (qpdf_oh_is_name(q, v))
	{
		const char *s = qpdf_oh_get_name(q, v);

		if (s != NULL && s[0] == '/')
		{
			char	   *t = sigt_pdf_name(s + 1, strlen(s + 1));

			snprintf(buf, buflen, "%s", t ? t : "");
			sigt_utf8_fix_buf(buf, buflen);	/* cut at a character */
			free(t);
		}
	}
	qpdf_oh_release(q, v);
	return buf;
}

/* Inherited /FT of a field, following /Parent at most 32 times. */
const char *
pdf_field_type(qpdf_data q, qpdf_oh field, char *buf, size_t buflen)
{
	qpdf_oh		cur = qpdf_oh_new_object(q, field);

	buf[0] = '\0';
	for (int i = 0; i < 32 && qpdf_oh_is_dictionary(q, cur); i++)
	{
		qpdf_oh		parent;

		if (pdf_has(q, cur, "/FT"))
		{
			pdf_dict_name(q, cur, "/FT", buf, buflen);
			break;
		}
		parent = pdf_get(q, cur, "/Parent");
		qpdf_oh_release(q, cur);
		cur = parent;
	}
	qpdf_oh_release(q, cur);
	return buf[0] ? buf : NULL;
}

/*
 * malloc'd UTF-8 of a string object (qpdf converts PDFDocEncoding and
 * UTF-16BE; what is still not UTF-8 gets the text escape), or NULL.
 */
char *
pdf_string_utf8(qpdf_data q, qpdf_oh v)
{
	const char *s;
	size_t		n = 0;
	char	   *out;

	if (!qpdf_oh_is_string(q, v))
		return NULL;
	s = qpdf_oh_get_binary_utf8_value(q, v, &n);
	if (s == NULL || (out = malloc(n + 1)) == NULL)
		return NULL;
	memcpy(out, s, n);
	out[n] = '\0';
	/* a NUL inside would cut the string short: keep what is before it */
	if (!sigt_utf8_fix(&out))
		return NULL;
	return out;
}

/* Fully qualified name of a field; see pdf_internal.h. */
char *
pdf_field_fqn(qpdf_data q, qpdf_oh field)
{
	char	   *parts[32];
	int			n = 0;
	size_t		total = 1;
	qpdf_oh		cur = qpdf_oh_new_object(q, field);
	char	   *out;

	while (n < 32 && qpdf_oh_is_dictionary(q, cur))
	{
		qpdf_oh		t = pdf_get(q, cur, "/T");
		qpdf_oh		parent = pdf_get(q, cur, "/Parent");
		char	   *s = pdf_string_utf8(q, t);

		if (s != NULL)
		{
			parts[n++] = s;
			total += strlen(s) + 1;
		}
		qpdf_oh_release(q, t);
		qpdf_oh_release(q, cur);
		cur = parent;
	}
	qpdf_oh_release(q, cur);
	if (n == 0 || (out = malloc(total)) == NULL)
	{
		while (n > 0)
			free(parts[--n]);
		return NULL;
	}
	out[0] = '\0';
	while (n > 0)
	{
		strcat(out, parts[--n]);
		if (n > 0)
			strcat(out, ".");
		free(parts[n]);
	}
	return out;
}
