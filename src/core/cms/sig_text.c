/*
 * sig_text.c
 *	  Names and strings from a PDF or a certificate made valid UTF-8 text:
 *	  the text escape (\xNN) and the PDF name escape (#xx).  See
 *	  sig_text.h.
 *
 * A leaf: it calls only the C library.
 */
#include "core/cms/sig_text.h"

#include <assert.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

/*
 * Length (1 to 4) of the valid UTF-8 sequence at s, of at most n bytes;
 * 0 when the bytes there are not one (RFC 3629 table 3.7: no overlong
 * form, no surrogate, nothing above U+10FFFF) or start with NUL.
 */
static size_t
seq_len(const unsigned char *s, size_t n)
{
	unsigned char c = s[0];
	size_t		len;
	unsigned char lo = 0x80,
				hi = 0xBF;

	if (c == 0)
		return 0;
	if (c < 0x80)
		return 1;
	if (c >= 0xC2 && c <= 0xDF)
		len = 2;
	else if (c >= 0xE0 && c <= 0xEF)
	{
		len = 3;
		if (c == 0xE0)
			lo = 0xA0;
		else if (c == 0xED)
			hi = 0x9F;
	}
	else if (c >= 0xF0 && c <= 0xF4)
	{
		len = 4;
		if (c == 0xF0)
			lo = 0x90;
		else if (c == 0xF4)
			hi = 0x8F;
	}
	else
		return 0;
	if (n < len || s[1] < lo || s[1] > hi)
		return 0;
	for (size_t i = 2; i < len; i++)
		if (s[i] < 0x80 || s[i] > 0xBF)
			return 0;
	return len;
}

/* Whether s[0, len) is valid UTF-8 without NUL. */
bool
sigt_utf8_valid(const char *s, size_t len)
{
	const unsigned char *p = (const unsigned char *) s;
	size_t		i = 0;

	while (i < len)
	{
		size_t		k = seq_len(p + i, len - i);

		if (k == 0)
			return false;
		i += k;
	}
	return true;
}

/* A malloc'd copy of s[0, len) with the text escape applied. */
char *
sigt_utf8_escape(const char *s, size_t len)
{
	const unsigned char *p = (const unsigned char *) s;
	char	   *out;
	size_t		o = 0;

	if (len > (SIZE_MAX - 1) / 4)
		return NULL;
	out = malloc(len * 4 + 1);	/* each byte at most \xNN */
	if (out == NULL)
		return NULL;
	for (size_t i = 0; i < len;)
	{
		size_t		k = seq_len(p + i, len - i);

		if (k == 0)
		{
			o += (size_t) sprintf(out + o, "\\x%02X", p[i]);
			i++;
		}
		else
		{
			memcpy(out + o, p + i, k);
			o += k;
			i += k;
		}
	}
	out[o] = '\0';
	assert(sigt_utf8_valid(out, o));
	return out;
}

/* Make the malloc'd string *p valid when it is not; see sig_text.h. */
bool
sigt_utf8_fix(char **p)
{
	char	   *fixed;

	if (*p == NULL || sigt_utf8_valid(*p, strlen(*p)))
		return true;
	fixed = sigt_utf8_escape(*p, strlen(*p));
	free(*p);
	*p = fixed;
	return fixed != NULL;
}

/*
 * Make the contents of buf valid in place: each character or escape is
 * kept whole or dropped with everything after it.
 */
void
sigt_utf8_fix_buf(char *buf, size_t size)
{
	size_t		len;
	char	   *src;
	size_t		o = 0;

	if (size == 0)
		return;
	len = strnlen(buf, size - 1);
	buf[len] = '\0';
	if (sigt_utf8_valid(buf, len))
		return;
	src = malloc(len + 1);
	if (src == NULL)
	{
		buf[0] = '\0';
		return;
	}
	memcpy(src, buf, len + 1);
	for (size_t i = 0; i < len;)
	{
		size_t		k = seq_len((const unsigned char *) src + i, len - i);
		size_t		w = k > 0 ? k : 4;

		if (o + w > size - 1)
			break;
		if (k > 0)
			memcpy(buf + o, src + i, k);
		else
			snprintf(buf + o, 5, "\\x%02X", (unsigned char) src[i]);
		o += w;
		i += k > 0 ? k : 1;
	}
	buf[o] = '\0';
	free(src);
	assert(sigt_utf8_valid(buf, o));
}

/* Whether a byte of a PDF name is written as #xx (ISO 32000-1 7.3.5). */
static bool
name_byte_escaped(unsigned char c)
{
	return c < 0x21 || c == 0x7F || c == '#' || strchr("()<>[]{}/%", c) != NULL;
}

/* A malloc'd text of a PDF name; see sig_text.h. */
char *
sigt_pdf_name(const char *name, size_t len)
{
	const unsigned char *p = (const unsigned char *) name;
	char	   *out;
	size_t		o = 0;

	if (len > (SIZE_MAX - 1) / 3)
		return NULL;
	out = malloc(len * 3 + 1);	/* each byte at most #xx */
	if (out == NULL)
		return NULL;
	for (size_t i = 0; i < len;)
	{
		size_t		k = p[i] < 0x80 ? (name_byte_escaped(p[i]) ? 0 : 1) :
			seq_len(p + i, len - i);

		if (k == 0)
		{
			o += (size_t) sprintf(out + o, "#%02X", p[i]);
			i++;
		}
		else
		{
			memcpy(out + o, p + i, k);
			o += k;
			i += k;
		}
	}
	out[o] = '\0';
	assert(sigt_utf8_valid(out, o));
	return out;
}
