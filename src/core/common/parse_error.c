/*
 * parse_error.c
 *	  Helpers shared by the core identifier parsers.
 */
#include "core/common/parse_error.h"

#include <assert.h>
#include <stdio.h>

/* Record an error: a printf-style detail and a static hint; returns false. */
bool
parse_error_set(ParseError *err, const char *hint, const char *detail_fmt,...)
{
	va_list		ap;

	assert(detail_fmt != NULL);
	if (err == NULL)
		return false;
	va_start(ap, detail_fmt);
	vsnprintf(err->detail, sizeof(err->detail), detail_fmt, ap);
	va_end(ap);
	err->hint = hint;
	return false;
}

/* Trim ASCII white space at both ends of [*s, *s + *len). */
void
parse_trim(const char **s, size_t *len)
{
	const char *p = *s;
	size_t		n = *len;

	assert(p != NULL || n == 0);

	while (n > 0 && (*p == ' ' || *p == '\t' || *p == '\n' || *p == '\r' ||
					 *p == '\f' || *p == '\v'))
	{
		p++;
		n--;
	}
	while (n > 0 && (p[n - 1] == ' ' || p[n - 1] == '\t' || p[n - 1] == '\n' ||
					 p[n - 1] == '\r' || p[n - 1] == '\f' || p[n - 1] == '\v'))
		n--;
	*s = p;
	*len = n;
}
