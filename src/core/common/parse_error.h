/*
 * parse_error.h
 *	  How core parsers tell the caller what was wrong with an input.
 *
 * Core code (src/core) never includes PostgreSQL headers and never allocates:
 * a parser fills a ParseError that the SQL glue (src/pg) turns into an
 * ereport with errdetail and errhint, and that unit tests and fuzzers read
 * directly.  The detail is a full sentence; the hint is a static string that
 * shows the accepted form.
 */
#ifndef DOSSIER_PARSE_ERROR_H
#define DOSSIER_PARSE_ERROR_H

#include <stdarg.h>
#include <stdbool.h>
#include <stddef.h>

#define PARSE_ERROR_DETAIL_LEN 256

typedef struct ParseError
{
	char		detail[PARSE_ERROR_DETAIL_LEN];	/* full sentence, ends with '.' */
	const char *hint;			/* static: the accepted form, with an example */
} ParseError;

/* Record an error: a printf-style detail and a static hint; returns false. */
bool		parse_error_set(ParseError *err, const char *hint,
							const char *detail_fmt,...)
			__attribute__((format(printf, 3, 4)));

/* Trim ASCII white space at both ends of [*s, *s + *len). */
void		parse_trim(const char **s, size_t *len);

/* True when c is an ASCII decimal digit. */
static inline bool
parse_is_digit(char c)
{
	return c >= '0' && c <= '9';
}

#endif							/* DOSSIER_PARSE_ERROR_H */
