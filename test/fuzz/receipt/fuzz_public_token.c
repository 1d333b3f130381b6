/*
 * fuzz_public_token.c
 *	  libFuzzer harness for the lookup token parser and digest, the base URL
 *	  check and the QR level parser (src/core/receipt/).
 *
 * Any byte string must either be refused with a detail sentence and a
 * hint, leaving the output untouched, or be accepted, and then:
 *   - a token's canonical text is 32 characters of the base32 alphabet,
 *     parses back to itself, and the digest of the input equals the digest
 *     of the canonical text (one lookup for every way of typing a token);
 *   - a refused token still gets a digest, different from the canonical
 *     digests (it is of the input as given, which is not canonical);
 *   - an accepted base URL starts with http:// or https:// (any case) and
 *     carries no byte a QR code or an HTML attribute must not: controls,
 *     space, quotes, angle brackets, backslash, '?', '#', non-ASCII.
 */
#include <stdint.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>

#include "core/receipt/public_token.h"
#include "core/receipt/public_url.h"
#include "core/receipt/qr_svg.h"

/* Abort unless a refusal carries a detail sentence and a hint. */
static void
require_error(const ParseError *err)
{
	size_t		n = strlen(err->detail);

	if (err->hint == NULL || n == 0 || err->detail[n - 1] != '.')
		abort();
}

/* The token parser and digest. */
static void
check_token(const char *s, size_t size)
{
	char		out[PUBLIC_TOKEN_CHARS + 1];
	char		again[PUBLIC_TOKEN_CHARS + 1];
	uint8_t		d1[PUBLIC_TOKEN_DIGEST_LEN];
	uint8_t		d2[PUBLIC_TOKEN_DIGEST_LEN];
	ParseError	err = {{0}, NULL};
	bool		is_token;
	bool		again_token;

	memset(out, '#', sizeof(out));
	if (!public_token_digest(s, size, d1, &is_token))
		abort();
	if (!public_token_parse(s, size, out, &err))
	{
		require_error(&err);
		if (out[0] != '#' || is_token)
			abort();
		return;
	}
	if (!is_token || strlen(out) != PUBLIC_TOKEN_CHARS ||
		strspn(out, "ABCDEFGHIJKLMNOPQRSTUVWXYZ234567") != PUBLIC_TOKEN_CHARS)
		abort();
	if (!public_token_parse(out, PUBLIC_TOKEN_CHARS, again, NULL) ||
		strcmp(out, again) != 0)
		abort();
	if (!public_token_digest(out, PUBLIC_TOKEN_CHARS, d2, &again_token) ||
		!again_token || memcmp(d1, d2, sizeof(d1)) != 0)
		abort();
}

/* The base URL check. */
static void
check_url(const char *s, size_t size)
{
	ParseError	err = {{0}, NULL};

	if (!public_base_url_check(s, size, &err))
	{
		require_error(&err);
		return;
	}
	if (size > PUBLIC_URL_BASE_MAX ||
		!((size > 8 && strncasecmp(s, "https://", 8) == 0) ||
		  (size > 7 && strncasecmp(s, "http://", 7) == 0)))
		abort();
	for (size_t i = 0; i < size; i++)
	{
		unsigned char c = (unsigned char) s[i];

		if (c <= 0x20 || c >= 0x7f || strchr("\"'<>\\?#`{}|^", c) != NULL)
			abort();
	}
}

/* libFuzzer entry point. */
int
LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	const char *s = (const char *) data;
	QrLevel		level = (QrLevel) 99;
	ParseError	err = {{0}, NULL};

	check_token(s, size);
	check_url(s, size);
	if (qr_level_parse(s, size, &level, &err))
	{
		if (level < QR_LEVEL_L || level > QR_LEVEL_H)
			abort();
	}
	else if (level != (QrLevel) 99)
		abort();
	else
		require_error(&err);
	return 0;
}
