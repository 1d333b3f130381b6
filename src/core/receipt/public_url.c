/*
 * public_url.c
 *	  Checking the base URL of the public pages (public_url.h).
 *
 * RFC 3986, a little stricter: scheme "http" or "https" (any case), "://", an authority
 * (a host name or bracketed IP address, optional port) without userinfo,
 * then an optional path of characters RFC 3986 allows unescaped (but the
 * apostrophe) or percent escapes; '?' and '#' are refused since paths are
 * appended.
 */
#include "core/receipt/public_url.h"

#include <assert.h>
#include <string.h>
#include <strings.h>

#define PUBLIC_URL_HINT \
	"Set an absolute http or https URL without query or fragment, " \
	"e.g. https://dichvucong.example.gov.vn/tra-cuu."

/* Whether c is an ASCII letter or digit. */
static bool
is_alnum(char c)
{
	return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9');
}

/*
 * Whether c may appear unescaped in a path segment: RFC 3986 unreserved,
 * sub-delims but the apostrophe (so the URL can go into a quoted HTML or
 * SVG attribute as it is), ':' and '@'.
 */
static bool
is_pchar(char c)
{
	return is_alnum(c) || (c != '\0' && strchr("-._~!$&()*+,;=:@", c) != NULL);
}

/* Whether c may appear in a host and port: letters, digits, - . : [ ]. */
static bool
is_host_char(char c)
{
	return is_alnum(c) || c == '-' || c == '.' || c == ':' || c == '[' || c == ']';
}

/* Whether c is a hexadecimal digit. */
static bool
is_hex(char c)
{
	return (c >= '0' && c <= '9') || (c >= 'a' && c <= 'f') || (c >= 'A' && c <= 'F');
}

/* Check len bytes of s as a base URL. */
bool
public_base_url_check(const char *s, size_t len, ParseError *err)
{
	size_t		i;
	size_t		host_start;

	assert(s != NULL || len == 0);
	if (len == 0)
		return parse_error_set(err, PUBLIC_URL_HINT, "The URL is empty.");
	if (len > PUBLIC_URL_BASE_MAX)
		return parse_error_set(err, PUBLIC_URL_HINT,
							   "The URL is longer than %d bytes.", PUBLIC_URL_BASE_MAX);
	if (len >= 8 && strncasecmp(s, "https://", 8) == 0)
		i = 8;
	else if (len >= 7 && strncasecmp(s, "http://", 7) == 0)
		i = 7;
	else
		return parse_error_set(err, PUBLIC_URL_HINT,
							   "The URL does not start with http:// or https://.");
	host_start = i;
	for (; i < len; i++)
	{
		char		c = s[i];

		if (c == '/')
			break;
		if (c == '@')
			return parse_error_set(err, PUBLIC_URL_HINT,
								   "The URL carries a user name (character %zu).", i + 1);
		if (!is_host_char(c))
			return parse_error_set(err, PUBLIC_URL_HINT,
								   "Character %zu is not allowed in a host name.", i + 1);
	}
	if (i == host_start)
		return parse_error_set(err, PUBLIC_URL_HINT, "The URL has no host.");
	for (; i < len; i++)
	{
		char		c = s[i];

		if (c == '%')
		{
			if (i + 2 >= len || !is_hex(s[i + 1]) || !is_hex(s[i + 2]))
				return parse_error_set(err, PUBLIC_URL_HINT,
									   "Character %zu starts an incomplete percent escape.",
									   i + 1);
			i += 2;
			continue;
		}
		if (c == '?' || c == '#')
			return parse_error_set(err, PUBLIC_URL_HINT,
								   "The URL has a query or a fragment (character %zu).",
								   i + 1);
		if (c != '/' && !is_pchar(c))
			return parse_error_set(err, PUBLIC_URL_HINT,
								   "Character %zu is not allowed in a URL path.", i + 1);
	}
	return true;
}
