/*
 * public_token.c
 *	  Writing, reading and hashing the public lookup token (public_token.h).
 *
 * Base32 is RFC 4648 §6 without padding: 20 bytes are exactly 32 characters
 * of 5 bits, most significant bit first.  The digest is OpenSSL's SHA-256.
 */
#include "core/receipt/public_token.h"

#include <assert.h>
#include <string.h>

#include <openssl/evp.h>

#define PUBLIC_TOKEN_HINT \
	"A lookup token has 32 letters A-Z and digits 2-7, as printed under the " \
	"receipt slip's QR code, e.g. ABCD-EFGH-IJKL-MNOP-QRST-UVWX-YZ23-4567."

static const char alphabet[] = "ABCDEFGHIJKLMNOPQRSTUVWXYZ234567";

/* Write the canonical text of raw (PUBLIC_TOKEN_CHARS characters and a NUL). */
void
public_token_encode(const uint8_t raw[PUBLIC_TOKEN_BYTES],
					char out[PUBLIC_TOKEN_CHARS + 1])
{
	uint32_t	acc = 0;
	int			bits = 0;
	int			n = 0;

	for (int i = 0; i < PUBLIC_TOKEN_BYTES; i++)
	{
		acc = (acc << 8) | raw[i];
		bits += 8;
		while (bits >= 5)
		{
			bits -= 5;
			out[n++] = alphabet[(acc >> bits) & 0x1f];
		}
	}
	assert(bits == 0 && n == PUBLIC_TOKEN_CHARS);
	out[n] = '\0';
}

/* The canonical letter c stands for, or 0 if none (typing mistakes included). */
static char
canonical_char(char c)
{
	if (c >= 'a' && c <= 'z')
		c = (char) (c - 'a' + 'A');
	if ((c >= 'A' && c <= 'Z') || (c >= '2' && c <= '7'))
		return c;
	switch (c)
	{
		case '0':
			return 'O';
		case '1':
			return 'I';
		case '8':
			return 'B';
		default:
			return 0;
	}
}

/* Parse len bytes of s as a token; on success write its canonical text. */
bool
public_token_parse(const char *s, size_t len, char out[PUBLIC_TOKEN_CHARS + 1],
				   ParseError *err)
{
	char		buf[PUBLIC_TOKEN_CHARS + 1];
	size_t		n = 0;

	assert(s != NULL || len == 0);
	if (len > PUBLIC_TOKEN_INPUT_MAX)
		return parse_error_set(err, PUBLIC_TOKEN_HINT,
							   "The value is longer than %d bytes.",
							   PUBLIC_TOKEN_INPUT_MAX);
	for (size_t i = 0; i < len; i++)
	{
		char		c;

		if (s[i] == ' ' || s[i] == '-')
			continue;
		c = canonical_char(s[i]);
		if (c == 0)
			return parse_error_set(err, PUBLIC_TOKEN_HINT,
								   "Character %zu is not a letter, a digit 2-7, "
								   "a space or a hyphen.", i + 1);
		if (n == PUBLIC_TOKEN_CHARS)
			return parse_error_set(err, PUBLIC_TOKEN_HINT,
								   "The value has more than %d token characters.",
								   PUBLIC_TOKEN_CHARS);
		buf[n++] = c;
	}
	if (n < PUBLIC_TOKEN_CHARS)
		return parse_error_set(err, PUBLIC_TOKEN_HINT,
							   "The value has %zu token characters, not %d.",
							   n, PUBLIC_TOKEN_CHARS);
	buf[n] = '\0';
	memcpy(out, buf, sizeof(buf));
	return true;
}

/* SHA-256 of the canonical text of a token, or of the input as given. */
bool
public_token_digest(const char *s, size_t len, uint8_t out[PUBLIC_TOKEN_DIGEST_LEN],
					bool *is_token)
{
	char		canon[PUBLIC_TOKEN_CHARS + 1];
	const void *data;
	size_t		n;
	unsigned int outlen = 0;

	*is_token = public_token_parse(s, len, canon, NULL);
	if (*is_token)
	{
		data = canon;
		n = PUBLIC_TOKEN_CHARS;
	}
	else
	{
		data = s != NULL ? s : "";
		n = len < PUBLIC_TOKEN_INPUT_MAX ? len : PUBLIC_TOKEN_INPUT_MAX;
	}
	if (!EVP_Digest(data, n, out, &outlen, EVP_sha256(), NULL) ||
		outlen != PUBLIC_TOKEN_DIGEST_LEN)
	{
		memset(out, 0, PUBLIC_TOKEN_DIGEST_LEN);
		return false;
	}
	return true;
}
